"""Where a report's article body starts and ends inside a document.

Web pages carry site menus above the title and footers below the article. The body starts after
the last title line before the first top-level heading and after the page furniture that follows
it (`来源：… 时间：… 微信 微博 QQ空间`, data file `page_chrome.txt`), and ends at the first
footer marker (`扫一扫在手机上查看...`, data file `body_end_markers.txt`).
"""

from __future__ import annotations

import functools

import regex

from .metadata import title_ending_at
from .model import Document, Paragraph
from .normalize import compact
from .numbering import parse_numbering
from .vocabulary import data_lines

_HEAD_BLOCKS = 150
_CHROME_VALUE_CHARS = 40  # what field values may add up to on a line of page furniture
_SENTENCE = regex.compile(r"[。，,；;！？]")


def body_span(doc: Document) -> tuple[int, int]:
    """(first, end) block indices of the article body; the whole document when nothing marks it."""
    start = 0
    for i, block in enumerate(doc.blocks[:_HEAD_BLOCKS]):
        if not isinstance(block, Paragraph):
            continue
        numbering = parse_numbering(block.text)
        if numbering and numbering.style in ("cn", "part") and numbering.number == 1:
            break
        if title_ending_at(doc.blocks, i + 1):
            start = i + 1
    while start < len(doc.blocks) and _is_chrome(doc.blocks[start]):
        start += 1
    markers = tuple(compact(marker) for marker in data_lines("body_end_markers.txt"))
    for end in range(start, len(doc.blocks)):
        block = doc.blocks[end]
        if isinstance(block, Paragraph) and block.text.replace(" ", "").startswith(markers):
            return start, end
    return start, len(doc.blocks)


def _is_chrome(block: object) -> bool:
    """A paragraph of page furniture: its words and info fields, and short field values
    (`来源：XX办公室时间：2022-02-08 16:34`), but no sentence."""
    if not isinstance(block, Paragraph):
        return False
    rest, found = _chrome_pattern().subn("", block.text)
    return found > 0 and len(rest.strip()) <= _CHROME_VALUE_CHARS and not _SENTENCE.search(rest)


@functools.cache
def _chrome_pattern() -> regex.Pattern[str]:
    words = sorted(data_lines("page_chrome.txt"), key=len, reverse=True)
    return regex.compile(
        "|".join(regex.escape(w[:-1]) + "[:：]" if w.endswith(":") else regex.escape(w) for w in words)
    )
