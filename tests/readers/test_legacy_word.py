import shutil

import pytest
from conftest import PROJECT

from pipeline.readers import ReadError, ReadSettings
from pipeline.readers.legacy_word import LegacyWordReader

DOC = PROJECT / "tests" / "fixtures" / "seed.doc"


@pytest.mark.skipif(not DOC.exists(), reason="tests/fixtures/seed.doc not generated (needs LibreOffice)")
def test_old_word_file_is_read_or_names_the_missing_program():
    if not (shutil.which("soffice") or shutil.which("libreoffice") or shutil.which("antiword")):
        with pytest.raises(ReadError, match="install LibreOffice"):
            LegacyWordReader("doc").read(DOC.read_bytes(), ReadSettings())
        return
    doc = LegacyWordReader("doc").read(DOC.read_bytes(), ReadSettings())
    assert doc.source_format == "doc"
    assert any("强化组织领导" in p.raw for p in doc.paragraphs)
    assert doc.tables and len(doc.tables[0].raw) >= 70


def test_without_converters_the_error_names_them(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReadError, match=r"install LibreOffice \(soffice\) or antiword"):
        LegacyWordReader("doc").read(b"\xd0\xcf\x11\xe0", ReadSettings())
    with pytest.raises(ReadError, match=r"install LibreOffice \(soffice\) to read"):
        LegacyWordReader("wps").read(b"\xd0\xcf\x11\xe0", ReadSettings())


def test_libreoffice_without_writer_is_named_not_called_a_corrupt_file(tmp_path, monkeypatch):
    # what soffice of libreoffice-core alone prints for --convert-to docx (no Writer export filter)
    fake = tmp_path / "soffice"
    fake.write_text(
        '#!/bin/sh\necho "convert $7 -> $6/x.docx using filter : MS Word 2007 XML"\n'
        'echo "Error: no export filter for $6/x.docx found, aborting." >&2\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReadError, match="installed without its Writer component: install libreoffice-writer"):
        LegacyWordReader("doc").read(
            DOC.read_bytes() if DOC.exists() else b"\xd0\xcf\x11\xe0", ReadSettings()
        )
