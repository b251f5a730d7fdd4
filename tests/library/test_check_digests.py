"""The digests ``check --quick`` compares: kept up to date through every kind of write, and
read only for what changed since the last check."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library, check_state
from reader.library.index import IndexDoc, SearchIndex
from tests.library.conftest import write_article


def fill(src: Path, n: int, start: int = 0, word: str = "Herons") -> None:
    for i in range(start, start + n):
        write_article(src, f"{i:03}.txt", f"Heron report {i}", f"{word} were counted at site {i}. Marker qq{i}z.")


def assert_digests_agree(lib: Library) -> None:
    """What the kept digests plus the changes since say equals what reading everything says."""
    store, index = lib._store, lib._index
    assert index is not None
    kept_store = check_state.store_digest(store, keep=False)
    full_store = check_state.store_digest(store, keep=False, full=True)
    assert kept_store.versions is None and full_store.versions is not None
    assert (kept_store.digest, kept_store.count) == (full_store.digest, full_store.count)
    kept_index = check_state.index_digest(index, keep=False)
    full_index = check_state.index_digest(index, keep=False, full=True)
    assert (kept_index.digest, kept_index.count) == (full_index.digest, full_index.count)
    assert (kept_index.digest, kept_index.count) == (kept_store.digest, kept_store.count)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many (id, hash) pairs the digests were computed from."""
    calls: list[int] = []
    real = check_state.article_hash

    def counting(article_id: int, version: str) -> int:
        calls.append(article_id)
        return real(article_id, version)

    monkeypatch.setattr(check_state, "article_hash", counting)
    return calls


def test_digests_follow_imports_updates_and_deletions(tmp_path: Path, counted: list[int]) -> None:
    src = tmp_path / "src"
    fill(src, 30)
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([src])
        assert lib.check().problems == []  # the first check reads everything and keeps the digests
        assert len(counted) == 2 * 30
        counted.clear()
        assert lib.check().problems == []  # nothing changed: nothing read
        assert counted == []

        fill(src, 3, start=30)  # new articles
        fill(src, 2, start=5, word="Egrets")  # changed ones
        lib.import_paths([src])
        lib.delete(sorted(lib.article_ids())[:4])
        assert_digests_agree(lib)
        counted.clear()
        report = lib.check()
        assert report.problems == [] and report.articles == report.indexed == 29
        # Only the changes (3 new, 2 changed, 4 deleted; on each side): fewer than the 29
        # articles of one side read afresh.
        assert 9 <= len(counted) < 29
        counted.clear()
        assert lib.check().problems == [] and counted == []


def test_a_drift_after_the_digests_were_kept_is_still_found(tmp_path: Path) -> None:
    src = tmp_path / "src"
    fill(src, 8)
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.import_paths([src])
        assert lib.check().problems == []
        ids = sorted(lib.article_ids())
    index = SearchIndex.open(root / "index")
    index.add([IndexDoc(id=ids[2], version="stale", title="Old", body="old")])
    index.close()
    with Library.open(root) as lib:
        found = lib.check(repair=False)
        assert found.problems == ["1 article(s) had an outdated search entry (not repaired)"]
        assert lib.check().repaired == 1
        assert lib.check().problems == []
        assert_digests_agree(lib)


def test_a_rebuilt_index_keeps_its_digests(tmp_path: Path, counted: list[int]) -> None:
    """After ``reindex`` (a new index folder) the next check reads nothing of the index again."""
    src = tmp_path / "src"
    fill(src, 12)
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([src])
        assert lib.check().problems == []
        assert lib.reindex() == 12
        counted.clear()
        assert lib.check().problems == []
        assert counted == []
        assert_digests_agree(lib)


def test_an_empty_library_checks_clean(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        for report in (lib.check(), lib.check(repair=False), lib.check(thorough=True), lib.check()):
            assert (report.articles, report.indexed, report.repaired, report.problems) == (0, 0, 0, [])
        assert lib.reindex() == 0
        assert lib.check().problems == []
