"""The library's public value types: what the façade hands to the GUI and the CLI.

Kept apart from the storage code so the GUI models can import them without
pulling in SQLite, and so every layer (store, importer, façade) shares one
definition.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, SupportsIndex, overload


@dataclass(frozen=True)
class ArticleRow:
    """What the article list shows for one article: cheap to fetch by the thousand."""

    id: int
    title: str
    site: str | None
    published: str | None
    comment_count: int
    comments_claimed: int | None
    read: bool = False  # the reader's marks (reader.library.marks)
    starred: bool = False


@dataclass(frozen=True)
class ImportProgress:
    """Import progress: ``done`` of ``total`` files, ``current`` the file being read.

    Inside a container (a table of a million rows) ``unit`` is "rows": ``done``
    and ``total`` count its records and ``rate`` is records per second so far.
    At the end of a big import ``unit`` is "index": ``total`` articles are being added
    to the search index by worker processes (``done`` is ``total`` once they are in).
    """

    done: int
    total: int
    current: str
    unit: str = "files"
    rate: float = 0.0


class ArticleIds(array):  # type: ignore[type-arg]  # (array[int] from Python 3.12)
    """Article ids, 8 bytes each: an import of a million table rows reports a million, and
    a list held a Python int of 32 bytes for each besides its 8 (~40 MB at a million).
    Behaves as a list of ints where a report is read: equal to a list of the same ids,
    sliced and copied as ``ArticleIds``, shown as a list."""

    def __new__(cls, ids: Iterable[int] = ()) -> ArticleIds:
        return super().__new__(cls, "q", ids)  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return self.tolist() == other
        if isinstance(other, array):
            return super().__eq__(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # (mutable, as a list)

    @overload
    def __getitem__(self, i: SupportsIndex) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> ArticleIds: ...
    def __getitem__(self, i: SupportsIndex | slice) -> int | ArticleIds:
        if isinstance(i, slice):
            return ArticleIds(super().__getitem__(i))
        return int(super().__getitem__(i))

    def __add__(self, other: Iterable[int]) -> ArticleIds:
        out = ArticleIds(self)
        out.extend(other)
        return out

    def __copy__(self) -> ArticleIds:
        return ArticleIds(self)

    def __deepcopy__(self, _memo: object) -> ArticleIds:
        return ArticleIds(self)

    def __repr__(self) -> str:
        return repr(self.tolist())


class FirstIds(NamedTuple):
    """The list's ids in their places before all of them are read: 0 where not read yet."""

    ids: ArticleIds  # as long as the whole list
    rows: dict[int, int]  # the row of each id read


@dataclass
class ImportReport:
    """What an import did, file by file.

    ``imported``/``updated``/``unchanged`` hold article ids; ``failed`` holds
    (path, reason) for every file that could not be imported, in the order met.
    """

    imported: ArticleIds = field(default_factory=ArticleIds)
    updated: ArticleIds = field(default_factory=ArticleIds)
    unchanged: ArticleIds = field(default_factory=ArticleIds)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    #: (path, which article) of comment files kept until their article is imported.
    waiting: list[tuple[str, str]] = field(default_factory=list)
    #: Tables whose columns were not recognised: (path, column names, first rows), so
    #: the window can ask which column holds what and import them again.
    needs_columns: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "imported": len(self.imported),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "cancelled": self.cancelled,
        }
        if self.waiting:  # (only then: the shape scripts already read stays as it was)
            d["waiting"] = [{"path": p, "article": a} for p, a in self.waiting]
        return d


@dataclass
class CheckReport:
    """What ``check`` found: stored articles, articles the index held, how many it repaired."""

    articles: int
    indexed: int
    repaired: int
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "indexed": self.indexed,
            "repaired": self.repaired,
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class SpeakerRow:
    """A speaker across the library: how many quotes, in how many articles."""

    name: str
    quotes: int
    articles: int


@dataclass(frozen=True)
class QuoteRow:
    """One quote by a speaker, with the article it is in (``start``/``end`` index its body)."""

    article_id: int
    title: str
    site: str | None
    published: str | None
    text: str
    role: str | None
    start: int
    end: int
    index: int = 0  # position in article.quotes, for jumping to it


@dataclass(frozen=True)
class FileOutcome:
    """What storing one file did ("imported", "updated" or "unchanged"), article by article."""

    status: str
    imported: list[int]
    updated: list[int]
    unchanged: list[int]
    removed: list[int]  # articles of an updated multi-article file that it no longer holds
    waiting: list[str] = field(default_factory=list)  # comment threads whose article is not here yet

    @property
    def ids(self) -> list[int]:
        return self.imported + self.updated + self.unchanged
