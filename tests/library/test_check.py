"""Damage and crashes: the index is repaired from the stored articles; a damaged database is
reported plainly and never overwritten."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.errors import CorruptLibrary, LibraryError, ReadOnlyLibrary
from reader.library import Library
from reader.library.codec import PreparedFile, prepare_article
from reader.library.index import IndexDoc, SearchIndex
from reader.library.store import Store
from reader.model import Article
from tests.library.conftest import write_article

DB = "library.sqlite3"


def filled(tmp_path: Path, n: int = 12) -> Path:
    src = tmp_path / "src"
    for i in range(n):
        write_article(src, f"{i:02}.txt", f"Heron report {i}",
                      f"Herons were counted at site {i}. Marker qq{i}z was noted.")
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        assert len(lib.import_paths([src]).imported) == n
    return root


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def segment_files(root: Path) -> list[Path]:
    return [p for p in (root / "index").iterdir()
            if p.is_file() and not p.name.startswith(".") and p.suffix not in (".toc", ".json")
            and "LOCK" not in p.name]


@pytest.mark.parametrize("damage", ["delete", "garble"])
def test_damaged_index_segment_is_detected_and_rebuilt_with_progress(
    tmp_path: Path, damage: str
) -> None:
    root = filled(tmp_path)
    segment = max(segment_files(root), key=lambda p: p.stat().st_size)
    if damage == "delete":
        segment.unlink()
    else:
        data = bytearray(segment.read_bytes())
        for i in range(len(data) // 4, len(data)):
            data[i] ^= 0x5A
        segment.write_bytes(bytes(data))
    with Library.open(root) as lib:
        found = lib.check(repair=False)
        assert found.indexed == 0 and found.repaired == 0
        assert any("search index" in p for p in found.problems)
        steps = []
        report = lib.check(repair=True, progress=steps.append)
        assert report.articles == 12 and report.repaired == 12
        assert "rebuilt" in report.problems[0]
        assert steps and steps[-1].done == steps[-1].total == 12
        assert [h.title for h in lib.search("qq3z").hits] == ["Heron report 3"]
        assert lib.check().problems == []


def test_search_on_a_damaged_index_says_to_run_check(tmp_path: Path) -> None:
    from reader.library.index import IndexDamaged

    root = filled(tmp_path, 3)
    for seg in segment_files(root):
        seg.unlink()
    with Library.open(root) as lib:
        with pytest.raises(IndexDamaged, match="check"):
            lib.search("heron")


def test_corrupt_database_header_is_refused_and_left_untouched(tmp_path: Path) -> None:
    root = filled(tmp_path, 3)
    db = root / DB
    with open(db, "r+b") as fh:
        fh.write(b"this is not sqlite at all")
    before = digest(db)
    with pytest.raises(CorruptLibrary) as info:
        Library.open(root)
    message = str(info.value)
    assert str(db) in message and "move" in message.lower() and "import" in message
    assert digest(db) == before


def test_corrupt_database_pages_are_reported_by_open_or_check_never_overwritten(
    tmp_path: Path,
) -> None:
    root = filled(tmp_path, 40)
    db = root / DB
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for i in range(page * 2, len(data) - page):  # every page but the first and the last
        data[i] = (data[i] * 31 + 7) % 256
    db.write_bytes(bytes(data))
    before = digest(db)
    with pytest.raises(CorruptLibrary, match="damaged"):
        with Library.open(root) as lib:
            lib.check()
    assert digest(db) == before


def test_articles_committed_but_not_indexed_are_indexed_on_open(tmp_path: Path) -> None:
    """What a crash between the SQLite commit and the index commit leaves behind."""
    root = filled(tmp_path, 3)
    store = Store(root)
    article = Article(source="/late.txt", format="text", title="Late arrival",
                      body="Written to SQLite just before the crash: kingfishers.")
    store.store_file(PreparedFile("/late.txt", "text", "late-hash", [prepare_article(article)]))
    gone = store.article_ids(sort="title", descending=False)[0]  # "Heron report 0"
    store.delete([gone])
    store.close()
    with Library.open(root) as lib:
        assert [h.title for h in lib.search("kingfishers").hits] == ["Late arrival"]
        assert gone not in {h.id for h in lib.search("heron", limit=50).hits}
        assert lib.check(repair=False).problems == []


def test_check_finds_missing_outdated_and_extra_entries_and_repairs_them(tmp_path: Path) -> None:
    root = filled(tmp_path, 5)
    with Library.open(root) as lib:
        ids = sorted(lib.article_ids())
    index = SearchIndex.open(root / "index")
    index.delete([ids[0]])
    index.add([IndexDoc(id=ids[1], version="stale", title="Old", body="old text"),
               IndexDoc(id=99_999, version="x", title="Ghost", body="ghost text")])
    index.close()
    with Library.open(root) as lib:
        found = lib.check(repair=False)
        assert (found.articles, found.indexed, found.repaired) == (5, 5, 0)
        text = " ".join(found.problems)
        assert "1 article(s) were missing" in text
        assert "1 article(s) had an outdated" in text
        assert "1 deleted article(s)" in text
        fixed = lib.check()
        assert fixed.repaired == 3
        assert lib.check().problems == []
        assert not lib.search("ghost").hits
        assert [h.id for h in lib.search("qq0z").hits] == [ids[0]]


def test_reindex_rebuilds_from_stored_articles(tmp_path: Path) -> None:
    root = filled(tmp_path, 4)
    with Library.open(root) as lib:
        steps = []
        assert lib.reindex(progress=steps.append) == 4
        assert steps[-1].done == 4
        assert len(lib.search("herons").hits) == 4


def test_deleting_removes_from_list_and_search(tmp_path: Path) -> None:
    root = filled(tmp_path, 3)
    with Library.open(root) as lib:
        target = lib.search("qq1z").hits[0].id
        assert lib.delete([target, 123456]) == 1
        assert target not in lib.article_ids()
        assert not lib.search("qq1z").hits
        assert lib.check(repair=False).problems == []


def test_library_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("mine")
    with pytest.raises(LibraryError, match="file"):
        Library.open(f)
    assert f.read_text() == "mine"


def test_opening_without_create_needs_an_existing_library(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="no library"):
        Library.open(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_library_folder_is_reported(tmp_path: Path) -> None:
    root = filled(tmp_path, 1)
    root.chmod(0o555)
    try:
        if os.access(root, os.W_OK):
            pytest.skip("running as a user that can write anywhere (root)")
        with pytest.raises(ReadOnlyLibrary, match="read-only"):
            Library.open(root)
    finally:
        root.chmod(0o755)


IMPORTER = """
import sys
from reader.library import Library
lib = Library.open(sys.argv[1])
lib.import_paths([sys.argv[2]])
"""


@pytest.mark.slow
def test_kill_during_import_loses_nothing_committed(tmp_path: Path) -> None:
    src = tmp_path / "src"
    bodies = {}
    for i in range(400):
        body = f"Crash test article {i} about moorhens and coots. Marker kk{i}k."
        bodies[f"Crash {i}"] = body
        write_article(src, f"{i:03}.txt", f"Crash {i}", body)
    root = tmp_path / "lib"
    env = dict(os.environ, ARTICLE_READER_IMPORT_WORKERS="1")
    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(root), str(src)], env=env)
    try:
        # Until 50 articles are stored, however slow the machine (or the import has ended);
        # the deadline only stops a hung import.
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            try:
                conn = sqlite3.connect(f"file:{root / DB}?mode=ro", uri=True)
                n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                conn.close()
            except sqlite3.Error:
                continue
            if n >= 50:
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with Library.open(root) as lib:
        stored = lib.rows(lib.article_ids())
        assert len(stored) >= 50
        for row in stored:
            assert lib.get(row.id).body == bodies[row.title]  # whole articles only
        assert lib.check(repair=False).problems == []  # the index caught up on open
        again = lib.import_paths([src])
        assert len(again.imported) + len(again.unchanged) == 400 and not again.failed
        assert lib.count() == 400


def test_a_lost_index_folder_is_refilled_by_check_when_too_big_for_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from reader.library import library as library_module

    root = filled(tmp_path, 6)
    shutil.rmtree(root / "index")
    monkeypatch.setattr(library_module, "CATCH_UP_ON_OPEN", 2)  # pretend 6 is a lot
    with Library.open(root) as lib:
        assert lib.index_problem and "not in the search index" in lib.index_problem
        assert not lib.search("qq4z").hits  # opening stayed quick: nothing indexed yet
        report = lib.check()
        assert (report.articles, report.indexed, report.repaired) == (6, 0, 6)
        assert lib.index_problem is None
        assert [h.title for h in lib.search("qq4z").hits] == ["Heron report 4"]
