"""Faults a scheduled batch job meets: a run killed at any phase, a file changing while it is read,
library warnings on a quiet terminal, text that is no text, XHTML and mislabelled web pages."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import OUTPUT_FILES, PROJECT, REAL, SEED, read_csv, real_file

import pipeline
from pipeline import batch
from pipeline.files import report_id_of
from pipeline.readers import ReadSettings

# Runs the command line in a child process that SIGKILLs itself on the n-th call of a function:
# the fault harness for "killed at this phase".
_KILL_ON_CALL = """
import os, signal, sys
from pipeline import cli, manifest, writer

owner, name, n = {"put": (manifest.Manifest, "put"), "set_meta": (manifest.Manifest, "set_meta"),
                  "sink_close": (writer._Sink, "close"), "replace": (writer.os, "replace")}[sys.argv[1]] + (
    int(sys.argv[2]),)
original, calls = getattr(owner, name), []

def killing(*args, **kwargs):
    calls.append(1)
    if len(calls) == n:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)

setattr(owner, name, killing)
sys.exit(cli.main(sys.argv[3:]))
"""

# (function, call): killed while processing, before each table is finished, between the renames
# (9 files: 6 tables, 2 catalogues, the data package), after the renames but before the manifest
# records the outputs as current (set_meta call 1 clears it, call 2 records the new generation).
_PHASES = [
    ("put", 1),
    ("sink_close", 1),
    ("sink_close", 3),
    ("sink_close", 6),
    ("replace", 1),
    ("replace", 5),
    ("replace", 9),
    ("set_meta", 2),
]


def _corpus(folder: Path, texts: dict[str, str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@pytest.fixture(scope="module")
def generations(tmp_path_factory):
    """Corpus state A, then state B (one file changed, one added, one removed), and the outputs of
    an uninterrupted run on B."""
    root = tmp_path_factory.mktemp("generations")
    seed = SEED.read_text(encoding="utf-8")
    state_a = {
        "a.txt": seed,
        "b.txt": seed.replace("42余条", "43条"),
        "c.txt": seed.replace("42余条", "44条"),
    }
    state_b = {
        "a.txt": seed,
        "b.txt": seed.replace("42余条", "45条"),
        "d.txt": seed.replace("42余条", "46条"),
    }
    whole = root / "whole"
    pipeline.run(_corpus(root / "b", state_b), whole, jobs=1)
    return state_a, state_b, _outputs(whole)


@pytest.mark.parametrize(("function", "call"), _PHASES)
def test_a_run_killed_at_any_phase_is_followed_by_outputs_equal_to_an_uninterrupted_run(
    generations, tmp_path, function, call
):
    state_a, state_b, expected = generations
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    pipeline.run(_corpus(corpus, state_a), out, jobs=1)
    assert _outputs(out) != expected  # so that equality below means something
    _corpus(corpus, state_b)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILL_ON_CALL,
            function,
            str(call),
            "run",
            str(corpus),
            "--out",
            str(out),
            "--jobs=1",
        ],
        cwd=PROJECT,
        capture_output=True,
    )
    assert killed.returncode == -9, killed.stderr.decode()
    summary = pipeline.run(corpus, out, jobs=1)
    assert summary.outputs_written
    assert _outputs(out) == expected
    assert not list(out.glob(".staging-*")) and not list(out.glob(".*.tmp"))


def test_staging_left_by_a_killed_run_is_removed_and_said(tmp_path):
    corpus = _corpus(tmp_path / "corpus", {"a.txt": SEED.read_text(encoding="utf-8")})
    out = tmp_path / "out"
    (out / ".staging-abc123").mkdir(parents=True)
    (out / ".staging-abc123" / "reports.csv").write_text("half", encoding="utf-8")
    summary = pipeline.run(corpus, out, jobs=1)
    assert not (out / ".staging-abc123").exists()
    assert any(".staging-abc123" in note for note in summary.notes)


def test_a_format_not_asked_for_is_removed_not_left_stale(tmp_path):
    corpus = _corpus(tmp_path / "corpus", {"a.txt": SEED.read_text(encoding="utf-8")})
    out = tmp_path / "out"
    pipeline.run(corpus, out, jobs=1, formats={"csv", "parquet"})
    assert (out / "reports.parquet").exists()
    pipeline.run(corpus, out, jobs=1, formats={"csv"})
    assert not list(out.glob("*.parquet")) and (out / "reports.csv").exists()


def test_a_file_changed_while_it_is_read_fails_and_is_read_again(tmp_path, monkeypatch):
    import os

    from pipeline import report

    path = tmp_path / "a.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    real_fstat = os.fstat

    def fstat_then_append(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        with open(path, "ab") as file:  # another program writes while the reader reads
            file.write("补充。".encode())
        return info

    monkeypatch.setattr(report.os, "fstat", fstat_then_append)
    result = pipeline.process(path)
    assert result.status.value == "failed" and "changed while it was read" in result.error


def test_a_file_changed_after_its_reading_is_processed_again_next_run(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "corpus", {"a.txt": SEED.read_text(encoding="utf-8")})
    out = tmp_path / "out"
    original = batch.results

    def results_then_edit(*args, **kwargs):
        for result in original(*args, **kwargs):
            # the file changes after the worker read it, before the driver stores its result
            (corpus / "a.txt").write_text(
                SEED.read_text(encoding="utf-8").replace("42余条", "47条"), encoding="utf-8"
            )
            yield result

    monkeypatch.setattr(batch, "results", results_then_edit)
    pipeline.run(corpus, out, jobs=1)
    monkeypatch.setattr(batch, "results", original)
    again = pipeline.run(corpus, out, jobs=1)
    assert again.processed == 1
    (row,) = read_csv(out / "reports.csv")
    assert row["report_id"] == report_id_of((corpus / "a.txt").read_bytes())  # the new bytes


def _mutated_pdf(folder: Path) -> Path:
    """A real PDF with 200 random bytes overwritten: pdfminer logs hundreds of warnings on it."""
    data = bytearray(real_file("pdf/105587.pdf").read_bytes())
    rng = random.Random(2)
    for _ in range(200):
        data[rng.randrange(len(data))] = rng.randrange(256)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "damaged.pdf").write_bytes(bytes(data))
    return folder


def test_library_warnings_go_to_the_log_not_to_a_quiet_terminal(tmp_path):
    corpus, out = _mutated_pdf(tmp_path / "corpus"), tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr == ""
    log = (out / batch.STATE_FOLDER / "run.log").read_text(encoding="utf-8")
    assert '"library_messages": ["pdfminer' in log
    noisy = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--force"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert "1 files made a library warn while being read" in noisy.stderr
    assert "pdfminer" not in noisy.stderr


def test_a_pdf_whose_fonts_have_no_unicode_map_fails_with_the_reason_without_ocr(tmp_path):
    # with OCR its pages are read by OCR instead (tests/readers/test_ocr.py)
    data = real_file("pdf/80445.pdf").read_bytes()
    path = tmp_path / "cid.pdf"
    path.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))  # the fonts lose their Unicode maps
    result = pipeline.process(path, settings=ReadSettings(ocr="off"))
    assert result.status.value == "failed" and "unreadable codes" in result.error


def test_text_of_replacement_characters_fails_and_a_few_make_it_partial(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    (tmp_path / "mostly.txt").write_text("\ufffd" * 3000 + seed[:200], encoding="utf-8")
    (tmp_path / "some.txt").write_text(seed.replace("政府", "\ufffd\ufffd", 40), encoding="utf-8")
    mostly, some = pipeline.process(tmp_path / "mostly.txt"), pipeline.process(tmp_path / "some.txt")
    assert mostly.status.value == "failed" and "unreadable codes" in mostly.error
    assert some.status.value == "partial" and "unreadable codes" in some.error
    assert some.metadata.report_year == 2016  # what could be read is kept


@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpus-real is absent in this clone")
@pytest.mark.parametrize("label", ["gb2312", "iso-8859-1"])
def test_a_web_page_whose_declared_charset_is_wrong_is_read_right(tmp_path, label):
    page = real_file("html/80445.html").read_text(encoding="utf-8")
    relabelled = page.replace('charset="utf-8"', f'charset="{label}"')
    assert relabelled != page
    # UTF-8 bytes declared gb2312; GB18030 bytes declared iso-8859-1 (which decodes anything)
    data = relabelled.encode("utf-8" if label == "gb2312" else "gb18030")
    (tmp_path / "page.html").write_bytes(data)
    result = pipeline.process(tmp_path / "page.html")
    reference = pipeline.process(real_file("html/80445.html"))
    assert result.metadata.organization == reference.metadata.organization == "平潭综合实验区"
    assert [s.value for s in result.statistics] == [s.value for s in reference.statistics]


def test_an_xhtml_page_with_an_xml_declaration_is_read(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in seed.splitlines() if line.strip())
    page = (
        '<?xml version="1.0" encoding="gb2312"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>报告</title></head><body>{paragraphs}</body></html>'
    )
    (tmp_path / "report.xhtml").write_bytes(page.encode("gb18030"))
    result = pipeline.process(tmp_path / "report.xhtml")
    assert (result.status.value, result.source_format, result.encoding) == ("ok", "html", "gb18030")
    assert result.metadata.report_year == 2016 and result.metadata.organization == "微山县科技局"


def test_a_full_disk_is_one_line_and_exit_2_and_the_manifest_is_kept(tmp_path):
    import resource
    import signal

    corpus = _corpus(tmp_path / "corpus", {"a.txt": SEED.read_text(encoding="utf-8")})
    out = tmp_path / "out"
    pipeline.run(corpus, out, jobs=1)
    (corpus / "b.txt").write_text(
        SEED.read_text(encoding="utf-8").replace("42余条", "48条"), encoding="utf-8"
    )

    def small_files() -> None:  # every file this process writes stops growing at 4 kB: a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--jobs=1"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        preexec_fn=small_files,
    )
    assert done.returncode == 2 and done.stderr.startswith(f"ogi: cannot write the outputs to {out}")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not list((out / ".ogi").glob("manifest.sqlite.damaged-*"))  # a full disk is no damage
    assert len(read_csv(out / "reports.csv")) == 1  # the earlier outputs are whole
    summary = pipeline.run(corpus, out, jobs=1)
    assert summary.reused == 1 and len(read_csv(out / "reports.csv")) == 2


def test_a_write_error_in_the_tables_keeps_the_earlier_outputs(tmp_path, monkeypatch):
    import errno

    from pipeline import writer

    corpus = _corpus(tmp_path / "corpus", {"a.txt": SEED.read_text(encoding="utf-8")})
    out = tmp_path / "out"
    pipeline.run(corpus, out, jobs=1)
    before = _outputs(out)
    (corpus / "b.txt").write_text(
        SEED.read_text(encoding="utf-8").replace("42余条", "48条"), encoding="utf-8"
    )

    def no_space(self, rows) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(writer._Sink, "write", no_space)
        with pytest.raises(batch.OutputProblem, match="No space left on device"):
            pipeline.run(corpus, out, jobs=1)
    assert _outputs(out) == before and not list(out.glob(".staging-*"))
    pipeline.run(corpus, out, jobs=1)
    assert len(read_csv(out / "reports.csv")) == 2
