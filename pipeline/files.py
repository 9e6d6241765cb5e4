"""A file's identity in the outputs: its report id (a hash of its bytes) and its display path.

Light on purpose: the batch driver uses it without loading the analysis stages.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def report_id_of(data: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of a file's bytes (reports.csv `report_id`)."""
    return hashlib.sha256(data).hexdigest()[:16]


def file_report_id(path: Path) -> str:
    """`report_id_of` a file's bytes; empty when the file cannot be read (or is no regular file)."""
    if not path.is_file():
        return ""
    try:
        return report_id_of(path.read_bytes())
    except OSError:
        return ""


def format_from_name(path: Path) -> str:
    """The format a file's name claims, for files whose content could not be read."""
    return path.suffix.lstrip(".").lower() or "unknown"


def display_path(path: Path, root: Path | None) -> str:
    """`/`-separated path relative to `root`; undecodable bytes in names shown as `\\xNN`."""
    relative = path.relative_to(root) if root and path != root else Path(path.name)
    return os.fsencode(relative.as_posix()).decode("utf-8", errors="backslashreplace")
