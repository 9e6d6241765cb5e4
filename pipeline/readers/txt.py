"""Plain-text reports: decode any common encoding, then lines -> paragraphs and tables.

Tables in text come in the forms web scrapers leave:
- pipe rows, `统 计 指 标 | 单位 | 统计数 |` (a trailing `|` closes the last cell; lines of bare pipes
  are filler; a row of one cell is `第二十条第(一)项 |`);
- one cell per line with no separators and empty cells gone (`lines` renderings): runs of short
  label lines followed by number lines are recovered as table rows.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import ClassVar

import charset_normalizer

from ..model import Block, Document, Paragraph, Table
from ..normalize import fold
from ..numbering import parse_numbering
from ..vocabulary import is_value
from .base import ReadError, ReadSettings

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_STRICT_TRY_ORDER = ("utf-8", "gb18030")
_MAX_CONTROL_SHARE = 0.02
# A recovered text table: label runs longer than this, or lines longer than this, end it.
_MAX_LABEL_RUN = 16
_MAX_LABEL_CHARS = 60


class TextReader:
    format: ClassVar[str] = "txt"

    def read(self, data: bytes, settings: ReadSettings) -> Document:
        if len(data) > settings.max_text_bytes:
            raise ReadError(
                f"file too large for a text report ({len(data) / 1e6:.1f} MB; "
                f"the limit is {settings.max_text_bytes / 1e6:.0f} MB)"
            )
        text, encoding, warnings = decode(data)
        lines = [line.strip() for line in text.splitlines()]
        return Document(
            blocks=lines_to_blocks(lines), source_format=self.format, encoding=encoding, warnings=warnings
        )


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Text, the encoding used, and warnings. BOM first, then strict UTF-8 and GB18030, then detection.

    Binary junk raises `ReadError`; text with a few bad bytes is decoded with replacements and a warning.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding), encoding, []
            except UnicodeDecodeError:
                break
    if b"\x00" not in data[:4096]:
        for encoding in _STRICT_TRY_ORDER:
            try:
                return _checked(data.decode(encoding), encoding), encoding, []
            except UnicodeDecodeError:
                continue
    best = charset_normalizer.from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        return _checked(text, best.encoding), best.encoding, []
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    _checked(text, "utf-8")
    return text, "utf-8", [f"{bad} undecodable bytes replaced (no encoding fits the whole file)"]


def _checked(text: str, encoding: str) -> str:
    """Refuse text that is mostly control characters: binary content with a text name."""
    sample = text[:200_000]
    if not sample.strip():
        raise ReadError("empty file (only whitespace)")
    control = sum(
        1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t\f"
    )
    if control / len(sample) > _MAX_CONTROL_SHARE:
        raise ReadError(f"binary content, not text ({control / len(sample):.0%} control bytes as {encoding})")
    return text


def _is_pipe_row(line: str) -> bool:
    return "|" in line


def _is_filler(line: str) -> bool:
    return not line.replace("|", "").strip()


def split_pipe_row(line: str) -> list[str]:
    """`a | 42 | |` -> ['a', '42', '']: a trailing pipe closes the last cell, a leading one opens
    the first."""
    line = line.strip()
    if line.endswith("|"):
        line = line[:-1]
    if line.startswith("|"):
        line = line[1:]
    return [cell.strip() for cell in line.split("|")]


def lines_to_blocks(lines: list[str]) -> list[Block]:
    """Group lines into paragraphs and tables in reading order."""
    blocks: list[Block] = []
    plain: list[str] = []
    i = 0
    while i < len(lines):
        if _is_pipe_row(lines[i]) and not _is_filler(lines[i]):
            blocks.extend(recover_text_tables(plain))
            plain = []
            rows = []
            while i < len(lines) and (_is_pipe_row(lines[i]) or not lines[i]):
                if not _is_filler(lines[i]):
                    rows.append(split_pipe_row(lines[i]))
                i += 1
            blocks.append(Table(raw=_regroup_single_cells(rows)))
            continue
        if lines[i] and not _is_filler(lines[i]):
            plain.append(lines[i])
        i += 1
    blocks.extend(recover_text_tables(plain))
    return blocks


def _regroup_single_cells(rows: list[list[str]]) -> list[list[str]]:
    """A table written one cell per line (`cell |`) becomes label + values rows."""
    single = sum(1 for row in rows if len(row) == 1)
    if len(rows) < 4 or single / len(rows) < 0.6:
        return rows
    cells = [cell for row in rows for cell in row]
    blocks = recover_text_tables(cells, min_values=1)
    return [row for block in blocks for row in (block.raw if isinstance(block, Table) else [[block.raw]])]


def recover_text_tables(lines: list[str], min_values: int = 6) -> list[Block]:
    """Paragraphs, with table rows recovered where label lines are followed by number lines.

    A row is a run of label lines (group label, row label, or the table's header lines before the
    first row) followed by a run of values. A report's own next outline heading (`三、...` when
    `二、` was the last one) that is not directly followed by values ends the table.
    """
    folded = [fold(line) for line in lines]
    values = [is_value(line) for line in folded]
    if sum(values) < min_values:
        return [Paragraph(raw=line) for line in lines]

    blocks: list[Block] = []
    outline = _OutlineTracker()
    table: list[list[str]] | None = None
    i = 0
    while i < len(lines):
        if values[i]:
            i += 1
            continue
        # A run of non-value lines [i, j), then values [j, k).
        j = i
        while j < len(lines) and not values[j]:
            j += 1
        k = j
        while k < len(lines) and values[k]:
            k += 1
        run = range(i, j)
        if table is not None and j - i <= _MAX_LABEL_RUN:
            cut = next((n for n in run if _ends_table(folded[n], n == j - 1 and k > j, outline)), None)
            if cut is None and k > j:
                table.append(lines[i:k])
                i = k
                continue
            blocks.append(Table(raw=table))
            table = None
        elif table is not None:
            blocks.append(Table(raw=table))
            table = None
        if k == j:  # no values follow: plain paragraphs to the end
            for n in run:
                outline.see(folded[n])
                blocks.append(Paragraph(raw=lines[n]))
            i = j
            continue
        start = j - 1  # the row label is always part of the table; walk back over header lines
        while start > i and _is_header_line(folded[start - 1]):
            start -= 1
        for n in range(i, start):
            outline.see(folded[n])
            blocks.append(Paragraph(raw=lines[n]))
        table = [lines[start:k]]
        i = k
    if table is not None:
        blocks.append(Table(raw=table))
    return blocks


def _is_header_line(line: str) -> bool:
    """A line above a table's first row that belongs to its header (a top-level heading does not)."""
    numbering = parse_numbering(line)
    top_level = numbering is not None and numbering.style in ("cn", "part")
    return len(line) <= _MAX_LABEL_CHARS and not line.endswith(("。", ";", ":")) and not top_level


def _ends_table(line: str, is_row_label: bool, outline: _OutlineTracker) -> bool:
    if is_row_label:
        return False
    return len(line) > _MAX_LABEL_CHARS or line.endswith("。") or outline.is_next(line)


class _OutlineTracker:
    """Follows the report's top-level numbering (一、 二、 ...) to tell headings from table labels."""

    def __init__(self) -> None:
        self.last = 0

    def is_next(self, line: str) -> bool:
        numbering = parse_numbering(line)
        return numbering is not None and numbering.style == "cn" and numbering.number == self.last + 1

    def see(self, line: str) -> None:
        if self.is_next(line):
            self.last += 1
