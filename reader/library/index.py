"""The Whoosh full-text index of the library (Qt-free).

SQLite holds the articles; this index only answers "which articles match,
best first". Choices made for speed at 100,000 articles:

- Bodies are indexed but not stored: snippets are cut from the bodies the
  caller loads (``body_loader``) for the rows actually shown.
- Indexing goes through ``analysis.term_positions`` (one regex pass and a
  cached stem per word) instead of Whoosh's token-object chain.
- Comments are indexed without positions (no phrase search there).
- One searcher is kept open and reused until this object commits a change.
- Bulk builds write one segment with a large memory pool, so searches never
  fan out over many segments.
- Prefix queries expand to a bounded number of the most frequent terms (query.py).
"""

from __future__ import annotations

import gc
import logging
import shutil
import threading
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.writing import SegmentWriter

from reader.errors import ReaderError
from reader.library.cancel import SearchCancelled, check_cancel
from reader.library.index_schema import (
    DERIVED_FIELDS,
    INDEX_NAME,
    IndexDoc,
    build_schema,
    fast_fields,
    fields_of,
)
from reader.library.query import ParsedQuery, PrefixCache, QueryParserFacade
from reader.library.snippets import make_snippet, match_spans_in
from reader.library.whoosh_types import Searcher

if TYPE_CHECKING:  # numpy (under the executor) loads with the first search, not with the window
    from reader.library.bulkwrite import BulkSegmentWriter
    from reader.library.executor import QueryExecutor
    from reader.library.parallel_index import SegmentSink
log = logging.getLogger(__name__)


def _bulk_writer(ix: Any) -> BulkSegmentWriter:
    """A bulk segment writer for ``ix``. Imported here, not at the top: it loads numpy and
    Whoosh's codec, which only writing needs (not list, show or check --quick)."""
    from reader.library.bulkwrite import BulkSegmentWriter

    return BulkSegmentWriter(ix, fast_fields(ix.schema), derived=DERIVED_FIELDS)


BodyLoader = Callable[[list[int]], dict[int, str]]
# progress(done, total); total is None when the caller did not say.
IndexProgress = Callable[[int, int | None], None]

# Memory for Whoosh's posting pool when it merges or deletes.
ADD_LIMIT_MB = 128
# More segments than this after an add: merge the small ones.
MAX_SEGMENTS = 6
PROGRESS_EVERY = 250
# A build of more documents than this is shared among worker processes
# (reader.library.parallel_index); below it, starting them costs more than it saves.
PARALLEL_MIN_DOCS = 4000


class IndexDamaged(ReaderError):
    """The search index cannot be read; rebuilding it from the library fixes it."""


@dataclass
class SearchHit:
    id: int
    title: str
    published: str | None
    site: str | None
    score: float
    snippet: str  # HTML-escaped; matches wrapped in <b class="match">…</b>


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int
    hint: str | None = None  # quiet message when the query had to be repaired


# --- the index ----------------------------------------------------------------


class SearchIndex:
    """Whoosh index over the library's articles; one writer at a time.

    Safe to call from several threads: writes are serialised by one lock,
    searches by another, so a search during a long rebuild uses the old
    searcher until the rebuild commits.
    """

    def __init__(self, dirpath: Path, storage: FileStorage) -> None:
        self.dirpath = dirpath
        self._storage = storage
        self._ix = storage.open_index(INDEX_NAME)
        self._write_lock = threading.Lock()
        self._search_lock = threading.RLock()
        self._searcher = None
        self._executor: QueryExecutor | None = None
        self._executor_for, self._prefixes = None, PrefixCache()  # the executor's searcher and its prefixes
        # The last title preview's (query, k) and its top k, when it had no filter: search as you type
        # asks again for what it just had (the preview of "pol*" is that of "pol"). Goes with the executor.
        self._last_top: tuple[tuple[Any, int], tuple[list[tuple[int, float]], int]] | None = None
        self._stale = True
        self._parser = QueryParserFacade(self._ix.schema)
        self._top_ids: dict[str, int] = {}  # segment -> highest article id in it (``_top_id``)

    # -- opening ---------------------------------------------------------

    @classmethod
    def open(cls, dirpath: Path | str, *, reset: bool = False) -> SearchIndex:
        """Open the index in ``dirpath``, creating an empty one if there is none.

        ``reset=True`` discards whatever is there first (the way out after
        IndexDamaged: open with reset, then ``rebuild`` from the library).
        """
        dirpath = Path(dirpath)
        if reset:
            shutil.rmtree(dirpath, ignore_errors=True)
        else:
            _finish_interrupted_swap(dirpath)
        try:
            dirpath.mkdir(parents=True, exist_ok=True)
            storage = FileStorage(str(dirpath))
        except OSError as exc:
            raise IndexDamaged(f"cannot use the index folder: {exc.strerror or exc}", path=dirpath) from exc
        if not _has_index(storage):
            try:
                storage.create_index(build_schema(), indexname=INDEX_NAME)
            except OSError as exc:
                raise IndexDamaged(f"cannot create the index: {exc.strerror or exc}", path=dirpath) from exc
        failure = None
        # Whoosh leaves the table-of-contents file open when reading a damaged
        # one fails; it is closed below with its ResourceWarning silenced.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                index = cls(dirpath, storage)
                index._check_schema()
                index._get_searcher()
            except IndexDamaged:
                raise
            except Exception as exc:  # whoosh raises anything from pickle to struct errors
                log.warning("cannot open index %s: %s", dirpath, repr(exc))
                failure = type(exc).__name__
            gc.collect()
        if failure is not None:
            raise IndexDamaged(f"the search index is damaged ({failure}); rebuild it", path=dirpath)
        return index

    def _check_schema(self) -> None:
        names = set(self._ix.schema.names())
        expected = set(build_schema().names())
        if names != expected:
            raise IndexDamaged("the search index was made by another version; rebuild it", path=self.dirpath)

    def close(self) -> None:
        with self._search_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._stale = True
        self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------

    def _get_searcher(self) -> Searcher:
        """The shared searcher, reopened only after our own commits."""
        with self._search_lock:
            if self._searcher is None or self._stale:
                old, self._searcher = self._searcher, None
                self._executor = self._executor_for = None  # it holds the old searcher
                if old is not None:
                    old.close()
                    del old
                    # Whoosh's searchers and segment readers point at each other: until
                    # the cycle collector runs, a closed searcher keeps every segment
                    # file mapped (measured: RSS grew by the index size per import).
                    gc.collect()
                self._searcher = self._ix.searcher()
                self._stale = False
            return self._searcher

    def doc_count(self) -> int:
        with self._search_lock:
            return int(self._get_searcher().doc_count())

    def indexed_versions(self) -> dict[int, str]:
        """id -> content hash for every indexed article (consistency checks)."""
        with self._search_lock:
            searcher = self._get_searcher()
            return {
                int(stored["id"]): stored.get("version", "")
                for stored in searcher.all_stored_fields()
                if "id" in stored
            }

    @contextmanager
    def segment_readers(self) -> Iterator[list[tuple[Any, Any]]]:
        """(segment, reader) for each segment of the shared searcher (none for an empty index),
        searches held meanwhile."""
        with self._search_lock:
            leaves = self._get_searcher().reader().leaf_readers()
            yield [(sub.segment(), sub) for sub, _offset in leaves if sub.segment() is not None]

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        bodies_only: bool = False,
        body_loader: BodyLoader | None = None,
        only_ids: Collection[int] | None = None,
        cancel: threading.Event | None = None,
        parsed: ParsedQuery | None = None,
        reuse_last: bool = False,
    ) -> SearchResults:
        """Best ``limit`` articles for ``query``, with snippets. Never raises on bad queries.

        Raises ``SearchCancelled`` once ``cancel`` is set (checked while scoring);
        ``parsed`` runs an already parsed query instead (the title fast path). With
        ``reuse_last`` the ranking of the last such search is reused when it was the
        same expanded query, page size and searcher.
        """
        if parsed is None:
            parsed = self._parser.parse(query, bodies_only=bodies_only)
        with self._search_lock:
            searcher = self._get_searcher()
            try:
                hits, total = self._run(searcher, parsed, limit, only_ids, cancel, reuse_last)
            except SearchCancelled:
                raise
            except Exception as exc:  # a query Whoosh cannot run: fall back to plain words
                log.warning("query %r failed (%s); retrying as plain words", query, repr(exc))
                parsed = self._parser.parse_plain(query, bodies_only=bodies_only)
                try:
                    hits, total = self._run(searcher, parsed, limit, only_ids, cancel)
                except SearchCancelled:
                    raise
                except Exception as exc2:
                    raise IndexDamaged(
                        f"the search index cannot be read ({type(exc2).__name__}); rebuild it",
                        path=self.dirpath,
                    ) from exc2
        check_cancel(cancel)
        if hits and body_loader is not None:
            bodies = body_loader([h.id for h in hits])
            for hit in hits:
                hit.snippet = make_snippet(bodies.get(hit.id, ""), parsed.highlight)
        return SearchResults(query=query, hits=hits, total=total, hint=parsed.hint)

    def _run(self, searcher: Searcher, parsed: ParsedQuery, limit: int, only_ids: Collection[int] | None,
             cancel: threading.Event | None, reuse_last: bool = False) -> tuple[list[SearchHit], int]:
        if self._executor is None or self._executor_for is not searcher:
            from reader.library.executor import QueryExecutor
            self._executor = QueryExecutor(searcher)
            self._executor_for = searcher
            self._prefixes = PrefixCache()
            self._last_top = None
        query = parsed.whoosh_query(searcher.reader(), self._prefixes)
        if query is None:
            return [], 0
        key = (query, max(1, limit))
        reuse = reuse_last and only_ids is None
        if reuse and self._last_top is not None and self._last_top[0] == key:
            best, total = self._last_top[1]
        else:
            best, total = self._executor.top(query, max(1, limit), only_ids, cancel)
            if reuse:
                self._last_top = (key, (best, total))
        hits = []
        for docnum, score in best:
            stored = searcher.stored_fields(docnum)
            hits.append(
                SearchHit(
                    id=int(stored["id"]),
                    title=stored.get("title", ""),
                    published=stored.get("published_iso"),
                    site=stored.get("site_name"),
                    score=float(score),
                    snippet="",
                )
            )
        return hits, total

    def verify_postings(self, progress: IndexProgress | None = None) -> int:
        """Read every posting list of every term; returns how many were read.

        A searcher only touches the postings of the words searched for, so
        garbage in the postings file shows up in one user's search and not in
        another's. This reads them all (through a reader of its own, so
        searches go on meanwhile) and raises ``IndexDamaged`` at the first
        list that cannot be decoded or does not agree with the term dictionary.
        """
        from reader.library.executor import check_postings
        with self._search_lock:
            ix = self._ix
        done = 0
        term = ("", b"")
        reader = ix.reader()
        try:
            for sub, _offset in reader.leaf_readers():
                maxdoc = sub.doc_count_all()
                for fieldname, btext in sub.all_terms():
                    term = (fieldname, btext)
                    info = sub.term_info(fieldname, btext)
                    count, last = check_postings(sub, fieldname, btext)
                    if count != info.doc_frequency() or last >= maxdoc:
                        raise ValueError("posting list disagrees with the term dictionary")
                    done += 1
                    if progress is not None and done % 50_000 == 0:
                        progress(done, None)
        except IndexDamaged:
            raise
        except Exception as exc:  # garbage decodes as anything from zlib to pickle errors
            fieldname, btext = term
            log.warning("postings of %s:%r unreadable: %r", fieldname, btext, exc)
            raise IndexDamaged(
                f"the postings of the {fieldname or 'index'} field are damaged ({type(exc).__name__}); rebuild it",
                path=self.dirpath,
            ) from exc
        finally:
            reader.close()
        if progress is not None:
            progress(done, None)
        return done

    def match_spans(self, query: str, text: str) -> list[tuple[int, int]]:
        """Character spans of the query's words and phrases in ``text``, stem-aware."""
        parsed = self._parser.parse(query, bodies_only=False)
        return match_spans_in(text, parsed.highlight)

    # -- writing ---------------------------------------------------------

    def _writer(self, limitmb: int) -> SegmentWriter:
        return SegmentWriter(self._ix, limitmb=limitmb, timeout=5.0, compound=False)

    def add(
        self, docs: Iterable[IndexDoc], *, progress: IndexProgress | None = None, procs: int | None = None
    ) -> int:
        """Add or replace articles (by id) in one commit; returns how many.

        The new articles become new segments (past ``PARALLEL_MIN_DOCS``, the
        rest is written by ``procs`` worker processes in parallel); replaced
        ones are marked deleted in the old segments. Small segments are merged
        afterwards so repeated imports do not leave searches fanning out over
        many segments.
        """
        with self._write_lock:
            bulk = _bulk_writer(self._ix)
            sink = self._sink(bulk, str(self.dirpath), procs, parallel_after=PARALLEL_MIN_DOCS)
            writer = bulk.whoosh_writer
            replace = self._ix.doc_count_all() > 0
            top = self._top_id() if replace else 0
            seen: dict[int, tuple[int, int]] = {}
            superseded: list[tuple[int, int]] = []
            done = 0
            try:
                for doc in docs:
                    if doc.id in seen:
                        superseded.append(seen[doc.id])
                    elif replace and doc.id <= top:
                        writer.delete_by_term("id", str(doc.id))
                    seen[doc.id] = sink.add(fields_of(doc))
                    done += 1
                    if progress is not None and done % PROGRESS_EVERY == 0:
                        progress(done, None)
                extra = sink.worker_segments(superseded)
                bulk.commit(delete_docnums=[d for part, d in superseded if part == 0], extra_segments=extra)
            except BaseException:
                sink.cancel()
                bulk.cancel()
                raise
            self._merge_small_segments()
            self._mark_stale()
        if progress is not None:
            progress(done, None)
        return done

    def add_segment(self, segment: Any, ids: Iterable[int]) -> None:
        """Commit a segment a worker process wrote into this index's folder
        (``background_index``), holding the new versions of ``ids``: their older
        documents are marked deleted."""
        self.add_segments([segment], ids)

    def add_segments(self, segments: list[Any], ids: Iterable[int]) -> None:
        """``add_segment`` of several segments in one commit (a commit removes the files of
        segments it does not list: those of workers still writing would be lost)."""
        with self._write_lock:
            bulk = _bulk_writer(self._ix)
            writer = bulk.whoosh_writer
            try:
                if self._ix.doc_count_all() > 0:
                    top = self._top_id()
                    for article_id in ids:
                        if article_id <= top:
                            writer.delete_by_term("id", str(article_id))
                bulk.commit(extra_segments=list(segments))
            except BaseException:
                bulk.cancel()
                raise
            self._merge_small_segments()
            self._mark_stale()

    def _top_id(self) -> int:
        """The highest article id in the index (deleted documents included): an article
        with a higher id has no document to replace, so no look-up per segment is needed
        (a bulk import's new rows). Segments are immutable: each is read once."""
        top = 0
        with self._ix.reader() as reader:
            for leaf, _offset in reader.leaf_readers():
                key = leaf.segment().segment_id()
                if key not in self._top_ids:
                    self._top_ids[key] = max((int(t) for t in leaf.lexicon("id")), default=0)
                top = max(top, self._top_ids[key])
        return top

    def _sink(self, bulk: BulkSegmentWriter, dirpath: str, procs: int | None, *, parallel_after: int) -> SegmentSink:
        from reader.library.parallel_index import SegmentSink, index_procs

        return SegmentSink(
            bulk, dirpath, INDEX_NAME, fast_fields(self._ix.schema), DERIVED_FIELDS,
            procs=index_procs() if procs is None else procs, parallel_after=parallel_after,
        )

    def _merge_small_segments(self) -> None:
        """Let Whoosh merge small segments once there are more than a few."""
        if len(self._ix._segments()) <= MAX_SEGMENTS:
            return
        writer = self._writer(ADD_LIMIT_MB)
        try:
            writer.commit(merge=True)
        except BaseException:
            writer.cancel()
            raise

    def delete(self, ids: Iterable[int]) -> int:
        """Remove articles from the index; returns how many were there."""
        with self._write_lock:
            writer = self._writer(ADD_LIMIT_MB)
            removed = 0
            try:
                for article_id in ids:
                    removed += writer.delete_by_term("id", str(article_id))
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            self._mark_stale()
        return removed

    def rebuild(
        self, docs: Iterable[IndexDoc], *, total: int, progress: IndexProgress | None = None,
        procs: int | None = None,
    ) -> int:
        """Replace the whole index by one built from ``docs``.

        Built beside the live index and swapped in at the end, so searches keep
        working and a failed (or killed) rebuild leaves the old index in place.
        From ``PARALLEL_MIN_DOCS`` documents on, ``procs`` worker processes
        (default: one per core, at most two) each write one segment in parallel.
        """
        with self._write_lock:
            tmpdir = self.dirpath.with_name(self.dirpath.name + ".rebuild")
            shutil.rmtree(tmpdir, ignore_errors=True)
            tmpdir.mkdir(parents=True)
            storage = FileStorage(str(tmpdir))
            ix = storage.create_index(build_schema(), indexname=INDEX_NAME)
            bulk = _bulk_writer(ix)
            parallel = total >= PARALLEL_MIN_DOCS
            sink = self._sink(bulk, str(tmpdir), procs if parallel else 1, parallel_after=0)
            done = 0
            try:
                for doc in docs:
                    sink.add(fields_of(doc))
                    done += 1
                    if progress is not None and done % PROGRESS_EVERY == 0:
                        progress(done, total)
                bulk.commit(extra_segments=sink.worker_segments())
            except BaseException:
                sink.cancel()
                bulk.cancel()
                ix.close()
                shutil.rmtree(tmpdir, ignore_errors=True)
                raise
            ix.close()
            self._swap_in(tmpdir)
        if progress is not None:
            progress(done, total)
        return done

    def _swap_in(self, newdir: Path) -> None:
        """Replace the live index files by those in ``newdir``."""
        with self._search_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix.close()
            olddir = self.dirpath.with_name(self.dirpath.name + ".old")
            shutil.rmtree(olddir, ignore_errors=True)
            self.dirpath.rename(olddir)
            newdir.rename(self.dirpath)
            shutil.rmtree(olddir, ignore_errors=True)
            self._storage = FileStorage(str(self.dirpath))
            self._ix = self._storage.open_index(INDEX_NAME)
            self._stale = True

    def _mark_stale(self) -> None:
        with self._search_lock:
            self._stale = True


def _finish_interrupted_swap(dirpath: Path) -> None:
    """A rebuild killed between its two renames left the old index under ``.old``: put it back."""
    old = dirpath.with_name(dirpath.name + ".old")
    try:
        if not dirpath.exists() and old.is_dir() and _has_index(FileStorage(str(old))):
            old.rename(dirpath)
    except OSError:
        pass


def _has_index(storage: FileStorage) -> bool:
    """True when the folder holds a table of contents for our index."""
    try:
        return bool(TOC._latest_generation(storage, INDEX_NAME) >= 0)
    except OSError:
        return False

