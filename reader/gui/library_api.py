"""What the window needs from a library: a Protocol, so the GUI is written (and
tested) against these methods only, not against ``reader.library.Library``'s
internals."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from reader.library.records import ArticleRow, CheckReport, ImportProgress, ImportReport, QuoteRow, SpeakerRow
from reader.model import Article


class LibraryApi(Protocol):
    name: str
    #: Why the search index could not be opened (the window says so), or None.
    index_problem: str | None

    def count(self) -> int: ...

    def article_ids(
        self, *, sort: str = ..., descending: bool = ..., site: str | None = ..., tag: str | None = ...
    ) -> Sequence[int]: ...

    def rows(self, ids: Sequence[int]) -> list[ArticleRow]: ...

    def get(self, article_id: int) -> Article: ...

    def sites(self) -> list[tuple[str, int]]: ...

    def tags(self) -> list[tuple[str, int]]: ...

    def speakers(self) -> list[SpeakerRow]: ...

    def quotes_by(self, speaker: str) -> list[QuoteRow]: ...

    def search(self, query: str, *, limit: int = ..., bodies_only: bool = ...,
               cancel: threading.Event | None = ...) -> Any: ...

    def search_titles_as_typed(self, query: str, *, limit: int = ...,
                               cancel: threading.Event | None = ...) -> Any: ...

    def match_spans(self, query: str, text: str) -> list[tuple[int, int]]: ...

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: Callable[[ImportProgress], None] | None = ...,
        cancel: threading.Event | None = ...,
    ) -> ImportReport: ...

    def delete(self, ids: Iterable[int]) -> int: ...

    def check(self, *args: Any, **kwargs: Any) -> CheckReport: ...

    def catch_up(self, *, progress: Callable[[ImportProgress], None] | None = ...,
                 cancel: threading.Event | None = ...,
                 on_pause: Callable[[str | None], None] | None = ...) -> int: ...

    def waiting_threads(self) -> list[tuple[str, str, int]]: ...
