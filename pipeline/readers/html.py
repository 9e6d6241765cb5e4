"""Web pages saved from government sites: the article body as paragraphs and table grids.

The body is found by content, not by one site's CSS class: the deepest element that holds most of
the page's running text (paragraphs with enough Chinese characters). Site menus, breadcrumbs and
footers fall outside it. `<table>` elements become grids with `rowspan`/`colspan` expanded; a table
used for page layout (cells holding whole paragraphs) is read as paragraphs. The page's own title
and publication date (meta tags, `时间:` line) are kept as hints for the metadata stage.
"""

from __future__ import annotations

from typing import ClassVar

import lxml.etree
import lxml.html
import regex

from ..model import Cell, Document, Line, Paragraph, Table
from ..vocabulary import find
from .base import ReadError, ReadSettings
from .txt import checked_text, decode

_DECLARED_CHARSET = regex.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w-]+)""", regex.I
)
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*\?>")  # XHTML; lxml refuses it in a str
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # invalid in HTML; lxml fails on them later
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "utf8": "utf-8"}
_HAN = regex.compile(r"\p{Han}")
_DROP = (
    "script",
    "style",
    "noscript",
    "iframe",
    "object",
    "embed",
    "template",
    "svg",
    "head",
    "select",
    "button",
    "form",
    "nav",
)
_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "center",
    "dd",
    "dt",
    "dl",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "caption",
    "address",
    "aside",
    "main",
    "figure",
    "figcaption",
    "hr",
}
_RUNNING_TEXT_MIN_HAN = 15
_TEXT_BLOCKS = ("p", "td", "li", "h1", "h2", "h3", "div", "span", "font")
_CONTAINERS = ("p", "div", "table", "li")
_BODY_SHARE = 0.8
_CLIMB_SHARE = 1.05
_LAYOUT_CELL_CHARS = 200
_TITLE_META = ("ArticleTitle", "title", "og:title")
_DATE_META = ("PubDate", "publishdate", "pubdate", "firstpublishedtime", "article:published_time")


class HtmlReader:
    format: ClassVar[str] = "html"

    def read(self, data: bytes, settings: ReadSettings) -> Document:
        if len(data) > settings.max_binary_bytes:
            raise ReadError("web page too large")
        warnings: list[str] = []
        tags = data.count(b"<")
        if tags > settings.max_markup_tags:  # read up to the limit: parsing it all costs gigabytes
            limit = settings.max_markup_tags
            data = data[: _offset_of(data, b"<", limit)]
            warnings.append(f"the web page has {tags:,} tags (the limit is {limit:,}): read up to there")
        text, encoding = _decode(data)
        try:
            root = lxml.html.document_fromstring(_CONTROL.sub("", _XML_DECLARATION.sub("", text, count=1)))
        except (lxml.etree.ParserError, ValueError) as error:
            raise ReadError(f"not a readable web page ({error})") from None
        title, date = _page_title(root), _page_date(root)
        for element in list(root.iter(*_DROP)):
            element.drop_tree()
        body = find_article(root)
        blocks = list(_blocks(body, settings, warnings))
        if not blocks:
            raise ReadError("no text found in the web page")
        return Document(
            blocks=blocks,
            source_format=self.format,
            encoding=encoding,
            page_title=title,
            page_date=date,
            warnings=warnings,
        )


def _offset_of(data: bytes, mark: bytes, n: int) -> int:
    """Where the `n`-th occurrence of `mark` (from 0) starts in `data`."""
    at = -1
    for _ in range(n + 1):
        at = data.find(mark, at + 1)
    return at


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: a byte-order mark first; then UTF-8 when the bytes are UTF-8 (non-ASCII
    text that is valid UTF-8 is UTF-8, whatever the page declares: GB18030 would decode it too, as
    nonsense); then the declared charset, unless it gives no Chinese; then detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:4096]:
        try:
            return checked_text(data.decode("utf-8"), "utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        declared = _DECLARED_CHARSET.search(data[:4096])
        if declared:
            encoding = (declared.group(1) or declared.group(2)).decode("ascii").lower()
            encoding = _CHARSET_ALIASES.get(encoding, encoding)
            try:
                text = data.decode(encoding)
                if _HAN.search(text) or data.isascii():  # else a mislabel such as `iso-8859-1`
                    return checked_text(text, encoding), encoding
            except (LookupError, UnicodeDecodeError):
                pass
    text, encoding, _ = decode(data)
    return text, encoding


def _meta(root: lxml.html.HtmlElement, names: tuple[str, ...]) -> str:
    for name in names:
        for element in root.iter("meta"):
            if (element.get("name") or element.get("property") or "").lower() == name.lower():
                content = (element.get("content") or "").strip()
                if content:
                    return content
    return ""


def _page_title(root: lxml.html.HtmlElement) -> str:
    title = _meta(root, _TITLE_META)
    if not title:
        element = root.find(".//title")
        title = (element.text_content() if element is not None else "").split("_")[0].split("|")[0]
    return title.strip()


def _page_date(root: lxml.html.HtmlElement) -> str:
    """`时间：2024-03-08` as shown on the page, or the PubDate meta tag."""
    text = root.text_content()
    m = find("web_date", text)
    if m:
        return m[0]
    meta = _meta(root, _DATE_META)
    return f"时间：{meta}" if meta else ""


def _han_counts(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, int]:
    """Chinese characters in each element's text (its `text_content`), every text node read once:
    children before parents, each adding its own text and its children's counts and tails."""
    counts: dict[lxml.html.HtmlElement, int] = {}
    for element in reversed(list(root.iter())):
        n = _han(element.text) if isinstance(element.tag, str) else 0
        for child in element:
            n += counts.get(child, 0) + _han(child.tail)
        counts[element] = n
    return counts


def _han(text: str | None) -> int:
    return len(_HAN.findall(text)) if text else 0


def find_article(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The deepest element holding most of the page's running text (paragraph-like elements with
    enough Chinese characters, counted once for each element that holds them)."""
    counts = _han_counts(root)
    weight: dict[lxml.html.HtmlElement, int] = {}
    for element in root.iter(*_TEXT_BLOCKS):
        own = counts[element]
        if own >= _RUNNING_TEXT_MIN_HAN and not any(child.tag in _CONTAINERS for child in element):
            for ancestor in [element, *element.iterancestors()]:
                weight[ancestor] = weight.get(ancestor, 0) + own
    total = weight.get(root, 0)
    if not total:
        return root.find("body") if root.find("body") is not None else root
    best = root
    for element, w in weight.items():
        if w >= _BODY_SHARE * total and _depth(element) > _depth(best):
            best = element
    # Broken markup (`<p><div><table>`) can leave the statistics table beside the text, not in it:
    # climb while the parent adds tables but hardly any running text.
    parent = best.getparent()
    while (
        parent is not None
        and weight.get(parent, 0) <= _CLIMB_SHARE * weight[best]
        and _count_tables(parent) > _count_tables(best)
    ):
        best, parent = parent, parent.getparent()
    return best


def _count_tables(element: lxml.html.HtmlElement) -> int:
    return sum(1 for _ in element.iter("table"))


def _depth(element: lxml.html.HtmlElement) -> int:
    return sum(1 for _ in element.iterancestors())


def _blocks(element: lxml.html.HtmlElement, settings: ReadSettings, warnings: list[str]):
    """Paragraphs and tables of an element, in reading order."""
    buffer: list[str] = []

    def flush():
        text = "".join(buffer)
        buffer.clear()
        for line in text.split("\n"):
            if line.strip():
                yield Paragraph(raw=line.strip())

    def walk(node):
        if not isinstance(node.tag, str):  # comments, processing instructions
            if node.tail:
                buffer.append(node.tail)
            return
        if node.tag == "table" and not _is_layout_table(node):
            yield from flush()
            grid = table_grid(node, settings, warnings)
            if any(cell.raw for row in grid.rows for cell in row.cells):
                yield grid
        else:
            block = node.tag in _BLOCK
            if block:
                yield from flush()
            if node.tag == "br":
                buffer.append("\n")
            if node.text:
                buffer.append(node.text)
            for child in node:
                yield from walk(child)
            if block:
                yield from flush()
        if node.tail:
            buffer.append(node.tail)

    yield from walk(element)
    yield from flush()


def _is_layout_table(table: lxml.html.HtmlElement) -> bool:
    return any(len(cell.text_content().strip()) > _LAYOUT_CELL_CHARS for cell in table.iter("td", "th"))


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    """A cell's text with lines joined: `社会公益<br>组织` -> `社会公益组织`."""
    return " ".join(cell.text_content().split()).strip()


def table_grid(table: lxml.html.HtmlElement, settings: ReadSettings, warnings: list[str]) -> Table:
    """Rows of cells, each cell once with the grid columns it spans (rowspan and colspan laid out
    as a browser does). Spans are capped at the table's own rows and `settings.max_table_columns`;
    rows past `settings.max_table_rows` and cells past that column are cut, with a warning."""
    rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    if len(rows) > settings.max_table_rows:
        warnings.append(f"a web page table has {len(rows):,} rows: cut at {settings.max_table_rows:,}")
        rows = rows[: settings.max_table_rows]
    grid: list[Line] = []
    covered: dict[int, int] = {}  # column -> rows a rowspan above still covers
    for tr in rows:
        cells: list[Cell] = []
        column = 0
        for td in (c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")):
            while covered.get(column, 0) > 0:
                column += 1
            if column >= settings.max_table_columns:
                note = f"a web page table row has more than {settings.max_table_columns} columns: cut there"
                warnings.extend([note] if note not in warnings else [])
                break
            colspan = _span(td, "colspan", settings.max_table_columns - column)
            rowspan = _span(td, "rowspan", len(rows))
            cells.append(Cell(_cell_text(td), x0=column, x1=column + colspan))
            for c in range(column, column + colspan):
                covered[c] = max(covered.get(c, 0), rowspan)
            column += colspan
        covered = {c: n - 1 for c, n in covered.items() if n > 1}
        grid.append(Line(" | ".join(c.raw for c in cells), cells, ruled=True))
    return Table(grid)


def _span(cell: lxml.html.HtmlElement, name: str, most: int) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), most))
    except ValueError:
        return 1


def _owning_table(tr: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    return next(tr.iterancestors("table"), None)
