"""Typed records that the stages exchange: read -> normalize -> metadata / sections / tables -> validate.

A reader turns a file into a `Document` of blocks in reading order; every later stage works on
that model, never on raw bytes. Each block keeps the text exactly as written (`raw`) beside a
normalised form (`text`) used for matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"
    SKIPPED = "skipped"  # read, but not a report (a README, a list of links, a blank template)


@dataclass
class Paragraph:
    """One paragraph of running text."""

    raw: str
    text: str = ""


@dataclass
class Cell:
    """A cell of a grid row, or a word of a line, with its horizontal extent where the rendering has one.

    `x0`/`x1` are grid column indices (web pages, Word: a merged cell spans several), display
    columns (column-aligned text, East Asian wide characters count two) or points (PDF); None
    where the rendering has no positions (one text node per line, pipe rows).
    """

    raw: str
    text: str = ""
    x0: float | None = None
    x1: float | None = None
    flags: tuple[str, ...] = ()  # how the text was read, when not plainly: `ocr`, `ocr_low_score`


@dataclass
class Line:
    """A visual line in reading order: a line of a text file or a PDF page, as cells with positions.

    The geometry (`top`, `bottom`, `size`, in points for PDFs, in scaled character units for text)
    is what wrapped lines are joined into paragraphs by. `ruled` says the cell boundaries were
    drawn (box-drawing characters), so positions identify columns exactly.
    """

    raw: str
    cells: list[Cell]
    page: int | None = None
    x0: float = 0.0  # where the line's text starts and ends
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 10.0
    ruled: bool = False


@dataclass
class Table:
    """A table grid from markup (web page, Word): rows of cells, each merged cell once with its span."""

    rows: list[Line]

    @property
    def cells(self) -> list[list[Cell]]:
        return [row.cells for row in self.rows]


Block = Paragraph | Line | Table


@dataclass
class Document:
    """What a reader produced: blocks in reading order plus facts about the reading itself.

    Readers give paragraphs and grids (web pages, Word) or lines (text, PDF); the layout stage
    turns lines into paragraphs and statistics tables.
    """

    blocks: list[Block]
    source_format: str
    encoding: str = ""
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    page_title: str = ""  # what a web page says outside the article (meta tags, page header)
    page_date: str = ""  # e.g. `时间：2024-03-08 15:34`
    ocr_pages: int = 0  # PDF pages read by OCR

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass
class Metadata:
    title: str = ""
    organization: str = ""
    report_year: int | None = None
    published_date: str = ""
    template: str = "unknown"
    contact: str = ""
    organization_full: str = ""  # the full official name, where the text gives one
    province: str = ""  # where the agency sits, from its name (`divisions.py`)
    city: str = ""
    county: str = ""
    level: str = ""  # ministry, province, city, county, township, department, zone or other


@dataclass
class Section:
    section_no: int
    level: int
    parent_no: int | None
    heading: str
    category: str
    text: str
    keywords: str = ""


@dataclass
class StatRow:
    table: str
    row_no: int
    indicator_id: str
    label_raw: str
    column: str
    unit: str
    value: float | None
    value_raw: str
    flags: list[str] = field(default_factory=list)
    page: int | None = None  # 1-based page of a PDF the value was read from


@dataclass
class Finding:
    rule: str
    severity: str
    indicator_id: str
    expected: str
    actual: str
    message: str


@dataclass
class ReportResult:
    """Everything the pipeline learned about one input file; never raises for bad input."""

    report_id: str
    source_path: str
    source_format: str
    status: Status
    error: str = ""
    encoding: str = ""
    metadata: Metadata = field(default_factory=Metadata)
    sections: list[Section] = field(default_factory=list)
    statistics: list[StatRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    ocr_pages: int = 0  # PDF pages read by OCR (scanned)
    source_size: int = -1  # the file as it was read (-1: not read); the manifest keeps these
    source_mtime_ns: int = -1
    messages: list[str] = field(default_factory=list)  # what libraries warned while reading it
    duplicate_of: str = ""  # an earlier file with the same bytes (set by the writer)
    same_report_as: str = ""  # an earlier file with the same organization, year and values (ditto)
