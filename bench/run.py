"""Benchmark: documents/second and pages/second per input format, peak memory, PDF text libraries.

    make bench            (or .venv/bin/python bench/run.py [--reps N] [--out BENCHMARKS.md])

Each format runs in a fresh process (so peak memory is that format's own) over the real reports
of ../shared/corpus-real plus the seed renderings in corpus/, `--reps` passes each, after one
warm-up pass that loads jieba and the catalogues. PDF text extraction is also timed on its own
with pdfplumber (what the reader uses) and pypdfium2, on the same pages, with the share of
identical characters.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
REAL = PROJECT.parent / "shared" / "corpus-real"
FORMATS = ["txt", "html", "docx", "pdf"]


def inputs(source_format: str) -> list[Path]:
    from pipeline.detect import detect_format

    folders = [PROJECT / "corpus", REAL]
    files = [p for folder in folders if folder.exists() for p in sorted(folder.rglob("*")) if p.is_file()]
    return [p for p in files if p.suffix != ".md" and detect_format(p.read_bytes(), p) == source_format]


def measure_format(source_format: str, reps: int) -> dict:
    """Runs in its own process: time `pipeline.process` over this format's files."""
    import pipeline

    files = inputs(source_format)
    if not files:
        return {"format": source_format, "files": 0}
    for path in files:  # warm-up: jieba, catalogue, OpenCC tables
        pipeline.process(path)
    stages: dict[str, float] = {}
    pages = 0
    start = time.perf_counter()
    for _ in range(reps):
        for path in files:
            result = pipeline.process(path)
            for stage, seconds in result.seconds.items():
                stages[stage] = stages.get(stage, 0.0) + seconds
    elapsed = time.perf_counter() - start
    if source_format == "pdf":
        import pdfplumber

        pages = sum(len(pdfplumber.open(path).pages) for path in files) * reps
    documents = len(files) * reps
    return {
        "format": source_format,
        "files": len(files),
        "documents": documents,
        "seconds": elapsed,
        "docs_per_s": documents / elapsed,
        "pages_per_s": pages / elapsed if pages else None,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stage_share": {k: v / elapsed for k, v in sorted(stages.items())},
    }


def measure_pdf_text(reps: int) -> dict:
    """pdfplumber versus pypdfium2 for the text of every page of the real PDFs."""
    import pdfplumber
    import pypdfium2

    files = inputs("pdf")
    timings = {}
    texts: dict[str, list[str]] = {}
    for name in ("pdfplumber", "pypdfium2"):
        start = time.perf_counter()
        for _ in range(reps):
            texts[name] = []
            for path in files:
                if name == "pdfplumber":
                    with pdfplumber.open(path) as pdf:
                        texts[name] += [page.extract_text() for page in pdf.pages]
                else:
                    pdf = pypdfium2.PdfDocument(str(path))
                    texts[name] += [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
                    pdf.close()
        timings[name] = time.perf_counter() - start
    parse = tables = lines = 0.0
    ruled_pages = 0
    for path in files:  # where pdfplumber's time goes, page by page
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                t0 = time.perf_counter()
                ruled_pages += bool(page.edges and page.chars)
                t1 = time.perf_counter()
                found = page.find_tables()
                for table in found:
                    table.extract()
                t2 = time.perf_counter()
                page.extract_text_lines()
                t3 = time.perf_counter()
                parse, tables, lines = parse + t1 - t0, tables + t2 - t1, lines + t3 - t2
    split = parse + tables + lines
    pages = len(texts["pdfplumber"]) * reps
    same = [
        difflib.SequenceMatcher(None, "".join(a.split()), "".join(b.split()), autojunk=False).ratio()
        for a, b in zip(texts["pdfplumber"], texts["pypdfium2"], strict=True)
    ]
    return {
        "pages": pages,
        "pdfplumber_pages_per_s": pages / timings["pdfplumber"],
        "pypdfium2_pages_per_s": pages / timings["pypdfium2"],
        "same_text": sum(same) / len(same),
        "parse_share": parse / split,
        "tables_share": tables / split,
        "lines_share": lines / split,
        "ruled_pages": ruled_pages,
        "all_pages": len(texts["pdfplumber"]),
    }


def _child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def report(rows: list[dict], pdf_text: dict) -> str:
    lines = [
        f"# Benchmarks ({date.today().isoformat()})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"one process (`--jobs 1`). Produced by `make bench` (bench/run.py).",
        "",
        "| format | files | documents | docs/s | pages/s | peak memory (MB) | largest stages |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if not r.get("files"):
            continue
        top = sorted(r["stage_share"].items(), key=lambda kv: -kv[1])[:3]
        stages = ", ".join(f"{k} {v:.0%}" for k, v in top)
        pages = f"{r['pages_per_s']:.1f}" if r["pages_per_s"] else ""
        lines.append(
            f"| {r['format']} | {r['files']} | {r['documents']} | {r['docs_per_s']:.1f} | {pages} | "
            f"{r['peak_mb']:.0f} | {stages} |"
        )
    lines += [
        "",
        "PDF text alone, same pages: "
        f"pdfplumber {pdf_text['pdfplumber_pages_per_s']:.1f} pages/s, "
        f"pypdfium2 {pdf_text['pypdfium2_pages_per_s']:.1f} pages/s; "
        f"characters in common {pdf_text['same_text']:.1%} ({pdf_text['pages']} pages).",
        f"Inside the PDF reader, pdfminer's page parse takes {pdf_text['parse_share']:.0%} of the time, "
        f"table finding {pdf_text['tables_share']:.0%}, text lines {pdf_text['lines_share']:.0%}; "
        f"{pdf_text['ruled_pages']} of {pdf_text['all_pages']} pages have ruling lines and need the parse "
        "for tables anyway, so the reader keeps pdfplumber for text too (one parse, one geometry).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--out", type=Path, default=PROJECT / "BENCHMARKS.md")
    parser.add_argument("--format", help=argparse.SUPPRESS)
    parser.add_argument("--pdf-text", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.format:
        print(json.dumps(measure_format(args.format, args.reps)))
        return
    if args.pdf_text:
        print(json.dumps(measure_pdf_text(args.reps)))
        return
    rows = [_child(["--format", f, "--reps", str(args.reps)]) for f in FORMATS]
    text = report(rows, _child(["--pdf-text", "--reps", str(args.reps)]))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
