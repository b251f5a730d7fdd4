"""Stories in the library: which articles report the same event.

Each article joins a story (or starts one) in the same transaction that
stores it (``assign``), so the stories are always consistent with the
articles, survive ``reindex`` (they live in SQLite, not in the index) and
follow deletions (``forget``). Joining is incremental, so a 100,000-article
library keeps its stories as it grows:

1. the article's signature (``reader.stories.features``, computed in the
   import workers) is stored with its look-up keys (title words, names, top
   terms): first as one row of ``story_keys_pending``, moved into the
   inverted table ``story_keys`` a thousand articles at a time
   (``reader.library.story_cache``: each article's keys written one by one
   would dirty a page of ``story_keys`` per key in every file's commit);
2. candidates are the articles sharing the most keys within the date window
   (one indexed query, at most ``PARAMS["candidates"]``);
3. each candidate is scored (``reader.stories.decide``); the article joins
   the story of the best candidate at or above the threshold, else starts
   its own story;
4. the story's row is refreshed: its most central headline, sites, date
   span, article ids, and the copies inside it ("same text as X": the
   earliest of a group of near-identical texts is the original), so the
   stories list is one query on ``stories``.

Every function takes the connection of the caller's open transaction
(``Store.transaction``), or reads through any connection.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.library import story_cache
from reader.library.story_cache import json_text, parse_signature
from reader.stories.decide import choose_story, event_scorer, join_threshold, same_text
from reader.stories.features import Signature, signature_of
from reader.stories.packed import stored_form
from reader.stories.params import PARAMS

SCHEMA = """
CREATE TABLE IF NOT EXISTS story_signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    day        INTEGER,
    signature  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_keys (
    key        TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_keys_article ON story_keys(article_id);
CREATE TABLE IF NOT EXISTS story_keys_pending (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    keys       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    title        TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    first        TEXT,
    last         TEXT,
    last_sort    TEXT NOT NULL DEFAULT '',
    sites        TEXT NOT NULL DEFAULT '[]',
    articles     TEXT NOT NULL DEFAULT '[]',
    first_report INTEGER
);
CREATE INDEX IF NOT EXISTS stories_size ON stories(size, last_sort, id);
CREATE INDEX IF NOT EXISTS stories_recent ON stories(last_sort, id);
CREATE TABLE IF NOT EXISTS story_members (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL,
    score      REAL NOT NULL DEFAULT 1.0,
    copy_of    INTEGER
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story_id, article_id);
""" + story_cache.SCHEMA

#: Sort orders of ``list_stories``: most articles first, or latest article first.
STORY_SORTS = {
    "size": "size DESC, last_sort DESC, id DESC",
    "recent": "last_sort DESC, size DESC, id DESC",
    "oldest": "last_sort ASC, id ASC",
}
#: Above this many members a story's copies are only looked for against its newest members.
COPY_PAIRS_MAX_MEMBERS = 300
#: The central headline is chosen among this many of a story's latest articles.
TITLE_MEMBERS_MAX = 60
#: An article's (title, site, published, published_sort), as its row holds them.
ArticleRow = tuple[str, str | None, str | None, str]

@dataclass(slots=True)
class StoryRow:
    """One story as the stories list shows it (the ``stories --json`` shape)."""

    id: int
    title: str
    articles: list[int]
    sites: list[str]
    first: str | None
    last: str | None
    first_report: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "articles": list(self.articles),
                "sites": list(self.sites), "first": self.first, "last": self.last}


@dataclass(frozen=True)
class StoryMember:
    id: int
    title: str
    site: str | None
    published: str | None
    copy_of: int | None
    first_report: bool

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "site": self.site,
                "published": self.published, "copy_of": self.copy_of,
                "first_report": self.first_report}


@dataclass(frozen=True)
class Story:
    """One story with its articles in date order (the ``story ID --json`` shape)."""

    row: StoryRow
    members: list[StoryMember] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.row.to_dict(), "first_report": self.row.first_report,
                "members": [m.to_dict() for m in self.members]}


# -- writing (inside the caller's transaction) -----------------------------------
def assign(conn: sqlite3.Connection, article_id: int, stored: str | bytes,
           params: Mapping[str, object] = PARAMS, *, signature: Signature | None = None,
           fresh: bool = False, article: ArticleRow | None = None) -> int:
    """Store the article's signature and put it into a story; returns the story id.

    ``stored``: the signature as the library stores it (``reader.stories.packed``:
    packed bytes, or JSON). ``signature``: ``stored`` read back, when the caller has it
    (an import in this process), so it is not read again. ``fresh``: the article row
    was just inserted, so it has no story rows yet to take out. ``article``: what the
    caller just wrote into the article's row, so a new story is written without reading it.
    """
    cache = _cache(conn, params)
    story_cache.changed(conn, cache)  # first: a rollback of what follows empties the cache
    old_story = None
    if not fresh:
        old_story = _story_id(conn, article_id)
        if old_story is not None:
            conn.execute("DELETE FROM story_members WHERE article_id = ?", (article_id,))
        cache.drop_keys(conn, article_id)
    sig = signature if signature is not None else parse_signature(stored)
    conn.execute("INSERT OR REPLACE INTO story_signatures(article_id, day, signature) "
                 "VALUES (?, ?, ?)", (article_id, sig.day, stored))
    cache.keep(article_id, sig)
    cache.keep_day(article_id, sig.day)
    keys = sig.keys()
    cache.add_keys(conn, article_id, keys)
    story_id, score = _best_story(conn, article_id, sig, keys, params, cache)
    if story_id is None:
        story_id = _start_story(conn, article_id, params, article)
    else:
        conn.execute("INSERT INTO story_members(article_id, story_id, score) VALUES (?, ?, ?)",
                     (article_id, story_id, score))
        refresh(conn, [story_id], params, new=article_id, cache=cache)
    if old_story not in (None, story_id):
        refresh(conn, [old_story], params, cache=cache)
    return story_id


def _start_story(conn: sqlite3.Connection, article_id: int, params: Mapping[str, object],
                 article: ArticleRow | None = None) -> int:
    """A new story of one article: its row written at once, as ``refresh`` would write it."""
    row = article or conn.execute(
        "SELECT title, site, published, published_sort FROM articles WHERE id = ?",
        (article_id,)).fetchone()
    if row is None:  # (no article row: the story is empty, as ``refresh`` leaves it)
        story_id = int(conn.execute("INSERT INTO stories(size) VALUES (0)").lastrowid or 0)
        conn.execute("INSERT INTO story_members(article_id, story_id, score) VALUES (?, ?, 1.0)",
                     (article_id, story_id))
        refresh(conn, [story_id], params)
        return story_id
    title, site, published, published_sort = row
    dated = bool(published_sort)
    story_id = int(conn.execute(
        "INSERT INTO stories(title, size, first, last, last_sort, sites, articles, first_report) "
        "VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
        (title or "", published if dated else None, published if dated else None,
         published_sort if dated else "", json_text([site] if site else []),
         f"[{int(article_id)}]", article_id if dated else None)).lastrowid or 0)
    conn.execute("INSERT INTO story_members(article_id, story_id, score) VALUES (?, ?, 1.0)",
                 (article_id, story_id))
    return story_id


def _story_id(conn: sqlite3.Connection, article_id: int) -> int | None:
    row = conn.execute("SELECT story_id FROM story_members WHERE article_id = ?",
                       (article_id,)).fetchone()
    return None if row is None else int(row[0])


def _cache(conn: sqlite3.Connection, params: Mapping[str, object]) -> story_cache.StoryCache:
    return story_cache.cache_for(conn, int(params["key_postings"]))  # type: ignore[call-overload]


def candidates(conn: sqlite3.Connection, article_id: int, sig: Signature, keys: Sequence[str],
               params: Mapping[str, object] = PARAMS,
               cache: story_cache.StoryCache | None = None) -> list[tuple[int, Signature]]:
    """Articles sharing the most look-up keys with ``sig`` within the date window.

    Each key contributes its ``PARAMS["key_postings"]`` newest articles at most,
    so a word in every tenth article of a large library costs no more than a
    rare name. The articles sharing the most keys (ties: the newest) are ranked,
    the first ``candidates * 4`` of them kept within the date window, and the
    first ``candidates`` of those returned. Postings and signatures are read
    through the connection's ``story_cache`` (the same as the tables hold;
    ``cache``: that cache, checked by the caller in this transaction).
    """
    if not keys:
        return []
    window = int(float(params["window_days"]))  # type: ignore[arg-type]
    limit = int(params["candidates"])  # type: ignore[call-overload]
    cache = cache or _cache(conn, params)
    ranked = cache.most_shared(conn, keys, limit * 4, leave_out=article_id)
    out: list[tuple[int, Signature]] = []
    day = sig.day
    if day is not None:
        # Those outside the date window are left out by their stored day, unparsed: in a
        # library spanning years most of the ranked articles are (a signature parsed from
        # JSON cost more than the rest of the join).
        ranked = cache.in_window(conn, ranked, day, window)
    for start in range(0, len(ranked), limit):
        chunk = ranked[start:start + limit]
        found = cache.signatures_of(conn, chunk)
        for aid in chunk:
            other = found.get(aid)
            if other is not None and (day is None or other.day is None
                                      or abs(other.day - day) <= window):
                out.append((aid, other))
                if len(out) == limit:
                    return out
    return out


def _best_story(conn: sqlite3.Connection, article_id: int, sig: Signature, keys: Sequence[str],
                params: Mapping[str, object],
                cache: story_cache.StoryCache) -> tuple[int | None, float]:
    """The story the article joins (``reader.stories.decide.choose_story``), and its score."""
    event_score = event_scorer(sig, params)
    found = candidates(conn, article_id, sig, keys, params, cache)
    # (Most scores are below both thresholds: only the others need their pair's threshold.)
    lowest = min(float(params["threshold"]), float(params["undated_threshold"]))  # type: ignore[arg-type]
    if lowest > 0 and float(params["undated_min_title"]) > 0:  # type: ignore[arg-type]
        # A pair with an undated article needs shared headline words (``event_scorer``): the
        # others score 0 and are left out without scoring them.
        day, title = sig.day, sig.title_set
        found = [c for c in found
                 if day is not None and c[1].day is not None or not title.isdisjoint(c[1].title_set)]
    # By id() of the shared parsed signature: each pair scored once.
    scores = {id(other): event_score(other) for _aid, other in found}
    linked_ids = [aid for aid, other in found if scores[id(other)] >= lowest
                  and scores[id(other)] >= join_threshold(sig, other, params)]
    if not linked_ids:
        return None, 0.0
    stories = [r[0] for r in conn.execute(
        "SELECT DISTINCT story_id FROM story_members "
        "WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(linked_ids),))]
    cap = int(params["story_members"])  # type: ignore[call-overload]
    linked: dict[int, list[Signature]] = {}
    for story_id in stories:
        # (Members without a signature are left out; their newest ``cap`` that have one.)
        ids = [r[0] for r in conn.execute(
            "SELECT m.article_id FROM story_members m JOIN story_signatures s "
            "ON s.article_id = m.article_id WHERE m.story_id = ? AND m.article_id != ? "
            "ORDER BY m.article_id DESC LIMIT ?", (story_id, article_id, cap))]
        held = cache.signatures_of(conn, ids)
        linked[int(story_id)] = [held[i] for i in ids if i in held]

    def score(other: Signature) -> float:
        key = id(other)
        if key not in scores:
            scores[key] = event_score(other)
        return scores[key]

    return choose_story(sig, linked, params, score)


def forget(conn: sqlite3.Connection, article_ids: Sequence[int],
           params: Mapping[str, object] = PARAMS) -> None:
    """Take deleted articles out of their stories (before their rows go)."""
    if not article_ids:
        return
    ids = json.dumps([int(i) for i in article_ids])
    stories = [r[0] for r in conn.execute(
        "SELECT DISTINCT story_id FROM story_members "
        "WHERE article_id IN (SELECT value FROM json_each(?))", (ids,))]
    story_cache.changed(conn, None)
    for table in ("story_members", "story_keys", "story_keys_pending", "story_signatures"):
        conn.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT value FROM json_each(?))",
                     (ids,))
    refresh(conn, stories, params)


def refresh(conn: sqlite3.Connection, story_ids: Iterable[int],
            params: Mapping[str, object] = PARAMS, new: int | None = None,
            cache: story_cache.StoryCache | None = None) -> None:
    """Recompute the stored rows of ``story_ids`` from their members (an empty story goes).

    ``new``: the one article just added; its copies are then looked for
    against the other members only, instead of among all pairs. ``cache``: the
    connection's ``story_cache``, checked by the caller in this transaction.
    """
    cache = cache or _cache(conn, params)
    for story_id in dict.fromkeys(story_ids):
        rows = conn.execute(
            "SELECT a.id, a.title, a.site, a.published, a.published_sort "
            "FROM story_members m JOIN articles a ON a.id = m.article_id "
            "WHERE m.story_id = ? ORDER BY a.published_sort = '', a.published_sort, a.id",
            (story_id,),
        ).fetchall()
        if not rows:
            conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            continue
        ids = [r[0] for r in rows]
        sigs = _member_signatures(conn, ids, new, cache)
        if new is not None and len(rows) > 2:
            old = dict(conn.execute(
                "SELECT article_id, copy_of FROM story_members WHERE story_id = ? "
                "AND copy_of IS NOT NULL", (story_id,)).fetchall())
            copies = _copies_with(ids, sigs, new, old, params)
            # (Only the marks that moved: every member's row rewritten made each join to a
            # story of n articles write n rows.)
            marks = [(copies.get(a), a) for a in ids if copies.get(a) != old.get(a)]
        else:
            copies = _copies(ids, sigs, params)
            marks = [(copies.get(a), a) for a in ids]
        conn.executemany("UPDATE story_members SET copy_of = ? WHERE article_id = ?", marks)
        dated = [r for r in rows if r[4]]
        sites = list(dict.fromkeys(r[2] for r in rows if r[2]))
        conn.execute(
            "UPDATE stories SET title = ?, size = ?, first = ?, last = ?, last_sort = ?, "
            "sites = ?, articles = ?, first_report = ? WHERE id = ?",
            (_central_title(rows, sigs), len(rows), dated[0][3] if dated else None,
             dated[-1][3] if dated else None, dated[-1][4] if dated else "",
             json.dumps(sites, ensure_ascii=False), json.dumps([r[0] for r in rows]),
             rows[0][0] if dated else None, story_id),
        )


def _member_signatures(conn: sqlite3.Connection, ids: list[int], new: int | None,
                       cache: story_cache.StoryCache) -> list[Signature | None]:
    """The signatures ``refresh`` looks at, aligned with ``ids`` (None for the others).

    Only the newest ``TITLE_MEMBERS_MAX`` members (central headline) and the
    ``COPY_PAIRS_MAX_MEMBERS`` members the copy search reaches are read: nearest
    in date to ``new`` when one article was just added, else the newest. So adding
    an article to a story of thousands reads a bounded number of signatures.
    """
    wanted = set(ids[-TITLE_MEMBERS_MAX:])
    if new is not None and new in ids:
        k = ids.index(new)
        half = COPY_PAIRS_MAX_MEMBERS // 2
        lo = max(0, min(k - half, len(ids) - COPY_PAIRS_MAX_MEMBERS))
        wanted.update(ids[lo:lo + COPY_PAIRS_MAX_MEMBERS])
    else:
        wanted.update(ids[-COPY_PAIRS_MAX_MEMBERS:])
    found = cache.signatures_of(conn, sorted(wanted))
    return [found.get(aid) for aid in ids]


def _copies(ids: list[int], sigs: list[Signature | None],
            params: Mapping[str, object]) -> dict[int, int]:
    """article id -> the earliest article it is a near-identical copy of (ids in date order)."""
    out: dict[int, int] = {}
    start = max(0, len(ids) - COPY_PAIRS_MAX_MEMBERS)
    for j in range(start, len(ids)):
        sj = sigs[j]
        if sj is None or not sj.sketch:
            continue
        for i in range(start, j):
            si = sigs[i]
            if si is not None and ids[i] not in out and same_text(si, sj, params):
                out[ids[j]] = ids[i]
                break
    return out


def _copies_with(ids: list[int], sigs: list[Signature | None], new: int,
                 old: dict[int, int], params: Mapping[str, object]) -> dict[int, int]:
    """``old`` copy marks updated for article ``new``: the group of texts it repeats (or that
    repeat it) gets the earliest of them as its original (``ids`` are in date order)."""
    pos = {aid: n for n, aid in enumerate(ids)}
    k = pos[new]
    mine = sigs[k]
    out = {a: o for a, o in old.items() if a in pos and o in pos}
    if mine is None or not mine.sketch:
        return out
    group = {new}
    for n, other in enumerate(sigs):
        if n != k and other is not None and same_text(mine, other, params):
            group.add(ids[n])
    if len(group) == 1:
        return out
    # Everything already tied to a member of the group belongs to it too.
    originals = {out.get(a, a) for a in group}
    group |= originals | {a for a, o in out.items() if o in originals}
    first = min(group, key=lambda a: pos[a])
    for a in group:
        if a == first:
            out.pop(a, None)
        else:
            out[a] = first
    return out


def _central_title(rows: Sequence[Sequence[Any]], sigs: Sequence[Signature | None]) -> str:
    """The headline whose words the other headlines share most (ties: the earliest)."""
    rows, sigs = rows[-TITLE_MEMBERS_MAX:], sigs[-TITLE_MEMBERS_MAX:]
    # Each headline's words as a set once (not two sets per pair); a pair's union is counted
    # from the sizes, so the scores are the same sums, added in the same order.
    words = [s.title_set if s is not None and s.title else None for s in sigs]
    sizes = [len(w) if w else 0 for w in words]
    best, best_score = "", -1.0
    for i, r in enumerate(rows):
        title = r[1] or ""
        if not title:
            continue
        mine, size = words[i], sizes[i]
        score = 0.0
        if mine:
            for j, other in enumerate(words):
                if j != i and other is not None:
                    shared = len(mine & other)
                    score += shared / (size + sizes[j] - shared)
        if score > best_score:
            best, best_score = title, score
    return best


def rebuild(conn: sqlite3.Connection, params: Mapping[str, object] = PARAMS,
            only_missing: bool = False) -> int:
    """Assign stored articles to stories anew (or only those not in a story yet), in date order.

    Returns how many articles were assigned. Used for libraries made before
    stories existed and after the parameters change.
    """
    if not only_missing:
        story_cache.changed(conn, None)
        for table in ("story_members", "story_keys", "story_keys_pending", "story_signatures",
                      "stories"):
            conn.execute(f"DELETE FROM {table}")
    rows = conn.execute(
        "SELECT a.id, a.title, a.body, a.published FROM articles a "
        "WHERE a.id NOT IN (SELECT article_id FROM story_members) "
        "ORDER BY a.published_sort = '', a.published_sort, a.id"
    ).fetchall()
    for aid, title, body, published in rows:
        sig = signature_of(title, body, published)
        assign(conn, aid, stored_form(sig), params, signature=sig)
    return len(rows)


def missing(conn: sqlite3.Connection) -> int:
    """How many stored articles are in no story (a library made before stories existed)."""
    return int(conn.execute(
        "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_members)"
    ).fetchone()[0])


# -- reading --------------------------------------------------------------------
def _row(r: Sequence[Any]) -> StoryRow:
    return StoryRow(id=r[0], title=r[1], articles=json.loads(r[2]), sites=json.loads(r[3]),
                    first=r[4], last=r[5], first_report=r[6])


_ROW_COLUMNS = "id, title, articles, sites, first, last, first_report"


def list_stories(conn: sqlite3.Connection, sort: str = "size", min_size: int = 1,
                 limit: int | None = None) -> list[StoryRow]:
    if sort not in STORY_SORTS:
        raise ValueError(f"unknown sort {sort!r}; expected one of {sorted(STORY_SORTS)}")
    inner = f"SELECT {_ROW_COLUMNS} FROM stories WHERE size >= ? ORDER BY {STORY_SORTS[sort]}"
    params: list[object] = [min_size]
    if limit is not None:
        inner += " LIMIT ?"
        params.append(limit)
    # One JSON document instead of a row tuple and two json.loads per story: a third of the
    # time for 30,000 stories (SQLite aggregates an ordered subquery in its order).
    packed = conn.execute(
        "SELECT json_group_array(json_array(id, title, json(articles), json(sites), first, last, "
        f"first_report)) FROM ({inner})", params,
    ).fetchone()[0]
    return [StoryRow(*r) for r in json.loads(packed)]


def story_of(conn: sqlite3.Connection, article_id: int) -> int | None:
    return _story_id(conn, article_id)


def story(conn: sqlite3.Connection, story_id: int) -> Story | None:
    r = conn.execute(f"SELECT {_ROW_COLUMNS} FROM stories WHERE id = ?", (story_id,)).fetchone()
    if r is None:
        return None
    row = _row(r)
    members = {
        m[0]: StoryMember(id=m[0], title=m[1], site=m[2], published=m[3], copy_of=m[4],
                          first_report=m[0] == row.first_report)
        for m in conn.execute(
            "SELECT a.id, a.title, a.site, a.published, m.copy_of FROM story_members m "
            "JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?", (story_id,))
    }
    return Story(row, [members[i] for i in row.articles if i in members])
