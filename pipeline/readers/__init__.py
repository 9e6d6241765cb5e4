"""Registry of readers by format name: a new input format is one new module registered here."""

from __future__ import annotations

from .base import Reader, ReadError, ReadSettings
from .docx import DocxReader
from .html import HtmlReader
from .legacy_word import LegacyWordReader
from .pdf import PdfReader
from .txt import TextReader

READERS: dict[str, Reader] = {
    TextReader.format: TextReader(),
    HtmlReader.format: HtmlReader(),
    PdfReader.format: PdfReader(),
    DocxReader.format: DocxReader(),
    "doc": LegacyWordReader("doc"),
    "wps": LegacyWordReader("wps"),
}


def reader_for(source_format: str) -> Reader:
    """The reader for a detected format; `ReadError` in plain words when there is none."""
    try:
        return READERS[source_format]
    except KeyError:
        raise ReadError(f"unsupported format: {source_format}") from None


__all__ = ["READERS", "ReadError", "ReadSettings", "Reader", "reader_for"]
