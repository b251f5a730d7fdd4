"""The comment thread view: folding by keyboard, hidden-reply counts, folded spam, remembered state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.gui.models.comment_tree import CommentTreeModel, FoldedRole
from reader.gui.widgets.comment_thread import CommentStateStore, CommentThreadView
from reader.model import Comment


def thread() -> list[Comment]:
    """ZacUSA; Smokey with 3 replies in all (two deep); two spam comments; Raju."""
    return [
        Comment("ofertas ultima hora en cruceros", "2013-04-18T07:49", "Great job!", spam=True,
                spam_reasons=["commercial words in the author name (cruceros, ofertas)"]),
        Comment("ZacUSA", "2012-12-11T10:21", "This is a note for the people who run the government."),
        Comment(
            "Smokey",
            "2012-12-09T20:08",
            "Assad is following the Najibullah doctrine.",
            replies=[
                Comment("Frankie ground", "2012-12-09T21:00", "He will hold on longer than most expect.",
                        replies=[Comment("Smokey", "2012-12-09T22:00", "We will see.")]),
                Comment("Raju das", None, "Agreed, <b>completely</b>."),
            ],
        ),
        Comment("ofertas de cruceros por el norte de europa", "2013-02-26T14:31", "I've joined your rss feed.",
                spam=True, spam_reasons=["generic praise that does not mention the article"]),
        Comment("Raju das", "2012-12-08T13:02", "Americans, British and French who support the rebels."),
    ]


@pytest.fixture
def store(tmp_path: Path) -> CommentStateStore:
    return CommentStateStore(tmp_path / "comment_state.json")


@pytest.fixture
def view(qtbot, store) -> CommentThreadView:
    w = CommentThreadView(state_store=store)
    qtbot.addWidget(w)
    w.resize(600, 500)
    w.show()
    qtbot.waitExposed(w)
    return w


def row_of(model: CommentTreeModel, author: str, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        if model.data(idx, Qt.ItemDataRole.DisplayRole).startswith(author):
            return idx
    raise AssertionError(f"{author} not shown")


def author_of(display: str) -> str:
    return display.split("\n")[0].split(" ·")[0].split(" —")[0]


def visible_authors(view: CommentThreadView) -> list[str]:
    out = []
    idx = view.model.index(0, 0)
    while idx.isValid():
        out.append(author_of(view.model.data(idx, Qt.ItemDataRole.DisplayRole)))
        idx = view.tree.indexBelow(idx)
    return out


def test_model_passes_qt_model_tester(qtmodeltester):
    model = CommentTreeModel()
    model.set_comments(thread())
    qtmodeltester.check(model, force_py=True)
    model.set_show_spam(True)
    qtmodeltester.check(model, force_py=True)


def test_heading_counts_saved_of_announced(view):
    view.set_article(1, thread(), 176)
    assert view.heading.text() == "8 of 176 comments saved"
    view.set_article(2, thread()[1:2], None)
    assert view.heading.text() == "1 comment"


def test_spam_is_folded_by_default_and_shown_on_request(view, qtbot):
    view.set_article(1, thread(), 176)
    assert view.spam_button.isVisible()
    assert view.spam_button.text() == "2 spam comments hidden — show"
    assert [view.model.data(view.model.index(r, 0)).split(" ·")[0] for r in range(view.model.rowCount())] == [
        "ZacUSA",
        "Smokey",
        "Raju das",
    ]
    qtbot.mouseClick(view.spam_button, Qt.MouseButton.LeftButton)
    assert view.spam_button.text() == "2 spam comments shown — hide"
    assert view.model.rowCount() == 5
    assert view.model.data(view.model.index(0, 0)).startswith("[spam] ofertas ultima hora en cruceros")
    assert "commercial words" in view.model.data(view.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_S)
    assert view.model.rowCount() == 3  # folded again, never deleted
    assert view.spam_button.text() == "2 spam comments hidden — show"


def test_fold_and_unfold_a_subtree_by_keyboard(view, qtbot):
    view.set_article(1, thread(), 176)
    smokey = row_of(view.model, "Smokey")
    view.tree.setFocus()
    view.tree.setCurrentIndex(smokey)
    assert visible_authors(view) == ["ZacUSA", "Smokey", "Frankie ground", "Smokey", "Raju das", "Raju das"]

    qtbot.keyClick(view.tree, Qt.Key.Key_Left)
    assert view.model.data(smokey) == "Smokey — 3 hidden replies"
    assert view.model.data(smokey, FoldedRole) is True
    assert not view.tree.isExpanded(smokey)
    assert visible_authors(view) == ["ZacUSA", "Smokey", "Raju das"]

    qtbot.keyClick(view.tree, Qt.Key.Key_Right)
    assert view.model.data(smokey).startswith("Smokey · 9 Dec 2012, 20:08\nAssad is following")
    assert visible_authors(view) == ["ZacUSA", "Smokey", "Frankie ground", "Smokey", "Raju das", "Raju das"]

    # fold a nested subtree, then everything, then unfold everything
    frankie = row_of(view.model, "Frankie ground", smokey)
    view.tree.setCurrentIndex(frankie)
    qtbot.keyClick(view.tree, Qt.Key.Key_Space)
    assert view.model.data(frankie) == "Frankie ground — 1 hidden reply"
    qtbot.keyClick(view.tree, Qt.Key.Key_Minus)
    assert visible_authors(view) == ["ZacUSA", "Smokey", "Raju das"]
    assert view.model.data(row_of(view.model, "ZacUSA")) == "ZacUSA — comment folded"
    qtbot.keyClick(view.tree, Qt.Key.Key_Plus)
    assert visible_authors(view) == ["ZacUSA", "Smokey", "Frankie ground", "Smokey", "Raju das", "Raju das"]


def test_keyboard_moves_between_comments_and_threads(view, qtbot):
    view.set_article(1, thread(), 176)
    view.tree.setFocus()
    view.tree.setCurrentIndex(view.model.index(0, 0))

    def current() -> str:
        return author_of(view.model.data(view.tree.currentIndex()))

    qtbot.keyClick(view.tree, Qt.Key.Key_J)
    qtbot.keyClick(view.tree, Qt.Key.Key_J)
    assert current() == "Frankie ground"
    qtbot.keyClick(view.tree, Qt.Key.Key_K)
    assert current() == "Smokey"
    qtbot.keyClick(view.tree, Qt.Key.Key_J)
    qtbot.keyClick(view.tree, Qt.Key.Key_BracketRight)  # next top-level from inside Smokey's thread
    assert current() == "Raju das" and not view.tree.currentIndex().parent().isValid()
    qtbot.keyClick(view.tree, Qt.Key.Key_BracketLeft)
    assert current() == "Smokey"
    view.next_comment()  # what the Go menu's N calls
    assert current() == "Frankie ground"
    view.previous_comment()
    assert current() == "Smokey"


def test_folds_are_remembered_per_article(qtbot, view, store):
    view.set_article(1, thread(), 176)
    smokey = row_of(view.model, "Smokey")
    view.tree.setFocus()
    view.tree.setCurrentIndex(smokey)
    qtbot.keyClick(view.tree, Qt.Key.Key_Left)
    view.set_show_spam(True)

    view.set_article(2, thread(), None)  # another article: its own (default) state
    assert not view.model.is_folded(row_of(view.model, "Smokey"))
    assert not view.model.show_spam

    view.set_article(1, thread(), 176)
    assert view.model.data(row_of(view.model, "Smokey")) == "Smokey — 3 hidden replies"
    assert view.model.show_spam

    again = CommentThreadView(state_store=CommentStateStore(store.path))  # a new session
    qtbot.addWidget(again)
    again.set_article(1, thread(), 176)
    assert again.model.data(row_of(again.model, "Smokey")) == "Smokey — 3 hidden replies"


def test_section_folds_as_a_whole_and_is_remembered(qtbot, view):
    view.set_article(1, thread(), 176)
    assert view.tree.isVisible()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.section_collapsed() and not view.tree.isVisible() and not view.spam_button.isVisible()
    assert view.heading.text() == "8 of 176 comments saved"
    view.set_article(2, thread(), None)
    assert view.tree.isVisible()
    view.set_article(1, thread(), 176)
    assert view.section_collapsed()
    qtbot.mouseClick(view.heading, Qt.MouseButton.LeftButton)
    assert view.tree.isVisible()


def test_preferences_decide_how_a_new_article_starts(qtbot, store):
    w = CommentThreadView(start_collapsed=True, state_store=store)
    qtbot.addWidget(w)
    w.show()
    w.set_article(5, thread(), None)
    assert [w.model.data(w.model.index(r, 0)) for r in range(w.model.rowCount())] == [
        "ZacUSA — comment folded",
        "Smokey — 3 hidden replies",
        "Raju das — comment folded",
    ]
    w.set_start_collapsed(False)
    w.set_section_start_collapsed(True)
    w.set_article(6, thread(), None)
    assert w.section_collapsed()
    assert not any(w.model.is_folded(w.model.index(r, 0)) for r in range(w.model.rowCount()))


def test_comment_text_is_plain_text(view):
    view.set_article(1, thread(), None)
    raju = row_of(view.model, "Raju das", row_of(view.model, "Smokey"))
    assert view.model.data(raju).endswith("Agreed, <b>completely</b>.")


def test_unreadable_state_file_is_ignored(qtbot, tmp_path):
    path = tmp_path / "comment_state.json"
    path.write_text("{not json", encoding="utf-8")
    w = CommentThreadView(state_store=CommentStateStore(path))
    qtbot.addWidget(w)
    w.set_article(1, thread(), None)
    assert w.model.rowCount() == 3
    w.collapse_all()
    assert CommentStateStore(path).get(1)["folded"] == ["1", "2", "4"]


def test_folding_a_long_thread_many_times_does_not_exhaust_true(qtbot, view):
    """PySide6 6.12.0 on Python 3.11 drops a reference to True per signal emit; the view must survive."""
    import sys

    comments = [Comment(f"u{i}", None, "text", replies=[Comment("r", None, "reply")]) for i in range(300)]
    view.set_article(1, comments, None)
    for _ in range(10):
        view.collapse_all()
        view.expand_all()
    assert sys.getrefcount(True) > 1000
    assert view.model.rowCount() == 300


def test_in_a_narrow_pane_the_spam_bar_shortens_and_the_heading_stays_whole(view, qtbot):
    view.set_article(1, thread(), 176)
    view.resize(360, 400)
    qtbot.waitUntil(lambda: view.width() == 360)
    assert view.spam_button.text() == "2 spam — show"
    assert view.heading.width() >= view.heading.sizeHint().width()  # "8 of 176 comments saved", not elided
    assert view.spam_button.geometry().right() <= view.width()
    qtbot.mouseClick(view.spam_button, Qt.MouseButton.LeftButton)
    assert view.spam_button.text() == "2 spam — hide"
    view.resize(600, 400)
    qtbot.waitUntil(lambda: view.width() == 600)
    assert view.spam_button.text() == "2 spam comments shown — hide"


def test_tab_reaches_the_comments_and_their_buttons_both_ways(qtbot, window, seeded_library):
    # From the article text Tab went straight past the comment heading and the "spam — show"
    # button (only Shift+Tab reached them). Both ways reach the list and both buttons now.
    from PySide6.QtWidgets import QApplication

    from .conftest import cnn_id

    window.side.select_id(cnn_id(seeded_library))
    thread = window.view.comments
    assert thread.spam_button.isVisible()
    window.focus_text()
    forward = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        forward.append(QApplication.focusWidget())
    assert forward == [thread.tree, thread.heading, thread.spam_button]
    back = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        back.append(QApplication.focusWidget())
    assert back == [thread.heading, thread.tree, window.view.browser]
    # With the section folded, Tab stayed on the article text for good (the thread handed the
    # focus to its hidden list); the heading is the next stop now, then the Quotes panel.
    thread.heading.click()
    assert not thread.tree.isVisible()
    window.focus_text()
    qtbot.keyClick(window.view.browser, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is thread.heading
    qtbot.keyClick(thread.heading, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.quotes_panel.tree
    thread.heading.click()  # unfolded again: the same order as before
    window.focus_text()
    qtbot.keyClick(window.view.browser, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is thread.heading
