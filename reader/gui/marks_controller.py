"""The reader's marks in the window: highlights and notes, star, read state, labels, collections.

Composed by the main window (which stays a composition of widgets); the
action table names these methods as handlers and the window resolves a
handler here when it has none of that name itself. Everything is stored by
the Qt-free core (``library.annotations``, ``library.marks``); this module
only turns keys and clicks into those calls and shows the result:

- H highlights the selected passage in the current colour (1-5 choose it),
  drawn at once; in the comment thread (painted, not selectable text) H marks
  the current comment whole; N writes or edits the note of the selected passage or of
  the highlight under the cursor (with nothing to annotate, N still steps to
  the next comment, as before).
- The Annotations panel lists the open article's highlights, orphans first;
  "All Annotations" lists the library's.
- S stars, U toggles read; an article counts as read after it has been open
  ``READ_AFTER_MS`` (a timer restarted on every switch).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox

from reader.errors import ReaderError
from reader.gui.marks_dialogs import CollectionDialog, LabelsDialog, NoteDialog
from reader.gui.settings import save_preferences
from reader.gui.widgets.annotations_panel import AnnotationsBrowser, AnnotationsPanel
from reader.gui.widgets.highlights import DEFAULT_COLOR, HighlightSpan, highlight_color

#: ``reader.gui.mainwindow.MainWindow`` (not imported: the window imports this controller).
MainWindow = Any

log = logging.getLogger(__name__)

READ_AFTER_MS = 3000  # open this long and an article counts as read


def span_of(a: Any) -> HighlightSpan | None:
    """What the article view draws for a stored annotation (None: orphaned or in a comment)."""
    if a.state == "orphaned" or a.target != "body" or a.end <= a.start:
        return None
    return HighlightSpan(a.start, a.end, a.color, a.note, a.id)


class MarksController(QObject):
    """Handlers for the Marks menu and the two annotation views."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.color = DEFAULT_COLOR
        self.read_timer = QTimer(self)
        self.read_timer.setSingleShot(True)
        self.read_timer.setInterval(READ_AFTER_MS)
        self.read_timer.timeout.connect(self._mark_shown_read)
        self._annotations: list[Any] = []  # of the article shown
        self._undo: Any | None = None  # the last deleted annotation
        self.dialog: Any | None = None  # the open note/labels/collection dialog (tests reach it)
        self.panel = AnnotationsPanel()
        self.dock = window._new_dock("&Annotations", "annotationsDock")
        self.dock.setWidget(self.panel)
        self.browser: AnnotationsBrowser | None = None  # the library-wide view, built when first shown
        self._browser_fresh = False
        self.browser_dock: QDockWidget = window._new_dock(
            "All Annotations", "allAnnotationsDock", Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.browser_dock.hide()

    @property
    def library(self) -> Any:
        return self.w.library

    def connect_signals(self) -> None:
        w = self.w
        w.articleShown.connect(self._on_article_shown)
        w.view.highlight_source = self.spans_for
        self.panel.annotationActivated.connect(self.go_to)
        self.panel.deleteRequested.connect(self.delete_annotation)
        self.panel.undoRequested.connect(self.undo_delete)
        self.dock.visibilityChanged.connect(lambda _v: self._sync_check("toggle_annotations", self.dock))
        self.browser_dock.visibilityChanged.connect(self._on_browser_visibility)
        w.actions_by_id[f"color_{self.color}"].setChecked(True)
        self.dock.setVisible(w.prefs.show_annotations_panel)
        self._sync_check("toggle_annotations", self.dock)
        if w.theme is not None:
            w.theme.changed.connect(self.set_dark)
            self.set_dark(w.theme.is_dark)
        self.refresh_filter_choices()

    def set_dark(self, dark: bool) -> None:
        self.panel.set_dark(dark)
        self._sync_comment_marks()
        if self.browser is not None:
            self.browser.set_dark(dark)

    def _sync_check(self, action: str, dock: QDockWidget) -> None:
        act = self.w.actions_by_id[action]
        act.blockSignals(True)
        act.setChecked(not dock.isHidden())
        act.blockSignals(False)

    # -- the article shown ------------------------------------------------------------
    def spans_for(self, article_id: int | None) -> list[HighlightSpan]:
        """Highlights of ``article_id`` for the article view (asked on every render of a new article)."""
        self._annotations = []
        if article_id is not None:
            try:
                self._annotations = self.library.annotations.for_article(article_id)
            except ReaderError as exc:
                self.w.statusBar().showMessage(f"Could not read the highlights: {exc.reason}", 8000)
        return [s for s in (span_of(a) for a in self._annotations) if s is not None]

    def _on_article_shown(self, article_id: int | None) -> None:
        self.panel.hide_undo()
        self._undo = None
        self.panel.set_annotations(article_id, self._annotations if article_id is not None else [])
        self._sync_comment_marks()
        self._sync_star_action()
        self.read_timer.stop()
        if article_id is not None:
            self.read_timer.start()

    def _mark_shown_read(self) -> None:
        aid = self.w.view.article_id
        if aid is None:
            return
        try:
            if not self.library.marks.get(aid).read:
                self.library.marks.set_read([aid], True)
        except ReaderError as exc:
            self.w.statusBar().showMessage(f"Could not mark as read: {exc.reason}", 8000)
            return
        self._changed(aid, counts=False)

    def _changed(self, article_id: int, *, counts: bool = True) -> None:
        self.w.model.refresh_marks([article_id])
        if counts:
            self.refresh_filter_choices()
        self._sync_star_action()

    def refresh_filter_choices(self) -> None:
        try:
            labels, collections = self.library.marks.labels(), self.library.marks.collections()
        except ReaderError:
            return
        self.w.side.marks_filter.set_labels(labels)
        self.w.side.marks_filter.set_collections(collections)

    def _reload_annotations(self, select: int | None = None) -> None:
        """Re-read the shown article's annotations; redraw the highlights and the panel."""
        aid = self.w.view.article_id
        spans = self.spans_for(aid)
        self.w.view.set_highlights(spans)
        self.panel.set_annotations(aid, self._annotations)
        self._sync_comment_marks()
        if select is not None:
            self.panel.select_annotation(select)
        self._refresh_browser()

    def _refresh_browser(self) -> None:
        if self.browser is not None and not self.browser_dock.isHidden():
            self.browser.refresh()

    # -- highlights and notes ------------------------------------------------------------
    def _selection(self) -> tuple[int, int] | None:
        return self.w.view.selected_body_range() if self.w.view.article is not None else None

    def _comparing(self) -> bool:
        """While two articles are compared the article is hidden, its old selection and cursor
        with it: H, N and Remove Highlight would mark it unseen. Say where marks are made."""
        if not self.w.coverage.comparing:
            return False
        self.w.statusBar().showMessage("Highlights and notes are made in the article: Esc closes the comparison.", 6000)
        return True

    def highlight(self) -> Any | None:
        """H: highlight the selected passage in the current colour (or recolour the one there)."""
        if self._comparing():
            return None
        view = self.w.view
        aid = view.article_id
        if aid is not None and self.w._comments_focused():
            return self._highlight_comment(aid)
        rng = self._selection()
        if aid is None or rng is None:
            existing = view.highlight_at_cursor()
            if existing is not None and existing.id is not None and existing.color != self.color:
                return self._update(existing.id, color=self.color)
            self.w.statusBar().showMessage("Select a passage of the article first, then press H.", 5000)
            return None
        try:
            a = self.library.annotations.create(aid, start=rng[0], end=rng[1], color=self.color)
        except ReaderError as exc:
            self.w.statusBar().showMessage(f"Could not highlight: {exc.reason}", 8000)
            return None
        span = span_of(a)
        if span is not None:
            view.add_highlight(span)  # drawn at once, no re-render
        self._annotations = self.library.annotations.for_article(aid)
        self.panel.set_annotations(aid, self._annotations)
        self.panel.select_annotation(a.id)
        cur = view.browser.textCursor()
        cur.clearSelection()
        view.browser.setTextCursor(cur)
        self._refresh_browser()
        return a

    # -- comments: the thread is painted, not selectable text, so a comment is marked whole ----
    def _comments(self) -> list[Any]:
        a = self.w.view.article
        return [c for _depth, c in a.iter_comments()] if a is not None else []

    def _comment_target(self) -> tuple[str, Any] | None:
        """("comment:N", comment) of the thread's current comment (N in ``iter_comments`` order)."""
        c = self.w.view.comments
        current = c.current_comment() if c is not None else None
        for n, comment in enumerate(self._comments()):
            if comment is current:
                return f"comment:{n}", comment
        return None

    def _comment_annotation(self) -> Any | None:
        found = self._comment_target()
        return next((a for a in self._annotations if found and a.target == found[0] and a.state != "orphaned"), None)

    def _highlight_comment(self, aid: int) -> Any | None:
        found = self._comment_target()
        if found is None or not found[1].text.strip():
            self.w.statusBar().showMessage("Move to a comment first (J / K in the thread), then press H.", 5000)
            return None
        existing = self._comment_annotation()
        if existing is not None:
            return self._update(existing.id, color=self.color) if existing.color != self.color else existing
        try:
            a = self.library.annotations.create(
                aid, start=0, end=len(found[1].text), color=self.color, target=found[0]
            )
        except ReaderError as exc:
            self.w.statusBar().showMessage(f"Could not highlight: {exc.reason}", 8000)
            return None
        self._reload_annotations(select=a.id)
        return a

    def _sync_comment_marks(self) -> None:
        c = self.w.view.comments
        if c is None:
            return
        comments = self._comments()
        marked: dict[int, Any] = {}
        for a in self._annotations:
            if a.state != "orphaned" and a.target.startswith("comment:") and a.target[8:].isdigit():
                n = int(a.target[8:])
                if n < len(comments):
                    marked[id(comments[n])] = highlight_color(a.color, self.panel.model.dark)
        c.set_marked(marked)

    def _set_color(self, name: str) -> None:
        self.color = name
        self.w.actions_by_id[f"color_{name}"].setChecked(True)
        hidden = self.w.coverage.comparing  # (the article's cursor is not on screen)
        existing = self.w.view.highlight_at_cursor() if self._selection() is None and not hidden else None
        if existing is not None and existing.id is not None and existing.color != name:
            self._update(existing.id, color=name)
        else:
            self.w.statusBar().showMessage(f"Highlight colour: {name}", 2000)

    def color_yellow(self) -> None:
        self._set_color("yellow")

    def color_green(self) -> None:
        self._set_color("green")

    def color_blue(self) -> None:
        self._set_color("blue")

    def color_pink(self) -> None:
        self._set_color("pink")

    def color_purple(self) -> None:
        self._set_color("purple")

    def _update(self, annotation_id: int, **changes: Any) -> Any | None:
        try:
            a = self.library.annotations.update(annotation_id, **changes)
        except ReaderError as exc:
            self.w.statusBar().showMessage(f"Could not change the highlight: {exc.reason}", 8000)
            return None
        self._reload_annotations(select=annotation_id)
        return a

    def edit_note(self) -> None:
        """N: the note of the selection (highlighting it first) or of the highlight under the cursor.

        From the panel: the current row's note. With nothing to annotate N keeps its
        older meaning, the next comment.
        """
        focus = QApplication.focusWidget()
        in_panel = focus is not None and self.panel.isAncestorOf(focus)  # (its rows stay on screen)
        if not in_panel and self._comparing():
            return
        target = self._note_target()
        if target is None:
            self.w.next_comment()
            return
        self.dialog = NoteDialog(target.quote, target.note, self.w)
        self.dialog.accepted.connect(lambda a=target, d=self.dialog: self._save_note(a, d.note()))
        self.dialog.open()

    def _note_target(self) -> Any | None:
        focus = QApplication.focusWidget()
        if focus is not None and self.panel.isAncestorOf(focus) and self.panel.current() is not None:
            return self.panel.current()
        if self.w.view.article_id is not None and self.w._comments_focused():
            return self._comment_annotation() or self._highlight_comment(self.w.view.article_id)
        if self._selection() is not None:
            span = self.w.view.highlight_at_cursor()
            rng = self._selection()
            if span is not None and rng is not None and (span.start, span.end) == rng:
                return self._find(span.id)
            return self.highlight()
        span = self.w.view.highlight_at_cursor() if self.w.view.article is not None else None
        return self._find(span.id) if span is not None and span.id is not None else None

    def _find(self, annotation_id: int | None) -> Any | None:
        return next((a for a in self._annotations if a.id == annotation_id), None)

    def _save_note(self, annotation: Any, note: str) -> None:
        if note != annotation.note:
            self._update(annotation.id, note=note)

    def remove_highlight(self) -> None:
        """Marks > Remove Highlight: the one under the cursor, or the panel's current row."""
        focus = QApplication.focusWidget()
        a = None
        if focus is not None and self.panel.isAncestorOf(focus):
            a = self.panel.current()
        if a is None and self.w._comments_focused():
            a = self._comment_annotation()
        if a is None and self._comparing():
            return
        if a is None:
            span = self.w.view.highlight_at_cursor()
            a = self._find(span.id) if span is not None else None
        if a is None:
            self.w.statusBar().showMessage("Put the cursor in a highlight (or pick one in the panel) first.", 5000)
            return
        self.delete_annotation(a)

    def delete_annotation(self, a: Any) -> None:
        """Delete from the panel or the menu; an orphan (its passage is gone) asks first."""
        if a.state == "orphaned":
            answer = QMessageBox.question(
                self.w,
                "Delete Orphaned Highlight",
                "This highlight's passage is no longer in the article, so it cannot be made again. Delete it?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.library.annotations.delete(a.id)
        except ReaderError as exc:
            self.w.statusBar().showMessage(f"Could not delete: {exc.reason}", 8000)
            return
        self._undo = a if a.state != "orphaned" else None
        self._reload_annotations()
        if self._undo is not None:
            self.panel.show_undo("Highlight deleted.")

    def undo_delete(self) -> None:
        a, self._undo = self._undo, None
        self.panel.hide_undo()
        if a is None:
            return
        try:
            back = self.library.annotations.create(
                a.article_id, start=a.start, end=a.end, note=a.note, color=a.color, target=a.target
            )
        except ReaderError as exc:
            self.w.statusBar().showMessage(f"Could not restore the highlight: {exc.reason}", 8000)
            return
        self._reload_annotations(select=back.id)

    def go_to(self, a: Any) -> None:
        """Scroll the shown article to an annotation (orphans: say so, nothing to scroll to)."""
        if a.state == "orphaned":
            self.w.statusBar().showMessage(
                "Orphaned: this passage is no longer in the article; its quote and note are kept.", 6000
            )
            return
        if a.target != "body":
            n = int(a.target[8:]) if a.target[8:].isdigit() else -1
            comments = self._comments()
            thread = self.w.view.comments
            if thread is not None and 0 <= n < len(comments) and thread.select_comment(comments[n]):
                self.w.focus_comments()
            return
        self.w.view.scroll_to_body_range(a.start, a.end)

    def open_annotation(self, a: Any) -> None:
        """From the library view: show the article (clearing what hides it) at the passage."""
        self.w.open_article_at_quote(a.article_id, -1)
        self.panel.select_annotation(a.id)
        self.go_to(a)

    # -- docks ----------------------------------------------------------------------------
    def toggle_annotations(self, on: bool) -> None:
        self.dock.setVisible(on)
        if on:
            self.dock.raise_()
        self.w.prefs.show_annotations_panel = on
        save_preferences(self.w.prefs)

    def ensure_browser(self) -> AnnotationsBrowser:
        if self.browser is None:
            self.browser = AnnotationsBrowser(self.library.annotations.list_all)
            self.browser.annotationOpened.connect(self.open_annotation)
            self.browser.set_dark(self.panel.model.dark)
            self.browser_dock.setWidget(self.browser)
        return self.browser

    def show_all_annotations(self) -> None:
        fresh = self.browser is None
        browser = self.ensure_browser()
        self._browser_fresh = fresh  # just read: no second read when the dock shows
        if self.browser_dock.isHidden():
            self.browser_dock.show()
        elif not fresh:
            browser.refresh()
        self._browser_fresh = False
        self.browser_dock.raise_()
        browser.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        browser.filter_box.selectAll()

    def _on_browser_visibility(self, visible: bool) -> None:
        if not visible:
            return
        if self.browser is None:
            self.ensure_browser()  # the dock came back open from the last session: fill it (one read)
        elif not self._browser_fresh:
            self.browser.refresh()  # shown again (a tab raised, the dock re-opened): re-read

    # -- star, read, labels, collections --------------------------------------------------
    def _shown(self) -> int | None:
        aid = self.w.view.article_id
        if aid is None:
            self.w.statusBar().showMessage("Open an article first.", 4000)
        return aid

    def _sync_star_action(self) -> None:
        act = self.w.actions_by_id["star"]
        aid = self.w.view.article_id
        starred = False
        if aid is not None:
            try:
                starred = self.library.marks.get(aid).starred
            except ReaderError:
                starred = False
        act.blockSignals(True)
        act.setChecked(starred)
        act.blockSignals(False)

    def toggle_star(self, _checked: bool = False) -> None:
        """S: star or unstar (in the comment thread S keeps showing or hiding spam)."""
        c = self.w.view.comments
        aid = self._shown() if c is None or not c.isAncestorOf(QApplication.focusWidget()) else None
        if aid is None:
            if c is not None and c.isVisible() and c.isAncestorOf(QApplication.focusWidget()):
                c.set_show_spam(not c.model.show_spam)
            self._sync_star_action()  # the action's own check follows the stored star only
            return
        starred = not self.library.marks.get(aid).starred
        self.library.marks.set_starred([aid], starred)
        self.w.statusBar().showMessage("Starred" if starred else "Star removed", 3000)
        self._changed(aid, counts=False)

    def toggle_read(self) -> None:
        """U: mark the open article unread (it stays unread until opened again) or read."""
        aid = self._shown()
        if aid is None:
            return
        read = not self.library.marks.get(aid).read
        self.read_timer.stop()
        self.library.marks.set_read([aid], read)
        self.w.statusBar().showMessage("Marked as read" if read else "Marked as unread", 3000)
        self._changed(aid, counts=False)

    def edit_labels(self) -> None:
        aid = self._shown()
        if aid is None:
            return
        mine = list(self.library.marks.get(aid).labels)
        known = [name for name, _n in self.library.marks.labels()]
        title = self.w.view.article.title if self.w.view.article is not None else ""
        self.dialog = LabelsDialog(title, mine, known, self.w)
        self.dialog.accepted.connect(lambda d=self.dialog, old=mine: self._save_labels(aid, old, d.labels()))
        self.dialog.open()

    def _save_labels(self, aid: int, old: list[str], new: list[str]) -> None:
        keep = {n.casefold() for n in new}
        have = {n.casefold() for n in old}
        try:
            gone = [n for n in old if n.casefold() not in keep]
            added = [n for n in new if n.casefold() not in have]
            if gone:
                self.library.marks.remove_labels(aid, gone)
            if added:
                self.library.marks.add_labels(aid, added)
        except ReaderError as exc:
            QMessageBox.warning(self.w, "Labels", exc.reason)
            return
        self._changed(aid)

    def add_to_collection(self) -> None:
        aid = self._shown()
        if aid is None:
            return
        names = [n for n, _c in self.library.marks.collections()]
        self.dialog = CollectionDialog(
            "Add to Collection", "Add this article to the collection (type a new name to create one):", names,
            editable=True, parent=self.w,
        )
        self.dialog.accepted.connect(lambda d=self.dialog: self._collect(aid, d.name(), add=True))
        self.dialog.open()

    def remove_from_collection(self) -> None:
        aid = self._shown()
        if aid is None:
            return
        names = list(self.library.marks.get(aid).collections)
        if not names:
            self.w.statusBar().showMessage("This article is in no collection.", 4000)
            return
        self.dialog = CollectionDialog(
            "Remove from Collection", "Remove this article from the collection:", names, editable=False, parent=self.w
        )
        self.dialog.accepted.connect(lambda d=self.dialog: self._collect(aid, d.name(), add=False))
        self.dialog.open()

    def _collect(self, aid: int, name: str, *, add: bool) -> None:
        if not name:
            return
        try:
            if add:
                self.library.marks.add_to_collection(name, [aid])
            else:
                self.library.marks.remove_from_collection(name, [aid])
        except ReaderError as exc:
            QMessageBox.warning(self.w, "Collections", exc.reason)
            return
        self.w.statusBar().showMessage(f"{'Added to' if add else 'Removed from'} “{name}”", 4000)
        self._changed(aid)

    def list_filters(self) -> dict[str, Any]:
        """The side panel's Show / Label / Collection as ``Library.article_ids`` keywords (SQL-side);
        a running search gets the same filters."""
        kw = self.w.side.marks_filter.filter_kwargs()
        self.w.search.marks = kw
        return kw
