"""Container files (tables, archives...) -> one stored article per record, streamed.

A container may hold a million records, so it is not one transaction like an
ordinary file. Its records are read in batches (``BATCH_RECORDS``):

1. each record's source ``FILE#KEY`` and digest are looked up first; a
   record already stored (same source and digest, or the same digest under
   another source) is counted "unchanged" and never parsed, which is how a
   second run after a crash, Ctrl-C or ``kill -9`` continues where the first
   stopped without duplicates;
2. the others are parsed in worker processes (a few batches ahead);
3. each batch is stored in one transaction, in file order, and the search
   index catches up from the journal every ``INDEX_EVERY_*`` (commits that grow
   with the library, ``INDEX_GROWTH``), each segment written by a worker process
   while the rows go on being stored (``background_index``).

Memory stays flat: only the batches in flight are held. Cancel stops between
batches and keeps what was committed; it does not wait for the index to catch up
(minutes in a big import): that is left for later (``importer._index_later``).
After a complete pass the articles of the file that it no longer holds (rows
removed, or the whole-file article an older version made of it) are deleted.
"""

from __future__ import annotations

import logging
import threading
import time
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from reader.errors import ReaderError
from reader.library import threads as comment_files
from reader.library.codec import PreparedArticle, PreparedFile, now_iso, prepare_article
from reader.library.import_end import (
    catch_up,
    catch_up_last,
    commit_background,
    drop_background,
    finish_background,
)
from reader.library.locking import WAITERS_KNOWN
from reader.library.records import ImportProgress, ImportReport
from reader.parsing.containers import Container, Entry, EntryError, SkipRecord

if TYPE_CHECKING:
    from reader.library.import_context import ImportContext

log = logging.getLogger(__name__)

#: Records per batch: one look-up, one worker task and one transaction each.
BATCH_RECORDS = 200
#: Batches parsed ahead per worker process.
BATCHES_AHEAD_PER_WORKER = 3
#: Worker processes pay off from this many records on (they take ~1 s to start).
POOL_MIN_RECORDS = 2_000
#: The search index is brought up to date after this many articles, or at the latest
#: after ``INDEX_AT_MOST_SECONDS``. Few large index commits cost far less CPU than many
#: small ones: a commit writes one segment, with one block per distinct word, and a
#: collection's vocabulary is mostly the same from one commit to the next (the bench
#: corpus: 23 new words per article in a commit of 1,500, 4.8 in one of 10,000).
INDEX_EVERY_ARTICLES = 10_000
INDEX_AT_MOST_SECONDS = 300.0
#: ... and, in a large library, once at least 1/INDEX_GROWTH as many articles as it holds
#: are waiting: each commit's segment is then a third of the index or more, so the
#: segments grow with the library (a million rows: ~16 of them) and never become the
#: ~24 segments of equal size that Whoosh's merge policy merges all at once, through its
#: per-posting path (that merge stalled a 50,000-row import for over 20 minutes).
INDEX_GROWTH = 3
#: Bad records listed one by one in the report per file; the rest are counted.
MAX_LISTED_FAILURES = 1_000
#: Progress reports at most this often.
PROGRESS_SECONDS = 0.25
#: SQLite host parameters per look-up statement.
_CHUNK = 900

ProgressCallback = Callable[[ImportProgress], None]
Parsed = PreparedArticle | str | None  # an article ready to store, why the record is bad, or None: skipped


def _parse_batch(parser: Callable[..., Any], items: list[tuple[Any, dict[str, Any], str]]) -> list[Parsed]:
    """Parse records into storable articles (runs in a worker process)."""
    from reader.parsing import finish_article

    out: list[Parsed] = []
    for payload, record, source in items:
        try:
            article = parser(payload, record, source)
            article.record = dict(record)
            out.append(prepare_article(finish_article(article)))
        except SkipRecord:
            out.append(None)
        except ReaderError as exc:
            out.append(exc.reason)
        except (MemoryError, RecursionError):
            out.append("too large or too deeply nested to read")
        except Exception as exc:  # a parser bug must not stop the other records
            log.exception("unexpected error reading %s", source)
            out.append(f"could not be read (internal error: {type(exc).__name__})")
    return out


@dataclass
class _Batch:
    """Records read together: what to store once parsed, what was already there."""

    todo: list[tuple[str, str, int | None]] = field(default_factory=list)  # key, digest, old id
    inputs: list[tuple[Any, dict[str, Any], str]] = field(default_factory=list)  # for the parser
    future: Future[list[Parsed]] | None = None
    result: list[Parsed] | None = None
    records: int = 0  # records of the file this batch accounts for (for progress)


@dataclass
class ContainerRun:
    """What the containers of one import share: the parser processes (started once, not
    once a file: a folder of a hundred JSON Lines files paid their start-up a hundred
    times) and the search index's pacing, so that the index catches up every
    ``INDEX_EVERY_ARTICLES`` across files, not after each file as a small segment."""

    workers: int | None
    db_path: str
    library_articles: int = 0  # articles in the library after the last index commit (about)
    since_index: int = 0
    indexed_at: float = field(default_factory=time.monotonic)
    background: Any = None  # the index catch-up a worker process is writing (BackgroundCatchUp)
    pool: ProcessPoolExecutor | None = None
    records: int = 0  # records of the run's files so far
    _pool_tried: bool = False

    @classmethod
    def start(cls, ctx: ImportContext, workers: int | None) -> ContainerRun:
        return cls(workers, str(ctx.store.path), library_articles=ctx.store.count())

    def parsers(self, total: int) -> ProcessPoolExecutor | None:
        """The worker processes for the run's next file, of ``total`` records (None: parse
        here). They start once the run's files so far hold ``POOL_MIN_RECORDS`` records, so
        that a folder of small files (a dump split in files of 1,000) is parsed on every core."""
        self.records += total
        if self.pool is None and not self._pool_tried and self.records >= POOL_MIN_RECORDS:
            self._pool_tried = True
            self.pool = _pool(self.records, self.workers, self.db_path)
        return self.pool

    def drop_parsers(self) -> None:
        """After a worker died: the rest is parsed in this process."""
        pool, self.pool = self.pool, None
        _shutdown(pool)

    def finish(self, ctx: ImportContext, *, cancelled: bool,
               progress: ProgressCallback | None = None) -> None:
        """At the end of the import: stop the workers, then bring the index up to date
        (after Cancel that is left for later: ``importer._index_later``); ``progress`` is
        told when that takes worker processes (``ImportProgress`` of unit "index")."""
        self.drop_parsers()
        if cancelled:
            drop_background(self)
            return
        finish_background(ctx, self, progress)
        catch_up_last(ctx)


@dataclass
class _State:
    run: ContainerRun
    container: Container
    report: ImportReport
    progress: ProgressCallback | None
    cancel: threading.Event | None
    total: int
    done: int = 0
    listed_failures: int = 0
    unlisted_failures: int = 0
    started: float = field(default_factory=time.monotonic)
    reported: float = 0.0
    seen: SeenKeys = field(default_factory=lambda: SeenKeys())
    complete: bool = False


class SeenKeys:
    """The keys of the records met in a pass, for ``_remove_stale``: numbered keys (a
    table's ``row=12``) as 8-byte numbers, others as strings. A set of a million
    ``row=N`` strings took ~100 MB, and grew the importing process through a big table."""

    def __init__(self) -> None:
        self._numbers: dict[str, array[int]] = {}  # "row=" -> the numbers met
        self._sorted: dict[str, array[int]] = {}  # the same, sorted, once looked up
        self._other: set[str] = set()

    @staticmethod
    def _split(key: str) -> tuple[str, int] | None:
        head, sep, digits = key.rpartition("=")
        if sep and digits.isascii() and digits.isdigit() and len(digits) < 19 \
                and (digits == "0" or digits[0] != "0"):  # (the number gives the key back)
            return head + sep, int(digits)
        return None

    def add(self, key: str) -> None:
        split = self._split(key)
        if split is None:
            self._other.add(key)
            return
        numbers = self._numbers.get(split[0])
        if numbers is None:
            numbers = self._numbers[split[0]] = array("q")
        numbers.append(split[1])
        self._sorted.pop(split[0], None)

    def __contains__(self, key: str) -> bool:
        split = self._split(key)
        if split is None:
            return key in self._other
        prefix, number = split
        ordered = self._sorted.get(prefix)
        if ordered is None:
            numbers = self._numbers.get(prefix)
            if numbers is None:
                return False
            import numpy as np  # (sorted without a list of a million Python ints)

            ordered = self._sorted[prefix] = array("q", np.sort(np.frombuffer(numbers, dtype=np.int64)).tobytes())
        i = bisect_left(ordered, number)
        return i < len(ordered) and ordered[i] == number


def import_container(ctx: ImportContext, container: Container, report: ImportReport, *,
                     progress: ProgressCallback | None = None,
                     cancel: threading.Event | None = None,
                     workers: int | None = None, run: ContainerRun | None = None) -> None:
    """Store every record of ``container`` as its own article (caller holds the write lock).

    ``run``: what the containers of one import share; the caller then calls its ``finish``
    after the last one. Without it the file is an import of its own.
    """
    own = run is None
    run = ContainerRun.start(ctx, workers) if run is None else run
    total = container.total() or 0
    state = _State(run, container, report, progress, cancel, total)
    _report(state, force=True)
    pool = run.parsers(total)
    inflight: deque[_Batch] = deque()
    ahead = max(1, (getattr(pool, "_max_workers", 1) or 1) * BATCHES_AHEAD_PER_WORKER)
    entries = container.entries()
    try:
        while True:
            if cancel is not None and cancel.is_set():
                break
            batch = _read_batch(ctx, state, entries) if len(inflight) < ahead else None
            if batch is not None:
                if batch.todo:
                    if pool is not None:
                        batch.future = pool.submit(_parse_batch, container.parser, batch.inputs)
                    else:
                        batch.result = _parse_batch(container.parser, batch.inputs)
                inflight.append(batch)
                if len(inflight) < ahead and pool is not None:
                    continue
            if not inflight:
                state.complete = batch is None and not (cancel is not None and cancel.is_set())
                break
            head = inflight.popleft()
            try:
                results = head.result if head.future is None else head.future.result()
            except BrokenProcessPool:
                log.warning("a table import worker died; reading the rest in this process")
                run.drop_parsers()
                pool = None
                results = None
            if results is None and head.todo:
                results = _parse_batch(container.parser, head.inputs)
            head.inputs = []
            _store_batch(ctx, state, head, results or [])
            _between_batches(ctx, state)
    except BaseException:
        if run.background is not None:
            run.background.cancel()
            run.background = None
        run.drop_parsers()
        raise
    finally:
        close = getattr(entries, "close", None)
        if close is not None:
            close()
    stopped = cancel is not None and cancel.is_set()
    if state.complete:
        _remove_stale(ctx, state)
    elif stopped:
        report.cancelled = True
    if state.unlisted_failures:
        report.failed.append((container.path, f"{state.unlisted_failures} more bad rows not listed"))
    if own:  # (else the caller finishes the run after its last file)
        run.finish(ctx, cancelled=stopped, progress=progress)
    _report(state, force=True)


# -- reading and looking up ------------------------------------------------------
def _read_batch(ctx: ImportContext, state: _State, entries: Iterator[Entry | EntryError]) -> _Batch | None:
    """The next batch of records, with those already stored counted and left out; None at the end."""
    chunk = list(islice(entries, BATCH_RECORDS))
    if not chunk:
        return None
    path = state.container.path
    batch = _Batch(records=len(chunk))
    good: list[Entry] = []
    for e in chunk:
        state.seen.add(e.key)
        if isinstance(e, EntryError):
            _fail(state, e.key, e.record, e.reason)
        else:
            good.append(e)
    by_source = _stored_by_source(ctx, [f"{path}#{e.key}" for e in good])
    by_digest = _stored_by_digest(ctx, [e.digest for e in good])
    for e in good:
        old = by_source.get(f"{path}#{e.key}")
        if old is not None and old[1] == e.digest:
            state.report.unchanged.append(old[0])
        elif old is None and e.digest in by_digest:
            state.report.unchanged.append(by_digest[e.digest])
        else:
            batch.todo.append((e.key, e.digest, old[0] if old else None))
            batch.inputs.append((e.payload, e.record, f"{path}#{e.key}"))
    return batch


def _stored_by_source(ctx: ImportContext, sources: list[str]) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for i in range(0, len(sources), _CHUNK):
        chunk = sources[i:i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for aid, source, digest in ctx.store._all(
                f"SELECT id, source, content_hash FROM articles WHERE source IN ({marks})", chunk):
            out[source] = (aid, digest)
    return out


def _stored_by_digest(ctx: ImportContext, digests: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(digests), _CHUNK):
        chunk = digests[i:i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for digest, aid in ctx.store._all(
                f"SELECT content_hash, min(id) FROM articles WHERE content_hash IN ({marks}) "
                "GROUP BY content_hash", chunk):
            out[digest] = aid
    return out


def _fail(state: _State, key: str, record: dict[str, Any], reason: str) -> None:
    if state.listed_failures >= MAX_LISTED_FAILURES:
        state.unlisted_failures += 1
        return
    state.listed_failures += 1
    state.report.failed.append((f"{state.container.path}#{key}", reason))


# -- storing -----------------------------------------------------------------------
def _store_batch(ctx: ImportContext, state: _State, batch: _Batch, results: list[Parsed]) -> None:
    """Store one parsed batch in one transaction."""
    store = ctx.store
    path, fmt = state.container.path, state.container.format
    rows = []
    for (key, digest, old), parsed in zip(batch.todo, results):
        if parsed is None:
            continue
        if isinstance(parsed, str):
            _fail(state, key, {"key": key}, parsed)
        else:
            rows.append((key, digest, old, parsed))
    if rows:
        imported: list[int] = []
        updated: list[int] = []
        unchanged: list[int] = []
        with store.transaction() as conn:
            seq = store._next_seq(conn)
            now = now_iso()
            threads = comment_files.any_threads(conn)
            for key, digest, old, art in rows:
                if old is None:
                    # The same record met earlier in this run (a duplicate row) is not stored twice.
                    twin = conn.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1",
                                        (digest,)).fetchone()
                    if twin is not None:
                        unchanged.append(twin[0])
                        continue
                prepared = PreparedFile(path, fmt, digest, [])
                aid = store._write_article(conn, old, f"{path}#{key}", prepared, art, seq, now)
                comment_files.after_article(store, conn, aid, art.keys, seq, now, look=threads)
                (imported if old is None else updated).append(aid)
        state.report.imported.extend(imported)
        state.report.updated.extend(updated)
        state.report.unchanged.extend(unchanged)
        state.run.since_index += len(imported) + len(updated)
    state.done += batch.records
    _report(state)


def _between_batches(ctx: ImportContext, state: _State) -> None:
    """Index now and then, and let a waiting writer (another window, a CLI command) have a turn.

    The index catches up in a worker process (``background_index``) while rows go on
    being stored; its segment is committed here once written. A waiting writer goes first,
    at once: the catch-up in flight is committed if its segment is written, else stopped
    (waiting for it took up to a minute, and the other writer gave up after 30 s), and what
    the index lacks stays in the journal for the next catch-up (an import or a search by
    the other writer brings the index up to date first itself).
    """
    lock, run = ctx.lock, state.run
    if lock.others_waiting():
        if WAITERS_KNOWN:  # (elsewhere "waiting" is a guess made every batch: the catch-up goes on)
            drop_background(run)
        lock.give_turn()
    if run.background is not None and run.background.ready():
        commit_background(run)
    due = _index_due(run.since_index, time.monotonic() - run.indexed_at, run.library_articles)
    if due and run.background is None:
        try:
            run.background = _start_background(ctx)
            if run.background is None:
                catch_up(ctx)
        except ReaderError as exc:
            log.warning("search index not updated during import: %s", exc.reason)
        run.library_articles += run.since_index
        run.since_index = 0
        run.indexed_at = time.monotonic()


def _start_background(ctx: ImportContext) -> Any:
    """The index catch-up started in a worker process, or None (to be done here)."""
    if ctx.catch_up_background is None:
        return None
    try:
        return ctx.catch_up_background()
    except ReaderError:
        raise
    except Exception:  # no worker process here (a sandbox...): the catch-up is done in this one
        log.warning("index worker process unavailable; indexing in this process", exc_info=True)
        return None


def _index_due(pending: int, elapsed: float, library_articles: int = 0) -> bool:
    """Is it time to bring the search index up to date (``pending`` articles stored since,
    ``elapsed`` seconds after the last commit, in a library of ``library_articles``)?"""
    least = library_articles // INDEX_GROWTH
    if pending >= max(INDEX_EVERY_ARTICLES, least):
        return True
    return pending > 0 and pending >= least and elapsed >= INDEX_AT_MOST_SECONDS


def _remove_stale(ctx: ImportContext, state: _State) -> None:
    """Delete the file's articles whose record it no longer holds (and its old whole-file article)."""
    store = ctx.store
    path = state.container.path
    gone = []
    with store._translated():  # (row by row: a million (id, source) rows took ~150 MB as a list)
        for aid, source in store.conn.execute(
                "SELECT id, source FROM articles WHERE source = ? OR (source >= ? AND source < ?)",
                (path, path + "#", path + "$")):
            if source == path or source[len(path) + 1:] not in state.seen:
                gone.append(aid)
    if not gone or not (state.report.imported or state.report.updated or state.report.unchanged):
        return
    with store.transaction() as conn:
        seq = store._next_seq(conn)
        store._delete_rows(conn, gone, seq)


def _report(state: _State, *, force: bool = False) -> None:
    if state.progress is None:
        return
    now = time.monotonic()
    if not force and now - state.reported < PROGRESS_SECONDS:
        return
    state.reported = now
    elapsed = now - state.started
    rate = state.done / elapsed if elapsed > 0 and state.done else 0.0
    total = max(state.total, state.done)
    state.progress(ImportProgress(state.done, total, state.container.path, unit="rows", rate=rate))


# -- worker processes --------------------------------------------------------------
def _pool(total: int, workers: int | None, db_path: str) -> ProcessPoolExecutor | None:
    from reader.library.import_pool import _start_pool, pool_workers

    n = pool_workers() if workers is None else workers
    if n <= 1 or total < POOL_MIN_RECORDS:
        return None
    return _start_pool(n, db_path)


def _shutdown(pool: ProcessPoolExecutor | None) -> None:
    """Stop the worker processes."""
    if pool is not None:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except Exception:  # a broken pool: nothing left to stop
            log.debug("pool shutdown", exc_info=True)

