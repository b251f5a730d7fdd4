"""``article-reader export``: a real library on disk, the real command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from reader.library import Library

SEEDS = sorted((Path(__file__).resolve().parents[2] / "resources" / "sample").glob("*.txt"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=180, env=env
    )


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A library holding the two seeds; returns its folder and {title: id}."""
    root = tmp_path / "lib"
    with Library.open(root, create=True) as lib:
        report = lib.import_paths([str(p) for p in SEEDS])
        assert len(report.imported) == 2, report
        titles = {lib.get(i).title: i for i in report.imported}
    return root, titles


def test_export_one_pdf_prints_where_it_went(library, tmp_path: Path, pdf_reader) -> None:
    root, titles = library
    out = tmp_path / "out.pdf"
    ids = [str(i) for i in titles.values()]
    proc = run_cli("--library", str(root), "export", *ids, "--pdf", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out.resolve())
    read = pdf_reader(out)
    assert read.pages[0].startswith("Contents")
    assert read.contains_in_order(["Contents", *titles])
    assert "Comments" not in read.text


def test_export_with_comments_and_each(library, tmp_path: Path, pdf_reader) -> None:
    root, titles = library
    with Library.open(root) as lib:
        commented = next(i for i in titles.values() if lib.get(i).comments)
        first = lib.get(commented)
    shown = [c for _, c in first.iter_comments() if not c.spam]
    proc = run_cli("--library", str(root), "export", str(commented), "--each", str(tmp_path / "pdfs"), "--comments")
    assert proc.returncode == 0, proc.stderr
    written = [Path(line) for line in proc.stdout.splitlines()]
    assert len(written) == 1 and written[0].parent == (tmp_path / "pdfs").resolve()
    assert written[0].name.endswith(".pdf")
    read = pdf_reader(written[0])
    assert read.contains_in_order(["Comments", shown[0].text[:60]])


def _paper(pdf: Path) -> set[tuple[int, int]]:
    """The page sizes in points (rounded), as a PDF viewer or printer sees them."""
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pypdf.PdfReader(str(pdf)).pages}


def test_page_size_sets_the_paper_of_one_pdf_and_of_each(library, tmp_path: Path) -> None:
    root, titles = library
    ids = [str(i) for i in titles.values()]
    letter, a4 = tmp_path / "letter.pdf", tmp_path / "a4.pdf"
    for out, size in ((letter, "letter"), (a4, "a4")):
        proc = run_cli("--library", str(root), "export", *ids, "--pdf", str(out), "--page-size", size)
        assert proc.returncode == 0, proc.stderr
    assert _paper(letter) == {(612, 792)}  # 8.5 x 11 in
    assert _paper(a4) == {(595, 842)}  # 210 x 297 mm
    proc = run_cli("--library", str(root), "export", *ids, "--each", str(tmp_path / "each"), "--page-size", "letter")
    assert proc.returncode == 0, proc.stderr
    written = [Path(line) for line in proc.stdout.splitlines()]
    assert len(written) == 2 and all(_paper(p) == {(612, 792)} for p in written)


def test_unknown_id_is_a_plain_error_and_writes_nothing(library, tmp_path: Path) -> None:
    root, _ = library
    out = tmp_path / "none.pdf"
    proc = run_cli("--library", str(root), "export", "999", "--pdf", str(out))
    assert proc.returncode == 2
    assert "999" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_pdf_and_each_are_exclusive_and_one_is_required(library, tmp_path: Path) -> None:
    root, titles = library
    some = str(next(iter(titles.values())))
    assert run_cli("--library", str(root), "export", some).returncode == 2
    both = run_cli("--library", str(root), "export", some, "--pdf", str(tmp_path / "a.pdf"), "--each", str(tmp_path))
    assert both.returncode == 2 and "not allowed" in both.stderr
