"""Imports from the window: a background worker, a progress bar, Cancel.

``Library.import_paths`` runs on the pool with a ``threading.Event`` for
Cancel; what was committed before Cancel stays. Requests made while an
import runs (a second drop) are queued and run next, so the library only
ever has one writer from this window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from reader.gui.workers import Worker, WorkerPool


class ImportController(QObject):
    started = Signal(int)  # number of paths asked for
    progress = Signal(int, int, str)
    finished = Signal(object, bool)  # ImportReport, show_first
    failed = Signal(str)

    def __init__(self, library: Any, pool: WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.pool = pool
        self._worker: Worker | None = None
        self._queue: list[tuple[list[str], bool]] = []

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, paths: list[str], *, show_first: bool = True) -> None:
        paths = [str(p) for p in paths if str(p)]
        if not paths:
            return
        if self._worker is not None:
            self._queue.append((paths, show_first))
            return
        worker = Worker(self.library.import_paths, paths, report=True)
        worker.signals.progress.connect(self.progress)
        worker.signals.finished.connect(lambda report, s=show_first: self._on_finished(report, s))
        worker.signals.error.connect(self._on_error)
        self._worker = worker
        self.started.emit(len(paths))
        self.pool.start(worker)

    def cancel(self) -> None:
        self._queue.clear()
        if self._worker is not None:
            self._worker.cancel()

    def _next(self) -> None:
        self._worker = None
        if self._queue:
            paths, show = self._queue.pop(0)
            self.start(paths, show_first=show)

    def _on_finished(self, report: Any, show_first: bool) -> None:
        self._next()
        self.finished.emit(report, show_first)

    def _on_error(self, message: str) -> None:
        self._next()
        self.failed.emit(message)


class ImportStatus(QWidget):
    """Progress bar and Cancel button that live in the status bar during an import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("Importing…", self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("&Cancel Import", self)
        self.cancel_button.setToolTip("Stop importing; what is already imported stays")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def begin(self, _n_paths: int) -> None:  # the signal carries the count; the bar waits for totals
        self.label.setText("Importing…")
        self.bar.setRange(0, 0)  # busy until the first progress report gives a total
        self.cancel_button.setEnabled(True)
        self.show()

    def update_progress(self, done: int, total: int, current: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat(f"{done} / {total}")
        name = current.replace("\\", "/").rsplit("/", 1)[-1]
        self.label.setText(f"Importing {name}" if name else "Importing…")

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
