"""Do two articles report the same event? Are they the same text?

The decision is a logistic score over a few pair features (``FEATURES``);
its weights, the joining threshold and the date window are data
(``reader.stories.params.PARAMS``), fitted on the labelled Giveme5W1H events
by ``tests/benchmarks/eval_stories.py --fit`` with cross-validation by event.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from operator import mul

from reader.stories.features import Signature, resemblance_of_sets, resembles
from reader.stories.params import PARAMS

#: Pair features, in the order of the weights.
FEATURES = ("title", "terms", "names", "text", "near")


def _cosine(a: Signature, b: Signature) -> float:
    ta, tb = a.terms, b.terms
    if not ta or not tb:
        return 0.0
    common = ta.keys() & tb.keys()
    if not common:
        return 0.0
    # fsum: the same value whatever order the (hash-ordered) common words come in.
    dot = math.fsum(map(mul, map(ta.__getitem__, common), map(tb.__getitem__, common)))
    if not dot:
        return 0.0
    return dot / (a.terms_norm * b.terms_norm)


def _overlap(sa: frozenset[object], sb: frozenset[object]) -> float:
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / math.sqrt(len(sa) * len(sb))


def day_gap(a: Signature, b: Signature) -> float | None:
    if a.day is None or b.day is None:
        return None
    return float(abs(a.day - b.day))


def pair_vector(a: Signature, b: Signature, params: Mapping[str, object] = PARAMS) -> list[float]:
    """The pair features (each 0..1), in ``FEATURES`` order."""
    gap = day_gap(a, b)
    scale = float(params["gap_scale"])  # type: ignore[arg-type]
    near = 0.5 if gap is None else math.exp(-gap / scale)
    return [
        _overlap(a.title_set, b.title_set),
        _cosine(a, b),
        _overlap(a.names_set, b.names_set),
        resemblance_of_sets(a.sketch_set, b.sketch_set),
        near,
    ]


def score_vector(x: Sequence[float], params: Mapping[str, object] = PARAMS) -> float:
    """Probability-like score (0..1) that the pair reports the same event."""
    weights: Sequence[float] = params["weights"]  # type: ignore[assignment]
    z = float(params["bias"]) + sum(w * v for w, v in zip(weights, x))  # type: ignore[arg-type]
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def same_event_score(a: Signature, b: Signature, params: Mapping[str, object] = PARAMS) -> float:
    return event_scorer(a, params)(b)


def event_scorer(a: Signature, params: Mapping[str, object] = PARAMS) -> Callable[[Signature], float]:
    """``same_event_score(a, b, params)`` as a function of ``b`` (for scoring many against one).

    The features and the sum are those of ``pair_vector`` and ``score_vector``, computed
    inline with the same arithmetic in the same order (the same scores, bit for bit).
    """
    window = float(params["window_days"])  # type: ignore[arg-type]
    min_title = float(params["undated_min_title"])  # type: ignore[arg-type]
    scale = float(params["gap_scale"])  # type: ignore[arg-type]
    bias = float(params["bias"])  # type: ignore[arg-type]
    weights: Sequence[float] = params["weights"]  # type: ignore[assignment]
    w_title, w_terms, w_names, w_text, w_near = weights
    # (``a``'s other sets are made when a pair first gets past the date and headline checks.)
    day, title = a.day, a.title_set

    def score(b: Signature) -> float:
        if day is not None and b.day is not None:
            gap = float(abs(day - b.day))
            if gap > window:
                return 0.0
            near = math.exp(-gap / scale)
            title_overlap = _overlap(title, b.title_set)
        else:
            # Undated: the headlines must share words too (the cheapest feature, first).
            title_overlap = _overlap(title, b.title_set)
            if title_overlap < min_title:
                return 0.0
            near = 0.5
        z = bias + (w_title * title_overlap + w_terms * _cosine(a, b)
                    + w_names * _overlap(a.names_set, b.names_set)
                    + w_text * resemblance_of_sets(a.sketch_set, b.sketch_set) + w_near * near)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    return score


def same_text(a: Signature, b: Signature, params: Mapping[str, object] = PARAMS) -> bool:
    """Near-identical bodies (a repost, the same wire copy)."""
    return resembles(a.sketch_set, b.sketch_set, float(params["copy_resemblance"]))  # type: ignore[arg-type]


def join_threshold(a: Signature, b: Signature, params: Mapping[str, object] = PARAMS) -> float:
    """The score a pair needs: undated articles cannot be placed in time, so they need the
    stricter ``undated_threshold`` (near-identical texts, the same names and headline)."""
    key = "threshold" if a.day is not None and b.day is not None else "undated_threshold"
    return float(params[key])  # type: ignore[arg-type]


def choose_story(sig: Signature, linked: Mapping[int, Sequence[Signature]],
                 params: Mapping[str, object] = PARAMS,
                 score: Callable[[Signature], float] | None = None) -> tuple[int | None, float]:
    """The story (key of ``linked``) a new article joins, and its story score; (None, 0.0): none.

    ``linked`` maps each story that holds a candidate scoring at or above the
    threshold to (up to ``story_members``) of its members. The story score is the
    mean score over those members (average link), so a story cannot grow by a
    chain of articles each like only the one before; it must reach
    ``story_threshold`` (``undated_threshold`` for undated pairs).
    """
    best: tuple[float, int] | None = None
    for story_id, members in linked.items():
        if not members:
            continue
        total = need = 0.0
        for m in members:
            total += same_event_score(sig, m, params) if score is None else score(m)
            dated = sig.day is not None and m.day is not None
            need += float(params["story_threshold" if dated else "undated_threshold"])  # type: ignore[arg-type]
        mean, need = total / len(members), need / len(members)
        if mean >= need and (best is None or (mean, story_id) > best):
            best = (mean, story_id)
    return (best[1], best[0]) if best is not None else (None, 0.0)
