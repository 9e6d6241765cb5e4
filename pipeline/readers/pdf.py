"""PDF reports with a text layer: ruled tables as grids, the text around them as paragraphs.

Per page, pdfplumber finds the ruled tables; merged cells are expanded from the cells' boxes, lines
inside a cell are joined (`商业企\\n业` -> `商业企业`, a label set one character per line becomes one
word). A "table" of one column is a framed text box and is read as text. Text outside tables is
read in order from top to bottom, and wrapped lines are joined into paragraphs by their geometry
(a new paragraph starts on an indented line, after a short line, or after a wide gap). Page
numbers (`- 1 -`, `第1页`) and lines repeated at the top or bottom of most pages are dropped. A
table that runs to the foot of a page and continues at the head of the next is joined into one.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

import pdfplumber
import regex
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from ..model import Block, Document, Paragraph, Table
from .base import ReadError, ReadSettings

_PAGE_NUMBER = regex.compile(r"^[-—–_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/共]\s*\d+\s*页?)?[-—–_\s]*$")
_CJK = r"[\p{Han}，。；：、（）《》“”‘’！？【】〔〕]"
_SPACE_NEAR_CJK = regex.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
_MARGIN_BAND = 0.08  # top and bottom share of the page where running headers and footers live
_EDGE_BAND = 0.25  # a table ending this close to the foot (starting this close to the head) may continue


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Placed:
    """A table or a text line with its page and vertical position, before paragraphs are built."""

    page: int
    top: float
    bottom: float
    page_height: float
    line: _Line | None = None
    grid: list[list[str]] | None = None


class PdfReader:
    format: ClassVar[str] = "pdf"

    def read(self, data: bytes, settings: ReadSettings) -> Document:
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except Exception as error:
            raise _open_error(error) from None
        with pdf:
            try:
                n_pages = len(pdf.pages)
            except Exception as error:
                raise ReadError(f"corrupt or truncated PDF (page tree: {type(error).__name__})") from None
            if n_pages > settings.max_pages:
                raise ReadError(f"too many pages for a report ({n_pages}; the limit is {settings.max_pages})")
            placed, has_text = [], False
            for number, page in enumerate(pdf.pages):
                try:
                    items, page_has_text = _read_page(page, number)
                except Exception as error:  # one bad page does not lose the others
                    raise ReadError(f"corrupt PDF page {number + 1} ({type(error).__name__})") from None
                placed.extend(items)
                has_text = has_text or page_has_text
        if not has_text:
            raise ReadError("no text layer (scanned image)")
        placed = _drop_running_lines(placed, n_pages)
        return Document(blocks=_blocks(placed), source_format=self.format, pages=n_pages)


def _open_error(error: Exception) -> ReadError:
    """A plain message for a PDF that pdfminer cannot open (pdfplumber wraps its exceptions)."""
    causes = [error, *error.args, error.__context__]
    if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
        return ReadError("encrypted PDF (a password is needed to open it)")
    cause = next((c for c in causes if isinstance(c, PDFSyntaxError | PSException)), error)
    detail = str(cause).strip() or type(cause).__name__
    return ReadError(f"corrupt or truncated PDF ({detail})")


def tidy(text: str) -> str:
    """Drop the spaces PDF text extraction puts next to Chinese characters (`2023 年` -> `2023年`)."""
    return _SPACE_NEAR_CJK.sub("", text).strip()


def _read_page(page: pdfplumber.page.Page, number: int) -> tuple[list[_Placed], bool]:
    height = float(page.height)
    items, boxes = [], []
    for table in page.find_tables():
        if not _is_grid(table):
            continue
        grid, lead = _grid(table)
        top = table.rows[lead].bbox[1]
        boxes.append((table.bbox[0], top, table.bbox[2], table.bbox[3]))
        items.append(_Placed(number, top, table.bbox[3], height, grid=grid[lead:]))

    def outside(obj: dict) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    has_text = bool(page.chars)
    text_page = page.filter(outside) if boxes else page
    for line in text_page.extract_text_lines(keep_blank_chars=False):
        text = tidy(line["text"])
        if not text or _PAGE_NUMBER.match(text):
            continue
        sizes = [c["size"] for c in line["chars"]] or [10.0]
        items.append(
            _Placed(
                number,
                line["top"],
                line["bottom"],
                height,
                line=_Line(
                    text, line["x0"], line["x1"], line["top"], line["bottom"], statistics.median(sizes)
                ),
            )
        )
    items.sort(key=lambda item: item.top)
    return items, has_text


def _is_grid(table: pdfplumber.table.Table) -> bool:
    """Two or more columns and rows; a one-column frame around text is not a table."""
    return len(table.rows) >= 2 and max(sum(1 for c in row.cells if c) for row in table.rows) >= 2


def _cell_text(text: str | None) -> str:
    return tidy((text or "").replace("\n", ""))


def _grid(table: pdfplumber.table.Table) -> tuple[list[list[str]], int]:
    """The table's text with merged cells expanded, and how many leading rows are not table rows.

    A position covered by a merged cell takes that cell's text (the smallest cell over the
    position's centre). Leading rows that are one cell across the whole width are text that a
    ruled frame drew into the table (`二、主动公开政府信息情况`): they are returned to the text.
    """
    texts = table.extract()
    width = max(len(row) for row in texts)
    starts = [
        min((row.cells[c][0] for row in table.rows if c < len(row.cells) and row.cells[c]), default=None)
        for c in range(width)
    ]
    edges = [*starts, table.bbox[2]]
    cells = [
        (cell, _cell_text(text))
        for row, row_texts in zip(table.rows, texts, strict=True)
        for cell, text in zip(row.cells, row_texts, strict=True)
        if cell is not None
    ]
    grid = []
    for r, row in enumerate(table.rows):
        y = (row.bbox[1] + row.bbox[3]) / 2
        out = []
        for c in range(width):
            text = texts[r][c] if c < len(texts[r]) else None
            if text is not None:
                out.append(_cell_text(text))
                continue
            if edges[c] is None:
                out.append("")
                continue
            right = next((e for e in edges[c + 1 :] if e is not None), table.bbox[2])
            x = (edges[c] + right) / 2
            covering = [(box, t) for box, t in cells if box[0] <= x <= box[2] and box[1] <= y <= box[3]]
            out.append(
                min(covering, key=lambda bt: (bt[0][2] - bt[0][0]) * (bt[0][3] - bt[0][1]))[1]
                if covering
                else ""
            )
        grid.append(out)
    lead = 0
    while lead < len(table.rows) - 1 and all(c is None for c in table.rows[lead].cells[1:]):
        lead += 1
    return grid, lead


def _drop_running_lines(items: list[_Placed], n_pages: int) -> list[_Placed]:
    """Lines near the top or bottom edge that recur on several pages are running headers/footers."""
    if n_pages < 3:
        return items

    def key(item: _Placed) -> str | None:
        if item.line is None:
            return None
        edge = (
            item.top < _MARGIN_BAND * item.page_height or item.bottom > (1 - _MARGIN_BAND) * item.page_height
        )
        return regex.sub(r"\d+", "#", item.line.text) if edge else None

    counts = Counter(k for k in map(key, items) if k)
    running = {k for k, n in counts.items() if n >= max(2, n_pages // 2)}
    return [item for item in items if key(item) not in running]


def _blocks(items: list[_Placed]) -> list[Block]:
    """Paragraphs from text lines, tables from grids; a table continued on the next page is joined."""
    blocks: list[Block] = []
    lines: list[_Line] = []
    last_table: _Placed | None = None
    margins = _Margins.of([item.line for item in items if item.line is not None])
    for item in items:
        if item.grid is not None:
            blocks.extend(_paragraphs(lines, margins))
            lines = []
            if (
                last_table is not None
                and _continues(last_table, item)
                and blocks
                and isinstance(blocks[-1], Table)
            ):
                blocks[-1].raw.extend(item.grid)
            else:
                blocks.append(Table(raw=item.grid))
            last_table = item
        else:
            assert item.line is not None
            lines.append(item.line)
            last_table = None
    blocks.extend(_paragraphs(lines, margins))
    return blocks


def _continues(previous: _Placed, table: _Placed) -> bool:
    return (
        table.page == previous.page + 1
        and previous.bottom > (1 - _EDGE_BAND) * previous.page_height
        and table.top < _EDGE_BAND * table.page_height
        and previous.grid is not None
        and table.grid is not None
        and len(previous.grid[0]) == len(table.grid[0])
    )


@dataclass(frozen=True)
class _Margins:
    """The text block's left and right edges and the body font size, over the whole document."""

    left: float
    right: float
    size: float

    @staticmethod
    def of(lines: list[_Line]) -> _Margins:
        if not lines:
            return _Margins(0.0, 0.0, 10.0)
        lefts = sorted(line.x0 for line in lines)
        rights = sorted(line.x1 for line in lines)
        return _Margins(
            lefts[len(lefts) // 20],
            rights[-1 - len(rights) // 20],
            statistics.median(line.size for line in lines),
        )


def _paragraphs(lines: list[_Line], margins: _Margins) -> list[Paragraph]:
    """Join wrapped lines: a paragraph ends after a short line, before an indented one, or at a gap."""
    if not lines:
        return []
    left, right, size = margins.left, margins.right, margins.size
    paragraphs: list[list[str]] = []
    previous: _Line | None = None
    for line in lines:
        new = (
            previous is None
            or line.x0 > left + 0.8 * size
            or previous.x1 < right - 1.5 * size
            or line.top - previous.bottom > 1.2 * size
        )
        if new:
            paragraphs.append([line.text])
        else:
            paragraphs[-1].append(line.text)
        previous = line
    return [Paragraph(raw="".join(parts)) for parts in paragraphs]
