"""The canonical indicator catalogue (`data/indicators.csv`, `data/columns.csv`, copies of the spec),
with English labels from `data/indicators_en.csv` and `data/columns_en.csv` (kept beside the spec copies
so that those stay equal to the spec).

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


@dataclass(frozen=True, eq=False)  # one object per catalogue row: compared and hashed by identity
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
    label_en: str = ""  # short English label (data/indicators_en.csv)


@dataclass(frozen=True)
class Column:
    table: str
    column: str
    labels: tuple[str, ...]
    versions: str
    applies_to: tuple[str, ...]
    label_en: str = ""  # short English label (data/columns_en.csv)


@functools.lru_cache(maxsize=1 << 16)
def label_key(label: str) -> str:
    """The matching key of a row label (see module docstring)."""
    return compacted_key(compact(label))


def compacted_key(text: str) -> str:
    """`label_key` of a label already folded and without spaces."""
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
    english = {r["indicator_id"]: r["label_en"] for r in data_rows("indicators_en.csv")}
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
            label_en=english.get(r["indicator_id"], ""),
        )
        for i, r in enumerate(rows)
    )


@functools.cache
def by_id() -> dict[str, Indicator]:
    return {ind.indicator_id: ind for ind in indicators()}


@functools.cache
def columns() -> tuple[Column, ...]:
    english = {(r["table"], r["column"]): r["label_en"] for r in data_rows("columns_en.csv")}
    return tuple(
        Column(
            table=r["table"],
            column=r["column"],
            labels=tuple(r["label"].split("|")),
            versions=r["versions"],
            applies_to=tuple(a for a in r["applies_to"].split("|") if a),
            label_en=english.get((r["table"], r["column"]), ""),
        )
        for r in data_rows("columns.csv")
    )
