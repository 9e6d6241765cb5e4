"""Command line: `python -m pipeline run CORPUS [--out DIR] [--jobs N] [--format ...] [--strict] ...`.

A thin layer over `pipeline.run`; exit 0 when every file has its row, 3 with --strict when any
failed, 2 for bad usage or an unusable output folder (one line, no traceback), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

EXIT_USAGE = 2
EXIT_FAILED_FILES = 3
EXIT_INTERRUPTED = 130
_OCR_SHARE = 0.75  # of a document's time limit that OCR may take by default (the rest reads the text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _Parser(prog="ogi", description="Turn government open-information annual reports into data.")
    parser.add_argument("--version", action="version", version=f"ogi {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    cmd = commands.add_parser("run", help="process a corpus folder (or one file) into a dataset")
    cmd.add_argument("corpus", type=Path, help="folder searched recursively, or a single file")
    cmd.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    cmd.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)"
    )
    cmd.add_argument(
        "--format",
        choices=["csv", "parquet", "both", "xlsx", "all"],
        default="csv",
        help="csv (default); parquet or both add .parquet files beside the CSV files, xlsx adds Excel "
        "workbooks, all adds both",
    )
    cmd.add_argument("--strict", action="store_true", help="exit 3 when any file failed")
    cmd.add_argument(
        "--ocr",
        choices=["auto", "off"],
        default="auto",
        help="auto (default): scanned PDF pages are read by OCR when the ocr extra is installed",
    )
    cmd.add_argument(
        "--ocr-seconds",
        type=float,
        help="seconds of OCR per document, under --timeout (default: three quarters of it, 90); "
        "scanned pages past it are left unread",
    )
    cmd.add_argument(
        "--no-summary", action="store_true", help="do not write summary.html (saves ~0.5 s of charting)"
    )
    cmd.add_argument("--force", action="store_true", help="reprocess every file, changed or not")
    cmd.add_argument(
        "--allow-empty", action="store_true", help="let a corpus with no file empty existing outputs"
    )
    cmd.add_argument(
        "--timeout", type=float, default=120.0, help="seconds per document before it fails (120)"
    )
    cmd.add_argument("--max-memory", type=int, default=4096, help="MB of memory per worker process (4096)")
    cmd.add_argument("--executor", choices=["local", "dask"], default="local")
    cmd.add_argument(
        "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)"
    )
    noise = cmd.add_mutually_exclusive_group()
    noise.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    noise.add_argument(
        "--verbose", action="store_true", help="log every document to OUT/.ogi/run.log (JSON lines)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.exit(EXIT_USAGE, f"ogi: no such file or folder: {args.corpus}\n")
    if args.jobs < 1:
        parser.exit(EXIT_USAGE, "ogi: --jobs must be 1 or more\n")
    if args.ocr_seconds is None:
        args.ocr_seconds = _OCR_SHARE * args.timeout
    if args.ocr == "auto" and not 0 <= args.ocr_seconds < args.timeout:
        parser.exit(
            EXIT_USAGE,
            f"ogi: --ocr-seconds ({args.ocr_seconds:g}) must be under --timeout ({args.timeout:g}): "
            "a document still running at --timeout fails\n",
        )
    formats = {"csv"} | {
        "parquet": {"parquet"},
        "both": {"parquet"},
        "xlsx": {"xlsx"},
        "all": {"parquet", "xlsx"},
    }.get(args.format, set())
    from .batch import OutputProblem, run  # the library loads only for a run: `--help` stays quick
    from .settings import ReadSettings

    try:
        summary = run(
            args.corpus,
            args.out,
            jobs=args.jobs,
            formats=formats,
            force=args.force,
            timeout=args.timeout,
            max_memory_mb=args.max_memory,
            executor=args.executor,
            scheduler=args.scheduler,
            progress=not args.quiet and sys.stderr.isatty(),
            verbose=args.verbose,
            allow_empty=args.allow_empty,
            summary_page=not args.no_summary,
            settings=ReadSettings(ocr=args.ocr, max_ocr_seconds=args.ocr_seconds),
        )
    except OutputProblem as error:
        parser.exit(EXIT_USAGE, f"ogi: {error}\n")
    except KeyboardInterrupt:
        print("ogi: interrupted; finished documents are kept, run again to carry on", file=sys.stderr)
        return EXIT_INTERRUPTED
    except RuntimeError as error:  # e.g. the Dask extra is not installed
        parser.exit(EXIT_USAGE, f"ogi: {error}\n")
    if not args.quiet:
        print(summary.text(), file=sys.stderr)
    return EXIT_FAILED_FILES if args.strict and summary.failed else 0
