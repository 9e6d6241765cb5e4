"""The geometry of PDF pages: characters with their boxes and sizes, and vertical ruling lines.

Two sources give the same `PageGeometry` (coordinates in points from the page's top-left corner):
- `pdfium_pages`: PDFium (pypdfium2), the fast one: the text page's characters and the path
  objects of the page, those inside form objects included, with their segments;
- `pdfplumber_pages`: pdfminer through pdfplumber, the reference (tests compare the two) and the
  fallback for a file PDFium cannot open.
A character's box follows pdfminer: horizontally the glyph's advance, vertically from the font's
descent below the baseline up by the font size, so both sources group lines alike.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from .base import ReadSettings

_DEFAULTS = ReadSettings()
_VERTICAL = 1.0  # a segment whose ends differ by less than this in x is a vertical ruling line
_MIN_RULE = 2.0  # shorter vertical strokes (underlines' serifs, glyph-like paths) are not rules
_VERTICAL_WRITING = 3.0  # a character box this many times wider than the font size is set vertically


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class Rule:
    """A vertical ruling line (a line segment or the side of a rectangle)."""

    x: float
    top: float
    bottom: float


@dataclass
class PageGeometry:
    number: int  # from 1
    height: float
    chars: list[Char]
    rules: list[Rule]
    notes: list[str] = field(default_factory=list)  # limits hit on this page, in plain words


def _too_many_characters(number: int, count: int, settings: ReadSettings) -> str:
    return f"page {number} has {count:,} characters (the limit is {settings.max_page_characters:,}): left out"


def _too_many_objects(number: int, settings: ReadSettings) -> str:
    limit = settings.max_page_objects
    return f"page {number} has over {limit:,} drawing objects: read as text only, without its ruling lines"


class _TooManyObjects(Exception):
    pass


class PasswordRequired(Exception):
    """The PDF is encrypted."""


class TextLost(Exception):
    """PDFium could not decode some text objects (a CJK font it lacks, not embedded): read the
    file with pdfminer instead."""


def pdfium_pages(data: bytes, settings: ReadSettings = _DEFAULTS) -> tuple[int, Iterator[PageGeometry]]:
    """The page count and the pages' geometry, read by PDFium; a page over the settings' limits
    loses its characters or its rules, with a note."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PasswordRequired from None
        raise
    return len(pdf), _pdfium_geometry(pdf, settings)


def _pdfium_geometry(pdf, settings: ReadSettings) -> Iterator[PageGeometry]:
    import pypdfium2.raw as raw

    try:
        for index in range(len(pdf)):
            page = pdf[index]
            left, bottom, _, top = page.get_mediabox()
            textpage = page.get_textpage()
            geometry = PageGeometry(index + 1, top - bottom, [], [])
            count = raw.FPDFText_CountChars(textpage.raw)
            text = textpage.raw if count <= settings.max_page_characters else None
            if text is None:
                geometry.notes.append(_too_many_characters(index + 1, count, settings))
            else:
                geometry.chars = list(_pdfium_chars(raw, text, top))
            try:
                geometry.rules = list(_pdfium_rules(raw, page, text, left, top, settings.max_page_objects))
            except _TooManyObjects:
                geometry.notes.append(_too_many_objects(index + 1, settings))
            textpage.close()
            page.close()
            yield geometry
    finally:
        pdf.close()


def _pdfium_chars(raw, textpage, page_top: float) -> Iterator[Char]:
    count = raw.FPDFText_CountChars(textpage)
    box = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(count):
        text = chr(raw.FPDFText_GetUnicode(textpage, i))
        if text.isspace() or raw.FPDFText_IsGenerated(textpage, i):
            continue
        raw.FPDFText_GetLooseCharBox(textpage, i, box)
        raw.FPDFText_GetMatrix(textpage, i, matrix)
        size = raw.FPDFText_GetFontSize(textpage, i) * (matrix.c**2 + matrix.d**2) ** 0.5
        if box.right - box.left > _VERTICAL_WRITING * size:
            # a vertical font: PDFium's loose box spans the line; pdfminer's box hangs from the origin
            raw.FPDFText_GetCharOrigin(textpage, i, x, y)
            yield Char(text, x.value, x.value + size, page_top - y.value - size, page_top - y.value, size)
            continue
        y0 = min(box.bottom, box.top)
        yield Char(text, box.left, box.right, page_top - (y0 + size), page_top - y0, size)


def _pdfium_rules(
    raw, page, textpage, page_left: float, page_top: float, most_objects: int
) -> Iterator[Rule]:
    """Vertical segments of every path object, in page space (form objects' matrices applied);
    `_TooManyObjects` past `most_objects` objects. Text objects are checked for lost text when
    the page's text is read (`textpage` given)."""
    forms: dict[int, tuple[float, ...]] = {}
    point_x, point_y = ctypes.c_float(), ctypes.c_float()
    matrix = raw.FS_MATRIX()
    for number, obj in enumerate(page.get_objects(max_depth=8)):
        if number == most_objects:
            raise _TooManyObjects
        if textpage is not None and obj.type == raw.FPDF_PAGEOBJ_TEXT and _undecoded(raw, obj, textpage):
            raise TextLost
        raw.FPDFPageObj_GetMatrix(obj.raw, matrix)
        own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        outer = forms.get(obj.level - 1) if obj.level else None
        total = _compose(own, outer) if outer else own
        if obj.type == raw.FPDF_PAGEOBJ_FORM:
            forms[obj.level] = total
            continue
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        points = []
        for j in range(raw.FPDFPath_CountSegments(obj.raw)):
            segment = raw.FPDFPath_GetPathSegment(obj.raw, j)
            raw.FPDFPathSegment_GetPoint(segment, point_x, point_y)
            kind = raw.FPDFPathSegment_GetType(segment)
            x, y = _apply(total, point_x.value, point_y.value)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                points = [(x, y)]
                continue
            if kind == raw.FPDF_SEGMENT_LINETO and points:
                yield from _vertical(points[-1], (x, y), page_left, page_top)
            points.append((x, y))
            if raw.FPDFPathSegment_GetClose(segment) and points:
                yield from _vertical(points[-1], points[0], page_left, page_top)


def _undecoded(raw, obj, textpage) -> bool:
    """A text object in a font that is not embedded that yields no text and has no width: PDFium
    lacks the font's character map (a standard CJK font such as STSong-Light); pdfminer has it."""
    left, _, right, _ = obj.get_bounds()
    if right - left > 0 or raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(obj.raw)):
        return False
    # last, as it searches the whole text page: costly on a page of many text objects
    return raw.FPDFTextObj_GetText(obj.raw, textpage, None, 0) <= 2


def _vertical(
    a: tuple[float, float], b: tuple[float, float], page_left: float, page_top: float
) -> Iterator[Rule]:
    if abs(a[0] - b[0]) < _VERTICAL and abs(a[1] - b[1]) >= _MIN_RULE:
        yield Rule((a[0] + b[0]) / 2 - page_left, page_top - max(a[1], b[1]), page_top - min(a[1], b[1]))


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix that applies `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def pdfplumber_pages(data: bytes, settings: ReadSettings = _DEFAULTS) -> tuple[int, Iterator[PageGeometry]]:
    """The page count and the pages' geometry, read by pdfminer through pdfplumber; the limits
    as for PDFium (applied after pdfminer has parsed the page: this is the slow path anyway)."""
    import pdfplumber

    pdf = pdfplumber.open(io.BytesIO(data))
    return len(pdf.pages), _pdfplumber_geometry(pdf, settings)


def _pdfplumber_geometry(pdf, settings: ReadSettings) -> Iterator[PageGeometry]:
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            geometry = PageGeometry(number, float(page.height), [], [])
            if len(page.chars) > settings.max_page_characters:
                geometry.notes.append(_too_many_characters(number, len(page.chars), settings))
            else:
                geometry.chars = [
                    Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
                    for c in page.chars
                    if c["text"].strip()
                ]
            drawn = sum(len(page.objects.get(kind, ())) for kind in ("rect", "line", "curve"))
            if drawn > settings.max_page_objects:
                geometry.notes.append(_too_many_objects(number, settings))
            else:
                geometry.rules = [
                    Rule(e["x0"], e["top"], e["bottom"])
                    for e in page.edges
                    if e["orientation"] == "v" and e["bottom"] - e["top"] >= _MIN_RULE
                ]
            yield geometry
