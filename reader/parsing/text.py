"""Plain-text dumps of article pages -> ``Article``.

The pipeline reads like its stages (Python-Markdown style): each step is a
small named object with ``run(doc)`` working on a shared ``TextDocument``.

    normalise -> comments (where they start) -> header (title, dateline,
    byline) -> body region -> nearby metadata -> footer (tags, post-by) ->
    site and url -> title (page dumps) -> body paragraphs -> comments
    (split) -> warnings

The modules: ``text_document`` (the shared document), ``text_lines`` (line
features and prose scoring, weights in ``PROSE_WEIGHTS``), ``text_steps``
(the region steps), ``text_header`` (the metadata steps), ``sites`` (site
naming), ``comment_adapter`` (the comment splitter behind one interface).
The decode step ran before (``reader.parsing.decode``). Every cue phrase
and boilerplate pattern lives in ``reader.parsing.cues``; this module holds
the methods only, so teaching it a new kind of page furniture means adding a
row there.

Layouts it is built for: a clean dump (title line, maybe dateline and
byline, paragraphs, footer, comments), and a full-page dump (the visible
text of a whole web page, menus and all), where the article is the densest
run of prose lines.
"""


from __future__ import annotations

from reader.model import Article, Comment
from reader.parsing.text_document import Step, TextDocument
from reader.parsing.text_header import FindSite, NearbyMetadata, ReadFooter, ReadHeader, RefineTitle
from reader.parsing.text_steps import BuildBody, FindComments, LocateBody, Normalise, ReadComments, Warn

PIPELINE: tuple[Step, ...] = (
    Normalise(),
    FindComments(),
    ReadHeader(),
    LocateBody(),
    NearbyMetadata(),
    ReadFooter(),
    FindSite(),
    RefineTitle(),
    BuildBody(),
    ReadComments(),
    Warn(),
)


def split_comment_section(text: str, *, source: str) -> tuple[str, list[Comment], int | None] | None:
    """An extracted main text that runs on into the reader comments -> (article text, comments, claimed).

    HTML extractors keep a comment thread that carries no comment markup
    (names in ``<b>``, comments between ``<hr>``s) as part of the main text.
    The text pipeline's own comment finder, with its checks that a real
    article comes first, decides where the thread starts. None when it finds
    no thread.
    """
    doc = TextDocument(source=source, text=text, article=Article(source=source, format="text"))
    for step in (Normalise(), FindComments()):
        step.run(doc)
    if doc.comment_start is None or doc.comment_reader is None:
        return None
    comments = doc.comment_reader.comments(doc.comment_start) or []
    if not comments:
        return None
    return "\n".join(doc.raw_lines[: doc.comment_start]), comments, doc.article.comments_claimed


def parse_text(text: str, *, source: str) -> Article:
    """Run the plain-text pipeline over decoded text. Never returns None."""
    doc = TextDocument(source=source, text=text, article=Article(source=source, format="text"))
    for step in PIPELINE:
        step.run(doc)
    return doc.article
