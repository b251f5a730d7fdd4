"""Page furniture left in the main text: a classifier over the body's paragraphs.

trafilatura's main text of a page laid out before CSS often keeps what sits
around the article: a "Related" heading and the teasers under it, rows of a
layout table ("| | Halla Bol |"), "Email this story" and copyright lines.
Every paragraph of the main text is described by named features
(``FEATURES``: its length and whether it reads as a sentence, its place
against the article's long paragraphs, furniture words in it or in a short
heading above it, table-cell separators, and, from the page's block element
with the same text, its link density and whether an ancestor is named like
the article or like furniture) and a logistic regression over them
(``body_block_weights.BODY_BLOCK_WEIGHTS``, fitted across sites by
``tests/benchmarks/train_body_blocks.py``) gives the chance that the
paragraph is furniture. Paragraphs above the fitted threshold are dropped,
unless that would take most of the text (then the extraction itself is
wrong, and pruning would not mend it).

A dot product per paragraph; the page's blocks are walked once per parse (shared with the
comment-block finder, ``comment_blocks.page_blocks``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml.html import HtmlElement

from reader.parsing.body_block_weights import BODY_BLOCK_THRESHOLD, BODY_BLOCK_WEIGHTS
from reader.parsing.comment_blocks import HEADING_TAGS, WORD, Block, page_blocks, probability

#: Words of page furniture in a paragraph's text (any case).
FURNITURE_WORDS = re.compile(
    r"\b(?:related|share|subscribe|subscription|advertis\w*|sponsored|click here|copyright|"
    r"all rights reserved|e-?mail (?:this|to a friend)|print (?:this|story|article)|printer[- ]friendly|"
    r"newsletter|sign up|sign in|log ?in|register|follow us|read more|more (?:stories|news|from)|"
    r"other stories|most (?:popular|read|viewed|emailed)|top stories|latest news|see also|recommended|"
    r"comments?|bookmark|digg|del\.icio\.us|rss|feedback|privacy|terms of (?:use|service)|contact us|"
    r"home ?page|back to top|next story|previous story|permalink|tags?:|filed under|posted in)\b",
    re.IGNORECASE,
)
#: A paragraph that ends like a sentence (closing quotes and brackets allowed).
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
#: A paragraph of this many words that ends like a sentence is article-like running text.
LONG_WORDS = 25
#: A heading-like paragraph: at most this many words.
HEADING_WORDS = 5
#: Dropping must leave at least this share of the body's words.
KEEP_AT_LEAST = 0.5


@dataclass
class Model:
    """Weights and the probability a paragraph needs to count as furniture."""

    weights: Mapping[str, float]
    threshold: float


#: The model the parser uses (the evaluations swap in one fitted without the page's site).
MODEL = Model(BODY_BLOCK_WEIGHTS, BODY_BLOCK_THRESHOLD)


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def _block_index(blocks: list[Block]) -> dict[str, Block]:
    """The page's text blocks by their text (the first of equal ones)."""
    out: dict[str, Block] = {}
    for b in blocks:
        out.setdefault(_key(b.text), b)
    return out


def _is_long(para: str) -> bool:
    return len(para.split()) >= LONG_WORDS and bool(SENTENCE_END.search(para))


def describe(paras: list[str], tree: HtmlElement, blocks: list[Block] | None = None) -> list[dict[str, float]]:
    """Each paragraph's named features (``FEATURES``; ``blocks``: the page's, when already walked)."""
    by_text = _block_index(page_blocks(tree) if blocks is None else blocks)
    n = len(paras)
    long = [_is_long(p) for p in paras]
    first = next((i for i, x in enumerate(long) if x), n)
    last = max((i for i, x in enumerate(long) if x), default=-1)
    total_words = sum(len(p.split()) for p in paras) or 1
    out = []
    heading_above = False
    for i, para in enumerate(paras):
        words = len(para.split())
        furniture = bool(FURNITURE_WORDS.search(para))
        cells = para.count("|")
        block = by_text.get(_key(para))
        link = min(1.0, block.link_chars / max(1, len(block.text))) if block is not None else 0.0
        out.append({
            "bias": 1.0,
            "log_words": math.log1p(words),
            "short": float(words <= 3),
            "heading_like": float(words <= HEADING_WORDS and not SENTENCE_END.search(para)),
            "sentence_end": float(bool(SENTENCE_END.search(para))),
            "long": float(long[i]),
            "position": i / max(1, n - 1),
            "before_first_long": float(i < first),
            "after_last_long": float(i > last >= 0),
            "no_long": float(last < 0),
            "share_of_words": words / total_words,
            "furniture_words": float(furniture),
            "furniture_short": float(furniture and words <= HEADING_WORDS * 2),
            "under_furniture_heading": float(heading_above),
            "table_cells": min(1.0, cells / 4),
            "empty_cells": float(cells >= 2 and not para.replace("|", "").strip()),
            "ellipsis": float(para.rstrip().endswith(("...", "\u2026"))),
            "matched_block": float(block is not None),
            "link_density": link,
            "all_link": float(link >= 0.9),
            "furniture_area": float(block is not None and block.furniture_area),
            "article_area": float(block is not None and block.article_area),
            "heading_tag": float(block is not None and block.el.tag in HEADING_TAGS),
            "list_item": float(block is not None and block.el.tag in ("li", "dd", "dt")),
        })
        # A short furniture heading ("Related", "Other Stories") rules the paragraphs under it
        # until the article's running text resumes.
        if furniture and words <= HEADING_WORDS:
            heading_above = True
        elif long[i]:
            heading_above = False
    return out


#: The named features, in the order the weights file lists them.
FEATURES = (
    "bias", "log_words", "short", "heading_like", "sentence_end", "long", "position", "before_first_long",
    "after_last_long", "no_long", "share_of_words", "furniture_words", "furniture_short",
    "under_furniture_heading", "table_cells", "empty_cells", "ellipsis", "matched_block", "link_density",
    "all_link", "furniture_area", "article_area", "heading_tag", "list_item",
)


def without_furniture(
    body: str, tree: HtmlElement, model: Model | None = None, blocks: list[Block] | None = None
) -> str:
    """The main text without the paragraphs the model reads as page furniture (``blocks``: the
    page's text blocks when the caller has walked them already)."""
    model = model or MODEL
    paras = body.split("\n\n")
    if len(paras) < 2:
        return body
    features = describe(paras, tree, blocks)
    kept = [p for p, f in zip(paras, features) if probability(f, model.weights) < model.threshold]
    if sum(len(p.split()) for p in kept) < KEEP_AT_LEAST * sum(len(p.split()) for p in paras):
        return body
    return "\n\n".join(kept)
