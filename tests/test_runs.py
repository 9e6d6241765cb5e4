"""Batch runs that scale: incremental, resumable after a kill, locked, time-limited, any executor."""

from __future__ import annotations

import concurrent.futures
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import filelock
import pytest
from bad_corpus import make_bad_corpus
from conftest import OUTPUT_FILES, PROJECT, REAL, SEED, read_csv

import pipeline
from pipeline import batch
from pipeline.executors import Limits, _result_of
from pipeline.readers import ReadSettings


def _same_outputs(one: Path, two: Path) -> None:
    for name in OUTPUT_FILES:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def _small_corpus(folder: Path, copies: int = 1) -> Path:
    """The seed in its three formats, plus variants with different bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".txt", ".docx", ".pdf"):
        shutil.copy(SEED.with_suffix(suffix), folder / f"seed{suffix}")
    text = SEED.read_text(encoding="utf-8")
    for n in range(copies):
        (folder / f"variant-{n:03d}.txt").write_text(text.replace("42余条", f"{42 + n}条"), encoding="utf-8")
    return folder


def test_bad_corpus_every_file_has_a_plain_error_and_memory_stays_bounded(tmp_path):
    expected = make_bad_corpus(tmp_path / "bad")
    summary = pipeline.run(tmp_path / "bad", tmp_path / "out", jobs=2)
    rows = {r["source_path"]: r for r in read_csv(tmp_path / "out" / "reports.csv")}
    assert set(rows) == set(expected)
    for name, error in expected.items():
        assert rows[name]["error"].startswith(error), (name, rows[name]["error"])
        assert (rows[name]["status"] == "ok") == (error == ""), name
    assert summary.files == len(expected)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, f"a worker peaked at {peak_mb:.0f} MB"


def test_rerun_redoes_only_what_changed(tmp_path):
    corpus = _small_corpus(tmp_path / "c", copies=4)
    out = tmp_path / "out"
    first = pipeline.run(corpus, out, jobs=2)
    assert (first.processed, first.reused) == (7, 0)
    again = pipeline.run(corpus, out, jobs=2)
    assert (again.processed, again.reused, again.outputs_written) == (0, 7, False)
    (corpus / "variant-000.txt").write_text(
        SEED.read_text(encoding="utf-8") + "\n追加一行。", encoding="utf-8"
    )
    (corpus / "variant-001.txt").unlink()
    shutil.copy(SEED, corpus / "new.txt")
    os.utime(corpus / "variant-002.txt", ns=(1, 1))  # same bytes, new mtime
    third = pipeline.run(corpus, out, jobs=2)
    assert (third.processed, third.reused, third.removed) == (2, 5, 1)
    paths = [r["source_path"] for r in read_csv(out / "reports.csv")]
    assert "variant-001.txt" not in paths and "new.txt" in paths
    fresh = tmp_path / "fresh"
    pipeline.run(corpus, fresh, jobs=1)
    _same_outputs(out, fresh)


def test_force_version_change_and_failed_files_are_redone(tmp_path, monkeypatch):
    corpus = _small_corpus(tmp_path / "c")
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    pipeline.run(corpus, out, jobs=1)
    assert pipeline.run(corpus, out, jobs=1).processed == 1  # the failed one is tried again
    assert pipeline.run(corpus, out, jobs=1, force=True).processed == 5
    monkeypatch.setattr(batch, "pipeline_version", lambda: "9.9.9+other")
    assert pipeline.run(corpus, out, jobs=1).processed == 5
    # results depend on the reading settings too: other limits or OCR redo every document
    assert pipeline.run(corpus, out, jobs=1, settings=ReadSettings(ocr="off")).processed == 5
    assert pipeline.run(corpus, out, jobs=1, settings=ReadSettings(ocr="off")).processed == 1
    assert pipeline.run(corpus, out, jobs=1).processed == 5


def test_second_run_on_the_same_output_refuses(tmp_path):
    out = tmp_path / "out"
    (out / batch.STATE_FOLDER).mkdir(parents=True)
    with filelock.FileLock(out / batch.STATE_FOLDER / "lock"):
        with pytest.raises(batch.OutputLocked, match="another run is writing"):
            pipeline.run(SEED, out)
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", str(SEED), "--out", str(out)],
            capture_output=True,
            text=True,
            cwd=PROJECT,
        )
        assert done.returncode == 2 and "another run is writing" in done.stderr
    assert pipeline.run(SEED, out).files == 1


def test_document_over_the_time_limit_fails_alone(tmp_path):
    corpus = _small_corpus(tmp_path / "c")
    summary = pipeline.run(corpus, tmp_path / "out", jobs=2, timeout=0.01)
    rows = {r["source_path"]: r for r in read_csv(tmp_path / "out" / "reports.csv")}
    assert summary.files == 4
    assert any(r["error"].startswith("took longer than the time limit (0.01 s)") for r in rows.values())
    assert all(r["report_id"] for r in rows.values())


def test_a_dead_worker_becomes_a_failed_row():
    from pebble import ProcessExpired

    future: concurrent.futures.Future = concurrent.futures.Future()
    future.set_exception(ProcessExpired("Abnormal termination", code=-9, pid=1))
    result = _result_of(future, SEED, "seed.txt", Limits())
    assert (result.status.value, result.source_path) == ("failed", "seed.txt")
    assert result.error.startswith("the worker processing it died")
    assert result.report_id == pipeline.process(SEED).report_id


@pytest.mark.parametrize("stop", ["SIGKILL", "Ctrl-C"])
def test_killed_run_resumes_to_identical_outputs(tmp_path, stop):
    corpus = _small_corpus(tmp_path / "c", copies=80)
    out, whole = tmp_path / "out", tmp_path / "whole"
    pipeline.run(corpus, whole, jobs=1)
    shutil.copytree(whole, out, ignore=shutil.ignore_patterns(".ogi"))  # outputs of an earlier run
    child = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--jobs", "1", "--quiet"],
        cwd=PROJECT,
        start_new_session=True,  # its own process group, as a terminal's job is
        stderr=subprocess.PIPE,
        text=True,
    )
    manifest = out / batch.STATE_FOLDER / "manifest.sqlite"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(manifest) as db:
                if db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 10:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.02)
    if stop == "SIGKILL":
        child.send_signal(signal.SIGKILL)
        child.wait()
    else:  # Ctrl-C signals the whole process group: the driver and its workers
        os.killpg(child.pid, signal.SIGINT)
        assert child.wait(timeout=60) == 130
        assert "interrupted; finished documents are kept" in child.stderr.read()
    _same_outputs(out, whole)  # the previous outputs are intact
    resumed = pipeline.run(corpus, out, jobs=1)
    assert resumed.reused >= 10 and resumed.processed < 84
    _same_outputs(out, whole)


def test_cli_quiet_verbose_and_no_progress_bar_off_a_terminal(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(SEED.parent), "--out", str(tmp_path), "--verbose"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert done.returncode == 0 and "\r" not in done.stderr and "3 processed" in done.stderr
    log = (tmp_path / batch.STATE_FOLDER / "run.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 3 and '"status": "ok"' in log[0]
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(SEED.parent), "--out", str(tmp_path), "--quiet"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpus-real is absent in this clone")
def test_dask_local_cluster_gives_identical_outputs(tmp_path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    pipeline.run(REAL, local, jobs=2)
    summary = pipeline.run(REAL, dask, jobs=2, executor="dask")
    assert summary.processed == summary.files > 20
    _same_outputs(local, dask)


def test_output_folder_inside_the_corpus_is_not_read(tmp_path):
    corpus = _small_corpus(tmp_path / "c")
    pipeline.run(corpus, corpus / "outputs", jobs=1)
    again = pipeline.run(corpus, corpus / "outputs", jobs=1)
    assert (again.files, again.processed) == (4, 0)
