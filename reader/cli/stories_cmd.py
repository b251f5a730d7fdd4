"""``article-reader [--library DIR] stories [--json]``: the stories in the library.

A story is the articles (from any outlets) that report the same event. Each
story as JSON: {"id","title","articles":[ids],"sites":[...],"first","last"};
"title" is its most central headline, "articles" are in date order.
"""

from __future__ import annotations

import argparse

from reader.cli.common import count
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help='a JSON list of {"id","title","articles","sites","first","last"}')
    p.add_argument("--sort", choices=("size", "recent", "oldest"), default="size",
                   help="most articles first (default), latest article first, or oldest first")
    p.add_argument("--min-size", type=count, default=2, metavar="N",
                   help="only stories of at least N articles (default 2; 1 lists every article)")
    p.add_argument("--limit", type=count, metavar="N", help="at most N stories")
    p.add_argument("--rebuild", action="store_true",
                   help="decide every story anew from the stored articles")


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _stories(library, args), create=False)


def _stories(library, args: argparse.Namespace) -> int:
    library.update_stories(rebuild=args.rebuild)
    rows = library.list_stories(sort=args.sort, min_size=max(1, args.min_size),
                                limit=args.limit)
    if args.json:
        print_json([r.to_dict() for r in rows])
        return 0
    for r in rows:
        span = (r.first or "")[:10]
        if r.last and r.last[:10] != span:
            span += f" – {r.last[:10]}"
        print(f"{r.id:>6}  {len(r.articles):>3} articles  {span:23}  {r.title or '(untitled)'}")
        print(f"        {', '.join(r.sites)}")
    return 0
