"""Search results come a page at a time; scrolling to the end of the list brings the next page."""

from __future__ import annotations

from pathlib import Path

from reader.gui import search_controller

from .conftest import make_window


def test_scrolling_to_the_end_fetches_more_hits(qtbot, tmp_path: Path, empty_library, light_theme):
    folder = tmp_path / "notes"
    folder.mkdir()
    n = search_controller.FIRST_PAGE + 15
    for i in range(n):
        (folder / f"n{i:03d}.txt").write_text(
            f"Lighthouse keeper report {i}\n\nThe lighthouse keeper wrote report number {i} about "
            "the storm that passed over the harbour during the night.\n",
            encoding="utf-8",
        )
    report = empty_library.import_paths([str(folder)])
    assert len(report.imported) == n
    window = make_window(qtbot, empty_library, light_theme)
    with qtbot.waitSignal(window.search.resultsReady):
        window.side.search_box.setText("lighthouse")
    assert window.model.rowCount() == search_controller.FIRST_PAGE
    assert f"{n} matches" in window.side.count_label.text()
    view = window.side.list_view
    view.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount() == n)
    ids = window.model.ids
    assert len(set(ids)) == n  # no hit listed twice
    window.close()
