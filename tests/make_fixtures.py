"""Generate the seed report as .docx and .pdf, and bad files of every format, from the seed .txt.

    .venv/bin/python tests/make_fixtures.py        (also: make fixtures)

The seed text is read with the pipeline's own text reader; its paragraphs and its statistics table
are written as a Word file with a real Word table (python-docx) and as a PDF with a ruled table and
a CJK font (reportlab's built-in STSong-Light, no font file needed). Outputs:
- corpus/<seed>.docx, corpus/<seed>.pdf: the same report as the .txt, for the cross-format test;
- tests/fixtures/bad/: truncated, encrypted, scanned (no text layer) and mislabelled files, and,
  when LibreOffice is installed, the seed as old-format .doc.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from pipeline.model import Document, Paragraph, Table  # noqa: E402
from pipeline.readers import ReadSettings  # noqa: E402
from pipeline.readers.txt import TextReader  # noqa: E402

SEED = PROJECT / "corpus" / "微山县科技局2016年政府信息公开工作年度报告.txt"
BAD = PROJECT / "tests" / "fixtures" / "bad"


def seed_document() -> Document:
    return TextReader().read(SEED.read_bytes(), ReadSettings())


def write_docx(doc: Document, path: Path) -> None:
    import docx
    from docx.shared import Pt

    word = docx.Document()
    word.styles["Normal"].font.size = Pt(12)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            word.add_paragraph(block.raw)
        else:
            width = max(len(row) for row in block.raw)
            table = word.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for row in block.raw:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=False):
                    cell.text = text
    word.add_paragraph("")  # Word always ends a body with a paragraph; LibreOffice drops a final table
    word.core_properties.created = datetime.datetime(2017, 2, 23)
    word.core_properties.modified = datetime.datetime(2017, 2, 23)
    word.save(str(path))


def cjk_styles(body_size: float, cell_size: float) -> tuple:
    """Paragraph styles for body text (first line indented two characters) and table cells, in
    reportlab's built-in Chinese font STSong-Light (no font file needed)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body",
        fontName="STSong-Light",
        fontSize=body_size,
        leading=body_size * 1.65,
        firstLineIndent=body_size * 2,
        wordWrap="CJK",
        spaceAfter=4,
    )
    cell = ParagraphStyle(
        "cell", fontName="STSong-Light", fontSize=cell_size, leading=cell_size * 1.3, wordWrap="CJK"
    )
    return body, cell


def _pdf_story(doc: Document) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    body, cell = cjk_styles(12, 9)
    story = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            story.append(PdfParagraph(block.raw, body))
        elif isinstance(block, Table):
            width = max(len(row) for row in block.raw)
            rows = [
                [PdfParagraph(text, cell) for text in row] + [""] * (width - len(row)) for row in block.raw
            ]
            table = PdfTable(rows, colWidths=[300] + [70] * (width - 1), repeatRows=1)
            table.setStyle(
                TableStyle(
                    [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
                )
            )
            story.append(table)
    return story


def write_pdf(doc: Document, path: Path, encrypt: str | None = None) -> None:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    rl_config.invariant = 1  # no timestamps or random ids: the same bytes on every run
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, encrypt=encrypt, title="", author="").build(_pdf_story(doc))
    path.write_bytes(out.getvalue())


def write_scanned_pdf(path: Path) -> None:
    """A PDF page with only a picture (a grey box) on it: what a scan without OCR looks like."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFillGray(0.6)
    page.rect(72, 72, 400, 600, fill=1, stroke=0)
    page.showPage()
    page.save()
    path.write_bytes(out.getvalue())


def write_doc_with_libreoffice(docx_path: Path, doc_path: Path) -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice not installed: no .doc fixture written", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                folder,
                str(docx_path),
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
        made = Path(folder) / f"{docx_path.stem}.doc"
        if not made.exists():
            print("LibreOffice did not convert: no .doc fixture written", file=sys.stderr)
            return False
        shutil.copy(made, doc_path)
    return True


def main() -> None:
    doc = seed_document()
    docx_path, pdf_path = SEED.with_suffix(".docx"), SEED.with_suffix(".pdf")
    write_docx(doc, docx_path)
    write_pdf(doc, pdf_path)
    BAD.mkdir(parents=True, exist_ok=True)
    docx_bytes, pdf_bytes = docx_path.read_bytes(), pdf_path.read_bytes()
    (BAD / "truncated.pdf").write_bytes(pdf_bytes[: len(pdf_bytes) // 3])
    (BAD / "truncated.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    (BAD / "word-named.pdf").write_bytes(docx_bytes)
    (BAD / "page-named.doc").write_bytes(
        b"<html><head><meta charset='utf-8'></head><body><p>"
        + "一、总体情况</p><p>2020年,本机关主动公开信息10条。".encode()
        + b"</p></body></html>"
    )
    (BAD / "garbage.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    (BAD / "garbage.html").write_bytes(b"<html><body>" + bytes(range(1, 32)) * 50 + b"</body></html>")
    write_pdf(doc, BAD / "encrypted.pdf", encrypt="secret")
    write_scanned_pdf(BAD / "scanned.pdf")
    write_doc_with_libreoffice(docx_path, BAD.parent / "seed.doc")
    print(f"wrote {docx_path.name}, {pdf_path.name} and {len(list(BAD.iterdir()))} bad files")


if __name__ == "__main__":
    main()
