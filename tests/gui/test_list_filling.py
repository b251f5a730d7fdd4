"""A big library's window lists its first rows and the article it had open before all the ids are
read; the rest goes in without moving the selection or the scroll (``reader.gui.list_filling``)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.gui import list_filling
from reader.gui.settings import WindowState

from .conftest import make_window

N = 40


@pytest.fixture
def held_library(tmp_path: Path, empty_library, monkeypatch):
    """A library of N notes that counts as big, whose full id read waits for ``release``."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(N):
        (folder / f"n{i:03d}.txt").write_text(f"Harbour note {i}\n\nThe harbour master wrote note {i}.\n", encoding="utf-8")
    assert len(empty_library.import_paths([str(folder)]).imported) == N
    monkeypatch.setattr(list_filling, "FILL_FROM", 1)
    monkeypatch.setattr(list_filling, "FIRST_ROWS", 3)
    release = threading.Event()
    read_all = list_filling.read_all

    def held(*args):
        release.wait(20)
        return read_all(*args)

    monkeypatch.setattr(list_filling, "read_all", held)
    yield empty_library, release
    release.set()


def test_first_rows_and_the_last_article_are_shown_while_the_rest_is_read(qtbot, held_library, light_theme):
    lib, release = held_library
    whole = list(lib.article_ids())
    state = WindowState(lib.root)
    state.set_last_article(whole[20])
    state.sync()
    w = make_window(qtbot, lib, light_theme)
    model, view = w.model, w.side.list_view
    assert w.filler.filling and model.filling
    assert model.rowCount() == N and f"{N} articles" in w.side.count_label.text()
    assert [model.id_at(r) for r in range(3)] == whole[:3]
    assert model.data(model.index(0)) == lib.rows([whole[0]])[0].title
    assert model.id_at(10) is None and model.data(model.index(10)) is None  # not read yet: blank,
    assert not model.flags(model.index(10)) & Qt.ItemFlag.ItemIsSelectable  # and passed over
    assert w.view.article_id == whole[20] and view.currentIndex().row() == 20

    qtbot.keyClick(view, Qt.Key.Key_Down)  # keys work at once, in the list's real order
    assert w.view.article_id == whole[21]
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert w.view.article_id == whole[22] and view.currentIndex().row() == 22
    scroll = view.verticalScrollBar().value()
    assert scroll > 0

    release.set()
    qtbot.waitUntil(lambda: not model.filling, timeout=10000)
    assert not w.filler.filling
    assert model.ids == whole and w._all_ids == whole
    assert [model.id_at(r) for r in range(N)] == whole
    assert model.data(model.index(10)) == lib.rows([whole[10]])[0].title
    assert w.view.article_id == whole[22] and view.currentIndex().row() == 22  # the selection stays,
    assert view.verticalScrollBar().value() == scroll  # and so does the scroll
    assert model.row_of(whole[35]) == 35
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert w.view.article_id == whole[23]
    w.close()


def test_a_new_sort_while_the_rest_is_read_is_kept(qtbot, held_library, light_theme):
    lib, release = held_library
    w = make_window(qtbot, lib, light_theme)
    assert w.model.filling and w.view.article_id == list(lib.article_ids())[0]
    w.side.set_sort("title", False)  # the whole list in the new order, read at once
    by_title = list(lib.article_ids(sort="title", descending=False))
    assert not w.model.filling and w.model.ids == by_title
    release.set()
    qtbot.waitUntil(lambda: w.filler._first is None, timeout=10000)  # (the late answer was handled)
    assert w.model.ids == by_title and w._all_ids == by_title  # the late whole list by date is dropped
    w.close()


def test_a_search_that_came_and_went_meanwhile_gets_the_whole_list_after(qtbot, held_library, light_theme):
    lib, release = held_library
    whole = list(lib.article_ids())
    w = make_window(qtbot, lib, light_theme)
    with qtbot.waitSignal(w.search.resultsReady):
        w.side.search_box.setText("harbour")
    qtbot.waitUntil(lambda: w.search.idle and not w.model.filling)
    hit = w.model.id_at(5)
    assert w.side.select_row(5) and w.view.article_id == hit
    w.side.search_box.clear()  # back to the list, still being read
    qtbot.waitUntil(lambda: not w.search.active and w.model.rowCount() == N)
    assert w.view.article_id == hit and w.model.id_at(1) == whole[1] and w.model.id_at(10) is None
    release.set()
    qtbot.waitUntil(lambda: w.filler._first is None, timeout=10000)
    qtbot.waitUntil(lambda: w.model.ids == whole, timeout=10000)
    assert w.view.article_id == hit and w.side.list_view.currentIndex().row() == whole.index(hit)
    assert w.model.row_of(whole[30]) == 30
    w.close()


def test_the_rest_and_the_site_counts_are_read_once_the_list_is_painted(qtbot, held_library, light_theme):
    from reader.gui.mainwindow import MainWindow

    lib, release = held_library
    release.set()
    w = MainWindow(lib, theme=light_theme, background_check=False)
    qtbot.addWidget(w)
    assert w.model.filling and w.view.article_id == list(lib.article_ids())[0]
    assert w.pool.active() == 0  # nothing on the pool before the window is painted
    with qtbot.waitSignal(w.filtersLoaded, timeout=10000):
        w.show()
        qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w.model.filling, timeout=10000)
    assert w.model.ids == list(lib.article_ids())
    w.close()
