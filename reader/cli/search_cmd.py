"""``article-reader [--library DIR] search QUERY [--limit N] [--json]``.

The query language: words, "phrases", AND/OR/NOT, field:term, prefix*,
date ranges. A malformed query is repaired and still answered (a hint says
how it was read) — it never ends in a traceback.
"""

from __future__ import annotations

import argparse
import html
import re

from reader.cli.common import count, error
from reader.cli.library_support import ensure_index, print_json, with_library

_TAG = re.compile(r"<[^>]+>")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="+", metavar="QUERY", help="the search (quote it in the shell)")
    p.add_argument("--limit", type=count, default=20, metavar="N", help="at most N results (20)")
    p.add_argument("--bodies-only", action="store_true",
                   help="search article text only, not comments")
    p.add_argument("--json", action="store_true",
                   help='a JSON list of {"id","title","published","site","score","snippet"}')


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _search(library, args), create=False)


def _search(library, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    ensure_index(library)
    results = library.search(query, limit=max(1, args.limit), bodies_only=args.bodies_only)
    hits = results.hits[:args.limit]  # (the index gives at least one; --limit 0: the count alone)
    if results.hint:
        error(results.hint)
    if args.json:
        print_json([
            {"id": h.id, "title": h.title, "published": h.published, "site": h.site,
             "score": round(h.score, 4), "snippet": h.snippet}
            for h in hits
        ])
        return 0
    if not hits and not results.total:
        print("no matches")
        return 0
    for h in hits:
        meta = ", ".join(x for x in (h.site, (h.published or "")[:10]) if x)
        print(f"{h.id:>6}  {h.title or '(untitled)'}" + (f"  ({meta})" if meta else ""))
        snippet = html.unescape(_TAG.sub("", h.snippet)).strip()
        if snippet:
            print(f"        {snippet}")
    shown = len(hits)
    if results.total > shown:
        print(f"({shown} of {results.total} matches; --limit shows more)")
    return 0
