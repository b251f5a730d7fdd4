"""``article-reader [--library DIR] backup FILE`` and ``restore FILE``.

``backup`` writes the whole library — articles with their provenance, your
highlights and notes, labels, stars, read state and collections — to one
portable zip file (format in ``reader.library.backup``). ``restore`` brings a
backup into a library (created if needed), merging without duplicates:
restoring the same backup twice adds nothing the second time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.common import error, path_given
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=path_given, metavar="FILE", help="the backup file")
    p.add_argument("--json", action="store_true", help="print what was written / restored as JSON")


def run(args: argparse.Namespace) -> int:
    if Path(args.file).is_dir():
        error(f"{args.file} is a folder; give a file name")
        return 1
    return with_library(args, lambda library: _backup(library, args), create=False)


def _backup(library, args: argparse.Namespace) -> int:
    from reader.library.backup import write_backup

    report = write_backup(library, Path(args.file))
    if args.json:
        print_json({"file": str(Path(args.file).resolve()), **report.to_dict()})
    else:
        print(Path(args.file).resolve())
        for key, n in report.to_dict().items():
            print(f"{key}: {n}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    if not Path(args.file).is_file():
        error(f"{args.file} is a folder; give the backup file" if Path(args.file).is_dir()
              else f"{args.file}: no such file")
        return 1
    return with_library(args, lambda library: _restore(library, args), create=True)


def _restore(library, args: argparse.Namespace) -> int:
    from reader.cli.library_support import ProgressLine
    from reader.library.backup import restore_backup

    progress = ProgressLine("restoring")
    try:
        report = restore_backup(library, Path(args.file), progress)
    finally:
        progress.finish()
    if args.json:
        print_json(report.to_dict())
    else:
        for key, value in report.to_dict().items():
            if key == "failed":
                print(f"failed: {len(value)}")
                for reason in value:
                    print(f"  {reason}")
            else:
                print(f"{key}: {value}")
    return 1 if report.failed else 0
