"""Word (.docx) reports: paragraphs and tables in the body's order, merged cells expanded.

Headings numbered by Word's list numbering (`w:numPr`) rather than typed get their number back
(`一、` `(一)` `1.`), rendered from the numbering definitions the way Word shows them. Page headers,
footers, comments and deleted text are not part of the body and are left out. A zip that would
expand far beyond its size (a zip bomb) is refused before it is opened.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import ClassVar

import docx
import docx.opc.exceptions
from docx.oxml.ns import qn
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
        except Exception as error:  # python-docx on a damaged package: many kinds, none in plain words
            raise ReadError(f"the Word file is damaged: {_damage(error)}") from None
        numbering = _Numbering(word)
        blocks: list[Block] = []
        warnings: list[str] = []
        for element in _body_elements(word.element.body):
            if element.tag == qn("w:p"):
                text = _paragraph_text(element)
                prefix = numbering.prefix(element, word)
                if text.strip():
                    blocks.append(Paragraph(raw=prefix + text.strip()))
            elif element.tag == qn("w:tbl"):
                grid = table_grid(element, settings, warnings)
                if any(cell.raw for row in grid.rows for cell in row.cells):
                    blocks.append(grid)
        if not blocks:
            raise ReadError("no text found in the Word file")
        return Document(blocks=blocks, source_format=self.format, warnings=warnings)


def _damage(error: Exception) -> str:
    """What is damaged in a Word package, from the error python-docx raised opening it."""
    if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError):
        return "not a readable zip archive"
    if isinstance(error, docx.opc.exceptions.PackageNotFoundError):
        return "it has no Word document part"
    if isinstance(error, KeyError):
        return f"a part it refers to is missing ({error})"
    if isinstance(error, etree.XMLSyntaxError):
        return f"its XML is malformed ({error})"
    return "its relationships or content types are broken"


def _check_zip(data: bytes, settings: ReadSettings) -> None:
    """Refuse a zip bomb and a body of more elements than `settings.max_markup_tags`, unparsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if expanded > settings.max_binary_bytes or expanded > _MAX_EXPANSION * max(len(data), 1):
                raise ReadError(f"Word file expands to {expanded / 1e6:.0f} MB (a zip bomb?); not opened")
            tags = (
                archive.read("word/document.xml").count(b"<")
                if "word/document.xml" in archive.namelist()
                else 0
            )
    except ReadError:
        raise
    except Exception:  # zipfile on a damaged archive: BadZipFile, zlib.error, EOFError, ValueError...
        raise ReadError("corrupt or truncated Word file (not a readable zip archive)") from None
    if tags > settings.max_markup_tags:
        raise ReadError(
            f"the Word document has {tags:,} elements (the limit is {settings.max_markup_tags:,}); not read"
        )


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


def table_grid(tbl: etree._Element, settings: ReadSettings, warnings: list[str]) -> Table:
    """Rows of cells, each merged cell once with the grid columns it spans: `gridSpan` widens a
    cell (capped at the table's own grid, `w:tblGrid`), `vMerge` continues the cell above.
    Rows past `settings.max_table_rows` and cells past `settings.max_table_columns` grid columns
    are cut, with a warning."""
    # the table's own grid; without one, its widest row of cells: no span reaches past either
    width = len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")) or max(
        (len(tr.findall(qn("w:tc"))) for tr in tbl.iterchildren(qn("w:tr"))), default=1
    )
    width = min(width, settings.max_table_columns)
    rows: list[Line] = []
    above: dict[int, Cell] = {}  # grid column -> the cell holding it in the row above
    for tr in tbl.iterchildren(qn("w:tr")):
        if len(rows) == settings.max_table_rows:
            warnings.append(f"a Word table has more than {settings.max_table_rows} rows: cut there")
            break
        cells: list[Cell] = []
        holding: dict[int, Cell] = {}
        column = _int(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0, width)
        for tc in tr.iterchildren(qn("w:tc")):
            if column >= settings.max_table_columns:
                note = f"a Word table row has more than {settings.max_table_columns} columns: cut there"
                warnings.extend([note] if note not in warnings else [])
                break
            properties = tc.find(qn("w:tcPr"))
            span = _int(None if properties is None else properties.find(qn("w:gridSpan")), 1, width)
            span = min(span, settings.max_table_columns - column)
            merge = None if properties is None else properties.find(qn("w:vMerge"))
            if merge is not None and merge.get(qn("w:val"), "continue") == "continue" and column in above:
                cell = above[column]  # continues the cell above: not repeated
            else:
                cell = Cell(_cell_text(tc), x0=column, x1=column + span)
                cells.append(cell)
            for c in range(column, column + span):
                holding[c] = cell
            column += span
        above = holding
        rows.append(Line(" | ".join(c.raw for c in cells), cells, ruled=True))
    return Table(rows)


def _int(node: etree._Element | None, default: int, most: int) -> int:
    """A `w:val` count between 1 (0 for the default 0) and `most`; damaged values give the default."""
    try:
        value = int(node.get(qn("w:val"))) if node is not None else default
    except (TypeError, ValueError):
        value = default
    return max(min(value, most), min(default, 1))


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
