"""Layout: a document's blocks -> statistics tables and paragraphs.

Every block becomes part of one stream of lines (a paragraph is a line of one cell, a grid gives
its rows); `recovery.py` finds the statistics tables in it. What is left of the text lines is
joined into paragraphs by the same rules for a PDF page and for a text file:
- geometry: a line continues the paragraph above unless it is indented, the line above ended
  short of the right margin, or a gap separates them (only where the text is wrapped at all);
- text nodes cut apart by a web page's inline markup (`三` / `、政府信息依申请公开工作情况`,
  `201` / `5年度`) are joined: a line that cannot start a paragraph (`、` `，` `）`) or follows
  one that cannot end one (a bare outline number, an opening bracket, a number cut off).
"""

from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass

import regex

from .model import Block, Cell, Document, Line, Paragraph, Table
from .normalize import fold
from .numbering import parse_numbering
from .recovery import RecoveredTable, StreamLine, recover, tokens_of
from .vocabulary import data_rows

_BARE_NUMBER_CHARS = 8  # `（二）`, `第一部分`: an outline number with no heading after it
_DIGITS_ONLY = regex.compile(r"^\d+$")
_STARTS_NUMBER_OR_HAN = regex.compile(r"^[\d\p{Han}]")
# Text is wrapped (a PDF page, `pdftotext -layout`, `w3m -dump`) when many of its long lines end
# at the same right margin; text nodes one per line (web page scrapes) are not.
_WRAPPED_SHARE = 0.25
_WRAPPED_MIN_LINES = 3


@dataclass
class Layout:
    """The document's statistics tables and its blocks with text lines turned into paragraphs."""

    tables: list[RecoveredTable]
    blocks: list[Block]


def lay_out(doc: Document) -> Layout:
    lines = stream(doc.blocks)
    tables = recover(lines)
    consumed: set[int] = set()
    for table in tables:
        consumed.update(lines[i].block for i in range(table.first_line, table.last_line + 1))
    return Layout(tables, _blocks(doc.blocks, consumed))


def stream(blocks: list[Block]) -> list[StreamLine]:
    """Every block as lines of tokens, in reading order."""
    out: list[StreamLine] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            for row in block.rows:
                out.append(StreamLine(tokens_of(row.cells, len(out), row.page, split=False), True, index))
        elif isinstance(block, Line):
            # a line of one cell is running text or a text node: its words are the tokens
            split = len(block.cells) == 1
            out.append(StreamLine(tokens_of(block.cells, len(out), block.page, split), block.ruled, index))
        else:
            cell = Cell(block.raw, block.text or fold(block.raw))
            out.append(StreamLine(tokens_of([cell], len(out), None, split=True), False, index))
    return out


def _blocks(blocks: list[Block], consumed: set[int]) -> list[Block]:
    """Paragraphs and grids stay; runs of text lines become paragraphs; lines that a statistics
    table took become one table block (its cells stay readable for the metadata)."""
    out: list[Block] = []
    run: list[Line] = []
    taken: list[Line] = []
    margins = Margins.of([b for i, b in enumerate(blocks) if isinstance(b, Line) and i not in consumed])
    for index, block in enumerate(blocks):
        if index in consumed and not isinstance(block, Table):
            out.extend(paragraphs(run, margins))
            run = []
            taken.append(block if isinstance(block, Line) else Line(block.raw, [Cell(block.raw, block.text)]))
            continue
        if taken:
            out.append(Table(taken))
            taken = []
        if isinstance(block, Line):
            run.append(block)
            continue
        out.extend(paragraphs(run, margins))
        run = []
        out.append(block)
    out.extend(paragraphs(run, margins))
    if taken:
        out.append(Table(taken))
    return out


@dataclass(frozen=True)
class Margins:
    """The text block's left and right edges and the body font size, over the whole document."""

    left: float
    right: float
    size: float
    wrapped: bool

    @staticmethod
    def of(lines: list[Line]) -> Margins:
        if not lines:
            return Margins(0.0, 0.0, 10.0, False)
        lefts = sorted(line.x0 for line in lines)
        rights = sorted(line.x1 for line in lines)
        left, right = lefts[len(lefts) // 20], rights[-1 - len(rights) // 20]
        size = statistics.median(line.size for line in lines)
        long = [line for line in lines if line.x1 - line.x0 > (right - left) / 2]
        full = [line for line in long if abs(line.x1 - right) <= 1.5 * size]
        beyond = [line for line in long if line.x1 > right + 1.5 * size]
        wrapped = len(full) >= max(_WRAPPED_MIN_LINES, _WRAPPED_SHARE * len(long)) and len(beyond) <= max(
            1, len(long) // 20
        )
        return Margins(left, right, size, wrapped)


def paragraphs(lines: list[Line], margins: Margins | None = None) -> list[Paragraph]:
    """Join wrapped lines and cut-apart text nodes into paragraphs (see module docstring), by the
    document's margins (those of `lines` when not given)."""
    if not lines:
        return []
    margins = margins or Margins.of(lines)
    parts: list[list[str]] = []
    previous: Line | None = None
    for line in lines:
        text = line.raw.strip()
        if not text:
            continue
        if previous is None or not _continues(previous, line, "".join(parts[-1]), margins):
            parts.append([text])
        else:
            parts[-1].append(text)
        previous = line
    return [Paragraph(raw="".join(p), text=fold("".join(p))) for p in parts]


@functools.cache
def _fragment_characters(role: str) -> str:
    """Characters that cannot start (`no_start`) or end (`no_end`) a paragraph (data/fragments.csv)."""
    return "".join(r["characters"] for r in data_rows("fragments.csv") if r["role"] == role)


def _continues(previous: Line, line: Line, previous_text: str, margins: Margins) -> bool:
    text = line.raw.strip()
    if text[0] in _fragment_characters("no_start") or previous_text[-1] in _fragment_characters("no_end"):
        return True
    if len(previous_text) <= _BARE_NUMBER_CHARS:
        folded = fold(previous_text)
        bare = parse_numbering(folded)
        if bare is not None and bare.prefix_len >= len(folded):
            return True
    if _DIGITS_ONLY.match(previous_text) and _STARTS_NUMBER_OR_HAN.match(text) and previous.page == line.page:
        return line.top - previous.bottom < 1.2 * margins.size
    if not margins.wrapped:
        return False
    size = margins.size
    return not (
        line.x0 > margins.left + 0.8 * size
        or previous.x1 < margins.right - 1.5 * size
        or line.top - previous.bottom > 1.2 * size
        or (line.page != previous.page and line.x0 > margins.left + 0.8 * size)
    )
