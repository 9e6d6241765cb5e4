"""Old Word (.doc) and WPS (.wps) files, read through an installed converter.

LibreOffice (`soffice --headless --convert-to docx`) turns the file into .docx for the Word
reader; without it, `antiword` gives text (with tables as pipe rows) for the text reader. When
neither program is installed the file fails with a message naming what would read it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..model import Document
from .base import ReadError, ReadSettings
from .docx import DocxReader
from .txt import decode, text_lines

_TIMEOUT_SECONDS = 120


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class LegacyWordReader:
    """Reads `doc` files (LibreOffice, else antiword) and `wps` files (LibreOffice only)."""

    def __init__(self, source_format: str = "doc") -> None:
        self.source_format = source_format

    def read(self, data: bytes, settings: ReadSettings) -> Document:
        if len(data) > settings.max_binary_bytes:
            raise ReadError("file too large")
        with tempfile.TemporaryDirectory(prefix="ogi-doc-") as folder:
            source = Path(folder) / f"input.{self.source_format}"
            source.write_bytes(data)
            if _soffice():
                doc = DocxReader().read(_convert_with_soffice(source), settings)
            elif self.source_format == "doc" and shutil.which("antiword"):
                doc = _read_with_antiword(source)
            else:
                needs = "LibreOffice (soffice)" + (" or antiword" if self.source_format == "doc" else "")
                raise ReadError(f"old {self.source_format} format: install {needs} to read it")
        doc.source_format = self.source_format
        return doc


def _convert_with_soffice(source: Path) -> bytes:
    out = source.parent / "out"
    profile = source.parent / "profile"  # a profile per call lets workers convert in parallel
    command = [
        _soffice() or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise ReadError(f"LibreOffice did not convert the file within {_TIMEOUT_SECONDS} s") from None
    converted = out / f"{source.stem}.docx"
    if not converted.exists():
        said = (done.stdout + done.stderr).decode("utf-8", "replace")
        if "no export filter" in said.lower():  # LibreOffice without Writer (libreoffice-core alone)
            raise ReadError(
                "LibreOffice is installed without its Writer component: install libreoffice-writer "
                "to read old Word files"
            )
        raise ReadError("LibreOffice could not convert the file (corrupt or not a Word document)")
    return converted.read_bytes()


def _read_with_antiword(source: Path) -> Document:
    try:
        done = subprocess.run(
            ["antiword", "-m", "UTF-8.txt", "-w", "0", str(source)],
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ReadError(f"antiword did not read the file within {_TIMEOUT_SECONDS} s") from None
    if done.returncode != 0 or not done.stdout.strip():
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ReadError(f"antiword could not read the file ({message[0] if message else 'no text'})")
    text, encoding, warnings = decode(done.stdout)
    return Document(blocks=list(text_lines(text)), source_format="doc", encoding=encoding, warnings=warnings)
