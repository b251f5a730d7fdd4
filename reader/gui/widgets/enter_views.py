"""Item views that report Enter on their current row as ``enterPressed(index)``.

Qt views do nothing on Enter unless an editor is open; the panels that open,
filter or jump on Enter use these instead of each subclassing a view again.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTreeView

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _with_enter(base: type[QAbstractItemView], name: str) -> type[QAbstractItemView]:
    def keyPressEvent(self: QAbstractItemView, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() in ENTER_KEYS and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            event.accept()
            return
        base.keyPressEvent(self, event)

    return type(
        name, (base,), {"enterPressed": Signal(QModelIndex), "keyPressEvent": keyPressEvent, "__module__": __name__}
    )


EnterTableView = _with_enter(QTableView, "EnterTableView")
EnterTreeView = _with_enter(QTreeView, "EnterTreeView")
