"""The Speakers view: everyone quoted in the library, and what they said where.

Left, a filterable list of speakers with their number of quotes and of
articles (``Library.speakers()``); a bare surname quoted by one outlet
("Tabler") is listed under the one full name it matches ("Andrew Tabler"). Choosing one lists their quotes across
outlets (``Library.quotes_by()``), grouped with ``reader.quotes.matching``
so the same quote in three articles is one row, "in 3 articles"; when the
outlets' wording differs beyond trimming the row says "worded differently"
and its tooltip names the changed words. Each occurrence links back to its
article: activating it (click or Enter) emits
``articleRequested(article_id, quote_index)``.

Keys: type to filter; Down moves from the filter to the list; Enter on a
speaker moves to their quotes; Enter on a quote opens its article.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.errors import ReaderError
from reader.gui.widgets.quotes_panel import quote_preview
from reader.quotes.matching import QuoteGroup, group_quotes, speaker_aliases

ArticleIdRole = Qt.ItemDataRole.UserRole + 11
QuoteIndexRole = Qt.ItemDataRole.UserRole + 12
NameRole = Qt.ItemDataRole.UserRole + 13
SortRole = Qt.ItemDataRole.UserRole + 14

REWORDED = "worded differently"


def occurrence_label(row: Any) -> str:
    """ "Site · 2012-12-05" for one quote occurrence (what is known of it)."""
    parts = [p for p in (row.site, (row.published or "")[:10]) if p]
    return " · ".join(parts) or "—"


def difference_tooltip(group: QuoteGroup) -> str:
    """The fullest wording, then how each other outlet's wording differs."""
    lines = [f"Fullest wording ({occurrence_label(group.members[0])}): “{' '.join(group.text.split())}”"]
    for member, changes in group.differences():
        shown = []
        for op, a, b in changes[:6]:
            if op == "replace":
                shown.append(f"“{a}” → “{b}”")
            elif op == "delete":
                shown.append(f"omits “{a}”")
            else:
                shown.append(f"adds “{b}”")
        lines.append(f"{occurrence_label(member)} ({member.title}): " + "; ".join(shown))
    return "\n".join(lines)


class _Tree(QTreeView):
    """A tree that reports Enter on its current row."""

    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class _FilterEdit(QLineEdit):
    """The filter box: Down and Enter hand the keyboard to the speaker list."""

    leave = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.leave.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class SpeakersView(QWidget):
    """Library-wide speakers and their quotes; emits ``articleRequested(id, quote index)``."""

    articleRequested = Signal(int, int)

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speakersView")
        self.library = library
        self._speaker: str | None = None
        self._aliases: dict[str, list[str]] = {}
        self.groups: list[QuoteGroup] = []

        self.filter = _FilterEdit(self)
        self.filter.setObjectName("speakerFilter")
        self.filter.setPlaceholderText("Filter speakers")
        self.filter.setClearButtonEnabled(True)

        self.speaker_model = QStandardItemModel(0, 3, self)
        self.speaker_model.setHorizontalHeaderLabels(["Speaker", "Quotes", "Articles"])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.speaker_model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setSortRole(SortRole)
        self.speakers = _Tree(self)
        self.speakers.setObjectName("speakerList")
        self.speakers.setModel(self.proxy)
        self.speakers.setRootIsDecorated(False)
        self.speakers.setUniformRowHeights(True)
        self.speakers.setSortingEnabled(True)
        self.speakers.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.speakers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.speakers.setAccessibleName("Speakers")
        # The counts keep their width and the name takes the rest: with three default-width
        # columns the Articles count ran past the pane's edge behind a horizontal scroll bar.
        # (Fixed widths, not ResizeToContents: that measures every speaker of a big library.)
        header = self.speakers.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, title in ((1, "Quotes"), (2, "Articles")):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, self.fontMetrics().horizontalAdvance(title) + 28)  # room for the sort arrow

        self.heading = QLabel(self)
        self.heading.setObjectName("speakerHeading")
        self.heading.setWordWrap(True)
        self.quote_model = QStandardItemModel(0, 2, self)
        self.quote_model.setHorizontalHeaderLabels(["Quote", "Where"])
        self.quotes = _Tree(self)
        self.quotes.setObjectName("speakerQuotes")
        self.quotes.setModel(self.quote_model)
        self.quotes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.quotes.setWordWrap(True)
        self.quotes.setAccessibleName("Quotes by the chosen speaker")

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.filter)
        lv.addWidget(self.speakers, 1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.heading)
        rv.addWidget(self.quotes, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.filter.textChanged.connect(self._apply_filter)
        self.filter.leave.connect(self._focus_list)
        self.speakers.selectionModel().currentRowChanged.connect(self._speaker_changed)
        self.speakers.enterPressed.connect(self._enter_on_speaker)
        self.quotes.clicked.connect(self._activate)
        self.quotes.enterPressed.connect(self._activate)
        self.refresh()

    # -- public API ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the speakers (after an import or delete), keeping the choice."""
        keep = self._speaker
        try:
            rows = self.library.speakers()
        except ReaderError as exc:
            self.speaker_model.removeRows(0, self.speaker_model.rowCount())
            self.heading.setText(f"Speakers unavailable: {exc.reason}")
            return
        self.speaker_model.removeRows(0, self.speaker_model.rowCount())
        by_name = {row.name: row for row in rows}
        self._aliases = speaker_aliases(by_name)
        for canonical, names in self._aliases.items():
            n_quotes = sum(by_name[n].quotes for n in names)
            # a bare-surname row comes from other articles than the full name's
            n_articles = sum(by_name[n].articles for n in names)
            name = QStandardItem(canonical)
            name.setData(canonical, NameRole)
            name.setData(canonical.lower(), SortRole)
            if len(names) > 1:
                name.setToolTip("Also quoted as: " + ", ".join(names[1:]))
            quotes = QStandardItem(str(n_quotes))
            quotes.setData(n_quotes, SortRole)
            quotes.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            articles = QStandardItem(str(n_articles))
            articles.setData(n_articles, SortRole)
            articles.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.speaker_model.appendRow([name, quotes, articles])
        self.speakers.resizeColumnToContents(1)
        self.speakers.resizeColumnToContents(2)
        if keep is not None and self.show_speaker(keep):
            return
        self._show_quotes(None)

    def speaker(self) -> str | None:
        """The chosen speaker."""
        return self._speaker

    def visible_speakers(self) -> list[str]:
        return [self.proxy.index(r, 0).data(NameRole) for r in range(self.proxy.rowCount())]

    def show_speaker(self, name: str) -> bool:
        """Choose ``name`` (clearing a filter that hides it); False if unknown."""
        for attempt in (0, 1):
            for r in range(self.proxy.rowCount()):
                idx = self.proxy.index(r, 0)
                if idx.data(NameRole) == name:
                    self.speakers.setCurrentIndex(idx)
                    self.speakers.scrollTo(idx)
                    if self._speaker != name:
                        self._show_quotes(name)
                    return True
            if attempt == 0 and self.filter.text():
                self.filter.clear()
        return False

    # -- internals ----------------------------------------------------------------------
    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    def _focus_list(self) -> None:
        self.speakers.setFocus()
        if not self.speakers.currentIndex().isValid() and self.proxy.rowCount():
            self.speakers.setCurrentIndex(self.proxy.index(0, 0))

    def _speaker_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        name = current.sibling(current.row(), 0).data(NameRole) if current.isValid() else None
        if name != self._speaker:
            self._show_quotes(name)

    def _enter_on_speaker(self, idx: QModelIndex) -> None:
        name = idx.sibling(idx.row(), 0).data(NameRole)
        if name != self._speaker:
            self._show_quotes(name)
        if self.quote_model.rowCount():
            self.quotes.setFocus()
            self.quotes.setCurrentIndex(self.quote_model.index(0, 0))

    def _show_quotes(self, name: str | None) -> None:
        self._speaker = name
        self.quote_model.removeRows(0, self.quote_model.rowCount())
        self.groups = []
        if name is None:
            self.heading.setText("Choose a speaker to see their quotes." if self.speaker_model.rowCount()
                                 else "No speakers yet: quotes appear here as articles are imported.")
            return
        try:
            rows = [r for alias in self._aliases.get(name, [name]) for r in self.library.quotes_by(alias)]
        except ReaderError as exc:
            self.heading.setText(f"Quotes unavailable: {exc.reason}")
            return
        self.groups = group_quotes(rows)
        articles = len({r.article_id for r in rows})
        roles = sorted({r.role for r in rows if r.role})
        text = f"{name} — {len(rows)} quote{'s' if len(rows) != 1 else ''} in {articles} article{'s' if articles != 1 else ''}"
        if roles:
            text += "\n" + "; ".join(roles[:4])
        reworded = sum(1 for g in self.groups if g.reworded)
        if reworded:
            text += f"\n{reworded} quote{'s' if reworded != 1 else ''} {REWORDED} by different outlets"
        self.heading.setText(text)
        for group in self.groups:
            self.quote_model.appendRow(self._group_items(group))
        self.quotes.expandAll()
        self.quotes.resizeColumnToContents(1)

    def _group_items(self, group: QuoteGroup) -> list[QStandardItem]:
        first = group.members[0]
        quote = QStandardItem(quote_preview(group.text))
        quote.setData(first.article_id, ArticleIdRole)
        quote.setData(self._quote_index(first), QuoteIndexRole)
        n = len(group.article_ids)
        where_text = occurrence_label(first) if len(group.members) == 1 else f"in {n} article{'s' if n != 1 else ''}"
        if group.reworded:
            where_text += f" · {REWORDED}"
            quote.setToolTip(difference_tooltip(group))
        else:
            quote.setToolTip(" ".join(group.text.split()))
        where = QStandardItem(where_text)
        where.setData(first.article_id, ArticleIdRole)
        where.setData(self._quote_index(first), QuoteIndexRole)
        if len(group.members) == 1:
            where.setToolTip(first.title)
            return [quote, where]
        for member in group.members:
            title = QStandardItem(member.title or "(untitled)")
            title.setToolTip(" ".join(member.text.split()))
            place = QStandardItem(occurrence_label(member))
            for item in (title, place):
                item.setData(member.article_id, ArticleIdRole)
                item.setData(self._quote_index(member), QuoteIndexRole)
            quote.appendRow([title, place])
        return [quote, where]

    def _quote_index(self, row: Any) -> int:
        """The quote's position in its article (rows from older libraries may
        lack it: then it is looked up by offsets; -1 when not found)."""
        index = getattr(row, "index", None)
        if isinstance(index, int):
            return index
        try:
            article = self.library.get(row.article_id)
        except ReaderError:
            return -1
        for i, q in enumerate(article.quotes):
            if q.start == row.start and q.end == row.end:
                return i
        return -1

    def _activate(self, idx: QModelIndex) -> None:
        article_id = idx.data(ArticleIdRole)
        if article_id is None:
            return
        index = idx.data(QuoteIndexRole)
        self.articleRequested.emit(int(article_id), int(index) if index is not None else -1)
