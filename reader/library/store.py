"""Durable article storage: one SQLite file per library.

Why SQLite: atomic transactions (an import that fails half-way leaves the
library as it was), WAL mode (readers never block the writer and always see
a consistent snapshot, which is what two windows or CLI + window need), and
indexed sorting over 100,000 rows in milliseconds.

Change journal: every write transaction takes the next value of a monotonic
counter (``meta.seq``) and stamps it on the rows it touched; deletions leave
a tombstone with their seq. The search index remembers the last seq it has
committed, so after a crash anything newer is indexed on the next start
(see ``reader.library.sync``).

Comment copies: storing, replacing or deleting an article recounts in the
same transaction how many articles hold each of its comment texts and flags
the copies (the policy and its bookkeeping: ``reader.library.comment_copies``).

Threads: one connection per thread; writes are serialized by a lock here and
across processes by ``reader.library.locking.WriteLock`` (held by the callers).
SQLite errors are translated to the typed errors the user can act on:
``CorruptLibrary`` (never written to again), ``ReadOnlyLibrary`` (permissions,
full disk), ``LibraryLocked``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.errors import (
    ArticleNotFound,
    CorruptLibrary,
    LibraryError,
    LibraryLocked,
    ReadOnlyLibrary,
)
from reader.library import stories as story_tables
from reader.library import threads as comment_files
from reader.library.annotations import reanchor_article
from reader.library.codec import (
    PreparedArticle,
    PreparedFile,
    article_from_row,
    mark_copies,
    now_iso,
)
from reader.library.comment_copies import CHUNK, backfill_fingerprints, chunks, holder_counts, recount_copies
from reader.library.records import ArticleRow, FileOutcome, QuoteRow, SpeakerRow
from reader.model import Article
from reader.parsing.spam import REPEAT_MIN_ARTICLES

DB_FILENAME = "library.sqlite3"
#: ``PRAGMA application_id``: marks the file as an Article Reader library ("ARdr").
APPLICATION_ID = 0x41526472
#: 2: ``comment_fingerprints`` (filled from the stored comments when a version 1 library opens).
SCHEMA_VERSION = 2
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000

SORTS = {
    "date": ("a.published_sort", "a.id"),
    "title": ("a.title COLLATE NOCASE", "a.id"),
    "site": ("a.site COLLATE NOCASE", "a.published_sort", "a.id"),
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    source           TEXT NOT NULL UNIQUE,
    content_hash     TEXT NOT NULL,
    format           TEXT NOT NULL,
    title            TEXT NOT NULL DEFAULT '',
    published        TEXT,
    published_sort   TEXT NOT NULL DEFAULT '',
    site             TEXT,
    url              TEXT,
    authors          TEXT NOT NULL DEFAULT '[]',
    tags             TEXT NOT NULL DEFAULT '[]',
    body             TEXT NOT NULL DEFAULT '',
    data             TEXT NOT NULL,
    comment_count    INTEGER NOT NULL DEFAULT 0,
    comments_claimed INTEGER,
    imported_at      TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    seq              INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_hash  ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_date  ON articles(published_sort, id);
CREATE INDEX IF NOT EXISTS articles_title ON articles(title COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS articles_site  ON articles(site COLLATE NOCASE, published_sort, id);
CREATE INDEX IF NOT EXISTS articles_site_filter ON articles(site, published_sort, id);
CREATE INDEX IF NOT EXISTS articles_seq   ON articles(seq);
CREATE TABLE IF NOT EXISTS article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_tags_tag ON article_tags(tag, article_id);
CREATE TABLE IF NOT EXISTS quotes (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    speaker    TEXT,
    role       TEXT,
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker) WHERE speaker IS NOT NULL;
CREATE TABLE IF NOT EXISTS tombstones (
    article_id INTEGER PRIMARY KEY,
    seq        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tombstones_seq ON tombstones(seq);
CREATE TABLE IF NOT EXISTS comment_fingerprints (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (article_id, fingerprint)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS comment_fingerprints_fp ON comment_fingerprints(fingerprint, article_id);
CREATE TABLE IF NOT EXISTS annotations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid       TEXT NOT NULL UNIQUE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    target     TEXT NOT NULL DEFAULT 'body',
    quote      TEXT NOT NULL,
    prefix     TEXT NOT NULL DEFAULT '',
    suffix     TEXT NOT NULL DEFAULT '',
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    color      TEXT NOT NULL DEFAULT 'yellow',
    state      TEXT NOT NULL DEFAULT 'anchored',
    created    TEXT NOT NULL,
    modified   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS annotations_article ON annotations(article_id, start);
CREATE INDEX IF NOT EXISTS annotations_created ON annotations(created, id);
CREATE TABLE IF NOT EXISTS article_marks (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    starred    INTEGER NOT NULL DEFAULT 0,
    read_at    TEXT,
    modified   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_marks_starred ON article_marks(starred) WHERE starred = 1;
CREATE TABLE IF NOT EXISTS article_labels (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    PRIMARY KEY (article_id, label)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_labels_label ON article_labels(label COLLATE NOCASE, article_id);
CREATE TABLE IF NOT EXISTS collections (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS collection_articles (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    added         TEXT NOT NULL,
    PRIMARY KEY (collection_id, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS collection_articles_article ON collection_articles(article_id);
""" + story_tables.SCHEMA + comment_files.SCHEMA
#: Columns added to a table after it first shipped: (table, column, declaration). A
#: library that lacks one gets it when it opens; adding tables to ``SCHEMA`` or columns here
#: needs no new ``SCHEMA_VERSION`` (older versions of the app ignore what they don't know).
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = ()


def _schema_tables() -> set[str]:
    """The tables ``SCHEMA`` declares (a library missing one is brought up to date)."""
    return set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))


# Primary SQLite result codes we translate (the rest are bugs and propagate).
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB, _SQLITE_PERM = 13, 14, 26, 3


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


def corrupt_message(path: Path, detail: str) -> str:
    return (
        f"the library database is damaged ({detail}). It has been left exactly as it is. "
        f"To start afresh, move {path} aside (for example rename it to "
        f"{path.stem}-damaged{path.suffix}) and import your articles again; keep the "
        "damaged copy if you want to try recovering it (sqlite3 .recover)."
    )


def translate(exc: sqlite3.Error, path: Path) -> Exception:
    """The typed error a person can act on, for an SQLite error (or ``exc`` itself: a bug)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = str(exc)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in detail or (
        "not a database" in detail
    ):
        return CorruptLibrary(corrupt_message(path, detail), path=path)
    if primary == _SQLITE_FULL or "disk is full" in detail:
        return ReadOnlyLibrary(
            "the disk is full: free some space and try again (nothing was half-written)",
            path=path.parent,
        )
    if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return ReadOnlyLibrary(
            f"the library cannot be written ({detail}); check the folder's permissions",
            path=path.parent,
        )
    if primary == _SQLITE_IOERR:
        # A write past the end of a full disk or of the file size limit comes as an
        # I/O error rather than SQLITE_FULL; the transaction was rolled back.
        return ReadOnlyLibrary(
            f"the disk reported an error ({detail}); if it is full, free some space and try "
            "again (nothing was half-written)",
            path=path.parent,
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return LibraryLocked(
            "another Article Reader is writing to this library; try again when it has finished",
            path=path.parent,
        )
    return exc


class Store:
    """The article database of one library folder."""

    def __init__(self, root: Path, *, create: bool = True) -> None:
        self.root = Path(root)
        self.path = self.root / DB_FILENAME
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._closed = False
        self._check_header()
        new = not self.path.exists() or self.path.stat().st_size == 0
        if new and not create:
            raise LibraryError("there is no library in this folder", path=self.root)
        with self._translated():
            self._validate_and_migrate()

    # -- connections ---------------------------------------------------------
    def _check_header(self) -> None:
        """Refuse a file that is not SQLite before SQLite ever touches it."""
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return
        except PermissionError:
            raise ReadOnlyLibrary("the library database cannot be read (permission denied)",
                                  path=self.path) from None
        if head and head != SQLITE_HEADER:
            raise CorruptLibrary(
                corrupt_message(self.path, "the file does not start like an SQLite database"),
                path=self.path,
            )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -16000")
            conn.execute("PRAGMA temp_store = MEMORY")
        except BaseException:
            conn.close()
            raise
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections must not be shared mid-statement)."""
        if self._closed:
            raise LibraryError("the library has been closed", path=self.root)
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._translated():
                conn = self._connect()
            self._local.conn = conn
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    def close(self) -> None:
        self._closed = True
        with self._conns_lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error:
                pass

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            typed = translate(exc, self.path)
            if typed is exc:
                raise
            raise typed from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), rolled back on any error."""
        with self._write_lock, self._translated():
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise
            else:
                conn.execute("COMMIT")

    def _validate_and_migrate(self) -> None:
        conn = self.conn
        # Reading the schema is where SQLite notices a file that is not a database.
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if tables and app_id != APPLICATION_ID:
            raise LibraryError(
                f"{self.path.name} is an SQLite database of another program, not an Article "
                "Reader library; choose another folder",
                path=self.path,
            )
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise LibraryError(
                    f"this library was made by a newer Article Reader (schema {version}); "
                    "update the app to open it",
                    path=self.root,
                )
            if version == SCHEMA_VERSION and _schema_tables() <= tables and not (
                self._missing_columns()
            ):
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if mode.lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                return
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise ReadOnlyLibrary("the library database cannot switch to WAL mode",
                                  path=self.path)
        with self.transaction() as c:
            c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    c.execute(statement)
            c.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            c.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('seq', '0')")
            c.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('created_at', ?)",
                      (now_iso(),))
            for table, column, decl in self._missing_columns():
                c.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {decl}')
            if "articles" in tables and "comment_fingerprints" not in tables:
                backfill_fingerprints(c)
            if "articles" in tables and "article_keys" not in tables:
                comment_files.backfill_keys(c)

    def _missing_columns(self) -> list[tuple[str, str, str]]:
        """The ``ADDED_COLUMNS`` an existing table does not have yet."""
        missing = []
        for table, column, decl in ADDED_COLUMNS:
            have = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
            if have and column not in have:
                missing.append((table, column, decl))
        return missing

    # -- reads ---------------------------------------------------------------
    def _all(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._translated():
            return self.conn.execute(sql, params).fetchall()

    def count(self) -> int:
        return int(self._all("SELECT count(*) FROM articles")[0][0])

    def max_seq(self) -> int:
        return int(self._all("SELECT value FROM meta WHERE key='seq'")[0][0])

    def article_ids(
        self, *, sort: str = "date", descending: bool = True, site: str | None = None,
        tag: str | None = None,
    ) -> list[int]:
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
        # One JSON array instead of 100,000 row tuples: half the time at that size.
        # SQLite aggregates an ordered subquery in its order (tests check the order).
        packed = self._all(f"SELECT json_group_array(id) FROM ({sql})", params)[0][0]
        ids: list[int] = json.loads(packed)
        return ids

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

    def quick_check(self) -> list[str]:
        """SQLite's own consistency check; an empty list when the file is sound."""
        with self._translated():
            rows = self.conn.execute("PRAGMA quick_check").fetchall()
        return [r[0] for r in rows if r[0] != "ok"]

    # -- writes --------------------------------------------------------------
    def _next_seq(self, conn: sqlite3.Connection) -> int:
        seq = int(conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0]) + 1
        conn.execute("UPDATE meta SET value = ? WHERE key='seq'", (str(seq),))
        return seq

    def store_file(self, prepared: PreparedFile) -> FileOutcome:
        """Store one parsed file in one transaction: all its articles, or nothing.

        Identity: the same bytes already stored (under any path) -> "unchanged";
        new bytes at a known path -> "updated", keeping the article ids; else
        "imported".
        """
        with self.transaction() as conn:
            existing = [
                r[0] for r in conn.execute(
                    "SELECT id FROM articles WHERE content_hash = ? ORDER BY id",
                    (prepared.content_hash,),
                )
            ]
            if existing:
                return FileOutcome("unchanged", [], [], existing, [])
            if not prepared.articles and prepared.threads:  # a comment file of its own
                return comment_files.store_threads(self, conn, prepared, self._next_seq(conn), now_iso())
            slots = self.source_slots(prepared.path)
            seq = self._next_seq(conn)
            now = now_iso()
            multi = len(prepared.articles) > 1
            imported: list[int] = []
            updated: list[int] = []
            for n, art in enumerate(prepared.articles):
                source = f"{prepared.path}#{n}" if multi else prepared.path
                aid = slots.pop(n, None)
                new_id = self._write_article(conn, aid, source, prepared, art, seq, now)
                if aid is not None:  # the text changed in place: move its highlights with it
                    reanchor_article(conn, aid)
                comment_files.after_article(self, conn, new_id, art.keys, seq, now)
                (imported if aid is None else updated).append(new_id)
            removed = sorted(slots.values())
            self._delete_rows(conn, removed, seq)
            status = "updated" if updated or removed else "imported"
            return FileOutcome(status, imported, updated, [], removed)

    def _write_article(
        self, conn: sqlite3.Connection, aid: int | None, source: str, prepared: PreparedFile,
        art: PreparedArticle, seq: int, now: str,
    ) -> int:
        fps = {fp for fp in art.fingerprints if fp}
        old: set[str] = set()
        if aid is not None:
            old = {r[0] for r in conn.execute(
                "SELECT fingerprint FROM comment_fingerprints WHERE article_id = ?", (aid,))}
        touched = fps | old
        before = holder_counts(conn, touched) if touched else {}
        data = art.data
        if fps:
            # Other articles holding each text (this article's previous version is not "other").
            others = {fp: before.get(fp, 0) - (fp in old) for fp in fps}
            if any(n >= REPEAT_MIN_ARTICLES for n in others.values()):
                data = mark_copies(art.data, others, art.fingerprints) or art.data
        values = (
            source, prepared.content_hash, prepared.format, art.title, art.published,
            art.published_sort, art.site, art.url, json.dumps(art.authors, ensure_ascii=False),
            json.dumps(art.tags, ensure_ascii=False), art.body, data, art.comment_count,
            art.comments_claimed,
        )
        if aid is None:
            cur = conn.execute(
                "INSERT INTO articles(source, content_hash, format, title, published, "
                "published_sort, site, url, authors, tags, body, data, comment_count, "
                "comments_claimed, imported_at, updated_at, seq) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*values, now, now, seq),
            )
            aid = int(cur.lastrowid or 0)  # always set after an INSERT
        else:
            conn.execute(
                "UPDATE articles SET source=?, content_hash=?, format=?, title=?, published=?, "
                "published_sort=?, site=?, url=?, authors=?, tags=?, body=?, data=?, "
                "comment_count=?, comments_claimed=?, updated_at=?, seq=? WHERE id=?",
                (*values, now, seq, aid),
            )
            conn.execute("DELETE FROM article_tags WHERE article_id = ?", (aid,))
            conn.execute("DELETE FROM quotes WHERE article_id = ?", (aid,))
        if art.tags:
            conn.executemany(
                "INSERT OR IGNORE INTO article_tags(article_id, tag) VALUES (?, ?)",
                [(aid, t) for t in art.tags],
            )
        if art.quotes:
            conn.executemany(
                'INSERT INTO quotes(article_id, idx, speaker, role, text, start, "end") '
                "VALUES (?,?,?,?,?,?,?)",
                [(aid, *q) for q in art.quotes],
            )
        if old:
            conn.execute("DELETE FROM comment_fingerprints WHERE article_id = ?", (aid,))
        if fps:
            conn.executemany(
                "INSERT INTO comment_fingerprints(article_id, fingerprint) VALUES (?, ?)",
                [(aid, fp) for fp in sorted(fps)],
            )
        if old or any(before.values()):
            # (A new article whose texts no other article holds changes no one else's count.)
            recount_copies(conn, before, touched, skip=aid)
        if art.story:
            story_tables.assign(conn, aid, art.story)
        return aid

    def _delete_rows(self, conn: sqlite3.Connection, ids: Sequence[int], seq: int) -> int:
        if not ids:
            return 0
        # Texts the deleted articles share with articles that stay: those lose a copy.
        shared = dict(conn.execute(
            "SELECT fingerprint, count(*) FROM comment_fingerprints WHERE fingerprint IN "
            "(SELECT fingerprint FROM comment_fingerprints "
            " WHERE article_id IN (SELECT value FROM json_each(?1))) "
            "GROUP BY fingerprint "
            "HAVING count(*) > sum(article_id IN (SELECT value FROM json_each(?1)))",
            (json.dumps([int(i) for i in ids]),),
        ))
        story_tables.forget(conn, ids)
        gone = 0
        for chunk in chunks(list(ids), CHUNK):
            marks = ",".join("?" * len(chunk))
            conn.executemany(
                "INSERT OR REPLACE INTO tombstones(article_id, seq) "
                "SELECT id, ? FROM articles WHERE id = ?", [(seq, i) for i in chunk],
            )
            gone += conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk).rowcount
        if shared:  # the fingerprint rows went with the articles (ON DELETE CASCADE)
            recount_copies(conn, shared, shared)
        return gone

    def delete(self, ids: Iterable[int]) -> int:
        """Delete articles (with their tags and quotes); returns how many existed."""
        ids = sorted({int(i) for i in ids})
        if not ids:
            return 0
        with self.transaction() as conn:
            seq = self._next_seq(conn)
            return self._delete_rows(conn, ids, seq)

    def prune_tombstones(self, upto_seq: int) -> None:
        """Forget deletions the index has already applied."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM tombstones WHERE seq <= ?", (upto_seq,))
