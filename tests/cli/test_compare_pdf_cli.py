"""``compare A B --pdf OUT``: the comparison as a PDF from the command line, read back with pypdf."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    lib = tmp_path_factory.mktemp("cmp") / "lib"
    assert run_cli("--library", str(lib), "import", str(SAMPLE)).returncode == 0
    listing = json.loads(run_cli("--library", str(lib), "list", "--json").stdout)
    cnn = next(r["id"] for r in listing if r["site"] == "CNN")
    return lib, cnn, next(r["id"] for r in listing if r["id"] != cnn)


def test_compare_pdf_holds_the_marked_passages_and_the_quotes(seeds, tmp_path: Path) -> None:
    lib, cnn, repost = seeds
    out = tmp_path / "cmp.pdf"
    proc = run_cli("--library", str(lib), "compare", str(cnn), str(repost), "--pdf", str(out), "--page-size", "a4")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith(str(out.resolve()))
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages)
    assert "In both, reworded · A (CNN)" in text
    assert "recently traveled to Cuba, Venezuela and Ecuador" in text  # the al-Miqdad passage, A's words
    assert "held meetings in Cuba, Venezuela and Ecuador" in text  # ...and B's
    assert "Only in A (CNN)" in text and "Andrew Tabler" in text and "Fyodor Lukyanov" in text
    assert _paper(out) == {(595, 842)}  # A4, as asked


def _paper(pdf: Path) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pypdf.PdfReader(str(pdf)).pages}


def test_compare_json_stays_json_with_pdf(seeds, tmp_path: Path) -> None:
    lib, cnn, repost = seeds
    out = tmp_path / "x.pdf"
    proc = run_cli("--library", str(lib), "compare", str(cnn), str(repost), "--json", "--pdf", str(out),
                   "--page-size", "letter")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["a"] == cnn and out.is_file()
    assert str(out.resolve()) in proc.stderr
    assert _paper(out) == {(612, 792)}  # Letter, as asked


def test_compare_pdf_into_a_missing_folder_fails_cleanly(seeds, tmp_path: Path) -> None:
    lib, cnn, repost = seeds
    proc = run_cli("--library", str(lib), "compare", str(cnn), str(repost), "--pdf", str(tmp_path / "no" / "x.pdf"))
    assert proc.returncode == 1 and "does not exist" in proc.stderr
    assert not (tmp_path / "no").exists()
