"""The reader's own marks on articles: star, read state, labels, collections.

Labels are the reader's, kept apart from the site's tags; an article may be
in several named collections. Like annotations, marks live in the library's
SQLite file only (one transaction per change), never in the search index, so
rebuilding the index never loses them. An article with no ``article_marks``
row is unread and not starred.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.errors import ReaderError
from reader.library.codec import now_iso

if TYPE_CHECKING:
    from reader.library.store import Store

MAX_NAME_CHARS = 200


class MarkError(ReaderError):
    """A label or collection name that cannot be used (the reason says why)."""


@dataclass(frozen=True)
class ArticleMarks:
    """One article's marks."""

    article_id: int
    starred: bool = False
    read: bool = False
    labels: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"starred": self.starred, "read": self.read, "labels": list(self.labels),
                "collections": list(self.collections)}


def clean_name(name: str, what: str = "label") -> str:
    """A label or collection name with its spaces tidied; raises ``MarkError`` when empty."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise MarkError(f"a {what} needs a name")
    if len(cleaned) > MAX_NAME_CHARS:
        raise MarkError(f"a {what} name is at most {MAX_NAME_CHARS} characters")
    return cleaned


def _ids(ids: Iterable[int]) -> list[int]:
    return sorted({int(i) for i in ids})


class Marks:
    """Stars, read state, labels and collections of one library (``library.marks``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- reading -----------------------------------------------------------------
    def get(self, article_id: int) -> ArticleMarks:
        return self.many([article_id]).get(int(article_id), ArticleMarks(int(article_id)))

    def many(self, ids: Sequence[int]) -> dict[int, ArticleMarks]:
        """Marks of ``ids`` (every id gets an entry; unknown ids look unmarked)."""
        wanted = json.dumps([int(i) for i in ids])
        flags: dict[int, tuple[bool, bool]] = {}
        labels: dict[int, list[str]] = {}
        colls: dict[int, list[str]] = {}
        q = self._store._all
        for aid, starred, read_at in q(
            "SELECT article_id, starred, read_at FROM article_marks "
            "WHERE article_id IN (SELECT value FROM json_each(?))", (wanted,)):
            flags[aid] = (bool(starred), read_at is not None)
        for aid, label in q(
            "SELECT article_id, label FROM article_labels "
            "WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY label COLLATE NOCASE",
            (wanted,)):
            labels.setdefault(aid, []).append(label)
        for aid, name in q(
            "SELECT ca.article_id, c.name FROM collection_articles ca "
            "JOIN collections c ON c.id = ca.collection_id "
            "WHERE ca.article_id IN (SELECT value FROM json_each(?)) ORDER BY c.name COLLATE NOCASE",
            (wanted,)):
            colls.setdefault(aid, []).append(name)
        out: dict[int, ArticleMarks] = {}
        for i in ids:
            i = int(i)
            starred, read = flags.get(i, (False, False))
            out[i] = ArticleMarks(i, starred, read, tuple(labels.get(i, ())),
                                  tuple(colls.get(i, ())))
        return out

    def labels(self) -> list[tuple[str, int]]:
        """(label, number of articles), by name."""
        return [(r[0], r[1]) for r in self._store._all(
            "SELECT label, count(*) FROM article_labels GROUP BY label "
            "ORDER BY label COLLATE NOCASE")]

    def collections(self) -> list[tuple[str, int]]:
        """(collection, number of articles), by name; empty collections too."""
        return [(r[0], r[1]) for r in self._store._all(
            "SELECT c.name, count(ca.article_id) FROM collections c "
            "LEFT JOIN collection_articles ca ON ca.collection_id = c.id "
            "GROUP BY c.id ORDER BY c.name COLLATE NOCASE")]

    def collection_ids(self, name: str) -> list[int]:
        """The articles of collection ``name`` in the order they were added."""
        return [r[0] for r in self._store._all(
            "SELECT ca.article_id FROM collection_articles ca JOIN collections c "
            "ON c.id = ca.collection_id WHERE c.name = ? COLLATE NOCASE "
            "ORDER BY ca.added, ca.article_id", (name,))]

    def filter_ids(self, *, label: str | None = None, starred: bool | None = None,
                   unread: bool | None = None, collection: str | None = None) -> set[int]:
        """Ids of the articles matching every filter given (the side panel and search)."""
        where: list[str] = []
        params: list[Any] = []
        if label is not None:
            where.append("id IN (SELECT article_id FROM article_labels "
                         "WHERE label = ? COLLATE NOCASE)")
            params.append(label)
        if starred is not None:
            where.append(("" if starred else "NOT ")
                         + "id IN (SELECT article_id FROM article_marks WHERE starred = 1)")
        if unread is not None:
            where.append(("NOT " if unread else "")
                         + "id IN (SELECT article_id FROM article_marks WHERE read_at IS NOT NULL)")
        if collection is not None:
            where.append("id IN (SELECT ca.article_id FROM collection_articles ca JOIN collections c "
                         "ON c.id = ca.collection_id WHERE c.name = ? COLLATE NOCASE)")
            params.append(collection)
        sql = "SELECT id FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return {r[0] for r in self._store._all(sql, params)}

    # -- writing -----------------------------------------------------------------
    def _set_flag(self, ids: Iterable[int], column: str, value: Any) -> int:
        wanted = _ids(ids)
        now = now_iso()
        with self._store.transaction() as conn:
            present = [r[0] for r in conn.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted),))]
            conn.executemany(
                "INSERT OR IGNORE INTO article_marks(article_id, modified) VALUES (?, ?)",
                [(i, now) for i in present])
            conn.executemany(
                f"UPDATE article_marks SET {column} = ?, modified = ? WHERE article_id = ?",
                [(value, now, i) for i in present])
        return len(present)

    def set_read(self, ids: Iterable[int], read: bool = True) -> int:
        """Mark articles read (or unread); returns how many exist."""
        return self._set_flag(ids, "read_at", now_iso() if read else None)

    def set_starred(self, ids: Iterable[int], starred: bool = True) -> int:
        return self._set_flag(ids, "starred", 1 if starred else 0)

    def add_labels(self, article_id: int, labels: Iterable[str]) -> ArticleMarks:
        names = [clean_name(n) for n in labels]
        with self._store.transaction() as conn:
            self._need(conn, article_id)
            for name in names:
                # One spelling per label: reuse the case already used in the library.
                known = conn.execute("SELECT label FROM article_labels WHERE label = ? "
                                     "COLLATE NOCASE LIMIT 1", (name,)).fetchone()
                conn.execute("INSERT OR IGNORE INTO article_labels(article_id, label) VALUES (?, ?)",
                             (int(article_id), known[0] if known else name))
        return self.get(article_id)

    def remove_labels(self, article_id: int, labels: Iterable[str]) -> ArticleMarks:
        names = [clean_name(n) for n in labels]
        with self._store.transaction() as conn:
            self._need(conn, article_id)
            conn.executemany("DELETE FROM article_labels WHERE article_id = ? "
                             "AND label = ? COLLATE NOCASE", [(int(article_id), n) for n in names])
        return self.get(article_id)

    def create_collection(self, name: str) -> str:
        """Create the collection (no error when it exists); returns its name as stored."""
        name = clean_name(name, "collection")
        with self._store.transaction() as conn:
            return self._collection(conn, name)[1]

    def delete_collection(self, name: str) -> bool:
        """Delete a collection (its articles stay in the library)."""
        with self._store.transaction() as conn:
            return conn.execute("DELETE FROM collections WHERE name = ? COLLATE NOCASE",
                                (name,)).rowcount > 0

    def add_to_collection(self, name: str, ids: Iterable[int]) -> int:
        """Add articles to collection ``name`` (created if needed); returns how many were added."""
        name = clean_name(name, "collection")
        wanted = _ids(ids)
        now = now_iso()
        with self._store.transaction() as conn:
            for i in wanted:
                self._need(conn, i)
            cid = self._collection(conn, name)[0]
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO collection_articles(collection_id, article_id, added) "
                "VALUES (?, ?, ?)", [(cid, i, now) for i in wanted])
            return conn.total_changes - before

    def remove_from_collection(self, name: str, ids: Iterable[int]) -> int:
        wanted = _ids(ids)
        with self._store.transaction() as conn:
            row = conn.execute("SELECT id FROM collections WHERE name = ? COLLATE NOCASE",
                               (name,)).fetchone()
            if row is None:
                raise MarkError(f"there is no collection named {name!r}")
            before = conn.total_changes
            conn.executemany("DELETE FROM collection_articles WHERE collection_id = ? "
                             "AND article_id = ?", [(row[0], i) for i in wanted])
            return conn.total_changes - before

    @staticmethod
    def _collection(conn: Any, name: str) -> tuple[int, str]:
        row = conn.execute("SELECT id, name FROM collections WHERE name = ? COLLATE NOCASE",
                           (name,)).fetchone()
        if row is not None:
            return int(row[0]), str(row[1])
        cur = conn.execute("INSERT INTO collections(name, created) VALUES (?, ?)", (name, now_iso()))
        return int(cur.lastrowid), name

    @staticmethod
    def _need(conn: Any, article_id: int) -> None:
        from reader.errors import ArticleNotFound

        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (int(article_id),)).fetchone() is None:
            raise ArticleNotFound(f"no article with id {article_id} in this library")
