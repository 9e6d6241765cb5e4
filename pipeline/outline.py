"""Sections: the report's outline (一、 / (一) / 1. / (1) / 一是) with levels, parents and categories.

A heading runs to its first full stop when text follows on the same line
(`(一)主动公开情况。2024年...` -> heading `主动公开情况。`). Text before the first heading is the
`preamble`; `附件` starts the `attachment`. Categories come from keyword weights in
`data/categories.csv`, matched on the words of the segmenter (`segment.py`): the heaviest keyword
wins, ties go to the one named first, and a heading that names none takes its parent's category
(`other` at the top level).
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from dataclasses import dataclass

import regex

from .model import Document, Paragraph, Section
from .normalize import compact
from .numbering import Numbering, parse_numbering
from .segment import cut, keywords
from .vocabulary import data_lines, data_rows

_HEADING_MAX_CHARS = 80
_KEYWORDS_PER_SECTION = 5
_UNNUMBERED_MAX_CHARS = 30


@dataclass
class _Draft:
    level: int
    parent: _Draft | None
    heading: str
    heading_match: str
    category: str = ""
    body: list[str] | None = None
    is_list_item: bool = False


@functools.cache
def category_words() -> dict[str, tuple[str, int]]:
    """keyword -> (category, weight); every keyword is also a word to the segmenter."""
    return {row["keyword"]: (row["category"], int(row["weight"])) for row in data_rows("categories.csv")}


def classify_heading(heading: str) -> str:
    """The category a heading names, or empty when it names none.

    `存在的不足和下一步工作思路` -> `shortcomings` (不足 and 下一步 weigh the same; 不足 comes first).
    """
    vocabulary = category_words()
    tokens = cut(heading)
    best: tuple[int, int, str] | None = None
    start = 0
    bounds = []
    for token in tokens:
        bounds.append((start, token))
        start += len(token)
    for i, (position, _) in enumerate(bounds):
        phrase = ""
        for _, token in bounds[i : i + 4]:  # a keyword may span up to four words
            phrase += token
            if phrase in vocabulary:
                category, weight = vocabulary[phrase]
                candidate = (-weight, position, category)
                if best is None or candidate < best:
                    best = candidate
    return best[2] if best else ""


def extract_sections(doc: Document, start: int = 0, end: int | None = None) -> list[Section]:
    """The outline of the paragraphs in blocks[start:end], in document order."""
    blocks = doc.blocks[start:end]
    preamble = _Draft(level=0, parent=None, heading="", heading_match="", category="preamble", body=[])
    drafts: list[_Draft] = [preamble]
    current = preamble
    pieces = (piece for block in blocks if isinstance(block, Paragraph) for piece in _split_run_in(block))
    for block in pieces:
        if not block.text:
            continue
        heading = _heading_of(block, current)
        if heading is None:
            current.body.append(block.raw.strip())
            continue
        drafts.append(heading)
        current = heading
    if not preamble.body:
        drafts.remove(preamble)
    return _number(drafts)


def _heading_of(block: Paragraph, current: _Draft) -> _Draft | None:
    """A new section if this paragraph starts with a heading; its trailing text goes to the body."""
    text = block.text
    if text.startswith(data_lines("attachment_starts.txt")):
        return _Draft(
            level=1,
            parent=None,
            heading=block.raw.strip(),
            heading_match=text,
            category="attachment",
            body=[],
        )
    numbering = parse_numbering(text)
    if numbering is None:
        return _unnumbered_heading(block)
    heading, rest = _split_heading(text[numbering.prefix_len :], numbering.style in ("cn", "part"))
    if heading is None:
        return None
    raw = _strip_raw_number(block.raw, numbering)
    raw_heading, raw_rest = (
        (raw[: len(raw) - len(rest)].strip(), raw[len(raw) - len(rest) :].strip()) if rest else (raw, "")
    )
    level, parent = _place(numbering, current)
    return _Draft(
        level=level,
        parent=parent,
        heading=raw_heading,
        heading_match=heading,
        body=[raw_rest] if raw_rest else [],
        is_list_item=numbering.level == 0,
    )


@functools.cache
def _section_titles() -> tuple[str, ...]:
    return tuple(compact(title) for title in data_lines("section_titles.txt"))


def _unnumbered_heading(block: Paragraph) -> _Draft | None:
    """A canonical 2019+ section title without its number, e.g. `收到和处理政府信息公开申请情况`."""
    text = compact(block.text).rstrip("。")
    if len(text) > _UNNUMBERED_MAX_CHARS or not text.startswith(_section_titles()):
        return None
    return _Draft(level=1, parent=None, heading=block.raw.strip(), heading_match=block.text, body=[])


@functools.cache
def _run_in_heading() -> regex.Pattern[str]:
    """A sentence stop followed by a numbered top-level heading of the 2019+ format."""
    titles = "|".join(regex.escape(t) for t in _section_titles())
    return regex.compile(rf"(?<=。)(?=\s*[一二三四五六七八九十]{{1,2}}\s*[、.]\s*(?:{titles}))")


def _split_run_in(block: Paragraph) -> list[Paragraph]:
    """A paragraph that swallowed the next heading (a PDF or Word export that lost its line break:
    `…工作水平。二、主动公开政府信息情况…`) is cut before the heading, after the k-th `。`."""
    cuts = [m.start() for m in _run_in_heading().finditer(block.text)]
    if not cuts:
        return [block]
    stops = [block.text[:cut].count("。") for cut in cuts]
    raw_stops = [i + 1 for i, ch in enumerate(block.raw) if ch == "。"]
    if len(raw_stops) != block.text.count("。"):
        return [block]
    bounds = [0, *(raw_stops[n - 1] for n in stops), len(block.raw)]
    text_bounds = [0, *cuts, len(block.text)]
    return [
        Paragraph(block.raw[a:b].strip(), block.text[c:d].strip())
        for (a, b), (c, d) in zip(itertools.pairwise(bounds), itertools.pairwise(text_bounds), strict=True)
    ]


def _split_heading(text: str, top_level: bool = False) -> tuple[str | None, str]:
    """(heading, rest) for an inline heading; (None, '') when the line is a long numbered sentence.
    A top-level heading of the 2019+ format that lost its line break ends with its title
    (`总体情况2024年，本区…` -> `总体情况`)."""
    if top_level:
        compacted = text.replace(" ", "")
        title = next((t for t in _section_titles() if compacted.startswith(t)), None)
        if title is not None and len(compacted) > len(title) and compacted[len(title)] not in "。.,，:：":
            cut = _prefix_length(text, title)
            return text[:cut], text[cut:]
    stop = text.find("。")
    if 0 <= stop < len(text) - 1:
        return text[: stop + 1], text[stop + 1 :]
    if len(text) <= _HEADING_MAX_CHARS:
        return text, ""
    return None, ""


def _prefix_length(text: str, compacted: str) -> int:
    """How many characters of `text` spell `compacted` when spaces are left out."""
    seen = 0
    for i, ch in enumerate(text):
        if ch != " ":
            seen += 1
        if seen == len(compacted):
            return i + 1
    return len(text)


def _strip_raw_number(raw: str, numbering: Numbering) -> str:
    """The raw paragraph without its number; NFKC keeps the length of every numbering character."""
    raw = raw.strip()
    folded_prefix = unicodedata.normalize("NFKC", raw)
    prefix = parse_numbering(folded_prefix)
    cut = prefix.prefix_len if prefix else numbering.prefix_len
    return raw[cut:].strip()


def _place(numbering: Numbering, current: _Draft) -> tuple[int, _Draft | None]:
    """Level and parent: fixed levels for 一、/(一)/1./(1); 一是 lists sit one below their heading."""
    anchor: _Draft | None = current
    if numbering.level == 0:
        while anchor is not None and anchor.is_list_item:
            anchor = anchor.parent
        level = (anchor.level if anchor else 0) + 1
        return level, anchor if anchor and anchor.level > 0 else None
    level = numbering.level
    while anchor is not None and anchor.level >= level:
        anchor = anchor.parent
    return level, anchor if anchor and anchor.level > 0 else None


def _number(drafts: list[_Draft]) -> list[Section]:
    numbers: dict[int, int] = {}
    sections = []
    for no, draft in enumerate(drafts, start=1):
        numbers[id(draft)] = no
        parent_no = numbers.get(id(draft.parent)) if draft.parent else None
        category = draft.category or classify_heading(draft.heading_match)
        if not category:
            category = next((s.category for s in sections if s.section_no == parent_no), "other")
        draft.category = category
        text = "\n".join(draft.body or [])
        sections.append(
            Section(
                section_no=no,
                level=draft.level,
                parent_no=parent_no,
                heading=draft.heading,
                category=category,
                text=text,
                keywords=_keywords(text),
            )
        )
    return sections


def _keywords(text: str) -> str:
    return " ".join(keywords(text, _KEYWORDS_PER_SECTION)) if text else ""
