"""``article-reader parse FILE... [--json]``: files -> clean articles, no library."""

from __future__ import annotations

import argparse

from reader.cli.common import error, print_json_line
from reader.errors import ReaderError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per article per line")


def run(args: argparse.Namespace) -> int:
    from reader.parsing import parse_path

    status = 0
    for path in args.files:
        try:
            parsed = parse_path(path)
        except ReaderError as exc:
            status = 1
            if args.json:
                print_json_line({"source": path, "error": exc.reason})
            else:
                error(f"{path}: {exc.reason}")
            continue
        if not parsed.articles and parsed.threads:
            # A comment file of its own: not an article; `import` attaches it to its article.
            status = 1
            n = sum(t.count() for t in parsed.threads)
            labels = ", ".join(t.label for t in parsed.threads[:3]) + (" ..." if len(parsed.threads) > 3 else "")
            reason = (f"the file holds only reader comments ({n}, for {labels}); importing it "
                      "shows them on their article, with it or when it is imported")
            if args.json:
                print_json_line({"source": path, "error": reason})
            else:
                error(f"{path}: {reason}")
            continue
        for article in parsed.articles:
            d = article.to_dict()
            d["source"] = path
            d["format"] = parsed.format
            if args.json:
                print_json_line(d)
            else:
                _print_human(d)
    return status


def _print_human(d: dict) -> None:
    print(d["title"] or "(untitled)")
    meta = [x for x in (d["published"], ", ".join(d["authors"]), d["site"]) if x]
    if meta:
        print(" · ".join(meta))
    if d["tags"]:
        print("Tags: " + ", ".join(d["tags"]))
    print()
    print(d["body"])
    n = len(d["comments"])
    if n or d["comments_claimed"]:
        claimed = d["comments_claimed"]
        print(f"\n[{n} of {claimed} comments saved]" if claimed else f"\n[{n} comments]")
    print()
