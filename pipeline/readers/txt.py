"""Plain-text reports: decode any common encoding, then every line as cells with positions.

A line's cells are what its rendering draws: box-drawing characters (`w3m -dump` tables: the cell
boundaries are drawn, so positions identify columns), pipes (`统 计 指 标 | 单位 | 统计数 |`, empty
cells kept) or runs of spaces (`pdftotext -layout`, aligned columns). Positions are display
columns, East Asian wide characters counting two, so a column stays where the eye sees it. Which
lines are tables is decided later, by the catalogue (`layout.py`), not here.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
from typing import ClassVar

import charset_normalizer
import regex

from ..model import Cell, Document, Line
from .base import ReadError, ReadSettings

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Big5 bytes mostly decode as GB18030 too, but into unassigned and private-use code points, which
# `checked_text` refuses: then Big5 is tried.
_STRICT_TRY_ORDER = ("utf-8", "gb18030", "big5")
_MAX_CONTROL_SHARE = 0.02
_CONTROL = regex.compile(r"(?![\r\n\t\f])[\p{Cc}\p{Co}\p{Cn}]")  # control, private-use, unassigned


class TextReader:
    format: ClassVar[str] = "txt"

    def read(self, data: bytes, settings: ReadSettings) -> Document:
        if len(data) > settings.max_text_bytes:
            raise ReadError(
                f"file too large for a text report ({len(data) / 1e6:.1f} MB; "
                f"the limit is {settings.max_text_bytes / 1e6:.0f} MB)"
            )
        text, encoding, warnings = decode(data)
        return Document(
            blocks=list(text_lines(text)), source_format=self.format, encoding=encoding, warnings=warnings
        )


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Text, the encoding used, and warnings. BOM first, then strict UTF-8 and GB18030, then detection.

    Binary junk raises `ReadError`; text with a few bad bytes is decoded with replacements and a warning.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return checked_text(data.decode(encoding), encoding), encoding, []
            except UnicodeDecodeError:
                break
    if b"\x00" not in data[:4096]:
        for encoding in _STRICT_TRY_ORDER:
            try:
                return checked_text(data.decode(encoding), encoding), encoding, []
            except (UnicodeDecodeError, ReadError):
                continue
    best = charset_normalizer.from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        return checked_text(text, best.encoding), best.encoding, []
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    checked_text(text, "utf-8")
    return text, "utf-8", [f"{bad} undecodable bytes replaced (no encoding fits the whole file)"]


def checked_text(text: str, encoding: str) -> str:
    """Refuse text that is mostly control characters: binary content with a text name."""
    sample = text[:200_000]
    if not sample.strip():
        raise ReadError("empty file (only whitespace)")
    control = len(_CONTROL.findall(sample))
    if control / len(sample) > _MAX_CONTROL_SHARE:
        raise ReadError(f"binary content, not text ({control / len(sample):.0%} control bytes as {encoding})")
    return text


# Text lines get the geometry of a page, in the units the paragraph builder uses for PDFs: a
# display column is half an em of a 10-point font, a line 15 points below the one above.
_COLUMN = 5.0
_PITCH = 15.0
_SIZE = 10.0
_BOX = regex.compile(r"[\u2500-\u257f]")
_WIDE = regex.compile(r"[\p{ea=W}\p{ea=F}]")
_COLUMN_GAP = regex.compile(r"\S {2,}\S")
_MIN_ALIGNED_LINES = 3
_ALIGNED_SHARE = 0.05
_WORD = regex.compile(r"\S+")


def display_width(text: str) -> int:
    """Columns a text takes on screen: East Asian wide and full-width characters count two."""
    return 2 * len(text) - len(_WIDE.sub("", text))


def split_pipe_row(line: str) -> list[str]:
    """`a | 42 | |` -> ['a', '42', '']: a trailing pipe closes the last cell, a leading one opens
    the first."""
    line = line.strip()
    if line.endswith("|"):
        line = line[:-1]
    if line.startswith("|"):
        line = line[1:]
    return [cell.strip() for cell in line.split("|")]


def text_lines(text: str) -> list[Line]:
    """Every non-empty line of a text as a `Line` of cells, with display positions where the text
    is laid out in columns (a scrape with one text node per line has none worth keeping)."""
    raws = [raw.rstrip() for raw in text.splitlines()]
    spaced = sum(1 for raw in raws if _COLUMN_GAP.search(raw))
    aligned = spaced >= max(_MIN_ALIGNED_LINES, _ALIGNED_SHARE * sum(1 for raw in raws if raw))
    out = []
    for number, raw in enumerate(raws):
        line = _line(raw, number, aligned)
        if line is not None:
            out.append(line)
    return out


def _line(raw: str, number: int, aligned: bool) -> Line | None:
    text = raw.strip()
    if not text:
        return None
    top = number * _PITCH
    x0 = display_width(raw[: len(raw) - len(raw.lstrip())]) * _COLUMN
    geometry = {
        "top": top,
        "bottom": top + _SIZE,
        "size": _SIZE,
        "x0": x0,
        "x1": x0 + display_width(text) * _COLUMN,
    }
    if _BOX.search(raw):
        cells = _segments(raw, _BOX)
        return Line(" ".join(c.raw for c in cells), cells, ruled=True, **geometry) if cells else None
    if "|" in raw:
        cells = [Cell(c) for c in split_pipe_row(raw)]
        if not any(c.raw for c in cells):
            return None  # a filler line of bare pipes
        return Line(text, cells, **geometry)
    return Line(text, _segments(raw, None) if aligned else [Cell(text)], **geometry)


def _segments(raw: str, separator: regex.Pattern[str] | None) -> list[Cell]:
    """Words (no separator) or the text between separators, each with its display columns."""
    columns = _Columns(raw)
    cells = []
    if separator is None:
        for m in _WORD.finditer(raw):
            cells.append(Cell(m[0], x0=columns[m.start()] * _COLUMN, x1=columns[m.end()] * _COLUMN))
        return cells
    bounds = [m.start() for m in separator.finditer(raw)]
    edges = [-1, *bounds, len(raw)]
    for left, right in itertools.pairwise(edges):
        segment = raw[left + 1 : right]
        if segment.strip():
            cells.append(Cell(segment.strip(), x0=columns[left + 1] * _COLUMN, x1=columns[right] * _COLUMN))
    return cells


class _Columns:
    """Display columns of positions in a text: a position plus the wide characters before it."""

    def __init__(self, text: str) -> None:
        self.wide = [m.start() for m in _WIDE.finditer(text)]

    def __getitem__(self, position: int) -> int:
        return position + bisect.bisect_left(self.wide, position)
