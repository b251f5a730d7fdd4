"""The fitted parameters of the story decision (data, not code).

Written by ``tests/benchmarks/eval_stories.py --fit`` (logistic regression on
article pairs of the Giveme5W1H development events, threshold chosen for
B-cubed F1); see that script for the cross-validated figures.
"""

from __future__ import annotations

PARAMS: dict[str, object] = {
    # weights in reader.stories.decide.FEATURES order: title, terms, names, text, quotes, near
    "weights": [4.0, 8.0, 4.0, 2.0, 2.0, 1.0],
    "bias": -6.0,
    "threshold": 0.5,
    "gap_scale": 7.0,
    "window_days": 60.0,
    "copy_resemblance": 0.6,
    "candidates": 40,
}
