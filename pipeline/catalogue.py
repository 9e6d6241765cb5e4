"""The canonical indicator catalogue (`data/indicators.csv`, `data/columns.csv`, copies of the spec).

Rows are matched by a label key: the label folded (full-width, traditional, spaces), without its
outline number, a leading `其中:`, notes in parentheses and trailing punctuation.
`其中：1、政府网站公开数` -> `政府网站公开数`;
`(二)部分公开(区分处理的,只计这一情形,不计其他情形)` -> `部分公开`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .normalize import compact
from .numbering import parse_numbering
from .vocabulary import data_rows

_WHICH_OF = regex.compile(r"^其中\s*[:：]?")
_NOTE = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]|（[^（）]*）")
_TRAILING = regex.compile(r"[\s.,;:、。,;:]+$")


@dataclass(frozen=True)
class Indicator:
    table: str
    indicator_id: str
    parent_id: str
    label: str
    unit: str
    versions: str
    kind: str
    aliases: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class Column:
    table: str
    column: str
    labels: tuple[str, ...]
    versions: str
    applies_to: tuple[str, ...]


@functools.lru_cache(maxsize=1 << 16)
def label_key(label: str) -> str:
    """The matching key of a row label (see module docstring)."""
    text = compact(label)
    for _ in range(3):  # `其中:1、x`, `1.其中:x`, `(一)1.x`
        text = _WHICH_OF.sub("", text)
        numbering = parse_numbering(text)
        if numbering is None or numbering.level == 0:
            break
        text = text[numbering.prefix_len :]
    previous = None
    while previous != text:
        previous, text = text, _NOTE.sub("", text)
    return _TRAILING.sub("", text)


@functools.cache
def indicators() -> tuple[Indicator, ...]:
    rows = data_rows("indicators.csv")
    return tuple(
        Indicator(
            table=r["table"],
            indicator_id=r["indicator_id"],
            parent_id=r["parent_id"],
            label=r["label"],
            unit=r["unit"],
            versions=r["versions"],
            kind=r["kind"],
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            order=i,
        )
        for i, r in enumerate(rows)
    )


@functools.cache
def by_id() -> dict[str, Indicator]:
    return {ind.indicator_id: ind for ind in indicators()}


@functools.cache
def by_key() -> dict[str, tuple[Indicator, ...]]:
    """label key -> catalogue rows with that label or alias (several where the label repeats)."""
    index: dict[str, list[Indicator]] = {}
    for ind in indicators():
        for label in (ind.label, *ind.aliases):
            bucket = index.setdefault(label_key(label), [])
            if ind not in bucket:
                bucket.append(ind)
    return {key: tuple(rows) for key, rows in index.items()}


def children(indicator_id: str) -> list[Indicator]:
    return [ind for ind in indicators() if ind.parent_id == indicator_id]


@functools.cache
def columns() -> tuple[Column, ...]:
    return tuple(
        Column(
            table=r["table"],
            column=r["column"],
            labels=tuple(r["label"].split("|")),
            versions=r["versions"],
            applies_to=tuple(a for a in r["applies_to"].split("|") if a),
        )
        for r in data_rows("columns.csv")
    )


@functools.cache
def column_ids(table: str) -> tuple[str, ...]:
    """A multi-column table's column ids in the official order; variants (`小计`) left out."""
    return tuple(c.column for c in columns() if c.table == table and c.versions != "variant")


@functools.cache
def indicator_ids(table: str) -> tuple[str, ...]:
    """A table's catalogue rows in order (for table 4: 行政复议, 未经复议直接起诉, 复议后起诉)."""
    return tuple(ind.indicator_id for ind in indicators() if ind.table == table)


@functools.lru_cache(maxsize=1 << 14)
def column_for_header(table: str, header: str) -> str | None:
    """The column id whose label matches a header cell (`本年新制作数量` -> `new_made`)."""
    key = compact(header)
    for column in columns():
        if column.table != table:
            continue
        for label in column.labels:
            # `法人或其他组织:商业企业` is written as `商业企业` under its group header.
            if key in (compact(label), compact(label.split(":")[-1])):
                return column.column
    return None
