"""What joining stories looks up, kept in memory per connection and checked against SQLite.

``reader.library.stories.candidates`` counts, for a new article, the articles
sharing its look-up keys (each key's ``key_postings`` newest articles) and
scores the best of them on their signatures. Read from SQLite for every
article that is one large query (a range read per key, grouped and sorted)
and up to ``candidates`` stored signatures to read. An import joins thousands
of articles on one connection, so this module keeps both in memory:

- each key's newest postings (ascending article ids, as many as the query
  would read), loaded for the keys an article uses that are not held yet (one
  query for all of them), updated by the joins made on this connection;
- parsed signatures by article id (a bounded number, oldest dropped first),
  each of an older ``SIGNATURE_VERSION`` computed again from its article and
  stored when read (``signatures_of``: a library made by an older version of the
  app is brought up to date as its articles become candidates);
- the keys of the articles whose keys wait in ``story_keys_pending``.

A cache started on an empty ``story_keys`` (a new library's first import, a
rebuild) holds every key's postings as the joins add them, so it reads none:
a key it does not hold has no rows yet (``complete``, until it lets a key go).

An article's keys are either in ``story_keys`` (one row per key, ordered by
key) or, as one row, in ``story_keys_pending`` (never both): a key's postings
are the union of the two. Each file of an import is stored in a transaction of
its own, and its ~25 keys inserted into ``story_keys`` would each dirty another
page of it in that commit; pending rows are appended, and the buffer is moved
into ``story_keys`` in one sorted insert when it holds ``PENDING_MAX`` articles.

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
from array import array
from bisect import insort
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from itertools import compress
from typing import TYPE_CHECKING

from reader.stories.features import SIGNATURE_VERSION, Signature, signature_of
from reader.stories.packed import from_stored, stored_form

if TYPE_CHECKING:
    import numpy as np

SCHEMA = """
CREATE TABLE IF NOT EXISTS story_state (
    id  INTEGER PRIMARY KEY CHECK (id = 0),
    gen INTEGER NOT NULL
);
"""

#: Postings held at the most (all keys together; 8 bytes each) before the keys used
#: longest ago are dropped, down to ``KEEP_POSTINGS`` percent of it.
MAX_POSTINGS = 1_000_000
KEEP_POSTINGS = 75
#: Parsed signatures held at the most (about 10 kB each).
MAX_SIGNATURES = 4096
#: Articles whose keys wait in ``story_keys_pending`` before they are moved into ``story_keys``.
PENDING_MAX = 1024
#: Article ids whose days are held at the most (4 bytes each; the newest ids): 8 MB.
MAX_DAYS = 2_000_000
#: An id's held day when it has no stored signature, or one without a day.
NO_ROW = -(2**31)
UNDATED = NO_ROW + 1
#: Held days are read from ``story_signatures`` in one range read once the days looked up
#: one by one so far, times ``DAYS_READ_RATIO``, number the rows the range read takes (a
#: row of the range read costs about a quarter of a look-up by itself: 2 against 6-9 us at
#: 100,000 articles on a loaded machine).
DAYS_READ_RATIO = 4


#: ``json.dumps(value, ensure_ascii=False)``, without making an encoder for each call.
json_text = json.JSONEncoder(ensure_ascii=False).encode


def parse_signature(value: str | bytes) -> Signature:
    """The signature stored as ``value`` (packed bytes, or the JSON of older rows)."""
    return from_stored(value)


class StoryCache:
    """Postings and signatures of one connection's story tables (see the module text)."""

    def __init__(self, postings_per_key: int) -> None:
        self.per_key = postings_per_key
        #: key -> its newest postings, as 8-byte numbers (a list of a million postings read
        #: from SQLite held a Python int of 32 bytes each besides the list's 8).
        self.postings: dict[str, array[int]] = {}
        self.held = 0
        #: Oldest first. (A dict's first item, after many were taken from its front, is found
        #: by stepping over their empty slots: up to thousands per article, ~1.5 % of an import's
        #: writer; an ``OrderedDict`` drops it at once.)
        self.signatures: OrderedDict[int, Signature] = OrderedDict()
        self.seen: tuple[int, int] | None = None
        #: key -> the articles in ``story_keys_pending`` that have it (None: not read yet).
        self.pending: dict[str, list[int]] | None = None
        #: article id -> its keys, of the articles in ``story_keys_pending``.
        self.pending_keys: dict[int, list[str]] = {}
        #: True: every key with rows in ``story_keys`` has its postings here, so a key not
        #: held has only pending ones (no query). Holds from a cache started on an empty
        #: ``story_keys`` (a new library's first import, a rebuild) until a key is let go.
        self.complete = False
        #: The days of a range of article ids (``day_lo`` to ``day_lo + day_count - 1``) as
        #: ``story_signatures`` holds them (``NO_ROW``, ``UNDATED`` or the day), ``int32``
        #: with room to grow (``in_window``).
        self.day_lo = 0
        self.day_count = 0
        self.day_codes: np.ndarray | None = None
        #: Days read one by one from SQLite by this cache (what decides the range read).
        self.day_reads = 0

    def clear(self) -> None:
        self.postings.clear()
        self.signatures.clear()
        self.held = 0
        self.pending = None
        self.pending_keys = {}
        self.complete = False
        self.day_lo = self.day_count = 0
        self.day_codes = None

    # -- keys ------------------------------------------------------------------
    def most_shared(self, conn: sqlite3.Connection, keys: Sequence[str], n: int,
                    leave_out: int | None = None) -> list[int]:
        """The ``n`` article ids among the newest postings of the most of ``keys`` (a key
        given twice counts twice), ties broken by the higher id, in that order;
        ``leave_out``: an id not to return (the article itself)."""
        import numpy as np  # (only an import joins stories; the CLI's other commands need none)

        postings = self.postings
        for key in keys:  # the keys used last are kept longest (the dict's order)
            held = postings.pop(key, None)
            if held is not None:
                postings[key] = held
        if self.held > MAX_POSTINGS:  # room made before choosing what to load: a key
            self._make_room()        # held a moment ago must not be dropped unloaded
        missing = [k for k in dict.fromkeys(keys) if k not in postings]
        if missing:
            self._load(conn, missing)
        # One count over all the keys' postings, by sorting them (a Counter of the same
        # took ~3 times the CPU, and its Python ints as much again as the arrays). The
        # arrays' bytes joined are one array for numpy (an array a key took ~2 us each).
        if not keys:
            return []
        joined = b"".join(map(postings.__getitem__, keys))
        return _most_counted(np.frombuffer(joined, dtype=np.int64), n, leave_out)

    def _make_room(self) -> None:
        """Drop the postings of the keys used longest ago, down to ``KEEP_POSTINGS``.

        (Emptying the whole cache instead made it read every key again: past ~100,000
        articles, when most keys hold their ``key_postings``, it filled up again within a
        few thousand articles, and the join's CPU per article nearly doubled.)"""
        postings = self.postings
        goal = MAX_POSTINGS * KEEP_POSTINGS // 100
        dropped: list[str] = []
        freed = 0
        self.complete = False  # (keys let go: their rows are read when next wanted)
        for key, ids in postings.items():  # (one pass: the oldest are first)
            if self.held - freed <= goal:
                break
            dropped.append(key)
            freed += len(ids)
        for key in dropped:
            del postings[key]
        self.held -= freed

    def _load(self, conn: sqlite3.Connection, keys: list[str]) -> None:
        pending = self._pending(conn)
        one_key = ("SELECT ? AS key, article_id FROM (SELECT article_id FROM story_keys "
                   "WHERE key = ? ORDER BY article_id DESC LIMIT ?)")
        read: dict[str, array[int]] = {key: array("q") for key in keys}
        # (Complete: the keys not held have no rows in story_keys. A compound SELECT has 500
        # parts at the most.)
        for start in range(0, 0 if self.complete else len(keys), 200):
            chunk = keys[start:start + 200]
            args: list[object] = []
            for key in chunk:
                args += [key, key, self.per_key]
            for key, aid in conn.execute(" UNION ALL ".join([one_key] * len(chunk)), args):
                read[key].append(aid)
        for key in keys:
            ids = read[key]
            ids.reverse()
            waiting = pending.get(key)
            if waiting:  # (the newest of both tables: an article's keys are in one of them)
                ids = array("q", sorted([*ids, *waiting])[-self.per_key:])
            self.postings[key] = ids
            self.held += len(ids)

    def _pending(self, conn: sqlite3.Connection) -> dict[str, list[int]]:
        """key -> articles with that key in ``story_keys_pending`` (read once)."""
        if self.pending is None:
            self.pending, self.pending_keys = {}, {}
            for aid, text in conn.execute("SELECT article_id, keys FROM story_keys_pending"):
                self._wait(int(aid), json.loads(text))
            self.complete = not self.postings and conn.execute(
                "SELECT 1 FROM story_keys LIMIT 1").fetchone() is None
        return self.pending

    def _wait(self, article_id: int, keys: list[str]) -> None:
        pending = self.pending
        assert pending is not None
        self.pending_keys[article_id] = keys
        for key in keys:
            if key in pending:
                pending[key].append(article_id)
            else:
                pending[key] = [article_id]

    def add_keys(self, conn: sqlite3.Connection, article_id: int, keys: list[str]) -> None:
        """Give the article ``keys`` (it has none: ``drop_keys``), in the tables and here."""
        self._pending(conn)
        conn.execute("INSERT INTO story_keys_pending(article_id, keys) VALUES (?, ?)",
                     (article_id, json_text(keys)))
        self._wait(article_id, list(keys))
        self.added(article_id, keys)
        if len(self.pending_keys) >= PENDING_MAX:
            self.flush_keys(conn)

    def flush_keys(self, conn: sqlite3.Connection) -> None:
        """Move the waiting keys into ``story_keys`` (the postings stay the same)."""
        # Sorted as the table is: each of its pages is written once for all of them.
        conn.execute("INSERT OR IGNORE INTO story_keys(key, article_id) "
                     "SELECT j.value, p.article_id FROM story_keys_pending p, json_each(p.keys) j "
                     "ORDER BY 1, 2")
        conn.execute("DELETE FROM story_keys_pending")
        if self.complete and self.pending:  # (the moved keys' postings held: still complete)
            for key in self.pending.keys() - self.postings.keys():  # (all but the newest's)
                ids = self.postings[key] = array("q", sorted(self.pending[key])[-self.per_key:])
                self.held += len(ids)
        self.pending, self.pending_keys = {}, {}

    def drop_keys(self, conn: sqlite3.Connection, article_id: int) -> None:
        """Take the article's keys away (an article imported again), in the tables and here."""
        pending = self._pending(conn)
        waiting = self.pending_keys.pop(article_id, [])
        if waiting:
            conn.execute("DELETE FROM story_keys_pending WHERE article_id = ?", (article_id,))
            for key in waiting:
                ids = pending[key]
                ids.remove(article_id)
                if not ids:
                    del pending[key]
        # (Both tables: an older version of the app may have re-imported it meanwhile.)
        stored = [r[0] for r in conn.execute(
            "SELECT key FROM story_keys WHERE article_id = ?", (article_id,))]
        if stored:
            conn.execute("DELETE FROM story_keys WHERE article_id = ?", (article_id,))
        self.removed(waiting + stored)

    def added(self, article_id: int, keys: Iterable[str]) -> None:
        """The article was given ``keys`` (in the tables, by the caller)."""
        cap = self.per_key
        get = self.postings.get
        for key in keys:
            ids = get(key)
            if ids is None:
                continue
            # A new article has the highest id: appended, without a search through the ids.
            if len(ids) < cap:
                if ids and article_id < ids[-1]:
                    insort(ids, article_id)
                else:
                    ids.append(article_id)
                self.held += 1
            elif article_id > ids[0]:
                if article_id < ids[-1]:
                    insort(ids, article_id)
                else:
                    ids.append(article_id)
                del ids[0]

    def removed(self, keys: Iterable[str]) -> None:
        """An article lost ``keys``: their postings are read again when next wanted."""
        for key in keys:
            self.complete = False  # (keys let go: their rows are read when next wanted)
            ids = self.postings.pop(key, None)
            if ids is not None:
                self.held -= len(ids)

    # -- signatures -------------------------------------------------------------
    def signatures_of(self, conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Signature]:
        """The stored signatures of ``ids`` (those that have one), read once; those of an
        older version computed again and stored (``upgrade``)."""
        held = self.signatures
        missing = [i for i in ids if i not in held]
        if missing:
            old: list[int] = []
            for aid, stored in conn.execute(
                    "SELECT article_id, signature FROM story_signatures "
                    "WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(missing),)):
                if stored:
                    sig = parse_signature(stored)
                    if sig.version < SIGNATURE_VERSION:
                        old.append(int(aid))
                    else:
                        self.keep(int(aid), sig)
            if old:
                self.upgrade(conn, old)
        return {i: held[i] for i in compress(ids, map(held.__contains__, ids))}

    def upgrade(self, conn: sqlite3.Connection, ids: list[int]) -> None:
        """Compute the signatures of ``ids`` (stored by an older version) from their articles
        as an import computes them now, store and hold them. (In the caller's transaction:
        rolled back, the generation raised before it goes back too, and this cache is
        emptied at its next use.)"""
        rows = conn.execute(
            "SELECT id, title, body, published FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)).fetchall()
        for aid, title, body, published in rows:
            sig = signature_of(title or "", body or "", published)
            conn.execute("UPDATE story_signatures SET day = ?, signature = ? WHERE article_id = ?",
                         (sig.day, stored_form(sig), aid))
            self.keep(int(aid), sig)
            self.keep_day(int(aid), sig.day)

    def days_of(self, conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, int | None]:
        """The day of each of ``ids`` that has a stored signature, read without parsing the
        signatures not held (``signatures_of`` would parse them). (The signature's text is
        not read at all: it follows the day in the row.)"""
        held = self.signatures
        days = {i: held[i].day for i in ids if i in held}
        missing = [i for i in ids if i not in held]
        self.day_reads += len(ids)
        if missing:
            days.update(conn.execute(
                "SELECT article_id, day FROM story_signatures "
                "WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(missing),)))
        return days

    def in_window(self, conn: sqlite3.Connection, ids: Sequence[int], day: int,
                  window: int) -> list[int]:
        """Those of ``ids`` (in their order) that have a stored signature whose day is None
        or at most ``window`` days from ``day``: ``days_of``'s days, filtered.

        The days of a range of ids are held in one array (``day_codes``), read from
        ``story_signatures`` in one range read once reading them one by one has cost about
        as much (``DAYS_READ_RATIO``), and kept in step by ``keep_day``. Each of the 160
        ranked candidates of a join was a look-up in that table of large rows (or a touch of
        a held signature object, cold in memory): at 100,000 articles a third of the join.
        Ids outside the range are looked up as before (``days_of``).
        """
        import numpy as np

        if not ids:
            return []
        first, last = min(ids), max(ids)
        self._hold_days(conn, first, last)
        lo, codes = self.day_lo, self.day_codes
        if codes is not None and first >= lo and last < lo + self.day_count:
            # All held (nearly every join): the same test on the 32-bit days, in fewer steps
            # (``NO_ROW`` and ``UNDATED`` lie below any day's window).
            wanted = np.array(ids, dtype=np.int64)
            found = codes[wanted - lo]
            keep = (found >= day - window) & (found <= day + window) | (found == UNDATED)
            return wanted[keep].tolist()  # type: ignore[no-any-return]
        wanted = np.array(ids, dtype=np.int64)
        at = wanted - lo
        inside = (at >= 0) & (at < self.day_count)
        found = np.full(len(wanted), NO_ROW, np.int64)
        if codes is not None:
            found[inside] = codes[at[inside]]
        if not inside.all():
            outside = np.flatnonzero(~inside)
            rest = wanted[outside].tolist()
            days = self.days_of(conn, rest)
            found[outside] = [UNDATED if (d := days.get(i, NO_ROW)) is None else d for i in rest]
        keep = (found != NO_ROW) & ((found == UNDATED) | (np.abs(found - day) <= window))
        return wanted[keep].tolist()  # type: ignore[no-any-return]

    def _hold_days(self, conn: sqlite3.Connection, first: int, last: int) -> None:
        """Hold the days of ids ``first`` to ``last`` too, when a range read pays
        (``in_window``): the first range read takes all stored signatures' ids (at most the
        ``MAX_DAYS`` newest), later ones what is missing (ids written since, around a gap)."""
        import numpy as np

        lo, end = self.day_lo, self.day_lo + self.day_count
        if self.day_codes is None:
            if DAYS_READ_RATIO * self.day_reads < last + 1 - first:
                return  # (not even these ids' range pays yet)
            low = conn.execute("SELECT min(article_id) FROM story_signatures").fetchone()[0]
            lo = end = min(first, low if low is not None else first)
        elif first >= lo and last < end:
            return
        new_end = max(last + 1, end)
        new_lo = max(min(first, lo), new_end - MAX_DAYS)
        kept_lo, kept_end = max(lo, new_lo), min(end, new_end)  # (held days that stay)
        kept = max(0, kept_end - kept_lo)
        to_read = new_end - new_lo - kept
        if not to_read or DAYS_READ_RATIO * self.day_reads < to_read:
            return  # (nothing to add: ids older than the held newest; or it does not pay yet)
        if (self.day_codes is not None and new_lo == lo and kept == end - lo
                and new_end - lo <= len(self.day_codes)):
            # Only ids after the held ones, and room for them: read into the held array (its
            # slots past ``day_count`` are ``NO_ROW``), not into a new one with all copied.
            codes, spans = self.day_codes, [(end, new_end)]
        else:
            size = min(max(2 * (new_end - new_lo), 1024), max(MAX_DAYS, new_end - new_lo))
            codes = np.full(size, NO_ROW, np.int32)
            spans = [(new_lo, new_end)]
        if kept and codes is not self.day_codes:
            assert self.day_codes is not None
            codes[kept_lo - new_lo:kept_end - new_lo] = self.day_codes[kept_lo - lo:kept_end - lo]
            spans = [(new_lo, kept_lo), (kept_end, new_end)]
        for a, b in spans:
            if a < b:
                rows = conn.execute(
                    "SELECT article_id, coalesce(day, ?) FROM story_signatures "
                    "WHERE article_id >= ? AND article_id < ?", (UNDATED, a, b)).fetchall()
                if rows:
                    read = np.array(rows, dtype=np.int64)
                    codes[read[:, 0] - new_lo] = read[:, 1]
        self.day_lo, self.day_count, self.day_codes = new_lo, new_end - new_lo, codes

    def keep_day(self, article_id: int, day: int | None) -> None:
        """The article's stored signature (just written) has ``day``: the held days follow."""
        import numpy as np

        codes, at = self.day_codes, article_id - self.day_lo
        if codes is None or at < 0 or at > self.day_count:
            return  # (not held, nor the next id: a range read finds it when wanted)
        if at == self.day_count:  # the next id: held days grow by one
            if self.day_count == len(codes):
                if self.day_count >= MAX_DAYS:  # (the oldest quarter goes)
                    drop = MAX_DAYS // 4
                    codes = codes[drop:].copy()
                    self.day_lo += drop
                    self.day_count -= drop
                    at -= drop
                grown = np.full(min(2 * len(codes), MAX_DAYS), NO_ROW, np.int32)
                grown[:self.day_count] = codes[:self.day_count]
                codes = self.day_codes = grown
            self.day_count += 1
        codes[at] = UNDATED if day is None else day

    def keep(self, article_id: int, sig: Signature) -> None:
        held = self.signatures
        held.pop(article_id, None)
        if len(held) >= MAX_SIGNATURES:
            held.popitem(last=False)
        held[article_id] = sig

    def forget(self, article_id: int) -> None:
        self.signatures.pop(article_id, None)


def _most_counted(ids: np.ndarray, n: int, leave_out: int | None) -> list[int]:
    """The ``n`` values of ``ids`` found most often, ties broken by the higher value, in that
    order, without ``leave_out``: ``np.unique`` with counts, ranked by ``np.lexsort``, done
    with less sorting (the same list).

    ``ids`` is a concatenation of ascending runs (each key's postings): a stable sort
    (timsort, which merges runs) takes a quarter of the time of ``np.unique``'s quicksort
    there. The distinct values, ascending, are then taken in reverse (the higher first) and
    ranked by a stable sort of their counts, descending: counts as 16-bit numbers, which
    numpy sorts stably by radix (half the time of sorting ~500 values and counts packed in
    one 64-bit number each). Inside an import numpy's code is cold and each call costs a
    few microseconds: methods and operators here, not its Python-level helpers.
    """
    import numpy as np

    if n <= 0 or not len(ids):
        return []
    ids = np.sort(ids, kind="stable")
    if len(ids) > _COUNT_MAX:  # (counts might not fit in 16 bits)
        return _most_counted_lexsort(ids, n, leave_out)
    edges = np.empty(len(ids) + 1, bool)
    edges[0] = edges[-1] = True
    np.not_equal(ids[1:], ids[:-1], out=edges[1:-1])
    starts = edges.nonzero()[0]
    counts = (starts[:-1] - starts[1:]).astype(np.int16)[::-1]  # (negated: descending)
    order = counts.argsort(kind="stable")[:n + 1]
    # One more than asked: ``leave_out`` (the article itself) is left out of the list.
    best: list[int] = ids[starts[-2::-1][order]].tolist()
    if leave_out is not None and leave_out in best:
        best.remove(leave_out)
    return best[:n]


def _most_counted_lexsort(ids: np.ndarray, n: int, leave_out: int | None) -> list[int]:
    """``_most_counted`` of sorted ``ids`` by ``np.unique`` and ``np.lexsort``."""
    import numpy as np

    found, counts = np.unique(ids, return_counts=True)
    if leave_out is not None:
        keep = found != leave_out
        found, counts = found[keep], counts[keep]
    return found[np.lexsort((-found, -counts))][:n].tolist()  # type: ignore[no-any-return]


#: ``_most_counted``'s counts are 16-bit numbers: no more ids than this.
_COUNT_MAX = (1 << 15) - 1


_CACHES: weakref.WeakKeyDictionary[sqlite3.Connection, StoryCache] = weakref.WeakKeyDictionary()


def _state(conn: sqlite3.Connection) -> tuple[int, int]:
    row = conn.execute("SELECT gen FROM story_state WHERE id = 0").fetchone()
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    return int(row[0]) if row else 0, int(version)


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
