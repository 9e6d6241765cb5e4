"""Benchmark: documents/second per format, pages/second for PDF, seconds per stage, peak memory.

    make bench                    (bench/run.py --copies 26: 77 files -> 2,002 documents)
    .venv/bin/python bench/run.py --copies 5      (a quick look)

1. Builds a benchmark corpus in bench/corpus/ (not in git): every real report of
   ../shared/corpus-real and the seed renderings in corpus/, copied `--copies` times, each copy
   with different bytes (a comment, an extra zip member, a trailing PDF comment) so that nothing
   can be served from a cache; one folder per format.
2. For --jobs 1 and --jobs 2: a cold run per format folder (docs/s, pages/s, stage seconds, peak
   memory of the driver and of the busiest worker), then a warm re-run of each (nothing changed).
3. Reads the same PDFs with pdfplumber alone (text and tables, nothing else) and with pypdfium2
   alone (page text only) for the ratios; times `ogi --help` and a one-file run.
4. OCR (unless --no-ocr): every real PDF made image-only, and those whose text survives the edit
   with their tables pasted as pictures (tests/scans.py), run at each --jobs: seconds per page,
   peak memory, and how the OCR reading agrees with the text layer's.
Writes BENCHMARKS.md and prints it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))  # scans.py: image-only PDFs and their comparison
REAL = PROJECT.parent / "shared" / "corpus-real"
FORMATS = ["txt", "html", "docx", "pdf"]


def _variant(data: bytes, source_format: str, n: int) -> bytes:
    """The same report with different bytes: copy n."""
    mark = f"copy {n}".encode()
    if source_format == "txt":
        return data + f"\n（副本{n}）".encode()  # the real text reports are UTF-8
    if source_format == "html":
        return (
            data.replace(b"</html>", b"<!-- " + mark + b" --></html>")
            if b"</html>" in data
            else data + b"<!--" + mark
        )
    if source_format == "pdf":
        return data + b"\n%" + mark + b"\n"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(f"customXml/bench{n}.xml", b"<copy>" + mark + b"</copy>")
    return out.getvalue()


def build_corpus(folder: Path, copies: int) -> dict[str, int]:
    from pipeline.detect import detect_format

    shutil.rmtree(folder, ignore_errors=True)
    sources = [
        p
        for base in (PROJECT / "corpus", REAL)
        if base.exists()
        for p in sorted(base.rglob("*"))
        if p.is_file() and p.suffix != ".md"
    ]
    counts: dict[str, int] = {}
    for source in sources:
        data = source.read_bytes()
        kind = detect_format(data, source)
        (folder / kind).mkdir(parents=True, exist_ok=True)
        for n in range(copies):
            name = f"{source.parent.name}-{source.stem}-{n:04d}{source.suffix}"
            (folder / kind / name).write_bytes(_variant(data, kind, n))
        counts[kind] = counts.get(kind, 0) + copies
    return counts


_RUN = """
import json, resource, sys, time
import pipeline
start = time.perf_counter()
s = pipeline.run(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - start, "processed": s.processed, "files": s.files,
                  "stages": s.stage_seconds, "by_status": s.counts("status"),
                  "driver_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def timed_run(corpus: Path, out: Path, jobs: int) -> dict:
    """One `pipeline.run` in a fresh process, so its memory figures are its own."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(corpus), str(out), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"wall": time.perf_counter() - start}


def pdf_pages(folder: Path) -> int:
    import pypdfium2

    return sum(len(pypdfium2.PdfDocument(str(p))) for p in sorted(folder.glob("*")))


def pdfplumber_only(folder: Path) -> float:
    """Seconds for pdfplumber alone to read every page's text and tables of the PDFs."""
    import pdfplumber

    start = time.perf_counter()
    for path in sorted(folder.glob("*")):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
    return time.perf_counter() - start


def pypdfium2_text_only(folder: Path) -> float:
    """Seconds for pypdfium2 alone to read every page's text of the PDFs (no geometry, no tables)."""
    import pypdfium2

    start = time.perf_counter()
    for path in sorted(folder.glob("*")):
        pdf = pypdfium2.PdfDocument(str(path))
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()
    return time.perf_counter() - start


def build_scans(folder: Path) -> dict[str, Path]:
    """Image-only copies of every real PDF (`scan-*`) and copies with their tables as pictures
    (`pictures-*`) where PDFium keeps the rest of the text; file name -> the real PDF."""
    from scans import image_only_pdf, tables_as_pictures

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sources: dict[str, Path] = {}
    for source in sorted((REAL / "pdf").glob("*.pdf")):
        for form, make in (("scan", image_only_pdf), ("pictures", tables_as_pictures)):
            try:
                data = make(source.read_bytes())
            except ValueError:  # PDFium rewrote the page's other text: not a faithful copy
                continue
            (folder / f"{form}-{source.name}").write_bytes(data)
            sources[f"{form}-{source.name}"] = source
    return sources


def ocr_runs(folder: Path, sources: dict[str, Path], jobs: list[int], results: Path) -> dict:
    """A cold run over the scans at each number of jobs, with OCR's pages and the agreement."""
    import csv

    from scans import agreement

    import pipeline

    runs = {n: timed_run(folder, results / f"ocr-{n}", n) for n in jobs}
    out = results / f"ocr-{jobs[0]}"
    with open(out / "reports.csv", encoding="utf-8-sig", newline="") as f:
        ocr_pages = sum(int(r["ocr_pages"] or 0) for r in csv.DictReader(f))
    references = {name: pipeline.process(source, source.parent) for name, source in sources.items()}
    return {"runs": runs, "ocr_pages": ocr_pages, "agreement": agreement(out, references)}


def startup() -> dict[str, float]:
    """Seconds for `ogi --help` and for a whole run of one file (best of three each)."""
    ogi = str(Path(sys.executable).with_name("ogi"))
    seed = next((PROJECT / "corpus").glob("*.txt"))
    out = PROJECT / "bench" / "one"
    commands = {
        "help": [ogi, "--help"],
        "one_file": [ogi, "run", str(seed), "--out", str(out), "--quiet", "--force"],
    }
    timings: dict[str, float] = {}
    for name, command in commands.items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            best = min(best, time.perf_counter() - start)
        timings[name] = best
    shutil.rmtree(out, ignore_errors=True)
    return timings


def ocr_report(ocr: dict) -> list[str]:
    found = list(ocr["agreement"].values())
    forms = {name.split("-", 1)[0] for name in ocr["agreement"]}
    lines = [
        "",
        "## OCR (scanned PDFs)",
        "",
        f"{len(found)} files made from the real PDFs ({', '.join(sorted(forms))}: tests/scans.py), "
        f"{ocr['ocr_pages']} pages read by OCR (RapidOCR, PP-OCR models, one thread per worker).",
        "",
        "| jobs | seconds | OCR pages/s | seconds per page per core | driver peak MB | worker peak MB |",
        "|---|---|---|---|---|---|",
    ]
    for jobs, r in sorted(ocr["runs"].items()):
        lines.append(
            f"| {jobs} | {r['seconds']:.1f} | {ocr['ocr_pages'] / r['seconds']:.2f} | "
            f"{r['seconds'] * jobs / ocr['ocr_pages']:.2f} | {r['driver_mb']:.0f} | {r['worker_mb']:.0f} |"
        )
    values, expected = sum(a.values for a in found), sum(a.expected for a in found)
    lines += [
        "",
        "Against the text layer's reading of the same reports: "
        f"organization {sum(a.organization for a in found)}/{len(found)}, "
        f"year {sum(a.report_year for a in found)}/{len(found)}, "
        f"sections {sum(a.sections for a in found)}/{len(found)}, "
        f"values {values}/{expected} ({values / expected:.1%}), "
        f"every OCR value flagged `ocr` in {sum(a.flagged for a in found)}/{len(found)}.",
    ]
    for name, a in ocr["agreement"].items():
        if a.values < a.expected or not (a.organization and a.report_year and a.sections):
            lines.append(
                f"- {name}: values {a.values}/{a.expected}, sections {'same' if a.sections else 'differ'}"
            )
    return lines


def report(
    counts: dict[str, int],
    runs: dict,
    pages: int,
    baseline: float,
    text_only: float,
    start_up: dict,
    ocr: dict | None,
) -> str:
    lines = [
        f"# Benchmarks ({date.today().isoformat()})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Corpus: {sum(counts.values())} documents ({', '.join(f'{n} {k}' for k, n in counts.items())}), "
        "every real report copied with different bytes. Produced by `make bench` (bench/run.py).",
        "",
        "## Cold runs, one output folder per format",
        "",
        "| format | jobs | documents | seconds | docs/s | pages/s | driver peak MB | worker peak MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (kind, jobs), r in sorted(runs["cold"].items(), key=lambda kv: (FORMATS.index(kv[0][0]), kv[0][1])):
        page_rate = f"{pages / r['seconds']:.1f}" if kind == "pdf" else ""
        lines.append(
            f"| {kind} | {jobs} | {r['files']} | {r['seconds']:.1f} | {r['files'] / r['seconds']:.1f} | "
            f"{page_rate} | {r['driver_mb']:.0f} | {r['worker_mb']:.0f} |"
        )
    lines += [
        "",
        "## Seconds per stage (summed over documents, jobs 1)",
        "",
        "| format | "
        + " | ".join(["read", "normalize", "metadata", "sections", "tables", "validate"])
        + " |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in FORMATS:
        r = runs["cold"].get((kind, 1))
        if r:
            lines.append(
                f"| {kind} | "
                + " | ".join(
                    f"{r['stages'].get(s, 0):.1f}"
                    for s in ["read", "normalize", "metadata", "sections", "tables", "validate"]
                )
                + " |"
            )
    lines += [
        "",
        "## Warm re-runs over the unchanged corpus (every format folder again)",
        "",
        "Seconds inside `pipeline.run`, and wall time of the whole command (Python start-up and imports "
        "included).",
        "",
        "| jobs | documents | cold s | warm s | warm / cold | cold wall s | warm wall s | warm/cold wall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for jobs, warm in sorted(runs["warm"].items()):
        cold = sum(r["seconds"] for (_, j), r in runs["cold"].items() if j == jobs)
        cold_wall = sum(r["wall"] for (_, j), r in runs["cold"].items() if j == jobs)
        lines.append(
            f"| {jobs} | {warm['files']} | {cold:.1f} | {warm['seconds']:.2f} | "
            f"{warm['seconds'] / cold:.1%} | {cold_wall:.1f} | {warm['wall']:.1f} | "
            f"{warm['wall'] / cold_wall:.1%} |"
        )
    pdf_cold = runs["cold"].get(("pdf", 1))
    if pdf_cold:
        rate = pages / pdf_cold["seconds"]
        lines += [
            "",
            "## PDF",
            "",
            f"The {counts['pdf']} PDFs ({pages} pages), read by the whole pipeline at --jobs 1: "
            f"{rate:.1f} pages/s. In the same run, pdfplumber alone (text and tables of every page, "
            f"nothing else): {pages / baseline:.1f} pages/s, so the pipeline is "
            f"{rate / (pages / baseline):.1f} times as fast; pypdfium2 alone (page text only, no "
            f"geometry): {pages / text_only:.1f} pages/s, {(pages / text_only) / rate:.1f} times the "
            "pipeline. The reader takes characters, their boxes and the ruling lines from PDFium and "
            "builds lines, words and tables itself; pdfminer (through pdfplumber) is the reference in "
            "the tests and the fallback for files PDFium cannot read.",
        ]
    lines += [
        "",
        "## Start-up",
        "",
        f"`ogi --help`: {start_up['help']:.2f} s; a whole run of one text file (Python start, "
        f"workers started and loaded, outputs written): {start_up['one_file']:.2f} s (best of three).",
    ]
    if ocr:
        lines += ocr_report(ocr)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=26)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=PROJECT / "BENCHMARKS.md")
    parser.add_argument("--no-ocr", action="store_true", help="leave out the OCR runs (minutes)")
    args = parser.parse_args()
    work = PROJECT / "bench" / "corpus"
    counts = build_corpus(work, args.copies)
    results = PROJECT / "bench" / "outputs"
    shutil.rmtree(results, ignore_errors=True)
    runs: dict = {"cold": {}, "warm": {}}
    for jobs in args.jobs:
        for kind in FORMATS:
            if (work / kind).exists():
                runs["cold"][(kind, jobs)] = timed_run(work / kind, results / f"{kind}-{jobs}", jobs)
                print(
                    f"cold {kind} jobs {jobs}: {runs['cold'][(kind, jobs)]['seconds']:.1f} s", file=sys.stderr
                )
        warm = [
            timed_run(work / kind, results / f"{kind}-{jobs}", jobs)
            for kind in FORMATS
            if (work / kind).exists()
        ]
        runs["warm"][jobs] = {
            "files": sum(w["files"] for w in warm),
            "seconds": sum(w["seconds"] for w in warm),
            "wall": sum(w["wall"] for w in warm),
        }
    pages = pdf_pages(work / "pdf")
    ocr = None
    if not args.no_ocr and REAL.exists():
        scans = PROJECT / "bench" / "corpus" / "scans"
        ocr = ocr_runs(scans, build_scans(scans), args.jobs, results)
        print(f"ocr: {ocr['ocr_pages']} pages", file=sys.stderr)
    text = report(
        counts, runs, pages, pdfplumber_only(work / "pdf"), pypdfium2_text_only(work / "pdf"), startup(), ocr
    )
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
