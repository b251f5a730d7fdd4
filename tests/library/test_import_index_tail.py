"""The end of a big import: once the index catch-up in flight is written, the rows stored
since it started are split between two worker processes, committed together in journal
order, and every row is found once."""

from __future__ import annotations

import pytest

from tests.library.test_table_import import read_by_the_end, story, write_csv

ROWS = 260


@pytest.fixture
def slow_catch_up(monkeypatch) -> list[list[int]]:
    """Batches of 20 rows, a catch-up due at 100 articles whose worker (to the importer) is
    still writing until the last row is stored, as a big one is on a busy machine. The list
    receives, for each index commit of worker segments, the articles of each segment."""
    from reader.library import background_index, bulkimport, import_end

    monkeypatch.setattr(bulkimport, "BATCH_RECORDS", 20)
    monkeypatch.setattr(bulkimport, "INDEX_EVERY_ARTICLES", 100)
    monkeypatch.setattr(bulkimport, "INDEX_AT_MOST_SECONDS", 1e9)
    monkeypatch.setattr(import_end, "REST_IN_WORKER_MIN", 50)
    monkeypatch.setenv("ARTICLE_READER_INDEX_PROCS", "2")
    read_by_the_end(monkeypatch)
    rows_running = [True]
    finish = bulkimport.ContainerRun.finish

    def finishing(self, *args, **kwargs):
        rows_running[0] = False
        return finish(self, *args, **kwargs)

    ready = background_index.BackgroundCatchUp.ready

    def still_writing(self) -> bool:
        return False if rows_running[0] else ready(self)

    monkeypatch.setattr(bulkimport.ContainerRun, "finish", finishing)
    monkeypatch.setattr(background_index.BackgroundCatchUp, "ready", still_writing)
    out: list[list[int]] = []
    commit = background_index.commit_in_order

    def commit_spy(flights) -> int:
        n = commit(flights)
        out.append([len(f.ids) for f in flights])
        return n

    monkeypatch.setattr(background_index, "commit_in_order", commit_spy)
    return out


def import_and_check(tmp_path, commits: list[list[int]], expected: list[list[int]]) -> None:
    """Import the table of ROWS rows: all stored, the worker segments committed as ``expected``
    (the articles of each, per commit), every row found once, check clean."""
    from reader.library import Library

    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, ROWS + 1)])
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([str(src)], workers=1)
        assert len(report.imported) == ROWS
        assert commits == expected
        assert_all_found_once(lib)


def assert_all_found_once(lib) -> None:
    for i in (10, 100, 101, 180, ROWS):
        hits = lib.search(f'"district {i}"').hits
        assert [h.title for h in hits] == [f"Story number {i}"]
    assert lib.search("residents").total == ROWS
    assert lib.check().problems == []


def test_the_rest_is_split_between_two_workers_after_the_catch_up_in_flight(tmp_path, slow_catch_up,
                                                                            monkeypatch):
    """A catch-up writing its postings at the end (it has read its articles) is waited for."""
    from reader.library import background_index

    monkeypatch.setattr(background_index.BackgroundCatchUp, "all_read", lambda self: True)
    # The first 100 rows' catch-up, then the 160 stored while it was "writing", split
    # between two workers (at a batch's end) and committed together.
    import_and_check(tmp_path, slow_catch_up, [[100], [80, 80]])


def test_when_the_catch_up_in_flight_fails_the_split_rest_holds_its_rows(tmp_path, slow_catch_up,
                                                                            monkeypatch):
    """A worker that failed: its rows are not skipped; the split rest starts where the index
    stands, so it holds them, and every row is found once."""
    from reader.library import background_index
    from reader.library.parallel_index import IndexWorkerFailed

    segment = background_index.BackgroundCatchUp.segment
    failed: list[int] = []

    def first_fails(self):
        if not failed:
            failed.append(len(self.ids))
            self.cancel()
            raise IndexWorkerFailed("an index worker process failed (test)")
        return segment(self)

    monkeypatch.setattr(background_index.BackgroundCatchUp, "segment", first_fails)
    import_and_check(tmp_path, slow_catch_up, [[140, 120]])
    assert failed == [100]


def test_a_catch_up_still_reading_at_the_end_is_split_with_the_rest(tmp_path, slow_catch_up,
                                                                    monkeypatch):
    """A catch-up that has not read all its articles when the last row is stored (less than
    half its work) is stopped: its articles and the rest are split between two workers."""
    from reader.library import background_index

    monkeypatch.setattr(background_index.BackgroundCatchUp, "all_read", lambda self: False)
    ready = background_index.BackgroundCatchUp.ready  # (the fixture's)
    asked_at_end: list[int] = []

    def still_reading(self) -> bool:  # (the first catch-up, asked once the rows are stored)
        if len(self.ids) == 100 and ready(self) and not asked_at_end:
            asked_at_end.append(1)
            return False
        return ready(self)

    monkeypatch.setattr(background_index.BackgroundCatchUp, "ready", still_reading)
    import_and_check(tmp_path, slow_catch_up, [[140, 120]])


def test_a_worker_says_when_it_has_read_its_articles(tmp_path):
    """What the import's end decides on: a catch-up's worker reports all its articles read."""
    from reader.library import Library, background_index, sync

    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, 41)])
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([str(src)], workers=1)
        index = lib._index
        flight = background_index.BackgroundCatchUp(lib._store, index, sync.index_dir(lib.root),
                                                    list(range(1, 41)), lib._store.max_seq())
        flight.segment()
        assert flight.all_read()
        flight.cancel()


def test_the_end_is_reported_as_articles_added_to_the_search_index(tmp_path, slow_catch_up,
                                                                   monkeypatch):
    """What the window and the command line say at the end: how many articles the workers add
    to the search index, before they start and once they are in; the CLI's line says it."""
    from reader.cli.library_support import _count
    from reader.library import Library, background_index

    monkeypatch.setattr(background_index.BackgroundCatchUp, "all_read", lambda self: True)
    seen = []
    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, ROWS + 1)])
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([str(src)], workers=1, progress=seen.append)
    ends = [p for p in seen if p.unit == "index"]
    assert [(p.done, p.total) for p in ends] == [(0, 160), (160, 160)]
    assert _count(ends[0]) == "search index, 160 articles"
    assert _count(ends[1]) == "search index, 160 articles added"


def test_a_backlog_holding_deletions_is_not_split_between_workers(tmp_path):
    """Workers only add segments: a journal that also deletes articles is left to the catch-up
    that applies deletions (the split would index the rest and lose the deletion)."""
    from reader.library import Library, background_index, sync

    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, 41)])
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([str(src)], workers=1)
        dirpath = sync.index_dir(lib.root)
        sync.write_indexed_seq(dirpath, 0)  # (as if the index had none of the 40 yet)
        flights = background_index.start_catch_ups(lib._store, lib._index, dirpath, 2, 10)
        assert [len(f.ids) for f in flights] == [40]  # (one transaction: never split inside it)
        for flight in flights:
            flight.cancel()
        lib._store.delete([5])
        assert background_index.start_catch_ups(lib._store, lib._index, dirpath, 2, 10) == []
