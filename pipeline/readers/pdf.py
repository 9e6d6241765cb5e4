"""PDF reports with a text layer: every page as lines of positioned words.

A PDF has no tables, only characters and strokes. Characters (from PDFium; pdfminer where PDFium
cannot open the file, see `pdfgeometry.py`) are grouped into lines by their vertical middle and
lines into words by the gaps between characters and by the ruling lines between them, each word
keeping its position in points; which lines form a statistics table, and where its columns
stand, is decided for every rendering alike (`layout.py`, `recovery.py`), so a ruled table, a
table whose frame lost its left column, a table continued on the next page and a page of prose
in a drawn frame all read the same way. Page numbers (`- 1 -`, `第1页`) and lines repeated at the
top or bottom of most pages (running headers and footers) are dropped.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

import regex

from ..model import Cell, Document, Line
from ..normalize import tidy
from .base import ReadError, ReadSettings
from .pdfgeometry import Char, PageGeometry, PasswordRequired, TextLost, pdfium_pages, pdfplumber_pages

_PAGE_NUMBER = regex.compile(r"^[-—–_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/共]\s*\d+\s*页?)?[-—–_\s]*$")
_MARGIN_BAND = 0.08  # top and bottom share of the page where running headers and footers live
_WORD_GAP = 0.3  # a gap wider than this share of the font size between two characters parts words
_SAME_LINE = 0.5  # characters whose middles are this share of their height apart share a line
_ENCRYPTED = "encrypted PDF (a password is needed to open it)"

Pages = Callable[[bytes, ReadSettings], tuple[int, Iterator[PageGeometry]]]


@dataclass
class _PageLine:
    line: Line
    height: float


class PdfReader:
    format: ClassVar[str] = "pdf"

    def __init__(self, pages: Pages | None = None) -> None:
        self.pages = pages  # the geometry source; PDFium with pdfminer as fallback by default

    def read(self, data: bytes, settings: ReadSettings) -> Document:
        sources = [self.pages] if self.pages else [pdfium_pages, pdfplumber_pages]
        for source in sources[:-1]:
            try:
                return self._read(source, data, settings)
            except TextLost:  # the next source may read what this one cannot
                continue
            except _Unopened:
                if len(data) > settings.max_repair_bytes:
                    raise  # pdfminer's parser can take minutes on a large damaged file
                continue
        return self._read(sources[-1], data, settings)

    def _read(self, source: Pages, data: bytes, settings: ReadSettings) -> Document:
        try:
            n_pages, pages = source(data, settings)
        except PasswordRequired:
            raise ReadError(_ENCRYPTED) from None
        except Exception as error:
            raise _Unopened(error) from None
        if n_pages > settings.max_pages:
            raise ReadError(f"too many pages for a report ({n_pages}; the limit is {settings.max_pages})")
        lines: list[_PageLine] = []
        notes: list[str] = []
        unread: dict[str, list[int]] = {}  # scanned pages not read, by the reason
        done = characters = ocr_pages = 0
        try:
            for page in pages:
                lines.extend(_page_lines(page))
                notes += page.notes
                done = page.number
                characters += len(page.chars)
                ocr_pages += page.ocr
                if page.unread_scan:
                    unread.setdefault(page.unread_scan, []).append(page.number)
                if characters > settings.max_document_characters and done < n_pages:
                    notes.append(
                        f"over {settings.max_document_characters:,} characters by page {done}: "
                        f"pages {done + 1}-{n_pages} not read"
                    )
                    break
        except TextLost:
            raise
        except Exception as error:  # a damaged page ends the reading with a plain message
            detail = str(error).strip()[:200] or "unreadable"
            raise ReadError(f"page {done + 1} of the PDF is damaged ({detail})") from None
        if not lines:
            if notes:
                raise ReadError("; ".join(notes))
            reason = next(iter(unread), "OCR found no text on it" if ocr_pages else "")
            raise ReadError("no text layer (scanned image)" + (f"; {reason}" if reason else ""))
        notes += [f"scanned {_pages(numbers)} not read: {why}" for why, numbers in unread.items()]
        kept = _drop_running_lines(lines, n_pages)
        return Document(
            blocks=list(kept), source_format=self.format, pages=n_pages, warnings=notes, ocr_pages=ocr_pages
        )


def _pages(numbers: list[int]) -> str:
    """`page 3`, `pages 3, 5, 6`."""
    return f"page {numbers[0]}" if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))


class _Unopened(ReadError):
    """A source that could not open the file; the last source's reason is the message."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(_open_error(error)))


def _open_error(error: Exception) -> ReadError:
    """A plain message for a PDF that neither PDFium nor pdfminer can open."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    causes = [error, *error.args, error.__context__]
    if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
        return ReadError(_ENCRYPTED)
    cause = next((c for c in causes if isinstance(c, PDFSyntaxError | PSException)), error)
    detail = str(cause).strip() or type(cause).__name__
    return ReadError(f"corrupt or truncated PDF ({detail})")


def _page_lines(page: PageGeometry) -> list[_PageLine]:
    height = page.height
    out = []
    for chars in _visual_lines(page.chars):
        top = min(c.top for c in chars)
        bottom = max(c.bottom for c in chars)
        middle = (top + bottom) / 2
        crossing = sorted({round(r.x, 1) for r in page.rules if r.top - 1 <= middle <= r.bottom + 1})
        words = _words(chars, crossing)
        raw = tidy(" ".join(w.raw for w in words))
        in_margin = bottom < _MARGIN_BAND * height or top > (1 - _MARGIN_BAND) * height
        if not raw or (in_margin and _PAGE_NUMBER.match(raw)):
            continue  # a page number
        size = statistics.median(c.size for c in chars)
        x0, x1 = min(c.x0 for c in chars), max(c.x1 for c in chars)
        line = Line(raw, words, page.number, x0, x1, top, bottom, size, ruled=len(crossing) >= 2)
        out.append(_PageLine(line, height))
    return out


def _visual_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines by their vertical middle: a character joins the line above it
    when its middle lies within half a character's height of the line's middle. A table row's
    numbers and its label share a line even when their baselines differ by a few points."""
    lines: list[list[Char]] = []
    middle = height = 0.0
    for char in sorted(chars, key=lambda c: (c.top + c.bottom) / 2):
        char_middle = (char.top + char.bottom) / 2
        char_height = char.bottom - char.top
        if lines and abs(char_middle - middle) <= _SAME_LINE * max(height, char_height):
            lines[-1].append(char)
            n = len(lines[-1])
            middle += (char_middle - middle) / n
            height += (char_height - height) / n
        else:
            lines.append([char])
            middle, height = char_middle, char_height
    return lines


def _words(chars: list[Char], rules: list[float]) -> list[Cell]:
    """Characters left to right, cut into words where the gap is wider than a space or a ruling
    line runs between them. Between ruling lines a word takes the drawn cell's extent, so its
    position names its column exactly."""
    groups: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c.x0):
        if groups:
            last = groups[-1][-1]
            gap = char.x0 - last.x1
            after = bisect.bisect_right(rules, _middle(last))
            ruled = after < len(rules) and rules[after] < _middle(char)
            if gap <= _WORD_GAP * char.size and not ruled:
                groups[-1].append(char)
                continue
        groups.append([char])
    words = []
    for group in groups:
        x0, x1 = group[0].x0, max(c.x1 for c in group)
        middle = (x0 + x1) / 2
        left = [x for x in rules if x <= middle]
        right = [x for x in rules if x >= middle]
        if left and right:
            x0, x1 = left[-1], right[0]
        text = tidy("".join(c.text for c in group))
        if text:
            words.append(Cell(text, x0=x0, x1=x1, flags=_ocr_flags(group)))
    return words


_LOW_SCORE = 0.8  # an OCR character below this recognition score flags its word


def _ocr_flags(chars: list[Char]) -> tuple[str, ...]:
    """`ocr` for a word read by OCR, plus `ocr_low_score` when a character of it is uncertain."""
    scores = [c.score for c in chars if c.score is not None]
    if not scores:
        return ()
    return ("ocr", "ocr_low_score") if min(scores) < _LOW_SCORE else ("ocr",)


def _middle(char: Char) -> float:
    return (char.x0 + char.x1) / 2


def _drop_running_lines(lines: list[_PageLine], n_pages: int) -> list[Line]:
    """Lines near the top or bottom edge that recur on several pages are running headers/footers."""
    if n_pages < 3:
        return [p.line for p in lines]

    def key(item: _PageLine) -> str | None:
        line = item.line
        edge = line.top < _MARGIN_BAND * item.height or line.bottom > (1 - _MARGIN_BAND) * item.height
        return regex.sub(r"\d+", "#", line.raw) if edge else None

    counts = Counter(k for k in map(key, lines) if k)
    running = {k for k, n in counts.items() if n >= max(2, n_pages // 2)}
    return [item.line for item in lines if key(item) not in running]
