"""``article-reader [--library DIR] reindex``: rebuild the search index from the stored articles."""

from __future__ import annotations

import argparse

from reader.cli.library_support import ProgressLine, print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help='prints {"indexed": N}')


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _reindex(library, args), create=False)


def _reindex(library, args: argparse.Namespace) -> int:
    progress = ProgressLine("indexing")
    try:
        n = library.reindex(progress=progress)
    finally:
        progress.finish()
    if args.json:
        print_json({"indexed": n})
    else:
        print(f"indexed: {n}")
    return 0
