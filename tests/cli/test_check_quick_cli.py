"""``check --quick`` (the window's start-up check) compares digests kept by the previous
check instead of reading every article: each kind of damage or drift it found by reading
everything is still reported, through the CLI as a user runs it."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.library.index import IndexDoc, SearchIndex
from tests.conftest import import_heron_reports

N = 20


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True,
                          text=True, timeout=300)


def quick(lib: Path, *extra: str) -> tuple[dict, int]:
    proc = cli("--library", str(lib), "check", "--quick", "--json", *extra)
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout), proc.returncode


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of N articles whose digests a first check has kept."""
    lib = import_heron_reports(tmp_path_factory.mktemp("quick"), N)
    assert quick(lib) == ({"articles": N, "indexed": N, "repaired": 0, "problems": []}, 0)
    assert (lib / "index" / "check-digests.json").exists()
    return lib


@pytest.fixture
def lib(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "lib"
    shutil.copytree(pristine, copy)
    return copy


def ids_of(lib: Path) -> list[int]:
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]


def assert_caught_then_repaired(lib: Path, expected: str, repaired: int) -> None:
    found, status = quick(lib, "--no-repair")
    assert status == 1 and any(expected in p for p in found["problems"]), found
    fixed, status = quick(lib)
    assert status == 0 and fixed["repaired"] == repaired and fixed["problems"]
    assert quick(lib)[0]["problems"] == []
    proc = cli("--library", str(lib), "check", "--json")  # the full check agrees
    assert json.loads(proc.stdout)["problems"] == []


@pytest.mark.parametrize(("drift", "expected"), [
    ("missing", "1 article(s) were missing from the search index"),
    ("outdated", "1 article(s) had an outdated search entry"),
    ("extra", "1 deleted article(s) were still in the search index"),
])
def test_an_index_changed_behind_the_library_is_caught(lib: Path, drift: str, expected: str) -> None:
    ids = ids_of(lib)
    index = SearchIndex.open(lib / "index")
    if drift == "missing":
        index.delete([ids[3]])
    elif drift == "outdated":
        index.add([IndexDoc(id=ids[4], version="stale", title="Old", body="old text")])
    else:
        index.add([IndexDoc(id=99_999, version="x", title="Ghost", body="ghost text")])
    index.close()
    assert_caught_then_repaired(lib, expected, 1)


@pytest.mark.parametrize(("sql", "expected"), [
    ("DELETE FROM articles WHERE id = ?", "1 deleted article(s) were still in the search index"),
    ("UPDATE articles SET content_hash = 'edited' WHERE id = ?", "1 article(s) had an outdated"),
])
def test_a_database_edited_behind_the_library_is_caught(lib: Path, sql: str, expected: str) -> None:
    """An sqlite3 shell bumps no journal: the triggers log its writes all the same."""
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        conn.execute(sql, (ids_of(lib)[5],))
    assert_caught_then_repaired(lib, expected, 1)


@pytest.mark.parametrize("part", [".trm", "_stored.col"])
def test_garbage_in_a_segment_is_caught(lib: Path, part: str) -> None:
    (segment,) = [p for p in (lib / "index").iterdir() if p.name.endswith(part)]
    data = bytearray(segment.read_bytes())
    for i in range(len(data) // 3, len(data)):
        data[i] = (data[i] * 7 + 13) % 256
    segment.write_bytes(bytes(data))
    found, status = quick(lib, "--no-repair")
    assert status == 1 and "search index could not be read" in found["problems"][0]
    fixed, _ = quick(lib)
    assert fixed["repaired"] == N and "rebuilt" in fixed["problems"][0]
    assert quick(lib)[0]["problems"] == []


@pytest.mark.parametrize("damage", ["header", "pages"])
def test_a_damaged_database_is_reported(lib: Path, damage: str) -> None:
    db = lib / "library.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    if damage == "header":
        data[:16] = b"not a database!!"
    else:
        for i in range(4096 * 2, len(data) - 4096):
            data[i] = (data[i] * 31 + 7) % 256
    db.write_bytes(bytes(data))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    proc = cli("--library", str(lib), "check", "--quick", "--json")
    assert proc.returncode == 2 and proc.stdout == ""
    assert "damaged" in proc.stderr and "Traceback" not in proc.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_library_from_an_older_version_is_read_in_full_once(lib: Path) -> None:
    """No triggers, no log, no digest (what an older version leaves): the first quick check
    compares every article, still catches a drift, and keeps the digests for the next."""
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        for name in ("check_changes_insert", "check_changes_delete", "check_changes_update"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE check_changes")
        conn.execute("DELETE FROM meta WHERE key = 'check_digest'")
    (lib / "index" / "check-digests.json").unlink()
    index = SearchIndex.open(lib / "index")
    index.delete([ids_of(lib)[0]])
    index.close()
    assert_caught_then_repaired(lib, "1 article(s) were missing from the search index", 1)
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'check_digest'").fetchone()
    assert (lib / "index" / "check-digests.json").exists()


def test_quick_without_repair_keeps_nothing(lib: Path, tmp_path: Path) -> None:
    """``--no-repair`` changes nothing: neither digest moves on, so the changes since stay."""
    new = tmp_path / "new.txt"
    new.write_text("Kingfisher seen\n\nA kingfisher was seen by the weir.\n", encoding="utf-8")
    assert cli("--library", str(lib), "import", str(new)).returncode == 0
    digests = (lib / "index" / "check-digests.json").read_bytes()
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        logged = conn.execute("SELECT * FROM check_changes").fetchall()
    assert len(logged) == 1
    assert quick(lib, "--no-repair") == ({"articles": N + 1, "indexed": N + 1, "repaired": 0,
                                          "problems": []}, 0)
    assert (lib / "index" / "check-digests.json").read_bytes() == digests
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        assert conn.execute("SELECT * FROM check_changes").fetchall() == logged
    assert quick(lib)[0]["problems"] == []
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        assert conn.execute("SELECT * FROM check_changes").fetchall() == []


def test_a_truncated_table_of_contents_is_caught(lib: Path) -> None:
    (toc,) = (lib / "index").glob("*.toc")
    toc.write_bytes(toc.read_bytes()[:20])
    found, status = quick(lib, "--no-repair")
    assert status == 1 and "search index could not be read" in found["problems"][0]
    fixed, _ = quick(lib)
    assert (fixed["repaired"], fixed["indexed"]) == (N, 0) and "rebuilt" in fixed["problems"][0]
    assert quick(lib) == ({"articles": N, "indexed": N, "repaired": 0, "problems": []}, 0)


def test_a_lost_index_folder_is_refilled(lib: Path) -> None:
    shutil.rmtree(lib / "index")
    assert quick(lib) == ({"articles": N, "indexed": N, "repaired": 0, "problems": []}, 0)
    proc = cli("--library", str(lib), "search", "qq7z", "--json")
    assert [h["title"] for h in json.loads(proc.stdout)] == ["Heron report 7"]
