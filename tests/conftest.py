"""Shared fixtures: real reports under ../shared/corpus-real (skipped with a reason when absent)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import pipeline
from pipeline.detect import detect_format
from pipeline.model import Document, ReportResult
from pipeline.readers import ReadSettings, reader_for

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
REAL = SHARED / "corpus-real"
SEED = PROJECT / "corpus" / "微山县科技局2016年政府信息公开工作年度报告.txt"


def real_file(relative: str) -> Path:
    path = REAL / relative
    if not path.exists():
        pytest.skip(f"real corpus file {relative} not found: ../shared is absent in this clone")
    return path


# What every run writes (run.json aside, which carries times and differs between runs).
OUTPUT_FILES = [
    "reports.csv",
    "sections.csv",
    "statistics.csv",
    "findings.csv",
    "statistics_wide.csv",
    "panel.csv",
    "datapackage.json",
]

_cache: dict[Path, ReportResult] = {}


def processed(relative: str) -> ReportResult:
    """`pipeline.process` of a real corpus file, computed once per test session."""
    path = real_file(relative)
    if path not in _cache:
        _cache[path] = pipeline.process(path, REAL)
    return _cache[path]


def read_document(relative: str) -> Document:
    """The reader's `Document` of a real corpus file (before any analysis)."""
    path = real_file(relative)
    data = path.read_bytes()
    return reader_for(detect_format(data, path)).read(data, ReadSettings())


def value_of(result: ReportResult, indicator_id: str, column: str = "value") -> float | None:
    rows = [s for s in result.statistics if s.indicator_id == indicator_id and s.column == column]
    assert len(rows) == 1, f"{indicator_id}:{column}: {len(rows)} rows"
    return rows[0].value


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def seed() -> ReportResult:
    return pipeline.process(SEED, SEED.parent)
