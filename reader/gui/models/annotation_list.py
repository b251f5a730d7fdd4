"""A list model over annotations (plain frozen dataclasses from ``reader.library.annotations``).

Used twice: the Annotations panel (the open article's highlights, orphans
first, as ``Annotations.for_article`` orders them) and the library-wide view
(every annotation, newest first). The model holds the list it is given and
formats rows on demand, so 10,000 annotations cost one list, not 10,000
items: a view asks only for the rows it paints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from reader.gui.widgets.highlights import highlight_color

AnnotationRole = Qt.ItemDataRole.UserRole + 1
OrphanedRole = Qt.ItemDataRole.UserRole + 2
PREVIEW_CHARS = 140

_AnyIndex = QModelIndex | QPersistentModelIndex


class _Annotation(Protocol):
    id: int
    article_id: int
    target: str
    quote: str
    note: str
    color: str
    state: str
    modified: str
    title: str


def one_line(text: str, limit: int = PREVIEW_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat.rfind(" ", 0, limit)
        flat = flat[: cut if cut > limit // 2 else limit].rstrip(",;: ") + "…"
    return flat


def state_label(state: str, target: str = "body") -> str:
    where = " (in a comment)" if target.startswith("comment:") else ""
    return {
        "orphaned": "Orphaned: its passage is no longer in the text",
        "moved": "Found again after the text changed",
    }.get(state, "") + where


class AnnotationListModel(QAbstractTableModel):
    """Rows of annotations; columns: the quote (with its note), and, with ``show_article``, the article."""

    def __init__(self, parent: Any = None, *, show_article: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[_Annotation] = []
        self.show_article = show_article
        self.dark = False

    def set_annotations(self, rows: Sequence[_Annotation]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def annotations(self) -> list[_Annotation]:
        return list(self._rows)

    def annotation_at(self, row: int) -> _Annotation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, annotation_id: int) -> int | None:
        for r, a in enumerate(self._rows):
            if a.id == annotation_id:
                return r
        return None

    # -- Qt model API ---------------------------------------------------------------
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else (2 if self.show_article else 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Highlight and note", "Article")[section] if 0 <= section < 2 else None
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        orphan = a.state == "orphaned"
        if role == AnnotationRole:
            return a
        if role == OrphanedRole:
            return orphan
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 1:
                return a.title or "(untitled)"
            text = f"“{one_line(a.quote)}”"
            if orphan:
                text = "⚠ Orphaned · " + text
            if a.note:
                text += f"\n✎ {one_line(a.note)}"
            return text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            parts = [a.quote.strip()]
            if a.note:
                parts.append(f"Note: {a.note.strip()}")
            label = state_label(a.state, a.target)
            if label:
                parts.append(label)
            if self.show_article:
                parts.append(f"In: {a.title or '(untitled)'}")
            return "\n".join(parts)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return highlight_color(a.color, self.dark)
        if role == Qt.ItemDataRole.FontRole and orphan and col == 0:
            f = QFont()
            f.setItalic(True)
            return f
        if role == Qt.ItemDataRole.ForegroundRole and orphan and col == 0:
            return QBrush(QColor("#e8a33d" if self.dark else "#9a5b00"))
        return None
