"""Scanned PDFs made from real PDFs, as agencies publish them (tests and `make bench` use them):

- `image_only_pdf`: every page rendered to a grey image and written back as a PDF of images (a
  scan: no text layer);
- `tables_as_pictures`: on every page with drawn lines, the area they span (the tables) rendered to
  a picture that replaces the text and lines there (a report whose tables were pasted as images).

`agreement` compares what a run read from such files with the text layer's reading of the real
PDFs. `python tests/scans.py IN.pdf OUT.pdf [--tables]`.
"""

from __future__ import annotations

import csv
import ctypes
import io
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DPI = 200


def image_only_pdf(data: bytes, dpi: int = DPI) -> bytes:
    """The PDF `data` with each page replaced by a picture of it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    pdf.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def tables_as_pictures(data: bytes, dpi: int = DPI) -> bytes:
    """The PDF `data` with the area its drawn lines span on each page (the tables) replaced by a
    picture of that area; the text around it stays text."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    scale = dpi / 72
    kept_text = []
    for page in pdf:
        objects = list(page.get_objects())
        lines = [o.get_bounds() for o in objects if o.type == raw.FPDF_PAGEOBJ_PATH]
        if not lines:
            continue
        left, bottom = min(b[0] for b in lines), min(b[1] for b in lines)
        right, top = max(b[2] for b in lines), max(b[3] for b in lines)
        inside: list = []
        while True:  # text that runs over the area's edge goes into the picture whole
            more = [
                o for o in objects if o not in inside and _overlaps(o.get_bounds(), left, bottom, right, top)
            ]
            if not more:
                break
            inside += more
            for x0, y0, x1, y1 in (o.get_bounds() for o in more):
                left, bottom, right, top = min(left, x0), min(bottom, y0), max(right, x1), max(top, y1)
        page_left, _, _, page_top = page.get_cropbox()
        picture = page.render(scale=scale, grayscale=True).to_pil()
        picture = picture.crop(
            (
                int((left - page_left) * scale),
                int((page_top - top) * scale),
                int((right - page_left) * scale) + 1,
                int((page_top - bottom) * scale) + 1,
            )
        )
        kept_text.append(_texts(page, [o for o in objects if o not in inside]))
        for obj in inside:
            page.remove_obj(obj)
        image = pdfium.PdfImage.new(pdf)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(picture.convert("RGB")))
        image.set_matrix(pdfium.PdfMatrix().scale(right - left, top - bottom).translate(left, bottom))
        page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    # PDFium writes some fonts' text back with other codes (the page's text changes): refuse those
    changed = pdfium.PdfDocument(out.getvalue())
    pictured = [page for page in changed if any(o.type == raw.FPDF_PAGEOBJ_IMAGE for o in page.get_objects())]
    if [_texts(page, list(page.get_objects())) for page in pictured] != kept_text:
        raise ValueError("PDFium rewrote the text of this PDF's pages with other character codes")
    return out.getvalue()


def _texts(page, objects) -> list[str]:
    """The text of each text object among `objects`."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    found = []
    for obj in objects:
        if obj.type == raw.FPDF_PAGEOBJ_TEXT:
            size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)  # bytes of UTF-16
            buffer = (ctypes.c_ushort * (size // 2))()
            raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
            found.append(bytes(buffer).decode("utf-16-le").rstrip("\x00"))
    return found


def _overlaps(bounds: tuple[float, ...], left: float, bottom: float, right: float, top: float) -> bool:
    x0, y0, x1, y1 = bounds
    return x0 < right and x1 > left and y0 < top and y1 > bottom


@dataclass
class Agreement:
    """How a file read by OCR compares with the text layer's reading of the same report."""

    status: str
    ocr_pages: int
    organization: bool
    report_year: bool
    sections: bool  # the same headings (compared in NFKC: OCR may read `,` as `，`) and categories
    values: int  # the text layer's values that OCR read the same, in the same table, row and column
    expected: int  # the text layer's values
    flagged: bool  # every value read by OCR carries the flag `ocr`
    silent: int  # values OCR read otherwise than the text layer without the flag `ocr_low_score`


def agreement(out: Path, references: dict) -> dict[str, Agreement]:
    """For each file of the run in `out` named in `references` (source_path -> the `ReportResult`
    of the real PDF), how its outputs agree with the reference."""

    def rows(name: str) -> list[dict[str, str]]:
        with open(out / name, encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))

    reports = {r["source_path"]: r for r in rows("reports.csv")}
    by_report: dict[str, dict[str, list]] = {}
    for table in ("sections.csv", "statistics.csv"):
        for row in rows(table):
            by_report.setdefault(row["report_id"], {}).setdefault(table, []).append(row)
    found = {}
    for path, reference in references.items():
        report = reports[path]
        mine = by_report.get(report["report_id"], {})
        sections = [(_nfkc(r["heading"]), r["category"]) for r in mine.get("sections.csv", [])]
        statistics = mine.get("statistics.csv", [])
        expected = Counter(
            (s.table, s.indicator_id, s.column, s.value) for s in reference.statistics if s.value is not None
        )
        got = Counter(
            (r["table"], r["indicator_id"], r["column"], float(r["value"])) for r in statistics if r["value"]
        )
        right = {cell[:3]: cell[3] for cell in expected}
        found[path] = Agreement(
            report["status"],
            int(report["ocr_pages"] or 0),
            report["organization"] == reference.metadata.organization,
            report["report_year"] == str(reference.metadata.report_year),
            sections == [(_nfkc(s.heading), s.category) for s in reference.sections],
            sum((expected & got).values()),
            sum(expected.values()),
            all("ocr" in r["flags"].split(";") for r in statistics if r["value"]),
            sum(1 for r in statistics if _misread(r, right) and "ocr_low_score" not in r["flags"].split(";")),
        )
    return found


def _misread(row: dict[str, str], right: dict[tuple[str, str, str], float]) -> bool:
    """A value of a statistics.csv row that the text layer gives otherwise."""
    cell = (row["table"], row["indicator_id"], row["column"])
    return bool(row["value"]) and cell in right and right[cell] != float(row["value"])


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


if __name__ == "__main__":
    make = tables_as_pictures if "--tables" in sys.argv else image_only_pdf
    source, target = (a for a in sys.argv[1:] if a != "--tables")
    Path(target).write_bytes(make(Path(source).read_bytes()))
