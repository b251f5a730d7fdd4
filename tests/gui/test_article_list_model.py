"""The article list model: Qt's model checks, lazy pages, labels a reader sees."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.gui.models import article_list
from reader.gui.models.article_list import (
    HEADING,
    MEMBER,
    ArticleListModel,
    CommentsRole,
    GroupRole,
    IdRole,
    MetaRole,
    RowLook,
    SnippetRole,
    StarredRole,
    UnreadRole,
    comments_label,
    date_label,
)


class _CountingLibrary:
    """A real library wrapped to count how many rows the model asks for."""

    def __init__(self, library) -> None:
        self.library = library
        self.requested = 0

    def rows(self, ids):
        self.requested += len(ids)
        return self.library.rows(ids)

    def __getattr__(self, name):  # marks, story rows: straight to the library
        return getattr(self.library, name)


def test_model_passes_qt_model_checks(qtmodeltester, seeded_library):
    model = ArticleListModel(seeded_library)
    model.set_ids(seeded_library.article_ids())
    qtmodeltester.check(model, force_py=True)


def test_search_mode_passes_qt_model_checks_and_carries_snippets(qtmodeltester, seeded_library):
    results = seeded_library.search("asylum")
    model = ArticleListModel(seeded_library)
    model.set_ids([h.id for h in results.hits], {h.id: h.snippet for h in results.hits})
    qtmodeltester.check(model, force_py=True)
    assert model.search_mode
    assert model.rowCount() == 2
    assert all('<b class="match">' in model.index(r).data(SnippetRole) for r in range(2))


def test_rows_are_fetched_lazily_in_pages(seeded_library):
    counting = _CountingLibrary(seeded_library)
    model = ArticleListModel(counting)  # type: ignore[arg-type]
    real = seeded_library.article_ids()
    # A long list of ids that repeats the real ones: only the pages looked at are fetched.
    ids = (real * 5000)[:10000]
    model.set_ids(ids)
    assert counting.requested == 0
    model.index(0).data()
    model.index(5).data(MetaRole)
    assert counting.requested == article_list.PAGE
    model.index(9999).data()
    assert counting.requested == 2 * article_list.PAGE


def test_labels_a_reader_sees(seeded_library):
    model = ArticleListModel(seeded_library)
    model.set_ids(seeded_library.article_ids(sort="title", descending=False))
    titles = [model.index(r).data() for r in range(model.rowCount())]
    assert titles[0].startswith("Assad seeking political asylum")
    cnn = model.index(1)
    assert cnn.data(IdRole) == seeded_library.article_ids(sort="title", descending=False)[1]
    assert cnn.data(CommentsRole) == "6 of 176 comments"
    assert "5 Dec 2012" in cnn.data(MetaRole)
    assert "Is Assad seeking asylum?" in cnn.data(Qt.ItemDataRole.ToolTipRole)


def test_label_helpers():
    assert comments_label(0, None) == ""
    assert comments_label(1, None) == "1 comment"
    assert comments_label(12, 12) == "12 comments"
    assert comments_label(6, 176) == "6 of 176 comments"
    assert date_label("2012-12-05T19:15:00-05:00") == "5 Dec 2012"
    assert date_label(None) == ""
    assert date_label("sometime") == "sometime"


def test_a_closed_library_leaves_blank_rows_and_an_ungrouped_list(seeded_library):
    """Painting after the library went away (closed, files removed) shows blank rows, never a crash."""
    model = ArticleListModel(seeded_library)
    ids = seeded_library.article_ids()
    model.set_group_by_story(True)
    model.set_ids(ids)
    assert model.rowCount() == len(ids) + 1  # the seeds are one story: a heading and its two articles
    seeded_library.close()
    model.refresh_rows()
    model.refresh_marks(ids)
    shown = [model.index(r).data() for r in range(model.rowCount())]
    assert shown == ["(untitled story)", "(article missing)", "(article missing)"]
    model.set_ids(ids)  # the story map can't be read: the articles are listed plainly
    assert [model.index(r).data() for r in range(model.rowCount())] == ["(article missing)"] * len(ids)


def _look_by_roles(model: ArticleListModel, row: int) -> RowLook:
    index = model.index(row)
    if index.data(GroupRole) == HEADING:
        return RowLook(HEADING, "", "", "", False, False)
    return RowLook(index.data(GroupRole), index.data(), index.data(MetaRole) or "", index.data(SnippetRole),
                   bool(index.data(UnreadRole)), bool(index.data(StarredRole)))


def test_the_painted_look_of_a_row_is_what_its_roles_say(seeded_library):
    """The delegate reads a row in one call (row_look): the same title, line, snippet and marks as data()."""
    ids = seeded_library.article_ids()
    seeded_library.marks.set_starred(ids[:1])
    seeded_library.marks.set_read(ids[1:])
    seeded_library.marks.add_labels(ids[1], ["follow up"])
    results = seeded_library.search("asylum")
    model = ArticleListModel(seeded_library)
    for group in (False, True):
        model.set_group_by_story(group)
        for shown, snippets in ((ids, None), ([h.id for h in results.hits] + [10**6], {h.id: h.snippet for h in results.hits})):
            model.set_ids(shown, snippets)
            looks = [model.row_look(r) for r in range(model.rowCount())]
            assert looks == [_look_by_roles(model, r) for r in range(model.rowCount())]
            if group:
                assert [look.group for look in looks][:3] == [HEADING, MEMBER, MEMBER]
    model.set_ids([h.id for h in results.hits] + [10**6], {h.id: h.snippet for h in results.hits})
    look_of = {model.id_at(r): model.row_look(r) for r in range(model.rowCount())}
    assert (look_of[ids[0]].starred, look_of[ids[0]].unread) == (True, True)
    assert (look_of[ids[1]].starred, look_of[ids[1]].unread) == (False, False)
    assert "follow up" in look_of[ids[1]].meta and '<b class="match">' in look_of[ids[0]].snippet
    assert look_of[10**6][:4] == (0, "(article missing)", "", "")  # an id not in the library
