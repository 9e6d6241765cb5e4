"""Hostile documents: files built to cost time and memory (huge spans, pages of a million objects).

Each generator returns the bytes of one file; `HOSTILE` names them all, for the tests and for a
manual run (`python tests/hostile.py FOLDER` writes them there). `mutate` changes a real file as a
fuzzer does (tests/test_hostile.py, bench/fuzz.py).
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SEED_TXT = PROJECT / "corpus" / "微山县科技局2016年政府信息公开工作年度报告.txt"
SEED_DOCX = SEED_TXT.with_suffix(".docx")


def pdf_of_pages(streams: list[bytes]) -> bytes:
    """A valid PDF, one page per content stream, with Helvetica as font /F1."""
    n = len(streams)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (n, b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, stream in enumerate(streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_many_rects(count: int = 200_000) -> bytes:
    """One page of `count` tiny filled rectangles."""
    ops = b"".join(b"%d %d 1 1 re f\n" % (20 + i % 550, 20 + (i // 550) % 800) for i in range(count))
    return pdf_of_pages([ops])


def pdf_many_segments(count: int = 200_000) -> bytes:
    """One page of `count` short stroked line segments."""
    ops = b"".join(
        b"%d %d m %d %d l S\n" % (20 + i % 550, 20 + (i // 550) % 800, 21 + i % 550, 20 + (i // 550) % 800)
        for i in range(count)
    )
    return pdf_of_pages([ops])


def pdf_million_characters() -> bytes:
    """One page whose text is a million characters (lines of 1,000 characters, overprinted)."""
    line = b"(" + b"1" * 1000 + b") Tj 0 -1 Td\n"
    return pdf_of_pages([b"BT /F1 1 Tf 10 800 Td\n" + line * 1000 + b"ET"])


def pdf_many_pages(pages: int = 499) -> bytes:
    """`pages` pages of 40 lines of text each, different on every page."""
    streams = []
    for page in range(pages):
        lines = b"".join(
            b"(%s) Tj 0 -14 Td\n" % hashlib.sha256(b"%d-%d" % (page, n)).hexdigest().encode()
            for n in range(40)
        )
        streams.append(b"BT /F1 10 Tf 50 800 Td\n" + lines + b"ET")
    return pdf_of_pages(streams)


def docx_with_body(body: str) -> bytes:
    """The seed .docx with its document body replaced by `body` (WordprocessingML)."""
    with zipfile.ZipFile(SEED_DOCX) as seed:
        parts = {name: seed.read(name) for name in seed.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    start, end = document.index("<w:body>") + len("<w:body>"), document.index("</w:body>")
    parts["word/document.xml"] = (document[:start] + body + document[end:]).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def w_cell(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def docx_huge_grid_span(span: int = 1_000_000) -> bytes:
    """A Word table whose cells claim to span a million grid columns."""
    row = "<w:tr>" + w_cell("收到申请数", f'<w:gridSpan w:val="{span}"/>') + w_cell("5") + "</w:tr>"
    return docx_with_body("<w:p><w:r><w:t>2016年度报告</w:t></w:r></w:p><w:tbl>" + row * 50 + "</w:tbl>")


def docx_long_vmerge(rows: int = 5_000) -> bytes:
    """A Word table whose first column is one vertically merged cell over `rows` rows."""
    first = "<w:tr>" + w_cell("申请", '<w:vMerge w:val="restart"/>') + w_cell("1") + "</w:tr>"
    rest = ("<w:tr>" + w_cell("", "<w:vMerge/>") + w_cell("2") + "</w:tr>") * (rows - 1)
    return docx_with_body("<w:tbl>" + first + rest + "</w:tbl>")


def html_huge_spans(span: int = 1_000_000) -> bytes:
    """A web page table with colspan and rowspan of a million."""
    row = f'<tr><td colspan="{span}" rowspan="{span}">收到申请数</td><td>5</td></tr>'
    return f"<html><body><p>某县2016年政府信息公开工作年度报告</p><table>{row * 50}</table></body></html>".encode()


def html_fifty_mb_of_spans() -> bytes:
    """A 50 MB web page of tiny nested spans."""
    return b"<html><body><p>" + b"<span>\xe5\x85\xac</span>" * 2_500_000 + b"</p></body></html>"


def txt_one_huge_line() -> bytes:
    """5 MB of text on one line."""
    return ("政府信息公开" * 277_778).encode("utf-8")


def txt_endless_numeral() -> bytes:
    """A heading numbered with 5,000 Chinese digits, then the seed report."""
    return ("一" * 5000 + "、总体情况\n").encode("utf-8") + SEED_TXT.read_bytes()


HOSTILE: dict[str, Callable[[], bytes]] = {
    "rects.pdf": pdf_many_rects,
    "segments.pdf": pdf_many_segments,
    "million-characters.pdf": pdf_million_characters,
    "499-pages.pdf": pdf_many_pages,
    "grid-span.docx": docx_huge_grid_span,
    "vmerge.docx": docx_long_vmerge,
    "spans.html": html_huge_spans,
    "50mb.html": html_fifty_mb_of_spans,
    "one-line.txt": txt_one_huge_line,
    "numeral.txt": txt_endless_numeral,
}


MUTATIONS = ("truncate", "flip", "delete", "duplicate", "inflate", "repeat", "inflate inside")


def mutate(data: bytes, rng: random.Random, kind: str | None = None) -> bytes:
    """`data` truncated, with bytes flipped, deleted or duplicated, every number inflated, or
    repeated; `inflate inside` inflates the numbers of a Word file's XML (spans, sizes, counts)
    and zips it again. `kind` is one of `MUTATIONS`, chosen by `rng` when None."""
    kind = kind or rng.choice(MUTATIONS)
    at = rng.randrange(len(data))
    if kind == "truncate":
        return data[:at]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 200)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == "delete":
        return data[:at] + data[at + rng.randint(1, 5000) :]
    if kind == "duplicate":
        return data[:at] + data[at : at + rng.randint(1, 5000)] * rng.randint(2, 50) + data[at:]
    if kind == "inflate":  # every number in the file made huge (spans, sizes, counts, offsets)
        return _inflate(data, rng)
    if kind == "inflate inside" and data.startswith(b"PK"):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                body = source.read(item)
                target.writestr(item, _inflate(body, rng) if item.filename.endswith(".xml") else body)
        return out.getvalue()
    return data * rng.randint(2, 20)


def _inflate(data: bytes, rng: random.Random) -> bytes:
    return re.sub(rb"\d+", lambda m: b"9" * rng.randint(len(m.group()), max(12, len(m.group()))), data)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in HOSTILE.items():
        (folder / name).write_bytes(make())
