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


@dataclass
class Paragraph:
    """One paragraph (or line) of running text."""

    raw: str
    text: str = ""


@dataclass
class Table:
    """A table as a grid of cell strings, one list per row (rows may differ in length)."""

    raw: list[list[str]]
    text: list[list[str]] = field(default_factory=list)


Block = Paragraph | Table


@dataclass
class Document:
    """What a reader produced: blocks in reading order plus facts about the reading itself."""

    blocks: list[Block]
    source_format: str
    encoding: str = ""
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    page_title: str = ""  # what a web page says outside the article (meta tags, page header)
    page_date: str = ""  # e.g. `时间：2024-03-08 15:34`

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
    duplicate_of: str = ""
