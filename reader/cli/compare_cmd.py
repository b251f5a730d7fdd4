"""``article-reader [--library DIR] compare A B [--json]``: two articles side by side.

JSON: {"a","b","shared":[{"a":[start,end],"b":[start,end],"kind":"verbatim"|"reworded"}],
"only_a":[[start,end],...],"only_b":[...],"quotes":{"both":[...],"only_a":[...],"only_b":[...]},
"figures":[...]}. Offsets index each article's body as ``show --json`` gives it. A
quote entry has "text", "speaker" and its span "a" and/or "b"; an entry of "both" also has
"text_b", "speaker_b" and "worded_differently". "figures" lists numbers that disagree
between aligned passages: {"a","b","a_text","b_text"}.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from reader.cli.common import counted, error, path_given, record_id
from reader.cli.library_support import print_json, with_library

EXIT_EXPORT_ERROR = 1


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", type=record_id, metavar="A", help="an article id")
    p.add_argument("b", type=record_id, metavar="B", help="another article id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", type=path_given, metavar="OUT.pdf", help="also write the comparison as a PDF (passages with their marks, quotes)")
    p.add_argument("--page-size", choices=("a4", "letter"), help="paper for --pdf (default: the locale's)")


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _compare(library, args), create=False)


def _excerpt(text: str, span: tuple[int, int] | list[int], width: int = 100) -> str:
    return textwrap.shorten(text[span[0]:span[1]], width, placeholder=" …")


def _compare(library, args: argparse.Namespace) -> int:
    a, b = library.get(args.a), library.get(args.b)
    from reader.compare import compare_articles

    c = compare_articles(a, b, a_id=args.a, b_id=args.b)
    if args.json:
        print_json(c.to_dict())
    else:
        _print_text(a, b, c, args)
    return _write_pdf(a, b, c, args) if args.pdf else 0


def _print_text(a, b, c, args: argparse.Namespace) -> None:
    print(f"A #{args.a}: {a.title or '(untitled)'} ({a.site or 'unknown site'})")
    print(f"B #{args.b}: {b.title or '(untitled)'} ({b.site or 'unknown site'})")
    print(f"\nIn both ({counted(len(c.shared), 'passage')}):")
    for p in c.shared:
        print(f"  [{p.kind}] {_excerpt(a.body, p.a)}")
    for label, spans, body in (("Only in A", c.only_a, a.body), ("Only in B", c.only_b, b.body)):
        print(f"\n{label} ({counted(len(spans), 'passage')}):")
        for s in spans:
            print(f"  {_excerpt(body, s)}")
    print("\nQuotes")
    for label, entries in (("quoted by both", c.quotes_both), ("only in A", c.quotes_only_a),
                           ("only in B", c.quotes_only_b)):
        print(f"  {label}: {len(entries)}")
        for q in entries:
            note = "  (worded differently)" if q.worded_differently else ""
            print(f"    “{textwrap.shorten(q.text, 90, placeholder=' …')}” — "
                  f"{q.speaker or 'unattributed'}{note}")
    if c.figures:
        print("\nFigures that disagree:")
        for f in c.figures:
            print(f"  A says {f.a_text!r}, B says {f.b_text!r}: {_excerpt(a.body, f.a, 60)}")


def _write_pdf(a, b, comparison, args: argparse.Namespace) -> int:
    """``--pdf``: the comparison as a PDF (Qt is loaded only for this); the path goes to stderr
    with ``--json`` so stdout stays one JSON document."""
    from reader.export import ExportError
    from reader.export.compare_pdf import export_comparison_pdf
    from reader.export.compose import ExportOptions
    from reader.render_compare import from_comparison

    try:
        out = export_comparison_pdf(a, b, from_comparison(comparison), Path(args.pdf),
                                    ExportOptions(page_size=args.page_size))
    except ExportError as exc:
        error(str(exc))
        return EXIT_EXPORT_ERROR
    print(out.resolve(), file=sys.stderr if args.json else sys.stdout)
    return 0
