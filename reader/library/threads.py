"""Comment files meet their articles, in the store's write transactions.

A comment file of its own (``reader.parsing.threads``) is kept in
``comment_threads`` with the keys naming its article (``thread_keys``); every
stored article keeps the keys it can be named by (``article_keys``). When a
thread is stored and its article is in the library, or when an article is
stored and threads name it, the thread's comments are merged into the
article's (two scrapes of one thread give each comment once) and the article
is written again through ``Store._write_article``: its comment count, the
spam flags (copied comments included) and the journal, so the search index
picks up the new ``comments:`` text. A thread whose article has not arrived
waits (``article_id`` NULL); deleting an article sends its threads back to
waiting, so importing the article again shows them again.

All functions take the Store and the connection of its open transaction.
"""

from __future__ import annotations

import json
import sqlite3
from types import SimpleNamespace
from typing import Any

from reader.library.codec import (
    PreparedFile,
    article_from_row,
    prepare_article,
    unflatten_comments,
)
from reader.library.records import FileOutcome
from reader.parsing.spam import flag_spam

#: ``reader.library.store.Store`` (not imported: the store imports this module).
Store = Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS comment_threads (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    label        TEXT NOT NULL,
    comments     TEXT NOT NULL,
    article_id   INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    added_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comment_threads_hash ON comment_threads(content_hash);
CREATE INDEX IF NOT EXISTS comment_threads_article ON comment_threads(article_id);
CREATE TABLE IF NOT EXISTS thread_keys (
    key       TEXT NOT NULL,
    thread_id INTEGER NOT NULL REFERENCES comment_threads(id) ON DELETE CASCADE,
    PRIMARY KEY (key, thread_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_keys (
    key        TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_keys_article ON article_keys(article_id);
"""


def any_threads(conn: sqlite3.Connection) -> bool:
    """Does the library hold any comment file (else storing articles need not look for them)?"""
    return conn.execute("SELECT 1 FROM comment_threads LIMIT 1").fetchone() is not None


def after_article(store: Store, conn: sqlite3.Connection, aid: int, keys: list[str], seq: int,
                  now: str, *, look: bool = True) -> None:
    """An article was written: remember its keys and merge in the threads naming it
    (``look=False``: the caller knows there are none)."""
    conn.execute("DELETE FROM article_keys WHERE article_id = ?", (aid,))
    if not keys:
        return
    conn.executemany("INSERT OR IGNORE INTO article_keys(key, article_id) VALUES (?, ?)",
                     [(k, aid) for k in keys])
    if not look:
        return
    rows = conn.execute(
        "SELECT DISTINCT t.id, t.comments FROM thread_keys k JOIN comment_threads t ON t.id = k.thread_id "
        "WHERE k.key IN (SELECT value FROM json_each(?)) ORDER BY t.id", (json.dumps(keys),),
    ).fetchall()
    if rows:
        _merge_into(store, conn, aid, [r[1] for r in rows], seq, now)
        conn.executemany("UPDATE comment_threads SET article_id = ? WHERE id = ?", [(aid, r[0]) for r in rows])


def store_threads(store: Store, conn: sqlite3.Connection, prepared: PreparedFile, seq: int,
                  now: str) -> FileOutcome:
    """Store a comment file's threads; each goes onto its article at once when that is stored."""

    same = conn.execute("SELECT article_id FROM comment_threads WHERE content_hash = ?",
                        (prepared.content_hash,)).fetchall()
    if same:
        return FileOutcome("unchanged", [], [], sorted({r[0] for r in same if r[0] is not None}), [])
    multi = len(prepared.threads) > 1
    conn.execute("DELETE FROM comment_threads WHERE source = ? OR (source >= ? AND source < ?)",
                 (prepared.path, prepared.path + "#", prepared.path + "$"))
    updated: list[int] = []
    waiting: list[str] = []
    for n, thread in enumerate(prepared.threads):
        source = f"{prepared.path}#{n}" if multi else prepared.path
        comments = json.dumps(thread.comments_flat, ensure_ascii=False)
        tid = int(conn.execute(
            "INSERT INTO comment_threads(source, content_hash, label, comments, added_at) "
            "VALUES (?, ?, ?, ?, ?)", (source, prepared.content_hash, thread.label, comments, now),
        ).lastrowid or 0)
        conn.executemany("INSERT OR IGNORE INTO thread_keys(key, thread_id) VALUES (?, ?)",
                         [(k, tid) for k in thread.keys])
        found = conn.execute(
            "SELECT article_id FROM article_keys WHERE key IN (SELECT value FROM json_each(?)) "
            "ORDER BY article_id LIMIT 1", (json.dumps(thread.keys),),
        ).fetchone()
        if found is None:
            waiting.append(thread.label)
            continue
        aid = int(found[0])
        _merge_into(store, conn, aid, [comments], seq, now)
        conn.execute("UPDATE comment_threads SET article_id = ? WHERE id = ?", (aid, tid))
        if aid not in updated:
            updated.append(aid)
    return FileOutcome("updated" if updated else "imported", [], updated, [], [], waiting)


def _merge_into(store: Store, conn: sqlite3.Connection, aid: int, threads: list[str], seq: int,
                now: str) -> None:
    """Merge stored threads (flat JSON) into article ``aid`` and write it again if it gained any."""
    row = conn.execute("SELECT source, content_hash, format, data, body FROM articles WHERE id = ?",
                       (aid,)).fetchone()
    if row is None:
        return
    source, digest, fmt, data, body = row
    # Imported here: reader.parsing.threads pulls in the parsing pipeline, which only
    # a merge or a key backfill needs (not every command that opens the library).
    from reader.parsing.threads import merge_comments

    article = article_from_row(data, body)
    added = sum(merge_comments(article.comments, unflatten_comments(json.loads(t))) for t in threads)
    if not added:
        return
    flag_spam(article)
    prepared = prepare_article(article)
    store._write_article(conn, aid, source, SimpleNamespace(content_hash=digest, format=fmt),
                         prepared, seq, now)


def backfill_keys(conn: sqlite3.Connection) -> None:
    """Keys for the articles of a library made before comment files were attached."""
    from reader.parsing.threads import article_keys

    conn.executemany(
        "INSERT OR IGNORE INTO article_keys(key, article_id) VALUES (?, ?)",
        [(k, aid) for aid, source, url in conn.execute("SELECT id, source, url FROM articles").fetchall()
         for k in article_keys(source, url)],
    )


def waiting_threads(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(source, label, comments) of the comment files still waiting for their article, in the
    order they were imported; ``label`` names the article (its URL, else "article <id>")."""
    return [
        (str(source), str(label), int(n or 0))
        for source, label, n in conn.execute(
            "SELECT source, label, json_array_length(comments) FROM comment_threads "
            "WHERE article_id IS NULL ORDER BY id")
    ]
