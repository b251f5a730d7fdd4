"""Small dialogs: keyboard shortcuts (generated from the action table), About, import failures."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME, __version__
from reader.gui.actions import ACTIONS, shortcut_text

#: Keys handled inside widgets rather than by window actions; listed so the help is complete.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Search box", "Up / Down, Page Up / Page Down", "Move through the results without leaving the box"),
    ("Search box", "Enter", "Open the first (or selected) result"),
    ("Search box", "Esc", "Clear the search"),
    ("Annotations panel", "Enter / Delete", "Go to the passage / remove the highlight (Undo brings it back)"),
    ("All Annotations", "Type, then Down or Enter", "Filter, then move into the list; Enter opens the article at the passage"),
    ("Everywhere", "Tab / Shift+Tab", "Move between the search box, filters, list and article"),
    ("Everywhere", "Alt + underlined letter", "Open a menu or reach a labelled control"),
)


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, keys, action) for every action that has keys, then the in-widget keys."""
    rows = []
    for spec in ACTIONS:
        keys = shortcut_text(spec)
        if keys:
            rows.append((spec.menu.replace("&", ""), keys, spec.text.replace("&", "").rstrip("…")))
    rows.extend((where, keys, what) for where, keys, what in WIDGET_KEYS)
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        rows = shortcut_rows()
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Where", "Keys", "Action"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for r, (where, keys, what) in enumerate(rows):
            for c, text in enumerate((where, keys, what)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 560)


def show_about(parent: QWidget, library_root: Path | None) -> None:
    data = html.escape(str(library_root)) if library_root else "(none)"
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<h3>{APP_NAME} {html.escape(__version__)}</h3>"
        "<p>Read, search and compare saved news articles offline: quotes and their speakers, "
        "reader comments, export to PDF.</p>"
        "<p>License: MIT</p>"
        f"<p>Library (data folder):<br><code>{data}</code></p>",
    )


class ImportFailuresDialog(QDialog):
    """What could not be imported and why, in a read-only text the user can select and copy."""

    def __init__(self, failures: list[tuple[str, str]], summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Some files were not imported")
        label = QLabel(html.escape(summary) + "<br>Nothing already in the library was changed.", self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText("\n".join(f"{path}\n    {reason}" for path, reason in failures))
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        copy = buttons.addButton("&Copy All", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _copy(self) -> None:
        self.text.selectAll()
        self.text.copy()
