"""Importing from the window: drop files, watch progress, cancel, read the failures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from reader.paths import sample_library_files

from .conftest import make_window


def _drag_enter(pos: QPointF, mime: QMimeData) -> QDragEnterEvent:
    """PySide6 6.12 takes a QPointF (the QPoint form is deprecated); 6.11 only a QPoint."""
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:
        return QDragEnterEvent(pos, *args)
    except TypeError:
        return QDragEnterEvent(pos.toPoint(), *args)


def _drop(window, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(window.width() / 2, window.height() / 2)
    # QDragEnterEvent takes an integer QPoint (QDropEvent a QPointF) in every PySide6 we allow.
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def test_empty_library_says_how_to_import(qtbot, empty_library, light_theme):
    window = make_window(qtbot, empty_library, light_theme)
    assert window.model.rowCount() == 0
    assert "Import" in window.view.browser.toPlainText()
    window.close()


def test_dropping_a_seed_file_imports_and_shows_it(qtbot, empty_library, light_theme):
    window = make_window(qtbot, empty_library, light_theme)
    seed = sample_library_files()[0]
    with qtbot.waitSignal(window.importDone) as blocker:
        _drop(window, [seed])
    report = blocker.args[0]
    assert len(report.imported) == 1 and not report.failed
    assert window.model.rowCount() == 1
    assert window.view.article_id == report.imported[0]
    assert window.view.browser.toPlainText().startswith("Is Assad seeking asylum?")
    assert "1 article" in window.size_label.text()
    assert not window.import_status.isVisible()
    window.close()


def test_a_drop_without_files_is_refused(qtbot, empty_library, light_theme):
    window = make_window(qtbot, empty_library, light_theme)
    mime = QMimeData()
    mime.setText("just text")
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    window.close()


def _many_files(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"note_{i:04d}.txt").write_text(
            f"Council vote number {i}\n\nThe council met on Tuesday to discuss item {i}. "
            "Members argued about the budget for a long time, and a decision was postponed.\n\n"
            f"\"We will come back to item {i} next week,\" the chair said.\n",
            encoding="utf-8",
        )
    return folder


def test_cancel_stops_an_import_and_keeps_what_was_imported(qtbot, tmp_path, empty_library, light_theme):
    window = make_window(qtbot, empty_library, light_theme)
    folder = _many_files(tmp_path / "many", 400)
    with qtbot.waitSignal(window.imports.progress):
        window.import_paths([str(folder)])
    assert window.import_status.isVisible()
    with qtbot.waitSignal(window.importDone) as blocker:
        qtbot.mouseClick(window.import_status.cancel_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.cancelled
    kept = len(report.imported)
    assert kept < 400
    assert window.library.count() == kept == window.model.rowCount()
    assert "cancelled" in window.statusBar().currentMessage().lower()
    window.close()


def test_failures_are_listed_in_a_copyable_dialog(qtbot, tmp_path, empty_library, light_theme):
    window = make_window(qtbot, empty_library, light_theme)
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02" * 200)
    good = sample_library_files()[1]
    with qtbot.waitSignal(window.importDone) as blocker:
        window.import_paths([str(bad), str(good)])
    report = blocker.args[0]
    assert len(report.imported) == 1 and len(report.failed) == 1
    dialog = window._failures_dialog
    assert dialog is not None and dialog.isVisible()
    assert str(bad) in dialog.text.toPlainText()
    assert dialog.text.isReadOnly()
    dialog._copy()
    assert str(bad) in QApplication.clipboard().text()
    assert window.model.rowCount() == 1
    dialog.close()
    window.close()
