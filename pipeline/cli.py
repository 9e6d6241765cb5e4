"""Command line: `python -m pipeline run CORPUS [--out DIR] [--jobs N] [--format ...] [--strict]`.

A thin layer over `pipeline.run`; exit 0 when every file has its row, 3 with --strict when any
failed, 2 for bad usage (one line, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from .batch import run

EXIT_USAGE = 2
EXIT_FAILED_FILES = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ogi", description="Turn government open-information annual reports into data.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run_cmd = commands.add_parser("run", help="process a corpus folder (or one file) into a dataset")
    run_cmd.add_argument("corpus", type=Path, help="folder searched recursively, or a single file")
    run_cmd.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    run_cmd.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    run_cmd.add_argument("--format", choices=["csv", "parquet", "both"], default="csv")
    run_cmd.add_argument("--strict", action="store_true", help="exit 3 when any file failed")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.exit(EXIT_USAGE, f"ogi: no such file or folder: {args.corpus}\n")
    if args.jobs < 1:
        parser.exit(EXIT_USAGE, "ogi: --jobs must be 1 or more\n")
    formats = {"both": {"csv", "parquet"}, "parquet": {"csv", "parquet"}}.get(args.format, {"csv"})
    summary = run(args.corpus, args.out, jobs=args.jobs, formats=formats)
    print(summary.text(), file=sys.stderr)
    return EXIT_FAILED_FILES if args.strict and summary.failed else 0
