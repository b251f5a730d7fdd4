"""``article-reader [--library DIR] delete ID...``: remove articles from the library."""

from __future__ import annotations

import argparse

from reader.cli.common import record_id
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="+", type=record_id, metavar="ID")
    p.add_argument("--json", action="store_true", help='prints {"deleted": N}')


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _delete(library, args), create=False)


def _delete(library, args: argparse.Namespace) -> int:
    n = library.delete(args.ids)
    if args.json:
        print_json({"deleted": n})
    else:
        print(f"deleted: {n}")
    return 0 if n == len(set(args.ids)) else 1
