"""Small dialogs for the reader's marks: a note, the article's labels, a collection to choose.

Each is window-modal and opened with ``open()`` (never a nested event loop);
the caller connects ``accepted`` and reads the value.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.gui.models.annotation_list import one_line


class _NoteEditor(QPlainTextEdit):
    """Ctrl+Enter saves (the editor itself takes the key, so no shortcut can lose it)."""

    saveRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.saveRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class NoteDialog(QDialog):
    """Write or edit the note of one highlight; Ctrl+Enter saves, Esc cancels."""

    def __init__(self, quote: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteDialog")
        self.setWindowTitle("Note")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        passage = QLabel(f"“{one_line(quote, 220)}”", self)
        passage.setWordWrap(True)
        passage.setTextFormat(Qt.TextFormat.PlainText)
        passage.setObjectName("notePassage")
        self.editor = _NoteEditor(self)
        self.editor.setObjectName("noteEditor")
        self.editor.setAccessibleName("Note")
        self.editor.setPlaceholderText("Your note on this passage (Ctrl+Enter saves)")
        self.editor.setPlainText(note)
        self.editor.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.editor.saveRequested.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(passage)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.resize(460, 260)
        self.editor.setFocus()
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def note(self) -> str:
        return self.editor.toPlainText().strip()


def split_labels(text: str) -> list[str]:
    """"politics, syria ,, " -> ["politics", "syria"] (order kept, duplicates dropped)."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


class LabelsDialog(QDialog):
    """The article's own labels as a comma-separated line, completing from the library's labels."""

    def __init__(self, title: str, labels: list[str], known: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelsDialog")
        self.setWindowTitle("Labels")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        head = QLabel(f"Your labels for “{one_line(title, 80)}”, separated by commas:", self)
        head.setWordWrap(True)
        head.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = _CommaLine(known, self)
        self.edit.setObjectName("labelsEdit")
        self.edit.setAccessibleName("Labels")
        self.edit.setText(", ".join(labels) + (", " if labels else ""))
        head.setBuddy(self.edit)
        hint = QLabel("Known: " + ", ".join(known[:30]) if known else "No labels in the library yet.", self)
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.edit)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(440, 150)

    def labels(self) -> list[str]:
        return split_labels(self.edit.text())


class _CommaLine(QLineEdit):
    """Completes the label being typed after the last comma."""

    def __init__(self, known: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._completer = QCompleter(known, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)

    def _insert(self, label: str) -> None:
        head, _sep, _tail = self.text().rpartition(",")
        self.setText((head + ", " if head else "") + label + ", ")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self._completer.popup()
        if popup is not None and popup.isVisible() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            event.ignore()
            return
        super().keyPressEvent(event)
        current = self.text().rpartition(",")[2].strip()
        if current:
            self._completer.setCompletionPrefix(current)
            self._completer.complete()
        elif popup is not None:
            popup.hide()


class CollectionDialog(QDialog):
    """Choose a collection (or type a new name, when adding)."""

    def __init__(self, title: str, prompt: str, names: list[str], *, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collectionDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.combo = QComboBox(self)
        self.combo.setObjectName("collectionCombo")
        self.combo.setEditable(editable)
        self.combo.addItems(names)
        self.combo.setAccessibleName("Collection")
        if editable:
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.combo.setCurrentText(names[0] if names else "")
            line = self.combo.lineEdit()
            if line is not None:
                line.setPlaceholderText("Name of a new or existing collection")
                line.selectAll()
        label.setBuddy(self.combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(buttons)
        self.resize(380, 120)

    def name(self) -> str:
        return " ".join(self.combo.currentText().split())
