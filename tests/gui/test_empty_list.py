"""An empty article list says why it is empty and how to get the articles back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import make_window
from .test_main_window import _type_query


def painted_colours(view) -> int:
    """How many colours the list's visible area shows (1: blank)."""
    image = view.viewport().grab().toImage()
    return len({image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, min(image.height(), 120), 3)})


def test_a_search_without_matches_says_so_and_esc_brings_the_list_back(qtbot, window):
    list_view = window.side.list_view
    assert list_view.empty_text() == "" and window.model.rowCount() == 2
    _type_query(qtbot, window, "zebrafish")
    assert window.model.rowCount() == 0
    assert list_view.empty_text().startswith("No article matches this search.")
    assert "Esc clears it" in list_view.empty_text()
    assert painted_colours(list_view) > 1  # the text is drawn, the list is not blank
    qtbot.keyClick(window.side.search_box, Qt.Key.Key_Escape)
    assert window.model.rowCount() == 2
    assert list_view.empty_text() == ""


def test_a_search_hidden_by_a_filter_names_the_filters(qtbot, window):
    with qtbot.waitSignal(window.model.modelReset):
        window.side.site_combo.setCurrentIndex(window.side.site_combo.findData("CNN"))
    _type_query(qtbot, window, "Lukyanov")  # quoted in the repost only, which has no site
    assert window.model.rowCount() == 0
    assert "with these filters" in window.side.list_view.empty_text()


def test_an_empty_library_points_to_import(qtbot, empty_library, light_theme):
    w = make_window(qtbot, empty_library, light_theme)
    try:
        text = w.side.list_view.empty_text()
        assert text.startswith("No articles yet.") and "Ctrl+O" in text
        assert painted_colours(w.side.list_view) > 1
    finally:
        w.close()


def test_export_and_print_with_nothing_open_say_what_is_missing(qtbot, empty_library, light_theme):
    # Ctrl+E and Ctrl+P in an empty library did nothing at all; like the marks keys, they say so.
    from PySide6.QtWidgets import QApplication

    w = make_window(qtbot, empty_library, light_theme)
    try:
        for key in (Qt.Key.Key_E, Qt.Key.Key_P):
            w.statusBar().clearMessage()
            qtbot.keyClick(w.side.list_view, key, Qt.KeyboardModifier.ControlModifier)
            assert "Open an article first" in w.statusBar().currentMessage()
            assert QApplication.activeModalWidget() is None  # no dialog for nothing
    finally:
        w.close()
