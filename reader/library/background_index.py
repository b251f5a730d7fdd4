"""A bulk import's index catch-up, written by a worker process while the import goes on.

In a big import the importing process is the one that cannot be shared: it
reads the rows, stores each batch, joins stories, and it used to index every
``INDEX_EVERY_*`` articles itself, with the parse workers waiting meanwhile.
Here the catch-up is handed to a *spawned* process instead: it opens the
library read-only (SQLite in WAL mode lets it read while the importer writes),
reads the articles the journal names, and writes one ordinary Whoosh segment
into the index folder without taking the index's lock (as the workers of
``parallel_index`` do). The importer goes on storing rows; between two batches
it looks whether the segment is ready and, holding the locks, commits it: the
older versions of its articles are marked deleted, the table of contents lists
the new segment, and the journal marker moves to the position the catch-up
started from (what was stored since is indexed by the next one).

Until that commit nothing is visible: a worker killed or failed leaves the
index and its marker as they were, and the next catch-up indexes the same
articles again.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.errors import ReaderError
from reader.library import sync
from reader.library.locking import WAITERS_KNOWN
from reader.library.parallel_index import IndexWorkerFailed

if TYPE_CHECKING:
    from reader.library.import_context import ImportContext
    from reader.library.index import SearchIndex
    from reader.library.locking import WriteLock
    from reader.library.store import Store

log = logging.getLogger(__name__)

#: The worker checks that its parent is alive every this many articles.
ALIVE_EVERY = 500
#: How long ``commit(wait=True)`` waits for the worker between checks that it is alive (s).
POLL_SECONDS = 1.0
#: How often ``catch_up_turn`` looks whether it was cancelled or another writer waits (s).
CANCEL_POLL_SECONDS = 0.1
#: A backlog the index lacks up to this size is indexed by the writing process itself (about a
#: second); a bigger one by a worker process that other writers and Cancel interrupt
#: (``catch_up_first``).
CATCH_UP_HERE_MAX = 500
#: How often a catch-up that gave way looks whether the write lock is free again (s).
TURN_POLL_SECONDS = 0.25


def _catch_up_worker(root: str, dirpath: str, ids: list[int], outbox: Any, read: Any = None) -> None:
    """Worker process: the articles ``ids`` of the library at ``root`` -> one segment.
    ``read`` (a shared integer) is set to the number of them read, now and then."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from whoosh.filedb.filestore import FileStorage

    from reader.library.bulkwrite import BulkSegmentWriter
    from reader.library.index_schema import DERIVED_FIELDS, INDEX_NAME, fast_fields, fields_of
    from reader.library.store import Store

    class PrivateTempStorage(FileStorage):  # type: ignore[misc]
        """Whoosh names a writer's scratch folder after the index: one per process here."""

        def temp_storage(self, name: str | None = None) -> FileStorage:
            return super().temp_storage(f"{name or 'scratch'}.{os.getpid()}")

    bulk = None
    try:
        store = Store(Path(root), create=False)
        ix = PrivateTempStorage(dirpath).open_index(INDEX_NAME)
        bulk = BulkSegmentWriter(ix, fast_fields(ix.schema), derived=DERIVED_FIELDS, lock=False)
        parent = multiprocessing.parent_process()
        for n, doc in enumerate(sync.iter_docs(store, ids), 1):
            bulk.add_document(fields_of(doc))
            if n % ALIVE_EVERY == 0:
                if read is not None:
                    read.value = n
                if parent is not None and not parent.is_alive():
                    raise IndexWorkerFailed("the importing process is gone")
        if read is not None:
            read.value = len(ids)  # (all read: the segment's postings are being written)
        outbox.put(("ok", bulk.finish_segment()))
    except BaseException as exc:  # reported to the parent, which leaves the index as it was
        if bulk is not None:
            try:
                bulk.cancel()
            except Exception:
                pass
        outbox.put(("error", f"{type(exc).__name__}: {exc}"))


class BackgroundCatchUp:
    """One catch-up in flight: the articles ``ids`` (the journal up to ``seq``) being
    written as a segment by a worker process. Start with ``start_catch_up``."""

    def __init__(self, store: Store, index: SearchIndex, dirpath: Path, ids: list[int],
                 seq: int) -> None:
        self.store, self.index, self.dirpath = store, index, dirpath
        self.ids, self.seq = ids, seq
        ctx = multiprocessing.get_context("spawn")
        self._outbox = ctx.Queue()
        self._read = ctx.Value("q", 0, lock=False)
        self._proc = ctx.Process(target=_catch_up_worker,
                                 args=(str(store.root), str(dirpath), ids, self._outbox, self._read),
                                 daemon=True, name="reader-catch-up")
        self._proc.start()
        self._result: tuple[str, Any] | None = None

    def ready(self) -> bool:
        """Has the worker finished (its segment, or its failure, is waiting)?"""
        if self._result is None:
            try:
                self._result = self._outbox.get_nowait()
            except queue.Empty:
                if not self._proc.is_alive():
                    self._fetch_after_exit()
        return self._result is not None

    def all_read(self) -> bool:
        """Has the worker read all its articles? (It then writes the segment's postings: about
        half of its work is done.)"""
        return bool(self._read.value >= len(self.ids))

    def _fetch_after_exit(self) -> None:
        try:
            self._result = self._outbox.get(timeout=POLL_SECONDS)
        except queue.Empty:
            self._result = ("error", f"the index worker process died (exit code {self._proc.exitcode})")

    def commit(self) -> int:
        """Wait for the segment and commit it (the caller holds the library's write lock);
        returns the articles indexed. Raises ``IndexWorkerFailed`` when the worker failed
        (the index and its marker are unchanged)."""
        return commit_in_order([self])

    def segment(self) -> Any:
        """Wait for the worker; its segment (None: nothing written). Raises
        ``IndexWorkerFailed`` when the worker failed."""
        while not self.ready():
            try:
                self._result = self._outbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
        self._proc.join(timeout=30)
        assert self._result is not None
        kind, payload = self._result
        if kind != "ok":
            raise IndexWorkerFailed(f"an index worker process failed ({payload})")
        return payload

    def cancel(self) -> None:
        """Stop the worker; its segment files are never listed (the next commit removes them).
        Killed, not asked to stop: it commits nothing itself, and a stopped one must end too."""
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(timeout=10)
        self._outbox.cancel_join_thread()
        self._outbox.close()


def commit_in_order(flights: list[BackgroundCatchUp]) -> int:
    """Commit the segments of ``flights`` (catch-ups of consecutive parts of the journal, in
    its order) in one index commit once all are written; returns the articles indexed.

    One commit, because a commit removes the files of segments it does not list: those of
    the workers still writing. A failed worker raises ``IndexWorkerFailed``, after the
    segments before it are committed: the journal's later parts wait for the next catch-up,
    as its own does (the index's marker never passes an article it lacks)."""
    done: list[tuple[BackgroundCatchUp, Any]] = []
    failure: IndexWorkerFailed | None = None
    for flight in flights:
        try:
            done.append((flight, flight.segment()))
        except IndexWorkerFailed as exc:
            failure = exc
            break
    for flight in flights[len(done):]:
        flight.cancel()
    if done:
        last = done[-1][0]
        with sync.index_writes(last.dirpath):
            segments = [segment for _, segment in done if segment is not None]
            if segments:
                last.index.add_segments(segments, [i for flight, _ in done for i in flight.ids])
            sync.write_indexed_seq(last.dirpath, last.seq)
        last.store.prune_tombstones(last.seq)
    if failure is not None:
        raise failure
    return sum(len(flight.ids) for flight, _ in done)


def start_catch_up(store: Store, index: SearchIndex, dirpath: Path) -> BackgroundCatchUp | None:
    """Start indexing the journal's changes in a worker process;
    None when there is nothing to index or it must be done here (deletions to apply, or an
    index ahead of the database)."""
    newest = store.max_seq()
    done_seq = sync.read_indexed_seq(dirpath)
    if done_seq is not None and done_seq > newest:
        return None
    changed, deleted = store.changed_since(done_seq or 0)
    if deleted or not changed:
        return None
    return BackgroundCatchUp(store, index, dirpath, changed, newest)


def start_catch_ups(store: Store, index: SearchIndex, dirpath: Path, parts: int,
                    least: int) -> list[BackgroundCatchUp]:
    """The journal's changes beyond the index as up to ``parts`` catch-ups in worker
    processes of their own, to be committed together (``commit_in_order``): split between
    journal positions, each of ``least`` articles or more. Empty when there are fewer or
    they must be indexed here (deletions to apply, an index ahead of the database)."""
    newest = store.max_seq()
    done = sync.read_indexed_seq(dirpath)
    if done is not None and done > newest:
        return []
    written = store.written_since(done or 0)
    # (The journal's other entries are deletions, which a worker does not apply.)
    if len(written) < least or store.backlog(done or 0) > len(written):
        return []
    cuts = _journal_cuts(written, max(1, min(parts, len(written) // least)))
    flights: list[BackgroundCatchUp] = []
    try:
        for start, end in zip([0, *cuts], [*cuts, len(written)]):
            seq = newest if end == len(written) else written[end - 1][1]
            flights.append(BackgroundCatchUp(store, index, dirpath,
                                             [aid for aid, _ in written[start:end]], seq))
    except BaseException:
        for flight in flights:
            flight.cancel()
        raise
    return flights


def _journal_cuts(written: list[tuple[int, int]], parts: int) -> list[int]:
    """Where to split ``written`` (in journal order) into ``parts`` about equal runs: never
    inside one journal position (a transaction's articles are indexed together)."""
    cuts: list[int] = []
    for k in range(1, parts):
        i = max(k * len(written) // parts, cuts[-1] + 1 if cuts else 1)
        while i < len(written) and written[i][1] == written[i - 1][1]:
            i += 1
        if i < len(written):
            cuts.append(i)
    return cuts


def catch_up_turn(start: Callable[[], BackgroundCatchUp | None], cancel: threading.Event,
                  here: Callable[[], int], give_way: Callable[[], bool]) -> tuple[int, bool]:
    """One turn of a catch-up that others may interrupt (the caller holds the write lock).

    The journal's changes are indexed in a worker process (``start``) and committed, unless
    ``cancel`` is set first (the worker is stopped at once and nothing changes) or
    ``give_way()`` says another writer waits for the lock: then the worker's segment is
    committed if it is already written, else the worker is stopped, and the caller lets
    the other writer have the lock before the next turn (nothing is lost: what is not
    committed stays in the journal). ``here`` indexes in this process what a worker does
    not (deletions to apply, no worker process available, a worker that failed, what is
    newer). Returns (articles indexed, finished: no turn is needed after this one).
    """
    try:
        flight = start()
    except ReaderError:
        raise
    except Exception:  # no worker process here (a sandbox...): indexed in this process
        log.warning("index worker process unavailable; indexing in this process", exc_info=True)
        flight = None
    if flight is None:
        return (0, False) if cancel.is_set() else (here(), True)
    try:
        while not flight.ready():
            if cancel.wait(CANCEL_POLL_SECONDS):
                flight.cancel()
                return 0, False
            if give_way() and not flight.ready():
                flight.cancel()
                return 0, False
        n = flight.commit()
    except IndexWorkerFailed as exc:
        log.warning("search index catch-up in a worker failed (%s); indexing in this process", exc)
        flight.cancel()
        n = 0
    except BaseException:
        flight.cancel()
        raise
    if give_way():
        return n, False
    return n + here(), True



def catch_up_in_turns(lock: WriteLock, start: Callable[[], BackgroundCatchUp | None],
                      here: Callable[[], int], cancel: threading.Event,
                      on_pause: Callable[[str | None], None] | None = None) -> int:
    """A catch-up that keeps no other writer waiting: turns of ``catch_up_turn`` until the
    index is up to date or ``cancel`` is set; returns how many articles were indexed.

    Between turns the lock is another writer's (a CLI import, a second window): this one
    waits for it with no time limit and without saying it waits, so the other writer is
    never hurried (an import indexes what the journal holds itself). ``on_pause`` is told
    who writes when the catch-up has to wait, and None when it goes on.
    """
    give_way = lock.others_waiting if WAITERS_KNOWN else _never
    total = 0
    while _take_turn(lock, cancel, give_way, on_pause):
        try:
            n, finished = catch_up_turn(start, cancel, here, give_way)
        finally:
            lock.release()
        total += n
        if finished or cancel.is_set():
            break
    return total


def catch_up_first(ctx: ImportContext, cancel: threading.Event | None,
                   here: Callable[[], int] | None = None) -> bool:
    """Index what the journal holds beyond the index (before a batch: normally nothing; at
    the end of a table: its last rows): a backlog over ``CATCH_UP_HERE_MAX`` (a cancelled big
    import's, a table's last 10,000 rows) in a worker process that gives a waiting writer
    its turn and stops at Cancel (``catch_up_giving_turns``), a smaller one by ``here`` (default
    ``ctx.catch_up``); False when Cancel stopped it (the index then still lacks it: a batch
    must not mark it indexed)."""
    here = here or ctx.catch_up
    if ctx.catch_up_background is not None and ctx.index() is not None:
        backlog = ctx.store.backlog(sync.read_indexed_seq(sync.index_dir(ctx.root)) or 0)
        if backlog > CATCH_UP_HERE_MAX:
            return catch_up_giving_turns(
                ctx.lock, ctx.catch_up_background, here, cancel or threading.Event())
    here()
    return True


def catch_up_giving_turns(lock: WriteLock, start: Callable[[], BackgroundCatchUp | None],
                          here: Callable[[], int], cancel: threading.Event) -> bool:
    """A writer's catch-up before its own work (an import's first batch after a cancelled
    big import: minutes), the caller holding the lock: turns of ``catch_up_turn`` with
    ``WriteLock.give_turn`` between them, so a writer that comes meanwhile goes ahead (it
    gave up after 30 s), and ``cancel`` stops it at once (Cancel waited for it). True when
    the index is up to date.

    It gives way once only: the other writer may be an import catching up in turns too, and
    each would stop the other's worker for ever. Taken back, it finishes while the other
    writer waits (``give_turn`` waits with no time limit)."""
    give_way = lock.others_waiting if WAITERS_KNOWN else _never
    while True:
        _n, finished = catch_up_turn(start, cancel, here, give_way)
        if finished:
            return True
        if cancel.is_set():
            return False
        give_way = _never
        lock.give_turn()


def _never() -> bool:
    return False


def _take_turn(lock: WriteLock, cancel: threading.Event, give_way: Callable[[], bool],
               on_pause: Callable[[str | None], None] | None) -> bool:
    """Take the write lock once it is free and nobody else waits for it; False if cancelled."""
    polls = 0
    while True:
        if not give_way() and lock.try_acquire():
            if not give_way():
                break
            lock.release()  # another writer came in the meantime: it goes first
        polls += 1
        if polls == 2 and on_pause is not None:  # (by then the other writer has said who it is)
            who = lock.holder()
            on_pause(f"another Article Reader{f' ({who})' if who else ''} is writing to this library")
        if cancel.wait(TURN_POLL_SECONDS):
            return False
    if polls >= 2 and on_pause is not None:
        on_pause(None)
    return True
