"""Where a bulk import's CPU goes, step by step (issue 12/16).

    python tests/benchmarks/split_table_import.py TABLE [--workers 1]

Imports TABLE (a CSV/TSV/Parquet file, e.g. one written by bench_table_import.py
--keep) into a new library with every step timed by ``time.process_time``
(reading rows, parsing, the story signature, SQLite writes, joining stories,
index analysis, writing the index, merging segments). With ``--workers 1``
(the default) everything runs in this process, the index catch-ups too (an
import normally hands them to a worker process), so the figures add up to the
whole import's CPU; with more workers the parse and index steps are in them
and not counted here.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

#: (module, attribute path, label): the steps timed. Indented labels are inside the one above.
STEPS = (
    ("reader.library.bulkimport", "_read_batch", "read rows + look them up"),
    ("reader.library.bulkimport", "_parse_batch", "parse (all)"),
    ("reader.library.codec", "signature", "  story signature"),
    ("reader.parsing", "finish_article", "  finish_article"),
    ("reader.library.bulkimport", "_store_batch", "store (SQLite + stories)"),
    ("reader.library.store", "story_tables.assign", "  join stories"),
    ("reader.library.sync", "catch_up", "index (all)"),
    ("reader.library.bulkwrite", "BulkSegmentWriter.add_document", "  analyse + accumulate"),
    ("reader.library.bulkwrite", "BulkSegmentWriter._write_postings", "  write postings"),
    ("reader.library.index", "SearchIndex._merge_small_segments", "  merge segments"),
)


def timed(spent: dict[str, float], calls: dict[str, int]) -> None:
    for module, attr, label in STEPS:
        owner: Any = importlib.import_module(module)
        *path, name = attr.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, _wrap(getattr(owner, name), label, spent, calls))


def _wrap(fn: Callable[..., Any], label: str, spent: dict[str, float], calls: dict[str, int]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
            calls[label] += 1
    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("table", type=Path)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    timed(spent, calls)
    from reader.library import Library, sync

    if args.workers <= 1:  # the index catch-ups too in this process (not in a worker: background_index)
        sync.start_background_catch_up = lambda *_args: None  # type: ignore[assignment]

    root = Path(tempfile.mkdtemp(prefix="split-import-"))
    try:
        with Library.open(root / "lib") as lib:
            cpu, wall = time.process_time(), time.perf_counter()
            report = lib.import_paths([str(args.table)], workers=args.workers)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        shutil.rmtree(root, ignore_errors=True)
    n = max(1, len(report.imported))
    print(f"imported {len(report.imported):,} rows, failed {len(report.failed)}: {cpu:.1f} s CPU "
          f"({1000 * cpu / n:.1f} ms/row), {wall:.1f} s wall")
    for _module, _attr, label in STEPS:
        if calls[label]:
            print(f"{label:28s} {spent[label]:8.1f} s {100 * spent[label] / cpu:5.1f}%  "
                  f"{1000 * spent[label] / n:6.2f} ms/row  ({calls[label]} calls)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
