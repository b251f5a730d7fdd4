"""Where the article ends: comment text a finder found, taken out of the main text.

trafilatura's main text sometimes runs on into the thread below the article
(a blog whose comments sit in the post's own box). When a comment finder
(``html_comments``, ``comment_blocks``, trafilatura's comment text) has read
the thread, its text tells which paragraphs of the main text are comments:

1. a **tail**: from some paragraph on, the main text is mostly comment text
   said by at least two different comments (with their signature lines,
   "Reply" links and the thread's heading between them). The article ends
   there, however much of the page the thread takes, if what stays above
   reads as an article (on a forum the first post is a "comment" too);
2. elsewhere, a paragraph that *is* one of the comment's paragraphs (long
   enough to be sure) is dropped, unless most of the text would go: then the
   finder is wrong, not the main text.

Paragraphs are compared by their words (case and punctuation folded), and a
main-text paragraph counts as comment text when its words lie inside one
comment's text (trafilatura cuts and joins paragraphs differently from the
comment's own markup).
"""

from __future__ import annotations

import bisect
import itertools
import re

from reader.model import Comment, walk_comments
from reader.parsing import comment_cues as cues

_WORD = re.compile(r"\w+", re.UNICODE)
_HEADER_RE = re.compile("|".join(f"(?:{p})" for p in cues.SECTION_HEADERS).replace("?P<count>", ""), re.I)

#: A paragraph shorter than this (characters) is not compared: "Great post!" is said on many pages.
MIN_MATCH_CHARS = 40
#: From the start of a tail on, at least this share of the main text's words is comment text ...
TAIL_COMMENT_SHARE = 0.6
#: ... said by at least this many different comments (a comment quoting the article's last
#: paragraph is one).
TAIL_MIN_COMMENTS = 2
#: A kept text must still hold this share of the main text when paragraphs are dropped one by one.
KEEP_AT_LEAST = 0.5
#: Words of a heading or label left at the article's end above the thread ("14 Comments").
HEADER_MAX_WORDS = 12
#: What stays above a tail must read as an article: this many words, one paragraph of this
#: many (a forum's first post is a "comment" too, and the page's title alone is no article).
ARTICLE_MIN_WORDS = 40
SENTENCE_MIN_WORDS = 10


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _words(text: str) -> int:
    return len(_WORD.findall(text))


class CommentTexts:
    """Every comment's folded text (its author line first: a main text keeps it with the
    comment) in one string, so a paragraph is looked up with one search however long the thread."""

    def __init__(self, comments: list[Comment]) -> None:
        keys = [_fold(f"{node.author or ''} {node.text}") for _d, node in walk_comments(comments)]
        self.count = len(keys)
        self.text = "\n".join(keys)
        self.starts = list(itertools.accumulate((len(k) + 1 for k in keys[:-1]), initial=0))

    def owner(self, paragraph: str) -> int | None:
        """Index of the comment whose text holds this paragraph's words, or None."""
        if len(paragraph) < MIN_MATCH_CHARS:
            return None
        key = _fold(paragraph)
        at = self.text.find(key) if len(key) >= MIN_MATCH_CHARS else -1
        return None if at < 0 else bisect.bisect_right(self.starts, at) - 1


def _tail_start(paras: list[str], owner: list[int | None]) -> int | None:
    """First paragraph of a run of comment text that reaches the end of the main text."""
    words = [_words(p) for p in paras]
    said = [w if o is not None else 0 for w, o in zip(words, owner)]
    total = matched = 0
    best = None
    owners: set[int] = set()
    for i in range(len(paras) - 1, -1, -1):
        total += words[i]
        matched += said[i]
        if owner[i] is None:
            continue
        owners.add(owner[i])  # type: ignore[arg-type]
        if len(owners) >= TAIL_MIN_COMMENTS and matched >= TAIL_COMMENT_SHARE * total:
            best = i
    return best


def _without_heading(paras: list[str]) -> list[str]:
    """The article's paragraphs without the thread's heading left at their end ("Comments")."""
    while paras and _words(paras[-1]) <= HEADER_MAX_WORDS and _HEADER_RE.match(paras[-1].strip()):
        paras = paras[:-1]
    return paras


def _reads_as_article(paras: list[str]) -> bool:
    words = [_words(p) for p in paras]
    return sum(words) >= ARTICLE_MIN_WORDS and max(words, default=0) >= SENTENCE_MIN_WORDS


def strip_comment_text(body: str, comments: list[Comment]) -> str:
    """The main text without the comment text the finders read (see the module's docstring)."""
    texts = CommentTexts(comments)
    if not texts.count:
        return body
    paras = body.split("\n\n")
    owner = [texts.owner(p) for p in paras]
    start = _tail_start(paras, owner)
    if start is not None and _reads_as_article(paras[:start]):
        paras = _without_heading(paras[:start])
    exact = {p for _d, node in walk_comments(comments) for p in node.text.split("\n\n") if len(p) >= MIN_MATCH_CHARS}
    kept = [p for p in paras if p not in exact]
    if sum(map(len, kept)) < KEEP_AT_LEAST * sum(map(len, paras)):
        # Most of the text would go: the comment finder is wrong here, not the main text.
        kept = paras
    return "\n\n".join(kept)
