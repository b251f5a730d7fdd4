"""What ``check --quick`` keeps so that it need not read every article twice.

The question the quick check answers is the one the full check answers: does the index
hold exactly the stored (id, content hash) pairs? It compares two digests, each the sum
(mod 2**128) of a 128-bit hash of (id, hash) over a side's articles, each kept up to date
in time proportional to what changed:

- the store's, in ``meta`` ('check_digest'), with ``check_changes``: every article
  inserted, updated or deleted since the digest was taken, and the hash it had then.
  SQL triggers fill it, so every writer is logged (this app, an older version of it, an
  sqlite3 shell). The digest now = the one kept - what those articles were + what they are.
- the index's, per segment (Whoosh never rewrites a segment's files; it only marks
  documents deleted), in ``index/check-digests.json``: the sum over the segment's live
  documents, its deleted documents and the size and mtime of each of its files. A segment
  not seen before, or one whose files changed since, is read in full (all its stored
  fields); documents deleted since are read and taken off.

Equal digests and counts: the index holds exactly the stored articles (a difference
passes with probability about 2**-128). Otherwise ``sync.check_index`` compares every
article to say what differs. A library that has no digest yet (made by an older version,
or after a rebuild of the index) is read in full once, and the digests are kept then.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.library.jsonfile import write_json_atomic

if TYPE_CHECKING:
    import sqlite3

    from reader.library.database import Database
    from reader.library.index import SearchIndex

log = logging.getLogger(__name__)

DIGESTS_FILENAME = "check-digests.json"
MODULUS = 1 << 128

CHANGES_TABLE = """
CREATE TABLE IF NOT EXISTS check_changes (
    article_id INTEGER PRIMARY KEY,
    old_hash   TEXT
)"""
#: Log the first change of each article since the digest was taken, with the hash it had
#: then (NULL: it did not exist). Plain SQL, so any program writing the file logs too.
TRIGGERS = {
    "check_changes_insert": (
        "CREATE TRIGGER IF NOT EXISTS check_changes_insert AFTER INSERT ON articles BEGIN "
        "INSERT OR IGNORE INTO check_changes(article_id, old_hash) VALUES (new.id, NULL); END"),
    "check_changes_delete": (
        "CREATE TRIGGER IF NOT EXISTS check_changes_delete AFTER DELETE ON articles BEGIN "
        "INSERT OR IGNORE INTO check_changes(article_id, old_hash) "
        "VALUES (old.id, old.content_hash); END"),
    "check_changes_update": (
        "CREATE TRIGGER IF NOT EXISTS check_changes_update AFTER UPDATE OF id, content_hash "
        "ON articles BEGIN "
        "INSERT OR IGNORE INTO check_changes(article_id, old_hash) VALUES (old.id, old.content_hash); "
        "INSERT OR IGNORE INTO check_changes(article_id, old_hash) VALUES (new.id, NULL); END"),
}
#: The tables ``check --quick`` runs SQLite's page check on: what the reader made by hand
#: (irreplaceable, small) and the bookkeeping the check itself relies on. The imported
#: articles and the tables derived from them are read page by page only by the full check.
QUICK_TABLES = ("meta", "tombstones", "check_changes", "annotations", "article_marks",
                "article_labels", "collections", "collection_articles")


def article_hash(article_id: int, version: str) -> int:
    """One article's share of a digest."""
    raw = hashlib.blake2b(f"{int(article_id)}\x1f{version}".encode(), digest_size=16).digest()
    return int.from_bytes(raw, "big")


@dataclass
class Digest:
    """A side's digest and how many articles it covers; ``versions`` (id -> hash) when every
    article was read to make it."""

    digest: int
    count: int
    versions: dict[int, str] | None = None


# -- the store -----------------------------------------------------------------
@contextmanager
def _snapshot(store: Database, keep: bool) -> Iterator[sqlite3.Connection]:
    """One transaction: a write one when the digest is to be kept, else a read one."""
    if keep:
        with store.transaction() as conn:
            yield conn
        return
    with store._translated():
        conn = store.conn
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")


def store_digest(store: Database, *, keep: bool, full: bool = False) -> Digest:
    """The stored articles' digest: the kept one plus the changes logged since (each changed
    article is read whole, so damage in what was written since shows up), or, with ``full``
    or when none is kept, from every article. ``keep``: remember it and empty the log."""
    with _snapshot(store, keep) as conn:
        logged = triggers_present(conn)
        row = conn.execute("SELECT value FROM meta WHERE key = 'check_digest'").fetchone()
        count = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        if row is None or not logged or full:
            versions = dict(conn.execute("SELECT id, content_hash FROM articles"))
            digest = sum(article_hash(i, v) for i, v in versions.items()) % MODULUS
            result = Digest(digest, count, versions)
        else:
            digest = int(row[0], 16)
            # a.* : the whole row (body and data included), read from its pages.
            cur = conn.execute("SELECT c.article_id, c.old_hash, a.* FROM check_changes c "
                               "LEFT JOIN articles a ON a.id = c.article_id")
            names = [d[0] for d in cur.description]
            at = names.index("content_hash", 2)
            for change in cur:
                if change[1] is not None:
                    digest -= article_hash(change[0], change[1])
                if change[at] is not None:
                    digest += article_hash(change[0], change[at])
            result = Digest(digest % MODULUS, count)
        if keep and logged:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('check_digest', ?)",
                         (f"{result.digest:032x}",))
            conn.execute("DELETE FROM check_changes")
    return result


def triggers_present(conn: sqlite3.Connection) -> bool:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return set(TRIGGERS) <= names


# -- the index -------------------------------------------------------------------
def index_digest(index: SearchIndex, *, keep: bool, full: bool = False) -> Digest:
    """The index's digest from the kept per-segment ones (reading only new or changed
    segments and documents deleted since) or, with ``full``, from every document (then
    ``versions`` holds id -> hash). ``keep``: remember the segments' digests."""
    dirpath = Path(index.dirpath)
    kept = _load(dirpath)
    stamps = _file_stamps(dirpath)
    fresh: dict[str, dict[str, Any]] = {}
    versions: dict[int, str] | None = {} if full else None
    total = count = 0
    with index.segment_readers() as segments:
        for segment, reader in segments:
            name = segment.segment_id()
            files = {f: s for f, s in stamps.items() if f.startswith(name + ".")}
            deleted = sorted(segment.deleted_docs())
            entry = kept.get(name)
            if full or not _still_valid(entry, files, deleted):
                digest, n = _read_segment(reader.all_stored_fields(), versions)
            else:
                assert entry is not None
                digest, n = int(entry["digest"], 16), int(entry["count"])
                gone = set(deleted).difference(entry["deleted"])
                minus, m = _read_segment((reader.stored_fields(d) for d in sorted(gone)), None)
                digest, n = (digest - minus) % MODULUS, n - m
            fresh[name] = {"digest": f"{digest:032x}", "count": n, "deleted": deleted, "files": files}
            total, count = (total + digest) % MODULUS, count + n
    if keep and fresh != kept:
        _save(dirpath, fresh)
    return Digest(total, count, versions)


def _still_valid(entry: dict[str, Any] | None, files: dict[str, list[int]], deleted: list[int]) -> bool:
    """The kept digest of a segment still holds: same files, deletions only added since."""
    if entry is None or entry.get("files") != files or not isinstance(entry.get("deleted"), list):
        return False
    return isinstance(entry.get("digest"), str) and set(entry["deleted"]) <= set(deleted)


def _read_segment(stored: Iterable[dict[str, Any]], versions: dict[int, str] | None) -> tuple[int, int]:
    digest = n = 0
    for fields in stored:
        if "id" not in fields:
            continue
        article_id, version = int(fields["id"]), fields.get("version", "")
        digest += article_hash(article_id, version)
        n += 1
        if versions is not None:
            versions[article_id] = version
    return digest % MODULUS, n


def _file_stamps(dirpath: Path) -> dict[str, list[int]]:
    stamps = {}
    with os.scandir(dirpath) as entries:
        for entry in entries:
            if entry.is_file():
                st = entry.stat()
                stamps[entry.name] = [st.st_size, st.st_mtime_ns]
    return stamps


def _load(dirpath: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((dirpath / DIGESTS_FILENAME).read_text(encoding="utf-8"))
        return {k: v for k, v in data["segments"].items() if isinstance(v, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _save(dirpath: Path, segments: dict[str, dict[str, Any]]) -> None:
    """Atomically: a crash leaves the old digests or the new ones. Not kept (a full disk, a
    read-only folder): the next check reads those segments again."""
    try:
        write_json_atomic(dirpath / DIGESTS_FILENAME, {"segments": segments}, prefix=".digests-")
    except OSError as exc:
        log.warning("could not keep the index digests: %s", exc)
