"""The search index at the end of a bulk import (``bulkimport``), and the catch-ups in flight.

While rows are stored, one worker process at a time writes the index's next segment
(``background_index.BackgroundCatchUp``, started by ``bulkimport._between_batches``). At the
end the parsers have stopped and the cores are free: what the index still lacks is split
between worker processes and committed in journal order (``finish_background``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from itertools import takewhile
from typing import TYPE_CHECKING, Any, Protocol

from reader.errors import ReaderError
from reader.library.locking import WAITERS_KNOWN
from reader.library.records import ImportProgress

if TYPE_CHECKING:
    from reader.library.import_context import ImportContext

log = logging.getLogger(__name__)


class ContainerRun(Protocol):
    """What an import keeps across its files here (``bulkimport.ContainerRun``)."""

    #: The catch-up in flight (``background_index.BackgroundCatchUp``), or None.
    background: Any


#: At the end, the rows the index lacks are split between index worker processes from
#: this many per process on (fewer: one process, or this one: ``catch_up_last``).
REST_IN_WORKER_MIN = 2_000


def commit_background(run: ContainerRun) -> None:
    """Commit the catch-up in flight (waiting for it); a failed one is left to the next."""
    flight, run.background = run.background, None
    if flight is not None:
        _commit_in_order([flight])


def _commit_in_order(flights: list[Any]) -> None:
    from reader.library.background_index import commit_in_order
    from reader.library.parallel_index import IndexWorkerFailed

    try:
        commit_in_order(flights)
    except (ReaderError, IndexWorkerFailed) as exc:
        log.warning("search index not updated during import: %s", getattr(exc, "reason", exc))


def finish_background(ctx: ImportContext, run: ContainerRun,
                      progress: Callable[[ImportProgress], None] | None = None) -> None:
    """At the end: the catch-up in flight is committed once written, unless another writer
    comes meanwhile: then it is stopped, and ``catch_up_last`` indexes its articles after
    giving that writer its turn.

    What is newer (the rows stored since it started: tens of thousands in a big import,
    minutes of indexing) is then split between worker processes (``_start_rest``): the
    parsers have stopped, so the cores are free, where one catch-up kept the import waiting
    on one core. They start after the one in flight is written, so that no more index
    workers run at once than while rows were stored (their memory adds up); one still
    reading its articles is stopped instead, and they are split with the rest
    (``_split_instead``). All are committed together in journal order
    (``background_index.commit_in_order``); a writer that comes meanwhile gets the segments
    written so far, in order, and the rest waits for ``catch_up_last``. ``progress`` hears
    how many articles the workers add, before and once they are in (unit "index")."""
    flight = run.background
    if flight is not None and _split_instead(flight):
        run.background = None
        flight.cancel()
        flight = None
    while flight is not None and not flight.ready():
        if WAITERS_KNOWN and ctx.lock.others_waiting():
            drop_background(run)
            return
        time.sleep(0.1)
    commit_background(run)
    flights = _start_rest(ctx)
    total = sum(len(f.ids) for f in flights)
    if progress is not None and total:
        progress(ImportProgress(0, total, "", unit="index"))
    while not all(f.ready() for f in flights):
        if WAITERS_KNOWN and ctx.lock.others_waiting():
            written = list(takewhile(lambda f: f.ready(), flights))
            _cancel_all(flights[len(written):])
            flights = written
            break
        time.sleep(0.1)
    if flights:
        _commit_in_order(flights)
        if progress is not None:
            progress(ImportProgress(total, total, "", unit="index"))


def _split_instead(flight: Any) -> bool:
    """Is the catch-up in flight better stopped, its articles split with the rest? While it
    still reads its articles it has done less than half its work (writing the postings is
    the other half), so two workers sharing all of it finish sooner than it and then the
    rest would (a catch-up started shortly before the last row: 54,400 articles at the
    end of the 100,000-row bench import)."""
    from reader.library.parallel_index import index_procs

    return index_procs() > 1 and not flight.ready() and not flight.all_read()


def _start_rest(ctx: ImportContext) -> list[Any]:
    """Catch-ups of what the index lacks, split between ``parallel_index.index_procs`` worker
    processes, each of ``REST_IN_WORKER_MIN`` articles or more; empty when there are fewer
    (``catch_up_last`` indexes them)."""
    index = ctx.index()
    if ctx.catch_up_background is None or index is None:
        return []
    from reader.library import background_index, sync
    from reader.library.parallel_index import index_procs

    try:
        return background_index.start_catch_ups(ctx.store, index, sync.index_dir(ctx.root),
                                                 index_procs(), REST_IN_WORKER_MIN)
    except ReaderError:
        raise
    except Exception:  # (no worker processes here: ``catch_up_last`` indexes the rest)
        log.warning("index worker processes unavailable", exc_info=True)
        return []


def _cancel_all(flights: list[Any]) -> None:
    for flight in flights:
        flight.cancel()


def catch_up_last(ctx: ImportContext) -> None:
    """The table's last rows into the index: many (up to ``INDEX_EVERY_ARTICLES``, minutes)
    by a worker process that gives a waiting writer its turn (it gave up after 30 s), a few
    as one segment written here (``catch_up``)."""
    from reader.library.background_index import catch_up_first

    catch_up_first(ctx, None, lambda: catch_up(ctx))


def drop_background(run: ContainerRun) -> None:
    """After Cancel, or for a waiting writer: the catch-up in flight is committed if its segment
    is ready, else stopped (a big one takes minutes); its articles are indexed later
    (``importer._index_later``, the next catch-up)."""
    flight = run.background
    if flight is not None and not flight.ready():
        run.background = None
        flight.cancel()
    commit_background(run)


def catch_up(ctx: ImportContext) -> int:
    """Index what was stored since the last commit, as one segment written by this process
    (the worker processes are parsing; more segments would mean more words written)."""
    return (ctx.catch_up_bulk or ctx.catch_up)()
