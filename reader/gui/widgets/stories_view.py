"""The Stories view: the library's stories, one story's articles and its timeline.

Top, the stories (most central headline, outlets, article count, date
span), sorted by size or recency, narrowed by the window's search. Below,
the chosen story's articles in date order, the first report and copies
("same text as …") marked, and a timeline of who published when.

It reports what the user asks for: ``articleRequested(id)`` (open an
article), ``storyFilterRequested(story_id)`` (show only this story in the
article list), ``compareRequested(article_id)`` (compare an article with
the rest of its story).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader.errors import ReaderError
from reader.export.timeline import TimelinePoint
from reader.gui.models.story_list import SORTS, StoryIdRole, StoryListModel
from reader.gui.widgets.enter_views import EnterTableView, EnterTreeView
from reader.gui.widgets.timeline_view import TimelineChart
from reader.render import date_label

MemberIdRole = Qt.ItemDataRole.UserRole + 51
NARROW_WIDTH = 400  # px: below it the story table leaves out its Outlets column


class StoriesView(QWidget):
    articleRequested = Signal(int)
    storyFilterRequested = Signal(int)
    compareRequested = Signal(int)

    def __init__(self, library: Any, parent: QWidget | None = None, *, sort: str = "size", singles: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("storiesView")
        self.library = library
        self.story: Any = None

        self.model = StoryListModel(library, self)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setAccessibleName("Sort stories")
        for label, _key in SORTS:
            self.sort_combo.addItem(label)
        self.singles = QCheckBox("Si&ngle articles too", self)
        self.singles.setToolTip("Also list stories only one article tells")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("storyCount")
        self.count_label.setWordWrap(True)  # "3 of 1,204 stories match the search" must not widen the dock
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.table = EnterTableView(self)
        self.table.setObjectName("storyList")
        self.table.setAccessibleName("Stories")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        # No ResizeToContents: it measures every row, 100,000 of them in a big library.
        for col, width in ((1, 90), (2, self.fontMetrics().horizontalAdvance("Articles") + 16), (3, 110)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setHighlightSections(False)

        self.heading = QLabel(self)
        self.heading.setObjectName("storyHeading")
        self.heading.setWordWrap(True)
        self.member_model = QStandardItemModel(0, 3, self)
        self.member_model.setHorizontalHeaderLabels(["Article", "Outlet", "Published"])
        self.members = EnterTreeView(self)
        self.members.setObjectName("storyMembers")
        self.members.setAccessibleName("Articles of the story")
        self.members.setModel(self.member_model)
        self.members.setRootIsDecorated(False)
        self.members.setUniformRowHeights(True)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        mh = self.members.header()
        mh.setStretchLastSection(False)
        mh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        mh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        mh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.timeline = TimelineChart(self)
        self.show_button = QPushButton("Show &in List", self)
        self.show_button.setToolTip("Show only this story's articles in the article list (Enter)")
        self.compare_button = QPushButton("C&ompare…", self)
        self.compare_button.setToolTip("Compare the chosen article with the rest of its story")

        # Sort and count on one line, the singles choice under them: the dock stays narrow
        # enough to sit beside the list and the article on a small screen.
        top = QGridLayout()
        top.setContentsMargins(0, 0, 0, 0)
        sort_label = QLabel("So&rt:", self)
        sort_label.setBuddy(self.sort_combo)
        top.addWidget(sort_label, 0, 0)
        top.addWidget(self.sort_combo, 0, 1)
        top.addWidget(self.count_label, 0, 3)
        top.addWidget(self.singles, 1, 1, 1, 3)
        top.setColumnStretch(2, 1)
        upper = QWidget(self)
        uv = QVBoxLayout(upper)
        uv.setContentsMargins(0, 0, 0, 0)
        uv.addLayout(top)
        uv.addWidget(self.table, 1)
        lower = QWidget(self)
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.heading)
        lv.addWidget(self.members, 1)
        lv.addWidget(self.timeline)  # its own height (a row per outlet), the list takes the rest
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.compare_button)
        lv.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.set_sort(sort)  # the choices the window remembered, before the first read
        self.singles.setChecked(singles)
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.singles.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(self._story_changed)
        self.table.enterPressed.connect(self._filter_to_current)
        self.table.doubleClicked.connect(self._filter_to_current)
        self.members.enterPressed.connect(self._open_member)
        self.members.doubleClicked.connect(self._open_member)
        self.timeline.articleRequested.connect(self.articleRequested)
        self.show_button.clicked.connect(lambda: self._filter_to_current(self.table.currentIndex()))
        self.compare_button.clicked.connect(self._compare_current)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        # Narrow (beside the list and the article on a small screen) the Outlets column steps
        # aside, so that the headline keeps a readable width; the members list names the outlets.
        super().resizeEvent(event)
        self.table.setColumnHidden(1, self.width() < NARROW_WIDTH)

    # -- public API ----------------------------------------------------------------------
    def sort_key(self) -> str:
        return SORTS[max(0, self.sort_combo.currentIndex())][1]

    def set_sort(self, key: str) -> None:
        for i, (_label, k) in enumerate(SORTS):
            if k == key:
                self.sort_combo.setCurrentIndex(i)

    def refresh(self) -> None:
        """Re-read the stories (after an import or a delete), keeping the chosen one."""
        keep = self.story.row.id if self.story is not None else None
        try:
            self.model.reload(self.sort_key(), 1 if self.singles.isChecked() else 2)
        except ReaderError as exc:
            self.count_label.setText(f"Stories unavailable: {exc.reason}")
            return
        self._update_count()
        if keep is not None and self.select_story(keep):
            return
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self._show_story(None)

    def set_search_filter(self, story_ids: set[int] | None) -> None:
        keep = self.story.row.id if self.story is not None else None
        self.model.set_filter(story_ids)
        self._update_count()
        if keep is None or not self.select_story(keep):
            if self.model.rowCount():
                self.table.selectRow(0)
            else:
                self._show_story(None)

    def visible_titles(self) -> list[str]:
        return [self.model.index(r, 0).data() for r in range(self.model.rowCount())]

    def select_story(self, story_id: int) -> bool:
        row = self.model.row_of(story_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def current_member(self) -> int | None:
        idx = self.members.currentIndex()
        return idx.sibling(idx.row(), 0).data(MemberIdRole) if idx.isValid() else None

    # -- internals -----------------------------------------------------------------------
    def _update_count(self) -> None:
        n, total = self.model.rowCount(), self.model.total
        text = f"{n:,} stor{'ies' if n != 1 else 'y'}"
        if self.model.filtered:
            text = (f"{n:,} of {total:,} stor{'ies' if total != 1 else 'y'} "
                    f"match{'es' if n == 1 else ''} the search")
        self.count_label.setText(text)

    def _story_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        sid = current.data(StoryIdRole) if current.isValid() else None
        if sid is None:
            self._show_story(None)
            return
        try:
            self._show_story(self.library.story(int(sid)))
        except ReaderError as exc:
            self.heading.setText(f"Story unavailable: {exc.reason}")

    def _show_story(self, story: Any) -> None:
        self.story = story
        self.member_model.removeRows(0, self.member_model.rowCount())
        self.show_button.setEnabled(story is not None)
        self.compare_button.setEnabled(story is not None and len(story.members) > 1)
        if story is None:
            self.heading.setText("No stories yet: articles about the same event are grouped as they are imported."
                                 if not self.model.rowCount() else "")
            self.timeline.set_points([])
            return
        titles = {m.id: m.site or m.title for m in story.members}
        n = len(story.members)
        sites = sorted({m.site for m in story.members if m.site})
        self.heading.setText(
            f"<b>{html.escape(story.row.title)}</b><br>{n} article{'s' if n != 1 else ''}"
            + (f" from {len(sites)} outlet{'s' if len(sites) != 1 else ''}" if sites else "")
        )
        for m in story.members:
            title = QStandardItem(m.title or "(untitled)")
            title.setData(m.id, MemberIdRole)
            notes = []
            if m.first_report:
                notes.append("first report")
            if m.copy_of is not None:
                notes.append(f"same text as {titles.get(m.copy_of, m.copy_of)}")
            if notes:
                title.setText(f"{m.title or '(untitled)'} — {', '.join(notes)}")
            title.setToolTip(m.title)
            site = QStandardItem(m.site or "—")
            when = QStandardItem(date_label(m.published) or "no date")
            self.member_model.appendRow([title, site, when])
        if self.member_model.rowCount():
            self.members.setCurrentIndex(self.member_model.index(0, 0))
        self.timeline.set_points(
            [TimelinePoint(m.site or "(no site)", m.published, m.title, m.id) for m in story.members],
            "Who published when",
        )

    def _filter_to_current(self, index: QModelIndex) -> None:
        sid = index.data(StoryIdRole) if index.isValid() else None
        if sid is not None:
            self.storyFilterRequested.emit(int(sid))

    def _open_member(self, index: QModelIndex) -> None:
        aid = index.sibling(index.row(), 0).data(MemberIdRole) if index.isValid() else None
        if aid is not None:
            self.articleRequested.emit(int(aid))

    def _compare_current(self) -> None:
        aid = self.current_member()
        if aid is None and self.story is not None and self.story.members:
            aid = self.story.members[0].id
        if aid is not None:
            self.compareRequested.emit(int(aid))
