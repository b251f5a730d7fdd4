"""``article-reader parse FILE... [--json] [--columns MAP]``: files -> clean articles, no library.

A container (a table: CSV, TSV, Parquet) is streamed: one article per row,
printed as it is read; a bad row is reported on stderr with its row number
and the reason, and the other rows go on.
"""

from __future__ import annotations

import argparse
from typing import Any

from reader.cli.common import error, path_given, print_json_line
from reader.errors import ReaderError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=path_given, metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per article per line")
    add_columns_argument(p)


def add_columns_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--columns", metavar="MAP", type=_columns_type,
        help="for tables: which column holds what, e.g. title=Headline,body=Text,authors=By,"
        "date=Published,url=Link,site=Outlet,tags=Section (overrides the guess)",
    )


def _columns_type(text: str) -> dict[str, str]:
    from reader.parsing.table_columns import parse_columns_option

    try:
        return parse_columns_option(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    status = 0
    options: dict[str, Any] = {"columns": args.columns} if args.columns else {}
    for path in args.files:
        try:
            status = max(status, _parse_one(path, args, options))
        except ReaderError as exc:
            status = 1
            if args.json:
                print_json_line({"source": path, "error": exc.reason})
            else:
                error(f"{path}: {exc.reason}")
    return status


def _parse_one(path: str, args: argparse.Namespace, options: dict[str, Any]) -> int:
    from reader.parsing import parse_path
    from reader.parsing.containers import EntryError, iter_container, open_container

    container = open_container(path, **options)
    if container is None:
        parsed = parse_path(path)
        if not parsed.articles and parsed.threads:
            # A comment file of its own: not an article; `import` attaches it to its article.
            n = sum(t.count() for t in parsed.threads)
            labels = ", ".join(t.label for t in parsed.threads[:3]) + (" ..." if len(parsed.threads) > 3 else "")
            raise ReaderError(f"the file holds only reader comments ({n}, for {labels}); importing it "
                              "shows them on their article, with it or when it is imported", path=path)
        for article in parsed.articles:
            _emit(article.to_dict(), path, parsed.format, args.json)
        return 0
    printed = bad = 0
    first_error: EntryError | None = None
    with container:
        for item in iter_container(container):
            if isinstance(item, EntryError):
                bad += 1
                first_error = first_error or item
                error(f"{path}: row {item.record.get('row', item.key)}: {item.reason}"
                      if item.record.get("kind") == "row" else f"{path}#{item.key}: {item.reason}")
                continue
            _emit(item.to_dict(), path, container.format, args.json)
            printed += 1
    if not printed:
        reason = (f"no readable record ({bad} bad; the first: {first_error.reason})"
                  if first_error else "the file holds no records")
        raise ReaderError(reason, path=path)
    return 0


def _emit(d: dict[str, Any], path: str, fmt: str, as_json: bool) -> None:
    d["source"] = path
    d["format"] = fmt
    if as_json:
        print_json_line(d)
    else:
        _print_human(d)


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
