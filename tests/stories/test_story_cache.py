"""The in-memory postings and signatures of the stories join (``reader.library.story_cache``)
give the candidates the story tables define, also after another connection's writes, a
rolled-back transaction, a re-imported article and a deletion."""

from __future__ import annotations

import json
import pickle
import random
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from reader.library import stories, story_cache
from reader.library.database import Connection
from reader.stories.features import Signature
from reader.stories.params import PARAMS

#: Small limits so that the per-key postings limit, the ranking and the date window all cut.
SMALL = {**PARAMS, "key_postings": 4, "candidates": 3, "window_days": 5.0}
WORDS = [f"w{i}" for i in range(24)]


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, factory=Connection)
    conn.executescript(
        "CREATE TABLE IF NOT EXISTS articles(id INTEGER PRIMARY KEY, title TEXT, site TEXT, "
        "published TEXT, published_sort TEXT NOT NULL DEFAULT '');" + stories.SCHEMA)
    return conn


def _signature(rnd: random.Random) -> Signature:
    day = None if rnd.random() < 0.2 else rnd.randint(0, 20)
    return Signature(day=day, title=rnd.sample(WORDS, 3),
                     terms={w: float(rnd.randint(1, 5)) for w in rnd.sample(WORDS, 8)},
                     names=[w.upper() for w in rnd.sample(WORDS[:8], 2)],
                     sketch=sorted(rnd.sample(range(1000), 10)))


def _add(conn: sqlite3.Connection, aid: int, sig: Signature) -> None:
    conn.execute("INSERT OR REPLACE INTO articles(id, title) VALUES (?, ?)", (aid, " ".join(sig.title)))
    stories.assign(conn, aid, json.dumps(sig.to_json()), SMALL)


def _by_sql(conn: sqlite3.Connection, aid: int, sig: Signature, keys: Sequence[str],
            params: Mapping[str, object]) -> list[int]:
    """The candidates as the tables define them: each key's newest postings counted, the most
    shared first (ties: the newest), the first candidates * 4 kept within the window."""
    # A key's postings: its rows in story_keys and the pending articles' keys that name it.
    one_key = ("SELECT article_id FROM (SELECT article_id FROM story_keys WHERE key = ? "
               "UNION ALL SELECT p.article_id FROM story_keys_pending p, json_each(p.keys) j "
               "WHERE j.value = ? ORDER BY article_id DESC LIMIT ?)")
    args: list[object] = []
    for key in keys:
        args += [key, key, params["key_postings"]]
    limit = int(params["candidates"])  # type: ignore[call-overload]
    return [r[0] for r in conn.execute(
        "SELECT r.article_id FROM ("
        f" SELECT article_id, count(*) AS n FROM ({' UNION ALL '.join([one_key] * len(keys))})"
        " WHERE article_id != ? GROUP BY article_id ORDER BY n DESC, article_id DESC LIMIT ?"
        ") AS r JOIN story_signatures s ON s.article_id = r.article_id "
        "WHERE ? IS NULL OR s.day IS NULL OR abs(s.day - ?) <= ? "
        "ORDER BY r.n DESC, r.article_id DESC LIMIT ?",
        [*args, aid, limit * 4, sig.day, sig.day, params["window_days"], limit])]


def _check(conn: sqlite3.Connection, aid: int, sig: Signature) -> None:
    keys = sig.keys()
    got = stories.candidates(conn, aid, sig, keys, SMALL)
    assert [a for a, _ in got] == _by_sql(conn, aid, sig, keys, SMALL)
    stored = dict(conn.execute("SELECT article_id, signature FROM story_signatures"))
    assert all(json.dumps(other.to_json()) == stored[a] for a, other in got)


@pytest.mark.parametrize(("pending_max", "max_postings", "days_ratio", "max_days"), [
    (story_cache.PENDING_MAX, story_cache.MAX_POSTINGS, story_cache.DAYS_READ_RATIO,
     story_cache.MAX_DAYS),
    (7, story_cache.MAX_POSTINGS, story_cache.DAYS_READ_RATIO, story_cache.MAX_DAYS),
    (story_cache.PENDING_MAX, 10, story_cache.DAYS_READ_RATIO, story_cache.MAX_DAYS),
    (story_cache.PENDING_MAX, story_cache.MAX_POSTINGS, 10**9, story_cache.MAX_DAYS),
    (story_cache.PENDING_MAX, story_cache.MAX_POSTINGS, 10**9, 16),
    (story_cache.PENDING_MAX, story_cache.MAX_POSTINGS, 0, story_cache.MAX_DAYS)])
def test_candidates_are_those_the_tables_define_through_all_kinds_of_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pending_max: int, max_postings: int,
        days_ratio: int, max_days: int) -> None:
    """(7: the pending keys are moved into story_keys every few articles, also between the
    two connections' writes, rollbacks, re-imports and deletions. 10: the postings cache is
    full and starts afresh every few articles, as in a library of a million articles, where
    an import once stopped with KeyError for a key held before the cache was emptied.
    Days ratio 10**9: the candidates' days are held from the second join on; 16 held at the
    most: the oldest are let go and looked up one by one; 0: never held.)"""
    monkeypatch.setattr(story_cache, "PENDING_MAX", pending_max)
    monkeypatch.setattr(story_cache, "MAX_POSTINGS", max_postings)
    monkeypatch.setattr(story_cache, "DAYS_READ_RATIO", days_ratio)
    monkeypatch.setattr(story_cache, "MAX_DAYS", max_days)
    rnd = random.Random(14)
    one, two = _open(tmp_path / "lib.db"), _open(tmp_path / "lib.db")
    sigs: dict[int, Signature] = {}
    for aid in range(1, 121):
        conn = two if aid % 7 == 0 else one  # another connection writes now and then
        sigs[aid] = _signature(rnd)
        conn.execute("BEGIN IMMEDIATE")
        _add(conn, aid, sigs[aid])
        conn.execute("COMMIT")
        if aid % 11 == 0:  # a transaction rolled back after its join
            one.execute("BEGIN IMMEDIATE")
            _add(one, 1000 + aid, _signature(rnd))
            one.execute("ROLLBACK")
        if aid % 13 == 0:  # an article imported again with other words
            old = rnd.randint(1, aid)
            sigs[old] = _signature(rnd)
            _add(one, old, sigs[old])
        if aid % 17 == 0:  # an article deleted
            gone = rnd.choice(sorted(sigs))
            stories.forget(two, [gone], SMALL)
            two.execute("DELETE FROM articles WHERE id = ?", (gone,))
            del sigs[gone]
        probe = rnd.choice(sorted(sigs))
        _check(one, probe, sigs[probe])
        _check(two, probe, sigs[probe])
    for table in ("story_keys", "story_keys_pending"):
        assert one.execute(f"SELECT count(*) FROM {table} WHERE article_id > 1000").fetchone()[0] == 0
    moved = one.execute("SELECT count(DISTINCT article_id) FROM story_keys").fetchone()[0]
    assert (moved > 0) == (pending_max < 120)


def test_most_counted_ranks_as_unique_and_lexsort_do() -> None:
    """The candidates' ranking: most shared first, then the newest, the article itself left out
    (``np.unique`` counts ranked by ``np.lexsort``, as the join ranked them before)."""
    import numpy as np

    rng = np.random.default_rng(29)
    for trial in range(3000):
        n_ids = int(rng.integers(1, 3000))
        parts = [np.sort(rng.choice(n_ids, min(n_ids, int(rng.integers(0, 400))), replace=False))
                 for _ in range(int(rng.integers(0, 30)))]
        ids = np.concatenate(parts).astype(np.int64) if parts else np.empty(0, np.int64)
        n = int(rng.integers(0, 200))
        leave_out = int(rng.integers(0, n_ids)) if trial % 3 else None
        found, counts = np.unique(ids, return_counts=True)
        if leave_out is not None:
            found, counts = found[found != leave_out], counts[found != leave_out]
        assert story_cache._most_counted(ids, n, leave_out) == (
            found[np.lexsort((-found, -counts))[:n]].tolist()), trial
    # (Ids far apart are ranked the same way.)
    big = np.array([2**41, 5, 2**41, 7, 7, 2**50], np.int64)
    assert story_cache._most_counted(big, 3, 5) == [2**41, 7, 2**50]


def test_a_rolled_back_join_leaves_no_trace_in_the_next_decision(tmp_path: Path) -> None:
    rnd = random.Random(5)
    first, extra, last = _signature(rnd), _signature(rnd), _signature(rnd)
    last.title, last.day = list(extra.title), extra.day  # the rolled-back article's headline
    extra.terms = dict(last.terms)
    kept = _open(tmp_path / "a.db")
    _add(kept, 1, first)
    kept.execute("BEGIN IMMEDIATE")
    _add(kept, 2, extra)
    assert 2 in [a for a, _ in stories.candidates(kept, 3, last, last.keys(), SMALL)]
    kept.execute("ROLLBACK")
    _add(kept, 3, last)
    fresh = _open(tmp_path / "b.db")
    _add(fresh, 1, first)
    _add(fresh, 3, last)
    for conn in (kept, fresh):
        assert [a for a, _ in stories.candidates(conn, 3, last, last.keys(), SMALL)] == \
            _by_sql(fresh, 3, last, last.keys(), SMALL)
    assert stories.story_of(kept, 3) is not None
    assert [r.articles for r in stories.list_stories(kept)] == \
        [r.articles for r in stories.list_stories(fresh)]


def _story_tables(conn: sqlite3.Connection) -> list[list[tuple[object, ...]]]:
    return [conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("stories", "story_members", "story_keys", "story_keys_pending",
                          "story_signatures")]


def test_the_import_shortcuts_store_what_the_general_join_stores(tmp_path: Path) -> None:
    """A parsed signature handed over and a new row's skipped clean-up give the tables the
    JSON-only join gives; a story started by one article is the row ``refresh`` computes."""
    rnd = random.Random(3)
    sites = ["bbc.co.uk", None, "", "Zürich Zeitung", 'a "quoted" site']
    articles = []
    for aid in range(1, 61):
        sig = _signature(rnd)
        if aid % 5 == 0 and articles:  # the same event as an earlier article: joins its story
            sig = Signature.from_json(articles[rnd.randrange(len(articles))][1].to_json())
        day = sig.day
        published = None if day is None else f"1970-01-{day + 1:02d}"
        title = "" if aid % 9 == 0 else " ".join(sig.title).title()
        articles.append(((aid, title, sites[aid % len(sites)], published, published or ""), sig))
    general, shortcut = _open(tmp_path / "general.db"), _open(tmp_path / "shortcut.db")
    for row, sig in articles:
        text = json.dumps(sig.to_json())
        for conn in (general, shortcut):
            conn.execute("INSERT INTO articles(id, title, site, published, published_sort) "
                         "VALUES (?, ?, ?, ?, ?)", row)
        stories.assign(general, row[0], text, SMALL)
        stories.assign(shortcut, row[0], text, SMALL, signature=Signature.from_json(sig.to_json()),
                       fresh=True)
    assert _story_tables(shortcut) == _story_tables(general)
    sizes = [r[0] for r in shortcut.execute("SELECT size FROM stories")]
    assert 1 in sizes and max(sizes) > 1
    before = _story_tables(shortcut)
    stories.refresh(shortcut, [r[0] for r in shortcut.execute("SELECT id FROM stories")], SMALL)
    assert _story_tables(shortcut) == before


def test_the_parsed_signature_is_not_sent_back_from_an_import_worker() -> None:
    from reader.library.codec import prepare_article
    from reader.model import Article

    prepared = prepare_article(Article(source="a.txt", format="text", title="Storm hits the coast",
                                       body="The storm hit. " * 20))
    assert prepared.story_signature is not None
    back = pickle.loads(pickle.dumps(prepared))
    assert back.story_signature is None and back.story == prepared.story


@pytest.mark.parametrize(("max_postings", "starts_afresh"), [(story_cache.MAX_POSTINGS, False),
                                                           (40, True)])
def test_a_cache_started_on_empty_tables_reads_no_keys_and_finds_what_they_hold(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, max_postings: int,
        starts_afresh: bool) -> None:
    """A new library's first import (or a rebuild) starts on an empty story_keys: the cache
    then knows every key's postings without reading them, also those moved out of the pending
    buffer by the very article that brings a new word, until an article imported again takes
    keys away (or the cache is full and starts afresh: 40): then it reads them again."""
    monkeypatch.setattr(story_cache, "PENDING_MAX", 5)
    monkeypatch.setattr(story_cache, "MAX_POSTINGS", max_postings)
    rnd = random.Random(7)
    conn = _open(tmp_path / "lib.db")
    read: list[str] = []
    conn.set_trace_callback(lambda sql: read.append(sql) if " AS key, article_id FROM (" in sql
                            else None)
    sigs: dict[int, Signature] = {}
    for aid in range(1, 61):
        sig = _signature(rnd)
        # New words keep coming: most articles bring one, often in the one that fills the buffer.
        sig.title = [*sig.title[:2], f"new{aid // 2}"]
        sig.terms[f"new{aid // 3}"] = 9.0
        sigs[aid] = sig
        if aid == 45:  # from here on the cache no longer knows every key
            old = 12
            sigs[old] = _signature(rnd)
            _add(conn, old, sigs[old])
        conn.execute("BEGIN IMMEDIATE")
        _add(conn, aid, sig)
        conn.execute("COMMIT")
        if aid == 44:
            assert bool(read) == starts_afresh
        for probe in (aid, rnd.choice(sorted(sigs))):
            _check(conn, probe, sigs[probe])
    assert read  # read again after the re-import
    assert conn.execute("SELECT count(DISTINCT article_id) FROM story_keys").fetchone()[0] >= 55


def test_most_counted_of_more_ids_than_16_bit_counts_hold_ranks_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    ids = np.array([1, 4, 9, 2, 4, 9, 4, 7, 8, 9], np.int64)
    fast = story_cache._most_counted(ids, 3, 7)
    monkeypatch.setattr(story_cache, "_COUNT_MAX", 4)
    assert story_cache._most_counted(ids, 3, 7) == fast == [9, 4, 8]


def test_held_days_grow_in_place_by_the_ids_written_after_them_and_filter_as_sql(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids past the held days (written by another connection, or skipped) are read into the
    held array (room left in it) and filtered as the table's days say; a gap keeps NO_ROW."""
    monkeypatch.setattr(story_cache, "DAYS_READ_RATIO", 10**9)
    conn = _open(tmp_path / "lib.db")
    rnd = random.Random(7)
    days: dict[int, int | None] = {}

    def write(ids: range) -> None:
        for aid in ids:
            days[aid] = None if rnd.random() < 0.2 else rnd.randint(0, 200)
            conn.execute("INSERT INTO story_signatures(article_id, day, signature) VALUES (?, ?, '')",
                          (aid, days[aid]))

    def expected(ids: list[int], day: int, window: int) -> list[int]:
        return [i for i in ids if i in days and (days[i] is None or abs(days[i] - day) <= window)]

    cache = story_cache.StoryCache(400)
    write(range(1, 301))
    cache.day_reads = 1  # (a range read pays at once)
    ids = list(range(300, 0, -3))
    assert cache.in_window(conn, ids, 100, 30) == expected(ids, 100, 30)
    held = cache.day_codes
    assert held is not None and cache.day_lo == 1 and cache.day_count == 300 and len(held) > 400
    write(range(301, 341))
    write(range(361, 400))  # (341-360: no signature)
    ids = [399, 12, 355, 340, 301, 77, 360, 362]
    for day, window in ((100, 30), (0, 500), (150, 0)):
        assert cache.in_window(conn, ids, day, window) == expected(ids, day, window)
    assert cache.day_codes is held and cache.day_count == 399  # (the same array, grown)
    assert held[354 - 1] == story_cache.NO_ROW
