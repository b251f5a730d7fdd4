"""The Speakers view over a real library: filter, choose, grouped quotes, links back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.gui.widgets.speakers_view import REWORDED, ArticleIdRole, QuoteIndexRole, SpeakersView

ARTICLES = {
    "bridge-monday.txt": (
        "Mayor promises new bridge by winter\n\n"
        "The old bridge closed in March.\n\n"
        '"We want to get the bridge open before winter so that the whole town can move on," '
        "Mayor Jane Porter said on Monday.\n\n"
        '"It will cost less than the last one," Porter added.\n'
    ),
    "bridge-tuesday.txt": (
        "Porter: bridge open before winter\n\n"
        '"We want to get the bridge open before winter," Jane Porter told reporters.\n\n'
        '"The design is finished," said Tom Reyes, the city engineer.\n'
    ),
    "bridge-weekly.txt": (
        "A town waits for its bridge\n\n"
        '"We wanted to get the bridge open before winter so that the whole town could move on," '
        "said Jane Porter.\n"
    ),
}


@pytest.fixture
def library(tmp_path: Path):
    from reader.library import Library

    src = tmp_path / "src"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    lib = Library.open(tmp_path / "lib", create=True)
    report = lib.import_paths(sorted(str(p) for p in src.iterdir()))
    assert len(report.imported) == 3, report
    yield lib
    lib.close()


@pytest.fixture
def view(qtbot, library) -> SpeakersView:
    w = SpeakersView(library)
    qtbot.addWidget(w)
    w.resize(900, 500)
    w.show()
    qtbot.waitExposed(w)
    return w


def ids_by_title(library) -> dict[str, int]:
    return {r.title: r.id for r in library.rows(library.article_ids())}


def test_speakers_listed_with_quote_and_article_counts(view):
    rows = {}
    for r in range(view.proxy.rowCount()):
        rows[view.proxy.index(r, 0).data()] = (view.proxy.index(r, 1).data(), view.proxy.index(r, 2).data())
    assert rows == {"Jane Porter": ("4", "3"), "Tom Reyes": ("1", "1")}
    assert view.visible_speakers()[0] == "Jane Porter"  # most quoted first


def test_the_counts_fit_in_the_speaker_list(qtbot, seeded_library, light_theme):
    # F8 in the window: three default-width columns ran past the speaker list's edge, the
    # Articles count behind a horizontal scroll bar. Both counts are on screen now, the name
    # column takes what is left, and the list gets a third of the dock.
    from .conftest import make_window

    w = make_window(qtbot, seeded_library, light_theme)
    qtbot.keyClick(w.side.list_view, Qt.Key.Key_F8)
    view = w.speakers_view
    assert view is not None and view.isVisible()
    tree, header = view.speakers, view.speakers.header()
    assert not tree.horizontalScrollBar().isVisible()
    assert header.sectionViewportPosition(2) + header.sectionSize(2) <= tree.viewport().width()
    assert header.sectionSize(0) >= tree.fontMetrics().horizontalAdvance("Andrew Tabler")
    left, quotes = view.splitter.sizes()
    assert 0.25 * (left + quotes) <= left < quotes
    w.close()


def test_typing_filters_the_speaker_list(qtbot, view):
    view.filter.setFocus()
    qtbot.keyClicks(view.filter, "rey")
    assert view.visible_speakers() == ["Tom Reyes"]
    view.filter.clear()
    assert sorted(view.visible_speakers()) == ["Jane Porter", "Tom Reyes"]


def test_choosing_a_speaker_lists_their_quotes_grouped_across_articles(qtbot, view, library):
    view.filter.setFocus()
    qtbot.keyClicks(view.filter, "porter")
    qtbot.keyClick(view.filter, Qt.Key.Key_Down)  # into the list, first row chosen
    assert view.speaker() == "Jane Porter"
    m = view.quote_model
    assert m.rowCount() == 2
    top = m.index(0, 0)
    assert "before winter" in top.data()
    assert m.rowCount(top) == 3  # one row per article quoting it
    where = m.index(0, 1).data()
    assert "in 3 articles" in where and REWORDED in where
    assert "“wanted”" in top.data(Qt.ItemDataRole.ToolTipRole) or "wanted" in top.data(Qt.ItemDataRole.ToolTipRole)
    single = m.index(1, 0)
    assert "cost less" in single.data() and m.rowCount(single) == 0
    assert "Jane Porter — 4 quotes in 3 articles" in view.heading.text()


def test_activating_a_quote_requests_its_article_and_quote_index(qtbot, view, library):
    assert view.show_speaker("Jane Porter")
    ids = ids_by_title(library)
    m = view.quote_model
    top = m.index(0, 0)
    child_titles = {m.index(r, 0, top).data(): m.index(r, 0, top) for r in range(m.rowCount(top))}
    weekly = child_titles["A town waits for its bridge"]
    view.quotes.scrollTo(weekly)
    rect = view.quotes.visualRect(weekly)
    with qtbot.waitSignal(view.articleRequested) as sig:
        qtbot.mouseClick(view.quotes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [ids["A town waits for its bridge"], 0]
    # Enter on the single "cost less" quote: the Monday article, its second quote.
    view.quotes.setFocus()
    view.quotes.setCurrentIndex(m.index(1, 0))
    with qtbot.waitSignal(view.articleRequested) as sig:
        qtbot.keyClick(view.quotes, Qt.Key.Key_Return)
    assert sig.args == [ids["Mayor promises new bridge by winter"], 1]
    article = library.get(sig.args[0])
    assert "cost less" in article.quotes[sig.args[1]].text


def test_enter_on_a_speaker_moves_to_their_quotes(qtbot, view):
    view.speakers.setFocus()
    tom = next(view.proxy.index(r, 0) for r in range(view.proxy.rowCount()) if view.proxy.index(r, 0).data() == "Tom Reyes")
    view.speakers.setCurrentIndex(tom)
    qtbot.keyClick(view.speakers, Qt.Key.Key_Return)
    assert view.speaker() == "Tom Reyes"
    assert view.quotes.hasFocus()
    cur = view.quotes.currentIndex()
    assert "design is finished" in cur.data() and cur.data(ArticleIdRole) is not None
    assert cur.data(QuoteIndexRole) == 1


def test_refresh_after_import_keeps_the_choice_and_adds_speakers(view, library, tmp_path):
    assert view.show_speaker("Tom Reyes")
    extra = tmp_path / "extra.txt"
    extra.write_text('Council votes\n\n"The vote was close," said Ann Lee.\n', encoding="utf-8")
    library.import_paths([str(extra)])
    view.refresh()
    assert "Ann Lee" in view.visible_speakers()
    assert view.speaker() == "Tom Reyes"


def test_empty_library_says_so(qtbot, tmp_path):
    from reader.library import Library

    lib = Library.open(tmp_path / "empty", create=True)
    try:
        w = SpeakersView(lib)
        qtbot.addWidget(w)
        assert w.proxy.rowCount() == 0
        assert "No speakers yet" in w.heading.text()
        assert not w.show_speaker("Nobody")
    finally:
        lib.close()


def test_bare_surname_from_another_outlet_is_listed_under_the_full_name(qtbot, view, library, tmp_path):
    extra = tmp_path / "porter-only.txt"
    extra.write_text('Bridge delayed again\n\n"Winter is still the aim," Porter said.\n', encoding="utf-8")
    library.import_paths([str(extra)])
    assert "Porter" in {r.name for r in library.speakers()}
    view.refresh()
    assert "Porter" not in view.visible_speakers()
    assert view.show_speaker("Jane Porter")
    texts = [view.quote_model.index(r, 0).data() for r in range(view.quote_model.rowCount())]
    assert any("Winter is still the aim" in t for t in texts)
    assert "5 quotes in 4 articles" in view.heading.text()


def test_models_pass_the_model_tester(qtmodeltester, view):
    qtmodeltester.check(view.proxy)
    assert view.show_speaker("Jane Porter")
    qtmodeltester.check(view.quote_model)
