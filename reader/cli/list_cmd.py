"""``article-reader [--library DIR] list [--json]``: the articles in the library."""

from __future__ import annotations

import argparse

from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help='a JSON list of {"id","title","published","site","comment_count",'
                        '"comments_claimed"}')
    p.add_argument("--sort", choices=("date", "title", "site"), default="date")
    p.add_argument("--ascending", action="store_true", help="oldest / A first")
    p.add_argument("--site", help="only this site's articles")
    p.add_argument("--tag", help="only articles with this tag")
    p.add_argument("--limit", type=int, metavar="N", help="at most N articles")


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _list(library, args), create=False)


def _list(library, args: argparse.Namespace) -> int:
    ids = library.article_ids(sort=args.sort, descending=not args.ascending, site=args.site,
                              tag=args.tag)
    if args.limit is not None:
        ids = ids[: max(0, args.limit)]
    rows = library.rows(ids)
    if args.json:
        print_json([
            {"id": r.id, "title": r.title, "published": r.published, "site": r.site,
             "comment_count": r.comment_count, "comments_claimed": r.comments_claimed}
            for r in rows
        ])
        return 0
    for r in rows:
        date = (r.published or "")[:10]
        print(f"{r.id:>6}  {date:10}  {r.site or '':24.24}  {r.title or '(untitled)'}")
    return 0
