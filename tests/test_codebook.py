"""CODEBOOK.md is what `python -m pipeline.codebook` writes now, and names every indicator in English."""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT

from pipeline import catalogue, writer
from pipeline.codebook import codebook_markdown
from pipeline.vocabulary import data_rows

REGENERATE = "run `.venv/bin/python -m pipeline.codebook > CODEBOOK.md`"


def test_committed_codebook_is_current() -> None:
    committed = (PROJECT / "CODEBOOK.md").read_text(encoding="utf-8")
    assert committed == codebook_markdown(), f"CODEBOOK.md is out of date: {REGENERATE}"


def test_script_writes_the_codebook() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.codebook"], cwd=PROJECT, capture_output=True, check=True
    )
    assert result.stdout.decode("utf-8") == codebook_markdown()


def test_every_indicator_has_an_english_label_in_the_codebook() -> None:
    text = codebook_markdown()
    rows = {line.split(" | ")[0].strip("| `"): line for line in text.splitlines() if line.startswith("| `")}
    for ind in catalogue.indicators():
        assert ind.label_en.strip(), f"{ind.indicator_id} has no English label (data/indicators_en.csv)"
        assert ind.indicator_id in rows, f"{ind.indicator_id} missing from the codebook"
        assert f"| {ind.label_en} |" in rows[ind.indicator_id]


def test_english_labels_match_the_catalogue() -> None:
    """The English label files list exactly the catalogue's rows, in its order, each once."""
    assert [r["indicator_id"] for r in data_rows("indicators_en.csv")] == [
        ind.indicator_id for ind in catalogue.indicators()
    ]
    assert [(r["table"], r["column"]) for r in data_rows("columns_en.csv")] == [
        (c.table, c.column) for c in catalogue.columns()
    ]
    assert all(c.label_en.strip() for c in catalogue.columns())


def test_codebook_lists_every_output_field() -> None:
    text = codebook_markdown()
    for name, (fields, _, _) in writer.TABLES.items():
        section = text.split(f"### `{name}.csv`", 1)[1].split("\n### ", 1)[0]
        for f in fields:
            assert f"| `{f.name}` | {f.type} |" in section, f"{name}.{f.name}"
