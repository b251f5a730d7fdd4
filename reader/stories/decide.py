"""Do two articles report the same event? Are they the same text?

The decision is a logistic score over a few pair features (``FEATURES``);
its weights, the joining threshold and the date window are data
(``reader.stories.params.PARAMS``), fitted on the labelled Giveme5W1H events
by ``tests/benchmarks/eval_stories.py --fit`` with cross-validation by event.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from reader.stories.features import Signature, resemblance
from reader.stories.params import PARAMS

#: Pair features, in the order of the weights.
FEATURES = ("title", "terms", "names", "text", "quotes", "near")


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[k] for k, w in a.items() if k in b)
    if not dot:
        return 0.0
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb)


def _overlap(a: Sequence[object], b: Sequence[object]) -> float:
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / math.sqrt(len(sa) * len(sb))


def _containment(a: Sequence[int], b: Sequence[int]) -> float:
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb))


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
        _overlap(a.title, b.title),
        _cosine(a.terms, b.terms),
        _overlap(a.names, b.names),
        resemblance(a.sketch, b.sketch),
        _containment(a.quotes, b.quotes),
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
    gap = day_gap(a, b)
    if gap is not None and gap > float(params["window_days"]):  # type: ignore[arg-type]
        return 0.0
    x = pair_vector(a, b, params)
    if gap is None and x[0] < float(params["undated_min_title"]):  # type: ignore[arg-type]
        return 0.0  # undated: the headlines must share words too
    return score_vector(x, params)


def same_text(a: Signature, b: Signature, params: Mapping[str, object] = PARAMS) -> bool:
    """Near-identical bodies (a repost, the same wire copy)."""
    return resemblance(a.sketch, b.sketch) >= float(params["copy_resemblance"])  # type: ignore[arg-type]


def join_threshold(a: Signature, b: Signature, params: Mapping[str, object] = PARAMS) -> float:
    """The score a pair needs: undated articles cannot be placed in time, so they need the
    stricter ``undated_threshold`` (near-identical texts, the same names and headline)."""
    key = "threshold" if a.day is not None and b.day is not None else "undated_threshold"
    return float(params[key])  # type: ignore[arg-type]


def choose_story(sig: Signature, linked: Mapping[int, Sequence[Signature]],
                 params: Mapping[str, object] = PARAMS) -> tuple[int | None, float]:
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
            total += same_event_score(sig, m, params)
            dated = sig.day is not None and m.day is not None
            need += float(params["story_threshold" if dated else "undated_threshold"])  # type: ignore[arg-type]
        mean, need = total / len(members), need / len(members)
        if mean >= need and (best is None or (mean, story_id) > best):
            best = (mean, story_id)
    return (best[1], best[0]) if best is not None else (None, 0.0)
