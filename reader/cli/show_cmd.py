"""``article-reader [--library DIR] show ID [--json]``: one stored article.

The JSON form is the ``parse --json`` object plus "id".
"""

from __future__ import annotations

import argparse

from reader.cli.common import record_id
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id, metavar="ID", help="the article id (see list or search)")
    p.add_argument("--json", action="store_true", help="the parse object plus \"id\"")


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _show(library, args), create=False)


def _show(library, args: argparse.Namespace) -> int:
    article = library.get(args.id)
    d = article.to_dict()
    if args.json:
        print_json({"id": args.id, **d})
        return 0
    print(d["title"] or "(untitled)")
    meta = [x for x in (d["published"], ", ".join(d["authors"]), d["site"]) if x]
    if meta:
        print(" · ".join(meta))
    if d["url"]:
        print(d["url"])
    if d["tags"]:
        print("Tags: " + ", ".join(d["tags"]))
    print()
    print(d["body"])
    n = article.comment_count()
    claimed = d["comments_claimed"]
    if n or claimed:
        print(f"\n[{n} of {claimed} comments saved]" if claimed else f"\n[{n} comments]")
        for depth, c in article.iter_comments():
            pad = "  " * min(depth, 20)
            head = " · ".join(x for x in (c.author, c.published) if x) or "(anonymous)"
            print(f"\n{pad}{head}{'  [spam]' if c.spam else ''}")
            for line in c.text.splitlines():
                print(f"{pad}  {line}")
    return 0
