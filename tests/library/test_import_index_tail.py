"""The end of a big import: the rows stored since the index catch-up in flight started are
indexed by a second worker process beside it, committed after it, and every row is found."""

from __future__ import annotations

import pytest

from tests.library.test_table_import import story, write_csv

ROWS = 260


@pytest.fixture
def slow_catch_up(monkeypatch) -> list[tuple[int, int | None]]:
    """Batches of 20 rows, a catch-up due at 100 articles whose worker (to the importer) is
    still writing until the last row is stored, as a big one is on a busy machine. The list
    receives (articles, ``after``) of each catch-up committed."""
    from reader.library import background_index, bulkimport

    monkeypatch.setattr(bulkimport, "BATCH_RECORDS", 20)
    monkeypatch.setattr(bulkimport, "INDEX_EVERY_ARTICLES", 100)
    monkeypatch.setattr(bulkimport, "INDEX_AT_MOST_SECONDS", 1e9)
    monkeypatch.setattr(bulkimport, "REST_IN_WORKER_MIN", 50)
    monkeypatch.setenv("ARTICLE_READER_INDEX_PROCS", "2")
    rows_running = [True]
    finish = bulkimport.ContainerRun.finish

    def finishing(self, *args, **kwargs):
        rows_running[0] = False
        return finish(self, *args, **kwargs)

    ready = background_index.BackgroundCatchUp.ready

    asked_at_end: list[int] = []

    def still_writing(self) -> bool:
        if rows_running[0]:
            return False
        if not asked_at_end:  # (the first look at the end: still writing, whatever the worker did)
            asked_at_end.append(id(self))
            return False
        return ready(self)

    monkeypatch.setattr(bulkimport.ContainerRun, "finish", finishing)
    monkeypatch.setattr(background_index.BackgroundCatchUp, "ready", still_writing)
    starts: dict[int, int | None] = {}
    start = background_index.start_catch_ups

    def start_spy(store, index, dirpath, after, parts, least):
        flights = start(store, index, dirpath, after, parts, least)
        for flight in flights:
            starts[id(flight)] = after
        return flights

    monkeypatch.setattr(background_index, "start_catch_ups", start_spy)
    out: list[tuple[int, int | None]] = []
    commit = background_index.commit_in_order

    def commit_spy(flights) -> int:
        n = commit(flights)
        out.extend((len(f.ids), starts.get(id(f))) for f in flights)
        return n

    monkeypatch.setattr(background_index, "commit_in_order", commit_spy)
    return out


def assert_all_found_once(lib) -> None:
    for i in (10, 100, 101, 180, ROWS):
        hits = lib.search(f'"district {i}"').hits
        assert [h.title for h in hits] == [f"Story number {i}"]
    assert lib.search("residents").total == ROWS
    assert lib.check().problems == []


def test_the_rest_is_split_between_workers_beside_the_catch_up_in_flight(tmp_path, slow_catch_up):
    from reader.library import Library

    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, ROWS + 1)])
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([str(src)], workers=1)
        assert len(report.imported) == ROWS
        # The first 100 rows' catch-up, then the 160 stored while it was "writing", split
        # between two more workers started before it was committed (after its journal
        # position), committed after it in journal order.
        assert [n for n, _ in slow_catch_up] == [100, 80, 80]
        first, *rest = (after for _, after in slow_catch_up)
        assert first is None and rest[0] is not None and rest[0] == rest[1]
        assert_all_found_once(lib)


def test_when_the_first_catch_up_fails_the_rest_is_not_committed_before_it(tmp_path, slow_catch_up,
                                                                            monkeypatch):
    """A worker that failed: its rows are not skipped by committing the later ones; both parts
    are indexed at the end in this process, and every row is found once."""
    from reader.library import Library, background_index
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
    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, ROWS + 1)])
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([str(src)], workers=1)
        assert len(report.imported) == ROWS
        assert failed == [100]
        assert slow_catch_up == []  # (nothing committed from the workers: all indexed here)
        assert_all_found_once(lib)
