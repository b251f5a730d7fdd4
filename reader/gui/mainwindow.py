"""The main window: composes the side panel, the article view and the docks.

It owns no data and little logic: the list is a model over the library,
search and import run through their controllers on a private worker pool,
and every action comes from ``reader.gui.actions``. Widgets are wired in one
place, ``_connect_signals`` (qutebrowser's ``mainwindow.py``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
)

from reader import APP_NAME
from reader.errors import ArticleNotFound, ReaderError
from reader.gui.actions import build_actions, build_menus
from reader.gui.coverage_controller import CoverageController
from reader.gui.dialogs import ImportFailuresDialog, ShortcutsDialog, show_about
from reader.gui.dock_focus import DockFocus
from reader.gui.import_controller import ImportController, ImportStatus
from reader.gui.library_api import LibraryApi
from reader.gui.list_filling import ListFiller
from reader.gui.marks_controller import MarksController
from reader.gui.models.article_list import ArticleListModel
from reader.gui.search_controller import SearchController, SearchOutcome
from reader.gui.settings import Preferences, WindowState, load_preferences
from reader.gui.theme import ThemeManager
from reader.gui.view_controls import ViewControls, ViewParts
from reader.gui.waiting_dialog import waiting_summary
from reader.gui.widgets.article_view import ArticleView
from reader.gui.widgets.quotes_panel import QuotesPanel
from reader.gui.widgets.side_panel import SidePanel
from reader.gui.workers import Worker, WorkerPool
from reader.library.records import ArticleIds

if TYPE_CHECKING:  # (the Speakers view loads reader.quotes' scanner: with the view, not with the window)
    from reader.gui.widgets.speakers_view import SpeakersView

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 3000  # let the window settle before the background library check


class MainWindow(QMainWindow):
    articleShown = Signal(object)  # article id or None, after the detail pane shows it
    importDone = Signal(object)  # ImportReport, after the list was refreshed
    checkDone = Signal(object)  # CheckReport
    filtersLoaded = Signal()  # the site and tag choices were (re)counted

    def __init__(
        self,
        library: LibraryApi,
        *,
        prefs: Preferences | None = None,
        theme: ThemeManager | None = None,
        state: WindowState | None = None,
        background_check: bool = True,
    ) -> None:
        super().__init__()
        self.library = library
        self.prefs = prefs if prefs is not None else load_preferences()
        self.theme = theme
        self.state = state or WindowState(getattr(library, "root", None))
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME} — {library.name}")
        self.setAcceptDrops(True)

        # Search, import and the start-up check may all run at once; a search must never queue.
        self.pool = WorkerPool(self, max_threads=4)
        self.model = ArticleListModel(library, self)
        self.side = SidePanel(self.model, self)
        self.view = ArticleView(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)

        self.search = SearchController(library, self.pool, self)
        self.imports = ImportController(library, self.pool, self)
        self.import_status = ImportStatus(self)
        self.size_label = QLabel(self)
        self.statusBar().addWidget(self.import_status)
        self.statusBar().addPermanentWidget(self.size_label)

        self.quotes_panel = QuotesPanel()
        self.quotes_dock = self._new_dock("&Quotes", "quotesDock")
        self.quotes_dock.setWidget(self.quotes_panel)
        # The Speakers view reads every speaker in the library: built when first shown.
        self.speakers_view: SpeakersView | None = None
        self.speakers_dock = self._new_dock("S&peakers", "speakersDock", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.speakers_dock.hide()

        self.actions_by_id: dict[str, QAction] = {}
        self.view_controls = ViewControls(
            ViewParts(
                view=self.view,
                side=self.side,
                prefs=self.prefs,
                theme=self.theme,
                actions=self.actions_by_id,
                quotes_dock=self.quotes_dock,
                speakers_dock=self.speakers_dock,
                speakers_view=self.ensure_speakers_view,
                show_message=self.statusBar().showMessage,
            )
        )
        self.marks = MarksController(self)  # highlights, notes, star, read, labels, collections
        self.coverage = CoverageController(self)  # stories, timeline, side by side (issue 14)
        self.actions_by_id.update(build_actions(self, self._handler))
        build_menus(self.menuBar(), self.actions_by_id)
        self._all_ids = ArticleIds()  # 8 bytes an id (a million articles: 8 MB, not 36)
        self.filler = ListFiller(self)  # a big library's list: first screen now, the rest from the pool
        self._select_first_on_results = False
        self._failures_dialog: ImportFailuresDialog | None = None
        self._shortcuts_dialog: ShortcutsDialog | None = None
        self._check_worker: Worker | None = None

        self._connect_signals()
        self.coverage.connect_signals()
        self.dock_focus = DockFocus(self, lambda: (self.focus_list if self.side.isVisible() else self.focus_text)())
        self._init_optional_actions()
        self.view_controls.apply_preferences()
        self._restore_state()
        self.reload_list(select=self.state.last_article(), refresh_filters=True, first_rows=True)
        self.side.list_view.setFocus(Qt.FocusReason.OtherFocusReason)  # j/k and arrows work at once
        problem = getattr(library, "index_problem", None)
        if problem:
            self.statusBar().showMessage(f"Search index: {problem}", 15000)
        if background_check:
            QTimer.singleShot(CHECK_DELAY_MS, self._start_check)

    # -- construction helpers ----------------------------------------------------------
    def _handler(self, name: str):
        own = getattr(self, name, None)
        if callable(own):
            return own
        for helper in (self.marks, self.coverage, self.imports):
            found = getattr(helper, name, None)
            if callable(found):
                return found
        return getattr(self.view_controls, name)

    def _new_dock(
        self, title: str, obj: str, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
    ) -> QDockWidget:
        dock = QDockWidget(title.replace("&", ""), self)
        dock.setObjectName(obj)
        self.addDockWidget(area, dock)
        return dock

    def ensure_speakers_view(self) -> SpeakersView:
        """Build the Speakers view on first use (it reads every speaker in the library)."""
        if self.speakers_view is None:
            from reader.gui.widgets.speakers_view import SpeakersView
            self.speakers_view = SpeakersView(self.library)
            self.speakers_dock.setWidget(self.speakers_view)
            self.speakers_view.articleRequested.connect(self.open_article_at_quote)
        return self.speakers_view

    def _init_optional_actions(self) -> None:
        a = self.actions_by_id
        self.quotes_dock.setVisible(self.prefs.show_quotes_panel)
        a["toggle_quotes"].setChecked(self.prefs.show_quotes_panel)
        a["toggle_speakers"].setChecked(False)
        if self.view.comments is None:
            for key in ("toggle_comments", "comments_folded", "comment_section_folded", "focus_comments",
                        "next_comment", "previous_comment", "next_thread", "previous_thread"):
                a[key].setEnabled(False)
        else:
            a["toggle_comments"].setChecked(self.prefs.show_comments)
            a["comments_folded"].setChecked(self.prefs.comments_start_folded)
            a["comment_section_folded"].setChecked(self.prefs.comment_section_start_folded)
            self.view_controls.apply_comment_prefs()

    def _connect_signals(self) -> None:
        side = self.side
        side.search_box.textChanged.connect(self.search.set_query)
        side.search_box.activated.connect(self.open_first_result)
        side.filtersChanged.connect(self._on_filters_changed)
        side.currentArticleChanged.connect(self.show_article)
        side.list_view.activated.connect(lambda _idx: self.focus_text())
        self.search.resultsReady.connect(self._on_search_results)
        self.search.previewReady.connect(self._on_search_results)
        self.model.moreRequested.connect(self.search.fetch_more)
        self.search.shown_article = self._shown_article
        self.search.cleared.connect(self._on_search_cleared)
        self.search.failed.connect(lambda msg: side.set_hint(msg))
        self.search.busyChanged.connect(side.set_busy)
        self.search.activeChanged.connect(side.set_searching)
        self.imports.started.connect(self.import_status.begin)
        self.imports.progress.connect(self.import_status.update_progress)
        self.imports.finished.connect(self._on_import_finished)
        self.imports.failed.connect(self._on_import_failed)
        self.imports.indexing.connect(self.import_status.indexing)
        self.imports.indexed.connect(self.import_status.indexed)
        self.imports.indexing_paused.connect(self.import_status.indexing_paused)
        self.import_status.cancel_button.clicked.connect(self.cancel_import)
        self.quotes_panel.quoteActivated.connect(self.view.scroll_to_quote)
        self.quotes_dock.visibilityChanged.connect(self.view_controls.sync_quotes_action)
        self.speakers_dock.visibilityChanged.connect(self.view_controls.sync_speakers_action)
        if self.theme is not None:
            self.theme.changed.connect(self.view_controls.on_theme_changed)
        self.marks.connect_signals()

    # -- state --------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.state.blob("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            w, h = 1280, 820
            if avail is not None and avail.width() > 0:
                w, h = min(w, int(avail.width() * 0.9)), min(h, int(avail.height() * 0.9))
            self.resize(w, h)
        dock_state = self.state.blob("window_state")
        if dock_state is None or not self.restoreState(dock_state):
            if self.quotes_dock is not None:
                self.tabifyDockWidget(self.quotes_dock, self.marks.dock)
                self.resizeDocks([self.quotes_dock], [300], Qt.Orientation.Horizontal)
            if self.speakers_dock is not None:
                self.resizeDocks([self.speakers_dock], [300], Qt.Orientation.Vertical)
        main = self.state.blob("main_splitter")
        if main is None or not self.splitter.restoreState(main):
            self.splitter.setSizes([380, max(400, self.width() - 380)])
        detail = self.state.blob("detail_splitter")
        if detail is None or not self.view.splitter.restoreState(detail):
            self.view.splitter.setSizes([640, 220])
        sort, desc = self.state.sort()
        self.side.sort_combo.blockSignals(True)
        self.side.set_sort(sort, desc)
        self.side.sort_combo.blockSignals(False)

    def save_state(self) -> None:
        self.state.set_blob("geometry", self.saveGeometry())
        self.state.set_blob("window_state", self.saveState())
        self.state.set_blob("main_splitter", self.splitter.saveState())
        self.state.set_blob("detail_splitter", self.view.splitter.saveState())
        sort, desc = self.side.sort()
        self.state.set_sort(sort, desc)
        self.state.set_last_article(self.view.article_id)
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.imports.cancel()
        self.pool.shutdown()
        super().closeEvent(event)

    # -- the list -----------------------------------------------------------------------
    def reload_list(self, select: int | None = None, *, refresh_filters: bool = False, first_rows: bool = False) -> None:
        """Re-read the ids (one query); keep or restore the selection.

        With ``refresh_filters`` the site and tag choices are re-counted too, on
        the pool (a GROUP BY over the whole library: ~0.1 s per 20,000 articles).
        With ``first_rows`` a big library lists its first screen now, the rest later (``list_filling``).
        """
        keep = select if select is not None else self.view.article_id
        sort, desc = self.side.sort()
        if refresh_filters and not first_rows:
            self._refresh_filters()
        try:
            first = self.filler.first_ids(keep, self._refresh_filters if refresh_filters else None) if first_rows else None
            self._all_ids = first.ids if first is not None else ArticleIds(self.library.article_ids(
                sort=sort, descending=desc, site=self.side.site(), tag=self.side.tag(), **self.marks.list_filters()))
            total = len(self._all_ids) if first is not None else self.library.count()
        except ReaderError as exc:
            self.statusBar().showMessage(f"Could not read the library: {exc.reason}")
            return
        self.size_label.setText(f"{total:,} article{'s' if total != 1 else ''} in {self.library.name}")
        if self.search.active:
            self.search.set_filters(self.side.site(), self.side.tag())
            return
        if first is not None:
            self.model.set_first_ids(first)
        else:
            self.model.set_ids(self._all_ids)
        self.side.set_counts(len(self._all_ids), None)
        self._restore_selection(keep)

    def _refresh_filters(self) -> None:
        worker = Worker(lambda lib=self.library: (lib.sites(), lib.tags()))
        worker.signals.finished.connect(self._on_filters_loaded)
        self.pool.start(worker)

    def _on_filters_loaded(self, result: tuple[list[tuple[str, int]], list[tuple[str, int]]]) -> None:
        sites, tags = result
        self.side.set_sites(sites)
        self.side.set_tags(tags)
        self.filtersLoaded.emit()

    def _restore_selection(self, keep: int | None) -> None:
        if keep is not None and self.side.select_id(keep):
            return
        if self.model.rowCount():
            self.side.select_row(0)
        elif self.library.count() == 0:
            self.view.show_placeholder(
                "The library is empty. Import articles with File › Import Files… (Ctrl+O) "
                "or drop files on this window."
            )
            self.articleShown.emit(None)

    def _on_filters_changed(self) -> None:
        self.search.site, self.search.tag = self.side.site(), self.side.tag()
        self.reload_list()  # re-runs the search too when one is active

    # -- search -------------------------------------------------------------------------
    def _on_search_results(self, outcome: SearchOutcome) -> None:
        if outcome.more:
            self.model.append_hits(outcome.ids, outcome.snippets)
            return
        current = self.view.article_id
        self.model.set_ids(outcome.ids, outcome.snippets, outcome.total)
        # A title preview is replaced by the full results: no count yet, Enter waits for those.
        self.side.set_counts(len(self._all_ids), None if outcome.preview else outcome.total)
        self.side.set_hint(outcome.hint)
        if self._select_first_on_results and not outcome.preview:
            self._select_first_on_results = False
            if self.side.select_row(0):
                self.side.list_view.setFocus()
                return
        if current is not None and self.side.select_id(current) and not outcome.preview:
            # Same article still listed: the selection stays, but the highlights follow the query.
            if outcome.shown_id == current and outcome.shown_spans is not None:
                self.view.set_matches(outcome.shown_spans)
            else:
                self.view.set_matches(self._match_spans())

    def _on_search_cleared(self) -> None:
        self._select_first_on_results = False
        self.side.set_hint(None)
        keep = self.view.article_id
        self.model.set_ids(self._all_ids)
        self.side.set_counts(len(self._all_ids), None)
        if keep is not None and self.side.select_id(keep):
            self.view.set_matches([])

    def _shown_article(self) -> tuple[int, str] | None:
        v = self.view
        return (v.article_id, v.article.body) if v.article is not None and v.article_id is not None else None

    def _match_spans(self) -> list[tuple[int, int]]:
        if not self.search.active or self.view.article is None:
            return []
        try:
            return list(self.library.match_spans(self.search.query, self.view.article.body))
        except ReaderError:
            return []

    def open_first_result(self) -> None:
        if self.search.active and not self.search.idle:
            self._select_first_on_results = True
            self.search.run_now()
            return
        if self.side.select_row(0):
            self.side.list_view.setFocus()

    # -- the detail pane ------------------------------------------------------------------
    def show_article(self, article_id: int | None) -> None:
        if article_id is None:
            return
        try:
            article = self.library.get(article_id)
        except ArticleNotFound:
            self.view.show_placeholder("This article is no longer in the library.")
            self.articleShown.emit(None)
            return
        except ReaderError as exc:
            self.view.show_placeholder(f"Could not read this article: {exc.reason}")
            self.articleShown.emit(None)
            return
        spans: list[tuple[int, int]] = []
        if self.search.active:
            try:
                spans = list(self.library.match_spans(self.search.query, article.body))
            except ReaderError:
                spans = []
        self.view.set_article(article_id, article, spans)
        if self.quotes_panel is not None:
            self.quotes_panel.set_article(article)
        self.articleShown.emit(article_id)

    def reveal_article(self, article_id: int, *, refresh_filters: bool = False) -> None:
        """Select the article in the list, leaving a search or filters that would hide it."""
        if self.search.active:
            self.side.search_box.blockSignals(True)
            self.side.search_box.clear()
            self.side.search_box.blockSignals(False)
            self.search.set_query("")
        self.reload_list(select=article_id, refresh_filters=refresh_filters)
        if self.model.row_of(article_id) is None and self.side.clear_filters():
            self.reload_list(select=article_id)

    def open_article_at_quote(self, article_id: int, quote_index: int) -> None:
        """From the Speakers view: show the article (clearing what hides it) at the quote."""
        if self.model.row_of(article_id) is None:
            self.reveal_article(article_id)
        if not self.side.select_id(article_id) or self.view.article_id != article_id:
            self.show_article(article_id)
        self.view.scroll_to_quote(quote_index)

    # -- import ---------------------------------------------------------------------------
    def import_paths(self, paths: list[str], *, show_first: bool = True) -> None:
        self.imports.start([str(p) for p in paths], show_first=show_first)

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import Articles", str(Path.home()), "Articles (*.txt *.html *.htm *.json *.jsonl *.csv *.tsv *.parquet);;All files (*)"
        )
        if files:
            self.import_paths(files)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a Folder of Articles", str(Path.home()))
        if folder:
            self.import_paths([folder])

    def cancel_import(self) -> None:
        self.import_status.cancelling()
        self.imports.cancel()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # keep accepting over child widgets
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
        else:
            event.ignore()

    def _on_import_finished(self, report: Any, show_first: bool) -> None:
        if not self.imports.running:
            self.import_status.hide()
        new_ids = list(report.imported) + list(report.updated)
        shown = (new_ids or list(report.unchanged))[:1]
        if shown and show_first:
            self.reveal_article(shown[0], refresh_filters=True)
        else:
            self.model.refresh_rows()
            self.reload_list(refresh_filters=True)
        parts = [f"{len(report.imported)} imported"]
        if report.updated:
            parts.append(f"{len(report.updated)} updated")
        if report.unchanged:
            parts.append(f"{len(report.unchanged)} unchanged")
        if report.failed:
            parts.append(f"{len(report.failed)} failed")
        if getattr(report, "waiting", None):  # File > Comments Waiting for Their Article lists them
            parts.append(waiting_summary(len(report.waiting)))
        prefix = "Import cancelled: " if report.cancelled else "Import finished: "
        summary = prefix + ", ".join(parts)
        self.statusBar().showMessage(summary, 10000)
        if self.speakers_view is not None and (report.imported or report.updated):
            self.speakers_view.refresh()
        if report.failed:
            self._failures_dialog = ImportFailuresDialog(list(report.failed), summary, self)
            self._failures_dialog.open()
        self.importDone.emit(report)

    def _on_import_failed(self, message: str) -> None:
        if not self.imports.running:
            self.import_status.hide()
        self.statusBar().showMessage("Import failed", 10000)
        QMessageBox.warning(self, "Import failed", message)

    # -- background check ------------------------------------------------------------------
    def _start_check(self) -> None:
        if not hasattr(self.library, "check") or self.imports.catch_up_if_behind(then=self._start_check):
            return
        worker = Worker(self.library.check, repair=True)
        worker.signals.finished.connect(self._on_check_finished)
        worker.signals.error.connect(lambda msg: self.statusBar().showMessage(f"Library check: {msg}", 15000))
        self._check_worker = worker
        self.pool.start(worker)

    def _on_check_finished(self, report: Any) -> None:
        self._check_worker = None
        if getattr(report, "repaired", 0):
            self.statusBar().showMessage(f"Library check repaired {report.repaired} problem(s)", 15000)
            self.reload_list(refresh_filters=True)
        self.checkDone.emit(report)

    # -- action handlers (names come from the action table) ---------------------------------
    def export_pdf(self) -> None:
        from reader.gui.export_actions import export_selected  # loads the PDF layout when first used

        ids = self.coverage.selected_ids() or ([self.view.article_id] if self.view.article_id is not None else [])
        export_selected(self, self.library, ids)  # several selected: one PDF with contents, or one each

    def print_article(self) -> None:
        from reader.gui.export_actions import print_preview  # loads the PDF layout when first used

        print_preview(self, self.library, [i for i in (self.view.article_id,) if i is not None])

    def focus_search(self) -> None:
        if not self.side.isVisible():
            self.actions_by_id["toggle_side_panel"].setChecked(True)
        self.side.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.side.search_box.selectAll()

    def next_match(self) -> None:
        self.view.next_match()

    def previous_match(self) -> None:
        self.view.previous_match()

    def clear_search(self) -> None:
        # Esc belongs to the text box that has the focus (e.g. the Speakers filter) first.
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and focus is not self.side.search_box and focus.text():
            focus.clear()
            return
        if self.coverage.escape():  # closes the comparison, or leaves a story shown alone
            return
        self.side.search_box.clear()

    def _comments_focused(self) -> bool:
        c = self.view.comments
        return c is not None and c.isVisible() and c.isAncestorOf(QApplication.focusWidget())

    def next_article(self) -> None:
        # J/K move within the comment thread while it has the focus, else through the list.
        if self._comments_focused():
            self._comment_step("next_comment")
        else:
            self.side.move(1)

    def previous_article(self) -> None:
        if self._comments_focused():
            self._comment_step("previous_comment")
        else:
            self.side.move(-1)

    def focus_list(self) -> None:
        self.side.list_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_text(self) -> None:
        self.coverage.text_widget().setFocus(Qt.FocusReason.ShortcutFocusReason)  # (a compared pane)

    def focus_comments(self) -> None:
        if self.view.comments is not None and self.view.comments.isVisible():
            self.view.comments.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _comment_step(self, name: str) -> None:
        c = self.view.comments
        fn = getattr(c, name, None) if c is not None else None
        if callable(fn) and c.isVisible():
            fn()

    def next_comment(self) -> None:
        self._comment_step("next_comment")

    def previous_comment(self) -> None:
        self._comment_step("previous_comment")

    def next_thread(self) -> None:
        self._comment_step("next_thread")

    def previous_thread(self) -> None:
        self._comment_step("previous_thread")

    def show_shortcuts(self) -> None:
        if self._shortcuts_dialog is None:
            self._shortcuts_dialog = ShortcutsDialog(self)
        self._shortcuts_dialog.show()
        self._shortcuts_dialog.raise_()

    def show_about(self) -> None:
        show_about(self, getattr(self.library, "root", None))

