"""The article list: a Qt model over the library that holds ids and fetches rows lazily.

At 100,000 articles the model must cost next to nothing until rows are shown:
it keeps only the ordered id list (one query) and fetches the rows a view
actually paints in pages of ``PAGE`` through ``Library.rows``, with a small
LRU cache of pages (Anki's browser table model works the same way).

In search mode the ids are the hits in rank order and each row also carries
its snippet (HTML-escaped text with ``<b class="match">`` around the matched
terms), so the delegate can show why it matched.

Grouped by story (``set_group_by_story``), the articles of a story that has two
or more of them in the list come together under a heading row, where the first
of them was (``reader.library.story_reads.group_by_story``); a heading's key in
the row list is ``-story_id``, so rows stay one flat list of ints.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from reader.errors import ReaderError
from reader.gui.models.story_list import date_span, outlets_label
from reader.library.records import ArticleIds, FirstIds
from reader.library.story_reads import group_by_story
from reader.render import date_label

PAGE = 200
MAX_PAGES = 40  # 8,000 rows of cache, a few MB at most

IdRole = Qt.ItemDataRole.UserRole + 1
SiteRole = Qt.ItemDataRole.UserRole + 2
DateRole = Qt.ItemDataRole.UserRole + 3
CommentsRole = Qt.ItemDataRole.UserRole + 4
SnippetRole = Qt.ItemDataRole.UserRole + 5
MetaRole = Qt.ItemDataRole.UserRole + 6  # "site · date · 12 comments" in one line
UnreadRole = Qt.ItemDataRole.UserRole + 7  # True for an article never opened long enough (drawn bold)
StarredRole = Qt.ItemDataRole.UserRole + 8
GroupRole = Qt.ItemDataRole.UserRole + 9  # HEADING, MEMBER (of a story group) or 0

HEADING, MEMBER = 1, 2

_AnyIndex = QModelIndex | QPersistentModelIndex


class RowLook(NamedTuple):
    """What the delegate paints of a row, read in one call (not one ``data()`` call per role)."""

    group: int  # HEADING, MEMBER or 0
    title: str  # as DisplayRole
    meta: str  # as MetaRole ("" for a missing article)
    snippet: str  # as SnippetRole
    unread: bool
    starred: bool


class _Row(Protocol):
    id: int
    title: str
    site: str | None
    published: str | None
    comment_count: int
    comments_claimed: int | None


class _Marks(Protocol):
    def many(self, ids: Sequence[int]) -> dict[int, Any]: ...


class _Library(Protocol):
    """What the list reads of the library (``reader.library.Library``): rows, story headings, marks."""

    def rows(self, ids: Sequence[int]) -> list[Any]: ...
    def story_rows(self, ids: Sequence[int]) -> list[Any]: ...
    def shared_stories(self) -> dict[int, int]: ...
    @property
    def marks(self) -> _Marks: ...


#: What a library that was closed or whose files went away raises; the list then shows blank
#: rows, ungrouped, rather than crashing a paint. Anything else is a bug and is not swallowed.
_LIBRARY_GONE = (ReaderError, sqlite3.Error, OSError)


def story_heading_meta(row: Any, shown: int) -> str:
    """"3 articles · CNN, Haaretz · 5–7 Dec 2012" ("2 of 5 articles" when filters hide some)."""
    total = len(row.articles) if row is not None else shown
    count = f"{shown} of {total} articles" if total > shown else f"{shown} articles"
    if row is None:
        return count
    return " · ".join(p for p in (count, outlets_label(row.sites), date_span(row.first, row.last)) if p)


def comments_label(count: int, claimed: int | None) -> str:
    """"12 comments", "6 of 176 comments", "1 comment", or "" when there are none."""
    if claimed and claimed > count:
        return f"{count} of {claimed} comments"
    if count == 1:
        return "1 comment"
    if count:
        return f"{count} comments"
    return ""


class RowIndex:
    """The row of each key of a list of distinct keys (article ids, story headings).

    Two arrays of 8 bytes a row (the keys sorted, and their rows) searched by
    bisection, rather than a dict: at a million rows a dict and its int
    objects hold some 90 MB for the life of the list, these 16 MB.
    """

    def __init__(self, keys: Sequence[int]) -> None:
        import numpy as np  # (here: numpy loads with the first search or selection, not with the window)

        if isinstance(keys, ArticleIds):
            arr = np.frombuffer(keys, dtype=np.int64)
        else:
            arr = np.fromiter(keys, dtype=np.int64, count=len(keys))
        self._rows = np.argsort(arr, kind="stable")
        self._sorted = arr[self._rows]

    def get(self, key: int) -> int | None:
        i = int(self._sorted.searchsorted(key))
        if i < len(self._sorted) and self._sorted[i] == key:
            return int(self._rows[i])
        return None


class ArticleListModel(QAbstractListModel):
    """Ordered article ids with lazily fetched rows; also shows search hits.

    Search hits come a page at a time (snippets cost time per hit): when the
    view scrolls to the end, ``fetchMore`` asks for the next page through
    ``moreRequested`` and ``append_hits`` adds it.
    """

    moreRequested = Signal(int)  # how many hits are already shown
    filled = Signal()  # the ids not read yet were put in (fill_ids): no reset, the rows are all there now

    def __init__(self, library: _Library | None = None, parent=None) -> None:
        super().__init__(parent)
        self._library = library
        self._ids: list[int] | ArticleIds = ArticleIds()
        self._snippets: dict[int, str] = {}
        self._search = False
        self._total = 0
        self._more_pending = False
        self._pages: OrderedDict[int, list[_Row | None]] = OrderedDict()
        self._marks: dict[int, Any] = {}  # ArticleMarks of the cached pages' ids
        self._row_of: RowIndex | None = None
        self._placed: dict[int, int] | None = None  # the rows of the ids read yet (set_first_ids)
        # Grouped by story: the ungrouped ids, article -> story, articles per heading, heading rows.
        self.group_by_story = False
        self._plain = ArticleIds()  # 8 bytes an id: a million-row list is 8 MB, not 36
        self._story_of: dict[int, int] = {}
        self._group_sizes: dict[int, int] = {}
        self._heads: dict[int, Any] = {}

    # -- content ----------------------------------------------------------------
    def set_ids(
        self, ids: Sequence[int], snippets: dict[int, str] | None = None, total: int | None = None
    ) -> None:
        """Show ``ids`` in this order; with ``snippets`` the model is in search mode.

        ``total`` is how many hits the search has in all (more can be fetched).
        """
        self.beginResetModel()
        self._plain = ArticleIds(ids)
        self._ids = self._grouped(self._plain, reread=True)
        self._snippets = dict(snippets or {})
        self._search = snippets is not None
        self._total = len(self._ids) if total is None else max(total, len(self._ids))
        self._more_pending = False
        self._pages.clear()
        self._marks.clear()
        self._heads.clear()
        self._row_of = None
        self._placed = None
        self.endResetModel()

    def set_first_ids(self, first: FirstIds) -> None:
        """Show the list before all its ids are read: ``first.ids`` has 0 where an id is not read yet
        (a blank row nobody can select); ``fill_ids`` puts the rest in without a reset."""
        self.set_ids(first.ids)
        self._placed = dict(first.rows)

    def fill_ids(self, ids: ArticleIds, index: RowIndex | None = None) -> bool:
        """All the ids of the list ``set_first_ids`` showed (``index``: their RowIndex, built on a
        worker): the rows, the selection and the scroll stay. False, and nothing changed, when the
        list is not that one any more or the library changed meanwhile (the caller re-lists)."""
        placed = self._placed
        if placed is None or len(ids) != len(self._ids) or any(ids[r] != i for i, r in placed.items()):
            return False
        self._plain, self._ids = ArticleIds(ids), ArticleIds(ids)
        self._placed, self._row_of = None, index
        self._pages.clear()
        self._marks.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))
        self.filled.emit()
        return True

    @property
    def filling(self) -> bool:
        """True while the list shows only its first ids (``set_first_ids``)."""
        return self._placed is not None

    def set_group_by_story(self, on: bool) -> None:
        """Bring each story's articles together under a heading row (or list them plainly again)."""
        if on == self.group_by_story:
            return
        self.beginResetModel()
        self.group_by_story = on
        self._ids = self._grouped(self._plain, reread=True)
        self._pages.clear()
        self._heads.clear()
        self._row_of = self._placed = None  # (ids still being read are then re-listed whole when read)
        self.endResetModel()

    def _grouped(self, ids: ArticleIds, *, reread: bool) -> list[int] | ArticleIds:
        """The row keys for ``ids``: themselves, or grouped by story (the map re-read with ``reread``)."""
        if not self.group_by_story:
            self._group_sizes = {}
            return ArticleIds(ids)
        if reread:
            try:
                self._story_of = self._library.shared_stories() if self._library is not None else {}
            except _LIBRARY_GONE:  # a vanished library lists its articles ungrouped
                self._story_of = {}
        keys, self._group_sizes = group_by_story(ids, self._story_of)
        return keys

    def append_hits(self, ids: Sequence[int], snippets: dict[int, str]) -> None:
        """The next page of search hits (ids already shown are skipped)."""
        self._more_pending = False
        have = set(self._plain)
        new = [i for i in ids if i not in have]
        if not self._search or not new:
            if self._search and not new:
                self._total = len(self._plain)  # nothing more to come
            return
        if self.group_by_story:
            self._snippets.update({i: snippets.get(i, "") for i in new})
            self._plain.extend(new)
            self._relayout(self._grouped(self._plain, reread=False))
            return
        self._plain.extend(new)
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._ids.extend(new)
        self._snippets.update({i: snippets.get(i, "") for i in new})
        self._row_of = None
        # Pages that were partly filled must be fetched again to include the new ids.
        self._pages.pop(first // PAGE, None)
        self.endInsertRows()

    def _relayout(self, keys: list[int]) -> None:
        """Show ``keys`` (the old rows and more) keeping the selection and the scroll position:
        rows are added at the end, then moved where the grouping puts them."""
        old = len(self._ids)
        if len(keys) > old:
            self.beginInsertRows(QModelIndex(), old, len(keys) - 1)
            self._ids = self._ids + keys[old:]
            self._row_of = None
            self.endInsertRows()
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved = [self._ids[p.row()] if 0 <= p.row() < len(self._ids) else None for p in persistent]
        self._ids = keys
        self._row_of = None
        self._pages.clear()
        rows = [self.row_of(k) if k is not None else None for k in moved]
        self.changePersistentIndexList(
            persistent, [self.index(r) if r is not None else QModelIndex() for r in rows]
        )
        self.layoutChanged.emit()

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:
        return (
            not parent.isValid() and self._search and not self._more_pending and len(self._plain) < self._total
        )

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._more_pending = True
            self.moreRequested.emit(len(self._plain))

    @property
    def total(self) -> int:
        return self._total

    def refresh_marks(self, ids: Sequence[int]) -> None:
        """Re-read the marks (read, starred) of ``ids`` and repaint their rows."""
        lib = self._library
        shown = [i for i in ids if i in self._marks]
        if lib is None or not shown:
            return
        try:
            self._marks.update(lib.marks.many(shown))
        except _LIBRARY_GONE:  # a vanished library keeps the old look
            return
        for aid in shown:
            row = self.row_of(aid)
            if row is not None:
                self.dataChanged.emit(self.index(row), self.index(row))

    def refresh_rows(self) -> None:
        """Forget cached rows (after an import changed titles or comment counts)."""
        self._pages.clear()
        self._marks.clear()
        self._heads.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    @property
    def search_mode(self) -> bool:
        return self._search

    @property
    def ids(self) -> ArticleIds:
        """The article ids listed, in the list's order before any grouping by story."""
        return self._plain

    def id_at(self, row: int) -> int | None:
        """The article on ``row``; None for a story heading or a row out of range."""
        key = self._ids[row] if 0 <= row < len(self._ids) else 0
        return key if key > 0 else None

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._ids) and self._ids[row] < 0

    def row_of(self, article_id: int) -> int | None:
        if self._placed is not None:  # only some ids read yet
            return self._placed.get(article_id)
        if self._row_of is None:  # built on first use only: O(n log n) once, not per lookup
            self._row_of = RowIndex(self._ids)
        return self._row_of.get(article_id)

    # -- lazy rows ----------------------------------------------------------------
    def _row(self, row: int) -> _Row | None:
        page_no = row // PAGE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[row - page_no * PAGE]

    def _fetch_page(self, page_no: int) -> list[_Row | None]:
        keys = self._ids[page_no * PAGE : (page_no + 1) * PAGE]
        ids = [k for k in keys if k > 0]
        heads = [-k for k in keys if k < 0 and -k not in self._heads]
        fetched: dict[int, _Row] = {}
        if self._library is not None and heads:
            try:
                self._heads.update({r.id: r for r in self._library.story_rows(heads)})
            except _LIBRARY_GONE:  # a heading without its row still shows the count
                pass
        if self._library is not None and ids:
            try:
                fetched = {r.id: r for r in self._library.rows(ids)}
                self._marks.update(self._library.marks.many(ids))  # one query per page: bold unread, stars
            except _LIBRARY_GONE:  # a vanished library shows blank rows rather than crashing paint
                fetched = {}
        page: list[_Row | None] = [fetched.get(i) for i in keys]
        self._pages[page_no] = page
        while len(self._pages) > MAX_PAGES:
            _gone, old = self._pages.popitem(last=False)
            for r in old:
                if r is not None:
                    self._marks.pop(r.id, None)
        return page

    def row_look(self, row: int) -> RowLook:
        """The painted look of a valid ``row``: the same values ``data()`` gives for its roles."""
        aid = self._ids[row]
        if aid <= 0:  # a story heading, or an id not read yet (blank)
            return RowLook(HEADING if aid else 0, "", "", "", False, False)
        group = MEMBER if self._story_of.get(aid) in self._group_sizes else 0
        r = self._row(row)
        m = self._marks.get(aid)
        unread, starred = (False, False) if m is None else (not m.read, bool(m.starred))
        snippet = self._snippets.get(aid, "")
        if r is None:
            return RowLook(group, "(article missing)", "", snippet, unread, starred)
        return RowLook(group, r.title or "(untitled)", self._meta(r, m) or "no date or site given", snippet, unread, starred)

    @staticmethod
    def _meta(r: _Row, m: Any) -> str:
        labels = ", ".join(m.labels) if m is not None and m.labels else ""
        return " · ".join(
            p for p in (r.site or "", date_label(r.published), comments_label(r.comment_count or 0, r.comments_claimed), labels) if p
        )

    # -- Qt model API ---------------------------------------------------------------
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid() or self.id_at(index.row()) is None:
            return Qt.ItemFlag.NoItemFlags  # a story heading (or an id not read yet): keys and mouse pass over it
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._ids):
            return None
        aid = self._ids[index.row()]
        if aid < 0:
            return self._heading_data(-aid, role, index.row())
        if aid == 0:  # not read yet: blank
            return None
        if role == GroupRole:
            return MEMBER if self._story_of.get(aid) in self._group_sizes else 0
        if role == IdRole:
            return aid
        if role == SnippetRole:
            return self._snippets.get(aid, "")
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
            SiteRole,
            DateRole,
            CommentsRole,
            MetaRole,
            UnreadRole,
            StarredRole,
        ):
            return None
        r = self._row(index.row())
        if role in (UnreadRole, StarredRole):
            m = self._marks.get(aid)
            if m is None:
                return False
            return (not m.read) if role == UnreadRole else m.starred
        if r is None:
            return "(article missing)" if role == Qt.ItemDataRole.DisplayRole else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return r.title or "(untitled)"
        if role == SiteRole:
            return r.site or ""
        if role == DateRole:
            return date_label(r.published)
        if role == CommentsRole:
            return comments_label(r.comment_count or 0, r.comments_claimed)
        m = self._marks.get(aid)
        meta = self._meta(r, m)
        if role == MetaRole:
            return meta or "no date or site given"
        state = "".join(
            f"{word}, " for word, on in (("Starred", m is not None and m.starred), ("Unread", m is not None and not m.read)) if on
        )
        title = r.title or "(untitled)"
        return f"{state}{title}\n{meta}" if meta else state + title

    def _heading_data(self, story_id: int, role: int, row_no: int) -> Any:
        if role == GroupRole:
            return HEADING
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.AccessibleTextRole, MetaRole):
            return None
        self._row(row_no)  # fetches (or touches) its page, story headings included
        row = self._heads.get(story_id)
        title = (row.title if row is not None else "") or "(untitled story)"
        meta = story_heading_meta(row, self._group_sizes.get(story_id, 0))
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == MetaRole:
            return meta
        return f"Story: {title}\n{meta}"
