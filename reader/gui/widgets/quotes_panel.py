"""The Quotes panel: the open article's quotes, grouped by speaker.

A tree over a ``QStandardItemModel``: one row per speaker, "Andrew Tabler
(6)", with the role in the tooltip, and the speaker's quotes as children in
reading order. Quotes without a speaker (scare quotes, titles, quotes the
text does not attribute) come last under "Not attributed".

Click a quote, or press Enter on it, and ``quoteActivated(i)`` is emitted
with ``i`` the index into ``article.quotes`` (the main window scrolls the
article to it). Arrow keys move through the tree; Enter on a speaker row
folds or unfolds it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from reader.model import Article, Quote

#: Item data role holding the quote's index in ``article.quotes`` (-1 on speaker rows).
QuoteIndexRole = Qt.ItemDataRole.UserRole + 1
#: Item data role holding the speaker name on speaker rows.
SpeakerRole = Qt.ItemDataRole.UserRole + 2

UNATTRIBUTED = "Not attributed"
PREVIEW_CHARS = 160


def quote_preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """One line of a quote for the list: quote marks, whitespace folded, cut at a word."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat.rfind(" ", 0, limit)
        flat = flat[: cut if cut > limit // 2 else limit].rstrip(",;: ") + "…"
    return f"“{flat}”"


def group_by_speaker(quotes: list[Quote]) -> list[tuple[str | None, list[int]]]:
    """(speaker, quote indexes) in order of each speaker's first quote; the
    unattributed group, if any, last."""
    order: dict[str | None, list[int]] = {}
    for i, q in enumerate(quotes):
        order.setdefault(q.speaker or None, []).append(i)
    named = [(s, idx) for s, idx in order.items() if s is not None]
    if None in order:
        named.append((None, order[None]))
    return named


class _QuoteTree(QTreeView):
    """A tree that reports Enter on a quote (Enter on a speaker folds it)."""

    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            idx = self.currentIndex()
            if idx.data(QuoteIndexRole) is not None and idx.data(QuoteIndexRole) >= 0:
                self.enterPressed.emit(idx)
            else:
                self.setExpanded(idx, not self.isExpanded(idx))
            event.accept()
            return
        super().keyPressEvent(event)


class QuotesPanel(QWidget):
    """The article's quotes by speaker; emits ``quoteActivated(index)``."""

    quoteActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quotesPanel")
        self._article: Article | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("quotesSummary")
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.tree = _QuoteTree(self)
        self.tree.setObjectName("quotesTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setAccessibleName("Quotes in this article, by speaker")
        self.tree.clicked.connect(self._activate)
        self.tree.enterPressed.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.setFocusProxy(self.tree)
        self.set_article(None)

    # -- public API -------------------------------------------------------------------
    def set_article(self, article: Article | None) -> None:
        """Show ``article``'s quotes (``None`` clears the panel)."""
        self._article = article
        self.model.clear()
        quotes = article.quotes if article is not None else []
        if article is None:
            self.summary.setText("No article open.")
            return
        if not quotes:
            self.summary.setText("No quotes in this article.")
            return
        groups = group_by_speaker(quotes)
        named = sum(1 for s, _ in groups if s is not None)
        self.summary.setText(
            f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''} · "
            f"{named} speaker{'s' if named != 1 else ''}"
        )
        root = self.model.invisibleRootItem()
        for speaker, indexes in groups:
            head = QStandardItem(f"{speaker or UNATTRIBUTED} ({len(indexes)})")
            head.setData(-1, QuoteIndexRole)
            head.setData(speaker, SpeakerRole)
            roles = sorted({quotes[i].role for i in indexes if quotes[i].role})
            tip = speaker or "Quoted words the text does not give to a speaker (scare quotes, titles)"
            if roles:
                tip += " — " + "; ".join(roles)
            head.setToolTip(tip)
            head.setEditable(False)
            for i in indexes:
                q = quotes[i]
                child = QStandardItem(quote_preview(q.text))
                child.setData(i, QuoteIndexRole)
                child.setData(speaker, SpeakerRole)
                child.setToolTip(" ".join(q.text.split()))
                child.setEditable(False)
                head.appendRow(child)
            root.appendRow(head)
        self.tree.expandAll()
        first = self.model.index(0, 0)
        self.tree.setCurrentIndex(first)

    def article(self) -> Article | None:
        return self._article

    def select_quote(self, index: int) -> bool:
        """Make quote ``index`` the current row (without emitting); False if absent."""
        for r in range(self.model.rowCount()):
            head = self.model.index(r, 0)
            for c in range(self.model.rowCount(head)):
                child = self.model.index(c, 0, head)
                if child.data(QuoteIndexRole) == index:
                    self.tree.setCurrentIndex(child)
                    self.tree.scrollTo(child)
                    return True
        return False

    # -- internals ----------------------------------------------------------------------
    def _activate(self, idx: QModelIndex) -> None:
        i = idx.data(QuoteIndexRole)
        if i is not None and i >= 0:
            self.quoteActivated.emit(int(i))
