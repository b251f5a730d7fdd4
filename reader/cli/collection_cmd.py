"""``article-reader [--library DIR] collection [NAME] [--add ID...] [--remove ID...] [--delete]
[--json]``: named collections of articles (an article may be in several).

With no NAME, lists the collections with their sizes; with NAME alone, lists
its articles. ``--add`` creates the collection when it does not exist yet;
``--delete`` removes the collection (never its articles).
"""

from __future__ import annotations

import argparse

from reader.cli.common import error, record_id
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", metavar="NAME", help="the collection")
    p.add_argument("--add", type=record_id, nargs="+", default=[], metavar="ID", help="add articles")
    p.add_argument("--remove", type=record_id, nargs="+", default=[], metavar="ID", help="take articles out")
    p.add_argument("--delete", action="store_true", help="delete the collection (articles stay)")
    p.add_argument("--json", action="store_true",
                   help='[{"name","articles"}], or {"name","articles":[{"id","title"}]} for NAME, '
                        'or {"deleted": N} with --delete')


def run(args: argparse.Namespace) -> int:
    if args.name is None and (args.add or args.remove or args.delete):
        error("give the collection's NAME")
        return 1
    if args.delete and (args.add or args.remove):
        error("--delete deletes the whole collection: give it without --add / --remove")
        return 1
    return with_library(args, lambda library: _collection(library, args), create=False)


def _collection(library, args: argparse.Namespace) -> int:
    from reader.library.marks import MarkError

    marks = library.marks
    if args.name is None:
        found = marks.collections()
        if args.json:
            print_json([{"name": n, "articles": c} for n, c in found])
        elif not found:
            print("no collections")
        for n, c in found if not args.json else ():
            print(f"{c:>6}  {n}")
        return 0
    try:
        if args.delete:
            gone = marks.delete_collection(args.name)
            if args.json:
                print_json({"deleted": int(gone)})  # (as annotate --delete --json)
            else:
                print(f"deleted: {int(gone)}")
            return 0 if gone else 1
        for i in args.add + args.remove:
            library.get(i)  # an unknown id: one message, status 2, nothing changed
        if args.add:
            marks.add_to_collection(args.name, args.add)
        if args.remove:
            marks.remove_from_collection(args.name, args.remove)
    except MarkError as exc:
        error(exc.reason)
        return 1
    known = {n.casefold(): n for n, _c in marks.collections()}
    name = known.get(args.name.casefold())
    if name is None:
        error(f"there is no collection named {args.name!r}")
        return 1
    rows = library.rows(marks.collection_ids(name))
    if args.json:
        print_json({"name": name, "articles": [{"id": r.id, "title": r.title} for r in rows]})
    else:
        print(f"{name}: {len(rows)} article{'s' if len(rows) != 1 else ''}")
        for r in rows:
            print(f"{r.id:>6}  {r.title or '(untitled)'}")
    return 0
