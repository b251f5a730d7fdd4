"""Comparing coverage in the real window, on the two seed articles (one story told twice)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from reader.render_compare import REWORDED, TINTS, VERBATIM
from tests.gui.conftest import cnn_id, haaretz_id, make_window

SHARED_TINTS = {TINTS[VERBATIM], TINTS[REWORDED]}


def _tint_of(browser, needle: str) -> str:
    found = browser.document().find(needle, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), needle
    cur = QTextCursor(browser.document())
    cur.setPosition(found.selectionStart() + 1)
    return cur.charFormat().background().color().name()


def _open_compare(qtbot, window, key_target=None):
    with qtbot.waitSignal(window.coverage.comparisonShown):
        qtbot.keyClick(key_target or window.view.browser, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    return window.coverage.compare_view


def test_seed_comparison_side_by_side(qtbot, window):
    lib = window.library
    a = cnn_id(lib)
    assert window.side.select_id(a)
    qtbot.waitUntil(lambda: window.view.article_id == a)
    view = _open_compare(qtbot, window)
    assert view.isVisible() and not window.view.isVisible()
    assert (view.a_id, view.b_id) == (a, haaretz_id(lib))

    # The al-Miqdad passage about the letters to Cuba, Venezuela and Ecuador is shared, tinted in both panes.
    assert _tint_of(view.pane_a.browser, "recently traveled to Cuba, Venezuela and Ecuador") in SHARED_TINTS
    assert _tint_of(view.pane_b.browser, "held meetings in Cuba, Venezuela and Ecuador") in SHARED_TINTS
    # Quotes: CNN's experts only in A, Lukyanov only in B.
    only_a = {speaker for _q, speaker in view.quote_rows("only_a")}
    only_b = {speaker for _q, speaker in view.quote_rows("only_b")}
    assert {"Andrew Tabler", "Hillary Clinton", "Victoria Nuland", "Mark Toner", "Scott Horton"} <= only_a
    assert "Fyodor Lukyanov" in only_b and "Andrew Tabler" not in only_b

    # F6 / Shift+F6 step through the differences and move the selection.
    n = len(view.diffs)
    assert n >= 2
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_F6)
    assert view.counter.text() == f"1 / {n}"
    first = (view.selected_text("a"), view.selected_text("b"))
    assert any(first)
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_F6)
    assert view.counter.text() == f"2 / {n}"
    assert (view.selected_text("a"), view.selected_text("b")) != first
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert view.counter.text() == f"1 / {n}"
    assert (view.selected_text("a"), view.selected_text("b")) == first

    # Esc closes the comparison and gives the article back, without its status line
    # ("… differences (F6 / Shift+F6 step through them, Esc closes)") left standing.
    assert "differences" in window.statusBar().currentMessage()
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_Escape)
    assert not window.coverage.comparing and window.view.isVisible() and window.view.article_id == a
    assert "differences" not in window.statusBar().currentMessage()


def test_comparison_fits_a_small_window(qtbot, seeded_library, light_theme):
    # A 1024 x 640 window (a small laptop screen): the comparison fits in it, it does not push
    # the window wider than it was (its key of tints wraps), and both texts get half the room.
    w = make_window(qtbot, seeded_library, light_theme, size=(1024, 640))
    qtbot.waitUntil(lambda: w.width() == 1024)
    w.side.select_id(cnn_id(seeded_library))
    qtbot.waitUntil(lambda: w.view.article_id is not None)
    view = _open_compare(qtbot, w)
    # once the window's layout has taken the comparison in (its minimum counts the view's):
    qtbot.waitUntil(lambda: w.minimumSizeHint().width() >= view.minimumSizeHint().width())
    assert w.minimumSizeHint().width() <= 1024  # else the window grows past a small screen's edge
    assert w.width() == 1024
    assert view.geometry().right() < w.width()
    wa, wb = view.pane_a.browser.width(), view.pane_b.browser.width()
    assert min(wa, wb) > 0.4 * (wa + wb), (wa, wb)
    w.close()


def test_stories_beside_the_list_and_the_article_leave_the_article_readable(qtbot, seeded_library, light_theme):
    # F4 in a 1024 x 640 window: the Stories dock opens beside the list and the Annotations
    # panel. The article kept 68 px (a syllable a line); it keeps a readable column now, the
    # docks take what is left, and the window does not grow past the screen.
    from reader.gui.widgets.article_view import READABLE_MIN_WIDTH

    w = make_window(qtbot, seeded_library, light_theme, size=(1024, 640))
    qtbot.waitUntil(lambda: w.width() == 1024)
    w.focus_list()
    qtbot.keyClick(w.side.list_view, Qt.Key.Key_F4)
    dock = w.coverage.stories_dock
    assert dock.isVisible() and w.marks.dock.isVisible()
    qtbot.waitUntil(lambda: dock.width() > 200)
    assert w.width() == 1024
    assert w.view.width() >= READABLE_MIN_WIDTH >= 240
    assert dock.width() >= dock.minimumSizeHint().width()
    w.close()


def test_zoom_keys_resize_the_compared_texts(qtbot, window):
    # Ctrl+= / Ctrl+- / Ctrl+0 while comparing: the status bar said "Text size 16 pt" but only the
    # hidden article changed; the two panes on screen kept their size until the next comparison.
    window.side.select_id(cnn_id(window.library))
    qtbot.waitUntil(lambda: window.view.article_id is not None)
    view = _open_compare(qtbot, window)

    def sizes() -> tuple[float, float]:
        return tuple(p.browser.document().defaultFont().pointSizeF() for p in (view.pane_a, view.pane_b))

    before = sizes()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_Equal, ctrl)
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_Equal, ctrl)
    assert sizes() == (before[0] + 2, before[1] + 2)
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_Minus, ctrl)
    assert sizes() == (before[0] + 1, before[1] + 1)
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_0, ctrl)
    assert sizes() == before


def test_ctrl_c_copies_the_passage_selected_in_the_comparison(qtbot, window):
    # Ctrl+C in a compared pane copied the hidden article's selection ("asylum"), not the
    # passage the reader had selected on screen.
    from PySide6.QtWidgets import QApplication

    window.side.select_id(cnn_id(window.library))
    qtbot.waitUntil(lambda: window.view.article_id is not None)
    window.view.browser.setTextCursor(window.view.browser.document().find("asylum"))
    view = _open_compare(qtbot, window)
    for pane, word in ((view.pane_a, "Clinton"), (view.pane_b, "Lukyanov")):
        pane.browser.setFocus()
        pane.browser.setTextCursor(pane.browser.document().find(word))
        QApplication.clipboard().clear()
        qtbot.keyClick(pane.browser, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.clipboard().text() == word
    qtbot.keyClick(view.pane_b.browser, Qt.Key.Key_Escape)
    QApplication.clipboard().clear()
    qtbot.keyClick(window.view.browser, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "asylum"  # the article again once it is back


def test_a_search_with_the_stories_open_keeps_a_small_window_its_size(qtbot, seeded_library, light_theme):
    # With the Stories dock open in a 1024 px window, a search made its count read "1 story of
    # 18 match the search" on one line: the dock's minimum grew by 125 px and the window past
    # 1024 (past a small screen's edge). The count wraps now, and agrees in number.
    w = make_window(qtbot, seeded_library, light_theme, size=(1024, 640))
    qtbot.waitUntil(lambda: w.width() == 1024)
    qtbot.keyClick(w.side.list_view, Qt.Key.Key_F4)
    stories = w.coverage.stories
    with qtbot.waitSignal(w.coverage.storiesFiltered):
        w.side.search_box.setText("asylum")
    label = stories.count_label
    assert label.text() == "1 of 1 story matches the search"
    # once laid out (the label as wide as it asks, and as tall as its lines need):
    qtbot.waitUntil(lambda: label.width() >= label.minimumSizeHint().width()
                    and label.height() >= label.heightForWidth(label.width()))
    assert w.minimumSizeHint().width() <= 1024 and w.width() == 1024
    w.close()


def test_the_comparison_comes_right_after_the_list_for_the_keyboard(qtbot, window):
    # While comparing, Tab from the article list went through every dock before it reached the
    # compared texts (the view joined the Tab chain at its end), and Ctrl+2 ("article text")
    # focused the hidden article: nothing happened.
    from PySide6.QtWidgets import QApplication

    window.side.select_id(cnn_id(window.library))
    qtbot.waitUntil(lambda: window.view.article_id is not None)
    view = _open_compare(qtbot, window)
    window.focus_list()
    qtbot.keyClick(window.side.list_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.pane_a.browser
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.pane_b.browser
    window.focus_list()
    qtbot.keyClick(window.side.list_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is view.pane_a.browser
    qtbot.keyClick(view.pane_a.browser, Qt.Key.Key_Escape)  # back to the article: Ctrl+2 as before
    window.focus_list()
    qtbot.keyClick(window.side.list_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.view.browser


def test_h_and_n_while_comparing_do_not_mark_the_hidden_article(qtbot, window):
    # A passage selected in the article, then Ctrl+D: H pressed on a passage selected in a
    # compared pane highlighted the hidden article's old selection instead, unseen (and N
    # opened a note on it). While comparing they mark nothing and say where marks are made.
    from PySide6.QtWidgets import QApplication

    aid = cnn_id(window.library)
    window.side.select_id(aid)
    qtbot.waitUntil(lambda: window.view.article_id == aid)
    window.view.browser.setTextCursor(window.view.browser.document().find("officials have said"))
    view = _open_compare(qtbot, window)
    view.pane_a.browser.setTextCursor(view.pane_a.browser.document().find("Clinton"))
    for key in (Qt.Key.Key_H, Qt.Key.Key_N):
        window.statusBar().clearMessage()
        qtbot.keyClick(view.pane_a.browser, key)
        assert window.library.annotations.for_article(aid) == []
        assert QApplication.activeModalWidget() is None
        assert "Esc" in window.statusBar().currentMessage()


def test_two_selected_articles_are_compared_current_one_as_a(qtbot, window):
    lib = window.library
    a, b = haaretz_id(lib), cnn_id(lib)
    window.side.select_id(a)
    qtbot.waitUntil(lambda: window.view.article_id == a)
    sel = window.side.list_view.selectionModel()
    sel.select(window.model.index(window.model.row_of(b)), QItemSelectionModel.SelectionFlag.Select)
    view = _open_compare(qtbot, window, window.side.list_view)
    assert (view.a_id, view.b_id) == (a, b)
    assert "Fyodor Lukyanov" in {s for _q, s in view.quote_rows("only_a")}
    assert "Andrew Tabler" in {s for _q, s in view.quote_rows("only_b")}


def test_comparison_exports_to_pdf(qtbot, window, tmp_path):
    import pypdf

    window.side.select_id(cnn_id(window.library))
    qtbot.waitUntil(lambda: window.view.article_id is not None)
    _open_compare(qtbot, window)
    with qtbot.waitSignal(window.coverage.exported) as sig:
        window.coverage.export_comparison_to(tmp_path / "cmp.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(sig.args[0])).pages)
    assert "Comparing coverage" in text and "Andrew Tabler" in text and "Fyodor Lukyanov" in text


def test_stories_view_lists_the_seed_story_and_sorts(qtbot, window):
    window.actions_by_id["toggle_stories"].trigger()
    stories = window.coverage.stories
    assert stories is not None and window.coverage.stories_dock.isVisible()
    assert stories.model.rowCount() == 1
    idx = stories.model.index(0, 2)
    assert idx.data() == "2"
    assert "CNN" in stories.model.index(0, 1).data()
    assert [m.id for m in stories.story.members] == sorted([cnn_id(window.library), haaretz_id(window.library)],
                                                           key=lambda i: i != cnn_id(window.library))
    assert stories.timeline.layout_info is None or stories.timeline.points
    stories.set_sort("recent")
    assert stories.sort_key() == "recent" and stories.model.rowCount() == 1
    # Single-article stories appear only when asked for; the seeds have none.
    stories.singles.setChecked(True)
    assert stories.model.rowCount() == 1
    # A search that matches nothing in the story hides it; clearing shows it again.
    with qtbot.waitSignal(window.coverage.storiesFiltered):
        qtbot.keyClicks(window.side.search_box, "zzqx")
    assert stories.model.rowCount() == 0
    with qtbot.waitSignal(window.coverage.storiesFiltered):
        window.side.search_box.clear()
    assert stories.model.rowCount() == 1
    # Enter shows only this story in the article list; Esc shows everything again.
    stories.table.setFocus()
    stories.table.selectRow(0)
    qtbot.keyClick(stories.table, Qt.Key.Key_Return)
    assert window.coverage.story_filter is not None and window.model.rowCount() == 2
    assert "One story" in window.side.hint_label.text()
    qtbot.keyClick(window.side.list_view, Qt.Key.Key_Escape)
    assert window.coverage.story_filter is None and not window.side.hint_label.isVisible()
    # Enter on a report in the story's member list opens that article in the reader.
    stories.members.setFocus()
    haaretz_row = [m.id for m in stories.story.members].index(haaretz_id(window.library))
    stories.members.setCurrentIndex(stories.members.model().index(haaretz_row, 0))
    qtbot.keyClick(stories.members, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.view.article_id == haaretz_id(window.library))


def test_alt_keys_are_unambiguous_with_the_stories_open(qtbot, window):
    # The Stories dock's Alt keys clashed with the list's (Alt+S: Sort and Show in List, Alt+A:
    # Tag and Single articles too) and with each other (Alt+O: Sort and Compare): Qt then only
    # moves the focus between the two and never presses the button.
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    qtbot.keyClick(window.side.list_view, Qt.Key.Key_F4)
    stories = window.coverage.stories
    seen: dict[str, str] = {}
    for m in window.menuBar().actions():
        seen[re.search(r"&(\w)", m.text()).group(1).lower()] = m.text()
    for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        found = re.search(r"&([^&\s])", w.text() or "")
        if found and w.isVisible():
            key = found.group(1).lower()
            assert key not in seen, f"Alt+{key.upper()}: {seen[key]!r} and {w.text()!r}"
            seen[key] = w.text()
    # Alt+I presses Show in List (a button's Alt key clicks it a moment later, as a mouse would):
    # the article list shows the chosen story alone.
    stories.table.setFocus()
    stories.table.selectRow(0)
    with qtbot.waitSignal(stories.show_button.clicked):
        qtbot.keyClick(stories.table, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert window.coverage.story_filter is not None and "One story" in window.side.hint_label.text()


@pytest.fixture
def three_articles(tmp_path):
    """The seed story plus a different event, later (a fixture written for these tests)."""
    from reader.library import Library
    from reader.paths import sample_library_files

    lib = Library.open(tmp_path / "lib3", create=True)
    files = [str(p) for p in sample_library_files()] + [str(Path(__file__).parent / "story_fixtures" / "bridge.txt")]
    assert len(lib.import_paths(files).imported) == 3
    yield lib
    lib.close()


def test_stories_sort_by_size_or_recency(qtbot, qtmodeltester, three_articles, light_theme):
    w = make_window(qtbot, three_articles, light_theme)
    try:
        qtbot.keyClick(w.side.list_view, Qt.Key.Key_F4)
        stories = w.coverage.stories
        assert stories is not None and w.coverage.stories_dock.isVisible()
        assert stories.visible_titles() == ["Is Assad seeking asylum?"]  # a one-article story is hidden
        stories.singles.setChecked(True)
        riverton = "Riverton opens its new harbour bridge after six years of work"
        assert stories.visible_titles() == ["Is Assad seeking asylum?", riverton]  # most articles first
        stories.set_sort("recent")
        assert stories.visible_titles() == [riverton, "Is Assad seeking asylum?"]  # March 2013 first
        assert stories.model.index(0, 2).data() == "1" and stories.model.index(1, 2).data() == "2"
        qtmodeltester.check(stories.model)
        # The timeline dock follows the article list.
        w.actions_by_id["toggle_timeline"].trigger()
        assert w.coverage.timeline.points and len(w.coverage.timeline.points) == 3
    finally:
        w.close()


def test_stories_dock_comes_back_open_and_filled(qtbot, seeded_library, light_theme):
    first = make_window(qtbot, seeded_library, light_theme)
    first.actions_by_id["toggle_stories"].trigger()
    assert first.coverage.stories_dock.isVisible()
    first.close()

    second = make_window(qtbot, seeded_library, light_theme, size=None)
    try:
        assert second.coverage.stories_dock.isVisible()
        assert second.actions_by_id["toggle_stories"].isChecked()
        qtbot.waitUntil(lambda: second.coverage.stories is not None)
        assert second.coverage.stories.visible_titles() == ["Is Assad seeking asylum?"]
    finally:
        second.close()


def test_stories_sort_and_singles_come_back_after_a_restart(qtbot, three_articles, light_theme):
    first = make_window(qtbot, three_articles, light_theme)
    qtbot.keyClick(first.side.list_view, Qt.Key.Key_F4)
    stories = first.coverage.stories
    stories.sort_combo.setCurrentIndex(stories.sort_combo.findText("Most recent first"))
    stories.singles.setChecked(True)
    riverton = "Riverton opens its new harbour bridge after six years of work"
    assert stories.visible_titles() == [riverton, "Is Assad seeking asylum?"]
    first.close()

    second = make_window(qtbot, three_articles, light_theme, size=None)
    try:
        qtbot.waitUntil(lambda: second.coverage.stories is not None)
        again = second.coverage.stories
        assert again.sort_combo.currentText() == "Most recent first" and again.singles.isChecked()
        assert again.visible_titles() == [riverton, "Is Assad seeking asylum?"]
    finally:
        second.close()


def test_window_closed_while_comparing_reopens_on_the_article(qtbot, seeded_library, light_theme):
    first = make_window(qtbot, seeded_library, light_theme)
    first.side.select_id(cnn_id(seeded_library))
    qtbot.waitUntil(lambda: first.view.article_id is not None)
    _open_compare(qtbot, first)
    first.close()
    second = make_window(qtbot, seeded_library, light_theme, size=None)
    try:
        assert not second.coverage.comparing and second.view.isVisible()
        assert second.splitter.widget(1) is second.view
    finally:
        second.close()
