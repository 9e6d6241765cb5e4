"""The settings of reading one document: its limits and OCR (light: the batch driver imports it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadSettings:
    """Limits that keep one hostile file cheap in time and memory (README, "Limits").

    A file over a size limit fails. A table, page or document over a count limit is cut there (or
    a page is read as text only) and the result is `partial`, its error naming the limit and where.
    A real report stays far below every limit: 20 pages, a few thousand characters and a few
    hundred drawing objects per page, tables of 100 rows and 10 columns."""

    max_text_bytes: int = 20_000_000  # a text file
    max_binary_bytes: int = 200_000_000  # any other file
    max_pages: int = 500  # pages of a PDF
    max_markup_tags: int = 300_000  # elements of a web page or a Word document's body
    max_table_rows: int = 2_000  # rows of one table; row spans are capped at the table's rows
    max_table_columns: int = 200  # grid columns of one table; column spans are capped at this
    max_page_characters: int = 50_000  # a PDF page with more is left out
    max_page_objects: int = 50_000  # drawing objects of a PDF page; more: the page is read as text only
    max_repair_bytes: int = 2_000_000  # a PDF that PDFium cannot open goes to pdfminer up to this size
    ocr: str = "auto"  # `auto`: scanned PDF pages are read by OCR when the extra is installed; `off`
    max_ocr_seconds: float = 90.0  # OCR time per document; later scanned pages are left out, with a note
    max_document_characters: int = 300_000  # text read from one document (150 dense pages); the rest is cut
