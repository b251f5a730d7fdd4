"""``article-reader [--library DIR] list [--json]``: the articles in the library."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from reader.cli.common import count
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help='a JSON list of {"id","title","published","site","comment_count",'
                        '"comments_claimed","starred","read","labels"}')
    p.add_argument("--sort", choices=("date", "title", "site"), default="date")
    p.add_argument("--ascending", action="store_true", help="oldest / A first")
    p.add_argument("--site", help="only this site's articles (in any case)")
    p.add_argument("--tag", help="only articles with this tag (in any case)")
    p.add_argument("--limit", type=count, metavar="N", help="at most N articles")
    p.add_argument("--starred", action="store_true", help="only starred articles")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--label", help="only articles with this label of yours")
    p.add_argument("--collection", help="only the articles of this collection")


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _list(library, args), create=False)


def _list(library, args: argparse.Namespace) -> int:
    def listed(site: str | None, tag: str | None) -> list[int]:
        return library.article_ids(sort=args.sort, descending=not args.ascending, site=site,
                                   tag=tag, starred=args.starred, unread=args.unread,
                                   label=args.label, collection=args.collection)

    ids = listed(args.site, args.tag)
    if not ids and (args.site or args.tag):
        # "--site cnn" for "CNN": in any case, as --label, --collection and site: in a search.
        site = _as_stored(args.site, library.sites)
        tag = _as_stored(args.tag, library.tags)
        if (site, tag) != (args.site, args.tag):
            ids = listed(site, tag)
    if args.limit is not None:
        ids = ids[: max(0, args.limit)]
    rows = library.rows(ids)
    if args.json:
        marks = library.marks.many([r.id for r in rows])
        print_json([
            {"id": r.id, "title": r.title, "published": r.published, "site": r.site,
             "comment_count": r.comment_count, "comments_claimed": r.comments_claimed,
             "starred": r.starred, "read": r.read, "labels": list(marks[r.id].labels)}
            for r in rows
        ])
        return 0
    for r in rows:
        date = (r.published or "")[:10]
        flag = "*" if r.starred else " "
        print(f"{r.id:>6}{flag} {date:10}  {r.site or '':24.24}  {r.title or '(untitled)'}")
    return 0


def _as_stored(typed: str | None, stored: Callable[[], list[tuple[str, int]]]) -> str | None:
    """The library's spelling of a site or tag typed in another case (else as typed)."""
    if not typed:
        return typed
    folded = typed.casefold()
    return next((name for name, _count in stored() if name.casefold() == folded), typed)
