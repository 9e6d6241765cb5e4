"""Report metadata: title, organization, report year, published date, contact.

The organization is chosen among candidates from every place a report states it, each cleaned of
field names and page furniture (`标题:`, `Page8-`; data files `field_names.txt`, `patterns.csv`)
and scored (`_SOURCE_WEIGHTS`, plus agreement between candidates): the `单位名称:` field of the
statistics table, the title line (`平潭综合实验区2015年度政府信息公开工作年度报告`), cue phrases of
the first sentences (`现公布…`, `本报告由…编制`, `…根据《条例》…编制本报告`), the signature above
the closing date, the web page's own title. `organization_full` is the longest candidate that
contains the chosen name (`重庆市荣昌区河包镇人民政府` for a title's `河包镇`).

The closing date (`2017年2月23日`, `二○一二年二月二十日`) wins over a date in brackets under the
title, which wins over a web page's date field (`时间:2016-01-12`, `发文日期 | 2018-02-28`).
"""

from __future__ import annotations

import datetime
import functools

import regex

from .divisions import place_of
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
_CUE_PARAGRAPHS = 12  # cue phrases stand in the first sentences after the title
_ORG_MIN_CHARS, _ORG_MAX_CHARS = 2, 40
_SOURCE_WEIGHTS = {"field": 5.0, "title": 4.0, "cue": 3.0, "signature": 2.5, "page_title": 2.0}
_SUFFIX_BONUS = 1.0
_AGREEMENT_BONUS = 1.0  # per other candidate naming the same agency (one name contains the other)


def extract_metadata(doc: Document) -> Metadata:
    paragraphs = [p.text for p in doc.paragraphs]
    meta = Metadata()
    title_index, meta.title, title_org, title_year = _find_title(doc.paragraphs)
    closing = _closing_date(paragraphs)
    under_title = _date_under_title(paragraphs, title_index)
    meta.published_date = (
        closing[0] if closing else under_title or _web_date([*paragraphs[:_HEAD_PARAGRAPHS], doc.page_date])
    )
    page_org = ""
    if doc.page_title:
        page_title = title_match(fold(doc.page_title))
        if page_title:
            page_org = page_title["org"]
            if not meta.title:
                meta.title, title_org = doc.page_title, page_org
                title_year = year_of(page_title)
    field_org, meta.contact = _unit_field(doc)
    cue_org, cue_year = _cue(paragraphs, title_index)
    candidates = [
        ("field", field_org),
        ("title", title_org),
        ("cue", cue_org),
        ("signature", _signature(paragraphs, closing[1]) if closing else ""),
        ("page_title", page_org),
    ]
    meta.organization, meta.organization_full = choose_organization(candidates)
    place = place_of(meta.organization_full)
    meta.province, meta.city, meta.county, meta.level = place.province, place.city, place.county, place.level
    meta.report_year = title_year or cue_year or _year_from_text(paragraphs, title_index)
    return meta


def clean_organization(name: str) -> str:
    """The name without spaces, field names and page furniture (`标题:XX街道办事处` -> `XX街道办事处`,
    `Page8-XX局` -> `XX局`); empty when what is left does not look like a name."""
    name = name.replace(" ", "").strip(":：,，。;；|｜-")
    changed = True
    while changed:
        before = name
        for pattern in patterns("org_furniture"):
            name = pattern.sub("", name)
        name = _field_name_prefix().sub("", name).strip(":：,，。;；|｜-")
        changed = name != before
    if not _ORG_MIN_CHARS <= len(name) <= _ORG_MAX_CHARS or not regex.search(r"\p{Han}", name):
        return ""
    return name


@functools.cache
def _field_name_prefix() -> regex.Pattern[str]:
    names = sorted(data_lines("field_names.txt"), key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(n) for n in names) + r")\s*[:：|｜]?")


def choose_organization(candidates: list[tuple[str, str]]) -> tuple[str, str]:
    """(organization, organization_full) from (source, name) candidates: the best-scored cleaned
    name, and the longest candidate that contains it."""
    named = [(source, clean_organization(name)) for source, name in candidates]
    named = [(source, name) for source, name in named if name]
    if not named:
        return "", ""

    def score(item: tuple[str, str]) -> float:
        source, name = item
        agreeing = sum(1 for _, other in named if other != name and (other in name or name in other))
        return (
            _SOURCE_WEIGHTS[source]
            + (_SUFFIX_BONUS if name.endswith(_org_suffixes()) else 0.0)
            + _AGREEMENT_BONUS * agreeing
        )

    best = max(named, key=score)[1]  # max keeps the first of equals: the stronger source
    full = max((name for _, name in named if best in name), key=len)
    return best, full


def _cue(paragraphs: list[str], title_index: int) -> tuple[str, int | None]:
    """The organization (and year) a cue phrase of the first sentences names."""
    start = max(title_index, 0)
    for text in paragraphs[start : start + _CUE_PARAGRAPHS]:
        m = find("org_cue", text.replace(" ", ""))
        if m:
            return m["org"], year_of(m)
    return "", None


def title_match(text: str) -> regex.Match[str] | None:
    """A match with groups `org` and the year when `text` reads like a report title."""
    text = text.replace(" ", "")
    if len(text) > _TITLE_MAX_CHARS:
        return None
    for gloss in patterns("pinyin_gloss"):
        text = gloss.sub("", text)
    return find("title", text.rstrip("。."), anchored=True)


def year_of(m: regex.Match[str]) -> int | None:
    """The `year` group of a title or cue match; None for the forms without one."""
    year = m.groupdict().get("year")
    return int(year) if year else None


def title_ending_at(blocks: list, end: int) -> tuple[int, regex.Match[str]] | None:
    """(first index, match) when the paragraphs just before `end` read as a title: one line, or
    a title wrapped over two or three short lines (`平潭综合实验区2019年` / `政府信息公开工作年度报告`)."""
    for width in range(1, min(_TITLE_MAX_LINES, end) + 1):
        window = blocks[end - width : end]
        if not all(isinstance(b, Paragraph) for b in window):
            return None
        if width > 1 and any(len(b.text) > _TITLE_LINE_CHARS for b in window):
            return None
        m = title_match("".join(b.text for b in window))
        if m:
            return end - width, m
    return None


def _find_title(paragraphs: list[Paragraph]) -> tuple[int, str, str, int | None]:
    """(index, title as written, organization in it, year) of the first title-like line(s)."""
    head = paragraphs[:_HEAD_PARAGRAPHS]
    for end in range(1, len(head) + 1):
        found = title_ending_at(head, end)
        if not found:
            continue
        i, m = found
        org, raw = m.group("org"), "".join(p.raw.strip() for p in head[i:end])
        if not org and i > 0 and _looks_like_org(head[i - 1].text):
            org = head[i - 1].text.replace(" ", "")
            raw = head[i - 1].raw.strip() + raw
        return i, raw, org, year_of(m)
    return -1, "", "", None


def _looks_like_org(text: str) -> bool:
    text = text.replace(" ", "")
    return 2 <= len(text) <= _SIGNATURE_MAX_CHARS and text.endswith(_org_suffixes())


def _org_suffixes() -> tuple[str, ...]:
    return tuple(data_lines("organization_suffixes.txt"))


def _year_from_text(paragraphs: list[str], title_index: int) -> int | None:
    """The first year a `year_in_text` pattern finds after the title; lines are searched together,
    so digits wrapped away from their `年` still count."""
    text = "\n".join(paragraphs[max(title_index, 0) :])
    for pattern in patterns("year_in_text"):
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
    """A date field of the page; its value may stand on the next line (`发文日期` / `2018-02-28`)."""
    m = find("web_date", "\n".join(p for p in paragraphs if p))
    return _to_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else ""


def _date_under_title(paragraphs: list[str], title_index: int) -> str:
    """`(2023年1月31日)` on the line right under the title."""
    if title_index < 0 or title_index + 1 >= len(paragraphs):
        return ""
    m = find("date_under_title", paragraphs[title_index + 1].replace(" ", ""))
    return _to_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else ""


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
