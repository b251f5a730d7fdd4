"""``article-reader [--library DIR] story ID [--json]``: one story's articles.

JSON: the ``stories`` object plus "first_report" (the id of the earliest
article) and "members": [{"id","title","site","published","copy_of",
"first_report"}] in date order; "copy_of" is the id of the earlier article
whose text this one repeats (a repost, wire copy), else null.
"""

from __future__ import annotations

import argparse

from reader.cli.common import counted, error, record_id
from reader.cli.library_support import print_json, with_library


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id, metavar="ID", help="the story id (see stories)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--article", action="store_true",
                   help="ID is an article id: show the story it belongs to")


def run(args: argparse.Namespace) -> int:
    return with_library(args, lambda library: _story(library, args), create=False)


def _story(library, args: argparse.Namespace) -> int:
    library.update_stories()
    story_id = library.story_of(args.id) if args.article else args.id
    story = library.story(story_id) if story_id is not None else None
    if story is None:
        error(f"no {'article' if args.article else 'story'} with id {args.id} in this library")
        return 1
    if args.json:
        print_json(story.to_dict())
        return 0
    print(story.row.title or "(untitled)")
    print(f"{counted(len(story.members), 'article')} from {counted(len(story.row.sites), 'site')}")
    for m in story.members:
        marks = []
        if m.first_report:
            marks.append("first report")
        if m.copy_of is not None:
            marks.append(f"same text as #{m.copy_of}")
        note = f"  [{'; '.join(marks)}]" if marks else ""
        print(f"{m.id:>6}  {(m.published or '')[:16]:16}  {m.site or '':24.24}  "
              f"{m.title or '(untitled)'}{note}")
    return 0
