"""The run manifest: what was processed, from which bytes, by which pipeline, with what result.

One SQLite file in the output folder (`.ogi/manifest.sqlite`) holds, per input file, its size,
mtime, SHA-256, the pipeline version that processed it, and the result itself (compressed). A
re-run reprocesses only new, changed or failed files; results are committed as they arrive, so a
run that is killed keeps what it finished. Outputs are written by streaming results back out in
path order, so the driver never holds the whole corpus in memory.
"""

from __future__ import annotations

import pickle
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from .model import ReportResult, Status

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    source_path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,
    report_id TEXT NOT NULL,
    result BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_report_id ON documents (report_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


_COLUMNS = ("source_path", "size", "mtime_ns", "sha256", "version", "status", "report_id", "result")
_ENTRIES = "SELECT source_path, size, mtime_ns, sha256, version, status FROM documents"


# SQLite result codes that mean the storage failed rather than the file's content: PERM,
# READONLY, IOERR, FULL, CANTOPEN (https://sqlite.org/rescode.html).
_STORAGE_CODES = {3, 8, 10, 13, 14}
_STORAGE_WORDS = ("disk i/o error", "is full", "readonly", "unable to open", "permission")


def is_storage_problem(error: sqlite3.Error) -> bool:
    """True when SQLite failed because of the disk (full, read-only, I/O), not a damaged file."""
    code = getattr(error, "sqlite_errorcode", None)  # Python >= 3.11
    if code is not None:
        return code & 0xFF in _STORAGE_CODES
    return any(word in str(error).lower() for word in _STORAGE_WORDS)


@dataclass(frozen=True)
class Entry:
    source_path: str
    size: int
    mtime_ns: int
    sha256: str
    version: str
    status: str


class Manifest:
    """The store behind incremental and resumable runs (one per output folder)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.set_aside = ""  # where a damaged manifest was moved, when one was
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError as error:
            if is_storage_problem(error):
                raise  # the disk, not the file: a full or read-only disk is no reason to start afresh
            # truncated, scribbled or of another schema: keep it for inspection, start afresh
            damaged = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            for suffix in ("", "-wal", "-shm"):
                extra = Path(f"{path}{suffix}")
                if extra.exists():
                    extra.rename(f"{damaged}{suffix}")
            self.set_aside = f"the manifest was damaged ({error}); moved to {damaged.name}, all files redone"
            self.db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        try:
            db.executescript(_SCHEMA)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("SELECT " + ", ".join(_COLUMNS) + " FROM documents LIMIT 1").fetchall()
            db.execute("SELECT key, value FROM meta").fetchall()
            # every row's index columns, as each run reads them: damage anywhere in the table shows
            # here, not midway through a run (the results themselves are read one at a time)
            db.execute(_ENTRIES).fetchall()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def entries(self) -> dict[str, Entry]:
        rows = self.db.execute(_ENTRIES)
        return {row[0]: Entry(*row) for row in rows}

    def put(self, entry: Entry, result: ReportResult) -> None:
        blob = zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 3)
        self.db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.source_path,
                entry.size,
                entry.mtime_ns,
                entry.sha256,
                entry.version,
                result.status.value,
                result.report_id,
                blob,
            ),
        )

    def touch(self, source_path: str, mtime_ns: int) -> None:
        """Same bytes, new mtime (a copy or a `touch`): remember the mtime, keep the result."""
        self.db.execute("UPDATE documents SET mtime_ns = ? WHERE source_path = ?", (mtime_ns, source_path))

    def remove(self, source_paths: list[str]) -> None:
        self.db.executemany("DELETE FROM documents WHERE source_path = ?", [(p,) for p in source_paths])

    def commit(self) -> None:
        self.db.commit()

    def result(self, source_path: str) -> ReportResult | None:
        """The stored result; None when it cannot be read back (damaged bytes, an old layout)."""
        try:
            (blob,) = self.db.execute(
                "SELECT result FROM documents WHERE source_path = ?", (source_path,)
            ).fetchone()
        except sqlite3.DatabaseError as error:  # a damaged page of the file
            if is_storage_problem(error):
                raise
            return None
        try:
            result = pickle.loads(zlib.decompress(blob))
        except Exception:  # zlib.error, pickle's many errors, a class that no longer exists
            return None
        return result if isinstance(result, ReportResult) else None

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall())

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def failed_paths(self) -> set[str]:
        rows = self.db.execute("SELECT source_path FROM documents WHERE status = ?", (Status.FAILED.value,))
        return {row[0] for row in rows}
