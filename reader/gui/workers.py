"""Long work off the GUI thread: QRunnables that report through signals.

A worker runs one function on a ``QThreadPool`` thread. The function gets a
``progress`` callback and a ``cancel`` event; the worker turns them into Qt
signals that arrive on the GUI thread (napari's ``_qt/qthreading.py`` shape).
Errors the user can act on (``ReaderError``) arrive as their reason; anything
else is a bug, logged with its traceback and reported in one line.

The signals holder is created on the GUI thread, so its queued signals are
delivered there whatever thread emits them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from reader.errors import ReaderError

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    progress = Signal(int, int, str)  # done, total, current item
    finished = Signal(object)  # the function's result
    partial = Signal(object)  # an early part of the result (search: the title preview)
    error = Signal(str)  # a message a person can read


class Worker(QRunnable):
    """Runs ``fn(*args, **kwargs)``; with ``report=True`` also passes progress/cancel.

    ``generation`` tags the job so a receiver can drop stale results (search).
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        report: bool = False,
        generation: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps the reference; see WorkerPool
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.report = report
        self.generation = generation
        self.cancel_event = threading.Event()
        self.signals = WorkerSignals()

    def cancel(self) -> None:
        self.cancel_event.set()

    def _progress(self, p: Any) -> None:
        # Library reports ImportProgress(done, total, current); accept any such object.
        done = int(getattr(p, "done", 0))
        total = int(getattr(p, "total", 0))
        current = str(getattr(p, "current", "") or "")
        self.signals.progress.emit(done, total, current)

    def run(self) -> None:  # runs on a pool thread
        try:
            if self.report:
                result = self.fn(*self.args, progress=self._progress, cancel=self.cancel_event, **self.kwargs)
            else:
                result = self.fn(*self.args, **self.kwargs)
        except ReaderError as exc:
            self.signals.error.emit(exc.reason if not exc.path else f"{exc.path}: {exc.reason}")
        except Exception as exc:  # a bug: keep the traceback in the log, tell the user briefly
            log.exception("background task failed")
            self.signals.error.emit(f"Unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.signals.finished.emit(result)


class WorkerPool(QObject):
    """A private thread pool that keeps its running workers alive and can drain.

    Keeping Python references until a worker reports avoids the runnable (and
    its signals holder) being collected while its thread still runs.
    """

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: set[Worker] = set()

    def start(self, worker: Worker) -> Worker:
        self._running.add(worker)
        worker.signals.finished.connect(lambda _r, w=worker: self._running.discard(w))
        worker.signals.error.connect(lambda _e, w=worker: self._running.discard(w))
        self._pool.start(worker)
        return worker

    def active(self) -> int:
        return len(self._running)

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel what can be cancelled and wait for the rest (on window close)."""
        for w in list(self._running):
            w.cancel()
        return self._pool.waitForDone(timeout_ms)
