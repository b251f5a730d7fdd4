"""Search as you type, off the GUI thread, newest query wins.

Each keystroke restarts a short debounce timer; when it fires the query runs
on the worker pool. At most one search runs at a time: a query typed while
one is running waits and only the newest waiting query runs next, so a fast
typist never queues a backlog. Every request carries a generation number and
results from an older generation are dropped, so the list never flickers
back to a stale result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from reader.gui.workers import Worker, WorkerPool

DEBOUNCE_MS = 60  # short: the target is results on screen <= 150 ms after the last key
FIRST_PAGE = 20  # hits in the first answer (each needs a snippet); the count shows the full total
MORE_PAGE = 60  # hits added when the list is scrolled to its end


@dataclass
class SearchOutcome:
    generation: int
    query: str
    ids: list[int]
    snippets: dict[int, str]
    total: int
    hint: str | None
    more: bool = False  # a further page for the query already shown
    shown_id: int | None = None  # the article on screen when the search started...
    shown_spans: list[tuple[int, int]] | None = None  # ...and where the query matches its body


def run_search(
    library: Any,
    query: str,
    limit: int,
    site: str | None,
    tag: str | None,
    generation: int,
    more: bool = False,
    shown: tuple[int, str] | None = None,
    marks: dict[str, Any] | None = None,
) -> SearchOutcome:
    """Runs on a pool thread: search, then keep hits that pass the list's site/tag filters.

    ``shown`` is (id, body) of the article on screen: its match spans are
    computed here too, so the GUI thread only repaints the highlights.
    """
    results = library.search(query, limit=limit)
    spans = list(library.match_spans(query, shown[1])) if shown is not None and not more else None
    hits = list(results.hits)
    total = int(results.total)
    if site or tag or marks:
        allowed = set(library.article_ids(site=site, tag=tag)) if site or tag else None
        if marks:  # unread / starred / label / collection, one SQLite query
            chosen = library.marks.filter_ids(**marks)
            allowed = chosen if allowed is None else allowed & chosen
        assert allowed is not None
        kept = [h for h in hits if h.id in allowed]
        if len(kept) != len(hits):
            total = len(kept) if len(hits) >= total else max(len(kept), total - (len(hits) - len(kept)))
        hits = kept
    return SearchOutcome(
        generation=generation,
        query=query,
        ids=[h.id for h in hits],
        snippets={h.id: h.snippet or "" for h in hits},
        total=total,
        hint=results.hint,
        more=more,
        shown_id=shown[0] if shown is not None else None,
        shown_spans=spans,
    )


class SearchController(QObject):
    resultsReady = Signal(object)  # SearchOutcome
    cleared = Signal()
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, library: Any, pool: WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.pool = pool
        self.query = ""
        self.site: str | None = None
        self.tag: str | None = None
        self.marks: dict[str, Any] = {}  # Marks.filter_ids keywords (side panel's Show/Label/Collection)
        self._generation = 0
        self._running: Worker | None = None
        self._waiting = False
        self._more_wanted = 0
        #: Returns (id, body) of the article on screen, so its highlights come with the results.
        self.shown_article: Callable[[], tuple[int, str] | None] = lambda: None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)

    @property
    def active(self) -> bool:
        return bool(self.query.strip())

    @property
    def idle(self) -> bool:
        """No search waiting or running (tests and Enter use it)."""
        return self._running is None and not self._timer.isActive() and not self._waiting

    def set_query(self, text: str) -> None:
        self.query = text
        self._more_wanted = 0
        self._generation += 1
        if not text.strip():
            self._timer.stop()
            self._waiting = False
            self.cleared.emit()
            return
        self._timer.start()

    def set_filters(self, site: str | None, tag: str | None) -> None:
        self.site, self.tag = site, tag
        if self.active:
            self._generation += 1
            self._timer.start(0)

    def run_now(self) -> None:
        """Skip the debounce (Enter pressed before the timer fired)."""
        if self._timer.isActive():
            self._timer.stop()
            self._start()

    def fetch_more(self, shown: int) -> None:
        """The list reached its end: ask for the next page of the current query."""
        if not self.active:
            return
        self._more_wanted = shown + MORE_PAGE
        if self._running is None and not self._timer.isActive():
            self._start()

    def _start(self) -> None:
        if not self.active:
            return
        if self._running is not None:
            self._waiting = True  # the newest query runs as soon as this one reports
            return
        more = self._waiting is False and self._more_wanted > 0 and not self._timer.isActive()
        self._waiting = False
        limit = self._more_wanted if more else FIRST_PAGE
        self._more_wanted = 0
        worker = Worker(
            run_search,
            self.library,
            self.query,
            limit,
            self.site,
            self.tag,
            self._generation,
            more,
            None if more else self.shown_article(),
            dict(self.marks),
        )
        worker.generation = self._generation
        worker.signals.finished.connect(self._on_finished)
        worker.signals.error.connect(self._on_error)
        self._running = worker
        self.busyChanged.emit(True)
        self.pool.start(worker)

    def _next(self) -> None:
        self._running = None
        if self._waiting or (self._more_wanted and not self._timer.isActive()):
            self._start()
        if self._running is None:
            self.busyChanged.emit(False)

    def _on_finished(self, outcome: SearchOutcome) -> None:
        self._next()
        if outcome.generation == self._generation and self.active:
            self.resultsReady.emit(outcome)

    def _on_error(self, message: str) -> None:
        self._next()
        self.failed.emit(message)
