import shutil
import subprocess
import sys

import pytest
from conftest import OUTPUT_FILES, PROJECT, SEED, read_csv

from pipeline.cli import main


def test_run_writes_outputs_and_summary(tmp_path, capsys):
    assert main(["run", str(SEED.parent), "--out", str(tmp_path)]) == 0
    assert "3 files: 3 ok (formats: 1 docx, 1 pdf, 1 txt)" in capsys.readouterr().err
    assert read_csv(tmp_path / "reports.csv")[0]["organization"] == "微山县科技局"


def test_strict_exit_status_when_a_file_failed_and_the_summary_names_it(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    assert main(["run", str(corpus), "--out", str(tmp_path / "o")]) == 0
    assert "failed:\n  empty.txt: empty file (0 bytes)" in capsys.readouterr().err
    assert main(["run", str(corpus), "--out", str(tmp_path / "o"), "--strict"]) == 3


def test_bad_usage_is_one_line_and_exit_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no such file or folder" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", ".", "--bogus"], capture_output=True, text=True, cwd=PROJECT
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_an_ocr_budget_over_the_time_limit_is_bad_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main(["run", str(SEED), "--out", str(tmp_path), "--ocr-seconds", "200"])
    assert done.value.code == 2
    assert capsys.readouterr().err == (
        "ogi: --ocr-seconds (200) must be under --timeout (120): a document still running at --timeout fails\n"
    )
    # the default budget follows the time limit
    assert main(["run", str(SEED), "--out", str(tmp_path), "--timeout", "20", "--quiet"]) == 0


def test_parquet_copies_with_types(tmp_path):
    import pandas as pd
    import pyarrow.parquet as pq

    assert main(["run", str(SEED), "--out", str(tmp_path), "--format", "both"]) == 0
    stats = pd.read_parquet(tmp_path / "statistics.parquet")
    assert stats["value"].isna().sum() > 0 and stats["value"].max() == 42
    assert len(stats) == len(read_csv(tmp_path / "statistics.csv"))
    schema = pq.read_schema(tmp_path / "reports.parquet")
    types = {name: str(schema.field(name).type) for name in ("report_year", "published_date", "n_values")}
    assert types == {"report_year": "int64", "published_date": "date32[day]", "n_values": "int64"}
    assert str(pq.read_schema(tmp_path / "statistics.parquet").field("value").type) == "double"


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("ogi 0.")


def test_text_a_spreadsheet_would_run_is_neutralised_in_csv_kept_in_parquet(tmp_path):
    import pandas as pd

    corpus = tmp_path / "c"
    corpus.mkdir()
    text = SEED.read_text(encoding="utf-8").replace("联系人及电话:8222458", "联系人及电话:+8222458")
    (corpus / "report.txt").write_text(text, encoding="utf-8")
    assert main(["run", str(corpus), "--out", str(tmp_path / "o"), "--format", "both", "--quiet"]) == 0
    assert read_csv(tmp_path / "o" / "reports.csv")[0]["contact"] == "'+8222458"
    assert pd.read_parquet(tmp_path / "o" / "reports.parquet")["contact"][0] == "+8222458"


def test_no_text_cell_of_any_csv_starts_as_a_formula(tmp_path):
    import pandas as pd

    corpus = tmp_path / "c"
    corpus.mkdir()
    text = (
        SEED.read_text(encoding="utf-8")
        .replace("联系人及电话:8222458", "联系人及电话:+8222458")  # a contact, read as a number
        .replace("制发规范性文件总数", "@SUM(1+1)制发规范性文件总数")  # row labels, run as formulas
        .replace("5.其他方式公开政府信息数", '=HYPERLINK("http://example.com","其他方式")')
    )
    (corpus / "report.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    assert main(["run", str(corpus), "--out", str(out), "--format", "both", "--quiet"]) == 0
    cells = [
        v
        for name in OUTPUT_FILES
        if name.endswith(".csv")
        for row in read_csv(out / name)
        for v in row.values()
    ]
    assert {
        "'@SUM(1+1)制发规范性文件总数",
        '\'=HYPERLINK("http://example.com","其他方式")',
        "'+8222458",
    } <= set(cells)
    assert not [v for v in cells if v[:1] in ("=", "+", "@", "\t", "\r") or (v[:1] == "-" and not _number(v))]
    labels = pd.read_parquet(out / "statistics.parquet")["label_raw"]
    assert "@SUM(1+1)制发规范性文件总数" in set(labels)  # Parquet keeps the exact text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_summary_names_ten_failed_files_and_says_where_the_rest_are(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(12):
        (corpus / f"empty-{n:02d}.txt").write_bytes(b"")
    assert main(["run", str(corpus), "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert err.count(": empty file (0 bytes)") == 10
    assert "  and 2 more: status 'failed' in reports.csv" in err


def test_an_output_folder_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(SEED), "--out", str(out), "--quiet"]) == 0
    before = (out / "reports.csv").read_bytes()
    # read-only for everyone, root included (permission bits do not stop root): immutable folders
    folders = [out, out / ".ogi"]
    if subprocess.run(["chattr", "+i", *map(str, folders)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (not root, or a file system without it)")
    try:
        with pytest.raises(SystemExit) as done:
            main(["run", str(SEED), "--out", str(out), "--quiet", "--force"])
    finally:
        subprocess.run(["chattr", "-i", *map(str, folders)], check=True)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("ogi: cannot write") and err.count("\n") == 1, err
    assert (out / "reports.csv").read_bytes() == before


def test_an_output_path_that_is_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(SystemExit) as done:
        main(["run", str(SEED), "--out", str(tmp_path / "out"), "--quiet"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("ogi: cannot write to the output folder") and err.count("\n") == 1


def test_an_empty_corpus_does_not_wipe_earlier_outputs(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "o"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    (corpus / "a.txt").unlink()
    with pytest.raises(SystemExit) as done:
        main(["run", str(corpus), "--out", str(out), "--quiet"])
    assert done.value.code == 2
    assert "no input file" in capsys.readouterr().err
    assert len(read_csv(out / "reports.csv")) == 1
    # without its manifest (deleted, or set aside as damaged) the outputs are protected all the same
    shutil.rmtree(out / ".ogi")
    with pytest.raises(SystemExit) as done:
        main(["run", str(corpus), "--out", str(out), "--quiet"])
    assert done.value.code == 2 and len(read_csv(out / "reports.csv")) == 1
    assert main(["run", str(corpus), "--out", str(out), "--quiet", "--allow-empty"]) == 0
    assert read_csv(out / "reports.csv") == []


def test_a_missing_corpus_is_an_error_in_the_library_too(tmp_path):
    import pipeline

    assert main(["run", str(SEED), "--out", str(tmp_path), "--quiet"]) == 0
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        pipeline.run(tmp_path / "mistyped", tmp_path)
    assert len(read_csv(tmp_path / "reports.csv")) == 1


def test_make_run_takes_paths_with_spaces(tmp_path):
    import shutil

    if not shutil.which("make"):
        pytest.skip("make is not installed")
    corpus, out = tmp_path / "my reports", tmp_path / "my outputs"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a report.txt")
    # -o: the venv counts as installed (this test runs inside it)
    done = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "run", f"CORPUS={corpus}", f"OUT={out}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert read_csv(out / "reports.csv")[0]["source_path"] == "a report.txt"
