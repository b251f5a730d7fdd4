"""The Store's reads: article ids in a sort order, list rows, articles, facets, journal.

A mixin over ``reader.library.database.Database`` (``reader.library.store.Store``
is the class the rest of the app uses); every read goes through ``_all``, which
turns SQLite errors into the typed errors a person can act on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from reader.errors import ArticleNotFound
from reader.library.codec import article_from_row
from reader.library.comment_copies import CHUNK, chunks
from reader.library.database import Database
from reader.library.records import ArticleIds, ArticleRow, FirstIds, QuoteRow, SpeakerRow
from reader.model import Article

SORTS = {
    "date": ("a.published_sort", "a.id"),
    "title": ("a.title COLLATE NOCASE", "a.id"),
    "site": ("a.site COLLATE NOCASE", "a.published_sort", "a.id"),
}

#: Sorts whose keys are never NULL, so a row's place is one count of the keys before it
#: (a row-value comparison skips NULL sites: "site" lists are read whole).
PLACED_SORTS = ("date", "title")


def _placed_where(cols: tuple[str, ...], op: str, last: str = "") -> str:
    """The rows whose (key, id) is ``op`` (?1, ?2), or equal too in its id with ``last`` "=": an OR,
    as a row-value comparison does not search an index with a COLLATE (it scans it whole)."""
    key, aid = cols
    return f"({key} {op} ?1 OR ({key} = ?1 AND {aid} {op}{last} ?2))"


@dataclass(frozen=True)
class IndexRecord:
    """The stored fields of one article that the search index needs."""

    id: int
    version: str
    title: str
    body: str
    authors: list[str]
    site: str | None
    tags: list[str]
    published: str | None
    data: str
    quotes: list[tuple[str | None, str]]  # (speaker, text)


class ArticleReads(Database):
    """Reads of the article tables (``Store`` adds the schema and the writes)."""

    def count(self) -> int:
        return int(self._all("SELECT count(*) FROM articles")[0][0])

    def max_seq(self) -> int:
        return int(self._all("SELECT value FROM meta WHERE key='seq'")[0][0])

    def article_ids(
        self, *, sort: str = "date", descending: bool = True, site: str | None = None,
        tag: str | None = None,
    ) -> ArticleIds:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; expected one of {sorted(SORTS)}")
        direction = " DESC" if descending else ""
        order = ", ".join(col + direction for col in SORTS[sort])
        where, params = [], []
        if site is not None:
            where.append("a.site = ?")
            params.append(site)
        if tag is not None:
            where.append("a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)")
            params.append(tag)
        sql = "SELECT a.id FROM articles a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + order
        # One string of 16 hex digits an id (the 8 bytes of each, big-endian) instead of 100,000 row
        # tuples, and no Python int per id either: a list of a million ints (a JSON array read
        # with json.loads) held ~60 MB at its peak, this ~25 MB (24 bytes an id), and about as fast.
        # SQLite aggregates an ordered subquery in its order (tests check the order).
        rows = self._all(f"SELECT group_concat(printf('%016x', id), '') FROM ({sql})", params)
        raw = bytes.fromhex(rows.pop()[0] or "")  # (the text is let go at once)
        ids = ArticleIds()
        ids.frombytes(raw)
        del raw
        if sys.byteorder == "little":
            ids.byteswap()
        if len(ids) >= 100_000:  # the sort's index pages read (a full 16 MB page cache) are not kept
            self._all("PRAGMA shrink_memory")
        return ids

    def first_ids(
        self, *, sort: str = "date", descending: bool = True, near: int | None = None, rows: int = 200
    ) -> FirstIds:
        """The first ``rows`` ids of ``article_ids(sort=, descending=)`` (no filters) and ``rows``
        either side of ``near``, in their places: a count and three short reads along the sort's
        index (at a million articles ~40 ms at most, the whole order ~0.5 s), so that a window
        shows its first screen and the article it had open before the rest of the ids is read."""
        if sort not in PLACED_SORTS:
            ids = self.article_ids(sort=sort, descending=descending)
            return FirstIds(ids, {i: r for r, i in enumerate(ids)})
        cols = SORTS[sort]
        order = ", ".join(c + (" DESC" if descending else "") for c in cols)
        back = ", ".join(c + ("" if descending else " DESC") for c in cols)
        ids = ArticleIds()
        ids.frombytes(bytes(8 * self.count()))
        placed: dict[int, int] = {}

        def place(first: int, step: int, found: list[tuple[int]]) -> None:
            for k, (aid,) in enumerate(found):
                if 0 <= first + k * step < len(ids):
                    ids[first + k * step] = aid
                    placed[aid] = first + k * step

        place(0, 1, self._all(f"SELECT a.id FROM articles a ORDER BY {order} LIMIT ?", (rows,)))
        key = self._all(f"SELECT {', '.join(cols)} FROM articles a WHERE a.id = ?", (int(near),)) if near else []
        if key:
            before, after = _placed_where(cols, ">" if descending else "<"), _placed_where(cols, "<" if descending else ">", "=")
            at = int(self._all(f"SELECT count(*) FROM articles a WHERE {before}", key[0])[0][0])
            place(at - 1, -1, self._all(f"SELECT a.id FROM articles a WHERE {before} ORDER BY {back} LIMIT ?3", (*key[0], rows)))
            place(at, 1, self._all(f"SELECT a.id FROM articles a WHERE {after} ORDER BY {order} LIMIT ?3", (*key[0], rows + 1)))
        return FirstIds(ids, placed)

    def rows(self, ids: Sequence[int]) -> list[ArticleRow]:
        """Lightweight rows for ``ids``, in the order given (unknown ids are skipped)."""
        found: dict[int, ArticleRow] = {}
        for chunk in chunks(list(ids), CHUNK):
            marks = ",".join("?" * len(chunk))
            for r in self._all(
                "SELECT a.id, a.title, a.site, a.published, a.comment_count, a.comments_claimed, "
                "m.read_at IS NOT NULL, coalesce(m.starred, 0) FROM articles a "
                f"LEFT JOIN article_marks m ON m.article_id = a.id WHERE a.id IN ({marks})", chunk,
            ):
                found[r[0]] = ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], read=bool(r[6]), starred=bool(r[7]))
        return [found[i] for i in ids if i in found]

    def get(self, article_id: int) -> Article:
        rows = self._all("SELECT data, body FROM articles WHERE id = ?", (int(article_id),))
        if not rows:
            raise ArticleNotFound(f"no article with id {article_id} in this library")
        return article_from_row(*rows[0])

    def bodies(self, ids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for chunk in chunks(list(ids), CHUNK):
            marks = ",".join("?" * len(chunk))
            out.update(self._all(f"SELECT id, body FROM articles WHERE id IN ({marks})", chunk))
        return out

    def sites(self) -> list[tuple[str, int]]:
        return [
            (r[0], r[1])
            for r in self._all(
                "SELECT site, count(*) FROM articles WHERE site IS NOT NULL AND site != '' "
                "GROUP BY site ORDER BY site COLLATE NOCASE"
            )
        ]

    def tags(self) -> list[tuple[str, int]]:
        return [
            (r[0], r[1])
            for r in self._all(
                "SELECT tag, count(*) FROM article_tags GROUP BY tag ORDER BY tag COLLATE NOCASE"
            )
        ]

    def speakers(self) -> list[SpeakerRow]:
        return [
            SpeakerRow(*r)
            for r in self._all(
                "SELECT speaker, count(*), count(DISTINCT article_id) FROM quotes "
                "WHERE speaker IS NOT NULL AND speaker != '' GROUP BY speaker "
                "ORDER BY count(*) DESC, speaker COLLATE NOCASE"
            )
        ]

    def quotes_by(self, speaker: str) -> list[QuoteRow]:
        return [
            QuoteRow(
                article_id=r[0], title=r[1], site=r[2], published=r[3], text=r[4], role=r[5],
                start=r[6], end=r[7], index=r[8],
            )
            for r in self._all(
                'SELECT a.id, a.title, a.site, a.published, q.text, q.role, q.start, q."end", '
                "q.idx FROM quotes q JOIN articles a ON a.id = q.article_id "
                "WHERE q.speaker = ? ORDER BY a.published_sort DESC, a.id DESC, q.idx",
                (speaker,),
            )
        ]

    def versions(self) -> dict[int, str]:
        """id -> content hash of every stored article (what the index should hold)."""
        return dict(self._all("SELECT id, content_hash FROM articles"))

    def ids_by_hash(self, content_hash: str) -> list[int]:
        return [
            r[0]
            for r in self._all(
                "SELECT id FROM articles WHERE content_hash = ? ORDER BY id", (content_hash,)
            )
        ]

    def changed_since(self, seq: int) -> tuple[list[int], list[int]]:
        """Article ids written, and ids deleted, after journal position ``seq``."""
        changed = [r[0] for r in self._all(
            "SELECT id FROM articles WHERE seq > ? ORDER BY id", (seq,))]
        deleted = [r[0] for r in self._all(
            "SELECT article_id FROM tombstones WHERE seq > ? ORDER BY article_id", (seq,))]
        return changed, deleted

    def written_since(self, seq: int) -> list[tuple[int, int]]:
        """(article id, journal position) of each article written after ``seq``, in journal order."""
        return [(r[0], r[1]) for r in self._all(
            "SELECT id, seq FROM articles WHERE seq > ? ORDER BY seq, id", (seq,))]

    def backlog(self, seq: int) -> int:
        """How many journal entries are newer than ``seq`` (cheap: uses the seq indexes)."""
        return int(self._all(
            "SELECT (SELECT count(*) FROM articles WHERE seq > ?) + "
            "(SELECT count(*) FROM tombstones WHERE seq > ?)", (seq, seq),
        )[0][0])

    def all_ids(self) -> list[int]:
        return [r[0] for r in self._all("SELECT id FROM articles ORDER BY id")]

    def index_records(self, ids: Sequence[int]) -> list[IndexRecord]:
        """What the search index needs for ``ids`` (missing ids are skipped)."""
        out: list[IndexRecord] = []
        for chunk in chunks(list(ids), CHUNK):
            marks = ",".join("?" * len(chunk))
            quotes: dict[int, list[tuple[str | None, str]]] = {}
            for aid, speaker, text in self._all(
                f"SELECT article_id, speaker, text FROM quotes WHERE article_id IN ({marks}) "
                "ORDER BY article_id, idx", chunk,
            ):
                quotes.setdefault(aid, []).append((speaker, text))
            for r in self._all(
                "SELECT id, content_hash, title, body, authors, site, tags, published, data "
                f"FROM articles WHERE id IN ({marks}) ORDER BY id", chunk,
            ):
                out.append(
                    IndexRecord(
                        id=r[0], version=r[1], title=r[2], body=r[3], authors=json.loads(r[4]),
                        site=r[5], tags=json.loads(r[6]), published=r[7], data=r[8],
                        quotes=quotes.get(r[0], []),
                    )
                )
        return out

    def source_slots(self, path: str) -> dict[int, int]:
        """slot -> article id for the articles stored from file ``path``.

        A one-article file is stored under ``path`` (slot 0); a multi-article
        file (JSON Lines) under ``path#0``, ``path#1``...
        """
        slots: dict[int, int] = {}
        for aid, source in self._all(
            "SELECT id, source FROM articles WHERE source = ? OR "
            "(source >= ? AND source < ?)", (path, path + "#", path + "$"),
        ):
            if source == path:
                slots[0] = aid
            else:
                suffix = source[len(path) + 1:]
                if suffix.isdigit():
                    slots[int(suffix)] = aid
        return slots
