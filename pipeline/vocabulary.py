"""Domain vocabulary loaded from the data files in `pipeline/data/` (never written into code)."""

from __future__ import annotations

import csv
import functools
from importlib import resources

import regex

_DIGITS = "零一二三四五六七八九"
_MAX_NUMERAL_CHARS = 8  # years and outline numbers; longer is not a number a report writes
# Digits as written, with the other zeros (`二○一二`, `二〇二〇`, a letter O) and 两.
_CN_DIGITS = {ch: n for n, ch in enumerate(_DIGITS)} | {"〇": 0, "○": 0, "O": 0, "两": 2}


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
def units() -> tuple[str, ...]:
    return tuple(sorted(data_lines("units.txt"), key=len, reverse=True))


_DASH = regex.compile(r"^[-—–/]+$")


@functools.cache
def number_pattern() -> regex.Pattern[str]:
    """A cell that is one number: sign, digits, approximation words and a unit around it
    (`+12`, `0.5万元`, `42余`, `约42条`); groups `pre`, `num`, `post1`, `unit`, `post2`."""

    def alternatives(words: list[str]) -> str:
        return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))

    words = data_rows("number_words.csv")
    before = alternatives([w["word"] for w in words if w["role"] == "before"])
    after = alternatives([w["word"] for w in words if w["role"] == "after"])
    unit = alternatives(list(units()))
    return regex.compile(
        rf"^(?P<pre>{before})?(?P<num>[+-]?\d[\d,]*(?:\.\d+)?)\s*(?P<post1>{after})?\s*(?P<unit>{unit})?\s*"
        rf"(?P<post2>{after})?$"
    )


def is_value(text: str) -> bool:
    """`42`, `0.5万元`, `+12`, `75394432.52元`, `-`: true; labels and sentences: false."""
    text = text.strip()
    return bool(number_pattern().match(text) or _DASH.match(text))


def is_unit(text: str) -> bool:
    return text.strip() in units()


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 99 -> 九十九 (enough for outline numbers)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_number(text: str) -> int | None:
    """`三` -> 3, `十二` -> 12, `二十` -> 20, `二○一二` -> 2012 (digit by digit); None if not one."""
    text = text.strip()
    if not text or len(text) > _MAX_NUMERAL_CHARS:
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
