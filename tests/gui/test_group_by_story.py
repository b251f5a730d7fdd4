"""View > Group Articles by Story, in the real window: the article list brings each story's
articles together under a heading row (issue 14, "the article list can group by story")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.gui.models.article_list import GroupRole, MetaRole
from tests.gui.conftest import make_window
from tests.stories.fixtures import ARTICLES, write_articles

RHINE = {ARTICLES[n]["title"] for n in ("original.json", "repost.json", "rewrite.json")}
TESLA = ARTICLES["other.json"]["title"]
BRIDGE = "Riverton opens its new harbour bridge after six years of work"
ASSAD = "Is Assad seeking asylum?"
REPOST = "Assad seeking political asylum in Latin America if forced to flee Syria"


@pytest.fixture
def story_library(tmp_path: Path):
    """Seven articles: the Rhine story told three ways, the seed story told twice, two alone."""
    from reader.library import Library
    from reader.paths import sample_library_files

    lib = Library.open(tmp_path / "lib", create=True)
    files = [str(p) for p in sample_library_files()]
    files.append(str(Path(__file__).parent / "story_fixtures" / "bridge.txt"))
    files += [str(p) for p in write_articles(tmp_path / "in").values()]
    assert len(lib.import_paths(files).imported) == 7
    yield lib
    lib.close()


def shown(window) -> list[str]:
    """The list as the user reads it: "# headline | meta" for a story heading, else the title."""
    m = window.model
    out = []
    for r in range(m.rowCount()):
        idx = m.index(r)
        out.append(f"# {idx.data()} | {idx.data(MetaRole)}" if idx.data(GroupRole) == 1 else idx.data())
    return out


def current_title(window) -> str:
    return window.model.index(window.side.list_view.currentIndex().row()).data()


def test_group_by_story_shows_headings_keeps_selection_search_and_filters(qtbot, qtmodeltester, story_library,
                                                                          light_theme):
    from reader.gui.settings import load_preferences

    w = make_window(qtbot, story_library, light_theme)
    try:
        assert not w.actions_by_id["group_by_story"].isChecked()
        assert len(shown(w)) == 7 and not any(t.startswith("# ") for t in shown(w))
        w.side.select_id(next(a for a in w.model.ids if w.library.get(a).title == TESLA))
        qtbot.waitUntil(lambda: w.view.article is not None and w.view.article.title == TESLA)

        # Ctrl+Shift+R: newest first, each story where its newest article was, under a heading.
        qtbot.keyClick(w.side.list_view, Qt.Key.Key_R,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert w.actions_by_id["group_by_story"].isChecked()
        rows = shown(w)
        assert len(rows) == 9, rows
        assert rows[0].startswith("# ") and rows[0][2:].split(" | ")[0] in RHINE
        assert "3 articles" in rows[0] and "Dec 2017" in rows[0]
        assert rows[1:4] == [ARTICLES[n]["title"] for n in ("repost.json", "rewrite.json", "original.json")]
        assert rows[4:6] == [TESLA, BRIDGE]  # alone in their story: no heading, still in date order
        assert rows[6].startswith(f"# {ASSAD} | 2 articles")
        assert set(rows[7:]) == {ASSAD, REPOST}
        assert [w.model.index(r).data(GroupRole) for r in (1, 4, 7)] == [2, 0, 2]  # indented members
        assert current_title(w) == TESLA and w.view.article.title == TESLA  # the selection stayed
        qtmodeltester.check(w.model)

        # The keys pass over a heading: Down from the bridge goes to the first seed article, J as well.
        w.side.list_view.setFocus()
        qtbot.keyClick(w.side.list_view, Qt.Key.Key_Down)
        assert current_title(w) == BRIDGE
        qtbot.keyClick(w.side.list_view, Qt.Key.Key_Down)
        assert w.side.list_view.currentIndex().row() == 7
        qtbot.waitUntil(lambda: w.view.article_id == w.model.id_at(7))
        qtbot.keyClick(w.side.list_view, Qt.Key.Key_K)
        assert current_title(w) == BRIDGE
        w.side.select_row(0)  # a heading: its first article is chosen
        assert w.side.list_view.currentIndex().row() == 1
        qtbot.keyClick(w.side.list_view, Qt.Key.Key_Up)
        qtbot.keyClick(w.side.list_view, Qt.Key.Key_K)
        assert w.side.list_view.currentIndex().row() == 1  # the heading above is never current

        # A search groups its hits the same way.
        with qtbot.waitSignal(w.search.resultsReady):
            qtbot.keyClicks(w.side.search_box, "Duisburg")
        rows = shown(w)
        assert rows[0].startswith("# ") and "3 articles" in rows[0] and set(rows[1:]) == RHINE
        with qtbot.waitSignal(w.search.cleared):
            w.side.search_box.clear()
        assert len(shown(w)) == 9

        # A site filter leaving one article of a story shows it without a heading ("2 of 3" otherwise).
        site = next(i for i in range(w.side.site_combo.count()) if "rhine-daily" in (w.side.site_combo.itemData(i) or ""))
        w.side.site_combo.setCurrentIndex(site)
        assert sorted(shown(w)) == sorted([ARTICLES["original.json"]["title"], TESLA])
        w.side.site_combo.setCurrentIndex(0)

        # Remembered like the other view settings; switching it off lists the articles one by one.
        assert load_preferences().group_by_story
        w.actions_by_id["group_by_story"].trigger()
        assert len(shown(w)) == 7 and not load_preferences().group_by_story
        w.actions_by_id["group_by_story"].trigger()
    finally:
        w.close()
    w2 = make_window(qtbot, story_library, light_theme)
    try:
        assert w2.actions_by_id["group_by_story"].isChecked() and len(shown(w2)) == 9
    finally:
        w2.close()


def test_more_search_hits_join_their_story_and_keep_the_selection(qtbot, qtmodeltester, story_library):
    """Hits fetched a page at a time: a later hit of a story already listed goes under its heading."""
    from PySide6.QtWidgets import QTableView

    from reader.gui.models.article_list import ArticleListModel

    lib = story_library
    by_title = {r.title: r.id for r in lib.rows(lib.article_ids())}
    repost, rewrite, original = (by_title[ARTICLES[n]["title"]] for n in ("repost.json", "rewrite.json", "original.json"))
    tesla, bridge = by_title[TESLA], by_title[BRIDGE]
    model = ArticleListModel(lib)
    model.set_group_by_story(True)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.set_ids([repost, tesla], {repost: "", tesla: ""}, total=5)
    assert model.rowCount() == 2 and model.index(0).data(GroupRole) == 0  # one Rhine article: no heading yet
    view.selectionModel().setCurrentIndex(model.index(1), view.selectionModel().SelectionFlag.ClearAndSelect)
    assert model.canFetchMore()

    model.append_hits([rewrite, bridge, original], {})
    titles = [model.index(r).data() for r in range(model.rowCount())]
    assert model.index(0).data(GroupRole) == 1 and "3 articles" in model.index(0).data(MetaRole)
    assert [model.id_at(r) for r in range(1, 6)] == [repost, rewrite, original, tesla, bridge], titles
    assert model.id_at(view.currentIndex().row()) == tesla  # the selection followed its article
    assert model.ids == [repost, tesla, rewrite, bridge, original] and not model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
