"""Your marks in the window: highlight (H, 1-5), note (N), the Annotations panel and the
library-wide view, star / read / labels / collections and the side panel's filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from reader.gui.models.annotation_list import AnnotationRole, OrphanedRole
from reader.gui.models.article_list import UnreadRole
from reader.gui.widgets.highlights import highlight_color

from .conftest import cnn_id, haaretz_id, make_window


def _select(window, phrase: str) -> tuple[int, int]:
    """Select ``phrase`` in the shown article the way a mouse drag would; returns its body range."""
    view = window.view
    start = view.article.body.index(phrase)
    a, b = view.body_map().doc_range(start, start + len(phrase))
    cur = QTextCursor(view.browser.document())
    cur.setPosition(a)
    cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    view.browser.setTextCursor(cur)
    view.browser.setFocus()
    return start, start + len(phrase)


def _background_at(window, body_offset: int) -> str:
    view = window.view
    a, _b = view.body_map().doc_range(body_offset, body_offset + 1)
    cur = QTextCursor(view.browser.document())
    cur.setPosition(a + 1)
    return cur.charFormat().background().color().name()


def _panel_texts(window) -> list[str]:
    m = window.marks.panel.model
    return [m.index(r, 0).data() for r in range(m.rowCount())]


PHRASE = "officials have said for months"


def test_select_then_h_draws_the_highlight_and_stores_it(qtbot, window, seeded_library):
    aid = cnn_id(seeded_library)
    window.side.select_id(aid)
    start, end = _select(window, PHRASE)
    before = _background_at(window, start + 3)
    qtbot.keyClick(window.view.browser, Qt.Key.Key_H)
    stored = seeded_library.annotations.for_article(aid)
    assert [(a.quote, a.start, a.end, a.color) for a in stored] == [(PHRASE, start, end, "yellow")]
    assert window.view.article.body[stored[0].start : stored[0].end] == PHRASE
    yellow = highlight_color("yellow").name()
    assert before != yellow
    assert _background_at(window, start + 3) == yellow
    assert _background_at(window, end + 5) != yellow  # only the passage
    assert any(PHRASE in t for t in _panel_texts(window))
    # Opened again later, it is drawn from the library.
    window.side.select_id(haaretz_id(seeded_library))
    window.side.select_id(aid)
    assert _background_at(window, start + 3) == yellow


def test_keys_1_to_5_choose_the_colour(qtbot, window, seeded_library):
    aid = cnn_id(seeded_library)
    window.side.select_id(aid)
    _select(window, PHRASE)
    qtbot.keyClick(window.view.browser, Qt.Key.Key_3)
    assert window.actions_by_id["color_blue"].isChecked()
    qtbot.keyClick(window.view.browser, Qt.Key.Key_H)
    (a,) = seeded_library.annotations.for_article(aid)
    assert a.color == "blue"
    assert _background_at(window, a.start + 2) == highlight_color("blue").name()


def test_n_adds_a_note_shown_in_the_panel_and_on_hover(qtbot, window, seeded_library):
    aid = cnn_id(seeded_library)
    window.side.select_id(aid)
    start, _end = _select(window, PHRASE)
    qtbot.keyClick(window.view.browser, Qt.Key.Key_N)
    dialog = window.marks.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.editor.setPlainText("Check the <b>date</b> of this claim")
    dialog.accept()
    (a,) = seeded_library.annotations.for_article(aid)
    assert a.quote == PHRASE and a.note == "Check the <b>date</b> of this claim"
    assert any("✎ Check the <b>date</b> of this claim" in t for t in _panel_texts(window))
    # Hovering the passage shows the note (escaped: a note is text, never markup).
    view = window.view
    doc_pos = view.body_map().doc_range(start + 4, start + 5)[0]
    cur = QTextCursor(view.browser.document())
    cur.setPosition(doc_pos)
    rect = view.browser.cursorRect(cur)
    tip = view.browser.tooltip_at(QPoint(rect.center().x() + 2, rect.center().y()))
    assert "Check the &lt;b&gt;date&lt;/b&gt; of this claim" in tip
    # N again with the cursor in the highlight edits the same note.
    cur = QTextCursor(view.browser.document())
    cur.setPosition(doc_pos)
    view.browser.setTextCursor(cur)
    qtbot.keyClick(view.browser, Qt.Key.Key_N)
    assert window.marks.dialog.editor.toPlainText() == "Check the <b>date</b> of this claim"
    window.marks.dialog.editor.setPlainText("Edited")
    qtbot.keyClick(window.marks.dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # saves
    assert [x.note for x in seeded_library.annotations.for_article(aid)] == ["Edited"]


def test_n_without_a_selection_still_steps_through_comments(qtbot, window, seeded_library):
    window.side.select_id(cnn_id(seeded_library))
    window.view.browser.setFocus()
    qtbot.keyClick(window.view.browser, Qt.Key.Key_N)
    assert window.view.comments.tree.currentIndex().isValid()
    assert window.marks.dialog is None


def test_highlights_and_search_matches_show_together(qtbot, window, seeded_library):
    aid = cnn_id(seeded_library)
    window.side.select_id(aid)
    start, end = _select(window, PHRASE)
    qtbot.keyClick(window.view.browser, Qt.Key.Key_H)
    window.side.search_box.setText("months")
    qtbot.waitUntil(lambda: window.view.match_count() > 0)
    body = window.view.article.body
    m = body.index("months", start)
    assert m < end
    from reader.render import MATCH_BG

    assert _background_at(window, m + 1) == MATCH_BG.lower()  # the match stays visible
    assert _background_at(window, start + 2) == highlight_color("yellow").name()  # and so does the highlight


def test_panel_enter_scrolls_to_the_passage_and_delete_can_be_undone(qtbot, window, seeded_library):
    aid = cnn_id(seeded_library)
    window.side.select_id(aid)
    body = window.view.article.body
    late = body[body.rindex(" ", 0, len(body) - 200) + 1 :][:30].strip()
    _select(window, late)
    qtbot.keyClick(window.view.browser, Qt.Key.Key_H)
    window.view.browser.verticalScrollBar().setValue(0)
    panel = window.marks.panel
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert window.view.browser.textCursor().selectedText() == late
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert seeded_library.annotations.for_article(aid) == []
    assert panel.model.rowCount() == 0 and panel.undo_bar.isVisible()
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    (back,) = seeded_library.annotations.for_article(aid)
    assert back.quote == late
    # The keyboard goes on in the list, on the highlight brought back (it went to the tab bar).
    assert QApplication.focusWidget() is panel.list
    assert panel.list.currentIndex().row() == panel.model.row_of(back.id)
    assert _background_at(window, back.start + 1) == highlight_color("yellow").name()


def test_an_orphaned_highlight_is_listed_first_and_marked(qtbot, tmp_path: Path, empty_library, light_theme):
    src = tmp_path / "story.txt"
    first = "The council approved the new bridge after a long debate on Tuesday evening."
    second = "Residents said the bridge would cut their commute by twenty minutes each way."
    src.write_text(f"Bridge vote\n\n{first}\n\n{second}\n", encoding="utf-8")
    report = empty_library.import_paths([str(src)])
    (aid,) = report.imported
    body = empty_library.get(aid).body
    ann = empty_library.annotations
    ann.create(aid, start=body.index("cut their commute"), end=body.index("cut their commute") + 17, note="source?")
    ann.create(aid, start=body.index("new bridge"), end=body.index("new bridge") + 10)
    # The source is edited: the second paragraph is gone, so its highlight loses its passage.
    src.write_text(f"Bridge vote\n\n{first}\n", encoding="utf-8")
    assert empty_library.import_paths([str(src)]).updated == [aid]
    w = make_window(qtbot, empty_library, light_theme)
    w.side.select_id(aid)
    qtbot.waitUntil(lambda: w.marks.panel.model.rowCount() == 2)
    m = w.marks.panel.model
    top = m.index(0, 0)
    assert top.data(OrphanedRole) and top.data(AnnotationRole).quote == "cut their commute"
    assert top.data().startswith("⚠ Orphaned")
    assert not m.index(1, 0).data(OrphanedRole)
    assert "orphaned" in w.marks.panel.summary.text()
    # The anchored one is drawn; the orphan has no passage to draw.
    assert [(s.start, s.end) for s in w.view.highlights] == [(body.index("new bridge"), body.index("new bridge") + 10)]
    w.close()


def test_star_and_unread_filters_change_the_rows(qtbot, window, seeded_library):
    cnn, other = cnn_id(seeded_library), haaretz_id(seeded_library)
    window.side.select_id(cnn)
    window.view.browser.setFocus()
    qtbot.keyClick(window.view.browser, Qt.Key.Key_S)
    assert seeded_library.marks.get(cnn).starred
    assert window.actions_by_id["star"].isChecked()
    show = window.side.marks_filter.show_combo
    show.setCurrentIndex(show.findData("starred"))
    assert window.model.ids == [cnn]
    show.setCurrentIndex(show.findData(""))
    assert sorted(window.model.ids) == sorted([cnn, other])
    # U marks the open article read; the Unread filter leaves it out.
    qtbot.keyClick(window.view.browser, Qt.Key.Key_U)
    assert seeded_library.marks.get(cnn).read
    show.setCurrentIndex(show.findData("unread"))
    assert window.model.ids == [other]
    # The filters apply to search results too.
    window.side.search_box.setText("Assad")
    qtbot.waitUntil(lambda: window.search.idle and window.model.search_mode)
    assert window.model.ids == [other]


def test_unread_rows_are_bold_and_an_article_becomes_read_after_the_timer(qtbot, window, seeded_library):
    cnn, other = cnn_id(seeded_library), haaretz_id(seeded_library)
    model = window.model
    row = model.row_of(cnn)
    assert model.index(row).data(UnreadRole) is True
    delegate = window.side.delegate
    assert delegate._title_font(window.font(), model.index(row).data(UnreadRole)).bold()
    # Opened and switched away before the delay: still unread.
    window.marks.read_timer.setInterval(60_000)
    window.side.select_id(cnn)
    window.side.select_id(other)
    assert not seeded_library.marks.get(cnn).read
    # Left open for the delay: read, and the row is no longer bold.
    window.marks.read_timer.setInterval(150)
    window.side.select_id(cnn)
    qtbot.waitUntil(lambda: seeded_library.marks.get(cnn).read)
    assert not seeded_library.marks.get(other).read
    qtbot.waitUntil(lambda: model.index(model.row_of(cnn)).data(UnreadRole) is False)
    assert not delegate._title_font(window.font(), model.index(model.row_of(cnn)).data(UnreadRole)).bold()


def test_labels_and_collections_from_the_menu_filter_the_list(qtbot, window, seeded_library):
    cnn, other = cnn_id(seeded_library), haaretz_id(seeded_library)
    window.side.select_id(cnn)
    window.view.browser.setFocus()
    qtbot.keyClick(window.view.browser, Qt.Key.Key_L)
    dialog = window.marks.dialog
    dialog.edit.setText("syria, asylum")
    dialog.accept()
    assert seeded_library.marks.get(cnn).labels == ("asylum", "syria")
    window.actions_by_id["add_to_collection"].trigger()
    window.marks.dialog.combo.setCurrentText("Latin America file")
    window.marks.dialog.accept()
    window.side.select_id(other)
    window.actions_by_id["add_to_collection"].trigger()
    window.marks.dialog.combo.setCurrentText("Latin America file")
    window.marks.dialog.accept()
    mf = window.side.marks_filter
    assert mf.label_combo.findData("syria") > 0
    mf.label_combo.setCurrentIndex(mf.label_combo.findData("syria"))
    assert window.model.ids == [cnn]
    mf.label_combo.setCurrentIndex(0)
    mf.collection_combo.setCurrentIndex(mf.collection_combo.findData("Latin America file"))
    assert sorted(window.model.ids) == sorted([cnn, other])
    # Removing from the collection (menu) takes it out of the filtered list on the next reload.
    window.side.select_id(other)
    window.actions_by_id["remove_from_collection"].trigger()
    window.marks.dialog.accept()
    window.reload_list()
    assert window.model.ids == [cnn]


def test_the_library_view_filters_and_opens_an_article_at_the_passage(qtbot, window, seeded_library):
    cnn, other = cnn_id(seeded_library), haaretz_id(seeded_library)
    ann = seeded_library.annotations
    ann.create(cnn, quote=PHRASE, note="timeline")
    body = seeded_library.get(other).body
    quote = body[body.index("Venezuela") : body.index("Venezuela") + 9]
    ann.create(other, quote=quote, note="which city?")
    window.side.select_id(cnn)
    qtbot.keyClick(window.view.browser, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    browser = window.marks.browser
    assert browser is not None and window.marks.browser_dock.isVisible()
    assert browser.model.rowCount() == 2
    qtbot.keyClicks(browser.filter_box, "which")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1)
    qtbot.keyClick(browser.filter_box, Qt.Key.Key_Down)
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)
    assert window.view.article_id == other
    assert window.view.browser.textCursor().selectedText() == quote


@pytest.mark.parametrize("dark", [False, True])
def test_highlight_colours_follow_the_theme(qtbot, window, seeded_library, dark):
    aid = cnn_id(seeded_library)
    seeded_library.annotations.create(aid, quote=PHRASE, color="green")
    window.view.set_dark(dark)
    window.side.select_id(haaretz_id(seeded_library))
    window.side.select_id(aid)
    start = window.view.article.body.index(PHRASE)
    assert _background_at(window, start + 2) == highlight_color("green", dark).name()


def test_h_in_the_comment_thread_marks_the_current_comment(qtbot, window, seeded_library):
    aid = cnn_id(seeded_library)
    window.side.select_id(aid)
    thread = window.view.comments
    thread.tree.setFocus()
    qtbot.keyClick(thread.tree, Qt.Key.Key_J)
    comment = thread.current_comment()
    assert comment is not None
    qtbot.keyClick(thread.tree, Qt.Key.Key_H)
    (a,) = seeded_library.annotations.for_article(aid)
    n = [c for _d, c in window.view.article.iter_comments()].index(comment)
    assert (a.target, a.quote) == (f"comment:{n}", comment.text)
    assert thread.tree.marked == {id(comment): highlight_color("yellow")}
    assert "in a comment" in window.marks.panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    # Enter in the panel brings the thread back to that comment.
    qtbot.keyClick(thread.tree, Qt.Key.Key_J)
    assert thread.current_comment() is not comment
    window.marks.panel.list.setFocus()
    window.marks.panel.list.setCurrentIndex(window.marks.panel.model.index(0, 0))
    qtbot.keyClick(window.marks.panel.list, Qt.Key.Key_Return)
    assert thread.current_comment() is comment


def test_the_annotation_models_pass_the_model_tester(qtmodeltester, window, seeded_library):
    aid = cnn_id(seeded_library)
    seeded_library.annotations.create(aid, quote=PHRASE, note="n")
    window.side.select_id(haaretz_id(seeded_library))
    window.side.select_id(aid)
    qtmodeltester.check(window.marks.panel.model)
    window.marks.show_all_annotations()
    qtmodeltester.check(window.marks.browser.model)
    assert window.marks.browser.count_label.text() == "1 annotation"


def test_the_all_annotations_dock_comes_back_open_and_filled(qtbot, seeded_library, light_theme):
    # Left open at the last close, the All Annotations dock came back as an empty grey pane:
    # no filter box, no list, no count (its view was built only by the menu command).
    aid = cnn_id(seeded_library)
    seeded_library.annotations.create(aid, quote=PHRASE, note="check the date")
    first = make_window(qtbot, seeded_library, light_theme)
    first.marks.show_all_annotations()
    first.close()

    second = make_window(qtbot, seeded_library, light_theme, size=None)
    try:
        assert second.marks.browser_dock.isVisible()
        browser = second.marks.browser
        assert browser is not None and browser.isVisible() and browser.filter_box.isVisible()
        assert browser.model.rowCount() == 1 and "1 annotation" in browser.count_label.text()
    finally:
        second.close()
