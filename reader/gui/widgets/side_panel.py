"""The side panel: search box, sort and filters, a count, and the article list.

It holds no data: the list is a view over ``ArticleListModel`` and the
combos are filled by the window from ``Library.sites()`` / ``tags()``. It
only reports what the user asked for through signals.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.gui.models.article_list import ArticleListModel
from reader.gui.widgets.article_delegate import ArticleDelegate
from reader.gui.widgets.marks_filter import MarksFilter, fill_counted_combo
from reader.gui.widgets.search_box import SearchBox

#: (label, sort key, descending)
SORT_CHOICES: tuple[tuple[str, str, bool], ...] = (
    ("Newest first", "date", True),
    ("Oldest first", "date", False),
    ("Title A–Z", "title", False),
    ("Site A–Z", "site", False),
)

#: What the empty list says, by why it is empty (``SidePanel.set_counts``).
EMPTY_LIST_TEXTS = {
    "search": "No article matches this search.\nEsc clears it.",
    "search_filtered": "No article matches this search with these filters.\n"
                       "Esc clears the search; the filters are above.",
    "filtered": "No article passes these filters.",
    "library": "No articles yet.\nImport files with File › Import Files… (Ctrl+O), or drop them here.",
}


class ArticleTable(QTableView):
    """The list of articles: a one-column table with fixed row heights.

    A QTableView with fixed-height rows costs the same at 100,000 rows as at
    ten; a QListView over a Python model lays every row out before it can
    scroll (measured: 1.0 s to show and 1.4 s per reset at 100k, against
    0.09 s and 0.05 s here).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self.setAccessibleName("Articles")
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setMinimumSectionSize(8)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)  # Tab leaves the list, as in every other list
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._empty_text = ""

    def set_row_height(self, height: int) -> None:
        self.verticalHeader().setDefaultSectionSize(height)

    def set_empty_text(self, text: str) -> None:
        """What the list says while it has no rows (why it is empty, and the way out)."""
        if text != self._empty_text:
            self._empty_text = text
            self.setAccessibleDescription(text)
            self.viewport().update()

    def empty_text(self) -> str:
        """The text shown in the list now: its empty text while it has no rows, else nothing."""
        model = self.model()
        return self._empty_text if model is not None and model.rowCount() == 0 else ""

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        text = self.empty_text()
        if text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(16, 24, -16, -16),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, text)
            painter.end()


class SidePanel(QWidget):
    filtersChanged = Signal()  # sort, site, tag or a marks filter changed
    currentArticleChanged = Signal(object)  # article id or None

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.search_box = SearchBox(self)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("searchHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.hide()

        self.sort_combo = QComboBox(self)
        for label, _key, _desc in SORT_CHOICES:
            self.sort_combo.addItem(label)
        self.site_combo = QComboBox(self)
        self.tag_combo = QComboBox(self)
        for combo in (self.site_combo, self.tag_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.sort_combo.setAccessibleName("Sort articles")
        self.site_combo.setAccessibleName("Show articles from site")
        self.tag_combo.setAccessibleName("Show articles with tag")
        self.set_sites([])
        self.set_tags([])
        self.marks_filter = MarksFilter(self)  # unread / starred / label / collection

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self._counts_text = ""
        self._busy = False
        # "searching…" appears only when a search takes long enough to be noticed (no flicker).
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(300)
        self._busy_timer.timeout.connect(self._show_busy)

        self.list_view = ArticleTable(self)
        self.delegate = ArticleDelegate(self.list_view)
        self.list_view.setItemDelegate(self.delegate)
        self.list_view.setModel(model)
        self._update_row_height()

        sort_label = QLabel("&Sort:", self)
        sort_label.setBuddy(self.sort_combo)
        site_label = QLabel("Si&te:", self)
        site_label.setBuddy(self.site_combo)
        tag_label = QLabel("T&ag:", self)
        tag_label.setBuddy(self.tag_combo)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.addWidget(sort_label, 0, 0)
        grid.addWidget(self.sort_combo, 0, 1, 1, 3)
        grid.addWidget(site_label, 1, 0)
        grid.addWidget(self.site_combo, 1, 1)
        grid.addWidget(tag_label, 1, 2)
        grid.addWidget(self.tag_combo, 1, 3)
        self.marks_filter.place(grid, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)

        top = QVBoxLayout()
        top.setContentsMargins(8, 8, 8, 4)
        top.setSpacing(6)
        top.addWidget(self.search_box)
        top.addWidget(self.hint_label)
        top.addLayout(grid)
        top.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.list_view, 1)

        self.setTabOrder(self.search_box, self.sort_combo)
        self.setTabOrder(self.sort_combo, self.site_combo)
        self.setTabOrder(self.site_combo, self.tag_combo)
        self.setTabOrder(self.tag_combo, self.marks_filter.show_combo)
        self.setTabOrder(self.marks_filter.show_combo, self.marks_filter.label_combo)
        self.setTabOrder(self.marks_filter.label_combo, self.marks_filter.collection_combo)
        self.setTabOrder(self.marks_filter.collection_combo, self.list_view)

        self.sort_combo.currentIndexChanged.connect(self.filtersChanged)
        self.site_combo.currentIndexChanged.connect(self.filtersChanged)
        self.tag_combo.currentIndexChanged.connect(self.filtersChanged)
        self.marks_filter.changed.connect(self.filtersChanged)
        self.search_box.moveRequested.connect(self.move)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        model.modelReset.connect(self._on_model_reset)

    # -- filters -------------------------------------------------------------------
    def set_sites(self, sites: list[tuple[str, int]]) -> None:
        fill_counted_combo(self.site_combo, "All sites", sites)

    def set_tags(self, tags: list[tuple[str, int]]) -> None:
        fill_counted_combo(self.tag_combo, "All tags", tags)

    def sort(self) -> tuple[str, bool]:
        _label, key, desc = SORT_CHOICES[max(0, self.sort_combo.currentIndex())]
        return key, desc

    def set_sort(self, key: str, descending: bool) -> None:
        for i, (_label, k, d) in enumerate(SORT_CHOICES):
            if k == key and (d == descending or k != "date"):
                self.sort_combo.setCurrentIndex(i)
                return

    def set_searching(self, on: bool) -> None:
        """Search results are listed by relevance: the sort choice waits for the search to end."""
        self.sort_combo.setEnabled(not on)
        self.sort_combo.setToolTip("Search results are in order of relevance; Esc clears the search" if on else "")

    def clear_filters(self) -> bool:
        """Show every article again (site, tag and marks filters), without signals; False if none was set."""
        was_set = bool(self.site() or self.tag() or self.marks_filter.active())
        for combo in (self.site_combo, self.tag_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.marks_filter.reset()
        return was_set

    def site(self) -> str | None:
        return self.site_combo.currentData()

    def tag(self) -> str | None:
        return self.tag_combo.currentData()

    # -- hints and counts ----------------------------------------------------------
    def set_hint(self, hint: str | None) -> None:
        self.hint_label.setText(hint or "")
        self.hint_label.setVisible(bool(hint))

    def set_counts(self, articles: int, matches: int | None) -> None:
        text = f"{articles:,} article{'s' if articles != 1 else ''}"
        if matches is not None:
            text += f" · {matches:,} match{'es' if matches != 1 else ''}"
        self._counts_text = text
        self.count_label.setText(text + (" · searching…" if self._busy else ""))
        filtered = bool(self.site() or self.tag() or self.marks_filter.active())
        if matches == 0:
            why: str | None = "search_filtered" if filtered else "search"
        elif matches is None and articles == 0:
            why = "filtered" if filtered else "library"
        else:
            why = None
        self.list_view.set_empty_text(EMPTY_LIST_TEXTS[why] if why else "")

    def set_busy(self, busy: bool) -> None:
        """A search is running: say so if it takes a while."""
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self._busy = False
            self.count_label.setText(self._counts_text)

    def _show_busy(self) -> None:
        self._busy = True
        self.count_label.setText(self._counts_text + " · searching…")

    # -- selection -----------------------------------------------------------------
    def current_id(self) -> int | None:
        idx = self.list_view.currentIndex()
        return self.model.id_at(idx.row()) if idx.isValid() else None

    def select_row(self, row: int, step: int = 1) -> bool:
        """Select the article on ``row``; on a story heading, the next article in ``step``'s direction."""
        n = self.model.rowCount()
        while 0 <= row < n and self.model.id_at(row) is None:
            row += 1 if step >= 0 else -1
        if not 0 <= row < n:
            return False
        idx = self.model.index(row)
        self.list_view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list_view.scrollTo(idx)
        return True

    def select_id(self, article_id: int) -> bool:
        row = self.model.row_of(article_id)
        return row is not None and self.select_row(row)

    def move(self, delta: int) -> None:
        n = self.model.rowCount()
        if not n:
            return
        idx = self.list_view.currentIndex()
        row = idx.row() + delta if idx.isValid() else (0 if delta > 0 else n - 1)
        row = max(0, min(n - 1, row))
        # A story heading is passed over; at the top of the list the first article is kept.
        if not self.select_row(row, delta) and delta < 0:
            self.select_row(row, 1)

    def _on_current_changed(self, current, _previous) -> None:
        self.currentArticleChanged.emit(self.model.id_at(current.row()) if current.isValid() else None)

    def _update_row_height(self) -> None:
        option = QStyleOptionViewItem()
        option.initFrom(self.list_view)
        option.font = self.list_view.font()
        self.list_view.set_row_height(self.delegate.sizeHint(option, self.model.index(0)).height())

    def _on_model_reset(self) -> None:
        if self.delegate.search_mode != self.model.search_mode:
            self.delegate.search_mode = self.model.search_mode
            self._update_row_height()  # search rows carry a snippet and are taller
