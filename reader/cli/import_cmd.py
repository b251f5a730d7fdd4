"""``article-reader [--library DIR] import PATH...``: files and folders -> the library.

Progress goes to stderr; the summary (imported, updated, unchanged, failed
with each reason) to stdout. Exit status 1 when any file failed. Ctrl-C
stops between files and keeps what was imported, with exit status 130 (as for
any command stopped by Ctrl-C: a script must not go on as if all were imported);
a second Ctrl-C aborts.
"""

from __future__ import annotations

import argparse
import signal
import threading

from reader.cli.common import path_given
from reader.cli.library_support import ProgressLine, print_json, with_library
from reader.cli.parse_cmd import add_columns_argument

EXIT_INTERRUPTED = 130  # what a shell reports for a command stopped by Ctrl-C (128 + SIGINT)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=path_given, metavar="PATH", help="files or folders (read recursively)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_columns_argument(p)


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _import(library, args))


def _import(library, args: argparse.Namespace) -> int:
    cancel = threading.Event()
    progress = ProgressLine("importing")

    def on_sigint(_signum, _frame) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        report = library.import_paths(args.paths, progress=progress, cancel=cancel,
                                      columns=args.columns)
    finally:
        signal.signal(signal.SIGINT, previous)
        progress.finish()
    if args.json:
        print_json(report.to_dict())
    else:
        print(f"imported: {len(report.imported)}")
        print(f"updated: {len(report.updated)}")
        print(f"unchanged: {len(report.unchanged)}")
        print(f"failed: {len(report.failed)}")
        for path, reason in report.failed:
            print(f"  {path}: {reason}")
        if report.waiting:
            print(f"comments waiting for their article: {len(report.waiting)}")
            for path, article in report.waiting:
                print(f"  {path}: {article} (shown on it once it is imported)")
        if report.cancelled:
            print("cancelled: the files before the cancel were imported")
    if report.cancelled:
        return EXIT_INTERRUPTED
    return 1 if report.failed else 0
