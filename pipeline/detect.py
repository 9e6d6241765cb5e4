"""Tell a file's format from its bytes (magic numbers), falling back on the extension.

Government sites often serve a `.doc` that is really HTML or a `.pdf` that is a Word file, so the
content decides; the extension only breaks ties between text-like formats.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import regex

# an optional XML declaration (XHTML) and comments, then the first tag of a page
_HTML_START = regex.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<meta)", regex.I | regex.S
)


def detect_format(data: bytes, path: Path) -> str:
    """`pdf`, `docx`, `doc`, `html`, `txt`, `zip`, `rtf` or `empty`; `txt` for anything text-like."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    ext = path.suffix.lower()
    if not data.strip():
        return "empty"
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "wps" if ext == ".wps" else "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _HTML_START.match(head) or (ext in {".html", ".htm", ".xhtml", ".shtml"} and b"<" in head):
        return "html"
    return "txt"  # also a `.pdf` or `.doc` with none of their signatures: the text reader judges it


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "docx"  # a damaged zip named like Word: let the Word reader report the damage
    if "word/document.xml" in names:
        return "docx"
    return "zip"
