"""Index segments written in parallel by worker processes.

Analysing text and accumulating postings is most of an index build, and it
is pure Python: one process uses one core. For a big build (``reindex``, a
large import) the parent hands the documents out in chunks, round robin, to
a few *spawned* worker processes (forking a process that runs Qt threads can
deadlock). Each worker writes one ordinary Whoosh segment into the index
folder with the bulk writer, without taking the index's lock; the parent,
which holds the lock, lists the workers' segments in the one table of
contents it commits. Until that commit the new segments are invisible: a
build killed half-way leaves the index as it was (stray segment files are
removed by the next commit).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

#: Documents per message to a worker (a few MB of text).
CHUNK_DOCS = 250
#: Chunks queued per worker: enough to keep it busy while the parent reads.
QUEUE_CHUNKS = 4
#: How long the parent waits for a worker's answer before checking it is alive (s).
POLL_SECONDS = 1.0


class IndexWorkerFailed(RuntimeError):
    """A worker process died or failed; the build is abandoned (the index is unchanged)."""


def index_procs() -> int:
    """Worker processes for a big index build (``ARTICLE_READER_INDEX_PROCS`` overrides)."""
    env = os.environ.get("ARTICLE_READER_INDEX_PROCS")
    if env and env.isdigit():
        return int(env)
    return min(2, os.cpu_count() or 1)


def _segment_worker(
    worker: int, dirpath: str, indexname: str, fast: dict[str, str], derived: dict[str, str],
    inbox: Any, outbox: Any,
) -> None:
    """Worker process: documents from ``inbox`` (None ends) -> one segment, sent to ``outbox``."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from whoosh.filedb.filestore import FileStorage

    from reader.library.bulkwrite import BulkSegmentWriter

    class PrivateTempStorage(FileStorage):  # type: ignore[misc]
        """Whoosh names a writer's scratch folder after the index: one per process here."""

        def temp_storage(self, name: str | None = None) -> FileStorage:
            return super().temp_storage(f"{name or 'scratch'}.{os.getpid()}")

    bulk = None
    try:
        ix = PrivateTempStorage(dirpath).open_index(indexname)
        bulk = BulkSegmentWriter(ix, fast, derived=derived, lock=False)
        parent = multiprocessing.parent_process()
        while True:
            try:
                batch = inbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if parent is not None and not parent.is_alive():
                    raise IndexWorkerFailed("the process building the index is gone") from None
                continue
            if batch is None:
                break
            for values in batch:
                bulk.add_document(values)
        outbox.put((worker, "ok", bulk.finish_segment()))
    except BaseException as exc:  # reported to the parent, which abandons the build
        if bulk is not None:
            try:
                bulk.cancel()
            except Exception:
                pass
        outbox.put((worker, "error", f"{type(exc).__name__}: {exc}"))


class ParallelSegments:
    """Worker processes each writing one segment of the documents they are given.

    ``add_document`` returns (worker, document number inside that worker's
    segment), so the caller can delete a document superseded later in the
    same build. ``finish`` returns the segments in worker order (None for a
    worker that got nothing); ``cancel`` stops the workers.
    """

    def __init__(
        self, dirpath: str, indexname: str, fast: dict[str, str], derived: dict[str, str], *, procs: int
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._outbox = ctx.Queue()
        self._inboxes = [ctx.Queue(maxsize=QUEUE_CHUNKS) for _ in range(procs)]
        self._procs = [
            ctx.Process(
                target=_segment_worker,
                args=(k, dirpath, indexname, fast, derived, inbox, self._outbox),
                daemon=True,
                name=f"reader-index-{k}",
            )
            for k, inbox in enumerate(self._inboxes)
        ]
        for p in self._procs:
            p.start()
        self._buffer: list[dict[str, Any]] = []
        self._turn = 0
        self._counts = [0] * procs
        self._results: list[tuple[int, str, Any]] = []

    def add_document(self, values: dict[str, Any]) -> tuple[int, int]:
        worker = self._turn
        docnum = self._counts[worker]
        self._counts[worker] += 1
        self._buffer.append(values)
        if len(self._buffer) >= CHUNK_DOCS:
            self._send(worker, self._buffer)
            self._buffer = []
            self._turn = (worker + 1) % len(self._procs)
        return worker, docnum

    def _send(self, worker: int, item: list[dict[str, Any]] | None) -> None:
        inbox, proc = self._inboxes[worker], self._procs[worker]
        while True:
            try:
                inbox.put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                self._check_alive(proc)

    def _check_alive(self, proc: Any) -> None:
        if proc.is_alive():
            return
        self._drain()  # it may have reported a failure before dying
        failures = [r for r in self._results if r[1] == "error"]
        reason = failures[0][2] if failures else f"exit code {proc.exitcode}"
        raise IndexWorkerFailed(f"an index worker process failed ({reason})")

    def _drain(self) -> None:
        while True:
            try:
                self._results.append(self._outbox.get_nowait())
            except queue.Empty:
                return

    def finish(self, progress: Callable[[], None] | None = None) -> list[Any]:
        """Wait for every worker's segment (in worker order); raises IndexWorkerFailed if one failed."""
        if self._buffer:
            self._send(self._turn, self._buffer)
            self._buffer = []
        for k in range(len(self._procs)):
            self._send(k, None)
        segments: dict[int, Any] = {}
        while len(segments) < len(self._procs):
            self._drain()
            for worker, kind, payload in self._results:
                if kind == "error":
                    raise IndexWorkerFailed(f"an index worker process failed ({payload})")
                segments[worker] = payload
            self._results = []
            if len(segments) == len(self._procs):
                break
            try:
                self._results.append(self._outbox.get(timeout=POLL_SECONDS))
                continue
            except queue.Empty:
                pass
            if progress is not None:
                progress()
            for k, proc in enumerate(self._procs):
                if k not in segments and not proc.is_alive():
                    self._drain()
                    if not any(r[0] == k for r in self._results):
                        raise IndexWorkerFailed(f"an index worker process died (exit code {proc.exitcode})")
        for p in self._procs:
            p.join(timeout=30)
        return [segments[k] for k in range(len(self._procs))]

    def cancel(self) -> None:
        for p in self._procs:
            if p.is_alive():
                p.terminate()
        for p in self._procs:
            p.join(timeout=10)
        for q in [*self._inboxes, self._outbox]:
            q.cancel_join_thread()
            q.close()


class SegmentSink:
    """Where a build's documents go: the parent's own bulk writer first, worker processes past a point.

    The first ``parallel_after`` documents are indexed in this process (a
    small import never pays for starting processes); the rest go to
    ``procs`` workers, started then. ``add`` returns (part, docnum): part 0
    is the parent's segment, part k the k-th worker's.
    """

    def __init__(self, bulk: Any, dirpath: str, indexname: str, fast: dict[str, str],
                 derived: dict[str, str], *, procs: int, parallel_after: int) -> None:
        self._bulk = bulk
        self._args = (dirpath, indexname, fast, derived)
        self._procs = procs
        self._after = parallel_after if procs > 1 else None
        self._workers: ParallelSegments | None = None
        self._count = 0

    def add(self, values: dict[str, Any]) -> tuple[int, int]:
        self._count += 1
        if self._workers is None and (self._after is None or self._count <= self._after):
            return 0, self._bulk.add_document(values)
        if self._workers is None:
            self._workers = ParallelSegments(*self._args, procs=self._procs)
        worker, docnum = self._workers.add_document(values)
        return worker + 1, docnum

    def worker_segments(self, superseded: list[tuple[int, int]] | None = None) -> list[Any]:
        """The workers' finished segments (none if no worker started), with ``superseded``
        documents of theirs marked deleted. Part 0's are the caller's to delete."""
        if self._workers is None:
            return []
        segments = self._workers.finish()
        for part, docnum in superseded or ():
            if part > 0:
                segments[part - 1].delete_document(docnum)
        return [s for s in segments if s is not None]

    def cancel(self) -> None:
        if self._workers is not None:
            self._workers.cancel()
