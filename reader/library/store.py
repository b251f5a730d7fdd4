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

Where things are: this module holds the schema (``SCHEMA``, ``ADDED_COLUMNS``:
other modules add their tables here), the upgrade of an older library and the
writes; ``reader.library.article_reads`` the reads; ``reader.library.database``
the connections, transactions and typed errors (``CorruptLibrary``,
``ReadOnlyLibrary``, ``LibraryLocked``) that ``Store`` inherits.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from reader.errors import LibraryError, ReadOnlyLibrary
from reader.library import check_state
from reader.library import stories as story_tables
from reader.library import threads as comment_files
from reader.library.annotations import reanchor_article
from reader.library.article_reads import ArticleReads
from reader.library.codec import PreparedArticle, PreparedFile, mark_copies, now_iso
from reader.library.comment_copies import CHUNK, backfill_fingerprints, chunks, holder_counts, recount_copies
from reader.library.records import FileOutcome
from reader.parsing.spam import REPEAT_MIN_ARTICLES

#: ``PRAGMA application_id``: marks the file as an Article Reader library ("ARdr").
APPLICATION_ID = 0x41526472
#: 2: ``comment_fingerprints`` (filled from the stored comments when a version 1 library opens).
SCHEMA_VERSION = 2

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
""" + story_tables.SCHEMA + comment_files.SCHEMA + check_state.CHANGES_TABLE + ";"
#: Columns added to a table after it first shipped: (table, column, declaration). A
#: library that lacks one gets it when it opens; adding tables to ``SCHEMA`` or columns here
#: needs no new ``SCHEMA_VERSION`` (older versions of the app ignore what they don't know).
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = ()


def _schema_tables() -> set[str]:
    """The tables ``SCHEMA`` declares (a library missing one is brought up to date)."""
    return set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))


class Store(ArticleReads):
    """The article database of one library folder (reads: ``ArticleReads``; connections: ``Database``)."""

    def __init__(self, root: Path, *, create: bool = True) -> None:
        super().__init__(root, create=create)
        with self._translated():
            self._validate_and_migrate()

    # -- schema --------------------------------------------------------------
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
) and check_state.triggers_present(conn):
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
            # (a digest kept while the triggers were missing missed what was written meanwhile)
            c.execute("DELETE FROM meta WHERE key = 'check_digest'")
            for trigger in check_state.TRIGGERS.values():
                c.execute(trigger)
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
        fresh = aid is None  # a new row: no story rows of its own yet
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
            story_tables.assign(conn, aid, art.story, signature=art.story_signature,
                                fresh=fresh,
                                article=(art.title, art.site, art.published, art.published_sort))
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
