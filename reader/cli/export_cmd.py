"""``article-reader [--library DIR] export ID... (--pdf OUT.pdf | --each FOLDER)``: articles -> PDF.

One PDF for all the ids (each article on new pages, after a contents page
when there are several), or one PDF per article in a folder, named after
the titles. Prints where each file went. Qt is loaded only here, and runs
headless (no display needed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.common import error, path_given, record_id
from reader.cli.library_support import with_library

EXIT_EXPORT_ERROR = 1
PAGE_SIZES = ("a4", "letter")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", type=record_id, nargs="+", metavar="ID", help="article ids (see list or search)")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--pdf", type=path_given, metavar="OUT.pdf", help="write one PDF (a contents page first for several articles)")
    target.add_argument("--each", type=path_given, metavar="FOLDER", help="write one PDF per article into FOLDER, named after the titles")
    p.add_argument("--comments", action="store_true", help="add the comment thread (spam left out)")
    p.add_argument("--include-spam", action="store_true", help="keep comments marked as spam (implies --comments)")
    p.add_argument("--no-quotes", action="store_true", help="do not highlight quotes in the body")
    p.add_argument("--no-appendix", action="store_true", help="leave out the list of quotes and speakers")
    p.add_argument("--page-size", choices=PAGE_SIZES, help="paper size (default: Letter in the US, else A4)")
    p.add_argument("--no-highlights", action="store_true",
                   help="leave out your highlights and notes (shown by default, notes numbered at the end)")


def run(args: argparse.Namespace) -> int:
    if args.pdf and Path(args.pdf).is_dir():
        error(f"{args.pdf} is a folder; give a file name, or use --each FOLDER")
        return EXIT_EXPORT_ERROR
    return with_library(args, lambda library: _export(library, args), create=False)


def _export(library, args: argparse.Namespace) -> int:
    from reader.export import ExportError
    from reader.export.compose import ExportOptions

    ids = list(dict.fromkeys(args.ids))  # each id once, in the order given
    articles = [library.get(i) for i in ids]
    options = ExportOptions(
        comments=args.comments or args.include_spam,
        include_spam=args.include_spam,
        quotes=not args.no_quotes,
        quote_appendix=not args.no_appendix,
        page_size=args.page_size,
    )
    marks = None if args.no_highlights else {
        n: found for n, i in enumerate(ids) if (found := library.annotations.for_article(i))}
    from reader.export.fontcheck import font_warning
    from reader.export.pdf import ensure_gui_app, export_each, export_pdf

    ensure_gui_app()
    warning = font_warning(articles, comments=options.comments)
    if warning:
        error(f"warning: {warning}")
    try:
        if args.each:
            for path in export_each(articles, Path(args.each), options, annotations=marks):
                print(path.resolve())
        else:
            print(export_pdf(articles, Path(args.pdf), options, annotations=marks).resolve())
    except ExportError as exc:
        error(str(exc))
        return EXIT_EXPORT_ERROR
    return 0

