"""Search as you type, off the GUI thread, newest query wins, stale ones stopped.

Each keystroke starts the search of the new text at once on the worker pool,
and a short *typing pause* (``DEBOUNCE_MS``): what the search finds is held
until the pause ends without another key, so the list does not flicker while
a word is typed, but the search has used the pause instead of waiting for it
(results on screen after max(pause, search) rather than pause + search). At
most one search runs at a time, and a keystroke *cancels* the running search
of an older text: its cancel event is set and the executor stops at its next
check (every sub-query and posting block), so the pool never spends time on a
query nobody will see; the newest query runs as soon as the cancelled one has
handed its thread back. Every request carries a generation number and results
from an older generation are dropped, so the list never flickers back to a
stale result.

While a word is being typed, the search first answers from titles
(``Library.search_titles_as_typed``: the finished words and a prefix of the
last one, a small field), shown as a *preview* once the pause is over; the
full query follows in the same job and replaces it (when the full results
are ready by the end of the pause, they are shown directly). Enter ends the
pause and shows the full results only; paging has no pause and no preview.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from reader.gui.workers import Worker, WorkerPool
from reader.library import SearchCancelled

DEBOUNCE_MS = 60  # the typing pause before results are shown (the search itself starts at the key)
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
    preview: bool = False  # the title fast path: shown until the full results replace it
    cancelled: bool = False  # stopped part-way: a newer query replaced it


def _allowed_ids(library: Any, site: str | None, tag: str | None, marks: dict[str, Any] | None) -> set[int] | None:
    """Articles the list's site/tag/marks filters let through (None: no filter)."""
    if not (site or tag or marks):
        return None
    allowed = set(library.article_ids(site=site, tag=tag)) if site or tag else None
    if marks:  # unread / starred / label / collection, one SQLite query
        chosen = library.marks.filter_ids(**marks)
        allowed = chosen if allowed is None else allowed & chosen
    return allowed


def _filtered(results: Any, allowed: set[int] | None) -> tuple[list[Any], int]:
    hits = list(results.hits)
    total = int(results.total)
    if allowed is not None:
        kept = [h for h in hits if h.id in allowed]
        if len(kept) != len(hits):
            total = len(kept) if len(hits) >= total else max(len(kept), total - (len(hits) - len(kept)))
        hits = kept
    return hits, total


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
    *,
    cancel: threading.Event | None = None,
    preview: Callable[[SearchOutcome], None] | None = None,
) -> SearchOutcome:
    """Runs on a pool thread: search, then keep hits that pass the list's site/tag filters.

    ``shown`` is (id, body) of the article on screen: its match spans are
    computed here too, so the GUI thread only repaints the highlights. With
    ``preview``, the title fast path's answer is passed to it first. Once
    ``cancel`` is set the search stops and a ``cancelled`` outcome is returned.
    """
    try:
        allowed = _allowed_ids(library, site, tag, marks)
        if preview is not None and not more:
            quick = library.search_titles_as_typed(query, limit=limit, cancel=cancel)
            if quick is not None:
                hits, _total = _filtered(quick, allowed)
                # total = rows shown: a preview never asks for a further page
                preview(SearchOutcome(generation, query, [h.id for h in hits],
                                      {h.id: h.snippet or "" for h in hits}, len(hits), quick.hint,
                                      preview=True))
        results = library.search(query, limit=limit, cancel=cancel)
        spans = list(library.match_spans(query, shown[1])) if shown is not None and not more else None
    except SearchCancelled:
        return SearchOutcome(generation, query, [], {}, 0, None, more=more, cancelled=True)
    hits, total = _filtered(results, allowed)
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
    resultsReady = Signal(object)  # SearchOutcome of the full query
    previewReady = Signal(object)  # SearchOutcome of the title fast path (shown until resultsReady)
    cleared = Signal()
    failed = Signal(str)
    busyChanged = Signal(bool)
    activeChanged = Signal(bool)  # a query was typed into an empty box, or the box emptied

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
        self._skip_preview = False
        #: Searches stopped part-way because a newer query replaced them.
        self.cancelled_searches = 0
        #: Returns (id, body) of the article on screen, so its highlights come with the results.
        self.shown_article: Callable[[], tuple[int, str] | None] = lambda: None
        # What the newest search found while the typing pause lasts (shown when it ends).
        self._held_preview: SearchOutcome | None = None
        self._held_results: SearchOutcome | None = None
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(DEBOUNCE_MS)
        self._pause.timeout.connect(self._show_held)
        # Filters changed: the search starts from the event loop (several changes at once make one search).
        self._kick = QTimer(self)
        self._kick.setSingleShot(True)
        self._kick.setInterval(0)
        self._kick.timeout.connect(self._start)

    @property
    def active(self) -> bool:
        return bool(self.query.strip())

    @property
    def idle(self) -> bool:
        """No search waiting or running (tests and Enter use it)."""
        return (self._running is None and not self._pause.isActive() and not self._kick.isActive()
                and not self._waiting)

    def set_query(self, text: str) -> None:
        was = self.active
        self.query = text
        if self.active != was:
            self.activeChanged.emit(self.active)
        self._more_wanted = 0
        self._skip_preview = False
        self._generation += 1
        self._held_preview = self._held_results = None
        self._cancel_stale()
        if not text.strip():
            self._pause.stop()
            self._kick.stop()
            self._waiting = False
            self.cleared.emit()
            return
        self._pause.start()
        self._start()  # now, or as soon as the stale search has handed its thread back

    def set_filters(self, site: str | None, tag: str | None) -> None:
        self.site, self.tag = site, tag
        if self.active:
            self._generation += 1
            self._skip_preview = False
            self._held_preview = self._held_results = None
            self._pause.stop()
            self._cancel_stale()
            self._kick.start()

    def run_now(self) -> None:
        """End the typing pause (Enter pressed during it): the full results, no title preview."""
        if self._pause.isActive():
            self._pause.stop()
            self._skip_preview = True
            self._held_preview = None
            self._show_held()

    def fetch_more(self, shown: int) -> None:
        """The list reached its end: ask for the next page of the current query."""
        if not self.active:
            return
        self._more_wanted = shown + MORE_PAGE
        if self._running is None and not self._pause.isActive() and not self._kick.isActive():
            self._start()

    def _cancel_stale(self) -> None:
        """Stop the running search if it is for an older text or filter (its result would be dropped)."""
        if self._running is not None and self._running.generation != self._generation:
            self._running.cancel()

    def _start(self) -> None:
        if not self.active:
            return
        if self._running is not None:
            self._waiting = True  # the newest query runs as soon as this one reports
            return
        more = self._waiting is False and self._more_wanted > 0 and not self._pause.isActive()
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
        preview = not more and not self._skip_preview
        # The job stops when the worker is cancelled; its preview arrives through a queued signal.
        worker.kwargs.update(cancel=worker.cancel_event, preview=worker.signals.partial.emit if preview else None)
        worker.signals.partial.connect(self._on_preview)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.error.connect(self._on_error)
        self._running = worker
        self.busyChanged.emit(True)
        self.pool.start(worker)

    def _next(self) -> None:
        self._running = None
        if self._waiting or (self._more_wanted and not self._pause.isActive()):
            self._start()
        if self._running is None:
            self.busyChanged.emit(False)

    def _show_held(self) -> None:
        """The typing pause is over: show what the search found meanwhile (full results over titles)."""
        held = self._held_results or self._held_preview
        self._held_preview = self._held_results = None
        if held is not None and held.generation == self._generation and self.active:
            (self.previewReady if held.preview else self.resultsReady).emit(held)

    def _on_preview(self, outcome: SearchOutcome) -> None:
        if outcome.generation != self._generation or not self.active or self._skip_preview:
            return
        if self._pause.isActive():
            self._held_preview = outcome
        else:
            self.previewReady.emit(outcome)

    def _on_finished(self, outcome: SearchOutcome) -> None:
        if outcome.cancelled:
            self.cancelled_searches += 1
        self._next()
        if outcome.generation != self._generation or not self.active or outcome.cancelled:
            return
        if self._pause.isActive() and not outcome.more:
            self._held_results, self._held_preview = outcome, None
        else:
            self.resultsReady.emit(outcome)

    def _on_error(self, message: str) -> None:
        self._next()
        self.failed.emit(message)
