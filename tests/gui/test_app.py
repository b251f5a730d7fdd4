"""Launching the app: the first run shows the sample articles; a damaged library gets a message box."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.gui.app import is_new_library, run_app
from reader.paths import default_library_dir


@contextmanager
def _safety_net(qapp, ms: int = 30000):
    """Quit the app if the test hangs; stopped afterwards so it cannot hit a later test."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(qapp.quit)
    timer.start(ms)
    try:
        yield
    finally:
        timer.stop()


def _windows():
    from reader.gui.mainwindow import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_first_run_opens_on_the_sample_articles(qapp, qtbot):
    root = default_library_dir()
    assert is_new_library(root)
    seen: dict = {}

    def poll() -> None:
        wins = _windows()
        if wins and wins[0].model.rowCount() == 2 and wins[0].view.article_id is not None:
            w = wins[0]
            seen["title"] = w.windowTitle()
            seen["text"] = w.view.browser.toPlainText()
            w.close()  # the last window closing ends run_app's event loop
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    with _safety_net(qapp):
        assert run_app(None, [], []) == 0
    assert seen["title"] == f"Article Reader — {root.name}"
    assert "asylum" in seen["text"]
    assert not is_new_library(root)


def test_files_on_the_command_line_are_imported_and_shown(qapp, qtbot, tmp_path):
    article = tmp_path / "story.txt"
    article.write_text(
        "Harbour bridge reopens after repairs\n\nThe harbour bridge reopened on Monday after "
        "eight months of repairs, the city said.\n\n\"It is good to have it back,\" a commuter said.\n",
        encoding="utf-8",
    )
    seen: dict = {}

    def poll() -> None:
        wins = _windows()
        if wins and wins[0].view.article is not None and "Harbour" in wins[0].view.article.title:
            seen["rows"] = wins[0].model.rowCount()
            wins[0].close()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    with _safety_net(qapp):
        assert run_app(str(tmp_path / "lib"), [str(article)], []) == 0
    assert seen["rows"] == 1  # an explicit --library gets no sample articles


def test_a_damaged_library_is_explained_in_a_message_box(qapp, qtbot, tmp_path):
    root = tmp_path / "broken"
    root.mkdir()
    (root / "library.sqlite3").write_bytes(b"this is not a database" * 100)
    seen: dict = {}

    def close_box() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if boxes:
            box = boxes[0]
            seen["text"] = box.text()
            box.reject()
        else:
            QTimer.singleShot(50, close_box)

    QTimer.singleShot(50, close_box)
    assert run_app(str(root), [], []) == 1
    assert "damaged" in seen["text"].lower() or "corrupt" in seen["text"].lower()
    assert "Traceback" not in seen["text"]
    assert (root / "library.sqlite3").read_bytes().startswith(b"this is not a database")


def test_a_second_launch_hands_its_files_to_the_open_window(qapp, qtbot, tmp_path):
    from reader.gui.single_instance import SingleInstance

    article = tmp_path / "second.txt"
    article.write_text(
        "Ferry timetable changes in spring\n\nThe ferry company said on Friday that the spring "
        "timetable adds two crossings a day.\n",
        encoding="utf-8",
    )
    root = tmp_path / "lib"
    seen: dict = {}

    def poll(window) -> None:
        if window.view.article is not None and "Ferry" in window.view.article.title:
            seen["shown"] = True
            window.close()
        else:
            QTimer.singleShot(50, lambda: poll(window))

    def shown(window) -> None:
        # What a second `article-reader FILE` does: find the running instance and forward.
        seen["forwarded"] = SingleInstance(root).forward([str(article)])
        QTimer.singleShot(50, lambda: poll(window))

    with _safety_net(qapp):
        assert run_app(str(root), [], [], on_shown=shown) == 0
    assert seen == {"forwarded": True, "shown": True}
