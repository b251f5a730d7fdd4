"""The search box: a line edit that also steers the result list from the keyboard.

Up/Down (and PageUp/PageDown) move through the list without leaving the box,
Enter opens the first (or current) result, Esc clears. Typing is never
blocked: the window runs the search elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


class SearchBox(QLineEdit):
    moveRequested = Signal(int)  # +1 / -1 / +10 / -10 rows
    activated = Signal()  # Enter
    escapePressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setPlaceholderText("Search  (Ctrl+F or /)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search articles")
        self.setToolTip(
            "Words, \"phrases\", title:word, speaker:Name, quote:\"...\", comments:word,\n"
            "AND / OR / NOT, prefix*, date:[2012-01-01 TO 2012-12-31]"
        )

    _MOVES = {
        Qt.Key.Key_Down: 1,
        Qt.Key.Key_Up: -1,
        Qt.Key.Key_PageDown: 10,
        Qt.Key.Key_PageUp: -10,
    }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in self._MOVES and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.moveRequested.emit(self._MOVES[key])
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.clear()
            self.escapePressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)
