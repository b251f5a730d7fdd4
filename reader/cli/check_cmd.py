"""``article-reader [--library DIR] check [--json]``: do the articles and the index agree?

Repairs the index where they don't (``--no-repair`` only reports). The full check
runs SQLite's check of every page of the database and reads every stored field and
posting list of the index. ``--quick`` (what the window runs at start-up) compares
digests of both sides kept by the last check (``reader.library.check_state``), reading
only what changed since: the articles written, the index segments that are new or whose
files changed, the index entries deleted; it runs SQLite's page check on the small
tables of what you made by hand only, and reads no posting list but those of one test
search. The JSON
form is {"articles": N, "indexed": M, "repaired": K, "problems": [...]}, plus "annotations":
{"checked", "anchored", "moved", "orphaned", "fixed", "problems"} when the library has any (every highlight is looked
for in its article's text; states and positions are fixed unless ``--no-repair``):
``indexed`` is what the index held before any repair. Exit status 0 when the
library is sound (after repair), 1 when problems remain, 2 when the
database itself is damaged (the message says what to do).
"""

from __future__ import annotations

import argparse

from reader.cli.library_support import ProgressLine, print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help='prints {"articles","indexed","repaired","problems"}')
    p.add_argument("--no-repair", action="store_true", help="only report, change nothing")
    p.add_argument("--quick", action="store_true",
                   help="what the window does at start: compare digests kept by the last check, "
                        "reading only what changed since (articles written, index segments new or "
                        "changed); SQLite's page check only on your highlights, marks, labels and "
                        "collections; no posting lists. The full check reads every database page, "
                        "stored field and posting list")


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _check(library, args), create=False)


def _check(library, args: argparse.Namespace) -> int:
    progress = ProgressLine("checking")
    try:
        report = library.check(repair=not args.no_repair, progress=progress, thorough=not args.quick)
    finally:
        progress.finish()
    anchors = library.annotations.verify(repair=not args.no_repair)
    if args.json:
        extra = {"annotations": anchors.to_dict()} if anchors.checked else {}
        print_json({**report.to_dict(), **extra})
    else:
        print(f"articles: {report.articles}")
        print(f"indexed: {report.indexed}")
        print(f"repaired: {report.repaired}")
        for problem in report.problems:
            print(f"  {problem}")
        if anchors.checked:
            print(f"annotations: {anchors.checked} ({anchors.anchored} anchored, {anchors.moved} "
                  f"moved, {anchors.orphaned} orphaned; {anchors.fixed} "
                  f"{'fixed' if not args.no_repair else 'to fix'})")
            for problem in anchors.problems:
                print(f"  {problem}")
        if not report.problems:
            print("the library is sound")
    unrepaired = bool(report.problems or anchors.fixed) and args.no_repair
    return 1 if unrepaired else 0
