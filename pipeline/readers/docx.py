"""Word (.docx) reports: paragraphs and tables in the body's order, merged cells expanded.

Headings numbered by Word's list numbering (`w:numPr`) rather than typed get their number back
(`一、` `(一)` `1.`), rendered from the numbering definitions the way Word shows them. Page headers,
footers, comments and deleted text are not part of the body and are left out. A zip that would
expand far beyond its size (a zip bomb) is refused before it is opened.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import ClassVar

import docx
import docx.opc.exceptions
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from lxml import etree

from ..model import Block, Cell, Document, Line, Paragraph, Table
from ..vocabulary import chinese_numeral
from .base import ReadError, ReadSettings

_MAX_EXPANSION = 200  # uncompressed / compressed


class DocxReader:
    format: ClassVar[str] = "docx"

    def read(self, data: bytes, settings: ReadSettings) -> Document:
        _check_zip(data, settings)
        try:
            word = docx.Document(io.BytesIO(data))
        except (
            zipfile.BadZipFile,
            docx.opc.exceptions.PackageNotFoundError,
            KeyError,
            etree.XMLSyntaxError,
            ValueError,
        ) as error:
            raise ReadError(f"corrupt or truncated Word file ({type(error).__name__})") from None
        numbering = _Numbering(word)
        blocks: list[Block] = []
        for element in _body_elements(word.element.body):
            if element.tag == qn("w:p"):
                text = _paragraph_text(element)
                prefix = numbering.prefix(element, word)
                if text.strip():
                    blocks.append(Paragraph(raw=prefix + text.strip()))
            elif element.tag == qn("w:tbl"):
                grid = table_grid(WordTable(element, word._body))
                if any(cell.raw for row in grid.rows for cell in row.cells):
                    blocks.append(grid)
        if not blocks:
            raise ReadError("no text found in the Word file")
        return Document(blocks=blocks, source_format=self.format)


def _check_zip(data: bytes, settings: ReadSettings) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ReadError("corrupt or truncated Word file (not a readable zip archive)") from None
    if expanded > settings.max_binary_bytes or expanded > _MAX_EXPANSION * max(len(data), 1):
        raise ReadError(f"Word file expands to {expanded / 1e6:.0f} MB (a zip bomb?); not opened")


def _body_elements(body: etree._Element):
    """Paragraphs and tables in order, looking inside content controls (`w:sdt`)."""
    for child in body.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content)


def _paragraph_text(p: etree._Element) -> str:
    """Visible text: runs, hyperlinks and insertions; tabs and breaks as spaces and newlines."""
    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs joined without spaces (`商业` / `企业` -> `商业企业`)."""
    return "".join(_paragraph_text(p) for p in tc.iter(qn("w:p"))).replace("\n", "").strip()


def table_grid(table: WordTable) -> Table:
    """Rows of cells, each merged cell once with the grid columns it spans: gridSpan repeats a
    cell across a row, vMerge continues the cell above."""
    rows: list[Line] = []
    above: list[object] = []
    for row in table.rows:
        try:
            tcs = [cell._tc for cell in row.cells]
        except (IndexError, ValueError):  # malformed merges: the cells as written
            tcs = list(row._tr.tc_lst)
        cells: list[Cell] = []
        last = None
        for column, tc in enumerate(tcs):
            if column < len(above) and above[column] is tc:
                continue  # continues the cell above
            if tc is last:
                cells[-1].x1 = column + 1
                continue
            cells.append(Cell(_cell_text(tc), x0=column, x1=column + 1))
            last = tc
        above = tcs
        rows.append(Line(" | ".join(c.raw for c in cells), cells, ruled=True))
    return Table(rows)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Word list numbering: renders `%1、` with a counter per list and level, as Word displays it."""

    word: object
    levels: dict[tuple[str, int], _Level] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            root = self.word.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.iterfind(qn("w:abstractNum")):
            levels = {}
            for lvl in a.iterfind(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
                    fmt=_val(lvl, "w:numFmt") or "decimal",
                    text=_val(lvl, "w:lvlText") or "",
                    start=int(_val(lvl, "w:start") or "1"),
                )
            abstract[a.get(qn("w:abstractNumId"))] = levels
        for num in root.iterfind(qn("w:num")):
            levels = abstract.get(_val(num, "w:abstractNumId"), {})
            for ilvl, level in levels.items():
                self.levels[(num.get(qn("w:numId")), ilvl)] = level

    def prefix(self, p: etree._Element, word: object) -> str:
        num_id, ilvl = _num_pr(p, word)
        if num_id is None or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        level = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else level.start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        text = level.text
        for n in range(ilvl, -1, -1):
            shown = self.levels.get((num_id, n), level)
            text = text.replace(f"%{n + 1}", _render(counters[n] or shown.start, shown.fmt))
        return text if level.fmt != "bullet" else ""


def _val(element: etree._Element, path: str) -> str | None:
    node = element.find(qn(path))
    return node.get(qn("w:val")) if node is not None else None


def _num_pr(p: etree._Element, word: object) -> tuple[str | None, int]:
    """The paragraph's list (numId, level), from the paragraph or else from its style."""
    num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        style_id = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style_id is not None:
            try:
                style = word.styles.element.get_by_id(style_id.get(qn("w:val")))  # type: ignore[attr-defined]
            except (KeyError, AttributeError):
                style = None
            if style is not None:
                num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return None, 0
    num_id = _val(num_pr, "w:numId")
    return (None if num_id in (None, "0") else num_id), int(_val(num_pr, "w:ilvl") or "0")


def _render(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting"):
        return chinese_numeral(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(ord("①") + n - 1)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    return str(n)
