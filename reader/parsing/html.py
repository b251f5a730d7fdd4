"""Saved HTML pages -> Article, with trafilatura doing the heavy lifting.

The page is parsed once into an lxml tree. trafilatura (which works on its
own copy) finds the main text and the comment text; the same tree then gives
the page's declared metadata (``html_meta``) and the comment thread with its
nesting (``html_comments``). When trafilatura finds too little, its
``baseline`` extractor rescues the text; when nothing article-like is left,
the page is refused with ``UnsupportedFormat`` rather than shown empty.
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from reader.errors import UnreadableFile, UnsupportedFormat
from reader.model import Article, Comment, walk_comments
from reader.parsing import author_scorer, body_blocks, html_meta, html_title, title_scorer
from reader.parsing.comment_blocks import Block, comments_from_blocks, page_blocks
from reader.parsing.comment_body import strip_comment_text
from reader.parsing.dates import parse_datetime
from reader.parsing.html_comments import COMMENT_FURNITURE, claimed_count, comments_from_tree
from reader.parsing.html_layout import main_text
from reader.parsing.html_repair import clean_markup, looks_broken, tree_text_chars
from reader.parsing.text import split_comment_section
from reader.parsing.text_lines import WIDE_CHARS, dateline_iso

#: Pages larger than this (characters) are refused: no saved article is this big,
#: and lxml/trafilatura would take minutes on it.
MAX_HTML_CHARS = 20_000_000
#: Below this much main text (characters) trafilatura's answer is checked against
#: the baseline extractor.
RESCUE_BELOW = 250
#: Fewer characters than this, after every rescue, means "not an article".
MIN_ARTICLE_CHARS = 80
#: An article has at least one paragraph of this many words (or characters, for
#: scripts written without spaces); a page of short link labels is an index.
MIN_SENTENCE_WORDS = 10
MIN_SENTENCE_CHARS = 80
#: Below this Reader View score the page is kept but flagged as probably not an article.
READERABLE_MIN_CHARS = 140
READERABLE_MIN_SCORE = 20.0
READERABLE_MAX_CHARS = 3000  # longer texts of short lines (RFCs, poems, code) are still articles
#: Body lines that are list bullets in trafilatura's text output.
_BULLET = re.compile(r"^\s*[-*\u2022]\s+")
# trafilatura logs every discarded page at WARNING; that is our decision to report, not its.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def load_tree(text: str, *, source: str) -> HtmlElement:
    """Parse once; refuse what cannot be a page."""
    from trafilatura.utils import load_html

    if len(text) > MAX_HTML_CHARS:
        raise UnreadableFile(
            f"the HTML page is too large to be an article ({len(text) // 1_000_000} million characters)",
            path=source,
        )
    if not text.strip():
        raise UnreadableFile("the file is empty", path=source)
    try:
        tree = load_html(text)
    except (ValueError, TypeError, etree.LxmlError, RecursionError, MemoryError) as exc:
        raise UnreadableFile(f"the HTML cannot be parsed ({exc.__class__.__name__})", path=source) from None
    if tree is None or not isinstance(tree, HtmlElement):
        raise UnsupportedFormat("the file does not hold an HTML page", path=source)
    return tree


def repaired_tree(tree: HtmlElement, text: str, *, source: str) -> HtmlElement:
    """The tree, or a second reading of the page through the markup repair
    (``html_repair``) when a fault in the markup swallowed most of its text."""
    if not looks_broken(tree, text):
        return tree
    try:
        second = load_tree(clean_markup(text), source=source)
    except (UnreadableFile, UnsupportedFormat):
        return tree
    return second if tree_text_chars(second) > tree_text_chars(tree) else tree


def extract_document(tree: HtmlElement, *, source: str) -> Any:
    """trafilatura's main text, comments and metadata (one Document), or None."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=True,
            include_tables=True,
            favor_precision=True,
        )
    except RecursionError:
        raise UnreadableFile("the HTML is nested too deeply to read", path=source) from None
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, etree.LxmlError) as exc:
        # trafilatura's own failures on malformed markup: report, don't crash.
        raise UnreadableFile(f"the HTML could not be analysed ({exc.__class__.__name__})", path=source) from None


def _find_comments(
    tree: HtmlElement, doc: Any, body: str, blocks: list[Block], *, source: str
) -> tuple[str, list[Comment], int | None]:
    """The comment thread, from the first finder that gives a real one:

    1. the page structure (``html_comments``: authors, times, nesting);
    2. the block classifier (``comment_blocks``: text blocks outside the main
       text that read as comments, for threads without comment item markup);
    3. trafilatura's comment text from the main extraction (flat);
    4. a thread without comment markup left inside the main text (the text
       pipeline's finder).

    A lone structural "comment" with neither author nor time ("Please email
    us to report offensive comments") is furniture: the next finder is asked.
    Returns (body without the comment text, comments, claimed count).
    """
    claimed = claimed_count(tree)
    try:
        comments = comments_from_tree(tree)
    except RecursionError:
        comments = []
    if not _is_thread(comments):
        outside = comments_from_blocks(tree, body, blocks=blocks)
        if _is_thread(outside):
            # The classifier reads only blocks outside the main text: a thread the main
            # text still holds is split off there too, and comes first.
            body, inside, claimed = _comments_in_main_text(body, claimed, source=source)
            return body, inside + outside, claimed
        comments = _flat_comments(doc.comments) if doc is not None and doc.comments else []
    if comments:
        return strip_comment_text(body, comments), comments, claimed
    return _comments_in_main_text(body, claimed, source=source)


def _is_thread(comments: list[Comment]) -> bool:
    return len(comments) > 1 or any(c.author or c.published or c.replies for c in comments)


def _baseline(tree: HtmlElement) -> str:
    from trafilatura import baseline

    try:
        _body, text, _length = baseline(tree)
    except (RecursionError, ValueError, TypeError, AttributeError, etree.LxmlError):
        return ""
    return text or ""


def text_to_paragraphs(text: str) -> str:
    """trafilatura's line-per-block text -> paragraphs separated by exactly one blank line."""
    paras = []
    for line in text.splitlines():
        line = _BULLET.sub("", line)
        line = " ".join(line.split())
        if line:
            paras.append(line)
    return "\n\n".join(paras)


#: A flattened "comment" this short that reads as a date is the date of one, not its text.
DATE_ONLY_WORDS = 4


def _flat_comments(text: str) -> list[Comment]:
    """trafilatura's flattened comment text: one comment per paragraph, furniture
    ("Reply", "Leave a comment") and lone dates ("OCT 17") dropped."""
    out = []
    for line in text.splitlines():
        line = " ".join(_BULLET.sub("", line).split())
        if not line or COMMENT_FURNITURE.match(line):
            continue
        if len(line.split()) <= DATE_ONLY_WORDS and parse_datetime(line, require_year=False):
            continue
        out.append(Comment(author=None, published=None, text=line))
    return out


#: Comments a thread found in the main text must have (by two named people at least).
MIN_TEXT_THREAD = 2
#: Words beyond which a comment found in the main text is taken for article text.
LONGEST_TEXT_COMMENT_WORDS = 400


def _comments_in_main_text(body: str, claimed: int | None, *, source: str) -> tuple[str, list[Comment], int | None]:
    """A thread with no comment markup stays in the main text: split it off there."""
    try:
        found = split_comment_section(body, source=source)
    except RecursionError:
        found = None
    if found is None:
        return body, [], claimed
    article_text, comments, text_claimed = found
    article_text = text_to_paragraphs(article_text)
    # Only a conversation counts: several comments by at least two named people.
    authors = {c.author for c in comments if c.author}
    if len(comments) < MIN_TEXT_THREAD or len(authors) < 2 or not _is_prose(article_text):
        return body, [], claimed
    # A "comment" longer than the article above it, and longer than reader comments
    # run, is the article itself laid out after the thread (table layouts).
    longest = max(len(c.text.split()) for _d, c in walk_comments(comments))
    if longest > max(len(article_text.split()), LONGEST_TEXT_COMMENT_WORDS):
        return body, [], claimed
    return article_text, comments, claimed if claimed is not None else text_claimed


#: Paragraphs at the top of the main text searched for a dateline.
DATELINE_PARAGRAPHS = 5


def _take_dateline(body: str) -> tuple[str, str | None]:
    """A dateline paragraph ("Updated Sat. Feb. 9 2008 8:40 AM ET") opening the text:
    (the text without it, its date). It is page furniture, not article text."""
    paras = body.split("\n\n")
    for i, para in enumerate(paras[:DATELINE_PARAGRAPHS]):
        iso = dateline_iso(para)
        if iso:
            return "\n\n".join(paras[:i] + paras[i + 1 :]), iso
        if len(para.split()) >= MIN_SENTENCE_WORDS:
            break  # the article has begun: a date below is content (a timeline's first entry)
    return body, None


#: Paragraphs at the top of the main text where a repeated headline is looked for.
HEADLINE_PARAGRAPHS = 3


def _without_headline(body: str, title: str) -> str:
    """The main text without the headline repeated at its top (the title shows it)."""
    key = html_meta.fold(title)
    if not key:
        return body
    paras = body.split("\n\n")
    for i, para in enumerate(paras[:HEADLINE_PARAGRAPHS]):
        if html_meta.fold(para) == key:
            rest = paras[:i] + paras[i + 1 :]
            return "\n\n".join(rest) if rest else body
    return body


def readerable_score(body: str) -> float:
    """Firefox Reader View's test (isProbablyReaderable): long paragraphs count, short ones don't."""
    return sum(math.sqrt(max(0, len(p) - READERABLE_MIN_CHARS)) for p in body.split("\n\n"))


def _is_prose(body: str) -> bool:
    """Enough running text to be an article: not a list of links or labels."""
    if len(body) < MIN_ARTICLE_CHARS:
        return False
    return any(
        len(p.split()) >= MIN_SENTENCE_WORDS or len(p) >= MIN_SENTENCE_CHARS or _wide_words(p) >= MIN_SENTENCE_WORDS
        for p in body.split("\n\n")
    )


def _wide_words(paragraph: str) -> int:
    """Words of a paragraph in a script written without spaces (Chinese, Japanese): about two
    characters a word, as ``text_lines`` counts them (a 36-character Chinese sentence is ~18 words)."""
    return len(WIDE_CHARS.findall(paragraph)) // 2


def main_body(tree: HtmlElement, doc: Any) -> tuple[str, list[str]]:
    """The page's main text as paragraphs (before comments are split off), and warnings."""
    body = text_to_paragraphs(main_text(doc)) if doc is not None else ""
    warnings: list[str] = []
    if len(body) < RESCUE_BELOW:
        rescued = text_to_paragraphs(_baseline(tree))
        if len(rescued) > max(len(body), MIN_ARTICLE_CHARS) and len(rescued) < 20 * max(len(body), 1) + 2000:
            body = rescued
            warnings.append("main text found by the fallback extractor; page furniture may remain")
    return body, warnings


def parse_html(text: str, *, source: str) -> Article:
    """One saved page -> one article. Raises ``UnreadableFile`` / ``UnsupportedFormat``."""
    tree = repaired_tree(load_tree(text, source=source), text, source=source)
    doc = extract_document(tree, source=source)
    body, warnings = main_body(tree, doc)
    blocks = page_blocks(tree)  # one walk for the comment finder and the furniture classifier
    body, comments, claimed = _find_comments(tree, doc, body, blocks, source=source)
    body, dateline = _take_dateline(body)
    body = body_blocks.without_furniture(body, tree, blocks=blocks)
    if not _is_prose(body):
        raise UnsupportedFormat(
            "no article text found in the page (it looks like an index, a form or an empty page)",
            path=source,
        )
    pm = html_meta.collect(tree)
    traf = doc
    url = html_meta.choose_url(pm, getattr(traf, "url", None))
    site = html_title.site_name(pm, getattr(traf, "sitename", None), url)
    title = title_scorer.choose_title(pm, getattr(traf, "title", None), site, url, body)
    body = _without_headline(body, title)
    traf_tags = list(getattr(traf, "tags", None) or []) + list(getattr(traf, "categories", None) or [])
    article = Article(
        source=source,
        format="html",
        title=title,
        published=html_meta.choose_date(pm, getattr(traf, "date", None), dateline=dateline),
        authors=author_scorer.choose_authors(pm, getattr(traf, "author", None), tree, site, url, title),
        site=site,
        tags=html_meta.choose_tags(pm, traf_tags),
        url=url,
        body=body,
        comments=comments,
        comments_claimed=claimed,
        warnings=warnings,
        language=pm.lang or getattr(traf, "language", None),
    )
    if not article.title:
        article.warnings.append("the page has no title")
    if readerable_score(body) < READERABLE_MIN_SCORE and len(body) < READERABLE_MAX_CHARS:
        article.warnings.append("little running text: the page may not be an article")
    return article
