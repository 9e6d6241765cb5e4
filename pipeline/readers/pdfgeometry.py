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

from ..normalize import UNREADABLE
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
    score: float | None = None  # OCR's recognition score; None for a text layer's character


@dataclass(frozen=True)
class Rule:
    """A vertical ruling line (a line segment or the side of a rectangle)."""

    x: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Box:
    """A rectangle on the page (an image's extent), in points from the page's top-left corner."""

    x0: float
    x1: float
    top: float
    bottom: float

    def holds(self, char: Char) -> bool:
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass
class PageGeometry:
    number: int  # from 1
    height: float
    chars: list[Char]
    rules: list[Rule]
    notes: list[str] = field(default_factory=list)  # limits hit on this page, in plain words
    ocr: bool = False  # some of its text was read by OCR
    unread_scan: str = ""  # why a scanned part of the page was not read (OCR off, budget spent, ...)


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
    loses its characters or its rules, with a note. Scanned pages, and pictures on a page that its
    text layer does not cover, are read by OCR (`ocr.py`) when the settings allow."""
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

    from .ocr import PageReader

    scans = PageReader(settings)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                yield _pdfium_page(raw, page, index + 1, settings, scans)
            finally:
                page.close()
    finally:
        pdf.close()


@dataclass
class _Drawing:
    rules: list[Rule]
    images: list[Box]
    objects: int  # path and image objects: a page without any has no ink to read


def _pdfium_page(raw, page, number: int, settings: ReadSettings, scans) -> PageGeometry:
    left, bottom, right, top = page.get_mediabox()
    textpage = page.get_textpage()
    try:
        geometry = PageGeometry(number, top - bottom, [], [])
        count = raw.FPDFText_CountChars(textpage.raw)
        text = textpage.raw if count <= settings.max_page_characters else None
        if text is None:
            geometry.notes.append(_too_many_characters(number, count, settings))
        else:
            geometry.chars = list(_pdfium_chars(raw, text, top))
        try:
            drawing = _pdfium_drawing(raw, page, text, left, top, settings.max_page_objects)
        except _TooManyObjects:
            geometry.notes.append(_too_many_objects(number, settings))
            return geometry
        geometry.rules = drawing.rules
        if text is not None:
            scans.read(lambda: page, geometry, _unread_regions(geometry, drawing, right - left))
        return geometry
    finally:
        textpage.close()


# A picture this share of the page wide and high may hold text worth reading (a table, a block of
# text); a seal, a logo or a QR code is narrower.
_MIN_PICTURE_WIDTH, _MIN_PICTURE_HEIGHT = 1 / 3, 0.015
_MAX_COVERED_CHARS = 10  # a picture with more text-layer characters on it is covered (a searchable scan)
# A page whose characters are this share codes without text has no usable text layer: a real page
# has none, one in a font without a Unicode map a fifth to a third.
_UNREADABLE_SHARE = 0.1


def _unread_regions(geometry: PageGeometry, drawing: _Drawing, width: float) -> list[Box] | None:
    """What of a page only OCR can read: None for the whole page (no text layer, or one of codes
    that carry no text, when the page has ink), else the pictures large enough to hold text that
    the text layer leaves uncovered (a table pasted as a picture); [] for nothing."""
    chars = geometry.chars
    unreadable = sum(1 for c in chars if UNREADABLE.match(c.text))
    if not chars or unreadable >= _UNREADABLE_SHARE * len(chars):
        return None if chars or drawing.objects else []
    return [
        box
        for box in drawing.images
        if box.x1 - box.x0 >= _MIN_PICTURE_WIDTH * width
        and box.bottom - box.top >= _MIN_PICTURE_HEIGHT * geometry.height
        and sum(1 for c in chars if box.holds(c)) <= _MAX_COVERED_CHARS
    ]


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


def _pdfium_drawing(raw, page, textpage, page_left: float, page_top: float, most_objects: int) -> _Drawing:
    """Vertical segments of every path object and the extent of every image, in page space (form
    objects' matrices applied); `_TooManyObjects` past `most_objects` objects. Text objects are
    checked for lost text when the page's text is read (`textpage` given)."""
    drawing = _Drawing([], [], 0)
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
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:  # an image fills the unit square its matrix maps
            corners = [_apply(total, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs, ys = [x - page_left for x, _ in corners], [page_top - y for _, y in corners]
            drawing.images.append(Box(min(xs), max(xs), min(ys), max(ys)))
            drawing.objects += 1
            continue
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        drawing.objects += 1
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
                drawing.rules += _vertical(points[-1], (x, y), page_left, page_top)
            points.append((x, y))
            if raw.FPDFPathSegment_GetClose(segment) and points:
                drawing.rules += _vertical(points[-1], points[0], page_left, page_top)
    return drawing


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
) -> list[Rule]:
    if abs(a[0] - b[0]) < _VERTICAL and abs(a[1] - b[1]) >= _MIN_RULE:
        return [Rule((a[0] + b[0]) / 2 - page_left, page_top - max(a[1], b[1]), page_top - min(a[1], b[1]))]
    return []


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
    as for PDFium (applied after pdfminer has parsed the page: this is the slow path anyway), and
    OCR likewise (pages rendered by PDFium when it can open the file)."""
    import pdfplumber

    pdf = pdfplumber.open(io.BytesIO(data))
    return len(pdf.pages), _pdfplumber_geometry(pdf, data, settings)


def _pdfplumber_geometry(pdf, data: bytes, settings: ReadSettings) -> Iterator[PageGeometry]:
    from .ocr import PageReader

    scans = PageReader(settings)
    rendering = _Rendering(data)
    with pdf, rendering:
        for number, page in enumerate(pdf.pages, start=1):
            geometry = PageGeometry(number, float(page.height), [], [])
            read_text = len(page.chars) <= settings.max_page_characters
            if read_text:
                geometry.chars = [
                    Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
                    for c in page.chars
                    if c["text"].strip()
                ]
            else:
                geometry.notes.append(_too_many_characters(number, len(page.chars), settings))
            drawn = sum(len(page.objects.get(kind, ())) for kind in ("rect", "line", "curve", "image"))
            if drawn > settings.max_page_objects:
                geometry.notes.append(_too_many_objects(number, settings))
                yield geometry
                continue
            geometry.rules = [
                Rule(e["x0"], e["top"], e["bottom"])
                for e in page.edges
                if e["orientation"] == "v" and e["bottom"] - e["top"] >= _MIN_RULE
            ]
            images = [Box(i["x0"], i["x1"], i["top"], i["bottom"]) for i in page.images]
            drawing = _Drawing(geometry.rules, images, drawn)
            if read_text:
                regions = _unread_regions(geometry, drawing, float(page.width))
                scans.read(lambda number=number: rendering.page(number), geometry, regions)
            yield geometry


class _Rendering:
    """A PDFium document of the same bytes, opened when a page must be rendered for OCR."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf = None

    def page(self, number: int):
        import pypdfium2 as pdfium

        if self.pdf is None:
            self.pdf = pdfium.PdfDocument(self.data)
        return self.pdf[number - 1]

    def __enter__(self) -> _Rendering:
        return self

    def __exit__(self, *_) -> None:
        if self.pdf is not None:
            self.pdf.close()
