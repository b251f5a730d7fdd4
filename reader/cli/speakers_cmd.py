"""``article-reader [--library DIR] speakers [NAME] [--json]``: who is quoted, and what they said.

Without NAME: every speaker with their number of quotes and articles.
With NAME: that speaker's quotes, newest article first.
"""

from __future__ import annotations

import argparse

from reader.cli.common import count
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", metavar="NAME", help="list this speaker's quotes (the name in any case)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=count, metavar="N", help="at most N rows")


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _speakers(library, args), create=False)


def _speakers(library, args: argparse.Namespace) -> int:
    limit = args.limit if args.limit is not None else None
    if args.name:
        name = args.name
        quotes = library.quotes_by(name)
        if not quotes:  # "patricia hewitt": the speaker as the library spells the name
            folded = name.casefold()
            name = next((s.name for s in library.speakers() if s.name.casefold() == folded), name)
            quotes = library.quotes_by(name) if name != args.name else quotes
        quotes = quotes[:limit]
        if args.json:
            print_json([
                {"article_id": q.article_id, "title": q.title, "site": q.site,
                 "published": q.published, "text": q.text, "role": q.role,
                 "start": q.start, "end": q.end}
                for q in quotes
            ])
            return 0
        if not quotes:
            print(f"no quotes by {name}")
            return 1
        for q in quotes:
            print(f"“{q.text}”")
            print(f"    — {name}{', ' + q.role if q.role else ''}; {q.title} "
                  f"(#{q.article_id}{', ' + q.published[:10] if q.published else ''})")
        return 0
    speakers = library.speakers()[:limit]
    if args.json:
        print_json([{"name": s.name, "quotes": s.quotes, "articles": s.articles}
                    for s in speakers])
        return 0
    for s in speakers:
        print(f"{s.quotes:>5} quotes  {s.articles:>4} articles  {s.name}")
    return 0
