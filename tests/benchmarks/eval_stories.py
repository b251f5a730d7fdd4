"""Stories evaluation: B-cubed precision / recall / F1 on the Giveme5W1H events, BBC purity.

    python tests/benchmarks/eval_stories.py [--corpus DIR] [--fit] [--folds N] [--no-bbc]

1. Giveme5W1H (``giveme5w1h-news-cluster``, 46 hand-curated events): every
   article is added in file order (as ``import`` of the folder does) with the
   shipped parameters (``reader/stories/params.py``); B-cubed figures on all
   articles.
2. Cross-validated: the events are split into N folds (and, separately, the
   outlets: leave-one-site-out); for each fold the parameters are fitted on
   the other folds' articles only, every article is clustered with them, and
   B-cubed is scored on the fold's articles. Figures are pooled over folds.
3. ``--fit`` fits on all development events and rewrites params.py.
4. BBC (``bbc-news-fulltext``, five categories): no story may mix two
   categories; prints how many stories (>= 2 articles) and copies it finds.

Fitting: logistic regression (IRLS, small L2) on article pairs within the date
window, then the joining threshold is the grid value with the best B-cubed F1
of the clustering of the training articles.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from reader.parsing import parse_bytes  # noqa: E402
from reader.stories.cluster import cluster  # noqa: E402
from reader.stories.decide import FEATURES, day_gap, pair_vector, same_text  # noqa: E402
from reader.stories.features import Signature, signature  # noqa: E402
from reader.stories.params import PARAMS  # noqa: E402

CORPUS = Path(os.environ.get("ARTICLE_READER_CORPUS", REPO.parent / "shared" / "corpus"))
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]
L2 = 0.5


# -- data -------------------------------------------------------------------------
def load_giveme(folder: Path) -> tuple[list[str], list[Signature], list[str], list[str]]:
    """(names, signatures, event labels, sites) in file order; labels from clusters.json."""
    truth = json.loads((folder / "clusters.json").read_text(encoding="utf-8"))
    event_of = {f: ev for ev, d in truth.items() for f in d["files"]}
    names, sigs, labels, sites = [], [], [], []
    for path in sorted((folder / "articles").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        record.pop("newsCluster", None)  # the label must not reach the code under test
        parsed = parse_bytes(json.dumps(record).encode(), source=str(path), name=path.name)
        article = parsed.articles[0]
        names.append(path.name)
        sigs.append(signature(article))
        labels.append(event_of[path.name])
        sites.append(article.site or "")
    return names, sigs, labels, sites


def load_bbc(folder: Path) -> tuple[list[Signature], list[str]]:
    sigs, cats = [], []
    for path in sorted(folder.glob("*/*.txt")):
        parsed = parse_bytes(path.read_bytes(), source=str(path), name=path.name)
        sigs.append(signature(parsed.articles[0]))
        cats.append(path.parent.name)
    return sigs, cats


# -- scoring ------------------------------------------------------------------------
def bcubed(pred: list[int], gold: list[str], items: list[int] | None = None
           ) -> tuple[float, float, float, int]:
    """B-cubed (precision, recall, F1, n) over ``items`` (default: all)."""
    items = list(range(len(pred))) if items is None else items
    by_pred: dict[int, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    ps = rs = 0.0
    for i in items:
        same_pred = by_pred[pred[i]]
        correct = sum(1 for j in same_pred if gold[j] == gold[i])
        ps += correct / len(same_pred)
        rs += correct / len(by_gold[gold[i]])
    n = len(items)
    p, r = ps / n, rs / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), n


# -- fitting --------------------------------------------------------------------------
def pairs(sigs: list[Signature], labels: list[str], idx: list[int], params: dict,
          negatives: int = 6000, seed: int = 0) -> tuple[list[list[float]], list[int]]:
    """Pair features of the articles ``idx``: all same-event pairs, a sample of the others."""
    window = float(params["window_days"])
    pos, neg = [], []
    for a in range(len(idx)):
        for b in range(a + 1, len(idx)):
            i, j = idx[a], idx[b]
            gap = day_gap(sigs[i], sigs[j])
            if gap is not None and gap > window:
                continue
            (pos if labels[i] == labels[j] else neg).append((i, j))
    rnd = random.Random(seed)
    if len(neg) > negatives:
        neg = rnd.sample(neg, negatives)
    X, y = [], []
    for group, label in ((pos, 1), (neg, 0)):
        for i, j in group:
            X.append(pair_vector(sigs[i], sigs[j], params))
            y.append(label)
    return X, y


def _solve(A: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    M = [row[:] + [b[k]] for k, row in enumerate(A)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[p] = M[p], M[c]
        if abs(M[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = M[r][c] / M[c][c]
                for k in range(c, n + 1):
                    M[r][k] -= f * M[c][k]
    return [M[k][n] / M[k][k] if abs(M[k][k]) > 1e-12 else 0.0 for k in range(n)]


def logistic(X: list[list[float]], y: list[int], l2: float = L2, iters: int = 25
             ) -> tuple[list[float], float]:
    """Weights and bias by IRLS (Newton) with an L2 penalty on the weights; positives and
    negatives weighted to balance."""
    d = len(X[0]) + 1
    w = [0.0] * d
    npos = sum(y) or 1
    nneg = (len(y) - npos) or 1
    cw = {1: len(y) / (2 * npos), 0: len(y) / (2 * nneg)}
    rows = [x + [1.0] for x in X]
    for _ in range(iters):
        H = [[0.0] * d for _ in range(d)]
        g = [0.0] * d
        for x, t in zip(rows, y):
            z = sum(a * b for a, b in zip(w, x))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            c = cw[t]
            r = c * (p - t)
            s = c * p * (1 - p)
            for a in range(d):
                g[a] += r * x[a]
                xa = s * x[a]
                Ha = H[a]
                for b in range(a, d):
                    Ha[b] += xa * x[b]
        for a in range(d):
            for b in range(a):
                H[a][b] = H[b][a]
        for a in range(d - 1):
            g[a] += l2 * w[a]
            H[a][a] += l2
        step = _solve(H, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return [round(v, 4) for v in w[:-1]], round(w[-1], 4)


def fit(sigs: list[Signature], labels: list[str], train: list[int], base: dict) -> dict:
    params = dict(base)
    X, y = pairs(sigs, labels, train, params)
    params["weights"], params["bias"] = logistic(X, y)
    sub = [sigs[i] for i in train]
    gold = [labels[i] for i in train]
    best = (-1.0, 0.5)
    for t in THRESHOLDS:
        params["threshold"] = t
        f1 = bcubed(cluster(sub, params), gold)[2]
        if f1 > best[0] + 1e-9:
            best = (f1, t)
    params["threshold"] = best[1]
    return params


def cross_validate(sigs: list[Signature], labels: list[str], groups: list[str], folds: int | None
                   ) -> tuple[float, float, float, int]:
    """Pooled B-cubed over folds of ``groups`` (None: one fold per group)."""
    keys = sorted(set(groups))
    if folds is not None:
        rnd = random.Random(14)
        rnd.shuffle(keys)
        fold_of = {k: n % folds for n, k in enumerate(keys)}
    else:
        fold_of = {k: n for n, k in enumerate(keys)}
    ps = rs = 0.0
    n = 0
    for f in sorted(set(fold_of.values())):
        test = [i for i, g in enumerate(groups) if fold_of[g] == f]
        train = [i for i, g in enumerate(groups) if fold_of[g] != f]
        params = fit(sigs, labels, train, PARAMS)
        pred = cluster(sigs, params)
        p, r, _f1, k = bcubed(pred, labels, test)
        ps += p * k
        rs += r * k
        n += k
    p, r = ps / n, rs / n
    return p, r, 2 * p * r / (p + r), n


def write_params(params: dict) -> None:
    path = REPO / "reader" / "stories" / "params.py"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("PARAMS: dict[str, object] = {")]
    body = "PARAMS: dict[str, object] = {\n"
    body += f"    # weights in reader.stories.decide.FEATURES order: {', '.join(FEATURES)}\n"
    for k, v in params.items():
        body += f"    {k!r}: {v!r},\n".replace("'", '"')
    path.write_text(head + body + "}\n", encoding="utf-8")


def report(label: str, scores: tuple[float, float, float, int]) -> None:
    p, r, f1, n = scores
    print(f"  {label:44} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  ({n} articles)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--giveme", type=Path, help="a Giveme5W1H folder (default: CORPUS/giveme5w1h-news-cluster)")
    ap.add_argument("--fit", action="store_true", help="fit on all events and rewrite params.py")
    ap.add_argument("--folds", type=int, default=5, help="event folds (default 5; 0: one per event)")
    ap.add_argument("--no-bbc", action="store_true")
    ap.add_argument("--no-cv", action="store_true")
    args = ap.parse_args()
    folder = args.giveme or args.corpus / "giveme5w1h-news-cluster"
    t0, c0 = time.perf_counter(), time.process_time()
    names, sigs, labels, sites = load_giveme(folder)
    print(f"Giveme5W1H: {len(sigs)} articles, {len(set(labels))} events, {len(set(sites))} sites "
          f"({folder})")
    if args.fit:
        params = fit(sigs, labels, list(range(len(sigs))), PARAMS)
        write_params(params)
        print(f"  fitted and wrote reader/stories/params.py: {params}")
        PARAMS.update(params)
    pred = cluster(sigs, PARAMS)
    report("all articles, shipped parameters", bcubed(pred, labels))
    print(f"  stories found: {len(set(pred))} (true events: {len(set(labels))})")
    if not args.no_cv:
        folds = args.folds or None
        report(f"cross-validated by event ({folds or 'one per'} folds)",
               cross_validate(sigs, labels, labels, folds))
        report("cross-validated by site (leave-one-site-out)",
               cross_validate(sigs, labels, sites, None))
    if not args.no_bbc and (args.corpus / "bbc-news-fulltext").is_dir():
        bsigs, cats = load_bbc(args.corpus / "bbc-news-fulltext")
        bpred = cluster(bsigs, PARAMS)
        members: dict[int, list[int]] = defaultdict(list)
        for i, s in enumerate(bpred):
            members[s].append(i)
        multi = [m for m in members.values() if len(m) > 1]
        mixed = [m for m in multi if len({cats[i] for i in m}) > 1]
        copies = 0
        for m in multi:
            for k, j in enumerate(m):
                if any(same_text(bsigs[i], bsigs[j]) for i in m[:k]):
                    copies += 1
        sizes = Counter(len(m) for m in multi)
        print(f"BBC: {len(bsigs)} articles -> {len(multi)} stories of >= 2 articles "
              f"({sum(len(m) for m in multi)} articles; sizes {dict(sorted(sizes.items()))}), "
              f"{copies} copies (same text), {len(mixed)} stories mixing categories")
        for m in mixed[:5]:
            print("   mixed:", [(cats[i], i) for i in m])
    print(f"time: {time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU; "
          f"load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
