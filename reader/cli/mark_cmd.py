"""``article-reader [--library DIR] mark ID... --read|--unread|--star|--unstar [--json]``."""

from __future__ import annotations

import argparse

from reader.cli.common import record_id
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", type=record_id, nargs="+", metavar="ID", help="article ids")
    read = p.add_mutually_exclusive_group()
    read.add_argument("--read", action="store_true", help="mark read")
    read.add_argument("--unread", action="store_true", help="mark unread")
    star = p.add_mutually_exclusive_group()
    star.add_argument("--star", action="store_true", help="star")
    star.add_argument("--unstar", action="store_true", help="remove the star")
    p.add_argument("--json", action="store_true",
                   help='a JSON list of {"id","starred","read","labels","collections"}')


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _mark(library, args), create=False)


def _mark(library, args: argparse.Namespace) -> int:
    ids = list(dict.fromkeys(args.ids))
    for i in ids:
        library.get(i)  # an unknown id: one message, status 2, nothing changed
    if args.read or args.unread:
        library.marks.set_read(ids, read=args.read)
    if args.star or args.unstar:
        library.marks.set_starred(ids, starred=args.star)
    marks = library.marks.many(ids)
    if args.json:
        print_json([{"id": i, **marks[i].to_dict()} for i in ids])
    else:
        for i in ids:
            m = marks[i]
            print(f"{i:>6}  {'read' if m.read else 'unread'}{'  starred' if m.starred else ''}")
    return 0
