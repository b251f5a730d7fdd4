"""What the training scripts share (train_titles.py, train_authors.py; fit_logistic: the block classifiers).

A multinomial logistic regression over each page's candidates: softmax within a
page, maximising the probability of the page's right candidates (Adam), with an
L2 penalty pulling the weights towards the hand rule (``src_rule`` 1, the rest 0),
so a strong penalty gives back the rule and the data must earn every departure.
numpy is needed at training time only; the package ships the weights as data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np


def code_key(files: Iterable[Path]) -> str:
    """A short hash of the parsing code (the key of the scripts' /tmp caches)."""
    h = hashlib.sha1()
    for p in files:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def feature_names(features: Iterable[Mapping[str, float]]) -> list[str]:
    names: set[str] = set()
    for f in features:
        names.update(f)
    return sorted(names)


def fit_softmax(
    x: np.ndarray, y: np.ndarray, starts: np.ndarray, names: list[str], l2: float = 3.0, iters: int = 300
) -> dict[str, float]:
    """Weights from candidates ``x`` (rows), targets ``y`` and each page's first row ``starts``."""
    w0 = np.zeros(len(names))
    if "src_rule" in names:
        w0[names.index("src_rule")] = 1.0
    if not len(starts):
        return {n: float(v) for n, v in zip(names, w0) if v}
    pages = len(starts)
    seg = np.repeat(np.arange(pages), np.diff(np.append(starts, len(y))))
    w = w0.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, iters + 1):
        s = x @ w
        smax = np.maximum.reduceat(s, starts)[seg]
        e = np.exp(s - smax)
        p = e / np.add.reduceat(e, starts)[seg]
        q = p * y
        q = q / np.add.reduceat(q, starts)[seg]
        grad = -(x.T @ (q - p)) / max(1, pages) + l2 * (w - w0) / 100.0
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + 1e-8)
    return {n: float(round(wi, 4)) for n, wi in zip(names, w) if abs(wi) >= 1e-4}


def fit_logistic(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, names: list[str], l2: float = 1.0, steps: int = 25
) -> dict[str, float]:
    """Weighted L2 logistic regression by Newton steps (rows ``x``, labels ``y``, row weights ``w``;
    column 0 is the bias, not penalised). A few named features: exact and fast."""
    beta = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) + reg @ beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + reg + 1e-6 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-4:
            break
    return {name: round(float(b), 4) for name, b in zip(names, beta)}


def write_weights(path: Path, doc: list[str], const: str, weights: Mapping[str, float]) -> None:
    """Write the weights as a module of data: ``doc`` (docstring lines) and ``CONST = {...}``."""
    lines = [
        '"""' + doc[0],
        *doc[1:],
        '"""',
        "",
        f"{const}: dict[str, float] = {{",
        *[f"    {k!r}: {v!r}," for k, v in sorted(weights.items())],
        "}",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
