"""Importing tables: one article per row through ``import`` then ``show``/``list``/``search``."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def cli(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(library), *args],
                          check=False, capture_output=True, text=True, cwd=REPO, timeout=600)


def write_csv(path: Path, rows: list[list[str]], header=("title", "text", "author", "date")) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def story(i: int) -> list[str]:
    return [f"Story number {i}", (f"The river rose {i} centimetres overnight in town {i}.\n\n"
                                  f"Residents of district {i} moved their cars."),
            f"Reporter {chr(65 + i % 26)}",
            f"2022-01-{1 + i % 28:02d}"]


def listed(library: Path) -> list[dict]:
    return json.loads(cli(library, "list", "--json").stdout)


def test_rows_become_articles_shown_with_their_record(tmp_path):
    lib = tmp_path / "lib"
    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, 4)] + [["Empty", "", "X", ""]])
    r = cli(lib, "import", str(src), "--json")
    summary = json.loads(r.stdout)
    assert summary["imported"] == 3
    assert summary["failed"] == [{"path": f"{src}#row=4",
                                  "reason": "no article text (its text cell is empty)"}]
    assert r.returncode == 1  # a bad row is reported like a failed file, never fatal
    rows = listed(lib)
    assert sorted(x["title"] for x in rows) == ["Story number 1", "Story number 2", "Story number 3"]
    by_title = {x["title"]: x["id"] for x in rows}
    shown = json.loads(cli(lib, "show", str(by_title["Story number 2"]), "--json").stdout)
    assert shown["record"] == {"kind": "row", "row": 2}
    assert shown["source"] == f"{src}#row=2"
    assert shown["body"] == ("The river rose 2 centimetres overnight in town 2.\n\n"
                             "Residents of district 2 moved their cars.")
    assert shown["authors"] == ["Reporter C"] and shown["published"] == "2022-01-03"
    hits = cli(lib, "search", "district", "--json")
    assert len(json.loads(hits.stdout)) == 3


def test_importing_again_skips_rows_and_a_changed_table_updates_in_place(tmp_path):
    lib = tmp_path / "lib"
    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, 6)])
    assert json.loads(cli(lib, "import", str(src), "--json").stdout)["imported"] == 5
    again = json.loads(cli(lib, "import", str(src), "--json").stdout)
    assert (again["imported"], again["unchanged"]) == (0, 5)
    ids = {x["title"]: x["id"] for x in listed(lib)}
    # Row 2 edited, row 5 removed.
    rows = [story(i) for i in range(1, 5)]
    rows[1][0] = "Story number 2, corrected"
    write_csv(src, rows)
    third = json.loads(cli(lib, "import", str(src), "--json").stdout)
    assert (third["imported"], third["updated"], third["unchanged"]) == (0, 1, 3)
    after = {x["title"]: x["id"] for x in listed(lib)}
    assert after["Story number 2, corrected"] == ids["Story number 2"]  # same article, updated
    assert "Story number 5" not in after and len(after) == 4


def test_the_same_table_under_another_name_is_unchanged(tmp_path):
    lib = tmp_path / "lib"
    src = write_csv(tmp_path / "a.csv", [story(i) for i in range(1, 4)])
    cli(lib, "import", str(src))
    copy = tmp_path / "copy.csv"
    copy.write_bytes(src.read_bytes())
    again = json.loads(cli(lib, "import", str(copy), "--json").stdout)
    assert (again["imported"], again["unchanged"]) == (0, 3)
    assert len(listed(lib)) == 3


def test_columns_option_and_a_folder_holding_a_table(tmp_path):
    lib = tmp_path / "lib"
    folder = tmp_path / "in"
    folder.mkdir()
    write_csv(folder / "odd.csv", [["Hello", "Body of the first", "2020"]], header=("C1", "C2", "C3"))
    (folder / "note.txt").write_text("A plain article\n\nIts text is a paragraph of a story.\n")
    first = json.loads(cli(lib, "import", str(folder), "--json").stdout)
    assert first["imported"] == 1  # the text file; the table's columns are unknown
    (fail,) = first["failed"]
    assert fail["path"].endswith("odd.csv") and "--columns" in fail["reason"]
    second = json.loads(cli(lib, "import", str(folder), "--columns", "title=C1,body=C2,date=C3",
                            "--json").stdout)
    assert second["imported"] == 1 and second["unchanged"] == 1 and not second["failed"]
    titles = sorted(x["title"] for x in listed(lib))
    assert titles == ["A plain article", "Hello"]


def test_parquet_import(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    lib = tmp_path / "lib"
    pq.write_table(pa.table({"title": ["P one", "P two"], "body": ["Alpha beta.", "Gamma delta."],
                             "tags": [["x", "y"], ["z"]]}), tmp_path / "t.parquet")
    summary = json.loads(cli(lib, "import", str(tmp_path / "t.parquet"), "--json").stdout)
    assert summary["imported"] == 2
    ids = {x["title"]: x["id"] for x in listed(lib)}
    shown = json.loads(cli(lib, "show", str(ids["P one"]), "--json").stdout)
    assert shown["tags"] == ["x", "y"] and shown["record"] == {"kind": "row", "row": 1}


def test_index_commits_of_a_million_rows_grow_with_the_library():
    """A million rows at 20 rows/s make fewer than 20 index segments, each at least a third of
    the library before it: never the ~24 equal segments Whoosh merges through its slow path."""
    from reader.library.bulkimport import BATCH_RECORDS, INDEX_GROWTH, _index_due

    segments: list[int] = []
    library = pending = 0
    elapsed = 0.0
    for _ in range(1_000_000 // BATCH_RECORDS):
        pending += BATCH_RECORDS
        elapsed += BATCH_RECORDS / 20
        if _index_due(pending, elapsed, library):
            assert pending >= library // INDEX_GROWTH
            segments.append(pending)
            library += pending
            pending, elapsed = 0, 0.0
    segments.append(pending)
    assert sum(segments) == 1_000_000
    assert len(segments) < 20, segments
    assert segments[0] <= 10_000  # the first rows are searchable within minutes


def read_by_the_end(monkeypatch) -> None:
    """The index worker has read its articles by the time the importer asks (at the end of the
    rows). On a loaded machine a worker may still be starting when the last of a few hundred
    rows is stored; the import then stops it and splits its articles with the rest
    (``import_end._split_instead``, tested by itself), and no segment of it is committed:
    twice in CI (stop 31, stop 32). Here the importer waits for the worker to have read them."""
    from reader.library import background_index

    all_read = background_index.BackgroundCatchUp.all_read

    def waited(self) -> bool:
        deadline = time.monotonic() + 120
        while not all_read(self) and self._proc.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        return all_read(self)

    monkeypatch.setattr(background_index.BackgroundCatchUp, "all_read", waited)


@pytest.fixture
def committed(monkeypatch) -> list[int]:
    """Batches of 20 rows, an index catch-up due every 60 articles; the list receives the
    number of articles of each catch-up a worker process commits during the import."""
    from reader.library import background_index, bulkimport

    read_by_the_end(monkeypatch)
    monkeypatch.setattr(bulkimport, "BATCH_RECORDS", 20)
    monkeypatch.setattr(bulkimport, "INDEX_EVERY_ARTICLES", 60)
    monkeypatch.setattr(bulkimport, "INDEX_AT_MOST_SECONDS", 1e9)  # (a slow machine: never by time)
    out: list[int] = []
    commit = background_index.commit_in_order

    def spy(flights: list[background_index.BackgroundCatchUp]) -> int:
        n = commit(flights)
        out.extend(len(flight.ids) for flight in flights)
        return n

    monkeypatch.setattr(background_index, "commit_in_order", spy)
    return out


def test_index_catches_up_in_a_worker_process_while_rows_are_stored(tmp_path, committed):
    """Index commits written by a worker process during the import: every row is found by
    search afterwards, once, and check finds nothing to repair."""
    from reader.library import Library

    src = write_csv(tmp_path / "news.csv", [story(i) for i in range(1, 241)])
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([str(src)], workers=1)
        assert len(report.imported) == 240
        assert committed and committed[0] >= 60  # (the rest, if any, indexed at the end)
        for i in (10, 60, 61, 150, 240):
            hits = lib.search(f'"district {i}"').hits
            assert [h.title for h in hits] == [f"Story number {i}"]
        assert lib.search("residents").total == 240
        assert lib.check().problems == []


def six_tables(tmp_path: Path) -> Path:
    """A folder of six tables of 40 rows each (stories 1-240)."""
    folder = tmp_path / "tables"
    folder.mkdir()
    for f in range(6):
        write_csv(folder / f"part{f}.csv", [story(i) for i in range(1 + 40 * f, 41 + 40 * f)])
    return folder


def assert_each_found_once(lib, numbers) -> None:
    for i in numbers:
        hits = lib.search(f'"district {i}"').hits
        assert [h.title for h in hits] == [f"Story number {i}"]


def test_a_folder_of_tables_is_indexed_across_files_not_after_each(tmp_path, committed):
    """Six tables of 40 rows in one import: the index catches up every 60 articles across the
    files (and once at the end), never a small segment per file; every row is found by search
    afterwards, once, and check finds nothing to repair."""
    from reader.library import Library

    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([str(six_tables(tmp_path))], workers=1)
        assert len(report.imported) == 240 and not report.failed
        assert committed and all(n >= 60 for n in committed), committed  # (not 40 a file)
        assert_each_found_once(lib, (11, 40, 41, 121, 200, 240))
        assert lib.search("residents").total == 240
        assert lib.check().problems == []


def test_a_folder_of_small_tables_is_parsed_by_worker_processes(tmp_path, monkeypatch):
    """Tables each too small for worker processes of their own (a dump split in files of 1,000
    rows): once the folder's files so far hold enough rows, the rest are parsed by two worker
    processes, and every row is stored, found by search, once."""
    from reader.library import Library, bulkimport

    monkeypatch.setattr(bulkimport, "POOL_MIN_RECORDS", 100)
    monkeypatch.setattr(bulkimport, "BATCH_RECORDS", 20)
    started: list[int] = []
    start = bulkimport._pool

    def spy(total, workers, db_path):
        pool = start(total, workers, db_path)
        started.append(getattr(pool, "_max_workers", 0))
        return pool

    monkeypatch.setattr(bulkimport, "_pool", spy)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([str(six_tables(tmp_path))], workers=2)
        assert len(report.imported) == 240 and not report.failed
        assert started == [2]  # started once, at the third file (40 + 40 + 40 rows), for the rest
        assert_each_found_once(lib, (11, 80, 81, 121, 240))
        assert lib.check().problems == []
