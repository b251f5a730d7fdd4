"""Comparing coverage in the window: the Stories dock, the Timeline dock, the side-by-side view.

Kept out of the main window (which only builds it and asks it about Esc):
it owns the two docks, swaps the side-by-side view in for the article view
and back, runs comparisons and PDF exports on the window's worker pool, and
listens to the window's own signals (search results, imports, theme). The
action table names its methods as handlers (``reader.gui.actions``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QFileDialog, QMessageBox, QWidget

from reader.errors import ReaderError
from reader.export.timeline import TimelinePoint
from reader.gui.settings import save_preferences
from reader.gui.widgets.compare_view import CompareView, outlet_name
from reader.gui.widgets.stories_view import StoriesView
from reader.gui.widgets.timeline_view import TimelineChart
from reader.gui.workers import Worker
from reader.model import Article
from reader.render_compare import CompareData, from_comparison

#: ``reader.gui.mainwindow.MainWindow`` (not imported: the window imports this controller).
MainWindow = Any

#: Hits a search contributes to the stories filter and the search timeline.
SEARCH_STORY_HITS = 2000
TIMELINE_MAX_ARTICLES = 2000
STORIES_DOCK_WIDTH = 480  # px, the first time the dock is shown
TIMELINE_DOCK_HEIGHT = 190


def run_compare(library: Any, a_id: int, b_id: int) -> tuple[int, Article, int, Article, CompareData, list[tuple[int, str]]]:
    """On a pool thread: both articles, the comparison, and A's other story members for the choice."""
    a, b = library.get(a_id), library.get(b_id)
    data = from_comparison(library.compare(a_id, b_id))
    others: list[tuple[int, str]] = []
    sid = library.story_of(a_id)
    story = library.story(sid) if sid is not None else None
    if story is not None:
        others = [
            (m.id, f"{m.site or 'no site'} — {m.title}") for m in story.members if m.id != a_id
        ]
    return a_id, a, b_id, b, data, others


def stories_for_query(library: Any, query: str) -> set[int]:
    """On a pool thread: the stories holding any of a search's first hits."""
    hits = [h.id for h in library.search(query, limit=SEARCH_STORY_HITS).hits]
    return set(library.stories_of(hits).values())


class CoverageController(QObject):
    comparisonShown = Signal()  # the side-by-side view shows a comparison
    comparisonClosed = Signal()
    storiesFiltered = Signal()  # the stories list follows the search
    exported = Signal(object)  # Path of a written comparison PDF

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.compare_view: CompareView | None = None
        self.comparing = False
        self.story_filter: int | None = None  # the story the article list is narrowed to
        self._compare_worker: Worker | None = None
        self._summary = ""  # the status line a comparison shows while open

        self.stories: StoriesView | None = None  # built when first shown (reads the stories table)
        self.stories_dock = self._dock("Stories", "storiesDock", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.timeline = TimelineChart()
        self.timeline_dock = self._dock("Timeline", "timelineDock", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.timeline_dock.setWidget(self.timeline)
        self._timeline_timer = QTimer(self)
        self._timeline_timer.setSingleShot(True)
        self._timeline_timer.setInterval(0)
        self._timeline_timer.timeout.connect(self._update_timeline)

        # Two articles are compared by selecting both (Ctrl+click or Shift+arrows).
        self.w.side.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def _dock(self, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.w)
        dock.setObjectName(name)
        self.w.addDockWidget(area, dock)
        dock.hide()
        return dock

    def connect_signals(self) -> None:
        """Called by the window once its widgets and actions exist."""
        w = self.w
        self.stories_dock.visibilityChanged.connect(lambda _v: self._sync_dock_action("toggle_stories", self.stories_dock))
        self.timeline_dock.visibilityChanged.connect(lambda _v: self._sync_dock_action("toggle_timeline", self.timeline_dock))
        w.search.resultsReady.connect(self._on_search_results)
        w.search.cleared.connect(self._on_search_cleared)
        w.importDone.connect(self._on_import)
        w.model.modelReset.connect(self._timeline_timer.start)
        w.model.rowsInserted.connect(self._timeline_timer.start)
        w.model.filled.connect(self._timeline_timer.start)
        self.timeline.articleRequested.connect(self.open_article)
        w.articleShown.connect(self._on_article_shown)
        w.view.zoomChanged.connect(self._on_zoom)
        if w.theme is not None:
            w.theme.changed.connect(self.set_dark)
        self.set_dark(w.theme.is_dark if w.theme is not None else False)
        group = w.actions_by_id["group_by_story"]
        group.blockSignals(True)
        group.setChecked(w.prefs.group_by_story)
        group.blockSignals(False)
        w.model.set_group_by_story(w.prefs.group_by_story)
        if w.prefs.group_by_story:
            self._assign_stories()

    # -- the article list grouped by story ---------------------------------------------------------
    def set_group_by_story(self, on: bool) -> None:
        """View > Group Articles by Story: each story's articles together under a heading."""
        self.w.prefs.group_by_story = on
        save_preferences(self.w.prefs)
        keep = self.w.side.current_id()
        self.w.model.set_group_by_story(on)
        if keep is None or not self.w.side.select_id(keep):
            self.w.side.select_row(0)
        self.w.statusBar().showMessage(
            "Articles grouped by story" if on else "Articles listed one by one", 4000
        )
        if on:
            self._assign_stories()

    def _assign_stories(self) -> None:
        """A library made before stories existed gets its stories now, in the background."""
        worker = Worker(self.w.library.update_stories)
        worker.signals.finished.connect(self._on_stories_assigned)
        worker.signals.error.connect(lambda msg: self.w.statusBar().showMessage(f"Stories: {msg}", 8000))
        self.w.pool.start(worker)

    def _on_stories_assigned(self, assigned: int) -> None:
        if not assigned:
            return
        if self.stories is not None:
            self.stories.refresh()
        if self.w.model.group_by_story and not self.w.search.active and self.story_filter is None:
            self.w.reload_list()

    # -- docks ---------------------------------------------------------------------------
    def ensure_stories(self) -> StoriesView:
        if self.stories is None:
            sort, singles = self.w.state.stories_view()
            self.stories = StoriesView(self.w.library, sort=sort, singles=singles)
            self.stories.sort_combo.currentIndexChanged.connect(lambda _i: self._remember_stories_view())
            self.stories.singles.toggled.connect(lambda _on: self._remember_stories_view())
            self.stories.timeline.set_dark(self.timeline.dark)
            self.stories_dock.setWidget(self.stories)
            self.stories.articleRequested.connect(self.open_article)
            self.stories.storyFilterRequested.connect(self.filter_to_story)
            self.stories.compareRequested.connect(self.compare_with_story)
            if self.w.search.active:
                self._filter_stories(self.w.search.query)
            self._assign_stories()
        return self.stories

    def _remember_stories_view(self) -> None:
        """The Stories sort and "Single articles too" come back after a restart (per library)."""
        if self.stories is not None:
            self.w.state.set_stories_view(self.stories.sort_key(), self.stories.singles.isChecked())

    def _first_show(self, dock: QDockWidget, size: int, orientation: Qt.Orientation) -> None:
        """A dock shown for the first time (no saved layout) gets a useful size."""
        if not dock.property("sized"):
            dock.setProperty("sized", True)
            self.w.resizeDocks([dock], [size], orientation)

    def toggle_stories(self, on: bool) -> None:
        if on:
            view = self.ensure_stories()
            self.stories_dock.show()
            self._first_show(self.stories_dock, STORIES_DOCK_WIDTH, Qt.Orientation.Horizontal)
            self.stories_dock.raise_()
            view.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.stories_dock.hide()

    def toggle_timeline(self, on: bool) -> None:
        self.timeline_dock.setVisible(on)
        if on:
            self._first_show(self.timeline_dock, TIMELINE_DOCK_HEIGHT, Qt.Orientation.Vertical)
            self._update_timeline()

    def _sync_dock_action(self, action: str, dock: QDockWidget) -> None:
        act = self.w.actions_by_id.get(action)
        if act is None:
            return
        act.blockSignals(True)
        act.setChecked(not dock.isHidden())
        act.blockSignals(False)
        if dock is self.stories_dock and not dock.isHidden():
            self.ensure_stories()
        if dock is self.timeline_dock and not dock.isHidden():
            self._update_timeline()

    def set_dark(self, dark: bool) -> None:
        self.timeline.set_dark(dark)
        if self.stories is not None:
            self.stories.timeline.set_dark(dark)
        if self.compare_view is not None:
            self.compare_view.set_dark(dark)

    # -- the timeline of what the list shows ---------------------------------------------------
    def _update_timeline(self) -> None:
        if self.timeline_dock.isHidden():
            return
        ids = list(self.w.model.ids)
        shown = ids[:TIMELINE_MAX_ARTICLES]
        try:
            rows = self.w.library.rows(shown)
        except ReaderError:
            rows = []
        if self.story_filter is not None:
            caption = "This story"
        elif self.w.search.active:
            caption = f"Search “{self.w.search.query.strip()}”"
        else:
            caption = "The article list"
        if len(ids) > len(shown):
            caption += f" (first {len(shown):,} of {len(ids):,})"
        self.timeline.set_points([TimelinePoint(r.site or "(no site)", r.published, r.title, r.id) for r in rows], caption)

    # -- search and imports ------------------------------------------------------------------------
    def _on_search_results(self, outcome: Any) -> None:
        if not outcome.more and self.stories is not None:
            self._filter_stories(outcome.query)

    def _filter_stories(self, query: str) -> None:
        worker = Worker(stories_for_query, self.w.library, query)
        worker.signals.finished.connect(lambda ids, q=query: self._on_story_filter(q, ids))
        worker.signals.error.connect(lambda msg: self.w.statusBar().showMessage(f"Stories: {msg}", 8000))
        self.w.pool.start(worker)

    def _on_story_filter(self, query: str, story_ids: set[int]) -> None:
        if self.stories is not None and self.w.search.active and query == self.w.search.query:
            self.stories.set_search_filter(story_ids)
            self.storiesFiltered.emit()

    def _on_search_cleared(self) -> None:
        if self.stories is not None:
            self.stories.set_search_filter(None)
            self.storiesFiltered.emit()

    def _on_import(self, report: Any) -> None:
        if self.stories is not None and (report.imported or report.updated):
            self.stories.refresh()

    # -- the article list narrowed to a story ---------------------------------------------------------
    def filter_to_story(self, story_id: int) -> None:
        try:
            story = self.w.library.story(story_id)
        except ReaderError as exc:
            self.w.statusBar().showMessage(f"Story unavailable: {exc.reason}", 8000)
            return
        if story is None:
            return
        if self.w.search.active:
            self.w.side.search_box.clear()
        self.story_filter = story_id
        ids = [m.id for m in story.members]
        self.w.model.set_ids(ids)
        self.w.side.set_counts(len(ids), None)
        self.w.side.set_hint(f"One story: {story.row.title} — Esc shows every article")
        self.w.side.select_row(0)

    def clear_story_filter(self) -> None:
        self.story_filter = None
        self.w.side.set_hint(None)
        self.w.reload_list()

    def escape(self) -> bool:
        """Esc: close the comparison, else leave the story filter; False when neither was open."""
        if self.comparing:
            self.close_compare()
            return True
        if self.story_filter is not None:
            self.clear_story_filter()
            return True
        return False

    def _on_article_shown(self, article_id: int | None) -> None:
        # Choosing another single article in the list leaves the comparison for it.
        v = self.compare_view
        if self.comparing and v is not None and article_id not in (v.a_id, v.b_id) and len(self.selected_ids()) < 2:
            self.close_compare()

    def open_article(self, article_id: int) -> None:
        if self.comparing:
            self.close_compare()
        self.w.open_article_at_quote(article_id, -1)

    # -- side by side ----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """The articles selected in the list, in list order (story headings left out)."""
        view = self.w.side.list_view
        rows = sorted(i.row() for i in view.selectionModel().selectedRows())
        ids = [self.w.model.id_at(r) for r in rows]
        return [i for i in ids if i is not None]

    def compare_coverage(self) -> None:
        """Compare the two selected articles, or the one shown with the rest of its story."""
        current = self.w.view.article_id
        selected = self.selected_ids()
        if len(selected) >= 2:
            a = current if current in selected else selected[0]
            b = next(i for i in selected if i != a)
            self.compare(a, b)
        elif current is not None:
            self.compare_with_story(current)
        else:
            self.w.statusBar().showMessage("Choose an article to compare first.", 6000)

    def compare_with_story(self, article_id: int) -> None:
        try:
            sid = self.w.library.story_of(article_id)
            story = self.w.library.story(sid) if sid is not None else None
        except ReaderError as exc:
            self.w.statusBar().showMessage(f"Stories unavailable: {exc.reason}", 8000)
            return
        others = [m for m in (story.members if story is not None else []) if m.id != article_id]
        if not others:
            self.w.statusBar().showMessage(
                "No other article tells this story: select two articles (Ctrl+click) to compare them.", 8000
            )
            return
        first = next((m for m in others if m.first_report), None)
        self.compare(article_id, (first or others[0]).id)

    def compare(self, a_id: int, b_id: int) -> None:
        """Compare two stored articles on the pool; the view opens when the result is in."""
        if self._compare_worker is not None:
            self._compare_worker.cancel()
        worker = Worker(run_compare, self.w.library, a_id, b_id)
        worker.signals.finished.connect(lambda result, wk=worker: self._on_compared(wk, result))
        worker.signals.error.connect(lambda msg: self.w.statusBar().showMessage(f"Could not compare: {msg}", 10000))
        self._compare_worker = worker
        self.w.statusBar().showMessage("Comparing…")
        self.w.pool.start(worker)

    def _on_compared(self, worker: Worker, result: tuple) -> None:
        if worker is not self._compare_worker:
            return  # a newer comparison was asked for
        self._compare_worker = None
        a_id, a, b_id, b, data, others = result
        view = self._ensure_compare_view()
        view.set_zoom(self.w.prefs.zoom)
        view.set_comparison(a_id, a, b_id, b, data, others)
        if not self.comparing:
            self.w.splitter.replaceWidget(1, view)
            view.show()
            self.comparing = True
            # For Tab the comparison stands where the article stood, right after the list
            # (swapped in, it would come last, after every dock).
            before: QWidget = self.w.side.list_view
            for widget in view.focus_chain():
                QWidget.setTabOrder(before, widget)
                before = widget
        n = len(view.diffs)
        self._summary = (
            f"{outlet_name(a)} and {outlet_name(b)}: {len(data.shared)} shared passage{'s' if len(data.shared) != 1 else ''}, "
            f"{n} difference{'s' if n != 1 else ''} (F6 / Shift+F6 step through them, Esc closes)"
        )
        self.w.statusBar().showMessage(self._summary, 10000)
        view.pane_a.browser.setFocus(Qt.FocusReason.OtherFocusReason)
        self.comparisonShown.emit()

    def _ensure_compare_view(self) -> CompareView:
        if self.compare_view is None:
            self.compare_view = CompareView()
            self.compare_view.set_dark(self.timeline.dark)
            self.compare_view.closeRequested.connect(self.close_compare)
            self.compare_view.exportRequested.connect(self.export_comparison)
            self.compare_view.otherChosen.connect(self._other_chosen)
        return self.compare_view

    def _on_zoom(self, steps: int) -> None:
        if self.comparing and self.compare_view is not None:  # Ctrl+= / Ctrl+- / Ctrl+0 while comparing
            self.compare_view.set_zoom(steps)

    def _other_chosen(self, b_id: int) -> None:
        if self.compare_view is not None and self.compare_view.a_id is not None:
            self.compare(self.compare_view.a_id, b_id)

    def close_compare(self) -> None:
        if not self.comparing or self.compare_view is None:
            return
        self.w.splitter.replaceWidget(1, self.w.view)
        self.w.view.show()
        self.compare_view.hide()
        self.comparing = False
        if self.w.statusBar().currentMessage() == self._summary:  # "… Esc closes" no longer holds
            self.w.statusBar().clearMessage()
        self.w.focus_text()
        self.comparisonClosed.emit()

    def text_widget(self) -> QWidget:
        """The text on screen (Go > Article Text, Ctrl+2): compared pane A while comparing."""
        if self.comparing and self.compare_view is not None:
            return self.compare_view.pane_a.browser
        return self.w.view.browser

    def copy_text(self) -> None:
        """Edit > Copy (Ctrl+C): the selection of the text on screen; while comparing, the focused
        pane's (else the pane with a selection), not the hidden article's."""
        view = self.compare_view
        if not self.comparing or view is None:
            self.w.view.browser.copy()
            return
        panes = sorted((view.pane_a, view.pane_b), key=lambda p: not p.browser.hasFocus())
        next((p for p in panes if p.browser.textCursor().hasSelection()), panes[0]).browser.copy()

    def next_difference(self) -> None:
        if self.comparing and self.compare_view is not None:
            self.compare_view.next_difference()
        else:
            self.w.statusBar().showMessage("Compare two articles first (Ctrl+D).", 5000)

    def previous_difference(self) -> None:
        if self.comparing and self.compare_view is not None:
            self.compare_view.previous_difference()
        else:
            self.w.statusBar().showMessage("Compare two articles first (Ctrl+D).", 5000)

    # -- PDF ------------------------------------------------------------------------------------
    def export_comparison(self) -> None:
        view = self.compare_view
        if not self.comparing or view is None or view.a is None or view.b is None:
            self.w.statusBar().showMessage("Compare two articles first (Ctrl+D), then export the comparison.", 6000)
            return
        from reader.export.filenames import safe_filename

        name = f"Comparison – {outlet_name(view.a)} and {outlet_name(view.b)}"
        suggested = safe_filename(name, Path.home(), unique=True)
        path, _ = QFileDialog.getSaveFileName(self.w, "Export Comparison to PDF", str(suggested), "PDF (*.pdf)")
        if path:
            self.export_comparison_to(Path(path))

    def export_comparison_to(self, out: Path) -> None:
        """Write the comparison on screen to ``out`` on the pool (``exported`` when done)."""
        from reader.export.compare_pdf import export_comparison_pdf

        view = self.compare_view
        if view is None or view.a is None or view.b is None:
            return
        worker = Worker(export_comparison_pdf, view.a, view.b, view.data, out)
        worker.signals.finished.connect(self._on_exported)
        worker.signals.error.connect(lambda msg: QMessageBox.warning(self.w, "Export failed", msg))
        self.w.statusBar().showMessage("Exporting the comparison…")
        self.w.pool.start(worker)

    def _on_exported(self, path: Path) -> None:
        self.w.statusBar().showMessage(f"Comparison saved to {path}", 10000)
        self.exported.emit(path)
