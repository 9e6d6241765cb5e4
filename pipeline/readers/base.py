"""The one small interface every input format implements."""

from __future__ import annotations

from typing import Protocol

from ..model import Document
from ..settings import ReadSettings

__all__ = ["ReadError", "ReadSettings", "Reader"]


class ReadError(Exception):
    """A file that cannot be read; the message is shown to users as is, in plain words."""


class Reader(Protocol):
    """Turns a file's bytes into a `Document` of paragraphs and tables, or raises `ReadError`."""

    def read(self, data: bytes, settings: ReadSettings) -> Document: ...
