"""Importing files and folders: identity, atomicity, cancelling, and bad files that must not stop it."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from reader.errors import LibraryError
from reader.library import ImportProgress, Library, importer
from tests.library.conftest import write_article, write_jsonl

BODY = "The committee met on Tuesday and agreed a {word} plan for the coming year."


def article_files(folder: Path, n: int, word: str = "budget") -> list[Path]:
    return [write_article(folder, f"a{i:03}.txt", f"Article number {i}", BODY.format(word=word)
                          + f" Unique marker zq{i}x.") for i in range(n)]


def add_failing_trigger(library: Library, title: str) -> None:
    """Make SQLite itself refuse one article (a real write failure, no mocks)."""
    conn = sqlite3.connect(library.root / "library.sqlite3")
    for event in ("INSERT", "UPDATE"):
        conn.execute(
            f"CREATE TRIGGER fail_{event.lower()} BEFORE {event} ON articles "
            f"WHEN NEW.title = '{title}' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
        )
    conn.commit()
    conn.close()


def test_import_reimport_update_and_copy(library: Library, tmp_path: Path) -> None:
    src = tmp_path / "src"
    files = article_files(src, 3)
    first = library.import_paths([src])
    assert (len(first.imported), first.updated, first.unchanged, first.failed) == (3, [], [], [])
    again = library.import_paths([src])
    assert sorted(again.unchanged) == sorted(first.imported) and not again.imported
    copy = tmp_path / "elsewhere" / "copy.txt"
    copy.parent.mkdir()
    copy.write_bytes(files[0].read_bytes())
    assert library.import_paths([copy]).unchanged == [first.imported[0]]
    write_article(src, "a001.txt", "A new headline", "Completely rewritten text about otters.")
    changed = library.import_paths([src])
    assert changed.updated == [first.imported[1]]  # same path, new bytes: same id
    assert library.count() == 3
    assert library.get(first.imported[1]).title == "A new headline"
    hits = library.search("otters").hits
    assert [h.id for h in hits] == [first.imported[1]]
    assert not library.search("zq1x").hits  # the old text left the index


def test_imported_articles_are_searchable_and_listed(library: Library, tmp_path: Path) -> None:
    article_files(tmp_path / "src", 2)
    report = library.import_paths([tmp_path / "src"])
    hits = library.search("zq1x").hits
    assert len(hits) == 1 and hits[0].title == "Article number 1"
    assert sorted(library.article_ids()) == sorted(report.imported)
    assert library.check(repair=False).problems == []


def test_a_file_whose_second_write_fails_leaves_the_library_as_it_was(
    library: Library, tmp_path: Path
) -> None:
    good = write_article(tmp_path, "good.txt", "Good one", "Some text about kites.")
    dump = write_jsonl(tmp_path, "dump.jsonl", [
        {"title": "First", "body": "The first article talks about herons."},
        {"title": "Second", "body": "The second article talks about egrets."},
    ])
    add_failing_trigger(library, "Second")
    report = library.import_paths([dump, good])
    assert [p for p, _r in report.failed] == [str(dump)]
    assert "simulated failure" in report.failed[0][1]
    assert len(report.imported) == 1  # the other file still went in
    assert [r.title for r in library.rows(library.article_ids())] == ["Good one"]
    assert not library.search("herons").hits  # nothing of the failed file, not even article 1
    assert library.check(repair=False).problems == []


def test_a_failed_update_keeps_the_previous_version(library: Library, tmp_path: Path) -> None:
    dump = write_jsonl(tmp_path, "dump.jsonl", [
        {"title": "First", "body": "Old text about herons."},
        {"title": "Other", "body": "Old text about egrets."},
    ])
    ids = library.import_paths([dump]).imported
    add_failing_trigger(library, "Second")
    write_jsonl(tmp_path, "dump.jsonl", [
        {"title": "First v2", "body": "New text about cranes."},
        {"title": "Second", "body": "New text about storks."},
    ])
    report = library.import_paths([dump])
    assert len(report.failed) == 1
    assert [library.get(i).title for i in ids] == ["First", "Other"]
    assert library.search("herons").hits and not library.search("cranes").hits


def test_cancel_stops_between_files_and_keeps_what_was_committed(
    library: Library, tmp_path: Path
) -> None:
    article_files(tmp_path / "src", 6)
    cancel = threading.Event()
    seen: list[ImportProgress] = []

    def progress(p: ImportProgress) -> None:
        seen.append(p)
        if p.done == 2:
            cancel.set()

    report = library.import_paths([tmp_path / "src"], progress=progress, cancel=cancel)
    assert report.cancelled
    assert len(report.imported) == 2
    assert library.count() == 2
    assert seen[0].total == 6
    assert library.check(repair=False).problems == []  # what was stored is indexed


def test_progress_counts_every_file(library: Library, tmp_path: Path) -> None:
    article_files(tmp_path / "src", 4)
    seen: list[ImportProgress] = []
    library.import_paths([tmp_path / "src"], progress=seen.append)
    assert [p.done for p in seen] == [0, 0, 1, 2, 3, 4]
    assert seen[-1] == ImportProgress(4, 4, "")
    assert all(p.current.endswith(".txt") for p in seen[1:-1])


def test_hidden_files_and_folders_are_skipped(library: Library, tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_article(src, "seen.txt", "Seen", "Visible text.")
    write_article(src, ".hidden.txt", "Hidden", "Hidden text.")
    write_article(src / ".git", "objects.txt", "Git", "Git internals.")
    report = library.import_paths([src])
    assert len(report.imported) == 1 and not report.failed


def bad_files(folder: Path) -> dict[str, str]:
    """Each bad file, by name, with a word its failure reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    whole = gzip.compress(("Title\n\n" + "words " * 5000).encode())
    (folder / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "shape.json").write_text(json.dumps([1, 2, 3]), encoding="utf-8")
    (folder / "binary.dat").write_bytes(os.urandom(4096))
    with open(folder / "huge.txt", "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    return {
        "image.png": "PNG",
        "empty.txt": "empty",
        "cut.txt.gz": "",
        "shape.json": "",
        "binary.dat": "",
        "huge.txt": "large",
    }


def test_bad_files_are_listed_with_reasons_while_the_rest_goes_in(
    library: Library, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    expected = bad_files(src / "bad")
    write_article(src, "good one.txt", "Good", "A perfectly fine article about badgers.")
    odd = write_article(src, "we'ird — näme (1) [x] $HOME.txt", "Odd name",
                        "Fine article with an odd file name about voles.")
    raw_name = os.fsencode(src) + b"/caf\xe9 latin1 name.txt"
    with open(raw_name, "wb") as fh:
        fh.write(b"Bytes name\n\nAn article whose file name is not UTF-8, about moles.\n")
    (src / "loop").symlink_to(src / "loop")  # a link to itself
    (src / "sub").mkdir()
    (src / "sub" / "up").symlink_to(src)  # a folder loop
    report = library.import_paths([src])
    reasons = dict(report.failed)
    for name, word in expected.items():
        path = str(src / "bad" / name)
        assert path in reasons, f"{name} not reported"
        assert word.lower() in reasons[path].lower()
        assert reasons[path].strip()
    assert "loop" in reasons[str(src / "loop")]
    assert "loop" in reasons[str(src / "sub" / "up")]
    titles = sorted(r.title for r in library.rows(library.article_ids()))
    assert titles == ["Bytes name", "Good", "Odd name"]
    assert str(odd) in {library.get(i).source for i in library.article_ids()}
    assert library.search("moles").hits


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_file_is_reported(library: Library, tmp_path: Path) -> None:
    locked = write_article(tmp_path / "src", "locked.txt", "Locked", "Secret text.")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user that can read anything (root)")
        report = library.import_paths([tmp_path / "src"])
        assert "permission" in dict(report.failed)[str(locked)]
    finally:
        locked.chmod(0o644)


def test_deep_and_odd_json_do_not_stop_the_import(library: Library, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    # json.dumps itself cannot write 10,000 levels; build the text by hand.
    opening = "".join('{"author": "a%d", "text": "level %d", "replies": [' % (i, i)
                      for i in range(10_000))
    deep.write_text('{"title": "Deep thread", "body": "Text about a deep thread.", '
                    '"comments": [' + opening + '{"text": "leaf"}' + "]}" * 10_000 + "]}",
                    encoding="utf-8")
    write_article(tmp_path, "fine.txt", "Fine", "A fine article about newts.")
    report = library.import_paths([deep, tmp_path / "fine.txt"])
    assert len(report.imported) + len(report.failed) == 2
    assert report.imported  # the fine file, at least
    for path, reason in report.failed:
        assert path == str(deep) and reason


@pytest.mark.slow
def test_worker_pool_import_matches_in_process_import(tmp_path: Path) -> None:
    """Big imports parse in worker processes; the result must be the same as in-process."""
    n = importer.POOL_MIN_FILES + 4
    article_files(tmp_path / "src", n)
    bad_files(tmp_path / "src" / "bad")
    with Library.open(tmp_path / "pool") as pooled:
        report = pooled.import_paths([tmp_path / "src"], workers=2)
        again = pooled.import_paths([tmp_path / "src"], workers=2)
        pooled_titles = sorted(r.title for r in pooled.rows(pooled.article_ids()))
    with Library.open(tmp_path / "inline") as inline:
        report1 = inline.import_paths([tmp_path / "src"], workers=1)
        inline_titles = sorted(r.title for r in inline.rows(inline.article_ids()))
    assert len(report.imported) == n
    assert sorted(report.failed) == sorted(report1.failed)
    assert len(again.unchanged) == n and not again.imported  # known hashes skipped in workers
    assert pooled_titles == inline_titles


def test_importing_a_folder_that_holds_the_library_skips_the_library(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_article(home / "articles", "a.txt", "Article", "Some text about grebes.")
    with Library.open(home / "library") as lib:
        first = lib.import_paths([home])
        second = lib.import_paths([home])  # now the library folder is full of files
        assert len(first.imported) == 1 and not first.failed
        assert len(second.unchanged) == 1 and not second.failed and not second.imported


def test_encodings_and_an_html_page_without_an_article(library: Library, tmp_path: Path) -> None:
    import codecs

    src = tmp_path / "src"
    src.mkdir()
    (src / "u16.txt").write_bytes(codecs.BOM_UTF16_LE + "Café title\n\nA UTF-16 body about "
                                  "herons.\n".encode("utf-16-le"))
    (src / "latin.txt").write_bytes(b"Pound \xa3 title\n\nA raw Latin-1 pound sign \xa3 "
                                    b"about herons.\n")
    (src / "menu.html").write_text('<html><head><title>x</title></head><body><nav>'
                                   '<a href="/">Home</a></nav></body></html>', encoding="utf-8")
    report = library.import_paths([src])
    assert [p for p, _r in report.failed] == [str(src / "menu.html")]
    assert report.failed[0][1]  # with its reason
    titles = sorted(h.title for h in library.search("herons").hits)
    assert titles == ["Café title", "Pound £ title"]


class _AlwaysBrokenPool:
    """A worker pool whose workers die on every task (as when the system kills them)."""

    def __init__(self) -> None:
        self.shut_down = 0

    def submit(self, fn, *args):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        fut: Future = Future()
        fut.set_exception(BrokenProcessPool("a worker died"))
        return fut

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.shut_down += 1


def test_workers_that_keep_dying_stop_the_import_with_a_reason_and_keep_the_library(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article(tmp_path / "first", "kept.txt", "Kept", "An article stored before the crashes.")
    assert len(library.import_paths([tmp_path / "first"]).imported) == 1
    article_files(tmp_path / "src", importer.POOL_MIN_FILES)
    pool = _AlwaysBrokenPool()
    monkeypatch.setattr(importer, "_start_pool", lambda workers, db_path: pool)
    monkeypatch.setattr(importer, "MAX_POOL_RESTARTS", 0)
    with pytest.raises(LibraryError, match="kept crashing"):
        library.import_paths([tmp_path / "src"], workers=2)
    assert pool.shut_down == 1  # the broken pool was stopped; no second one was started
    assert [r.title for r in library.rows(library.article_ids())] == ["Kept"]
