"""One portable file holding a whole library, and bringing it back without duplicates.

A backup is a zip file (``FORMAT``, ``VERSION`` in its manifest) of JSON and
JSON Lines members, readable with any zip tool and any JSON reader:

- ``manifest.json``: format name and version, when and by which app version it
  was written, and how many of each kind of record it holds;
- ``articles.jsonl``: every article with its provenance (source path, content
  hash, format, import times, ``record`` inside a container) and its content
  (the stored article: metadata, quotes, comments flat in thread order, body);
  ``ref`` is the article's id in the library it came from;
- ``annotations.jsonl``: every highlight with its note, selectors, state, times and
  ``uuid`` (the identity that makes a second restore add nothing);
- ``marks.jsonl``: star, read time and labels per article ``ref``;
- ``collections.json``: each collection with its article ``ref``s.

Restoring merges: an article already in the library (same content hash and
source, or the same source path) is not added again and receives the
backup's marks; an unknown one is stored (one transaction per file, as an
import) and indexed. Annotations already present (same uuid) are skipped,
labels and collection memberships are unions, a star or a read state from
either side is kept. Highlights brought onto an article whose text differs are
re-anchored. The file is written to ``FILE.part`` and renamed when complete.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.errors import ReaderError
from reader.library.annotations import reanchor_article
from reader.library.codec import (
    PreparedFile,
    article_from_row,
    now_iso,
    prepare_article,
)
from reader.library.records import ImportProgress

if TYPE_CHECKING:
    from reader.library.library import Library
    from reader.library.store import Store

FORMAT = "article-reader-backup"
VERSION = 1
BATCH = 200


class BackupError(ReaderError):
    """A backup that cannot be written or read (the reason says why)."""


@dataclass
class BackupReport:
    articles: int = 0
    annotations: int = 0
    marked: int = 0
    collections: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"articles": self.articles, "annotations": self.annotations,
                "marked": self.marked, "collections": self.collections}


@dataclass
class RestoreReport:
    articles_added: int = 0
    articles_present: int = 0
    annotations_added: int = 0
    annotations_present: int = 0
    labels_added: int = 0
    collections_added: int = 0
    failed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"articles_added": self.articles_added, "articles_present": self.articles_present,
                "annotations_added": self.annotations_added,
                "annotations_present": self.annotations_present,
                "labels_added": self.labels_added, "collections_added": self.collections_added,
                "failed": list(self.failed)}


# -- writing -------------------------------------------------------------------------
_ANNOTATION_FIELDS = ("uuid", "article_id", "target", "quote", "prefix", "suffix", "start", "end",
                      "note", "color", "state", "created", "modified")


def _lines(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    for row in rows:
        yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def _articles(store: Store) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        rows = store._all(
            "SELECT id, source, content_hash, format, imported_at, updated_at, data, body "
            "FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH))
        if not rows:
            return
        for aid, source, chash, fmt, imported, updated, data, body in rows:
            yield {"ref": aid, "source": source, "content_hash": chash, "format": fmt,
                   "imported_at": imported, "updated_at": updated,
                   "article": json.loads(data), "body": body}
        last = rows[-1][0]


def write_backup(library: Library, path: Path | str) -> BackupReport:
    """Write the whole library to ``path`` (a consistent snapshot: one read transaction)."""
    store = library._store
    out = Path(path)
    part = out.with_name(f".{out.name}.part")
    report = BackupReport()
    conn = store.conn
    try:
        conn.execute("BEGIN")  # one snapshot for every member (WAL: writers go on meanwhile)
        try:
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
                with z.open("articles.jsonl", "w", force_zip64=True) as fh:
                    for line in _lines(_articles(store)):
                        fh.write(line)
                        report.articles += 1
                annotations = [dict(zip(_ANNOTATION_FIELDS, r)) for r in store._all(
                    'SELECT uuid, article_id, target, quote, prefix, suffix, start, "end", note, '
                    "color, state, created, modified FROM annotations ORDER BY id")]
                for a in annotations:
                    a["ref"] = a.pop("article_id")
                report.annotations = len(annotations)
                z.writestr("annotations.jsonl", b"".join(_lines(iter(annotations))))
                marks: dict[int, dict[str, Any]] = {}
                for aid, starred, read_at in store._all(
                        "SELECT article_id, starred, read_at FROM article_marks"):
                    marks[aid] = {"ref": aid, "starred": bool(starred), "read_at": read_at,
                                  "labels": []}
                for aid, label in store._all(
                        "SELECT article_id, label FROM article_labels ORDER BY article_id, label"):
                    marks.setdefault(aid, {"ref": aid, "starred": False, "read_at": None,
                                           "labels": []})["labels"].append(label)
                report.marked = len(marks)
                z.writestr("marks.jsonl", b"".join(_lines(iter(marks.values()))))
                collections = [{"name": name, "created": created, "articles": json.loads(ids)}
                               for name, created, ids in store._all(
                    "SELECT c.name, c.created, (SELECT json_group_array(article_id) FROM "
                    "(SELECT article_id FROM collection_articles WHERE collection_id = c.id "
                    "ORDER BY added, article_id)) FROM collections c ORDER BY c.id")]
                report.collections = len(collections)
                z.writestr("collections.json", json.dumps(collections, ensure_ascii=False, indent=1))
                z.writestr("manifest.json", json.dumps({
                    "format": FORMAT, "version": VERSION, "created": now_iso(),
                    "app_version": __version__, **report.to_dict()}, indent=1))
        finally:
            conn.execute("COMMIT")
        part.replace(out)
    except OSError as exc:
        raise BackupError(f"the backup cannot be written ({exc.strerror or exc})", path=out) from exc
    finally:
        if part.exists():
            part.unlink(missing_ok=True)
    return report


# -- reading ---------------------------------------------------------------------------
def _open(path: Path) -> zipfile.ZipFile:
    try:
        z = zipfile.ZipFile(path)
        manifest = json.loads(z.read("manifest.json"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BackupError("this is not an Article Reader backup (or it is damaged)",
                          path=path) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("this is not an Article Reader backup", path=path)
    if int(manifest.get("version", 0)) > VERSION:
        raise BackupError(f"this backup was made by a newer Article Reader (format "
                          f"{manifest.get('version')}); update the app to restore it", path=path)
    return z


def _jsonl(z: zipfile.ZipFile, name: str) -> Iterator[dict[str, Any]]:
    if name not in z.namelist():
        return
    with z.open(name) as fh:
        for raw in fh:
            if raw.strip():
                yield json.loads(raw)


def _base(source: str) -> tuple[str, int | None]:
    head, sep, tail = source.rpartition("#")
    return (head, int(tail)) if sep and tail.isdigit() else (source, None)


def _existing(store: Store, row: dict[str, Any]) -> int | None:
    """The library's article for a backup article: same hash and source, same hash and
    slot, or the same source path (another version of the same file)."""
    source, chash = row["source"], row["content_hash"]
    found = store._all("SELECT id, source FROM articles WHERE content_hash = ? ORDER BY id",
                       (chash,))
    for aid, src in found:
        if src == source:
            return int(aid)
    slot = _base(source)[1]
    for aid, src in found:
        if _base(src)[1] == slot:
            return int(aid)
    same_path = store._all("SELECT id FROM articles WHERE source = ?", (source,))
    return int(same_path[0][0]) if same_path else None


def _store_group(store: Store, rows: list[dict[str, Any]], refs: dict[int, int],
                 report: RestoreReport) -> None:
    """Store the articles of one backed-up file (one transaction)."""
    rows.sort(key=lambda r: _base(r["source"])[1] or 0)
    articles = []
    for r in rows:
        meta = dict(r["article"])
        articles.append(prepare_article(article_from_row(json.dumps(meta), r.get("body") or "")))
    path = _base(rows[0]["source"])[0] if len(rows) > 1 else rows[0]["source"]
    if len(rows) > 1 and store.source_slots(path):
        # Another version of this multi-article file is in the library: storing this one
        # at the same path would replace it. Keep the library's.
        report.failed.append(f"{path}: another version of this file is already in the library")
        return
    prepared = PreparedFile(path, rows[0].get("format") or "text", rows[0]["content_hash"], articles)
    outcome = store.store_file(prepared)
    ids = outcome.imported + outcome.updated + outcome.unchanged
    for r, aid in zip(rows, ids):
        refs[int(r["ref"])] = aid
    if outcome.imported:
        with store.transaction() as conn:
            conn.executemany("UPDATE articles SET imported_at = ? WHERE id = ?",
                             [(r.get("imported_at") or now_iso(), aid)
                              for r, aid in zip(rows, outcome.imported)])
    report.articles_added += len(outcome.imported)
    report.articles_present += len(outcome.unchanged) + len(outcome.updated)


def restore_backup(library: Library, path: Path | str,
                   progress: Callable[[ImportProgress], None] | None = None) -> RestoreReport:
    """Merge the backup at ``path`` into ``library`` (see the module docstring).

    Streams the articles in two passes (identities first, then the articles of each
    backed-up file once all of them have been read), so memory holds one file's articles
    at a time. ``progress`` gets (articles done, articles in the backup, current source).
    An interrupted restore keeps every file it finished; running it again completes it.
    """
    path = Path(path)
    z = _open(path)
    store = library._store
    report = RestoreReport()
    refs: dict[int, int] = {}
    with z, library._lock:
        try:
            # Pass 1: which articles are already here, and how many rows each new file has.
            expected: Counter[tuple[str, str]] = Counter()
            total = 0
            for row in _jsonl(z, "articles.jsonl"):
                total += 1
                aid = _existing(store, row)
                if aid is not None:
                    refs[int(row["ref"])] = aid
                    report.articles_present += 1
                else:
                    expected[(_base(row["source"])[0], row["content_hash"])] += 1
            # Pass 2: store each new file once all its articles are in hand.
            pending: dict[tuple[str, str], list[dict[str, Any]]] = {}
            done = 0
            for row in _jsonl(z, "articles.jsonl"):
                done += 1
                if int(row["ref"]) in refs:
                    continue
                key = (_base(row["source"])[0], row["content_hash"])
                rows = pending.setdefault(key, [])
                rows.append(row)
                if len(rows) < expected[key]:
                    continue
                del pending[key]
                try:
                    _store_group(store, rows, refs, report)
                except ReaderError:
                    raise
                except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
                    report.failed.append(f"{rows[0].get('source')}: {type(exc).__name__}: {exc}")
                if progress is not None:  # after the file's transaction: what is reported is kept
                    progress(ImportProgress(done, total, str(row.get("source", ""))))
            _restore_marks(store, z, refs, report)
            if progress is not None:
                progress(ImportProgress(total, total, ""))
        except (KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise BackupError(f"the backup is damaged ({type(exc).__name__}: {exc}); what was "
                              "restored before the damage is kept", path=path) from exc
        finally:
            library._catch_up_locked()
    return report


def _restore_marks(store: Store, z: zipfile.ZipFile, refs: dict[int, int],
                   report: RestoreReport) -> None:
    """Annotations, marks, labels and collections in one transaction."""
    now = now_iso()
    touched: set[int] = set()
    with store.transaction() as conn:
        for a in _jsonl(z, "annotations.jsonl"):
            aid = refs.get(int(a["ref"]))
            if aid is None:
                continue
            if conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", (a["uuid"],)).fetchone():
                report.annotations_present += 1
                continue
            conn.execute(
                "INSERT INTO annotations(uuid, article_id, target, quote, prefix, suffix, start, "
                '"end", note, color, state, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
                (a["uuid"], aid, a.get("target") or "body", a["quote"], a.get("prefix") or "",
                 a.get("suffix") or "", int(a["start"]), int(a["end"]), a.get("note") or "",
                 a.get("color") or "yellow", a.get("state") or "anchored",
                 a.get("created") or now, a.get("modified") or now))
            report.annotations_added += 1
            touched.add(aid)
        for m in _jsonl(z, "marks.jsonl"):
            aid = refs.get(int(m["ref"]))
            if aid is None:
                continue
            conn.execute("INSERT OR IGNORE INTO article_marks(article_id, modified) VALUES (?, ?)",
                         (aid, now))
            conn.execute(
                "UPDATE article_marks SET starred = max(starred, ?), "
                "read_at = coalesce(read_at, ?) WHERE article_id = ?",
                (1 if m.get("starred") else 0, m.get("read_at"), aid))
            for label in m.get("labels") or []:
                known = conn.execute("SELECT 1 FROM article_labels WHERE article_id = ? AND "
                                     "label = ? COLLATE NOCASE", (aid, label)).fetchone()
                if not known:
                    conn.execute("INSERT INTO article_labels(article_id, label) VALUES (?, ?)",
                                 (aid, label))
                    report.labels_added += 1
        collections = json.loads(z.read("collections.json")) if (
            "collections.json" in z.namelist()) else []
        for c in collections:
            row = conn.execute("SELECT id FROM collections WHERE name = ? COLLATE NOCASE",
                               (c["name"],)).fetchone()
            if row is None:
                cid = conn.execute("INSERT INTO collections(name, created) VALUES (?, ?)",
                                   (c["name"], c.get("created") or now)).lastrowid
                report.collections_added += 1
            else:
                cid = row[0]
            conn.executemany(
                "INSERT OR IGNORE INTO collection_articles(collection_id, article_id, added) "
                "VALUES (?, ?, ?)",
                [(cid, refs[int(r)], now) for r in c.get("articles") or [] if int(r) in refs])
        for aid in touched:
            reanchor_article(conn, aid)
