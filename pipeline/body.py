"""Where a report's article body starts and ends inside a document.

Web pages carry site menus above the title and footers below the article. The body starts after
the last title line before the first top-level heading and ends at the first footer marker
(`扫一扫在手机上查看...`, data file `body_end_markers.txt`).
"""

from __future__ import annotations

from .metadata import title_match
from .model import Document, Paragraph
from .normalize import compact
from .numbering import parse_numbering
from .vocabulary import data_lines

_HEAD_BLOCKS = 150


def body_span(doc: Document) -> tuple[int, int]:
    """(first, end) block indices of the article body; the whole document when nothing marks it."""
    start = 0
    for i, block in enumerate(doc.blocks[:_HEAD_BLOCKS]):
        if not isinstance(block, Paragraph):
            continue
        numbering = parse_numbering(block.text)
        if numbering and numbering.style in ("cn", "part") and numbering.number == 1:
            break
        if title_match(block.text):
            start = i + 1
    markers = tuple(compact(marker) for marker in data_lines("body_end_markers.txt"))
    for end in range(start, len(doc.blocks)):
        block = doc.blocks[end]
        if isinstance(block, Paragraph) and block.text.replace(" ", "").startswith(markers):
            return start, end
    return start, len(doc.blocks)
