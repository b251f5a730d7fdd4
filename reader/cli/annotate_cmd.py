"""``article-reader [--library DIR] annotate ID --quote TEXT [--occurrence N] [--note TEXT]
[--color NAME] [--json]``: highlight a passage of an article, with a note.

Also changes or removes an existing annotation: ``annotate --edit AID --note TEXT --color NAME``
and ``annotate --delete AID``. The quote is matched exactly, else with whitespace, quote marks,
dashes and case ignored; ``--occurrence`` picks among several places (1 = first).
``--comment N`` highlights in the N-th comment (thread order, 0 = first) instead of the body.
"""

from __future__ import annotations

import argparse

from reader.cli.common import error, record_id
from reader.cli.library_support import print_json, with_library
from reader.library.anchoring import COLORS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id, nargs="?", metavar="ID", help="the article id (see list or search)")
    p.add_argument("--quote", metavar="TEXT", help="the passage to highlight, as it reads in the article")
    p.add_argument("--occurrence", type=int, default=1, metavar="N",
                   help="which place the quote occurs at, when it occurs several times (1 = first)")
    p.add_argument("--note", metavar="TEXT", help="a note on the highlight")
    p.add_argument("--color", metavar="NAME", help=f"one of {', '.join(COLORS)} (yellow)")
    p.add_argument("--comment", type=int, metavar="N",
                   help="highlight in comment N (thread order, 0 = first) instead of the body")
    p.add_argument("--edit", type=record_id, metavar="AID", help="change annotation AID's --note / --color")
    p.add_argument("--delete", type=record_id, metavar="AID", help="delete annotation AID")
    p.add_argument("--json", action="store_true", help="print the annotation as JSON")


def run(args: argparse.Namespace) -> int:
    if args.delete is None and args.edit is None and (args.id is None or args.quote is None):
        error("annotate needs ID and --quote TEXT (or --edit AID / --delete AID)")
        return 1
    return with_library(args, lambda library: _annotate(library, args), create=False)


def _annotate(library, args: argparse.Namespace) -> int:
    from reader.library.annotations import BODY, AnnotationError, comment_target

    try:
        if args.delete is not None:
            gone = library.annotations.delete(args.delete)
            if args.json:
                print_json({"deleted": int(gone)})
            else:
                print(f"deleted: {int(gone)}")
            return 0 if gone else 1
        if args.edit is not None:
            a = library.annotations.update(args.edit, note=args.note, color=args.color)
        else:
            target = BODY if args.comment is None else comment_target(args.comment)
            a = library.annotations.create(
                args.id, quote=args.quote, occurrence=args.occurrence, note=args.note or "",
                color=args.color or "yellow", target=target)
    except AnnotationError as exc:
        error(exc.reason)
        return 1
    if args.json:
        print_json(a.to_dict())
    else:
        print(f"annotation {a.id} on article {a.article_id} at {a.start}..{a.end} ({a.color})")
    return 0
