"""Default export names: never outside the folder, never a name some file system refuses."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.export.filenames import MAX_STEM_BYTES, RESERVED_NAMES, safe_filename, safe_stem


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Assad seeking asylum?", "Assad seeking asylum.pdf"),
        ("../../etc/passwd", "etc-passwd.pdf"),
        ("/etc/passwd", "etc-passwd.pdf"),
        ("C:\\Windows\\system32", "C -Windows-system32.pdf"),
        ("..", "article.pdf"),
        ("", "article.pdf"),
        ("   \t\n  ", "article.pdf"),
        (".hidden", "hidden.pdf"),
        ("Ends with dots...", "Ends with dots.pdf"),
        ('Say "no" <now> | later*', "Say no now - later.pdf"),
        ("Line\nbreak\tand\x00nul\x1bescape", "Line break andnulescape.pdf"),
        ("Invoice \u202egnp.exe", "Invoice gnp.exe.pdf"),  # the right-to-left override is dropped
        ("Café “quoted” — Привет", "Café “quoted” — Привет.pdf"),
    ],
)
def test_examples(title: str, name: str, tmp_path: Path) -> None:
    path = safe_filename(title, tmp_path)
    assert path.name == name
    assert path.parent == tmp_path


@pytest.mark.parametrize("reserved", ["CON", "con", "NUL", "Aux", "COM1", "lpt9", "PRN.txt", "nul .x"])
def test_windows_device_names_are_never_proposed(reserved: str, tmp_path: Path) -> None:
    name = safe_filename(reserved, tmp_path).name
    assert name.split(".")[0].strip().upper() not in RESERVED_NAMES
    assert name.split(".")[0].rstrip("_").strip().upper() in RESERVED_NAMES  # still recognisable


def test_long_titles_are_cut_at_a_word_and_fit_the_file_system(tmp_path: Path) -> None:
    title = "Minister says " + "very " * 100 + "long title"
    path = safe_filename(title, tmp_path)
    assert len(path.name.encode()) < 255
    assert path.stem.endswith("very")  # cut between words, not inside one
    wide = "漢字" * 200  # 3 bytes per character in UTF-8
    assert len(safe_stem(wide).encode()) <= MAX_STEM_BYTES
    path.write_bytes(b"ok")  # the file system accepts it


def test_unique_never_proposes_an_existing_file(tmp_path: Path) -> None:
    first = safe_filename("Budget", tmp_path, unique=True)
    first.write_bytes(b"x")
    second = safe_filename("Budget", tmp_path, unique=True)
    assert second.name == "Budget (2).pdf"
    second.write_bytes(b"x")
    assert safe_filename("Budget", tmp_path, unique=True).name == "Budget (3).pdf"
    assert safe_filename("Budget", tmp_path).name == "Budget.pdf"  # for a save dialog, which asks itself


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_title_gives_a_creatable_file_inside_the_folder(title: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = safe_filename(title, folder)
        assert path.parent == folder
        assert path.name not in ("", ".", "..") and "/" not in path.name and "\\" not in path.name
        assert not path.name.startswith(".")
        assert not any(ord(c) < 32 for c in path.name)
        assert path.name.split(".")[0].strip().upper() not in RESERVED_NAMES
        assert len(path.name.encode("utf-8")) <= 255
        path.write_bytes(b"%PDF")
        assert path.resolve().parent == folder.resolve()
