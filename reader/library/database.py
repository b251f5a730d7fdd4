"""One SQLite library file: a connection per thread, write transactions, typed errors.

Threads: one connection per thread (SQLite connections must not be shared
mid-statement), kept in a ``threading.local``. A thread's local values go when
its Python thread state goes, and for a thread Python did not start (a Qt pool
thread) that is at the end of every job it runs: its connection then waits
among the spares for the next thread without one, so the connections (each
with its page cache, up to 16 MB) stay as many as the threads using them at
once rather than one more per job (issue 16: 175 connections, 100 MB of
SQLite memory after the window's 48 typed searches at 1,000,000 articles).
Writes are serialized by a lock here and across processes by
``reader.library.locking.WriteLock`` (held by the callers). SQLite errors are
translated to the typed errors the user can act on: ``CorruptLibrary`` (never
written to again), ``ReadOnlyLibrary`` (permissions, full disk),
``LibraryLocked``.

What the file holds (the tables, their upgrades and the writes) is
``reader.library.store``; the reads are ``reader.library.article_reads``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.errors import CorruptLibrary, LibraryError, LibraryLocked, ReadOnlyLibrary

DB_FILENAME = "library.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000

# Primary SQLite result codes we translate (the rest are bugs and propagate).
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB, _SQLITE_PERM = 13, 14, 26, 3


def corrupt_message(path: Path, detail: str) -> str:
    return (
        f"the library database is damaged ({detail}). It has been left exactly as it is. "
        f"To start afresh, move {path} aside (for example rename it to "
        f"{path.stem}-damaged{path.suffix}) and import your articles again; keep the "
        "damaged copy if you want to try recovering it (sqlite3 .recover)."
    )


def translate(exc: sqlite3.Error, path: Path) -> Exception:
    """The typed error a person can act on, for an SQLite error (or ``exc`` itself: a bug)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = str(exc)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in detail or (
        "not a database" in detail
    ):
        return CorruptLibrary(corrupt_message(path, detail), path=path)
    if primary == _SQLITE_FULL or "disk is full" in detail:
        return ReadOnlyLibrary(
            "the disk is full: free some space and try again (nothing was half-written)",
            path=path.parent,
        )
    if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return ReadOnlyLibrary(
            f"the library cannot be written ({detail}); check the folder's permissions",
            path=path.parent,
        )
    if primary == _SQLITE_IOERR:
        # A write past the end of a full disk or of the file size limit comes as an
        # I/O error rather than SQLITE_FULL; the transaction was rolled back.
        return ReadOnlyLibrary(
            f"the disk reported an error ({detail}); if it is full, free some space and try "
            "again (nothing was half-written)",
            path=path.parent,
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return LibraryLocked(
            "another Article Reader is writing to this library; try again when it has finished",
            path=path.parent,
        )
    return exc


class Connection(sqlite3.Connection):
    """A library connection: an ``sqlite3.Connection`` that can be referred to weakly, so
    per-connection caches (``reader.library.story_cache``) go when it goes."""


class _Held:
    """A thread's connection while the thread's local values live; then it is a spare again."""

    __slots__ = ("conn", "spares")

    def __init__(self, conn: sqlite3.Connection, spares: deque[sqlite3.Connection]) -> None:
        self.conn = conn
        self.spares = spares

    def __del__(self) -> None:
        self.spares.append(self.conn)  # (deque.append: atomic, no lock in a destructor)


class Database:
    """The SQLite file of one library folder: connections, transactions, reads with typed errors."""

    def __init__(self, root: Path, *, create: bool = True) -> None:
        self.root = Path(root)
        self.path = self.root / DB_FILENAME
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._spares: deque[sqlite3.Connection] = deque()  # left by threads whose local values went
        self._conns_lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._closed = False
        self._check_header()
        new = not self.path.exists() or self.path.stat().st_size == 0
        if new and not create:
            raise LibraryError("there is no library in this folder", path=self.root)

    # -- connections ---------------------------------------------------------
    def _check_header(self) -> None:
        """Refuse a file that is not SQLite before SQLite ever touches it."""
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return
        except PermissionError:
            raise ReadOnlyLibrary("the library database cannot be read (permission denied)",
                                  path=self.path) from None
        if head and head != SQLITE_HEADER:
            raise CorruptLibrary(
                corrupt_message(self.path, "the file does not start like an SQLite database"),
                path=self.path,
            )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000, factory=Connection,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -16000")
            conn.execute("PRAGMA temp_store = MEMORY")
        except BaseException:
            conn.close()
            raise
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections must not be shared mid-statement)."""
        if self._closed:
            raise LibraryError("the library has been closed", path=self.root)
        held = getattr(self._local, "held", None)
        if held is None:
            held = self._local.held = _Held(self._spare() or self._new_connection(), self._spares)
        conn: sqlite3.Connection = held.conn
        return conn

    def _spare(self) -> sqlite3.Connection | None:
        """A connection no thread holds any more (warm page cache), or None."""
        try:
            conn = self._spares.pop()
        except IndexError:
            return None
        if conn.in_transaction:  # (never left so by a finished call; a reader must not see a stale snapshot)
            with self._translated():
                conn.execute("ROLLBACK")
        return conn

    def _new_connection(self) -> sqlite3.Connection:
        with self._translated():
            conn = self._connect()
        with self._conns_lock:
            self._conns.append(conn)
        return conn

    def close(self) -> None:
        self._closed = True
        with self._conns_lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error:
                pass

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            typed = translate(exc, self.path)
            if typed is exc:
                raise
            raise typed from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), rolled back on any error."""
        with self._write_lock, self._translated():
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise
            else:
                conn.execute("COMMIT")

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._translated():
            return self.conn.execute(sql, params).fetchall()

    def quick_check(self, tables: Sequence[str] | None = None) -> list[str]:
        """SQLite's own consistency check (of every page, or of ``tables`` and their
        indexes only); an empty list when the file is sound."""
        rows = []
        with self._translated():
            for table in [None] if tables is None else tables:
                pragma = "PRAGMA quick_check" if table is None else f'PRAGMA quick_check("{table}")'
                rows += self.conn.execute(pragma).fetchall()
        return [r[0] for r in rows if r[0] != "ok"]
