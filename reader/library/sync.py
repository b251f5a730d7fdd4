"""Keeping the search index in step with the stored articles.

SQLite is the truth; the Whoosh index is derived from it and can always be
rebuilt. Two mechanisms keep them in step:

- The journal (``Store.changed_since``): every committed write has a seq
  number. After each index commit the last seq it covers is written to
  ``index/library-seq.json`` (atomically: temp file + rename). ``catch_up``
  indexes whatever SQLite holds beyond that — after a crash between the
  SQLite commit and the index commit, on the next start.
- ``check``: compares every stored (id, content hash) with the index's, and
  repairs the difference; an unreadable index (a deleted or damaged segment)
  is rebuilt from the stored articles.

Callers hold the library's ``WriteLock`` around every function here that
writes.
"""

from __future__ import annotations

import errno
import json
import logging
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import ReaderError, ReadOnlyLibrary
from reader.library import check_state
from reader.library.article_reads import IndexRecord
from reader.library.codec import comments_text
from reader.library.jsonfile import write_json_atomic
from reader.library.records import CheckReport, ImportProgress
from reader.library.store import Store

if TYPE_CHECKING:  # (index.py is imported late here: loading Whoosh is for the functions that need it)
    from reader.library.index import IndexProgress, SearchIndex
    from reader.library.index_schema import IndexDoc

log = logging.getLogger(__name__)

INDEX_DIRNAME = "index"
SEQ_FILENAME = "library-seq.json"
#: Articles read from SQLite and handed to the index at a time.
DOC_CHUNK = 500

Progress = Callable[[ImportProgress], None]


def index_dir(root: Path) -> Path:
    return Path(root) / INDEX_DIRNAME


# -- the committed-seq marker ------------------------------------------------
def read_indexed_seq(dirpath: Path) -> int | None:
    """The journal position the index has committed, None when unknown."""
    try:
        return int(json.loads((dirpath / SEQ_FILENAME).read_text(encoding="utf-8"))["seq"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_indexed_seq(dirpath: Path, seq: int) -> None:
    """Write the marker atomically: a crash leaves the old or the new value, never half."""
    dirpath.mkdir(parents=True, exist_ok=True)
    write_json_atomic(dirpath / SEQ_FILENAME, {"seq": int(seq)}, prefix=".seq-")


# -- documents ---------------------------------------------------------------
def to_doc(rec: IndexRecord) -> IndexDoc:
    from reader.library.index_schema import IndexDoc

    speakers: dict[str, None] = {}
    for speaker, _text in rec.quotes:
        if speaker:
            speakers[speaker] = None
    return IndexDoc(
        id=rec.id, version=rec.version, title=rec.title, body=rec.body, authors=rec.authors,
        site=rec.site, tags=rec.tags, quotes=[t for _s, t in rec.quotes if t],
        speakers=list(speakers), comments=comments_text(rec.data), published=rec.published,
    )


def iter_docs(store: Store, ids: Sequence[int]) -> Iterator[IndexDoc]:
    """Index documents for ``ids``, read from SQLite a chunk at a time (bounded memory)."""
    ids = list(ids)
    for i in range(0, len(ids), DOC_CHUNK):
        for rec in store.index_records(ids[i:i + DOC_CHUNK]):
            yield to_doc(rec)


def _progress_adapter(progress: Progress | None, what: str, total: int | None) -> IndexProgress | None:
    """Index progress as ImportProgress; a total of 0 means "not known in advance"."""
    if progress is None:
        return None

    def report(done: int, _total: int | None) -> None:
        shown = done if total is None else min(done, total)
        progress(ImportProgress(done=shown, total=total or 0, current=what))

    return report


# -- disk errors -----------------------------------------------------------------
@contextmanager
def index_writes(dirpath: Path) -> Iterator[None]:
    """A full disk (or a read-only one) while writing the index becomes a message the
    user can act on, and the half-written segment files are removed: the index keeps
    its last commit, and the journal brings it up to date once there is room."""
    try:
        yield
    except OSError as exc:
        remove_uncommitted_files(dirpath)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            why = "the disk is full"
        elif exc.errno == errno.EROFS:
            why = "the disk is read-only"
        elif exc.errno in (errno.EACCES, errno.EPERM):
            why = "permission denied"
        else:
            why = exc.strerror or str(exc)
        raise ReadOnlyLibrary(
            f"the search index cannot be written ({why}); the stored articles are safe and "
            "are indexed once the index can be written again",
            path=dirpath,
        ) from exc


def remove_uncommitted_files(dirpath: Path) -> None:
    """Delete index files that no committed generation uses (left by a failed write)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC, clean_files

    from reader.library.index_schema import INDEX_NAME

    for leftover in (dirpath / f"{INDEX_NAME}.tmp", dirpath.with_name(dirpath.name + ".rebuild")):
        shutil.rmtree(leftover, ignore_errors=True)
    for tmp in [*dirpath.glob(".seq-*"), *dirpath.glob(".digests-*")]:
        try:
            tmp.unlink()
        except OSError:
            pass
    try:
        storage = FileStorage(str(dirpath))
        gen = TOC._latest_generation(storage, INDEX_NAME)
        if gen >= 0:
            clean_files(storage, INDEX_NAME, gen, TOC.read(storage, INDEX_NAME, gen).segments)
    except Exception:  # a damaged index is rebuilt by check; nothing more to tidy here
        log.warning("could not tidy the index folder after a failed write", exc_info=True)


# -- catch-up, rebuild, check -------------------------------------------------
def backlog_problem(backlog: int) -> str:
    """What ``Library.index_problem`` says while ``backlog`` articles wait for the index."""
    return f"{backlog} articles are not in the search index yet; a check will add them"


def catch_up(store: Store, index: SearchIndex, dirpath: Path, progress: Progress | None = None, *,
             procs: int | None = None) -> int:
    """Index every change SQLite committed after the index's marker; returns how many.
    ``procs``: index worker processes for a big backlog (None: the default, 1: none)."""
    newest = store.max_seq()
    done_seq = read_indexed_seq(dirpath)
    if done_seq is not None and done_seq > newest:
        # The index is ahead of the database (a restored backup?): compare in full.
        report, _ = check_index(store, index, dirpath, repair=True, progress=progress)
        return report.repaired
    start = done_seq or 0
    if start == newest:
        return 0
    changed, deleted = store.changed_since(start)
    with index_writes(dirpath):
        if changed:
            index.add(iter_docs(store, changed),
                      progress=_progress_adapter(progress, "indexing", len(changed)), procs=procs)
        if deleted:
            index.delete(deleted)
        write_indexed_seq(dirpath, newest)
    store.prune_tombstones(newest)
    return len(changed) + len(deleted)


def finish_stream(store: Store, index: SearchIndex, dirpath: Path, start_seq: int,
                  indexed: set[int]) -> None:
    """After an import streamed its articles into the index: deletions, then the marker.

    ``start_seq`` is the journal position the index was at before the stream;
    ``indexed`` the ids the stream added. Anything else the journal holds since
    (a JSON Lines file that shrank) is applied here.
    """
    newest = store.max_seq()
    changed, deleted = store.changed_since(start_seq)
    missing = [i for i in changed if i not in indexed]
    if missing:
        index.add(iter_docs(store, missing))
    if deleted:
        index.delete(deleted)
    write_indexed_seq(dirpath, newest)
    store.prune_tombstones(newest)


def rebuild(store: Store, index: SearchIndex, dirpath: Path, progress: Progress | None = None) -> int:
    """Replace the index by one built from every stored article."""
    newest = store.max_seq()
    ids = store.all_ids()
    what = "rebuilding the search index"
    if progress is not None:
        progress(ImportProgress(0, len(ids), what))
    with index_writes(dirpath):
        n = index.rebuild(iter_docs(store, ids), total=len(ids),
                          progress=_progress_adapter(progress, what, len(ids)))
        write_indexed_seq(dirpath, newest)
        # The new segments' digests, so that the next quick check need not read them all
        # (~10 s per million articles, beside the rebuild's hour).
        check_state.index_digest(index, keep=True)
    store.prune_tombstones(newest)
    return n


def open_fresh_index(dirpath: Path) -> SearchIndex:
    """Move an unreadable index out of the way and start an empty one."""
    from reader.library.index import SearchIndex

    if dirpath.exists():
        aside = dirpath.with_name(dirpath.name + ".damaged")
        shutil.rmtree(aside, ignore_errors=True)
        try:
            dirpath.rename(aside)
            shutil.rmtree(aside, ignore_errors=True)
        except OSError:
            shutil.rmtree(dirpath, ignore_errors=True)
    return SearchIndex.open(dirpath)


def check_index(
    store: Store, index: SearchIndex | None, dirpath: Path, *, repair: bool, progress: Progress | None = None,
    damaged: str | None = None, thorough: bool = False,
) -> tuple[CheckReport, SearchIndex | None]:
    """Compare stored articles with the index; repair the difference when asked.

    ``index`` may be None (it could not be opened; ``damaged`` says why):
    then, with ``repair``, a fresh index is built. Returns the report and the
    index to use from now on (a new one after a rebuild). ``thorough`` reads every
    stored field and every posting list of the index (garbage there is otherwise found
    only by the search that needs it); without it the two sides' digests
    (``check_state``) are compared first, in time proportional to what changed since
    they were kept, and each article is compared only when they differ. With
    ``repair`` the digests are kept for the next check.
    """
    from reader.library.index import IndexDamaged

    newest = store.max_seq()
    # (outside the try below: damage in the database is CorruptLibrary, not index damage)
    stored_side = check_state.store_digest(store, keep=repair, full=thorough)
    problems: list[str] = []
    indexed: dict[int, str] | None = None
    if index is not None and damaged is None:
        try:
            _probe(index)
            if thorough:
                index.verify_postings(_progress_adapter(progress, "reading the search index", None))
            indexed_side = check_state.index_digest(index, keep=repair, full=thorough)
            if not thorough and (indexed_side.digest, indexed_side.count) == (
                stored_side.digest, stored_side.count
            ):
                return _in_step(store, dirpath, stored_side.count, repair, newest), index
            if indexed_side.versions is None:
                indexed_side = check_state.index_digest(index, keep=repair, full=True)
            indexed = indexed_side.versions
        except IndexDamaged as exc:
            damaged = exc.reason
        except Exception as exc:  # Whoosh reports damage as anything from EOFError to zlib.error
            damaged = f"{type(exc).__name__}: {exc}"
            log.warning("search index unreadable: %s", damaged)
    if damaged is not None:
        problems.append(f"the search index could not be read ({plain_reason(damaged)})")
        report = CheckReport(articles=stored_side.count, indexed=0, repaired=0, problems=problems)
        if repair:
            if index is not None:
                try:
                    index.close()
                except Exception:  # closing a damaged index may fail too; it is replaced anyway
                    pass
            with index_writes(dirpath):
                index = open_fresh_index(dirpath)
            report.repaired = rebuild(store, index, dirpath, progress)
            problems[-1] += f"; rebuilt it from the {report.repaired} stored articles"
        else:
            problems[-1] += "; run check with repair to rebuild it"
        return report, index

    stored = stored_side.versions if stored_side.versions is not None else store.versions()
    assert indexed is not None and index is not None  # (read from the index above)
    missing = sorted(set(stored) - set(indexed))
    outdated = sorted(i for i in stored if i in indexed and indexed[i] != stored[i])
    extra = sorted(set(indexed) - set(stored))
    suffix = "" if repair else " (not repaired)"
    if missing:
        problems.append(f"{len(missing)} article(s) were missing from the search index{suffix}")
    if outdated:
        problems.append(f"{len(outdated)} article(s) had an outdated search entry{suffix}")
    if extra:
        problems.append(f"{len(extra)} deleted article(s) were still in the search index{suffix}")
    report = CheckReport(articles=len(stored), indexed=len(indexed), repaired=0,
                         problems=problems)
    if repair:
        todo = missing + outdated
        with index_writes(dirpath):
            if todo:
                index.add(iter_docs(store, todo),
                          progress=_progress_adapter(progress, "repairing the search index",
                                                     len(todo)))
            if extra:
                index.delete(extra)
            report.repaired = len(todo) + len(extra)
            if report.repaired or read_indexed_seq(dirpath) != newest:
                write_indexed_seq(dirpath, newest)
            store.prune_tombstones(newest)
    return report, index


def _in_step(store: Store, dirpath: Path, count: int, repair: bool, newest: int) -> CheckReport:
    """The report when the digests agree: nothing to repair; the journal marker is brought
    forward as a repair that found nothing would."""
    if repair:
        with index_writes(dirpath):
            if read_indexed_seq(dirpath) != newest:
                write_indexed_seq(dirpath, newest)
            store.prune_tombstones(newest)
    return CheckReport(articles=count, indexed=count, repaired=0, problems=[])


def plain_reason(reason: str) -> str:
    """An index error's reason without its own advice (we say what we did instead)."""
    for tail in ("; rebuild it", ", rebuild it"):
        if reason.endswith(tail):
            return reason[: -len(tail)]
    return reason


def _probe(index: SearchIndex) -> None:
    """Run one real query, so damaged postings show up now rather than in the user's search."""
    from reader.library.index import IndexDamaged

    try:
        index.search("the OR a OR said", limit=5)
    except ReaderError:
        raise
    except Exception as exc:
        raise IndexDamaged(f"a test search failed ({type(exc).__name__})") from exc
