"""``article-reader [--library DIR] annotations [ID] [--json]``: highlights and notes.

Lists one article's annotations (orphans first, then in reading order) or the
whole library's (newest first). ``--json`` prints a list of {"id", "article",
"quote", "prefix", "suffix", "start", "end", "note", "color", "state",
"created", "modified", "target", "uuid"}; ``body[start:end] == quote`` (the
body of ``show --json``) whenever the state is not "orphaned".
``--format markdown|csv|jsonld --output FILE`` exports them instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.common import error, path_given, record_id
from reader.cli.library_support import print_json, with_library
from reader.library.anchoring import COLORS, STATES

FORMATS = ("markdown", "csv", "jsonld")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id, nargs="?", metavar="ID", help="only this article's annotations")
    p.add_argument("--json", action="store_true", help="a JSON list of annotations")
    p.add_argument("--search", metavar="TEXT", help="only those whose quote, note or title holds TEXT")
    p.add_argument("--color", choices=COLORS, help="only this colour")
    p.add_argument("--state", choices=STATES, help="only this state")
    p.add_argument("--format", choices=FORMATS,
                   help="export as Markdown (by article), CSV or W3C Web Annotation JSON-LD")
    p.add_argument("--output", type=path_given, metavar="FILE", help="write the export to FILE (default: stdout)")


def run(args: argparse.Namespace) -> int:
    if args.output and not args.format:
        args.format = {".md": "markdown", ".csv": "csv", ".jsonld": "jsonld",
                       ".json": "jsonld"}.get(Path(args.output).suffix.lower())
        if args.format is None:
            error("give --format markdown|csv|jsonld with --output")
            return 1
    return with_library(args, lambda library: _list(library, args), create=False)


def _list(library, args: argparse.Namespace) -> int:
    if args.id is not None:
        library.get(args.id)  # ArticleNotFound: one message, status 2
        found = library.annotations.for_article(args.id)
        found = [a for a in found if _keep(a, args)]
    else:
        found = library.annotations.list_all(text=args.search, color=args.color, state=args.state)
    if args.format:
        from reader.library.annotation_export import render

        urls = {r: (library.get(r).url or None) for r in dict.fromkeys(a.article_id for a in found)}
        text = render(args.format, found, urls)
        if args.output:
            out = Path(args.output)
            part = out.with_name(f".{out.name}.part")
            try:
                part.write_text(text, encoding="utf-8", newline="")
                part.replace(out)
            except OSError as exc:
                error(f"{out}: cannot write the export ({exc.strerror or exc})")
                return 1
            print(out.resolve())
        else:
            sys.stdout.write(text)
        return 0
    if args.json:
        print_json([a.to_dict() for a in found])
        return 0
    if not found:
        print("no annotations")
        return 0
    for a in found:
        where = f"article {a.article_id}" + (f" {a.target}" if a.target != "body" else "")
        state = "" if a.state == "anchored" else f" [{a.state}]"
        print(f"{a.id:>6}  {where}  {a.color}{state}  “{_short(a.quote)}”")
        if a.note:
            print(f"        note: {_short(a.note, 200)}")
    return 0


def _keep(a, args: argparse.Namespace) -> bool:
    if args.color and a.color != args.color:
        return False
    if args.state and a.state != args.state:
        return False
    if args.search:
        t = args.search.lower()
        return t in a.quote.lower() or t in a.note.lower() or t in a.title.lower()
    return True


def _short(text: str, n: int = 120) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"
