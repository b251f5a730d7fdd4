"""Comment files waiting for their article: what the import summary counts, and the list
(File > Comments Waiting for Their Article) naming the article each one waits for.

A comment file of its own (an SFU ``comments/article_<id>_comments.json``, a Disqus
export...) whose article is not in the library yet is kept; it is shown on the article
as soon as that is imported. This dialog says which files wait and for what.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def waiting_summary(count: int) -> str:
    """The import summary's words for ``count`` threads still waiting."""
    if count == 1:
        return "1 comment thread is waiting for its article"
    return f"{count:,} comment threads are waiting for their article"


class WaitingCommentsDialog(QDialog):
    """A table of the waiting comment files: file, the article it waits for, comments."""

    HEADERS = ("Comment file", "Waits for article", "Comments")

    def __init__(self, waiting: list[tuple[str, str, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Comments Waiting for Their Article")
        if waiting:
            text = (f"{waiting_summary(len(waiting))}. Import the article (its URL or id is "
                    "below) and its comments are shown on it.")
        else:
            text = "No comment file is waiting: every imported comment file is on its article."
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.table = QTableWidget(len(waiting), len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, (source, article, comments) in enumerate(waiting):
            path, _, part = source.partition("#")
            name = Path(path).name + (f" #{part}" if part else "")
            cells = (QTableWidgetItem(name), QTableWidgetItem(article), QTableWidgetItem(f"{comments:,}"))
            cells[0].setToolTip(source)
            cells[1].setToolTip(article)
            for col, item in enumerate(cells):
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(waiting))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 360 if waiting else 120)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table as the user reads it (tests look at it)."""
        return [
            tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]


def open_waiting_dialog(library: Any, parent: QWidget | None) -> WaitingCommentsDialog:
    """Read the waiting comment files from ``library`` and show them (non-modal)."""
    waiting = library.waiting_threads() if hasattr(library, "waiting_threads") else []
    dialog = WaitingCommentsDialog(waiting, parent)
    dialog.open()
    return dialog
