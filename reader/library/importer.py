"""Files and folders -> stored, indexed articles.

Three stages, so a large import keeps both cores busy:

1. ``discover`` walks the paths (recursively, hidden files skipped, symlink
   loops reported rather than followed forever) into a sorted file list plus
   the paths that failed already (unreadable folder, broken link, ...).
2. ``prepare`` reads, hashes and parses each file into a ``PreparedFile``.
   For big imports this runs in a small process pool; a file whose bytes the
   library already holds is recognised by its hash and not parsed at all.
3. One writer (this thread) stores each file in its own transaction and,
   now and then (see ``INDEX_COMMIT_*``) and at the end, brings the search
   index up to date from the journal — while holding the library's write
   lock, which it lets go of every ``LOCK_TURN_SECONDS`` so another window
   or a CLI command can get a turn.

Cancelling stops between files; everything stored so far stays, and what the index
lacks then is added later (``_index_later``).
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.errors import LibraryError, ReaderError
from reader.library.codec import PreparedFile, prepare_article, prepare_thread
from reader.library.gc_pacing import fewer_full_collections
from reader.library.import_context import ImportContext
from reader.library.import_pool import _is_known, _start_pool, _worker_init, pool_workers
from reader.library.records import ImportProgress, ImportReport

if TYPE_CHECKING:
    from reader.library.bulkimport import ContainerRun
    from reader.library.index_schema import IndexDoc
    from reader.library.store import Store

log = logging.getLogger(__name__)

#: Below this many files the pool's start-up (~0.5 s) costs more than it saves.
POOL_MIN_FILES = 48
#: Files per task sent to a worker process.
TASK_FILES = 8
#: Tasks queued per worker: enough parsing to keep the workers busy while the
#: writer commits a batch to the index (a few hundred small files in memory).
TASKS_AHEAD_PER_WORKER = 20
#: This often the writer checks whether another window or a CLI command waits
#: for the write lock, and lets it have a turn (the journal keeps the index
#: right whoever commits).
LOCK_TURN_SECONDS = 1.0
#: The index is committed after this long or this many articles: every index
#: commit writes (and later merges) a segment, so fewer commits import faster;
#: a bulk import of a few thousand files commits once, at the end.
INDEX_COMMIT_SECONDS = 30.0
INDEX_COMMIT_ARTICLES = 10_000
#: Worker pools restarted after crashes before the import gives up.
MAX_POOL_RESTARTS = 20

ProgressCallback = Callable[[ImportProgress], None]

#: A browser's "Web page, complete" saves X.html beside a folder of its images, scripts and
#: frames named X + one of these (by the browser's language). That folder is part of the
#: page, not pages of its own: it is not imported when X.html (or .htm) is beside it.
SAVED_PAGE_FOLDER_SUFFIXES = (
    "_files", "-Dateien", "_fichiers", "_archivos", "_arquivos", "_file", "-bestanden",
    "_filer", "-filer", "_tiedostot", "_pliki", "_soubory", ".files", "_bestanden",
)
SAVED_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def saved_page_folders(names: Iterable[str]) -> set[str]:
    """The names among ``names`` that are the resource folders of a saved page beside them."""
    names = list(names)
    stems = {n.rsplit(".", 1)[0] for n in names if n.lower().endswith(SAVED_PAGE_SUFFIXES)}
    return {n for n in names for suffix in SAVED_PAGE_FOLDER_SUFFIXES
            if n.endswith(suffix) and n[: -len(suffix)] in stems}


# -- 1. discovery ------------------------------------------------------------
def display_path(path: str) -> str:
    """A path as text that can be printed and stored (undecodable bytes shown as \\xNN)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _os_reason(exc: OSError, what: str) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link points back to itself"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied: the {what} cannot be read"
    if exc.errno == errno.ENOENT:
        return "no such file or folder (or a broken link)"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return f"cannot be read ({exc.strerror or exc})"


def discover(
    paths: Iterable[str | os.PathLike[str]], *, skip: Iterable[str | os.PathLike[str]] = ()
) -> tuple[list[str], list[tuple[str, str]]]:
    """All files under ``paths`` (absolute, sorted, each once) and the paths that failed.

    Folders in ``skip`` (the library's own folder) are not entered.
    """
    files: dict[tuple[int, int], str] = {}
    failed: list[tuple[str, str]] = []
    seen_dirs: set[tuple[int, int]] = set()
    for folder in skip:
        try:
            st = os.stat(folder)
            seen_dirs.add((st.st_dev, st.st_ino))
        except OSError:
            pass

    def add_file(path: str, st: os.stat_result) -> None:
        files.setdefault((st.st_dev, st.st_ino), path)

    def walk(top: str, top_real: str) -> None:
        stack = [(top, top_real)]
        while stack:
            d, real = stack.pop()
            try:
                entries = sorted(os.scandir(d), key=lambda e: e.name)
            except OSError as exc:
                failed.append((display_path(d), _os_reason(exc, "folder")))
                continue
            subdirs = []
            page_folders = saved_page_folders(e.name for e in entries)
            for entry in entries:
                if entry.name.startswith("."):
                    continue  # hidden files and folders (.git, .DS_Store, editor backups)
                if entry.name in page_folders and entry.is_dir():
                    continue  # a saved page's own images, scripts and frames
                path = entry.path
                try:
                    st = os.stat(path)  # follows links
                except OSError as exc:
                    failed.append((display_path(path), _os_reason(exc, "file")))
                    continue
                if stat.S_ISDIR(st.st_mode):
                    key = (st.st_dev, st.st_ino)
                    sub_real = os.path.realpath(path)
                    if key in seen_dirs:
                        if real == sub_real or real.startswith(sub_real.rstrip(os.sep) + os.sep):
                            failed.append((display_path(path),
                                           "symbolic link loop: the link points back to "
                                           f"{display_path(sub_real)}, already being imported"))
                        continue  # another link to a folder already read: nothing new there
                    seen_dirs.add(key)
                    subdirs.append((path, sub_real))
                elif stat.S_ISREG(st.st_mode):
                    add_file(path, st)
                else:
                    failed.append((display_path(path),
                                   "not a regular file (a device, pipe or socket)"))
            stack.extend(reversed(subdirs))

    for raw in paths:
        path = os.path.abspath(os.fspath(raw))
        try:
            st = os.stat(path)
        except OSError as exc:
            failed.append((display_path(path), _os_reason(exc, "file")))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key not in seen_dirs:
                seen_dirs.add(key)
                walk(path, os.path.realpath(path))
        elif stat.S_ISREG(st.st_mode):
            add_file(path, st)
        else:
            failed.append((display_path(path), "not a regular file (a device, pipe or socket)"))
    return sorted(files.values()), failed


# -- 2. preparing (may run in worker processes) --------------------------------
@dataclass
class Prepared:
    """The outcome of preparing one file: a parse, a known hash, or a reason it failed."""

    path: str
    file: PreparedFile | None = None
    known_hash: str | None = None
    error: str | None = None


def prepare_one(path: str, *, skip_known: bool = True) -> Prepared:
    """Read and parse one file. Never raises for a bad file: the reason is in ``error``."""
    from reader.parsing import content_hash, parse_bytes
    from reader.parsing.decode import read_bytes

    shown = display_path(path)
    try:
        data, inner_name = read_bytes(path)
        digest = content_hash(data)
        if skip_known and _is_known(digest):
            return Prepared(shown, known_hash=digest)
        parsed = parse_bytes(data, source=shown, name=inner_name)
        del data
        articles = [prepare_article(a) for a in parsed.articles]
        threads = [prepare_thread(t) for t in parsed.threads]
        return Prepared(shown, file=PreparedFile(shown, parsed.format, parsed.content_hash,
                                                 articles, threads))
    except ReaderError as exc:
        return Prepared(shown, error=exc.reason)
    except MemoryError:
        return Prepared(shown, error="too large to read in the memory available")
    except RecursionError:
        return Prepared(shown, error="the file is nested too deeply to read")
    except Exception as exc:  # a parser bug must not stop the import of the other files
        log.exception("unexpected error reading %s", shown)
        return Prepared(shown, error=f"could not be read (internal error: {type(exc).__name__})")


def _prepare_task(paths: list[str]) -> list[Prepared]:
    return [prepare_one(p) for p in paths]


def prepare_all(files: Sequence[str], db_path: str, cancel: threading.Event | None,
                workers: int | None = None) -> Generator[Prepared, None, None]:
    """``Prepared`` for each file, in order; in worker processes when it pays off."""
    workers = pool_workers() if workers is None else workers
    if workers <= 1 or len(files) < POOL_MIN_FILES:
        _worker_init(None)
        for path in files:
            yield prepare_one(path, skip_known=False)
        return
    yield from _prepare_in_pool(files, db_path, cancel, workers)


def _prepare_in_pool(files: Sequence[str], db_path: str, cancel: threading.Event | None,
                     workers: int) -> Iterator[Prepared]:
    tasks = deque(list(files[i:i + TASK_FILES]) for i in range(0, len(files), TASK_FILES))
    pool = _start_pool(workers, db_path)
    if pool is None:
        _worker_init(db_path)
        for path in files:
            if cancel is not None and cancel.is_set():
                return
            yield prepare_one(path)
        return
    inflight: deque[tuple[list[str], Future[list[Prepared]]]] = deque()
    breaks = 0
    try:
        while tasks or inflight:
            if cancel is not None and cancel.is_set():
                return
            while tasks and len(inflight) < workers * TASKS_AHEAD_PER_WORKER:
                chunk = tasks.popleft()
                inflight.append((chunk, pool.submit(_prepare_task, chunk)))
            chunk, fut = inflight.popleft()
            try:
                results = fut.result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pending = [chunk] + [c for c, _f in inflight] + list(tasks)
                inflight.clear()
                breaks += 1
                # A worker died (a parser crash, or the system killed it). Retry the
                # unfinished work one file per task in a fresh pool, so only the file
                # that kills a worker fails.
                if len(chunk) == 1:
                    pending.pop(0)
                    yield Prepared(display_path(chunk[0]),
                                   error="reading this file crashed the reader's worker process")
                tasks = deque([p] for c in pending for p in c)
                pool = _start_pool(workers, db_path) if breaks <= MAX_POOL_RESTARTS else None
                if pool is None:
                    raise LibraryError(
                        "the import stopped: its worker processes kept crashing "
                        f"({breaks} times); the files imported so far are kept"
                    ) from None
                continue
            yield from results
    finally:
        for _chunk, fut in inflight:
            fut.cancel()
        if pool is not None:  # (None when it kept crashing and was not restarted)
            pool.shutdown(wait=True, cancel_futures=True)


# -- 3. storing and indexing (the one writer) ------------------------------------
@fewer_full_collections()  # (the objects an import keeps would set off full collections)
def import_paths(
    ctx: ImportContext,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    columns: dict[str, str] | None = None,
) -> ImportReport:
    """Import files and folders into the context's library; see the module docstring.

    Containers (tables...) are imported after the other files, record by record
    (``reader.library.bulkimport``); ``columns`` maps article fields to table columns.
    """
    from reader.parsing.containers import container_kind

    report = ImportReport()
    files, failed = discover(paths, skip=[ctx.root])
    report.failed.extend(failed)
    total = len(files)
    containers = [f for f in files if container_kind(f) is not None]
    if containers:
        files = [f for f in files if f not in set(containers)]
    if progress is not None:
        progress(ImportProgress(0, total, ""))
    if not files and not containers:
        return report
    lock = ctx.lock
    lock.acquire()
    done = 0
    try:
        if files:
            # closing(): stops the worker pool at once when the loop ends early.
            with closing(prepare_all(files, str(ctx.store.path), cancel, workers)) as items:
                done = _store_all(ctx, items, total, report, progress, cancel)
        if containers:
            done = _import_containers(ctx, containers, done, total, report, progress, cancel, workers, columns)
    finally:
        try:
            if cancel is not None and cancel.is_set():
                _index_later(ctx)
            else:
                ctx.catch_up()
        except ReaderError as exc:
            # The articles are stored; the index catches up on the next start or check.
            log.warning("search index not updated after import: %s", exc.reason)
        finally:
            lock.release()
    if progress is not None:
        progress(ImportProgress(done, total, ""))
    return report


def _index_later(ctx: ImportContext) -> None:
    """After Cancel the index is not brought up to date here (in a big import that takes
    minutes): the library says what it lacks, and the window's catch-up, the next open or
    ``check`` adds it."""
    from reader.library import sync

    backlog = ctx.store.backlog(sync.read_indexed_seq(sync.index_dir(ctx.root)) or 0)
    if backlog and ctx.index() is not None:
        ctx.index_failed(sync.backlog_problem(backlog))


@dataclass
class _Run:
    """The state of one import shared by its batches."""

    items: Iterator[Prepared]
    total: int
    report: ImportReport
    progress: ProgressCallback | None
    cancel: threading.Event | None
    done: int = 0
    finished: bool = False
    fatal: ReaderError | None = None


def _import_containers(ctx: ImportContext, containers: list[str], done: int, total: int,
                       report: ImportReport, progress: ProgressCallback | None,
                       cancel: threading.Event | None, workers: int | None,
                       columns: dict[str, str] | None) -> int:
    """Store the records of every container, sharing one set of parser processes and the
    index's pacing (``bulkimport.ContainerRun``); returns how many files are done."""
    from reader.library.bulkimport import ContainerRun

    run = ContainerRun.start(ctx, workers)
    try:
        for path in containers:
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            _import_container(ctx, path, report, progress, cancel, run, columns)
            done += 1
            if progress is not None:
                progress(ImportProgress(done, total, ""))
    except BaseException:
        run.drop_parsers()
        raise
    run.finish(ctx, cancelled=cancel is not None and cancel.is_set(), progress=progress)
    return done


def _import_container(ctx: ImportContext, path: str, report: ImportReport,
                      progress: ProgressCallback | None, cancel: threading.Event | None,
                      run: ContainerRun, columns: dict[str, str] | None) -> None:
    """Open one container and store its records; a file that cannot be opened is reported."""
    from reader.library.bulkimport import import_container
    from reader.parsing.containers import open_container
    from reader.parsing.table_columns import ColumnsNeeded

    shown = display_path(path)
    try:
        container = open_container(path, **({"columns": columns} if columns else {}))
    except ColumnsNeeded as exc:
        report.failed.append((shown, exc.reason))
        report.needs_columns.append((path, exc.columns, exc.preview))
        return
    except ReaderError as exc:
        report.failed.append((shown, exc.reason))
        return
    except Exception as exc:  # a reader bug must not stop the import of the other files
        log.exception("unexpected error opening %s", shown)
        report.failed.append((shown, f"could not be read (internal error: {type(exc).__name__})"))
        return
    if container is None:
        return
    with container:
        import_container(ctx, container, report, progress=progress, cancel=cancel, run=run)


def _store_all(ctx: ImportContext, items: Iterator[Prepared], total: int, report: ImportReport,
               progress: ProgressCallback | None, cancel: threading.Event | None) -> int:
    """Store prepared files in order, in index batches; returns how many files were done."""
    run = _Run(items, total, report, progress, cancel)
    lock = ctx.lock
    while not run.finished:
        _index_batch(ctx, run)
        if run.fatal is not None:
            raise run.fatal
        if not run.finished and lock.others_waiting():
            lock.give_turn()
    report.cancelled = run.done < total and cancel is not None and cancel.is_set()
    return run.done


def _index_batch(ctx: ImportContext, run: _Run) -> None:
    """Store files and stream their articles into one index commit.

    The index writer consumes the documents while the files are being stored
    (and parsed by the workers), so indexing overlaps parsing and a bulk import
    makes one segment instead of many small ones to merge. The batch ends
    after ``INDEX_COMMIT_*`` or as soon as another writer is waiting.
    """
    from reader.library import background_index, sync

    store, lock = ctx.store, ctx.lock
    if not background_index.catch_up_first(ctx, run.cancel):  # Cancel came first: nothing of this batch stored
        run.finished = True
        return
    start_seq = store.max_seq()
    yielded: set[int] = set()

    def stream() -> Iterator[IndexDoc]:
        started = turn = time.monotonic()
        articles = 0
        for item in run.items:
            if run.progress is not None:
                run.progress(ImportProgress(run.done, run.total, item.path))
            if run.cancel is not None and run.cancel.is_set():
                break
            try:
                ids = _store_one(store, item, run.report)
            except ReaderError as exc:  # the library cannot take writes: stop the import
                run.fatal = exc
                break
            run.done += 1
            for rec in store.index_records(ids) if ids else ():
                yielded.add(rec.id)
                yield sync.to_doc(rec)
            articles += len(ids)
            now = time.monotonic()
            if articles >= INDEX_COMMIT_ARTICLES or now - started >= INDEX_COMMIT_SECONDS:
                return
            if now - turn >= LOCK_TURN_SECONDS:
                turn = now
                if lock.others_waiting():
                    return
        run.finished = True

    index = ctx.index()
    if index is None:  # unusable index: store anyway; a check rebuilds it
        for _doc in stream():
            pass
        return
    try:
        index.add(stream())
        sync.finish_stream(store, index, sync.index_dir(ctx.root), start_seq, yielded)
    except ReaderError:
        raise
    except Exception as exc:  # the index failed; the stored articles are safe
        log.warning("indexing failed during import (%s: %s); a check will repair it",
                    type(exc).__name__, exc)
        ctx.index_failed(f"indexing failed during an import ({type(exc).__name__})")
        for _doc in stream():  # go on storing the rest
            pass


def _store_one(store: Store, item: Prepared, report: ImportReport) -> list[int]:
    """Store one prepared file, recording the outcome; returns the ids written."""
    if item.error is not None:
        report.failed.append((item.path, item.error))
        return []
    if item.known_hash is not None:
        ids = store.ids_by_hash(item.known_hash)
        if ids:
            report.unchanged.extend(ids)
            return []
        item = prepare_one(item.path, skip_known=False)  # deleted meanwhile: parse it now
        if item.error is not None:
            report.failed.append((item.path, item.error))
            return []
    assert item.file is not None
    try:
        outcome = store.store_file(item.file)
    except LibraryError:
        raise  # the library itself cannot take writes (damaged, full disk): stop the import
    except Exception as exc:
        # This file's transaction was rolled back; the library is as it was before it.
        log.exception("could not store %s", item.path)
        reason = exc.reason if isinstance(exc, ReaderError) else (
            f"could not be stored ({type(exc).__name__}: {exc})")
        report.failed.append((item.path, reason))
        return []
    report.waiting.extend((item.path, label) for label in outcome.waiting)
    report.imported.extend(outcome.imported)
    report.updated.extend(outcome.updated)
    report.unchanged.extend(outcome.unchanged)
    return outcome.imported + outcome.updated

