"""A folder of reports -> the dataset: incremental, resumable, parallel, one run at a time.

1. Lock the output folder (a second run on it refuses) and open its manifest (`manifest.py`).
2. Find every input file; a file whose size and mtime (or bytes) and pipeline version match its
   manifest entry, and that did not fail, keeps its stored result. Removed files are dropped.
3. Process the rest on the executor (`executors.py`), storing each result as it arrives.
4. Stream all stored results, in path order, into the output tables (`writer.py`), unless
   nothing changed since the outputs were last written. The outputs are one generation: staged,
   renamed into place, and only then recorded as current in the manifest, so a run killed at any
   point is followed by one that writes them again (and removes the staging it left).

No input is dropped: every regular file under the corpus gets a row in reports.csv, unreadable
ones included; hidden files (`.name`) are left out and counted in the summary.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import TextIO

import filelock

from . import __version__
from .executors import Limits, make_executor, results
from .files import display_path, file_report_id
from .manifest import Entry, Manifest
from .model import ReportResult, Status
from .settings import ReadSettings
from .writer import OutputStats, OutputWriter, remove_stale_staging, write_json

STATE_FOLDER = ".ogi"


class OutputProblem(Exception):
    """The output folder cannot be used (one line for the user, no traceback)."""


class OutputLocked(OutputProblem):
    """Another run is writing to the same output folder."""


class EmptyCorpus(OutputProblem):
    """No input file, over outputs that hold reports: a mistyped or unmounted corpus would wipe them."""


@dataclass
class RunSummary:
    files: int = 0
    processed: int = 0
    reused: int = 0
    removed: int = 0
    hidden_skipped: int = 0
    outputs_written: bool = True
    seconds: float = 0.0
    stats: OutputStats = field(default_factory=OutputStats)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the run had to repair, in plain words

    @property
    def failed(self) -> int:
        return self.stats.by_status.get(Status.FAILED.value, 0)

    def counts(self, key: str) -> dict[str, int]:
        return dict(sorted((self.stats.by_status if key == "status" else self.stats.by_format).items()))

    def text(self) -> str:
        status = ", ".join(f"{n} {k}" for k, n in self.counts("status").items()) or "none"
        formats = ", ".join(f"{n} {k}" for k, n in self.counts("source_format").items()) or "none"
        lines = [
            f"{self.files} files: {status} (formats: {formats})",
            f"{self.stats.values} values extracted, {self.stats.findings} findings, {self.seconds:.1f} s",
            f"{self.processed} processed, {self.reused} unchanged, {self.removed} removed since the last run",
        ]
        if self.failed:
            lines += ["failed:", *(f"  {line}" for line in self.stats.failed_files)]
            if self.failed > len(self.stats.failed_files):
                lines.append(
                    f"  and {self.failed - len(self.stats.failed_files)} more: status 'failed' in reports.csv"
                )
        lines += self.notes
        if not self.outputs_written:
            lines.append("nothing changed: outputs are up to date")
        if self.hidden_skipped:
            lines.append(f"{self.hidden_skipped} hidden files (names starting with '.') left out")
        return "\n".join(lines)


@cache
def pipeline_version() -> str:
    """`0.1.0+<hash of the package's code and data>`: any change to either redoes every document."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".txt"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"


def result_version(settings: ReadSettings) -> str:
    """What a stored result was made by: the pipeline version, and the reading settings when they
    are not the defaults (`+settings-<hash>`), so that a run with other limits or OCR redoes it."""
    if settings == ReadSettings():
        return pipeline_version()
    chosen = json.dumps(dataclasses.asdict(settings), sort_keys=True)
    return f"{pipeline_version()}+settings-{hashlib.sha256(chosen.encode()).hexdigest()[:8]}"


def find_inputs(corpus: Path, out: Path | None = None) -> tuple[list[Path], int]:
    """Every non-hidden file under `corpus` (or `corpus` itself), and links to folders (which get a
    row saying they were not followed), sorted; and how many hidden entries were left out.
    The output folder, when it lies inside the corpus, is not an input."""
    if not corpus.is_dir():
        return [corpus], 0
    found, hidden = [], 0
    skip = out.resolve() if out else None
    for folder, dirs, names in os.walk(corpus, followlinks=False):
        hidden += sum(1 for name in dirs + names if name.startswith("."))
        linked = [d for d in dirs if not d.startswith(".") and os.path.islink(os.path.join(folder, d))]
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d not in linked and (Path(folder) / d).resolve() != skip
        )
        found += [Path(folder) / name for name in names + linked if not name.startswith(".")]
    return sorted(found, key=lambda p: os.fsencode(p.relative_to(corpus).as_posix())), hidden


def _holds_reports(out: Path) -> bool:
    """Whether `out` has a reports.csv with rows (outputs that a manifest may no longer know of)."""
    try:
        with open(out / "reports.csv", encoding="utf-8-sig") as f:
            return len(f.readlines(4096)) > 1
    except OSError:
        return False


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
        return st.st_size, st.st_mtime_ns
    except OSError:
        return -1, -1


def run(
    corpus: str | Path,
    out: str | Path = "outputs",
    jobs: int | None = None,
    formats: set[str] | None = None,
    force: bool = False,
    timeout: float = 120.0,
    max_memory_mb: int = 4096,
    executor: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
    verbose: bool = False,
    allow_empty: bool = False,
    summary_page: bool = True,
    settings: ReadSettings | None = None,
) -> RunSummary:
    """Process every file under `corpus` that changed since the last run and write the dataset to
    `out`, with `summary.html` unless `summary_page` is False. `settings` are the reading limits
    and OCR of every document (`ReadSettings(ocr="off")`: scanned pages are not read); a run with
    other settings than the last redoes every document."""
    corpus, out = Path(corpus), Path(out)
    if not corpus.exists():  # a mistyped path must not become a failed row over earlier outputs
        raise FileNotFoundError(f"no such file or folder: {corpus}")
    formats = formats or {"csv"}
    jobs = jobs or os.cpu_count() or 1
    state = out / STATE_FOLDER
    lock = filelock.FileLock(state / "lock")
    try:
        state.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise OutputLocked(
            f"another run is writing to {out}; wait for it to finish or choose another --out"
        ) from None
    except OSError as error:  # a file, a read-only or full disk, no permission
        raise OutputProblem(f"cannot write to the output folder {out}: {error.strerror or error}") from None
    try:
        return _locked_run(
            corpus,
            out,
            state,
            jobs,
            formats,
            force,
            Limits(timeout, max_memory_mb, settings or ReadSettings()),
            executor,
            scheduler,
            progress,
            verbose,
            allow_empty,
            summary_page,
        )
    except (OSError, sqlite3.Error) as error:  # a full, read-only or failing disk under `out`
        reason = getattr(error, "strerror", None) or str(error)
        raise OutputProblem(f"cannot write the outputs to {out}: {reason}") from None
    finally:
        lock.release()


def _locked_run(
    corpus: Path,
    out: Path,
    state: Path,
    jobs: int,
    formats: set[str],
    force: bool,
    limits: Limits,
    executor_kind: str,
    scheduler: str | None,
    progress: bool,
    verbose: bool,
    allow_empty: bool,
    summary_page: bool,
) -> RunSummary:
    started, clock = datetime.now(timezone.utc), time.perf_counter()
    version = result_version(limits.settings)
    manifest = Manifest(state / "manifest.sqlite")
    try:
        summary = RunSummary()
        if manifest.set_aside:
            summary.notes.append(manifest.set_aside)
        stale = remove_stale_staging(out)
        if stale:
            summary.notes.append(f"removed what an interrupted run left: {', '.join(stale)}")
        paths, summary.hidden_skipped = find_inputs(corpus, out)
        known = manifest.entries()
        if not paths and not allow_empty and (known or _holds_reports(out)):
            raise EmptyCorpus(
                f"no input file under {corpus}, and {out} holds the outputs of an earlier run; "
                "check the corpus path (or pass --allow-empty to empty the outputs)"
            )
        root = corpus if corpus.is_dir() else corpus.parent
        names = {path: display_path(path, root) for path in paths}
        todo = []
        for path in paths:
            size, mtime = _stat(path)
            entry = known.get(names[path])
            if force or entry is None or entry.version != version or entry.status == Status.FAILED.value:
                todo.append(path)
            elif (entry.size, entry.mtime_ns) == (size, mtime):
                summary.reused += 1
            elif entry.size == size and file_report_id(path) == entry.sha256:
                manifest.touch(entry.source_path, mtime)
                summary.reused += 1
            else:
                todo.append(path)
        gone = sorted(set(known) - set(names.values()))
        manifest.remove(gone)
        summary.files, summary.processed, summary.removed = len(paths), len(todo), len(gone)
        signature = json.dumps([version, sorted(formats)])
        up_to_date = (
            not todo
            and not gone
            and manifest.get_meta("outputs") == signature
            and (out / "reports.csv").exists()
        )
        writer = None
        if not up_to_date:
            # a new generation of outputs: until all of it is in place, the manifest does not
            # call the outputs current, so a run killed before then is written again next time
            manifest.set_meta("outputs", "")
            manifest.commit()
            writer = OutputWriter(out, formats)
        try:
            _process(
                summary,
                todo,
                root,
                names,
                manifest,
                version,
                jobs,
                limits,
                executor_kind,
                scheduler,
                progress,
                state / "run.log",
                verbose,
                writer,
            )
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        if writer is None:
            summary.outputs_written = False
            summary.stats = OutputStats.from_json(manifest.get_meta("stats") or "{}")
        else:
            summary.stats = writer.close()
            if summary_page:
                _write_summary_page(out, summary)
            manifest.set_meta("outputs", signature)
            manifest.set_meta("stats", summary.stats.to_json())
            manifest.commit()
        summary.seconds = time.perf_counter() - clock
        write_json(
            out / "run.json",
            {
                "version": version,
                "started": started.isoformat(timespec="seconds"),
                "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "corpus": str(corpus),
                "files": summary.files,
                "processed": summary.processed,
                "unchanged": summary.reused,
                "removed": summary.removed,
                "hidden_files_left_out": summary.hidden_skipped,
                "by_status": summary.counts("status"),
                "by_format": summary.counts("source_format"),
                "ocr_pages": summary.stats.ocr_pages,
                "settings": dataclasses.asdict(limits.settings),
                "executor": executor_kind,
                "jobs": jobs,
                "seconds": round(summary.seconds, 3),
                "seconds_per_stage": summary.stage_seconds,
                "notes": summary.notes,
            },
        )
        return summary
    finally:
        manifest.close()


def _process(
    summary: RunSummary,
    todo: list[Path],
    root: Path,
    names: dict[Path, str],
    manifest: Manifest,
    version: str,
    jobs: int,
    limits: Limits,
    executor_kind: str,
    scheduler: str | None,
    progress: bool,
    log: Path,
    verbose: bool,
    writer: OutputWriter | None,
) -> None:
    """Run the to-do list, storing each result as it arrives and writing the outputs, in path
    order, while the workers work. Every document goes to the log with `verbose`, and those
    that made a library warn always do. Seconds per stage go to the summary."""
    from tqdm import tqdm

    stages: Counter[str] = Counter()
    paths = {name: path for path, name in names.items()}

    def redo(name: str) -> ReportResult:
        """A file whose stored result cannot be read is processed again, here."""
        from .report import process

        result = process(paths[name], root, limits.settings)
        manifest.put(_entry(result, version), result)
        return result

    in_order = _InOrder(sorted(names.values()), {names[path] for path in todo}, manifest, writer, redo)
    in_order.drain()
    if not todo:
        return
    warned = 0
    executor = make_executor(executor_kind, min(jobs, len(todo)), limits, scheduler)
    bar = tqdm(total=len(todo), unit="doc", file=sys.stderr, disable=not progress, dynamic_ncols=True)
    log_file = open(log, "a", encoding="utf-8")  # noqa: SIM115
    try:
        for result in results(executor, todo, root, names):
            manifest.put(_entry(result, version), result)
            stages.update(result.seconds)
            bar.update()
            warned += bool(result.messages)
            if verbose or result.messages:
                _log(log_file, result)
            manifest.commit()  # each finished document survives a kill
            in_order.arrived(result)
        executor.close()
    except BaseException:
        manifest.commit()  # keep what finished; the next run carries on from there
        executor.abort()
        raise
    finally:
        bar.close()
        log_file.close()
    summary.stage_seconds = {k: round(v, 3) for k, v in sorted(stages.items())}
    if warned:
        summary.notes.append(f"{warned} files made a library warn while being read: see {log}")


def _write_summary_page(out: Path, summary: RunSummary) -> None:
    """`summary.html` from the outputs just written; a failure is a note, never a failed run."""
    from .summary import write_summary  # pandas and matplotlib: only here

    try:
        write_summary(out)
    except Exception as error:
        summary.notes.append(f"summary.html not written ({type(error).__name__}: {error})")


def _entry(result: ReportResult, version: str) -> Entry:
    """The manifest entry of a result: size and mtime of the bytes the worker read, so that a file
    changed after its reading differs from its entry and is processed again next run."""
    return Entry(
        result.source_path,
        result.source_size,
        result.source_mtime_ns,
        result.report_id,
        version,
        result.status.value,
    )


class _InOrder:
    """Hands results to the writer in path order as they become available: unchanged files at
    once (from the manifest), processed ones when they arrive. A few arrivals wait in memory for
    their turn; more wait in the manifest."""

    _KEEP = 64

    def __init__(
        self,
        order: list[str],
        todo: set[str],
        manifest: Manifest,
        writer: OutputWriter | None,
        redo: Callable[[str], ReportResult],
    ) -> None:
        self.order, self.todo, self.manifest, self.writer, self.redo = order, todo, manifest, writer, redo
        self.next = 0
        self.waiting: dict[str, ReportResult | None] = {}

    def arrived(self, result: ReportResult) -> None:
        self.todo.discard(result.source_path)
        self.waiting[result.source_path] = result if len(self.waiting) < self._KEEP else None
        self.drain()

    def drain(self) -> None:
        if self.writer is None:
            return
        while self.next < len(self.order) and self.order[self.next] not in self.todo:
            name = self.order[self.next]
            result = self.waiting.pop(name, None) or self.manifest.result(name) or self.redo(name)
            self.writer.add(result)
            self.next += 1


def _log(log_file: TextIO, result: ReportResult) -> None:
    """One JSON line per document in `.ogi/run.log`."""
    record = {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "path": result.source_path,
        "status": result.status.value,
        "format": result.source_format,
        "error": result.error,
        "seconds": round(sum(result.seconds.values()), 3),
        "values": sum(s.value is not None for s in result.statistics),
    }
    if result.messages:
        record["library_messages"] = result.messages
    log_file.write(json.dumps(record, ensure_ascii=False) + "\n")
