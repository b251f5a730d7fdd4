"""``article-reader check --json`` on damaged libraries, run as a user would: a subprocess.

A damaged index (deleted folder, truncated table of contents, garbage in a
segment) is reported and rebuilt from the stored articles, with progress on
stderr and nothing but the JSON report on stdout. A damaged database is
reported with its path and what to do, the exit status says so, and its bytes
are never changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import import_heron_reports

N = 30


def cli(*args: str, stderr_tty: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the CLI; with ``stderr_tty`` its stderr is a terminal (progress is drawn there)."""
    cmd = [sys.executable, "-m", "reader", *args]
    if not stderr_tty:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    master, slave = pty.openpty()
    try:
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, text=True) as proc:
            os.close(slave)
            chunks = []
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            assert proc.stdout is not None
            out = proc.stdout.read()  # small: the JSON report
            proc.wait(timeout=120)
    finally:
        os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return import_heron_reports(tmp_path_factory.mktemp("checkcli"), N)


@pytest.fixture
def lib(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "lib"
    shutil.copytree(pristine, copy)
    return copy


def check_json(lib: Path, *, stderr_tty: bool = False) -> tuple[dict, subprocess.CompletedProcess]:
    proc = cli("--library", str(lib), "check", "--json", stderr_tty=stderr_tty)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout), proc  # stdout holds the report and nothing else


def assert_sound_and_searchable(lib: Path) -> None:
    report, _ = check_json(lib)
    assert report == {"articles": N, "indexed": N, "repaired": 0, "problems": []}
    proc = cli("--library", str(lib), "search", "qq7z", "--json")
    assert [h["title"] for h in json.loads(proc.stdout)] == ["Heron report 7"]


def test_sound_library_reports_no_problems(lib: Path) -> None:
    report, _ = check_json(lib)
    assert report == {"articles": N, "indexed": N, "repaired": 0, "problems": []}


def test_deleted_index_folder_is_rebuilt(lib: Path) -> None:
    shutil.rmtree(lib / "index")
    report, _ = check_json(lib)
    # A small backlog is indexed as the library opens; check then finds all in step.
    assert report["articles"] == N and report["indexed"] == N
    assert set(report) == {"articles", "indexed", "repaired", "problems"}
    assert_sound_and_searchable(lib)


def test_truncated_table_of_contents_is_reported_and_rebuilt_with_progress(lib: Path) -> None:
    (toc,) = (lib / "index").glob("*.toc")
    toc.write_bytes(toc.read_bytes()[:20])
    report, proc = check_json(lib, stderr_tty=True)
    assert (report["articles"], report["indexed"], report["repaired"]) == (N, 0, N)
    assert len(report["problems"]) == 1
    assert "search index could not be read" in report["problems"][0]
    assert f"rebuilt it from the {N} stored articles" in report["problems"][0]
    assert f"/{N}" in proc.stderr  # "rebuilding ...: k/30" drawn on the terminal
    assert_sound_and_searchable(lib)


@pytest.mark.parametrize("part", [
    ".trm",  # the term dictionary
    "_stored.col",  # the stored fields
    ".pst",
])
def test_garbage_in_a_segment_is_reported_and_rebuilt(lib: Path, part: str) -> None:
    (segment,) = [p for p in (lib / "index").iterdir() if p.name.endswith(part)]
    data = bytearray(segment.read_bytes())
    for i in range(len(data) // 3, len(data)):
        data[i] = (data[i] * 7 + 13) % 256
    segment.write_bytes(bytes(data))
    report, _ = check_json(lib)
    assert (report["articles"], report["repaired"]) == (N, N)
    assert "rebuilt" in report["problems"][0]
    assert_sound_and_searchable(lib)
    proc = cli("--library", str(lib), "search", "herons", "--json")
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 20, proc.stderr


def test_check_without_repair_reports_and_changes_nothing(lib: Path) -> None:
    (toc,) = (lib / "index").glob("*.toc")
    toc.write_bytes(toc.read_bytes()[:20])
    before = {p.name: p.read_bytes() for p in (lib / "index").iterdir() if p.is_file()}
    proc = cli("--library", str(lib), "check", "--json", "--no-repair")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["repaired"] == 0 and "run check with repair" in report["problems"][0]
    after = {p.name: p.read_bytes() for p in (lib / "index").iterdir() if p.is_file()}
    assert after == before


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("damage", ["header", "pages"])
def test_damaged_database_is_reported_plainly_and_never_changed(lib: Path, damage: str) -> None:
    db = lib / "library.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    if damage == "header":
        data[:16] = b"not a database!!"
    else:
        for i in range(4096 * 2, len(data) - 4096):  # every page but the first and the last
            data[i] = (data[i] * 31 + 7) % 256
    db.write_bytes(bytes(data))
    before = sha(db)
    files_before = sorted(p.name for p in lib.iterdir())
    proc = cli("--library", str(lib), "check", "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert str(db) in proc.stderr and "damaged" in proc.stderr
    assert "move" in proc.stderr and "import your articles again" in proc.stderr
    assert sha(db) == before
    assert sorted(p.name for p in lib.iterdir()) == files_before  # no -wal/-shm, no new db


def test_check_reads_the_postings_with_progress_and_quick_skips_them(lib: Path) -> None:
    report, proc = check_json(lib, stderr_tty=True)
    assert report["problems"] == []
    assert "reading the search index" in proc.stderr  # a count of the terms read, no total known
    assert "/0 reading" not in proc.stderr
    quick = cli("--library", str(lib), "check", "--json", "--quick", stderr_tty=True)
    assert quick.returncode == 0 and json.loads(quick.stdout)["problems"] == []
    assert "reading the search index" not in quick.stderr
