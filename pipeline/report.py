"""One report, start to end: read -> normalize -> metadata / sections / tables -> validate.

`process(path)` is pure (reads one file, returns one `ReportResult`, writes nothing) and never raises
for bad input, so it can run in worker processes or on a cluster unchanged.
"""

from __future__ import annotations

import logging
import os
import stat
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .body import body_span
from .detect import detect_format
from .files import display_path, format_from_name, report_id_of
from .layout import lay_out
from .metadata import extract_metadata
from .model import Document, Metadata, Paragraph, ReportResult, Status, Table
from .normalize import UNREADABLE, normalize_document, tidy
from .outline import extract_sections
from .readers import ReadError, ReadSettings, reader_for
from .statistics import extract_statistics
from .validate import check_identities, check_narrative
from .vocabulary import patterns

T = TypeVar("T")


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def time(self, stage: str, fn: Callable[[], T]) -> T:
        start = time.perf_counter()
        try:
            return fn()
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def process(
    path: str | Path, root: str | Path | None = None, settings: ReadSettings | None = None
) -> ReportResult:
    """Everything the pipeline can learn about one file; errors become a `failed` result.
    What libraries log or warn meanwhile goes into `result.messages`, not to the terminal."""
    path = Path(path)
    source_path = display_path(path, Path(root) if root else None)
    messages: list[str] = []
    with _library_messages(messages):
        try:
            result = _process(path, source_path, settings or ReadSettings())
        except Exception as error:  # a bug; the batch goes on
            error_text = f"processing failed, unexpectedly ({_brief(error)})"
            result = ReportResult("", source_path, format_from_name(path), Status.FAILED, error_text)
    result.messages = messages
    return result


def _brief(error: Exception) -> str:
    """An unexpected error for a row: its kind and first 200 characters (a bug to report)."""
    return f"{type(error).__name__}: {str(error)[:200]}"


def _process(path: Path, source_path: str, settings: ReadSettings) -> ReportResult:
    clock = _Clock()
    try:
        data, info = clock.time("read", lambda: _read_bytes(path, settings))
    except ReadError as error:
        return ReportResult("", source_path, format_from_name(path), Status.FAILED, str(error))
    report_id = report_id_of(data)
    source_format = detect_format(data, path)
    result = ReportResult(report_id, source_path, source_format, Status.OK)
    result.source_size, result.source_mtime_ns = info.st_size, info.st_mtime_ns
    if source_format == "empty":
        result.source_format, result.status = format_from_name(path), Status.FAILED
        result.error = "empty file (0 bytes)" if not data else "empty file (only whitespace)"
        return result
    try:
        doc = clock.time("read", lambda: reader_for(source_format).read(data, settings))
    except ReadError as error:
        result.status, result.error = Status.FAILED, str(error)
        return result
    except Exception as error:  # a reader bug must not take the batch down
        result.status = Status.FAILED
        result.error = f"the {source_format} reader failed on this file, unexpectedly ({_brief(error)})"
        return result
    result.encoding, result.ocr_pages = doc.encoding, doc.ocr_pages
    _cut_to_limit(doc, settings.max_document_characters)
    if not doc.blocks:  # its first block alone is over the limit
        result.status, result.error = Status.FAILED, "; ".join(doc.warnings)
        return result
    share = unreadable_share(doc)
    if share >= _UNREADABLE_FAILED:
        result.status, result.error = Status.FAILED, _unreadable_reason(share)
        return result
    if share >= _UNREADABLE_PARTIAL:
        doc.warnings.append(_unreadable_reason(share))
    try:
        _analyse(doc, result, clock)
    except Exception as error:  # keep what was read; say what broke
        result.status = Status.PARTIAL
        result.error = f"the analysis stopped early, unexpectedly ({_brief(error)})"
    result.seconds = clock.seconds
    return result


_UNREADABLE_FAILED = 0.2  # share of non-space characters
_UNREADABLE_PARTIAL = 0.005


def unreadable_share(doc: Document) -> float:
    """The share of a document's non-space characters that carry no text (see `normalize.UNREADABLE`)."""
    bad = total = 0
    for block in doc.blocks:
        lines = block.rows if isinstance(block, Table) else [block]
        for line in lines:
            text = line.raw if isinstance(line, Paragraph) else "".join(c.raw for c in line.cells)
            found = UNREADABLE.findall(text)
            bad += len(found)
            total += len(text) - text.count(" ") - sum(len(f) - 1 for f in found)
    return bad / total if total else 0.0


def _cut_to_limit(doc: Document, limit: int) -> None:
    """Keep the blocks within the first `limit` characters; say so when some are cut."""
    total = 0
    for index, block in enumerate(doc.blocks):
        total += sum(len(line.raw) for line in block.rows) if isinstance(block, Table) else len(block.raw)
        if total > limit:
            doc.blocks = doc.blocks[:index]
            doc.warnings.append(f"over {limit:,} characters: the text after block {index} is not read")
            return


def _unreadable_reason(share: float) -> str:
    return (
        f"{share:.0%} of the text is unreadable codes ((cid:N), control or replacement characters): "
        "fonts without a Unicode map or a wrong encoding"
    )


_MAX_MESSAGES = 20


class _Collect(logging.Handler):
    """Keeps the first distinct warnings that libraries (pdfminer, ...) log while a file is read."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        message = f"{record.name}: {record.getMessage()}"
        if len(self.into) < _MAX_MESSAGES and message not in self.into:
            self.into.append(message)


@contextmanager
def _library_messages(into: list[str]) -> Iterator[None]:
    handler, root = _Collect(into), logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        root.removeHandler(handler)
    for warning in caught:
        handler.emit(logging.makeLogRecord({"name": warning.category.__name__, "msg": str(warning.message)}))


def warm_up() -> None:
    """Load what every document needs once per process: the segmenter, the idf table, templates,
    the administrative divisions."""
    from .divisions import place_of
    from .segment import keywords
    from .template import anchors

    keywords("政府信息公开", 1)
    anchors()
    place_of("北京市")


def _read_bytes(path: Path, settings: ReadSettings) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its size and mtime as read; a file that changes meanwhile is refused
    (its manifest entry would pair new bytes with an old result)."""
    if path.is_dir():
        raise ReadError("a link to a folder (not followed, so that links cannot loop)")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # a FIFO would block the reader forever, a device (/dev/zero) would never end
            raise ReadError("not a regular file (a pipe, socket or device): not opened")
        if info.st_size > settings.max_binary_bytes:
            raise ReadError(
                f"file too large ({info.st_size / 1e6:.0f} MB; "
                f"the limit is {settings.max_binary_bytes / 1e6:.0f} MB)"
            )
        with open(path, "rb") as file:
            before = os.fstat(file.fileno())
            data = file.read()
        after = path.stat()
        if len(data) != before.st_size or (after.st_size, after.st_mtime_ns) != (
            before.st_size,
            before.st_mtime_ns,
        ):
            raise ReadError("the file changed while it was read; it is read again on the next run")
        return data, before
    except PermissionError:
        raise ReadError("cannot read the file: permission denied") from None
    except OSError as error:
        raise ReadError(f"cannot read the file: {error.strerror or error}") from None


def _analyse(doc: Document, result: ReportResult, clock: _Clock) -> None:
    clock.time("normalize", lambda: normalize_document(doc))
    layout = clock.time("tables", lambda: lay_out(doc))
    doc.blocks = layout.blocks
    result.metadata = clock.time("metadata", lambda: extract_metadata(doc))
    start, end = body_span(doc)
    result.sections = clock.time("sections", lambda: extract_sections(doc, start, end))
    rows, findings = clock.time("tables", lambda: extract_statistics(layout.tables))
    result.statistics = rows
    narrative = "\n".join(tidy(p.text) for p in doc.paragraphs)
    result.findings = findings + clock.time(
        "validate", lambda: check_identities(rows) + check_narrative(narrative, rows)
    )
    result.metadata.template = _template(result.metadata, {row.table for row in rows})
    problems = list(doc.warnings)
    if any(f.rule == "cells_unplaced" for f in findings):
        problems.append("some table cells could not be placed in columns")
    if not doc.paragraphs and not doc.tables:
        result.status, result.error = Status.FAILED, "no text found in the file"
        return
    reason = _not_a_report(doc, result)
    if reason:
        # its row in reports.csv says why, with the limits reading hit; nothing of it enters the dataset
        result.status, result.error = Status.SKIPPED, "; ".join([reason, *doc.warnings])
        result.sections, result.statistics, result.findings = [], [], []
        return
    if problems:
        result.status, result.error = Status.PARTIAL, "; ".join(problems)


_LIST_TITLES = 3  # this many report titles in a file without an outline: a list of reports


def _not_a_report(doc: Document, result: ReportResult) -> str:
    """Why the file is not a report (empty when it is one): many report titles and neither outline
    nor table (a list of links); no title, organization, value, and no outline or no year."""
    meta = result.metadata
    headings = any(s.level > 0 for s in result.sections)
    if not headings and not result.statistics:
        titles = sum(len(p.findall(par.text)) for par in doc.paragraphs for p in patterns("title_phrase"))
        if titles >= _LIST_TITLES:
            return f"not a report: a list of {titles} report titles without an outline or statistics table"
    if meta.title or meta.organization or any(s.value is not None for s in result.statistics):
        return ""
    if not headings and not result.statistics:
        return "not a report: no report title, organization, outline or statistics table"
    if meta.report_year is None:
        return "not a report: a blank template (outline and tables, no title, organization, year or value)"
    return ""


def _template(meta: Metadata, tables: set[str]) -> str:
    """`2019` for the six-part format with its three tables, `pre2019` for the old one."""
    if tables & {"active_disclosure", "requests", "review_litigation"}:
        return "2019"
    if "pre2019_stats" in tables:
        return "pre2019"
    if meta.report_year is None:
        return "unknown"
    return "2019" if meta.report_year >= 2019 else "pre2019"
