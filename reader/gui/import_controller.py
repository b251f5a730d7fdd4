"""Imports from the window: a background worker, a progress bar, Cancel.

``Library.import_paths`` runs on the pool with a ``threading.Event`` for
Cancel; what was committed before Cancel stays. Requests made while an
import runs (a second drop) are queued and run next, so the library only
ever has one writer from this window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from reader.gui.workers import Worker, WorkerPool

#: Between the controller and the status bar: a table's progress in rows travels as
#: ``current = path + ROWS_MARK + rate`` on the (done, total, current) progress signal.
ROWS_MARK = "\x1frows/s="
#: ... and the end of a big import, its last articles added to the search index.
INDEX_MARK = "\x1findex"


@dataclass(frozen=True)
class _Progress:
    done: int
    total: int
    current: str


class ImportController(QObject):
    started = Signal(int)  # number of paths asked for
    progress = Signal(int, int, str)
    finished = Signal(object, bool)  # ImportReport, show_first
    failed = Signal(str)
    asking = Signal(object)  # the column dialog, just before it opens
    declined = Signal(str)  # a table whose columns the user did not choose
    indexing = Signal()  # a cancelled import left articles out of the search index: adding them
    indexed = Signal(int, bool)  # ... done: how many were added, whether the index is up to date
    #: The catch-up waits while another writer (a CLI import...) has the library: who; "" when it goes on.
    indexing_paused = Signal(str)

    def __init__(self, library: Any, pool: WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.pool = pool
        self._worker: Worker | None = None
        self._catching_up = False  # the worker is the index catch-up after a cancelled import
        self._after_catch_up: Callable[[], None] | None = None  # run once it brought the index up to date
        self._queue: list[tuple[list[str], bool, dict[str, str] | None]] = []
        #: Tables already asked about (the window asks once per table).
        self._asked: set[str] = set()
        self._asking: list[tuple[str, list[str], list[list[str]], bool]] = []
        self.dialog: Any = None  # the column dialog on screen, if any
        self.waiting_dialog: Any = None  # the list of comment files waiting for their article

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, paths: list[str], *, show_first: bool = True,
              columns: dict[str, str] | None = None) -> None:
        paths = [str(p) for p in paths if str(p)]
        if not paths:
            return
        if self._worker is not None:
            self._queue.append((paths, show_first, columns))
            if self._catching_up:  # the import brings the index up to date itself
                self._worker.cancel()
            return
        worker = Worker(self._run, paths, columns, report=True)
        worker.signals.progress.connect(self.progress)
        worker.signals.finished.connect(lambda report, s=show_first: self._on_finished(report, s))
        worker.signals.error.connect(self._on_error)
        self._worker = worker
        self.started.emit(len(paths))
        self.pool.start(worker)

    def _run(self, paths: list[str], columns: dict[str, str] | None, *,
             progress: Callable[[Any], None], cancel: Any) -> Any:
        """The import, on the pool thread; a table's row progress is passed on with its rate."""

        def report(p: Any) -> None:
            if getattr(p, "unit", "files") == "index":
                p = _Progress(p.done, p.total, INDEX_MARK)
            elif getattr(p, "unit", "files") == "rows":
                p = _Progress(p.done, p.total, f"{p.current}{ROWS_MARK}{getattr(p, 'rate', 0.0):.0f}")
            progress(p)

        extra = {"columns": columns} if columns else {}
        return self.library.import_paths(paths, progress=report, cancel=cancel, **extra)

    def cancel(self) -> None:
        self._queue.clear()
        if self._worker is not None:
            self._worker.cancel()

    def _next(self, *, catch_up: bool = False) -> None:
        self._worker = None
        self._catching_up = False
        if self._queue:
            paths, show, columns = self._queue.pop(0)
            self.start(paths, show_first=show, columns=columns)
        elif catch_up and "not in the search index" in (getattr(self.library, "index_problem", None) or ""):
            self._start_catch_up()

    def catch_up_if_behind(self, then: Callable[[], None]) -> bool:
        """At start-up, articles the library left out of the search index (a cancelled CLI
        import...) are added by the catch-up below rather than by the start-up check, which
        would hold the library for its whole run (another writer waiting for it gives up
        after 30 s) and cannot be stopped; ``then`` runs once the index is up to date."""
        if self._worker is not None or "not in the search index" not in (
                getattr(self.library, "index_problem", None) or ""):
            return False
        self._after_catch_up = then
        self._start_catch_up()
        return True

    def _start_catch_up(self) -> None:
        """After Cancel the import left its last articles out of the search index (a big
        import's catch-up takes minutes): add them now, in a worker process that Cancel,
        closing the window or the next import stops at once, and that gives way to another
        writer (a CLI import, a second window), going on once it is done."""
        worker = Worker(self.library.catch_up, report=True,
                        on_pause=lambda who: self.indexing_paused.emit(who or ""))
        worker.signals.finished.connect(self._on_caught_up)
        worker.signals.error.connect(self._on_error)
        self._worker = worker
        self._catching_up = True
        self.indexing.emit()
        self.pool.start(worker)

    def _on_caught_up(self, added: int) -> None:
        behind = "not in the search index" in (getattr(self.library, "index_problem", None) or "")
        then, self._after_catch_up = self._after_catch_up, None
        self.indexed.emit(int(added or 0), not behind)
        self._next()
        if then is not None and not behind and self._worker is None:
            then()

    def _on_finished(self, report: Any, show_first: bool) -> None:
        needs = [n for n in getattr(report, "needs_columns", ()) if n[0] not in self._asked]
        if needs:
            # Asked about below, so not listed as failures (unless the question is declined).
            asked = {n[0] for n in needs}
            report.failed[:] = [f for f in report.failed if f[0] not in asked]
            for path, columns, preview in needs:
                self._asked.add(path)
                self._asking.append((path, columns, preview, show_first))
        self._next(catch_up=bool(getattr(report, "cancelled", False)))
        self.finished.emit(report, show_first)
        if needs and self.dialog is None:
            self._ask_next()

    def _ask_next(self) -> None:
        """Show the column dialog for the next table waiting; import it with the answer."""
        from reader.gui.column_dialog import ColumnMappingDialog

        if not self._asking:
            self.dialog = None
            return
        path, columns, preview, show_first = self._asking.pop(0)
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        dialog = ColumnMappingDialog(path, columns, preview, parent)  # type: ignore[arg-type]
        self.dialog = dialog

        def done(result: int) -> None:
            if result == dialog.DialogCode.Accepted:
                self.start([path], show_first=show_first, columns=dialog.mapping())
            else:
                self.declined.emit(path)
            dialog.deleteLater()
            self._ask_next()

        dialog.finished.connect(done)
        self.asking.emit(dialog)
        dialog.open()

    def show_waiting_comments(self) -> None:
        """File > Comments Waiting for Their Article: comment files whose article is not here yet."""
        from reader.gui.waiting_dialog import open_waiting_dialog

        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        self.waiting_dialog = open_waiting_dialog(self.library, parent)

    def _on_error(self, message: str) -> None:
        self._after_catch_up = None
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
        self.cancel_button.setText("&Cancel Import")
        self.bar.setRange(0, 0)  # busy until the first progress report gives a total
        self.cancel_button.setEnabled(True)
        self.show()

    def update_progress(self, done: int, total: int, current: str) -> None:
        if current == INDEX_MARK:
            self.bar.setRange(0, 0)  # (busy: worker processes write the segments)
            self.label.setText(f"Adding the last {total:,} articles to the search index…")
            return
        current, rows, rate = current.partition(ROWS_MARK)
        unit = " rows" if rows else ""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{done:,} / {total:,}{unit}" if rows else f"{done} / {total}")
        name = current.replace("\\", "/").rsplit("/", 1)[-1]
        text = f"Importing {name}" if name else "Importing…"
        if rows and rate and rate != "0":
            text += f" · {int(rate):,} rows/s"
        self.label.setText(text)

    def indexing(self) -> None:
        """The catch-up after a cancelled import: busy, and Cancel stops it."""
        self.label.setText("Adding the imported articles to the search index…")
        self.bar.setRange(0, 0)
        self.cancel_button.setText("&Stop Indexing")
        self.cancel_button.setEnabled(True)
        self.show()

    def indexing_paused(self, who: str) -> None:
        """The catch-up waits for another writer of the library (it goes on after it)."""
        if not who:
            self.indexing()
            return
        self.label.setText("Search index: paused while another Article Reader writes to this "
                           "library; indexing goes on after it…")
        self.label.setToolTip(who[0].upper() + who[1:])

    def indexed(self, _added: int, up_to_date: bool) -> None:
        self.hide()
        self.label.setToolTip("")
        bar = self.parentWidget()
        if isinstance(bar, QStatusBar):
            text = "Search index up to date" if up_to_date else "Search index: not all articles are in it yet"
            bar.showMessage(text, 10000)

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
