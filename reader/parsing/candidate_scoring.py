"""Choosing among a page's candidates (titles, bylines) by a linear score.

Each scorer (``title_scorer``, ``author_scorer``) describes its candidates by
named features; the weights are data fitted by the training scripts in
``tests/benchmarks``. This module is the part they share: the score is a dot
product, and the pick is the best score, the first-stated candidate winning ties.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar


class Scored(Protocol):
    features: dict[str, float]


C = TypeVar("C", bound=Scored)


def score(c: Scored, weights: Mapping[str, float]) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in c.features.items())


def pick(cands: Iterable[C], weights: Mapping[str, float]) -> C | None:
    """The best-scoring candidate (ties: the one stated first)."""
    best: C | None = None
    best_score = -math.inf
    for c in cands:
        s = score(c, weights)
        if s > best_score:
            best, best_score = c, s
    return best
