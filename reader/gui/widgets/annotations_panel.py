"""The Annotations panel and the library-wide annotations view.

Panel (a dock beside the Quotes panel): the open article's highlights and
notes, orphans first and marked "⚠ Orphaned" (their passage is no longer in
the text, the quote and note are kept). Enter or a click scrolls the article
to the passage; Delete removes the highlight (an "Undo" button brings it
back); N edits the note of the current row.

Library view ("All Annotations…"): every annotation in the library in a
table (highlight and note | article), newest first. Type in the filter box to
narrow it (quote, note or article title); Down or Enter moves into the list;
Enter or a double-click opens the article at the passage. The rows are
formatted only when painted, so 10,000 annotations open at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.gui.models.annotation_list import AnnotationListModel, AnnotationRole
from reader.gui.widgets.enter_views import ENTER_KEYS, EnterTableView

_ENTER = ENTER_KEYS


class _AnnotationList(QListView):
    """Enter activates, Delete removes, N edits the note of the current row."""

    enterPressed = Signal(QModelIndex)
    deletePressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        idx = self.currentIndex()
        if idx.isValid() and event.key() in _ENTER:
            self.enterPressed.emit(idx)
        elif idx.isValid() and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deletePressed.emit(idx)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class AnnotationsPanel(QWidget):
    """The open article's annotations; emits what the user asked for, stores nothing itself."""

    annotationActivated = Signal(object)  # Annotation: scroll the article to it
    deleteRequested = Signal(object)  # Annotation
    undoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsPanel")
        self.summary = QLabel(self)
        self.summary.setObjectName("annotationsSummary")
        self.summary.setWordWrap(True)
        self.model = AnnotationListModel(self)
        self.list = _AnnotationList(self)
        self.list.setObjectName("annotationsList")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Highlights and notes in this article")
        self.undo_bar = QWidget(self)
        self.undo_label = QLabel(self.undo_bar)
        self.undo_button = QPushButton("&Undo", self.undo_bar)
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.undo_label, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.undo_bar)
        self.setFocusProxy(self.list)
        self.list.clicked.connect(self._activate)
        self.list.enterPressed.connect(self._activate)
        self.list.deletePressed.connect(self._delete)
        self.undo_button.clicked.connect(self.undoRequested)
        self.set_annotations(None, [])

    def set_dark(self, dark: bool) -> None:
        self.model.dark = dark
        self.list.viewport().update()

    def set_annotations(self, article_id: int | None, rows: Sequence[Any]) -> None:
        keep = self.current()
        self.model.set_annotations(rows)
        if article_id is None:
            self.summary.setText("No article open.")
            return
        if not rows:
            self.summary.setText("No highlights yet: select a passage and press H (N adds a note).")
            return
        orphans = sum(1 for a in rows if a.state == "orphaned")
        notes = sum(1 for a in rows if a.note)
        text = f"{len(rows)} highlight{'s' if len(rows) != 1 else ''} · {notes} note{'s' if notes != 1 else ''}"
        if orphans:
            text += f" · {orphans} orphaned (listed first)"
        self.summary.setText(text)
        row = self.model.row_of(keep.id) if keep is not None else None
        self.list.setCurrentIndex(self.model.index(row if row is not None else 0, 0))

    def current(self) -> Any | None:
        idx = self.list.currentIndex()
        return idx.data(AnnotationRole) if idx.isValid() else None

    def select_annotation(self, annotation_id: int) -> bool:
        row = self.model.row_of(annotation_id)
        if row is None:
            return False
        idx = self.model.index(row, 0)
        self.list.setCurrentIndex(idx)
        self.list.scrollTo(idx)
        return True

    def show_undo(self, text: str) -> None:
        self.undo_label.setText(text)
        self.undo_bar.show()

    def hide_undo(self) -> None:
        if self.undo_bar.isAncestorOf(QApplication.focusWidget()):
            # Undo pressed: the focus stays in the list (Qt would pass it on to the dock's tab bar).
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.undo_bar.hide()

    def _activate(self, idx: QModelIndex) -> None:
        a = idx.data(AnnotationRole)
        if a is not None:
            self.annotationActivated.emit(a)

    def _delete(self, idx: QModelIndex) -> None:
        a = idx.data(AnnotationRole)
        if a is not None:
            self.deleteRequested.emit(a)


class _FilterBox(QLineEdit):
    """Down or Enter moves into the list below."""

    leave = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, *_ENTER):
            self.leave.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class AnnotationsBrowser(QWidget):
    """Every annotation in the library, filterable; emits ``annotationOpened(annotation)``."""

    annotationOpened = Signal(object)

    def __init__(self, load: Callable[[], Sequence[Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsBrowser")
        self._load = load
        self.filter_box = _FilterBox(self)
        self.filter_box.setObjectName("annotationsFilter")
        self.filter_box.setPlaceholderText("Filter highlights, notes and titles")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter annotations")
        self.count_label = QLabel(self)
        self.model = AnnotationListModel(self, show_article=True)  # the rows that pass the filter
        self._all: list[Any] = []
        self._haystacks: list[str] = []  # quote, note and title folded, per row of _all
        self.table = EnterTableView(self)
        self.table.setObjectName("annotationsTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName("All annotations")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 10,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2 + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.filter_box)
        # Filtering 10,000 rows costs a few milliseconds; a short pause keeps typing smooth.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(80)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_box.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter_box.leave.connect(self._enter_list)
        self.table.enterPressed.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        self.refresh()

    def set_dark(self, dark: bool) -> None:
        self.model.dark = dark
        self.table.viewport().update()

    def refresh(self) -> None:
        """Re-read every annotation (one SQLite query) and apply the filter."""
        self._all = list(self._load())
        self._haystacks = [f"{a.quote}\n{a.note}\n{a.title}".casefold() for a in self._all]
        self._apply_filter()

    def _apply_filter(self) -> None:
        """Keep the rows whose quote, note or article title holds every typed word (any case)."""
        self._filter_timer.stop()
        words = self.filter_box.text().casefold().split()
        rows = [a for a, hay in zip(self._all, self._haystacks) if all(w in hay for w in words)] if words else self._all
        self.model.set_annotations(rows)
        shown, total = len(rows), len(self._all)
        noun = "annotation" if total == 1 else "annotations"
        self.count_label.setText(f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}")

    def _enter_list(self) -> None:
        self._apply_filter()
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))

    def _open(self, idx: QModelIndex) -> None:
        a = idx.data(AnnotationRole)
        if a is not None:
            self.annotationOpened.emit(a)
