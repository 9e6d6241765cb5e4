"""Report metadata: title, organization, report year, published date, contact.

Sources, strongest first: the `单位名称:` field of the statistics table, the title line
(`平潭综合实验区2015年度政府信息公开工作年度报告`), the signature above the closing date, the
opening sentence. The closing date (`2017年2月23日`, `二○一二年二月二十日`) wins over a web page's
`时间:2016-01-12`.
"""

from __future__ import annotations

import datetime

import regex

from .model import Document, Metadata, Paragraph
from .normalize import fold
from .vocabulary import chinese_number, data_lines, find, patterns

_TITLE_MAX_CHARS = 70
_TITLE_MAX_LINES = 3
_TITLE_LINE_CHARS = 40
_DATE_ARABIC = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_DATE_CHINESE = regex.compile(
    r"(?P<y>[〇○零Oo一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日"
)
_SIGNATURE_MAX_CHARS = 40
_HEAD_PARAGRAPHS = 120


def extract_metadata(doc: Document) -> Metadata:
    paragraphs = [p.text for p in doc.paragraphs]
    meta = Metadata()
    title_index, meta.title, title_org, title_year = _find_title(doc.paragraphs)
    closing = _closing_date(paragraphs)
    meta.published_date = (
        closing[0] if closing else _web_date([*paragraphs[:_HEAD_PARAGRAPHS], doc.page_date])
    )
    if not meta.title and doc.page_title:
        page_title = title_match(fold(doc.page_title))
        if page_title:
            meta.title, title_org, title_year = doc.page_title, page_title["org"], int(page_title["year"])
    signature = _signature(paragraphs, closing[1]) if closing else ""
    field_org, meta.contact = _unit_field(doc)
    meta.organization = _clean_org(field_org or title_org or signature)
    meta.report_year = title_year or _year_from_text(paragraphs, title_index)
    return meta


def title_match(text: str) -> regex.Match[str] | None:
    """A match with groups `org` and the year when `text` reads like a report title."""
    text = text.replace(" ", "")
    if len(text) > _TITLE_MAX_CHARS:
        return None
    return find("title", text, anchored=True)


def _find_title(paragraphs: list[Paragraph]) -> tuple[int, str, str, int | None]:
    """(index, title as written, organization in it, year) of the first title-like line; a title
    wrapped over two or three short lines (`…工作年` / `度报告`) is read whole."""
    head = paragraphs[:_HEAD_PARAGRAPHS]
    for end in range(1, len(head) + 1):
        for width in range(1, min(_TITLE_MAX_LINES, end) + 1):
            i = end - width
            window = head[i:end]
            if width > 1 and any(len(p.text) > _TITLE_LINE_CHARS for p in window):
                break
            m = title_match("".join(p.text for p in window))
            if not m:
                continue
            org, raw = m.group("org"), "".join(p.raw.strip() for p in window)
            if not org and i > 0 and _looks_like_org(head[i - 1].text):
                org = head[i - 1].text.replace(" ", "")
                raw = head[i - 1].raw.strip() + raw
            return i, raw, org, int(m["year"])
    return -1, "", "", None


def _looks_like_org(text: str) -> bool:
    text = text.replace(" ", "")
    return 2 <= len(text) <= _SIGNATURE_MAX_CHARS and text.endswith(_org_suffixes())


def _org_suffixes() -> tuple[str, ...]:
    return tuple(data_lines("organization_suffixes.txt"))


def _year_from_text(paragraphs: list[str], title_index: int) -> int | None:
    start = max(title_index, 0)
    for pattern in patterns("year_in_text"):
        for text in paragraphs[start:]:
            m = pattern.search(text)
            if m:
                return int(m["year"])
    return None


def _to_date(y: int | None, m: int | None, d: int | None) -> str:
    try:
        return datetime.date(y or 0, m or 0, d or 0).isoformat()
    except (ValueError, TypeError):
        return ""


def parse_date(text: str) -> str:
    """`2017年2月23日` or `二○一二年二月二十日` -> ISO date; empty when not a valid date."""
    m = _DATE_ARABIC.search(text)
    if m:
        return _to_date(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _DATE_CHINESE.search(text)
    if m:
        year = chinese_number(m["y"].replace("o", "〇").replace("O", "〇"))
        return _to_date(year, chinese_number(m["m"]), chinese_number(m["d"]))
    return ""


def _closing_date(paragraphs: list[str]) -> tuple[str, int] | None:
    """The last paragraph that is a date, possibly after a short signature: (date, index)."""
    for i in range(len(paragraphs) - 1, -1, -1):
        text = paragraphs[i].replace(" ", "")
        m = _DATE_ARABIC.search(text) or _DATE_CHINESE.search(text)
        if m and m.end() == len(text) and m.start() <= _SIGNATURE_MAX_CHARS:
            date = parse_date(text)
            if date:
                return date, i
    return None


def _signature(paragraphs: list[str], date_index: int) -> str:
    """The signing organization: before the date on its line, or the short line above it."""
    line = paragraphs[date_index]
    date = _DATE_ARABIC.search(line) or _DATE_CHINESE.search(line)
    same_line = line[: date.start()] if date else ""
    if _looks_like_org(same_line):
        return same_line.replace(" ", "")
    if date_index > 0 and _looks_like_org(paragraphs[date_index - 1]):
        return paragraphs[date_index - 1].replace(" ", "")
    return ""


def _web_date(paragraphs: list[str]) -> str:
    for text in paragraphs:
        m = find("web_date", text)
        if m:
            return _to_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return ""


def _unit_field(doc: Document) -> tuple[str, str]:
    """`单位名称:微山县科技局联系人及电话:8222458` -> (`微山县科技局`, `8222458`), in text or table cells."""
    texts = [p.text for p in doc.paragraphs]
    texts += [cell.text for table in doc.tables for row in table.rows[:3] for cell in row.cells]
    for text in texts:
        m = find("unit_field", text)
        if m:
            contact = find("contact_field", text)
            return m["org"], contact["contact"] if contact else ""
    return "", ""


def _clean_org(org: str) -> str:
    return org.replace(" ", "").strip(":：,，。")
