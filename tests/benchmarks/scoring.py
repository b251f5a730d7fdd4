"""Scoring helpers shared by the evaluation scripts and the corpus golden tests.

Token F1 follows the Zyte article-extraction benchmark: bag-of-words
precision and recall over lowercased word tokens, so whitespace and
paragraphing differences cost nothing while missing or extra words do.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)

#: The separator line the Dragnet gold texts put where the comments begin.
DRAGNET_SEPARATOR = re.compile(r"^[!@#$%^&*() \t]*COMMENTS\s*$", re.MULTILINE)


def tokens(text: str) -> list[str]:
    """Lowercased word tokens, as the benchmark's evaluate.py counts them."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def token_prf(predicted: str, gold: str) -> PRF:
    """Bag-of-words precision/recall/F1 of ``predicted`` against ``gold``.

    Two empty texts agree perfectly; an empty prediction for a non-empty
    gold scores 0 (and vice versa).
    """
    p_bag, g_bag = Counter(tokens(predicted)), Counter(tokens(gold))
    if not p_bag and not g_bag:
        return PRF(1.0, 1.0, 1.0)
    if not p_bag or not g_bag:
        return PRF(0.0, 0.0, 0.0)
    common = sum((p_bag & g_bag).values())
    precision = common / sum(p_bag.values())
    recall = common / sum(g_bag.values())
    f1 = 0.0 if common == 0 else 2 * precision * recall / (precision + recall)
    return PRF(precision, recall, f1)


def leakage(predicted: str, gold_article: str, gold_comments: str) -> float:
    """Share of the comment section's words that show up in the predicted body.

    Only the words the gold article cannot account for count, so a comment
    that repeats the article's vocabulary is not held against the parser.
    """
    c_bag = Counter(tokens(gold_comments))
    total = sum(c_bag.values())
    if total == 0:
        return 0.0
    extra = Counter(tokens(predicted)) - Counter(tokens(gold_article))
    return sum((extra & c_bag).values()) / total


def split_dragnet(text: str) -> tuple[str, str, str] | None:
    """(dump without the separator line, gold article text, gold comment text), or None."""
    m = DRAGNET_SEPARATOR.search(text)
    if m is None:
        return None
    article, comments = text[: m.start()], text[m.end() :]
    return article.rstrip("\n") + "\n\n" + comments.lstrip("\n"), article, comments


def normalise_title(title: str) -> str:
    """Fold whitespace and quote characters so only real title differences count."""
    t = title.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(t.split())


def mean(values: Iterable[float]) -> float:
    vals = list(values)
    return statistics.fmean(vals) if vals else 0.0


def median(values: Iterable[float]) -> float:
    vals = list(values)
    return statistics.median(vals) if vals else 0.0
