"""A corpus of bad files, generated into a folder for tests (symlinks and permissions do not live in git).

Each entry: the file name and the start of the error its row must carry (empty: must be read).
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SEED_TXT = PROJECT / "corpus" / "微山县科技局2016年政府信息公开工作年度报告.txt"
SEED_PDF = SEED_TXT.with_suffix(".pdf")
SEED_DOCX = SEED_TXT.with_suffix(".docx")


def zip_bomb_docx() -> bytes:
    """A .docx whose document.xml inflates to 256 MB of zeros (a quarter of a MB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(256):
                member.write(block)
    return out.getvalue()


def huge_page_tree_pdf(pages: int = 10_000) -> bytes:
    """A valid PDF whose page tree lists `pages` empty pages."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (pages, b" ".join(b"%d 0 R" % (i + 3) for i in range(pages))),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_bad_corpus(folder: Path) -> dict[str, str]:
    """Write the bad corpus; returns {source_path: expected error start} ('' = must be ok)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def write(name: str, data: bytes, error: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = error

    write("empty.txt", b"", "empty file (0 bytes)")
    write("zero.pdf", b"", "empty file (0 bytes)")
    write("only spaces.txt", b"   \n\n  ", "empty file (only whitespace)")
    pdf, docx = SEED_PDF.read_bytes(), SEED_DOCX.read_bytes()
    write("truncated.pdf", pdf[: len(pdf) // 2], "corrupt or truncated PDF")
    write("truncated.docx", docx[: len(docx) // 2], "corrupt or truncated Word file")
    write("binary.txt", bytes(range(256)) * 64, "binary content, not text")
    write("bomb.docx", zip_bomb_docx(), "Word file expands to")
    write("pages.pdf", huge_page_tree_pdf(), "too many pages for a report (10000")
    shutil.copy(SEED_TXT, folder / "name with spaces.txt")
    expected["name with spaces.txt"] = ""
    odd = os.fsdecode(b"gbk-\xd5\xfe\xb8\xae.txt")  # 政府 in GBK bytes: not UTF-8
    shutil.copy(SEED_TXT, folder / odd)
    expected["gbk-\\xd5\\xfe\\xb8\\xae.txt"] = ""
    (folder / "loop-a").symlink_to("loop-b")
    (folder / "loop-b").symlink_to("loop-a")
    expected["loop-a"] = expected["loop-b"] = "cannot read the file"
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    expected["sub/up"] = "a link to a folder"
    locked = folder / "locked.txt"
    shutil.copy(SEED_TXT, locked)
    locked.chmod(0)
    expected["locked.txt"] = "" if os.geteuid() == 0 else "cannot read the file: permission denied"
    return expected
