"""A big table imported from the window: rows counted in the status bar, Cancel keeps what is done."""

from __future__ import annotations

import csv
from pathlib import Path

from reader.gui.import_controller import ROWS_MARK

from .conftest import make_window

ROWS = 1500


def _table(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "body", "author"])
        for i in range(1, ROWS + 1):
            w.writerow([f"Row story {i}", " ".join(f"Sentence {s} of row story {i} about the canal."
                                                   for s in range(12)), f"Author {i % 5}"])
    return path


def test_cancel_keeps_committed_rows_and_the_next_import_finishes(qtbot, empty_library, light_theme,
                                                                  tmp_path, monkeypatch):
    monkeypatch.setenv("ARTICLE_READER_IMPORT_WORKERS", "1")
    window = make_window(qtbot, empty_library, light_theme)
    table = _table(tmp_path / "big.csv")
    seen: list[tuple[int, int, str]] = []

    def on_progress(done: int, total: int, current: str) -> None:
        seen.append((done, total, current))
        if ROWS_MARK in current and done > 0 and window.import_status.cancel_button.isEnabled():
            window.import_status.cancel_button.click()  # as soon as the first rows are committed

    window.imports.progress.connect(on_progress)
    with qtbot.waitSignal(window.importDone, timeout=120000) as first:
        window.import_paths([str(table)])
    report = first.args[0]
    assert report.cancelled
    kept = empty_library.count()
    assert 0 < kept < ROWS and len(report.imported) == kept
    assert any(t == ROWS for _d, t, c in seen if ROWS_MARK in c)  # the bar counted rows of the table
    assert "cancelled" in window.statusBar().currentMessage().lower()
    window.imports.progress.disconnect(on_progress)

    with qtbot.waitSignal(window.importDone, timeout=300000) as second:
        window.import_paths([str(table)])
    again = second.args[0]
    assert not again.cancelled
    assert len(again.unchanged) == kept and len(again.imported) == ROWS - kept
    assert empty_library.count() == ROWS
    assert window.model.rowCount() == ROWS
    window.close()
