"""The stories list: a table model over the library's stories, ids first, rows lazily.

Like the article list, it holds only the ordered story ids (one query) and
fetches the rows a view paints, a page at a time (``Library.story_rows``),
so a library of 100,000 articles opens its stories at once. A search narrows
it to the stories holding a hit (``set_filter``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reader.render import date_label

PAGE = 200
MAX_PAGES = 20

StoryIdRole = Qt.ItemDataRole.UserRole + 41
ArticleIdsRole = Qt.ItemDataRole.UserRole + 42

COLUMNS = ("Story", "Outlets", "Articles", "Dates")
#: (label, Library sort key)
SORTS = (("Most articles first", "size"), ("Most recent first", "recent"))

_AnyIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_STORY_ID = int(StoryIdRole)
_ARTICLES = int(ArticleIdsRole)
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _ALIGN, _STORY_ID, _ARTICLES))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def date_span(first: str | None, last: str | None) -> str:
    """ "5 Dec 2012", "5–7 Dec 2012"-like spans, "" when undated."""
    a, b = date_label(first), date_label(last)
    if not a and not b:
        return ""
    if not a or not b or a == b:
        return a or b
    da, db = a.split(" "), b.split(" ")
    if len(da) == 3 and len(db) == 3 and da[1:] == db[1:]:
        return f"{da[0]}–{b}"
    if len(da) == 3 and len(db) == 3 and da[2] == db[2]:
        return f"{da[0]} {da[1]} – {b}"
    return f"{a} – {b}"


def outlets_label(sites: Sequence[str], limit: int = 3) -> str:
    shown = [s for s in sites if s][:limit]
    more = len([s for s in sites if s]) - len(shown)
    return ", ".join(shown) + (f" +{more}" if more > 0 else "")


class StoryListModel(QAbstractTableModel):
    def __init__(self, library: Any, parent=None) -> None:
        super().__init__(parent)
        self._library = library
        self._all: list[int] = []
        self._ids: list[int] = []
        self._filter: set[int] | None = None
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self.sort_key = "size"
        self.min_size = 2

    # -- content ----------------------------------------------------------------------
    def reload(self, sort: str | None = None, min_size: int | None = None) -> None:
        """Re-read the ordered ids (one query); keeps the search filter."""
        if sort is not None:
            self.sort_key = sort
        if min_size is not None:
            self.min_size = min_size
        self._all = list(self._library.story_ids(sort=self.sort_key, min_size=self.min_size))
        self._apply()

    def set_filter(self, story_ids: set[int] | None) -> None:
        """Only these stories (a search's), or every story with None."""
        self._filter = set(story_ids) if story_ids is not None else None
        self._apply()

    @property
    def filtered(self) -> bool:
        return self._filter is not None

    def _apply(self) -> None:
        self.beginResetModel()
        self._ids = self._all if self._filter is None else [i for i in self._all if i in self._filter]
        self._pages.clear()
        self.endResetModel()

    @property
    def ids(self) -> list[int]:
        return self._ids

    @property
    def total(self) -> int:
        return len(self._all)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, story_id: int) -> int | None:
        try:
            return self._ids.index(story_id)
        except ValueError:
            return None

    def story_row(self, row: int) -> Any | None:
        if not 0 <= row < len(self._ids):
            return None
        page_no = row // PAGE
        page = self._pages.get(page_no)
        if page is None:
            ids = self._ids[page_no * PAGE : (page_no + 1) * PAGE]
            try:
                got = {r.id: r for r in self._library.story_rows(ids)}
            except Exception:  # noqa: BLE001 - a vanished library shows blank rows rather than crashing paint
                got = {}
            page = [got.get(i) for i in ids]
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[row - page_no * PAGE]

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)  # plain ints: comparing with enum members costs more than the lookup
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == _STORY_ID:
            return self._ids[index.row()]
        col = index.column()
        if role == _ALIGN:
            return _RIGHT if col == 2 else None
        r = self.story_row(index.row())
        if r is None:
            return "(story missing)" if role == _DISPLAY and col == 0 else None
        if role == _ARTICLES:
            return list(r.articles)
        if role == _TOOLTIP:
            sites = ", ".join(s for s in r.sites if s) or "no site given"
            return f"{r.title}\n{len(r.articles)} articles · {sites}\n{date_span(r.first, r.last)}"
        if col == 0:
            return r.title or "(untitled)"
        if col == 1:
            return outlets_label(r.sites)
        if col == 2:
            return str(len(r.articles))
        return date_span(r.first, r.last)
