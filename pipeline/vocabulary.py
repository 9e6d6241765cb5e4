"""Domain vocabulary loaded from the data files in `pipeline/data/` (never written into code)."""

from __future__ import annotations

import csv
import functools
from importlib import resources

import regex

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


@functools.cache
def data_text(name: str) -> str:
    return resources.files("pipeline").joinpath("data", name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(data_text(name).splitlines()))


@functools.cache
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a data file, `#` comments dropped."""
    lines = (line.strip() for line in data_text(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@functools.cache
def patterns(name: str) -> tuple[regex.Pattern[str], ...]:
    """The patterns called `name` in `data/patterns.csv` (metadata fields, titles, dates)."""
    return tuple(regex.compile(r["pattern"]) for r in data_rows("patterns.csv") if r["name"] == name)


def find(name: str, text: str, anchored: bool = False) -> regex.Match[str] | None:
    """The first of the `name` patterns that matches `text` (searching, or at the start)."""
    for pattern in patterns(name):
        m = pattern.match(text) if anchored else pattern.search(text)
        if m:
            return m
    return None


@functools.cache
def header_patterns(table: str, role: str) -> tuple[regex.Pattern[str], ...]:
    """Patterns for a statistics table's header cells by role (`data/table_headers.csv`)."""
    return tuple(
        regex.compile(r["pattern"])
        for r in data_rows("table_headers.csv")
        if r["table"] == table and r["role"] == role
    )


@functools.cache
def units() -> tuple[str, ...]:
    return tuple(sorted(data_lines("units.txt"), key=len, reverse=True))


@functools.cache
def value_pattern() -> regex.Pattern[str]:
    """A cell or line that is only a number (with sign, unit or approximation), or a dash."""
    unit = "|".join(regex.escape(u) for u in units())
    return regex.compile(
        rf"^(?:约|近|超过)?[+-]?\d[\d,]*(?:\.\d+)?\s*(?:余|多)?\s*(?:{unit})?\s*(?:余|多)?$|^[-—–/]+$"
    )


def is_value(text: str) -> bool:
    """`42`, `0.5万元`, `+12`, `75394432.52元`, `-`: true; labels and sentences: false."""
    return bool(value_pattern().match(text.strip()))


def is_unit(text: str) -> bool:
    return text.strip() in units()


def chinese_number(text: str) -> int | None:
    """`三` -> 3, `十二` -> 12, `二十` -> 20, `二○一二` -> 2012 (digit by digit); None if not one."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens) if tens else 1
        o = _CN_DIGITS.get(ones) if ones else 0
        return None if t is None or o is None else t * 10 + o
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))
