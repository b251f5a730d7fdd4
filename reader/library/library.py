"""``Library``: the one object the GUI and the CLI use to reach the articles.

A library is a folder::

    <library>/library.sqlite3   the articles (reader.library.store), the truth
    <library>/index/            the Whoosh search index, derived; rebuilt at will
    <library>/write.lock        the cross-process writer lock (reader.library.locking)

Every method may be called from worker threads while the GUI thread reads.
Writes (import, delete, reindex, check with repair) take the write lock,
which also keeps a second window or a CLI command from writing at the same
time; a writer that has to wait says so through ``on_wait`` and gives up
with ``LibraryLocked`` after ``lock_timeout`` seconds.

Long operations report progress as ``ImportProgress(done, total, current)``,
where ``current`` is the file being imported or the step being done.
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.errors import LibraryError, ReaderError, ReadOnlyLibrary
from reader.library import check_state, sync
from reader.library.annotations import Annotations
from reader.library.import_context import ImportContext
from reader.library.locking import WaitCallback, WriteLock
from reader.library.marks import Marks
from reader.library.records import (
    ArticleIds,
    ArticleRow,
    CheckReport,
    FirstIds,
    ImportProgress,
    ImportReport,
    QuoteRow,
    SpeakerRow,
)
from reader.library.store import Store
from reader.model import Article

if TYPE_CHECKING:
    from reader.compare import Comparison
    from reader.library.index import SearchIndex, SearchResults
    from reader.library.markfilter import MarkClause
    from reader.library.stories import Story, StoryRow

log = logging.getLogger(__name__)

#: On open, a backlog up to this size is indexed at once (about a second);
#: a bigger one (the index folder was deleted) is left to ``check``, which
#: the window runs in the background and the CLI runs with progress.
CATCH_UP_ON_OPEN = 500

Progress = Callable[[ImportProgress], None]


class Library:
    """An article library folder: storage, search index and write lock."""

    def __init__(self, root: Path, store: Store, lock: WriteLock) -> None:
        self.root = root
        self.name = root.name or str(root)
        self._store = store
        self._lock = lock
        self._index: SearchIndex | None = None
        self._index_guard = threading.RLock()
        #: Why the search index could not be used (None when it is fine).
        self.index_problem: str | None = None
        self._index_stamp: tuple[int, int, int] | None = None

    # -- opening and closing -------------------------------------------------
    @classmethod
    def open(
        cls,
        root: Path | str,
        *,
        create: bool = True,
        lock_timeout: float = 30.0,
        on_wait: WaitCallback | None = None,
    ) -> Library:
        """Open (or create) the library in folder ``root``.

        Raises ``CorruptLibrary`` for a damaged database (left untouched),
        ``ReadOnlyLibrary`` when the folder cannot be written, ``LibraryError``
        when ``root`` is not usable as a library.
        """
        root = Path(root).expanduser().absolute()
        _prepare_folder(root, create=create)
        store = Store(root, create=create)
        lock = WriteLock(root, timeout=lock_timeout, on_wait=on_wait)
        library = cls(root, store, lock)
        try:
            lock._open_fd()  # a read-only folder shows up here, not at the first write
            library._open_index()
        except BaseException:
            library.close()
            raise
        return library

    def _open_index(self) -> None:
        self._index, self.index_problem = _open_search_index(sync.index_dir(self.root))
        if self._index is None:
            return
        self._notice_other_writers(self._index)  # (from now on, another process's commits are seen)
        done = sync.read_indexed_seq(sync.index_dir(self.root)) or 0
        newest = self._store.max_seq()
        if done > newest:  # the database is older than the index (restored from a backup?)
            self.index_problem = "the search index does not match the database; a check fixes it"
            return
        backlog = self._store.backlog(done) if done < newest else 0
        if backlog == 0:
            return
        if backlog > CATCH_UP_ON_OPEN:
            self.index_problem = sync.backlog_problem(backlog)
            return
        # Another process writing right now will bring the index up to date itself.
        if self._lock.try_acquire():
            try:
                self._catch_up_locked()
            except ReaderError as exc:
                log.warning("could not bring the search index up to date: %s", exc.reason)
            finally:
                self._lock.release()

    def close(self) -> None:
        with self._index_guard:
            if self._index is not None:
                try:
                    self._index.close()
                except Exception as exc:  # closing must not hide the caller's own error
                    log.warning("closing the search index failed: %s", f"{exc!r}")
                self._index = None
        self._store.close()
        self._lock.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Library({str(self.root)!r})"

    # -- reading ---------------------------------------------------------------
    def count(self) -> int:
        return self._store.count()

    def article_ids(
        self, *, sort: str = "date", descending: bool = True, site: str | None = None,
        tag: str | None = None, starred: bool = False, unread: bool = False,
        label: str | None = None, collection: str | None = None,
    ) -> ArticleIds:
        """Ids of all articles (or one site's / tag's), sorted by "date", "title" or "site";
        ``starred``/``unread``/``label``/``collection`` keep only the articles so marked.
        8 bytes an id (``ArticleIds``, equal to a list of them): a million are 8 MB."""
        ids = self._store.article_ids(sort=sort, descending=descending, site=site, tag=tag)
        if starred or unread or label is not None or collection is not None:
            keep = self.marks.filter_ids(starred=starred or None, unread=unread or None,
                                         label=label, collection=collection)
            ids = ArticleIds(i for i in ids if i in keep)
        return ids

    def first_ids(self, *, sort: str = "date", descending: bool = True, near: int | None = None, rows: int = 200) -> FirstIds:
        """The first ``rows`` of ``article_ids`` (no filters) and ``rows`` around ``near``, in their places."""
        return self._store.first_ids(sort=sort, descending=descending, near=near, rows=rows)

    def rows(self, ids: Sequence[int]) -> list[ArticleRow]:
        return self._store.rows(ids)

    def get(self, article_id: int) -> Article:
        """The full article; raises ``ArticleNotFound``."""
        return self._store.get(article_id)

    def sites(self) -> list[tuple[str, int]]:
        return self._store.sites()

    def tags(self) -> list[tuple[str, int]]:
        return self._store.tags()

    def speakers(self) -> list[SpeakerRow]:
        return self._store.speakers()

    def quotes_by(self, speaker: str) -> list[QuoteRow]:
        return self._store.quotes_by(speaker)

    def waiting_threads(self) -> list[tuple[str, str, int]]:
        """Comment files whose article is not in the library yet: (file, article URL or id, comments)."""
        from reader.library.threads import waiting_threads

        with self._store._translated():
            return waiting_threads(self._store.conn)

    # -- the reader's marks (reader.library.annotations, reader.library.marks) ----
    @property
    def annotations(self) -> Annotations:
        """Highlights and notes (stored in SQLite only; the index never holds them)."""
        return Annotations(self._store)

    @property
    def marks(self) -> Marks:
        """Stars, read state, labels and collections."""
        return Marks(self._store)

    # -- stories (reader.library.stories) ---------------------------------------
    def list_stories(self, *, sort: str = "size", min_size: int = 1,
                     limit: int | None = None) -> list[StoryRow]:
        """Stories sorted by "size" (most articles first), "recent" or "oldest"."""
        from reader.library import stories

        with self._store._translated():
            return stories.list_stories(self._store.conn, sort, min_size, limit)

    def story(self, story_id: int) -> Story | None:
        """One story with its articles in date order, copies and first report; None if unknown."""
        from reader.library import stories

        with self._store._translated():
            return stories.story(self._store.conn, story_id)

    def story_of(self, article_id: int) -> int | None:
        """The id of the story ``article_id`` belongs to (None: unknown article)."""
        from reader.library import stories

        with self._store._translated():
            return stories.story_of(self._store.conn, article_id)

    def update_stories(self, *, rebuild: bool = False) -> int:
        """Put articles that are in no story yet (a library made before stories) into stories;
        ``rebuild`` decides every story anew. Returns how many articles were assigned."""
        from reader.library import stories

        with self._store._translated():
            if not rebuild and stories.missing(self._store.conn) == 0:
                return 0
        with self._lock, self._store.transaction() as conn:
            return stories.rebuild(conn, only_missing=not rebuild)

    def story_ids(self, *, sort: str = "size", min_size: int = 1) -> list[int]:
        """Story ids in list order (one query; the Stories view fetches rows lazily)."""
        from reader.library import story_reads

        with self._store._translated():
            return story_reads.story_ids(self._store.conn, sort, min_size)

    def story_rows(self, ids: Sequence[int]) -> list[StoryRow]:
        """The rows of these stories (any order; unknown ids left out)."""
        from reader.library import story_reads

        with self._store._translated():
            return story_reads.story_rows(self._store.conn, ids)

    def stories_of(self, article_ids: Sequence[int]) -> dict[int, int]:
        """article id -> story id for the given articles."""
        from reader.library import story_reads

        with self._store._translated():
            return story_reads.stories_of(self._store.conn, article_ids)

    def shared_stories(self) -> dict[int, int]:
        """article id -> story id for the articles in a story of two or more (one query).

        Kept until the stories change: re-grouping the list after a filter change or a
        search reads only ``membership_token``. The dict is shared: do not modify it."""
        from reader.library import story_reads

        with self._store._translated():
            token = story_reads.membership_token(self._store.conn)
            cached = getattr(self, "_shared_stories", None)
            if cached is None or cached[0] != token:
                cached = (token, story_reads.shared_stories(self._store.conn))
                self._shared_stories = cached
            return cached[1]

    def compare(self, a: int, b: int) -> Comparison:
        """Passages, quotes and figures two stored articles share or not (``reader.compare``)."""
        from reader.compare import compare_articles

        return compare_articles(self.get(a), self.get(b), a_id=a, b_id=b)

    # -- searching ------------------------------------------------------------
    def _search_index(self) -> SearchIndex:
        from reader.library.index import IndexDamaged

        with self._index_guard:
            if self._index is None:
                raise IndexDamaged(
                    f"{sync.plain_reason(self.index_problem or 'the search index is missing')}; "
                    "a check rebuilds it from the stored articles",
                    path=sync.index_dir(self.root),
                )
            return self._index

    def search(self, query: str, *, limit: int = 20, bodies_only: bool = False,
               cancel: threading.Event | None = None) -> SearchResults:
        """Best matches for ``query`` with highlighted snippets (``SearchResults``).

        A malformed query never raises; an unreadable index raises
        ``IndexDamaged`` (run ``check`` to rebuild it). Once ``cancel`` is set
        the search stops and raises ``SearchCancelled`` (a newer keystroke).
        """
        results = self._search(query, limit, bodies_only, cancel, titles_as_typed=False)
        assert results is not None  # only the title fast path declines a query
        return results

    def search_titles_as_typed(self, query: str, *, limit: int = 20,
                               cancel: threading.Event | None = None) -> SearchResults | None:
        """The cheap first answer of search as you type: titles holding the finished words
        and a word starting with the one being typed (``reader.library.quick_search``),
        without snippets. None when ``query`` does not end in a plain word being typed."""
        return self._search(query, limit, False, cancel, titles_as_typed=True)

    def _search(self, query: str, limit: int, bodies_only: bool, cancel: threading.Event | None, *,
                titles_as_typed: bool) -> SearchResults | None:
        from reader.library.markfilter import resolve, split_marks
        from reader.library.quick_search import typed_title_query

        rest, clauses = split_marks(query)
        parsed = typed_title_query(rest) if titles_as_typed else None
        if titles_as_typed and parsed is None:
            return None
        only = resolve(self._store, clauses) if clauses else None
        if only is not None and not rest.strip():
            return self._marked(query, only, limit, clauses)
        index = self._search_index()
        self._notice_other_writers(index)
        # The title preview has no snippets (half its cost): the full results bring them.
        results = index.search(
            rest, limit=limit, bodies_only=bodies_only, body_loader=None if titles_as_typed else self._store.bodies,
            only_ids=only, cancel=cancel, parsed=parsed, reuse_last=titles_as_typed,
        )
        results.query = query  # what was asked (the window matches results to its box)
        return results

    def _marked(self, query: str, ids: set[int], limit: int,
                clauses: list[MarkClause]) -> SearchResults:
        """A query of mark clauses only: the matching articles, newest first (no index needed)."""
        from reader.library.index import SearchHit, SearchResults
        from reader.library.markfilter import snippets

        ordered = [i for i in self._store.article_ids() if i in ids]
        shown = ordered[:max(1, limit)]
        found = snippets(self._store, shown, clauses)
        hits = [SearchHit(id=r.id, title=r.title, published=r.published, site=r.site, score=0.0,
                          snippet=found.get(r.id, "")) for r in self._store.rows(shown)]
        return SearchResults(query=query, hits=hits, total=len(ordered))

    def _notice_other_writers(self, index: SearchIndex) -> None:
        """After another process (the CLI, a second window) committed to the index, re-read it.

        Every index commit rewrites the journal marker file, so one ``stat``
        tells whether the index changed since this library last looked.
        """
        try:
            st = (sync.index_dir(self.root) / sync.SEQ_FILENAME).stat()
            stamp = (st.st_mtime_ns, st.st_ino, st.st_size)
        except OSError:  # no marker yet (a fresh index): the first commit writes one
            stamp = (0, 0, 0)
        if self._index_stamp is not None and stamp != self._index_stamp:
            refresh = getattr(index, "refresh", None) or getattr(index, "_mark_stale", None)
            if refresh is not None:
                refresh()
        self._index_stamp = stamp

    def match_spans(self, query: str, text: str) -> list[tuple[int, int]]:
        """Where the query's words occur in ``text`` (for highlighting the article body)."""
        from reader.library.markfilter import split_marks

        with self._index_guard:
            index = self._index
        if index is None:
            return []
        return index.match_spans(split_marks(query)[0], text)

    # -- writing ----------------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
        columns: dict[str, str] | None = None,
    ) -> ImportReport:
        """Import files and folders (recursively). See ``reader.library.importer``.

        ``columns`` maps article fields to table columns (``{"body": "Text"}``).
        """
        from reader.library.importer import import_paths

        return import_paths(self.import_context(), paths, progress=progress, cancel=cancel, workers=workers,
                            columns=columns)

    def import_context(self) -> ImportContext:
        """The store, index, lock and catch-up an import works with."""

        def index() -> Any:
            with self._index_guard:
                return self._index

        def index_failed(problem: str) -> None:
            self.index_problem = problem

        return ImportContext(
            root=self.root,
            store=self._store,
            lock=self._lock,
            index=index,
            catch_up=self._catch_up_locked,
            index_failed=index_failed,
            catch_up_bulk=lambda: self._catch_up_locked(procs=1),
            catch_up_background=self._catch_up_background,
        )

    def _catch_up_background(self) -> Any:
        """A catch-up started in a worker process (``background_index.start_catch_up``), or None."""
        with self._index_guard:
            index = self._index
        if index is None:
            return None
        from reader.library import background_index

        return background_index.start_catch_up(self._store, index, sync.index_dir(self.root))

    def delete(self, ids: Iterable[int]) -> int:
        """Delete articles from the library and the index; returns how many existed."""
        ids = list(ids)
        with self._lock:
            n = self._store.delete(ids)
            self._catch_up_locked()
        return n

    def reindex(self, *, progress: Progress | None = None) -> int:
        """Rebuild the search index from the stored articles; returns how many were indexed."""
        with self._lock:
            with self._index_guard:
                if self._index is None:
                    self._index = sync.open_fresh_index(sync.index_dir(self.root))
                index = self._index
            with self._index_writes():
                n = sync.rebuild(self._store, index, sync.index_dir(self.root), progress)
            self.index_problem = None
            return n

    def check(
        self, *, repair: bool = True, progress: Progress | None = None, thorough: bool = False
    ) -> CheckReport:
        """Verify that the stored articles and the index agree; repair the index if asked.

        A damaged database raises ``CorruptLibrary``; a damaged index is rebuilt.
        ``thorough`` checks every page of the database and reads every posting list of the
        index (the window's quiet start-up check compares digests instead: ``check_state``).
        """
        problems = self._store.quick_check(None if thorough else check_state.QUICK_TABLES)
        if problems:
            from reader.errors import CorruptLibrary
            from reader.library.database import corrupt_message

            raise CorruptLibrary(corrupt_message(self._store.path, "; ".join(problems[:3])),
                                 path=self._store.path)
        with self._index_guard:
            if self._index is not None:  # what another process (the CLI) committed is compared too
                self._notice_other_writers(self._index)
        if not repair:
            with self._index_guard:
                index = self._index
            report, _ = sync.check_index(self._store, index, sync.index_dir(self.root),
                                         repair=False, damaged=self._damaged(), thorough=thorough)
            return report
        with self._lock:
            with self._index_guard:
                index = self._index
                damaged = self._damaged()
            with self._index_writes():
                report, index = sync.check_index(
                    self._store, index, sync.index_dir(self.root), repair=True,
                    progress=progress, damaged=damaged, thorough=thorough,
                )
            with self._index_guard:
                self._index = index
                self.index_problem = None
        return report

    @contextmanager
    def _index_writes(self) -> Iterator[None]:
        """OS errors while writing the index (full disk...) as errors the user can act on."""
        try:
            yield
        except OSError as exc:
            raise _disk_error(exc, sync.index_dir(self.root)) from exc

    def _damaged(self) -> str | None:
        return self.index_problem if self._index is None else None

    def _catch_up_locked(self, progress: Progress | None = None, *, procs: int | None = None) -> int:
        """Index what the journal holds beyond the index (caller holds the write lock);
        ``procs=1``: in this process only (one segment), else worker processes for a big backlog."""
        with self._index_guard:
            index = self._index
        if index is None:
            return 0
        with self._index_writes():
            n = sync.catch_up(self._store, index, sync.index_dir(self.root), progress, procs=procs)
        if self.index_problem and "not in the search index" in self.index_problem:
            self.index_problem = None
        return n

    def catch_up(self, *, progress: Progress | None = None, cancel: threading.Event | None = None,
                 on_pause: Callable[[str | None], None] | None = None) -> int:
        """Bring the index up to date with the journal (a big backlog left at open or by a
        cancelled import); with ``cancel``, in a worker process stopped as soon as it is set,
        and giving way to any other writer (``background_index.catch_up_in_turns``:
        ``on_pause`` says who it waits for, then None when it goes on)."""
        if cancel is None:
            with self._lock:
                return self._catch_up_locked(progress)
        from reader.library.background_index import catch_up_in_turns

        with self._index_writes():
            return catch_up_in_turns(self._lock, self._catch_up_background,
                                     lambda: self._catch_up_locked(progress), cancel, on_pause)

def _open_search_index(dirpath: Path) -> tuple[SearchIndex | None, str | None]:
    """(index, None), or (None, why) when the index cannot be read."""
    from reader.library.index import SearchIndex

    # Whoosh does not close the segment files it opened before it met the
    # damage; they are freed with the exception's traceback. Free them now and
    # quietly (their ResourceWarnings are expected), so the damaged index can
    # be moved aside at once, even on Windows.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        index, problem = _try_open(SearchIndex, dirpath)
        if index is None:
            gc.collect()
    if problem:
        log.warning("search index unusable: %s", problem)
    return index, problem


def _try_open(search_index_cls: type[SearchIndex], dirpath: Path) -> tuple[SearchIndex | None, str | None]:
    from reader.library.index import IndexDamaged

    try:
        return search_index_cls.open(dirpath), None
    except IndexDamaged as exc:
        return None, exc.reason


def _disk_error(exc: OSError, path: Path) -> ReaderError:
    """An OS error while writing the index, as an error the user can act on."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ReadOnlyLibrary("the disk is full: free some space, then run a check "
                               "(the stored articles are safe)", path=path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyLibrary(f"the search index cannot be written ({exc.strerror})", path=path)
    return LibraryError(f"the search index cannot be written ({exc.strerror or exc})", path=path)


def _prepare_folder(root: Path, *, create: bool) -> None:
    try:
        root.stat()
    except PermissionError:  # a parent folder may not be entered: exists() would raise
        raise ReadOnlyLibrary("the library folder cannot be reached (permission denied on a "
                              "folder above it)", path=root) from None
    except OSError:
        pass  # missing: created below
    if root.exists() and not root.is_dir():
        raise LibraryError("this is a file, not a library folder", path=root)
    if not root.exists():
        if not create:
            raise LibraryError("there is no library in this folder", path=root)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except PermissionError:
            raise ReadOnlyLibrary("the library folder cannot be created (permission denied)",
                                  path=root) from None
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise ReadOnlyLibrary("the disk is full: the library folder cannot be created",
                                      path=root) from None
            if exc.errno == errno.EROFS:
                raise ReadOnlyLibrary("the disk is read-only", path=root) from None
            raise LibraryError(f"the library folder cannot be created ({exc.strerror})",
                               path=root) from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise ReadOnlyLibrary(
            "the library folder is read-only: choose another folder or fix its permissions",
            path=root,
        )
