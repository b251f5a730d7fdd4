"""A panel closed while it has the keyboard focus hands it back to the reading.

Closing a dock (F4, F8, F2, Ctrl+Shift+A, its ✕ button) that holds the focus leaves
Qt to move the focus to the next widget in the Tab chain, which is the search box:
the next J, K or S the reader presses is typed into it. Here the focus goes where
the window says the reading is (the article list, or the article when the list is
hidden).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow


class DockFocus(QObject):
    """Watches every dock of ``window``; ``give_back`` puts the focus on the reading."""

    def __init__(self, window: QMainWindow, give_back: Callable[[], None]) -> None:
        super().__init__(window)
        self._give_back = give_back
        for dock in window.findChildren(QDockWidget):
            dock.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # The Hide event comes before Qt moves the focus on, while the focus is still inside.
        if event.type() == QEvent.Type.Hide and isinstance(watched, QDockWidget):
            focus = QApplication.focusWidget()
            if focus is not None and watched.isAncestorOf(focus):
                self._give_back()
        return False
