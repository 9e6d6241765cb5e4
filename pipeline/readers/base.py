"""The one small interface every input format implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model import Document


class ReadError(Exception):
    """A file that cannot be read; the message is shown to users as is, in plain words."""


@dataclass(frozen=True)
class ReadSettings:
    """Limits that keep one bad file from taking a batch down."""

    max_text_bytes: int = 20_000_000
    max_binary_bytes: int = 200_000_000
    max_pages: int = 500


class Reader(Protocol):
    """Turns a file's bytes into a `Document` of paragraphs and tables, or raises `ReadError`."""

    def read(self, data: bytes, settings: ReadSettings) -> Document: ...
