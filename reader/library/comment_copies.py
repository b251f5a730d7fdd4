"""Comment copies across articles: the fingerprint bookkeeping behind the
"copied into N other articles" spam flag.

Each article's comment fingerprints (``reader.parsing.spam``) are kept in
``comment_fingerprints``; storing, replacing or deleting an article recounts
how many articles hold each text and re-flags the copies, inside the store's
own transaction. Flags change ``data`` only, never ``seq``: the search index
does not hold spam flags.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TypeVar

from reader.library.codec import mark_copies, stored_fingerprints
from reader.parsing.spam import REPEAT_MIN_ARTICLES, repeated_reason

T = TypeVar("T")

#: Articles whose fingerprints are taken per statement when an old library is upgraded.
BACKFILL_BATCH = 500

#: Rows fetched per statement (SQLite's default limit on host parameters is 32766).
CHUNK = 900


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def holder_counts(conn: sqlite3.Connection, fps: Iterable[str]) -> dict[str, int]:
    """fingerprint -> how many articles hold it (absent when none), in one indexed look-up."""
    return dict(conn.execute(
        "SELECT fingerprint, count(*) FROM comment_fingerprints "
        "WHERE fingerprint IN (SELECT value FROM json_each(?)) GROUP BY fingerprint",
        (json.dumps(sorted(fps)),),
    ))


def backfill_fingerprints(conn: sqlite3.Connection) -> None:
    """Fingerprint the comments of a library made before they were kept, and flag copies."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, data FROM articles WHERE id > ? AND comment_count > 0 "
            "ORDER BY id LIMIT ?", (last, BACKFILL_BATCH),
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        conn.executemany(
            "INSERT OR IGNORE INTO comment_fingerprints(article_id, fingerprint) VALUES (?, ?)",
            [(aid, fp) for aid, data in rows for fp in stored_fingerprints(data)],
        )
    copied = dict(conn.execute(
        "SELECT fingerprint, count(*) FROM comment_fingerprints GROUP BY fingerprint "
        "HAVING count(*) > 1"
    ))
    # Before the backfill each text was, as far as the flags knew, in no other article.
    recount_copies(conn, dict.fromkeys(copied, 1), copied)


def recount_copies(
    conn: sqlite3.Connection, before: dict[str, int], fps: Iterable[str],
    skip: int | None = None,
) -> None:
    """Re-flag the articles holding ``fps`` whose copy count changed as their reason shows it.

    ``before`` is how many articles held each fingerprint before this
    change. Only texts whose reason reads differently now are rewritten
    (past ``REPEAT_COUNT_SHOWN`` copies it stops changing), so a text pasted
    under thousands of articles does not rewrite all of them on each import.
    """
    fps = set(fps)
    after = holder_counts(conn, fps)

    def reason(others: int) -> str | None:
        return repeated_reason(others) if others >= REPEAT_MIN_ARTICLES else None

    others = {
        fp: after[fp] - 1 for fp in fps
        if after.get(fp) and reason(before.get(fp, 0) - 1) != reason(after[fp] - 1)
    }
    if not others:
        return
    holders = [
        r[0] for r in conn.execute(
            "SELECT DISTINCT article_id FROM comment_fingerprints "
            "WHERE fingerprint IN (SELECT value FROM json_each(?)) ORDER BY article_id",
            (json.dumps(sorted(others)),),
        ) if r[0] != skip
    ]
    for chunk in chunks(holders, CHUNK):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT id, data FROM articles WHERE id IN ({marks})",
                            chunk).fetchall()
        conn.executemany(
            "UPDATE articles SET data = ? WHERE id = ?",
            [(new, aid) for aid, data in rows if (new := mark_copies(data, others)) is not None],
        )
