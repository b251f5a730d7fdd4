"""What joining stories looks up, kept in memory per connection and checked against SQLite.

``reader.library.stories.candidates`` counts, for a new article, the articles
sharing its look-up keys (each key's ``key_postings`` newest articles) and
scores the best of them on their signatures. Read from SQLite for every
article that is one large query (a range read per key, grouped and sorted)
and up to ``candidates`` signature texts to parse. An import joins thousands
of articles on one connection, so this module keeps both in memory:

- each key's newest postings (ascending article ids, as many as the query
  would read), loaded for the keys an article uses that are not held yet (one
  query for all of them), updated by the joins made on this connection;
- parsed signatures by article id (a bounded number, oldest dropped first).

The memory must never differ from the tables. Every write to the story
tables on any connection goes through ``reader.library.stories``, which
raises a generation number in ``story_state`` in the same transaction (so a
rollback takes it back too), and SQLite's ``data_version`` changes when
another connection commits. Before each use the cache compares both with
what it saw last and starts afresh when either moved: what it holds is then
what the tables hold, and the decisions are those of the SQL it replaces.
"""

from __future__ import annotations

import json
import sqlite3
import weakref
from bisect import insort
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, compress

from reader.stories.features import Signature

SCHEMA = """
CREATE TABLE IF NOT EXISTS story_state (
    id  INTEGER PRIMARY KEY CHECK (id = 0),
    gen INTEGER NOT NULL
);
"""

#: Postings held at the most (all keys together) before the cache starts afresh.
MAX_POSTINGS = 1_000_000
#: Parsed signatures held at the most (about 10 kB each).
MAX_SIGNATURES = 4096


def parse_signature(text: str) -> Signature:
    """The signature stored as ``text``."""
    return Signature.from_json(json.loads(text))


class StoryCache:
    """Postings and signatures of one connection's story tables (see the module text)."""

    def __init__(self, postings_per_key: int) -> None:
        self.per_key = postings_per_key
        self.postings: dict[str, list[int]] = {}
        self.held = 0
        self.signatures: dict[int, Signature] = {}
        self.seen: tuple[int, int] | None = None

    def clear(self) -> None:
        self.postings.clear()
        self.signatures.clear()
        self.held = 0

    # -- keys ------------------------------------------------------------------
    def shared_keys(self, conn: sqlite3.Connection, keys: Sequence[str]) -> Counter[int]:
        """article id -> how many of ``keys`` it is among the newest postings of."""
        postings = self.postings
        missing = [k for k in dict.fromkeys(keys) if k not in postings]
        if missing:
            self._load(conn, missing)
        # One count over all the keys' postings (a key given twice counts twice).
        return Counter(chain.from_iterable(map(postings.__getitem__, keys)))

    def _load(self, conn: sqlite3.Connection, keys: list[str]) -> None:
        if self.held > MAX_POSTINGS:
            self.postings.clear()
            self.held = 0
        one_key = ("SELECT ? AS key, article_id FROM (SELECT article_id FROM story_keys "
                   "WHERE key = ? ORDER BY article_id DESC LIMIT ?)")
        for start in range(0, len(keys), 200):  # (SQLite's compound SELECT limit is 500)
            chunk = keys[start:start + 200]
            args: list[object] = []
            for key in chunk:
                args += [key, key, self.per_key]
                self.postings[key] = []
            for key, aid in conn.execute(" UNION ALL ".join([one_key] * len(chunk)), args):
                self.postings[key].append(aid)
        for key in keys:
            self.postings[key].reverse()
            self.held += len(self.postings[key])

    def added(self, article_id: int, keys: Iterable[str]) -> None:
        """The article was given ``keys`` (in the tables, by the caller)."""
        cap = self.per_key
        for key in keys:
            ids = self.postings.get(key)
            if ids is None:
                continue
            if len(ids) < cap:
                insort(ids, article_id)
                self.held += 1
            elif article_id > ids[0]:
                insort(ids, article_id)
                del ids[0]

    def removed(self, keys: Iterable[str]) -> None:
        """An article lost ``keys``: their postings are read again when next wanted."""
        for key in keys:
            ids = self.postings.pop(key, None)
            if ids is not None:
                self.held -= len(ids)

    # -- signatures -------------------------------------------------------------
    def signatures_of(self, conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Signature]:
        """The stored signatures of ``ids`` (those that have one), read once."""
        held = self.signatures
        missing = [i for i in ids if i not in held]
        if missing:
            for aid, text in conn.execute(
                    "SELECT article_id, signature FROM story_signatures "
                    "WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(missing),)):
                if text:
                    self.keep(int(aid), parse_signature(text))
        return {i: held[i] for i in compress(ids, map(held.__contains__, ids))}

    def keep(self, article_id: int, sig: Signature) -> None:
        held = self.signatures
        held.pop(article_id, None)
        if len(held) >= MAX_SIGNATURES:
            del held[next(iter(held))]
        held[article_id] = sig

    def forget(self, article_id: int) -> None:
        self.signatures.pop(article_id, None)


_CACHES: weakref.WeakKeyDictionary[sqlite3.Connection, StoryCache] = weakref.WeakKeyDictionary()


def _state(conn: sqlite3.Connection) -> tuple[int, int]:
    gen, version = conn.execute(
        "SELECT (SELECT gen FROM story_state WHERE id = 0), "
        "(SELECT data_version FROM pragma_data_version)").fetchone()
    return int(gen or 0), int(version)


def cache_for(conn: sqlite3.Connection, postings_per_key: int) -> StoryCache:
    """This connection's cache, emptied if the tables may have changed since it was used.

    A connection that cannot be referred to weakly (not opened by the library's
    ``Database``) gets a new, empty cache each time.
    """
    try:
        cache = _CACHES.get(conn)
    except TypeError:
        return StoryCache(postings_per_key)
    if cache is None or cache.per_key != postings_per_key:
        cache = StoryCache(postings_per_key)
        try:
            _CACHES[conn] = cache
        except TypeError:
            return cache
    state = _state(conn)
    if cache.seen != state:
        cache.clear()
        cache.seen = state
    return cache


def changed(conn: sqlite3.Connection, cache: StoryCache | None) -> None:
    """Record, before changing the story tables in the caller's transaction, that they change:
    other connections' caches start afresh, and this one's if the transaction is rolled back.

    ``cache``: this connection's cache, just checked (``cache_for``), which the caller keeps
    in step with its changes; None: the caller does not, and this connection's cache is
    emptied instead.
    """
    cur = conn.execute("UPDATE story_state SET gen = gen + 1 WHERE id = 0")
    if not cur.rowcount:
        conn.execute("INSERT INTO story_state(id, gen) VALUES (0, 1)")
    if cache is not None:
        # Just checked (``cache_for``): the generation is one more; this connection's own
        # writes leave data_version as it was.
        seen = cache.seen
        cache.seen = (seen[0] + 1, seen[1]) if seen is not None and cur.rowcount else _state(conn)
        return
    try:
        mine = _CACHES.get(conn)
    except TypeError:
        return
    if mine is not None:
        mine.clear()
        mine.seen = None
