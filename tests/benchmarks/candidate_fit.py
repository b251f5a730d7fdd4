"""What the training scripts share (train_titles.py, train_authors.py; fit_logistic, cv_models and
write_block_weights: the block classifiers, train_comment_blocks.py and train_body_blocks.py).

A multinomial logistic regression over each page's candidates: softmax within a
page, maximising the probability of the page's right candidates (Adam), with an
L2 penalty pulling the weights towards the hand rule (``src_rule`` 1, the rest 0),
so a strong penalty gives back the rule and the data must earn every departure.
numpy is needed at training time only; the package ships the weights as data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from crossval import group_folds


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


def cv_weights(
    pages: Sequence[Sequence[Any]], fit: Callable[[list[Any], float], dict[str, float]], k: int = 10, l2: float = 1.0
) -> list[dict[str, float]]:
    """Each page's weights fitted without its site's pages (a page's site is its third field)."""
    out: list[dict[str, float]] = [{}] * len(pages)
    for fold in group_folds([p[2] for p in pages], k):
        held = set(fold)
        weights = fit([p for i, p in enumerate(pages) if i not in held], l2)
        for i in fold:
            out[i] = weights
    return out


def cv_models(
    pages: Sequence[Sequence[Any]],
    fit: Callable[[list[Any], float], dict[str, float]],
    model: Callable[[dict[str, float]], Any],
    shipped: Any,
    k: int = 10,
    l2: float = 1.0,
) -> dict[str, Any]:
    """Models fitted without each page's fold: "corpus:key" -> model(weights); "site:<site>" gives,
    for a page outside the training set, a model fitted without that site (the ``shipped`` one when
    the site has no training page)."""
    out = {f"{p[0]}:{p[1]}": model(w) for p, w in zip(pages, cv_weights(pages, fit, k, l2))}
    sites = {p[2] for p in pages}

    class BySite(dict):  # type: ignore[type-arg]
        def __missing__(self, name: str) -> Any:
            site = name.removeprefix("site:")
            fitted = model(fit([p for p in pages if p[2] != site], l2)) if site in sites else shipped
            self[name] = fitted
            return fitted

    return BySite(out)


def write_block_weights(path: Path, doc: list[str], prefix: str, threshold: float, weights: Mapping[str, float]) -> None:
    """Write a block classifier's weights as a module of data: ``doc`` (docstring lines),
    ``<PREFIX>_THRESHOLD`` and ``<PREFIX>_WEIGHTS`` in the order fitted."""
    lines = [
        '"""' + doc[0],
        *doc[1:],
        '"""',
        "",
        f"{prefix}_THRESHOLD = {threshold}",
        "",
        f"{prefix}_WEIGHTS: dict[str, float] = {{",
        *[f'    "{k}": {v},' for k, v in weights.items()],
        "}",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
