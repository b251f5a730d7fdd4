"""The column-mapping dialog: which column of a table holds the title, the text...

Asked once per table whose columns the importer could not recognise, with
the table's first rows as a preview. Every control has a mnemonic (Alt+T
Title, Alt+X Text ...), Tab moves through them, Enter imports and Esc cancels.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.parsing.table_columns import FIELD_LABELS, FIELDS, guess_columns

NONE_CHOICE = "(none)"
#: Field label with its mnemonic, in the order shown.
MNEMONIC_LABELS: dict[str, str] = {
    "title": "&Title:", "body": "Te&xt (required):", "authors": "&Authors:", "date": "&Date:",
    "url": "&URL:", "site": "&Site:", "tags": "Ta&gs:", "language": "&Language:",
}
#: Characters of a cell shown in the preview.
PREVIEW_CHARS = 80


class ColumnMappingDialog(QDialog):
    """Asks which column holds each article field; ``mapping()`` is the answer."""

    def __init__(self, path: str, columns: list[str], preview: list[list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.columns = list(columns)
        name = Path(path).name
        self.setWindowTitle(f"Columns of {name}")
        self.setAccessibleName("Choose the columns of the table")
        intro = QLabel(
            f"Article Reader could not tell which columns of <b>{_escape(name)}</b> hold the "
            "articles. Choose the column for each field (each row becomes one article); "
            "only the text is required.", self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.preview = QTableWidget(len(preview), len(self.columns), self)
        self.preview.setHorizontalHeaderLabels(self.columns)
        self.preview.setVerticalHeaderLabels([f"Row {i}" for i in range(1, len(preview) + 1)])
        for r, row in enumerate(preview):
            for c in range(len(self.columns)):
                value = row[c] if c < len(row) else ""
                short = " ".join(value.split())
                if len(short) > PREVIEW_CHARS:
                    short = short[: PREVIEW_CHARS - 1] + "…"
                item = QTableWidgetItem(short)
                item.setToolTip(value[:1000])
                self.preview.setItem(r, c, item)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        self.preview.setWordWrap(False)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.resizeColumnsToContents()
        for c in range(len(self.columns)):
            self.preview.setColumnWidth(c, min(max(self.preview.columnWidth(c), 80), 260))
        self.preview.setAccessibleName("Preview of the first rows")
        # As tall as its rows (and the scroll bar when the columns are wider than the dialog).
        self.preview.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        preview_label = QLabel(f"&First rows of the table ({len(preview)}):", self)
        preview_label.setBuddy(self.preview)

        guess = guess_columns(self.columns)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox(self)
            combo.addItem(NONE_CHOICE, None)
            for column in self.columns:
                combo.addItem(column, column)
            if field in guess:
                combo.setCurrentIndex(self.columns.index(guess[field]) + 1)
            combo.setAccessibleName(FIELD_LABELS[field])
            combo.setMinimumWidth(240)
            combo.setMaximumWidth(420)
            combo.currentIndexChanged.connect(self._update_ok)
            label = QLabel(MNEMONIC_LABELS[field], self)
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.combos[field] = combo

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Import")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel("", self)
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(min(max(760, 190 * len(self.columns)), 1100), self.sizeHint().height())
        self._update_ok()
        self.combos["body"].setFocus()

    def mapping(self) -> dict[str, str]:
        """field -> column for every field given a column."""
        out: dict[str, str] = {}
        for field, combo in self.combos.items():
            column = combo.currentData()
            if column:
                out[field] = column
        return out

    def _update_ok(self) -> None:
        chosen = self.mapping()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled("body" in chosen)
        used = list(chosen.values())
        twice = sorted({c for c in used if used.count(c) > 1})
        if "body" not in chosen:
            self.hint.setText("Choose the column that holds the article text.")
        elif twice:
            self.hint.setText(f"Note: column {', '.join(repr(c) for c in twice)} is used for "
                              "more than one field.")
        else:
            self.hint.setText("")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
