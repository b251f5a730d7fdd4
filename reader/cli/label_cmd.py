"""``article-reader [--library DIR] label ID [--add L]... [--remove L]... [--json]``: your labels.

Labels are your own, kept apart from the site's tags. With neither option,
shows the article's labels; with no ID, lists every label with its count.
"""

from __future__ import annotations

import argparse

from reader.cli.common import record_id
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id, nargs="?", metavar="ID", help="the article (none: list all labels)")
    p.add_argument("--add", action="append", default=[], metavar="L", help="add label L (repeatable)")
    p.add_argument("--remove", action="append", default=[], metavar="L",
                   help="remove label L (repeatable)")
    p.add_argument("--json", action="store_true",
                   help='{"id","starred","read","labels","collections"}, or [{"label","articles"}]')


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _label(library, args), create=False)


def _label(library, args: argparse.Namespace) -> int:
    from reader.library.marks import MarkError

    if args.id is None:
        labels = library.marks.labels()
        if args.json:
            print_json([{"label": name, "articles": n} for name, n in labels])
        else:
            for name, n in labels:
                print(f"{n:>6}  {name}")
        return 0
    library.get(args.id)  # an unknown id: one message, status 2
    try:
        marks = library.marks.get(args.id) if not (args.add or args.remove) else None
        if args.remove:
            marks = library.marks.remove_labels(args.id, args.remove)
        if args.add:
            marks = library.marks.add_labels(args.id, args.add)
    except MarkError as exc:
        from reader.cli.common import error

        error(exc.reason)
        return 1
    assert marks is not None
    if args.json:
        print_json({"id": args.id, **marks.to_dict()})
    else:
        print(", ".join(marks.labels) if marks.labels else "(no labels)")
    return 0
