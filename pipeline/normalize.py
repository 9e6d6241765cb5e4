"""Normalise text for matching; the original text is kept beside it by the caller.

`fold("（一）主動公開")` -> `"(一)主动公开"`: full-width forms to ASCII (NFKC), ideographic and
no-break spaces to plain spaces, zero-width characters removed, traditional characters to
simplified (OpenCC), CR/LF runs inside a string to one space.
"""

from __future__ import annotations

import functools
import unicodedata

import opencc
import regex

from .model import Document, Paragraph, Table

_CJK = r"[\p{Han}，。；：、（）《》“”‘’！？【】〔〕]"
_SPACE_NEAR_CJK = regex.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
_ZERO_WIDTH = regex.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = regex.compile(r"[ \t\u00a0\u3000\r\n]+")
# Text that carries none: pdfminer's `(cid:N)` and the raw control codes PDFium give for a glyph
# without a Unicode mapping, U+FFFD for bytes that did not decode, private-use code points of
# custom fonts.
UNREADABLE = regex.compile(r"\(cid:\d+\)|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\p{Co}]")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified, in one pass of OpenCC's compiled converter (its phrase
    tables leave simplified text as it is: 显著, 干部, 皇后)."""
    return _t2s().convert(text)


def fold(text: str) -> str:
    """The matching form of a string (see module docstring); whitespace kept but collapsed."""
    return _fold_short(text) if len(text) <= _CACHED_CHARS else _fold(text)


_CACHED_CHARS = 64  # labels and cells repeat across documents; running text does not


@functools.lru_cache(maxsize=1 << 16)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub(" ", text).strip()
    return to_simplified(text)


def compact(text: str) -> str:
    """`fold` without any whitespace: for comparing labels such as `统 计 指 标`."""
    return fold(text).replace(" ", "")


def normalize_document(doc: Document) -> Document:
    """Fill the `text` field of every block and cell with the folded form of its `raw` text."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            block.text = fold(block.raw)
            continue
        for line in block.rows if isinstance(block, Table) else [block]:
            for cell in line.cells:
                cell.text = fold(cell.raw)
    return doc


def tidy(text: str) -> str:
    """Drop the spaces that PDF text extraction puts next to Chinese characters (`2023 年` -> `2023年`)."""
    return _SPACE_NEAR_CJK.sub("", text).strip()
