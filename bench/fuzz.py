"""Fuzz campaign: the hostile forms of tests/hostile.py and mutated real reports, each processed by
`pipeline.process` in a child process of its own, with its time and peak memory measured.

    .venv/bin/python bench/fuzz.py --cases 600 [--seed 1] [--jobs 2] [--ocr auto|off]

Prints, for the hostile forms and for the mutants: cases, outcomes by status, the worst time and
peak memory (the child's whole resident set: Python and the libraries take ~150 MB of it), and
every case over 10 s or 500 MB or whose error is not in plain words. The suite runs a few of these
(tests/test_hostile.py); this is the long run behind the figures in the issue notes.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))
REAL = PROJECT.parent / "shared" / "corpus-real"
_TIME_BOUND, _MEMORY_BOUND = 10.0, 500.0  # the bounds per hostile document
_KILL_AFTER = 120  # seconds: a case still running is stopped and counted as over

_CHILD = """
import json, resource, sys, time
import pipeline
from pipeline.readers import ReadSettings
start = time.perf_counter()
r = pipeline.process(sys.argv[1], settings=ReadSettings(ocr=sys.argv[2]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": time.perf_counter() - start, "status": r.status.value, "error": r.error,
                  "ocr_pages": r.ocr_pages, "peak_mb": peak}))
"""


@dataclass
class Case:
    name: str
    seconds: float
    peak_mb: float
    status: str
    error: str
    ocr_pages: int = 0


def run_case(name: str, data: bytes, suffix: str, ocr: str) -> Case:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"case{suffix}"
        path.write_bytes(data)
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path), ocr], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        try:
            out, _ = child.communicate(timeout=_KILL_AFTER)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            return Case(name, float(_KILL_AFTER), 0.0, "killed", f"over {_KILL_AFTER} s")
        if child.returncode != 0:
            return Case(name, 0.0, 0.0, "crashed", f"exit status {child.returncode}")
        found = json.loads(out.decode().strip().splitlines()[-1])
        return Case(
            name, found["seconds"], found["peak_mb"], found["status"], found["error"], found["ocr_pages"]
        )


def sources() -> list[Path]:
    found = [p for p in sorted((PROJECT / "corpus").iterdir()) if p.is_file()]
    if REAL.exists():
        found += [p for p in sorted(REAL.rglob("*")) if p.is_file() and p.suffix != ".md"]
    return found


def summary(title: str, cases: list[Case]) -> list[str]:
    by_status = Counter(c.status for c in cases)
    lines = [f"{title}: {len(cases)} cases; " + ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))]
    for part, chosen in (
        ("without OCR", [c for c in cases if not c.ocr_pages]),
        ("read in part by OCR", [c for c in cases if c.ocr_pages]),
    ):
        if chosen:
            slowest = max(chosen, key=lambda c: c.seconds)
            biggest = max(chosen, key=lambda c: c.peak_mb)
            lines.append(
                f"  {len(chosen)} {part}: worst time {slowest.seconds:.1f} s ({slowest.name}), "
                f"worst peak memory {biggest.peak_mb:.0f} MB ({biggest.name})"
            )
    for c in cases:
        plain = c.status == "ok" or (c.error and "unexpectedly" not in c.error)
        if (
            c.seconds > _TIME_BOUND
            or c.peak_mb > _MEMORY_BOUND
            or not plain
            or c.status in ("killed", "crashed")
        ):
            lines.append(
                f"  over: {c.name}: {c.seconds:.1f} s, {c.peak_mb:.0f} MB, {c.status}, {c.error[:100]}"
                + (f", {c.ocr_pages} OCR pages" if c.ocr_pages else "")
            )
    return lines


def main() -> None:
    from hostile import HOSTILE, mutate

    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=600, help="mutated files (default 600)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--ocr", choices=["auto", "off"], default="auto")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    files = sources()
    work = [(name, make(), Path(name).suffix) for name, make in HOSTILE.items()]
    for n in range(args.cases):
        source = rng.choice(files)
        work.append((f"{source.name}#{n}", mutate(source.read_bytes(), rng), source.suffix))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        cases = list(pool.map(lambda w: run_case(*w, args.ocr), work))
    hostile = cases[: len(HOSTILE)]
    lines = summary("hostile forms", hostile) + summary(
        f"mutants of {len(files)} real files", cases[len(HOSTILE) :]
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
