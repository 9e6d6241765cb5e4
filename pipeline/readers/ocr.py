"""Scanned pages: OCR into the same positioned characters and ruling lines as a text layer gives.

What only OCR can read of a PDF page (`pdfgeometry._unread_regions`: a page without a text layer,
or whose text layer is codes without text, or a picture that the text layer does not cover) is
rendered by PDFium and read by RapidOCR (PP-OCR models shipped inside the `rapidocr` wheel, run by
onnxruntime on the CPU, nothing downloaded). Each recognised character keeps its box, in points
from the page's top-left corner like a text layer's `Char`, and its recognition score. Vertical
ruling lines are found in the rendered image (long runs of dark pixels, strokes inside a
recognised character excepted). The PDF reader then groups lines, words and table cells exactly as
for a text layer. Installed by the `ocr` extra (which `make` installs).
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..normalize import to_simplified
from ..settings import ReadSettings
from .pdfgeometry import Box, Char, PageGeometry, Rule

if TYPE_CHECKING:
    import numpy as np

DPI = 300  # at 200 dpi RapidOCR misread a few header characters of real table pages; 300 read them all
_MAX_PIXELS = 4000  # the longer side of a rendering: an A4 page at 300 dpi is 3,508; a poster page less
# Text is found on the page scaled to this longer side and read at full resolution: on the real PDFs
# 1,280 finds what 2,000 (RapidOCR's default) finds, in 0.5 s a page instead of 1.8 and with 300 MB
# less memory.
_DETECTION_SIDE = 1280
_MARGIN = 3.0  # points around a picture that its rendering keeps
_DARK = 140  # grey level below which a pixel is ink
_MIN_RULE_SHARE = 0.02  # a ruling line is at least this share of the page's height (17 pt on A4)
_SECOND_LOOK = 0.9  # a text line recognised below this score is recognised again alone
_STROKE_SHARE = 0.8  # a run of ink this much inside one recognised character's box is its stroke


def available() -> bool:
    """Whether the OCR extra is installed."""
    try:
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


def unavailable_reason(settings: ReadSettings) -> str:
    """Why scanned pages are not read under `settings` ("" when they are)."""
    if settings.ocr == "off":
        return "OCR is off (--ocr off)"
    if not available():
        return "the OCR extra would read it (pip install '.[ocr]'; make installs it)"
    return ""


class PageReader:
    """OCR for the pages of one document, within the document's time budget."""

    def __init__(self, settings: ReadSettings) -> None:
        self.budget = settings.max_ocr_seconds
        self.spent = 0.0
        self.why_not = unavailable_reason(settings)

    def read(self, page: Callable[[], object], geometry: PageGeometry, regions: list[Box] | None) -> None:
        """Read into `geometry` what only OCR can read of a page (`page()` gives it as a PDFium
        page): the whole page when `regions` is None (its characters replace the text layer's),
        else the pictures in `regions` (their characters join the text layer's). Why it was not
        read, when it was not, goes to `geometry.unread_scan`."""
        if regions == []:
            return
        if not self.why_not and self.spent >= self.budget:
            self.why_not = f"the OCR time budget ({self.budget:g} s per document) was spent"
        if self.why_not:
            geometry.unread_scan = self.why_not
            return
        started = time.perf_counter()
        try:
            chars, rules, height = _read_page(page(), regions)
        except Exception as error:  # the engine failing on one page (memory, a damaged image)
            geometry.unread_scan = f"OCR failed ({type(error).__name__}: {str(error)[:100]})"
            return
        finally:
            _release_memory()
            self.spent += time.perf_counter() - started
        if regions is None:
            geometry.chars, geometry.rules, geometry.height = chars, rules, height
        else:
            geometry.chars += chars
            geometry.rules = sorted(geometry.rules + rules, key=lambda r: (r.x, r.top))
        geometry.ocr = True


@functools.cache
def _libc():
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return None


def _release_memory() -> None:
    """Hand the page's freed buffers back to the system: glibc keeps them, and a worker reading
    scans grew by some 50 MB a document (600 MB -> 1.1 GB over 18 of them)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _engine():
    from rapidocr import RapidOCR

    return RapidOCR(
        params={
            "Global.log_level": "error",
            # one thread: the batch runs one worker process per core
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "Global.max_side_len": _DETECTION_SIDE,
            # lines recognised one at a time: as fast as batches of 6 here, and 220 MB less memory
            "Rec.rec_batch_num": 1,
        }
    )


def _read_page(page, regions: list[Box] | None) -> tuple[list[Char], list[Rule], float]:
    """Characters and ruling lines OCR reads on the page (in `regions` only, unless None), and
    the page's height in the frame they are given in. The page is read whole, at one scale, with
    what lies outside the regions blanked: text found at the scale of a page, not of a picture
    (RapidOCR enlarges a small image to find text in it, at a cost of hundreds of MB)."""
    import numpy as np

    width, height = page.get_size()
    scale = min(DPI / 72, _MAX_PIXELS / max(width, height, 1))
    image = page.render(scale=scale, grayscale=True).to_numpy()
    gray = image if image.ndim == 2 else image[..., 0]
    shortest = int(_MIN_RULE_SHARE * gray.shape[0])
    if regions is None:  # the whole page, in its rendered (upright) frame
        chars = _read_image(gray, scale, (0.0, 0.0))
        return chars, _image_rules(gray, scale, (0.0, 0.0), chars, shortest), gray.shape[0] / scale
    # pictures on a page with a text layer: their boxes are in the media box's frame
    media_left, _, _, media_top = page.get_mediabox()
    crop_left, _, _, crop_top = page.get_cropbox()
    origin = (crop_left - media_left, media_top - crop_top)
    pictures = np.full_like(gray, 255)
    for box in regions:
        left = max(int((box.x0 - origin[0] - _MARGIN) * scale), 0)
        top = max(int((box.top - origin[1] - _MARGIN) * scale), 0)
        right, bottom = (
            int((box.x1 - origin[0] + _MARGIN) * scale),
            int((box.bottom - origin[1] + _MARGIN) * scale),
        )
        pictures[top : bottom + 1, left : right + 1] = gray[top : bottom + 1, left : right + 1]
    chars = _read_image(pictures, scale, origin)
    return chars, _image_rules(pictures, scale, origin, chars, shortest), height


def _read_image(gray: np.ndarray, scale: float, origin: tuple[float, float]) -> list[Char]:
    """The characters recognised in a grey image rendered at `scale`, in points from `origin`."""
    import numpy as np

    result = _engine()(
        np.dstack([gray] * 3),
        use_det=True,
        use_cls=False,  # the 180° line classifier turns lone digits over: `9` read as `6`
        use_rec=True,
        return_word_box=True,
        return_single_char_box=True,
    )
    chars: list[Char] = []
    found = result.boxes is not None  # None on an image without text
    lines = zip(result.boxes, result.scores, result.word_results, strict=True) if found else ()
    for line_box, line_score, words in lines:
        line_chars = [
            Char(ch, *_extent(box, scale, origin), float(score))
            for text, score, box in words or ()
            for ch in text  # a box holds one character, rarely a few
            if not ch.isspace()
        ]
        if line_score < _SECOND_LOOK:
            line_chars = _second_look(gray, scale, origin, line_box, line_score, line_chars)
        chars += _close_gaps(_simplified(line_chars))
    return chars


def _extent(box, scale: float, origin: tuple[float, float]) -> tuple[float, float, float, float, float]:
    """(x0, x1, top, bottom, size) in points of a box given as corner points in pixels."""
    xs = [p[0] / scale + origin[0] for p in box]
    ys = [p[1] / scale + origin[1] for p in box]
    return min(xs), max(xs), min(ys), max(ys), max(ys) - min(ys)


def _simplified(chars: list[Char]) -> list[Char]:
    """The line in simplified characters: the recogniser's dictionary holds variant forms that
    look alike (`別` for `别`), and a scan has no text as written beyond what it recognises."""
    text = "".join(c.text for c in chars)
    converted = to_simplified(text)
    if converted == text or len(converted) != len(text):
        return chars
    return [dataclasses.replace(c, text=t) for c, t in zip(chars, converted, strict=True)]


def _close_gaps(chars: list[Char]) -> list[Char]:
    """Characters of one detected text line, each widened to its right neighbour when the gap is
    under a character's size: OCR boxes hug the ink, so `、` or `1` leave gaps that a text layer's
    advance widths do not, and the detector has already judged the line to be one run of text."""
    closed = []
    for char, after in zip(chars, [*chars[1:], None], strict=True):
        if after is not None and 0 < after.x0 - char.x1 <= char.size:
            char = dataclasses.replace(char, x1=after.x0)
        closed.append(char)
    return closed


def _second_look(
    gray: np.ndarray, scale: float, origin: tuple[float, float], box, score: float, chars: list[Char]
) -> list[Char]:
    """An uncertain text line recognised again on its own: a line read in its page's context can
    take a neighbouring rule or character for a stroke (计 read as `+1`). The better reading wins
    (a new text spreads its characters evenly over the line's box); when the two readings differ,
    the winner keeps the lower score, so a number they disagree on is flagged."""
    import numpy as np

    xs, ys = [p[0] for p in box], [p[1] for p in box]
    crop = gray[max(int(min(ys)), 0) : int(max(ys)) + 1, max(int(min(xs)), 0) : int(max(xs)) + 1]
    if crop.size == 0:
        return chars
    again = _engine()(np.dstack([crop] * 3), use_det=False, use_cls=False, use_rec=True)
    text, new_score = (again.txts or ("",))[0].replace(" ", ""), float((again.scores or (0.0,))[0])
    if not text or text == "".join(c.text for c in chars):
        return chars
    if new_score <= score:
        return [dataclasses.replace(c, score=min(c.score or 0.0, new_score)) for c in chars]
    x0, x1, top, bottom, size = _extent(box, scale, origin)
    width = (x1 - x0) / len(text)
    return [
        Char(ch, x0 + i * width, x0 + (i + 1) * width, top, bottom, size, score) for i, ch in enumerate(text)
    ]


def _image_rules(
    gray: np.ndarray, scale: float, origin: tuple[float, float], chars: list[Char], shortest: int
) -> list[Rule]:
    """Vertical runs of at least `shortest` pixels of ink, in points from `origin`; neighbouring
    pixel columns of one drawn line become one rule, and a run inside a recognised character is
    its stroke, not a rule."""
    import numpy as np

    dark = gray < _DARK
    runs: list[tuple[int, int, int]] = []  # (x, top, bottom) in pixels
    for x in np.nonzero(dark.sum(axis=0) >= shortest)[0]:
        edges = np.diff(np.concatenate(([0], dark[:, x].astype(np.int8), [0])))
        starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
        runs += [(int(x), int(s), int(e)) for s, e in zip(starts, ends, strict=True) if e - s >= shortest]
    merged: list[list[int]] = []  # [x_first, x_last, top, bottom]
    for x, top, bottom in sorted(runs, key=lambda r: (r[1], r[0])):
        same = next((m for m in merged if m[0] - 2 <= x <= m[1] + 2 and top < m[3] and bottom > m[2]), None)
        if same:
            same[1], same[2], same[3] = x, min(same[2], top), max(same[3], bottom)
        else:
            merged.append([x, x, top, bottom])
    left, top = origin
    rules = [Rule((a + b) / 2 / scale + left, t / scale + top, e / scale + top) for a, b, t, e in merged]
    return sorted((r for r in rules if not _stroke(r, chars)), key=lambda r: (r.x, r.top))


def _stroke(rule: Rule, chars: list[Char]) -> bool:
    """Whether a vertical run of ink lies inside a recognised character (the stroke of `十`)."""
    length = rule.bottom - rule.top
    return any(
        c.x0 < rule.x < c.x1 and min(c.bottom, rule.bottom) - max(c.top, rule.top) >= _STROKE_SHARE * length
        for c in chars
    )
