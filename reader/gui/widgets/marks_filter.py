"""The side panel's filters by the reader's own marks: unread / starred, a label, a collection.

Only choices: the window resolves them through ``Marks.filter_ids`` (one
SQLite query), for the list and for search results alike.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

#: (label, key) of the "Show" choices.
SHOW_CHOICES: tuple[tuple[str, str], ...] = (
    ("All articles", ""),
    ("Unread", "unread"),
    ("Starred", "starred"),
)


def fill_counted_combo(combo: QComboBox, everything: str, items: list[tuple[str, int]]) -> None:
    """Refill a filter combo with "everything" and "name (n)" items, keeping the current choice."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for name, n in items:
        combo.addItem(f"{name} ({n})", name)
    i = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(0, i))
    combo.setEnabled(bool(items))
    combo.blockSignals(False)


class MarksFilter(QObject):
    """The choices (combos and their labels); ``place`` puts them in the side panel's grid."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_combo = QComboBox(parent)
        self.show_combo.setObjectName("showFilter")
        for label, key in SHOW_CHOICES:
            self.show_combo.addItem(label, key)
        self.label_combo = QComboBox(parent)
        self.label_combo.setObjectName("labelFilter")
        self.collection_combo = QComboBox(parent)
        self.collection_combo.setObjectName("collectionFilter")
        for combo in (self.label_combo, self.collection_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.show_combo.setAccessibleName("Show read, unread or starred articles")
        self.label_combo.setAccessibleName("Show articles with your label")
        self.collection_combo.setAccessibleName("Show articles of collection")
        self.set_labels([])
        self.set_collections([])
        show_label = QLabel("Sho&w:", parent)
        show_label.setBuddy(self.show_combo)
        label_label = QLabel("La&bel:", parent)
        label_label.setBuddy(self.label_combo)
        coll_label = QLabel("Co&llection:", parent)
        coll_label.setBuddy(self.collection_combo)
        self._labels = (show_label, label_label, coll_label)
        for combo in (self.show_combo, self.label_combo, self.collection_combo):
            combo.currentIndexChanged.connect(self.changed)

    def place(self, grid: QGridLayout, row: int) -> None:
        """Lay the choices out in the side panel's grid (rows ``row`` and ``row + 1``), aligned
        with its Site and Tag choices."""
        show_label, label_label, coll_label = self._labels
        grid.addWidget(show_label, row, 0)
        grid.addWidget(self.show_combo, row, 1)
        grid.addWidget(label_label, row, 2)
        grid.addWidget(self.label_combo, row, 3)
        grid.addWidget(coll_label, row + 1, 0)
        grid.addWidget(self.collection_combo, row + 1, 1, 1, 3)

    def set_labels(self, labels: list[tuple[str, int]]) -> None:
        fill_counted_combo(self.label_combo, "Any label", labels)

    def set_collections(self, collections: list[tuple[str, int]]) -> None:
        fill_counted_combo(self.collection_combo, "All collections", collections)

    def show_key(self) -> str:
        return str(self.show_combo.currentData() or "")

    def label(self) -> str | None:
        return self.label_combo.currentData()

    def collection(self) -> str | None:
        return self.collection_combo.currentData()

    def active(self) -> bool:
        return bool(self.show_key() or self.label() or self.collection())

    def reset(self) -> None:
        """Show everything again (an article asked for must not stay hidden)."""
        for combo in (self.show_combo, self.label_combo, self.collection_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    def filter_kwargs(self) -> dict[str, object]:
        """Keyword arguments for ``Library.article_ids`` and ``Marks.filter_ids``."""
        key = self.show_key()
        kw: dict[str, object] = {}
        if key == "unread":
            kw["unread"] = True
        elif key == "starred":
            kw["starred"] = True
        if self.label():
            kw["label"] = self.label()
        if self.collection():
            kw["collection"] = self.collection()
        return kw
