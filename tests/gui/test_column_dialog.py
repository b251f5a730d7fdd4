"""A table whose columns are not recognised: the window asks once, with a preview, then imports."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from reader.gui.import_controller import ROWS_MARK

from .conftest import make_window


def _odd_table(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Kol A", "Kol B", "Kol C"])
        w.writerow(["Bridge reopens", "The old bridge reopened to traffic on Monday.", "2021-06-07"])
        w.writerow(["Ferry delayed", "The morning ferry was delayed by fog.", "2021-06-08"])
        w.writerow(["Park opens", "A new park opened by the river.", "2021-06-09"])
        w.writerow(["Fourth", "A fourth row, not in the preview.", "2021-06-10"])
    return path


def _choose(combo: QComboBox, qtbot, column: str) -> None:
    """Pick ``column`` in a focused combo box with the keyboard only (Down until it shows)."""
    for _ in range(combo.count()):
        if combo.currentText() == column:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{column} not reachable in {combo.accessibleName()}")


def test_the_window_asks_for_columns_once_and_imports_with_them(qtbot, empty_library, light_theme,
                                                                tmp_path):
    window = make_window(qtbot, empty_library, light_theme)
    table = _odd_table(tmp_path / "odd.csv")
    with qtbot.waitSignal(window.imports.asking) as asked:
        window.import_paths([str(table)])
    dialog = asked.args[0]
    qtbot.waitExposed(dialog)
    # The preview holds the header and the first three rows.
    assert [dialog.preview.horizontalHeaderItem(c).text() for c in range(3)] == ["Kol A", "Kol B", "Kol C"]
    assert dialog.preview.rowCount() == 3
    assert dialog.preview.item(2, 0).text() == "Park opens"
    # Nothing is guessed, so Import waits for the text column.
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "&Import"
    assert not ok.isEnabled()
    # Keyboard only: Alt+X goes to the Text field, Alt+T to Title, Alt+D to Date.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.combos["body"]
    _choose(dialog.combos["body"], qtbot, "Kol B")
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.combos["title"]
    _choose(dialog.combos["title"], qtbot, "Kol A")
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    _choose(dialog.combos["date"], qtbot, "Kol C")
    assert ok.isEnabled()
    assert dialog.mapping() == {"title": "Kol A", "body": "Kol B", "date": "Kol C"}
    progress: list[tuple[int, int, str]] = []
    window.imports.progress.connect(lambda d, t, c: progress.append((d, t, c)))
    with qtbot.waitSignal(window.importDone) as done:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # The status bar was told rows, not files: 4 of 4 rows of the table.
    assert (4, 4) in [(d, t) for d, t, c in progress if ROWS_MARK in c]
    report = done.args[0]
    assert len(report.imported) == 4 and not report.failed
    assert window.model.rowCount() == 4
    article = empty_library.get(report.imported[0])
    assert article.title == "Bridge reopens" and article.published == "2021-06-07"
    assert article.record == {"kind": "row", "row": 1}
    # Asked once: importing the same table again without a mapping does not ask again.
    asked_again: list[object] = []
    window.imports.asking.connect(asked_again.append)
    with qtbot.waitSignal(window.importDone):
        window.import_paths([str(table)])
    assert not asked_again
    window.close()


def test_escape_declines_and_nothing_is_imported(qtbot, empty_library, light_theme, tmp_path):
    window = make_window(qtbot, empty_library, light_theme)
    table = _odd_table(tmp_path / "odd.csv")
    with qtbot.waitSignal(window.imports.asking) as asked:
        window.import_paths([str(table)])
    dialog = asked.args[0]
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(window.imports.declined) as declined:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert declined.args[0] == str(table)
    assert empty_library.count() == 0
    window.close()


def test_table_progress_shows_rows_and_rate(qtbot, light_theme):
    from reader.gui.import_controller import ImportStatus

    status = ImportStatus()
    qtbot.addWidget(status)
    status.begin(1)
    status.update_progress(12000, 50000, f"/data/big.csv{ROWS_MARK}2300")
    assert status.bar.format() == "12,000 / 50,000 rows"
    assert status.bar.value() == 12000 and status.bar.maximum() == 50000
    assert status.label.text() == "Importing big.csv · 2,300 rows/s"
    status.update_progress(3, 10, "/data/a.html")
    assert status.bar.format() == "3 / 10" and status.label.text() == "Importing a.html"


def test_the_end_of_a_big_import_says_it_adds_the_last_articles_to_the_index(qtbot, light_theme):
    """After the last row: the bar is busy and the label says what the wait is for."""
    from reader.gui.import_controller import INDEX_MARK, ImportStatus

    status = ImportStatus()
    qtbot.addWidget(status)
    status.begin(1)
    status.update_progress(100000, 100000, f"/data/big.csv{ROWS_MARK}560")
    status.update_progress(0, 58800, INDEX_MARK)
    assert status.bar.maximum() == 0  # (busy)
    assert status.label.text() == "Adding the last 58,800 articles to the search index…"
