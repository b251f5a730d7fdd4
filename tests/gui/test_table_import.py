"""A big table imported from the window: rows counted in the status bar, Cancel keeps what is done."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt

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


def test_cancel_does_not_wait_for_the_index_and_the_window_adds_the_rows_to_it_after(
        qtbot, empty_library, light_theme, tmp_path, monkeypatch):
    """Cancel while the import's index catch-up (a worker process, minutes in a big import) is
    in flight: the window stops at once, then adds what the index lacks in the background."""
    import os
    import signal

    from reader.library import bulkimport

    monkeypatch.setenv("ARTICLE_READER_IMPORT_WORKERS", "1")
    monkeypatch.setattr(bulkimport, "INDEX_EVERY_ARTICLES", 200)  # a catch-up early in the table
    frozen: list[int] = []
    start = bulkimport._start_background

    def start_frozen(ctx):  # the first catch-up's worker never gets on: a wait for it would hang
        flight = start(ctx)
        if flight is not None and not frozen:
            os.kill(flight._proc.pid, signal.SIGSTOP)
            frozen.append(flight._proc.pid)
        return flight

    monkeypatch.setattr(bulkimport, "_start_background", start_frozen)
    window = make_window(qtbot, empty_library, light_theme)
    table = _table(tmp_path / "big.csv")
    reports: list = []
    added: list[tuple[int, bool]] = []
    window.importDone.connect(reports.append)
    window.imports.indexed.connect(lambda n, up_to_date: added.append((n, up_to_date)))
    try:
        window.import_paths([str(table)])
        qtbot.waitUntil(lambda: bool(frozen), timeout=120000)
        qtbot.mouseClick(window.import_status.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(reports), timeout=120000)  # a bound for a hang, not a timing
    finally:
        for pid in frozen:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        qtbot.waitUntil(lambda: not window.imports.running, timeout=300000)
    (report,) = reports
    assert report.cancelled
    kept = empty_library.count()
    assert 0 < kept < ROWS and len(report.imported) == kept
    assert window.model.rowCount() == kept
    assert added == [(kept, True)]  # the window's catch-up added every committed row to the index
    assert "search index up to date" in window.statusBar().currentMessage().lower()
    assert not window.import_status.isVisible()

    box = window.side.search_box  # the last committed row is found from the window
    box.setFocus()
    with qtbot.waitSignal(window.search.resultsReady):
        qtbot.keyClicks(box, f'title:"row story {kept}"')
    qtbot.waitUntil(lambda: window.search.idle)
    shown = [empty_library.get(window.model.id_at(r)).title for r in range(window.model.rowCount())]
    assert shown == [f"Row story {kept}"]
    check = empty_library.check(repair=False)
    assert check.indexed == kept and not check.problems
    window.close()
