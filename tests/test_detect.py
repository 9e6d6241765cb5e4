from pathlib import Path

from pipeline.detect import detect_format


def test_content_wins_over_extension():
    assert detect_format(b"%PDF-1.7\n...", Path("a.docx")) == "pdf"
    assert detect_format(b"<!DOCTYPE html><html><body>x</body></html>", Path("report.doc")) == "html"
    assert detect_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, Path("a.doc")) == "doc"
    assert detect_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, Path("a.wps")) == "wps"
    assert detect_format("一、总体情况".encode(), Path("a.pdf")) == "txt"


def test_empty():
    assert detect_format(b"", Path("a.txt")) == "empty"
    assert detect_format(b"  \n", Path("a.txt")) == "empty"
