"""A folder of reports -> the dataset: find every file, process each, write the outputs.

No input is dropped: every regular file under the corpus gets a row in reports.csv, unreadable ones
included; hidden files (`.name`) are left out and counted in the summary.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .model import ReportResult, Status
from .process import process
from .writer import write_json, write_outputs


@dataclass
class RunSummary:
    results: list[ReportResult]
    hidden_skipped: int
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def counts(self, key: str) -> dict[str, int]:
        return dict(
            sorted(
                Counter(getattr(r, key) if key != "status" else r.status.value for r in self.results).items()
            )
        )

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if r.status is Status.FAILED)

    def text(self) -> str:
        values = sum(1 for r in self.results for s in r.statistics if s.value is not None)
        findings = sum(len(r.findings) for r in self.results)
        status = ", ".join(f"{n} {k}" for k, n in self.counts("status").items()) or "none"
        formats = ", ".join(f"{n} {k}" for k, n in self.counts("source_format").items()) or "none"
        lines = [
            f"{len(self.results)} files: {status} (formats: {formats})",
            f"{values} values extracted, {findings} findings, {self.seconds:.1f} s",
        ]
        if self.hidden_skipped:
            lines.append(f"{self.hidden_skipped} hidden files (names starting with '.') left out")
        return "\n".join(lines)


def find_inputs(corpus: Path) -> tuple[list[Path], int]:
    """Every non-hidden file under `corpus` (or `corpus` itself), sorted; and how many hidden ones."""
    if corpus.is_file():
        return [corpus], 0
    files, hidden = [], 0
    for folder, dirs, names in os.walk(corpus, followlinks=False):
        hidden += sum(1 for d in dirs if d.startswith("."))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith("."):
                hidden += 1
            else:
                files.append(Path(folder) / name)
    return sorted(files, key=lambda p: p.relative_to(corpus).as_posix()), hidden


def run(
    corpus: str | Path, out: str | Path = "outputs", jobs: int = 1, formats: set[str] | None = None
) -> RunSummary:
    """Process every file under `corpus` and write the dataset to `out`."""
    corpus, out = Path(corpus), Path(out)
    formats = formats or {"csv"}
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    paths, hidden = find_inputs(corpus)
    root = corpus if corpus.is_dir() else corpus.parent
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(process, paths, [root] * len(paths), chunksize=4))
    else:
        results = [process(path, root) for path in paths]
    first_path: dict[str, str] = {}
    for r in results:
        if r.report_id:
            r.duplicate_of = first_path.setdefault(r.report_id, r.source_path)
            r.duplicate_of = "" if r.duplicate_of == r.source_path else r.duplicate_of
    write_outputs(results, out, formats)
    stage_seconds: Counter[str] = Counter()
    for r in results:
        stage_seconds.update(r.seconds)
    summary = RunSummary(
        results,
        hidden,
        time.perf_counter() - clock,
        {k: round(v, 3) for k, v in sorted(stage_seconds.items())},
    )
    write_json(
        out / "run.json",
        {
            "version": __version__,
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "corpus": str(corpus),
            "files": len(results),
            "hidden_files_left_out": hidden,
            "by_status": summary.counts("status"),
            "by_format": summary.counts("source_format"),
            "seconds": round(summary.seconds, 3),
            "seconds_per_stage": summary.stage_seconds,
        },
    )
    return summary
