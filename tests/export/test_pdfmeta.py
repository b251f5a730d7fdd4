"""The Info dictionary update is a valid incremental update, whatever the title holds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from reader.export import export_pdf
from reader.export.pdfmeta import PdfMetadata, PdfMetadataError, write_info
from reader.model import Article

TRICKY = "Title (with) \\backslash\\, «quotes», 日本, emoji 😀 and\nnewline"


def _meta(**kw) -> PdfMetadata:
    base = dict(title=TRICKY, author="Ann (A.) Lee", subject="S) /Injected (x", creator="Article Reader 1", producer="Qt")
    base.update(kw)
    return PdfMetadata(**base)


def test_tricky_strings_read_back_exactly(tmp_path: Path) -> None:
    out = export_pdf([Article(source="s", format="text", title="plain", body="Body.")], tmp_path / "a.pdf")
    write_info(out, _meta(keywords=("k1", "k(2)")))
    reader = pypdf.PdfReader(str(out), strict=True)
    meta = reader.metadata
    assert meta["/Title"] == TRICKY
    assert meta["/Author"] == "Ann (A.) Lee"
    assert meta["/Subject"] == "S) /Injected (x"
    assert meta["/Keywords"] == "k1, k(2)"
    assert "/Injected" not in meta  # the string could not break out of its dictionary entry
    assert " ".join(reader.pages[0].extract_text().split()).endswith("Body. 1 / 1")  # the rest is untouched


def test_update_can_be_applied_twice_and_poppler_agrees(tmp_path: Path) -> None:
    out = export_pdf([Article(source="s", format="text", title="plain", body="Body.")], tmp_path / "a.pdf")
    write_info(out, _meta(title="first"))
    write_info(out, _meta(title="second"))
    assert pypdf.PdfReader(str(out), strict=True).metadata["/Title"] == "second"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        assert "Title:           second" in info and "Syntax Error" not in info


def test_not_a_finished_pdf_is_a_typed_error(tmp_path: Path) -> None:
    bad = tmp_path / "half.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(PdfMetadataError):
        write_info(bad, _meta())
    assert bad.read_bytes().endswith(b"endobj\n")  # left as it was
