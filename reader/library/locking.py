"""One writer per library, across threads and processes.

Two app windows, or the CLI importing while the window is open, must never
write the database and the search index at the same time. Every write to a
library (an import batch, a delete, a rebuild) happens while holding this
lock. It is an OS file lock (``flock`` on POSIX, ``msvcrt.locking`` on
Windows) on ``<library>/write.lock``: the operating system drops it when the
holding process dies, so a crash never leaves a stale lock behind and there
is no pid file to clean up. The file's text (pid, host, command) is only
there to say *who* holds the lock in the message a waiting writer shows.

Readers take no lock: SQLite's WAL mode and Whoosh's generations give them
a consistent snapshot while a writer works.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from reader.errors import LibraryLocked, ReadOnlyLibrary

LOCK_FILENAME = "write.lock"
#: Writers waiting for the lock hold a shared lock on this file, so the holder
#: can tell that someone is waiting and give them a turn.
WAIT_FILENAME = "write.wait"
#: Writers asking whether anyone waits take turns on this file: the question is asked by taking
#: the wait file exclusively for a moment, and two askers at once would each see the other.
ASK_FILENAME = "write.ask"
#: How often a waiting writer retries the lock.
POLL_SECONDS = 0.02
#: How long ``give_turn`` lets go of the lock before it asks again (a waiting writer polls
#: every ``POLL_SECONDS``).
TURN_SECONDS = 0.1
#: Whether ``others_waiting`` can tell (it needs shared locks; elsewhere it always says True).
WAITERS_KNOWN = sys.platform != "win32"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _share(fd: int) -> None:
        pass  # no shared locks: others_waiting() answers "maybe" (True)

    def _nobody_shares(fd: int) -> bool:
        return False

    def _lock_waiting(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _share(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_SH)

    def _nobody_shares(fd: int) -> bool:
        if not _try_lock(fd):
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True

    def _lock_waiting(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)


WaitCallback = Callable[[str], None]


class WriteLock:
    """A re-entrant write lock shared by the threads of this process and other processes.

    ``acquire`` waits up to ``timeout`` seconds; while it waits it calls
    ``on_wait`` once with a message naming the holder, and if the wait runs
    out it raises ``LibraryLocked`` with the same message.
    """

    def __init__(self, root: Path, *, timeout: float = 30.0, on_wait: WaitCallback | None = None):
        self.path = Path(root) / LOCK_FILENAME
        self.timeout = timeout
        self.on_wait = on_wait
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._wait_fd: int | None = None
        self._ask_fd: int | None = None
        self._fd_guard = threading.Lock()

    # -- file handle -------------------------------------------------------
    def _open_fd(self) -> int:
        with self._fd_guard:
            if self._fd is None:
                try:
                    self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                except PermissionError as exc:
                    raise ReadOnlyLibrary(
                        f"cannot create the lock file ({exc.strerror}); the library folder "
                        "is not writable",
                        path=self.path.parent,
                    ) from None
                except OSError as exc:
                    raise ReadOnlyLibrary(
                        f"cannot create the lock file ({exc.strerror or exc})", path=self.path.parent
                    ) from None
            return self._fd

    def _open_wait_fd(self) -> int | None:
        with self._fd_guard:
            if self._wait_fd is None:
                self._wait_fd = self._open_side_file(WAIT_FILENAME)
            return self._wait_fd

    def _open_ask_fd(self) -> int | None:
        with self._fd_guard:
            if self._ask_fd is None:
                self._ask_fd = self._open_side_file(ASK_FILENAME)
            return self._ask_fd

    def _open_side_file(self, name: str) -> int | None:
        try:
            return os.open(self.path.with_name(name), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None

    def close(self) -> None:
        with self._fd_guard:
            for side in ("_wait_fd", "_ask_fd"):
                fd = getattr(self, side)
                if fd is not None:
                    os.close(fd)
                    setattr(self, side, None)
            if self._fd is not None:
                if self._depth:
                    try:
                        _unlock(self._fd)
                    except OSError:
                        pass
                    self._depth = 0
                os.close(self._fd)
                self._fd = None

    # -- locking -----------------------------------------------------------
    def holder(self) -> str:
        """Who holds the lock, as the holder wrote it (best effort)."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""
        return text.splitlines()[0][:200] if text else ""

    def _busy_message(self) -> str:
        who = self.holder()
        who = f" ({who})" if who else ""
        return (
            f"another Article Reader{who} is writing to this library; waiting for it to finish"
        )

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock, waiting up to ``timeout`` seconds (None: the default)."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        if not self._thread_lock.acquire(timeout=max(timeout, 0.0)):
            raise LibraryLocked(
                f"another task in this window is writing to the library (waited {timeout:.0f} s)",
                path=self.path.parent,
            )
        if self._depth:
            self._depth += 1
            return
        try:
            fd = self._open_fd()
            if not _try_lock(fd):
                self._wait_for(fd, timeout, deadline)
            self._depth = 1
            self._write_holder(fd)
        except BaseException:
            self._thread_lock.release()
            raise

    def _wait_for(self, fd: int, timeout: float, deadline: float) -> None:
        wait_fd = self._open_wait_fd() if timeout > 0 else None
        if wait_fd is not None:
            _share(wait_fd)  # "someone is waiting" (see others_waiting)
        try:
            told = False
            while not _try_lock(fd):
                # Said before giving up, so a writer that waited always said so (however late
                # a loaded machine let it look at the clock).
                if not told and self.on_wait is not None:
                    told = True
                    self.on_wait(self._busy_message())
                if time.monotonic() >= deadline:
                    raise LibraryLocked(
                        self._busy_message().replace("; waiting for it to finish", "")
                        + f" (waited {timeout:.0f} s). Try again when it has finished.",
                        path=self.path.parent,
                    )
                time.sleep(POLL_SECONDS)
        finally:
            if wait_fd is not None:
                _unlock(wait_fd)

    def others_waiting(self) -> bool:
        """True when another writer is waiting for this lock (or when that cannot be known)."""
        if not WAITERS_KNOWN:
            return True
        wait_fd, ask_fd = self._open_wait_fd(), self._open_ask_fd()
        if wait_fd is None or ask_fd is None:
            return True
        _lock_waiting(ask_fd)  # (one asker at a time: see ASK_FILENAME)
        try:
            return not _nobody_shares(wait_fd)
        finally:
            _unlock(ask_fd)

    def give_turn(self) -> None:
        """Let the writer waiting for the lock have it, then take it back (held once by the
        caller). Taken back without a time limit: a writer that handed over in the middle of
        its work (an import between two batches) must not fail for waiting, however long the
        other writer keeps the lock; it waits as a writer does, so the other one hands over too."""
        self.release()
        time.sleep(TURN_SECONDS)
        self.acquire(timeout=threading.TIMEOUT_MAX)

    def try_acquire(self) -> bool:
        """Take the lock only if it is free right now."""
        try:
            self.acquire(timeout=0.0)
        except LibraryLocked:
            return False
        return True

    def release(self) -> None:
        if self._depth <= 0:
            raise RuntimeError("WriteLock.release() without acquire()")
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            _unlock(self._fd)
        self._thread_lock.release()

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    @staticmethod
    def _write_holder(fd: int) -> None:
        text = f"pid {os.getpid()} on {socket.gethostname()}: {' '.join(sys.argv)[:150]}\n"
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, text.encode("utf-8", "replace"), 0)
        except (OSError, AttributeError):
            pass  # informational only (and pwrite is POSIX-only)
