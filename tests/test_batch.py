"""A whole run: every file gets its row, bad ones included; re-runs are byte-identical."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import OUTPUT_FILES, SEED, read_csv

import pipeline


def make_bad_corpus(folder: Path) -> None:
    """Bad text inputs: empty, binary junk named .txt, undecodable bytes, a 50 MB file, unreadable."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / "seed report.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 40)
    text = SEED.read_bytes()
    (folder / "bad bytes.txt").write_bytes(text[:3000] + b"\xff\xfe\xfa" + text[3000:])
    with open(folder / "huge.txt", "wb") as f:
        f.write(text * (50_000_000 // len(text) + 1))
    locked = folder / "locked.txt"
    locked.write_bytes(text)
    locked.chmod(0)
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "gbk.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("bad")
    make_bad_corpus(corpus)
    out = tmp_path_factory.mktemp("out")
    summary = pipeline.run(corpus, out)
    return corpus, out, summary


def test_every_file_has_a_row(bad_run):
    _, out, summary = bad_run
    rows = {r["source_path"]: r for r in read_csv(out / "reports.csv")}
    assert set(rows) == {
        "seed report.txt",
        "empty.txt",
        "junk.txt",
        "bad bytes.txt",
        "huge.txt",
        "locked.txt",
        "sub/gbk.txt",
    }
    assert rows["seed report.txt"]["status"] == "ok"
    assert rows["sub/gbk.txt"]["status"] == "ok" and rows["sub/gbk.txt"]["encoding"] == "gb18030"
    assert rows["sub/gbk.txt"]["organization"] == "微山县科技局"
    assert (rows["empty.txt"]["status"], rows["empty.txt"]["error"]) == ("failed", "empty file (0 bytes)")
    assert rows["junk.txt"]["status"] == "failed" and "binary" in rows["junk.txt"]["error"]
    assert rows["bad bytes.txt"]["status"] == "partial" and "undecodable" in rows["bad bytes.txt"]["error"]
    assert rows["huge.txt"]["status"] == "failed" and "too large" in rows["huge.txt"]["error"]
    if os.geteuid() != 0:  # root reads any file
        assert rows["locked.txt"]["status"] == "failed" and "permission" in rows["locked.txt"]["error"]
    assert summary.counts("status")["failed"] >= 3


def test_outputs_exist_with_bom_and_unix_line_ends(bad_run):
    _, out, _ = bad_run
    for name in [*OUTPUT_FILES, "run.json"]:
        assert (out / name).exists(), name
    data = (out / "statistics.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfreport_id,table,row_no,indicator_id,label_raw,column,unit,value,")
    assert b"\r\n" not in data


def test_counts_agree_between_files(bad_run):
    _, out, _ = bad_run
    stats = read_csv(out / "statistics.csv")
    reports = read_csv(out / "reports.csv")
    if os.geteuid() == 0:  # locked.txt was readable: the same bytes as the seed, listed first
        seed = next(r for r in reports if r["source_path"] == "seed report.txt")
        assert seed["duplicate_of"] == "locked.txt"
    for report in reports:
        mine = [s for s in stats if s["report_id"] == report["report_id"]]
        assert int(report["n_values"]) == sum(1 for s in mine if s["value"] != "")


def test_rerun_is_byte_identical(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "b.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    pipeline.run(corpus, tmp_path / "one")
    pipeline.run(corpus, tmp_path / "two", jobs=2)
    for name in OUTPUT_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_datapackage_is_a_valid_frictionless_package(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    pipeline.run(SEED, tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    assert schemas["reports"]["primaryKey"] == ["source_path"]
    status = next(f for f in schemas["reports"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == ["ok", "partial", "failed", "skipped"]
    references = {k["reference"]["resource"] for k in schemas["statistics"]["foreignKeys"]}
    assert references == {"reports", "indicators"}  # checked by frictionless above
    # a report_id that no report has breaks the key
    rows = (tmp_path / "statistics.csv").read_text(encoding="utf-8-sig").splitlines()
    rows[1] = "f" * 16 + rows[1][16:]
    (tmp_path / "statistics.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    broken = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not broken.valid and ["foreign-key"] in broken.flatten(["type"])


def test_the_same_report_in_another_encoding_is_marked_and_keeps_its_rows(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    (corpus / "b.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    pipeline.run(corpus, tmp_path / "out")
    reports = {r["source_path"]: r for r in read_csv(tmp_path / "out" / "reports.csv")}
    assert reports["b.txt"]["same_report_as"] == "a.txt" and reports["a.txt"]["same_report_as"] == ""
    assert reports["b.txt"]["duplicate_of"] == "" and int(reports["b.txt"]["n_values"]) > 0
    stats = read_csv(tmp_path / "out" / "statistics.csv")
    assert {s["report_id"] for s in stats} == {reports["a.txt"]["report_id"], reports["b.txt"]["report_id"]}


def test_a_fifo_or_a_device_gets_a_failed_row_without_being_opened(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    os.mkfifo(corpus / "pipe.txt")  # opening it would block the run forever
    (corpus / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    summary = pipeline.run(corpus, tmp_path / "out", timeout=30)
    rows = {r["source_path"]: r for r in read_csv(tmp_path / "out" / "reports.csv")}
    for name in ("pipe.txt", "zero.txt"):
        assert rows[name]["status"] == "failed" and "not a regular file" in rows[name]["error"]
    assert rows["a.txt"]["status"] == "ok" and summary.failed == 2


@pytest.mark.parametrize("damage", ["truncated", "scribbled", "scribbled deep inside", "old schema"])
def test_a_damaged_manifest_is_set_aside_and_rebuilt(tmp_path, damage):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    out = tmp_path / "out"
    pipeline.run(corpus, out)
    manifest = out / ".ogi" / "manifest.sqlite"
    if damage == "scribbled deep inside":  # a manifest of many files, damaged past its first pages
        from pipeline.manifest import Entry, Manifest
        from pipeline.model import ReportResult, Status

        store = Manifest(manifest)
        for n in range(3000):
            result = ReportResult(f"{n:016x}", f"gone-{n:05d}.txt", "txt", Status.OK, error="x" * 300)
            store.put(Entry(result.source_path, 1, 1, "0" * 64, "old", "ok"), result)
        store.close()
    for extra in manifest.parent.glob("manifest.sqlite-*"):
        extra.unlink()  # the write-ahead log would repair a damaged main file
    data = manifest.read_bytes()
    if damage == "truncated":
        manifest.write_bytes(data[: len(data) // 3])
    elif damage == "scribbled":
        manifest.write_bytes(data[:100] + os.urandom(len(data) - 100))
    elif damage == "scribbled deep inside":
        middle = len(data) // 2
        manifest.write_bytes(data[:middle] + os.urandom(20_000) + data[middle + 20_000 :])
    else:
        import sqlite3

        manifest.unlink()
        db = sqlite3.connect(manifest)
        db.execute("CREATE TABLE documents (source_path TEXT PRIMARY KEY, size INTEGER)")
        db.commit()
        db.close()
    summary = pipeline.run(corpus, out)
    assert summary.processed == 1 and any("manifest was damaged" in note for note in summary.notes)
    assert list(manifest.parent.glob("manifest.sqlite.damaged-*"))
    assert read_csv(out / "reports.csv")[0]["status"] == "ok"
    assert pipeline.run(corpus, out).reused == 1  # the rebuilt manifest works


def test_a_damaged_stored_result_is_processed_again(tmp_path):
    import sqlite3

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    shutil.copy(SEED, corpus / "b.txt")
    out = tmp_path / "out"
    pipeline.run(corpus, out)
    first = (out / "statistics.csv").read_bytes()
    db = sqlite3.connect(out / ".ogi" / "manifest.sqlite")
    db.execute("UPDATE documents SET result = ? WHERE source_path = 'a.txt'", (b"scribbled",))
    db.commit()
    db.close()
    (corpus / "c.txt").write_text("新文件", encoding="utf-8")  # a change, so the outputs are rewritten
    summary = pipeline.run(corpus, out)
    assert summary.processed == 1 and summary.reused == 2
    assert (out / "statistics.csv").read_bytes() == first  # a.txt's rows are back


def test_the_catalogue_in_the_outputs_carries_english_labels(tmp_path):
    pipeline.run(SEED, tmp_path, summary_page=False)
    rows = read_csv(tmp_path / "indicators.csv")
    assert list(rows[0])[-1] == "label_en" and all(r["label_en"] for r in rows)
    spec = read_csv(Path(pipeline.__file__).parent / "data" / "indicators.csv")
    assert [{k: r[k] for k in spec[0]} for r in rows] == spec  # the spec's columns, unchanged
    received = next(r for r in rows if r["indicator_id"] == "requests.results.granted")
    assert received["label_en"].lower().startswith("granted")
    assert all(r["label_en"] for r in read_csv(tmp_path / "columns.csv"))
