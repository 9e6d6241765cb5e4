"""Outline numbers at the start of a heading: `一、` `(一)` `1.` `(1)` `①` `一是` `第一部分`.

Works on folded text (see `normalize.fold`), where full-width brackets are already ASCII.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .vocabulary import chinese_number

_CN = "[一二三四五六七八九十]+"
# (style, pattern, level); level 0 means "one below the enclosing heading" (the 一是 lists).
_STYLES: list[tuple[str, regex.Pattern[str], int]] = [
    ("part", regex.compile(rf"^第({_CN})部分[、.:,]?\s*"), 1),
    ("cn", regex.compile(rf"^({_CN})\s*[、.,]\s*"), 1),
    ("cn_paren", regex.compile(rf"^\(({_CN})\)\s*[、.]?\s*"), 2),
    ("digit", regex.compile(r"^(\d{1,2})\s*(?:[、]|\.(?!\d))\s*"), 3),
    ("digit_paren", regex.compile(r"^\((\d{1,2})\)\s*[、.]?\s*"), 4),
    ("circled", regex.compile(r"^([①-⑳])\s*"), 5),
    ("cn_shi", regex.compile(rf"^({_CN})是"), 0),
]


@dataclass(frozen=True)
class Numbering:
    style: str
    number: int
    level: int
    prefix_len: int


def parse_numbering(text: str) -> Numbering | None:
    """The outline number that starts `text`, or None. `(一)主动公开` -> cn_paren 1, level 2."""
    for style, pattern, level in _STYLES:
        m = pattern.match(text)
        if not m:
            continue
        token = m.group(1)
        number = ord(token) - ord("①") + 1 if style == "circled" else chinese_number(token)
        if number is None:
            continue
        # 一是 keeps its 是 in the heading text only when it is not a list marker; it always is here.
        return Numbering(style, number, level, m.end())
    return None
