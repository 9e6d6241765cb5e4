"""Statistics table templates: what a document's table is aligned to (see `recovery.py`).

For each table of the catalogue: its rows in order with their parents (`indicators.csv`), the
column layouts a row can have in each template version (`layouts.csv`, column ids from
`columns.csv`) and the words of its header (`table_headers.csv` and the column labels).

Labels are matched in two forms: the `surface` form keeps the outline number (`(三)不予公开`),
the `key` drops numbering, notes and `其中` (`不予公开`, see `catalogue.label_key`). Every prefix
of every form is indexed, so a label wrapped over lines or set one character per line is
recognised fragment by fragment: `(三` -> `(三)不` -> `(三)不予公开`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from . import catalogue
from .catalogue import Indicator, compacted_key, label_key
from .normalize import compact
from .vocabulary import data_rows

_QUOTES = regex.compile(r"[“”‘’\"'「」『』]")
_OPEN_NOTE = regex.compile(r"[(\[][^()\[\]]*$")
# An outline number that lost one of its brackets (OCR drops them at a cell's edge): `(五不予处理`,
# `五)不予处理` -> `(五)不予处理`.
_UNCLOSED_NUMBER = regex.compile(r"^\(([一二三四五六七八九十]{1,3})(?=[^)一二三四五六七八九十])")
_UNOPENED_NUMBER = regex.compile(r"^([一二三四五六七八九十]{1,3})\)")


def surface(text: str) -> str:
    """The label as written, compacted: `（三）不予公开` -> `(三)不予公开`, `1、` -> `1.`."""
    return _QUOTES.sub("", compact(text)).replace("、", ".")


def key(text: str) -> str:
    """The label without numbering, notes and `其中` (quotes dropped): `(三)不予公开` -> `不予公开`."""
    return label_key(_QUOTES.sub("", text))


def key_prefix(text: str) -> str:
    """The key of a label that may be cut off inside a note: `部分公开(区分处理的,只计` -> `部分公开`."""
    return key(_OPEN_NOTE.sub("", compact(text)))


@dataclass(frozen=True)
class Forms:
    """The matching forms of a piece of label text that is already folded (`normalize.fold`)."""

    surface: str
    key: str
    key_prefix: str
    opens_note: bool


@functools.lru_cache(maxsize=1 << 16)
def forms(folded: str) -> Forms:
    """`surface`, `key` and `key_prefix` of folded text, without folding it again (the reader's
    tokens are folded once; their concatenations are looked up many times)."""
    bare = _QUOTES.sub("", folded.replace(" ", ""))
    bare = _UNOPENED_NUMBER.sub(r"(\1)", _UNCLOSED_NUMBER.sub(r"(\1)", bare))
    closed = _OPEN_NOTE.sub("", bare)
    return Forms(bare.replace("、", "."), compacted_key(bare), compacted_key(closed), closed != bare)


@dataclass(frozen=True, eq=False)  # one object per header word: compared and hashed by identity
class HeaderWord:
    """A header cell: a column label (`column` set) or a word that only marks the header."""

    table: str
    role: str  # column, label, unit, value, cumulative, block, group, note, marker
    text: str
    column: str = ""  # a column id, or `unit` for the unit column of the old 统计表
    pattern: regex.Pattern[str] | None = None  # for words with a year in them (`YYYY年度`)


Item = Indicator | HeaderWord


@dataclass(frozen=True)
class Layout:
    """The columns a row has in one version of a table, in the order printed."""

    name: str
    rows: frozenset[str] | None  # indicator ids; None: every row of the table
    columns: tuple[str, ...]


@dataclass
class Template:
    table: str
    rows: tuple[Indicator, ...]
    layouts: tuple[Layout, ...]
    header: tuple[HeaderWord, ...]
    prefixes: dict[str, list[Item]] = field(default_factory=dict)
    exact: dict[str, list[Item]] = field(default_factory=dict)
    item_forms: dict[Item, frozenset[str]] = field(default_factory=dict)
    next_chars: dict[str, set[str]] = field(default_factory=dict)  # prefix -> what can follow it
    row_keys: dict[str, Indicator] = field(default_factory=dict)  # for labels with a typo

    @property
    def unlabeled(self) -> bool:
        """Table 4: its rows are blocks of columns over one line of numbers, not labelled rows."""
        return all(layout.rows is not None and not layout.rows for layout in self.layouts)

    def layouts_for(self, indicator_id: str | None, named: set[str] | None = None) -> list[Layout]:
        """The layouts a row can have; with the columns a header `named`, those it names (the
        widest first: a header with `小计` names the variant with a subtotal column)."""
        layouts = [
            layout
            for layout in self.layouts
            if layout.rows is None or (indicator_id is not None and indicator_id in layout.rows)
        ] or list(self.layouts)
        if named:
            fitting = [layout for layout in layouts if set(layout.columns) <= named]
            if fitting:
                return sorted(fitting, key=lambda layout: -len(layout.columns))
            return sorted(layouts, key=lambda layout: -len(named & set(layout.columns)))
        return layouts

    def order(self, indicator: Indicator) -> int:
        return indicator.order

    def column_label(self, column: str) -> HeaderWord | None:
        return next((w for w in self.header if w.column == column), None)


def _forms(item: Item) -> set[str]:
    if isinstance(item, HeaderWord):
        if item.pattern is not None:
            return set()
        found = {surface(item.text), key(item.text)}
        if ":" in item.text:  # `法人或其他组织:商业企业` is printed as `商业企业` under its group
            found |= {surface(item.text.split(":")[-1])}
        return {f for f in found if f}
    labels = (item.label, *item.aliases)
    return {f for label in labels for f in (surface(label), key(label)) if f}


def _index(template: Template) -> None:
    template.row_keys = {key(row.label): row for row in template.rows}
    for item in (*template.rows, *template.header):
        template.item_forms[item] = frozenset(_forms(item))
        for form in _forms(item):
            bucket = template.exact.setdefault(form, [])
            if item not in bucket:
                bucket.append(item)
            for end in range(1, len(form) + 1):
                bucket = template.prefixes.setdefault(form[:end], [])
                if item not in bucket:
                    bucket.append(item)
            for end in range(len(form)):
                template.next_chars.setdefault(form[:end], set()).add(form[end])


def _header_words(table: str) -> tuple[HeaderWord, ...]:
    words = []
    for r in data_rows("table_headers.csv"):
        if r["table"] != table:
            continue
        pattern = None
        if "YYYY" in r["text"]:
            pattern = regex.compile("^" + regex.escape(surface(r["text"])).replace("YYYY", r"\d{4}") + "$")
        column = r["role"] if r["role"] in ("value", "cumulative", "unit") else ""
        words.append(HeaderWord(table, r["role"], r["text"], column, pattern))
    for column in catalogue.columns():
        if column.table == table:
            for label in column.labels:
                words.append(HeaderWord(table, "column", label, column.column))
    return tuple(words)


def _layouts(table: str) -> tuple[Layout, ...]:
    layouts = []
    for r in data_rows("layouts.csv"):
        if r["table"] != table:
            continue
        rows = None if r["rows"] == "*" else frozenset(f"{table}.{x}" for x in r["rows"].split("|") if x)
        layouts.append(Layout(r["layout"], rows, tuple(r["columns"].split("|"))))
    return tuple(layouts)


@functools.cache
def templates() -> dict[str, Template]:
    """Every statistics table's template, by table name, in catalogue order."""
    out: dict[str, Template] = {}
    for indicator in catalogue.indicators():
        if indicator.table not in out:
            table = indicator.table
            out[table] = Template(
                table=table,
                rows=tuple(i for i in catalogue.indicators() if i.table == table),
                layouts=_layouts(table),
                header=_header_words(table),
            )
    for template in out.values():
        _index(template)
    return out


@functools.cache
def anchors() -> dict[str, list[Item]]:
    """Complete forms of every table's row labels and header words: what can start a table."""
    index: dict[str, list[Item]] = {}
    for template in templates().values():
        for form, items in template.exact.items():
            index.setdefault(form, []).extend(items)
    return index


def header_pattern_match(table: str, text: str) -> HeaderWord | None:
    """A header word given as a pattern (`2015年度`), or None."""
    form = surface(text)
    for word in templates()[table].header:
        if word.pattern is not None and word.pattern.match(form):
            return word
    return None
