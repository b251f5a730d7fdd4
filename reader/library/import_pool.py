"""The import's worker processes: how many, how they start, what each keeps open.

Shared by the file importer (``reader.library.importer``) and the container
importer (``reader.library.bulkimport``); kept apart so neither imports the other.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

log = logging.getLogger(__name__)

_known_hash_db = None  # per worker: a read-only connection to the library, for hash look-ups


def _worker_init(db_path: str | None, in_worker: bool = False) -> None:
    global _known_hash_db
    if in_worker:
        import signal

        # Ctrl-C is the parent's to handle (it cancels between files).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _exit_with_parent()
    if db_path is None:
        return
    import sqlite3

    try:
        _known_hash_db = sqlite3.connect(Path(db_path).as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        _known_hash_db = None


def _exit_with_parent() -> None:
    """End this worker when the importing process ends without stopping it (killed outright:
    SIGKILL, SIGTERM, a crash). A pool's worker would otherwise wait for work for ever,
    holding its ~100 MB, after every such end of an import."""
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # (waits on the parent's sentinel: no polling)
        os._exit(0)

    threading.Thread(target=watch, name="reader-parent-watch", daemon=True).start()


def _is_known(content_hash: str) -> bool:
    if _known_hash_db is None:
        return False
    import sqlite3

    try:
        return _known_hash_db.execute(
            "SELECT 1 FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)
        ).fetchone() is not None
    except sqlite3.Error:
        return False


def pool_workers() -> int:
    env = os.environ.get("ARTICLE_READER_IMPORT_WORKERS")
    if env and env.isdigit():
        return int(env)
    # A frozen app re-executes itself for each worker: packaging/launcher.py calls
    # multiprocessing.freeze_support() first, so the pool works there too.
    return min(2, os.cpu_count() or 1)


def _make_pool(workers: int, db_path: str) -> ProcessPoolExecutor:
    import multiprocessing

    # "spawn": forking a process that runs Qt threads (the window imports on a
    # worker thread) can deadlock; spawned workers start clean.
    ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                               initializer=_worker_init, initargs=(db_path, True))


def _ping() -> bool:
    return True


def _start_pool(workers: int, db_path: str) -> ProcessPoolExecutor | None:
    """A started pool, or None when worker processes cannot run here at all."""
    pool = _make_pool(workers, db_path)
    try:
        pool.submit(_ping).result(timeout=120)
    except Exception:  # BrokenProcessPool, timeout, a sandbox forbidding processes...
        log.warning("import worker processes unavailable; reading files in this process",
                    exc_info=True)
        pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool
