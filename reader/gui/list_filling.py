"""A big library's article list at start-up: its first screen at once, the rest from the pool.

Reading a million ids in their sort order takes ~0.5 s and indexing them for look-ups ~0.25 s
more, and a window is to be usable within 1.5 s of launch (issue 16). So the window lists the
first rows and the rows around the article it had open, in their places (``Library.first_ids``:
a count and three short reads along the sort's index), while a worker reads them all; the rest
then goes in without a reset (``ArticleListModel.fill_ids``), so the selection and the scroll
stay. A re-listing meanwhile (a sort, a filter, an import) reads the whole list as before, and
the worker's answer is dropped. The worker, and the site and tag counts (a GROUP BY over the
library), start once the list has been painted: on a busy machine they would take cores from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

from reader.gui.models.article_list import RowIndex
from reader.gui.workers import Worker
from reader.library.records import ArticleIds, FirstIds

#: Below this many articles the whole list is read at once (~12 ms per 20,000 ids).
FILL_FROM = 50_000
#: Rows read at once from the top of the list and either side of the article shown (a screen is ~30).
FIRST_ROWS = 200
#: The work put off until the list's first paint starts after this long even if no paint came (hidden).
PAINT_WAIT_MS = 300


def read_all(library: Any, sort: str, descending: bool) -> tuple[ArticleIds, RowIndex]:
    """On a pool thread: every id of the unfiltered list, and their look-up index."""
    ids = ArticleIds(library.article_ids(sort=sort, descending=descending))
    return ids, RowIndex(ids)


class ListFiller(QObject):
    """Lists the first screen of a big library and fills in the rest when a worker has read it."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self._first: ArticleIds | None = None  # the window's ids while they are being filled in
        self._later: list[Callable[[], None]] = []  # started after the list's first paint

    def first_ids(self, keep: int | None, then: Callable[[], None] | None = None) -> FirstIds | None:
        """The first rows (and ``keep``'s) of the unfiltered list, the rest read on the pool after the
        first paint, as is ``then``; None when the whole list is read now instead (a small library,
        filters, grouping), and ``then`` is called at once."""
        w = self.window
        read = getattr(w.library, "first_ids", None)
        filtered = w.side.site() or w.side.tag() or any(w.marks.list_filters().values())
        if read is None or filtered or w.model.group_by_story or w.library.count() < FILL_FROM:
            if then is not None:
                then()
            return None
        sort, desc = w.side.sort()
        first: FirstIds = read(sort=sort, descending=desc, near=keep, rows=FIRST_ROWS)
        self._first = first.ids
        worker = Worker(read_all, w.library, sort, desc)
        worker.signals.finished.connect(self._on_read)
        worker.signals.error.connect(self._on_failed)
        self._after_first_paint([lambda: w.pool.start(worker), *([then] if then is not None else [])])
        return first

    def _after_first_paint(self, jobs: list[Callable[[], None]]) -> None:
        self._later = jobs
        self.window.side.list_view.viewport().installEventFilter(self)
        self.window.installEventFilter(self)  # a window closed before its first paint starts none of them
        QTimer.singleShot(PAINT_WAIT_MS, self._run_later)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self._later:
            QTimer.singleShot(0, self._run_later)  # once this paint is done
        elif event.type() == QEvent.Type.Close:
            self._later = []
        return False

    def _run_later(self) -> None:
        jobs, self._later = self._later, []
        if jobs:
            self.window.side.list_view.viewport().removeEventFilter(self)
            self.window.removeEventFilter(self)
        for job in jobs:
            job()

    @property
    def filling(self) -> bool:
        """True while the window's ids are the first rows only."""
        return self._first is not None and self.window._all_ids is self._first

    def _on_read(self, result: tuple[ArticleIds, RowIndex]) -> None:
        filling, self._first = self.filling, None
        if not filling:  # listed again meanwhile: that list is whole already
            return
        w, (ids, index) = self.window, result
        w._all_ids = ids
        if w.search.active or w.model.fill_ids(ids, index):
            return
        # The list shows other ids (a search came and went) or the library changed meanwhile.
        w.model.set_ids(ids)
        w.side.set_counts(len(ids), None)
        w._restore_selection(w.view.article_id)

    def _on_failed(self, message: str) -> None:
        if self.filling:
            self._first = None
            self.window.reload_list()  # reads the whole list on the GUI thread (and says what failed)
