"""Train the author scorer and write ``reader/parsing/author_weights.py``.

    python tests/benchmarks/train_authors.py [--write] [--k 10] [--l2 3] [--refresh] [--misses]

Every labelled page with a byline (Fundus, Readability, trafilatura-eval) is
parsed once; the author candidates ``author_scorer`` sees on it are recorded
with their features (cached in /tmp, keyed by the parsing code). A multinomial
logistic regression over each page's candidates (softmax within a page, the
target spread over candidates by their F1 against the label, L2 penalty pulling
the weights towards the hand rule; numpy only at training time) is fitted:

- CV by site: grouped k-fold, each page scored by weights fitted without its
  site's pages (crossval.group_folds);
- full: fitted on all pages (these weights are shipped with ``--write``);
- leave-one-set-out: each data set scored by weights fitted on the other sets
  only, with the L2 strength chosen there too (grouped 10-fold on those sets):
  the closest of these figures to pages from sites, and labelling habits, never
  seen.

Printed per corpus: the hand rule, the scorer (full) and the scorer (CV), as
the author F1 of eval_html.py. Ship only when CV beats the rule everywhere.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import candidate_fit
import numpy as np
from candidate_fit import code_key
from crossval import group_folds, site_of

from reader.errors import ReaderError
from reader.parsing import author_scorer, bylines

CORPUS = REPO.parent / "shared" / "corpus"
WEIGHTS_FILE = REPO / "reader" / "parsing" / "author_weights.py"
CODE = [REPO / "reader" / "parsing" / n for n in ("author_scorer.py", "author_names.py", "bylines.py", "html_meta.py", "cues.py", "html.py")]
CORPORA = ("fundus", "readability", "trafilatura")


def quality(corpus: str, got: list[str], gold: Any) -> float:
    """The evaluation's own author score: name F1 on Fundus, byline word F1 elsewhere."""
    import eval_html

    if corpus == "fundus":
        return float(eval_html._author_f1(got, gold))
    return float(eval_html.byline_f1(got, gold))


def _pages() -> list[tuple[str, str, Path, Any]]:
    """(corpus, key, html file, gold byline) of every page with an author label."""
    import eval_html

    out: list[tuple[str, str, Path, Any]] = []
    root = CORPUS / "fundus-parser-testdata-en"
    for name, info in sorted(json.loads((root / "index.json").read_text(encoding="utf-8")).items()):
        want = json.loads((root / info["ground_truth"]).read_text(encoding="utf-8"))[info["version_key"]]
        if want.get("authors"):
            out.append(("fundus", name, root / name, want["authors"]))
    root = CORPUS / "mozilla-readability-test-pages"
    for d in sorted(p for p in root.iterdir() if (p / "expected-metadata.json").is_file()):
        meta = json.loads((d / "expected-metadata.json").read_text(encoding="utf-8"))
        if meta.get("readerable", True) is not False and meta.get("byline"):
            out.append(("readability", d.name, d / "source.html.gz", meta["byline"]))
    root = CORPUS / "trafilatura-eval-subset"
    for _url, e in sorted(json.loads((root / "evaldata.json").read_text(encoding="utf-8")).items()):
        f = root / "html" / (e["file"] + ".gz")
        if e.get("author") and f.is_file():
            gold = " ".join(eval_html._listish(e["author"])) or str(e["author"])
            out.append(("trafilatura", e["file"], f, gold))
    return out


def collect(refresh: bool = False) -> list[dict[str, Any]]:
    """One record per labelled page: corpus, key, site, gold, rule's names, candidates (names, features, F1)."""
    cache_file = Path("/tmp") / f"article-reader-author-rows-{code_key(CODE)}.pickle"
    if cache_file.is_file() and not refresh:
        return pickle.loads(cache_file.read_bytes())
    import eval_html

    from reader.parsing.html import parse_html

    seen: list[Any] = []
    real = author_scorer.choose_authors

    def recording(pm, traf_author, tree=None, site=None, url=None, title=""):  # type: ignore[no-untyped-def]
        seen.append((pm, traf_author, tree, site, url, title))
        return real(pm, traf_author, tree, site, url, title)

    author_scorer.choose_authors = recording  # type: ignore[assignment]
    rows: list[dict[str, Any]] = []
    try:
        for corpus, key, path, gold in _pages():
            seen.clear()
            try:
                parse_html(eval_html.page(path), source=path.name)
            except ReaderError:
                pass
            if not seen:
                continue  # refused: the evaluation scores no authors on it either
            row: dict[str, Any] = {"corpus": corpus, "key": key, "site": site_of(corpus, key), "gold": gold,
                                   "rule": [], "rule_f1": quality(corpus, [], gold), "cands": []}
            pm, traf_author, tree, site, url, title = seen[-1]
            rule = bylines.choose_authors(pm, traf_author, tree, site, url)
            cands = author_scorer.candidates(pm, traf_author, tree, site, url, title, rule)
            row["rule"] = rule
            row["rule_f1"] = quality(corpus, rule, gold)
            row["cands"] = [
                (rule if "rule" in c.sources else c.names, dict(c.features),
                 quality(corpus, rule if "rule" in c.sources else c.names, gold))
                for c in cands
            ]
            rows.append(row)
    finally:
        author_scorer.choose_authors = real  # type: ignore[assignment]
    cache_file.write_bytes(pickle.dumps(rows))
    return rows


def feature_names(rows: list[dict[str, Any]]) -> list[str]:
    return candidate_fit.feature_names(c[1] for r in rows for c in r["cands"])


def _stack(rows: list[dict[str, Any]], names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidates of the pages where they differ in quality: features, F1 targets, page offsets."""
    xs: list[list[float]] = []
    ys: list[float] = []
    starts: list[int] = []
    n = 0
    for r in rows:
        q = [c[2] for c in r["cands"]]
        if not q or max(q) <= 0 or max(q) == min(q):
            continue
        best = max(q)
        starts.append(n)
        n += len(q)
        ys += [1.0 if v == best else 0.0 for v in q]
        xs += [[f.get(k, 0.0) for k in names] for _n, f, _q in r["cands"]]
    return np.array(xs, dtype=float).reshape(-1, len(names)), np.array(ys, dtype=float), np.array(starts, dtype=int)


def fit(rows: list[dict[str, Any]], names: list[str], l2: float = 3.0, iters: int = 300) -> dict[str, float]:
    """Softmax over each page's candidates; maximise the probability of the best ones (Adam).

    See ``candidate_fit.fit_softmax`` (pulled towards the hand rule).
    """
    return candidate_fit.fit_softmax(*_stack(rows, names), names, l2, iters)


def predict(weights: dict[str, float], row: dict[str, Any]) -> tuple[list[str], float]:
    """The names the weights choose on a page, and their F1."""
    best, best_q, best_s, best_f = row["rule"], row["rule_f1"], -float("inf"), None
    for names, f, q in row["cands"]:
        s = sum(weights.get(k, 0.0) * val for k, val in f.items())
        if s > best_s:
            best, best_q, best_s, best_f = names, q, s, f
    if not row["rule"] and best_f is not None and not author_scorer.stands_alone(best_f):
        return [], quality(row["corpus"], [], row["gold"])  # as choose_authors: no candidate stands alone
    return best, best_q


def mean_by_corpus(rows: list[dict[str, Any]], scores: list[float]) -> dict[str, float]:
    by: dict[str, list[float]] = {}
    for r, s in zip(rows, scores):
        by.setdefault(r["corpus"], []).append(s)
    return {c: sum(v) / len(v) for c, v in by.items()}


def cv_scores(rows: list[dict[str, Any]], k: int = 10, l2: float = 3.0) -> list[float]:
    """Out-of-fold author F1: each page's authors chosen by weights fitted without its site."""
    return [q for _n, q in cv_choices(rows, k, l2)]


def cv_choices(rows: list[dict[str, Any]], k: int = 10, l2: float = 3.0) -> list[tuple[list[str], float]]:
    names = feature_names(rows)
    out: list[tuple[list[str], float]] = [([], 0.0)] * len(rows)
    for fold in group_folds([r["site"] for r in rows], k):
        held = set(fold)
        w = fit([r for i, r in enumerate(rows) if i not in held], names, l2)
        for i in fold:
            out[i] = predict(w, rows[i])
    return out


#: L2 strengths the leave-one-set-out fit chooses among (on the other sets only).
L2_CHOICES = (1.0, 2.0, 3.0, 4.0, 6.0)


def set_out_choices(rows: list[dict[str, Any]], k: int = 10) -> list[tuple[list[str], float]]:
    """Each page's authors chosen by weights fitted on the other data sets only.

    The L2 strength is chosen on those sets as well (their grouped k-fold CV), so
    nothing about the held set is used: neither its pages nor its figure.
    """
    names = feature_names(rows)
    out: list[tuple[list[str], float]] = [([], 0.0)] * len(rows)
    for corpus in sorted({r["corpus"] for r in rows}):
        train = [r for r in rows if r["corpus"] != corpus]
        l2 = max(L2_CHOICES, key=lambda v: sum(cv_scores(train, k, v)))
        w = fit(train, names, l2)
        for i, r in enumerate(rows):
            if r["corpus"] == corpus:
                out[i] = predict(w, r)
    return out


@cache
def cv_figures(k: int = 10) -> dict[str, float]:
    """CV-by-site author F1 per corpus, for the evaluation scripts."""
    rows = collect()
    return mean_by_corpus(rows, cv_scores(rows, k))


def write_weights(weights: dict[str, float], figures: str) -> None:
    doc = [
        'Weights of the author scorer (``reader.parsing.author_scorer``): data, not code.',
        "",
        "Written by tests/benchmarks/train_authors.py (multinomial logistic regression over each",
        "page's author candidates, trained on Fundus, Readability and trafilatura-eval pages).",
        "Author F1 when written (rule / full / CV by site):",
        *[f"    {line}" for line in figures.splitlines()],
    ]
    candidate_fit.write_weights(WEIGHTS_FILE, doc, "AUTHOR_WEIGHTS", weights)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="write the fitted weights into the package")
    ap.add_argument("--refresh", action="store_true", help="re-parse the pages (ignore the cache)")
    ap.add_argument("--k", type=int, default=10, help="site folds (>= number of sites: leave-one-site-out)")
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--misses", action="store_true", help="print the pages where CV and the rule differ")
    ap.add_argument("--set-out", action="store_true", help="also score each data set by weights fitted on the others")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    rows = collect(args.refresh)
    print(f"{len(rows)} pages, {len({r['site'] for r in rows})} sites, "
          f"{sum(len(r['cands']) for r in rows)} candidates  [{time.perf_counter() - t0:.0f} s]")
    names = feature_names(rows)
    rule = mean_by_corpus(rows, [r["rule_f1"] for r in rows])
    reach = mean_by_corpus(rows, [max([q for _n, _f, q in r["cands"]] + [r["rule_f1"]]) for r in rows])
    weights = fit(rows, names, args.l2)
    full = mean_by_corpus(rows, [predict(weights, r)[1] for r in rows])
    chosen = cv_choices(rows, args.k, args.l2)
    cv = [q for _n, q in chosen]
    cvf = mean_by_corpus(rows, cv)
    lines = [f"{c:12s} rule {rule[c]:.3f}  scorer full {full[c]:.3f}  CV by site {cvf[c]:.3f}"
             f"  (best candidate {reach[c]:.3f})" for c in CORPORA if c in rule]
    if args.set_out:
        so = mean_by_corpus(rows, [q for _n, q in set_out_choices(rows, args.k)])
        lines = [f"{line}  leave-one-set-out {so[c]:.3f}" for line, c in zip(lines, [c for c in CORPORA if c in rule])]
    figures = "\n".join(lines)
    print(figures)
    if args.misses:
        for r, (got, q) in zip(rows, chosen):
            if abs(q - r["rule_f1"]) > 1e-9:
                tag = "LOST" if q < r["rule_f1"] else "WON "
                print(f"  {tag} {r['corpus']:11s} {r['key'][:24]:24s} rule {r['rule']} {r['rule_f1']:.2f}"
                      f" -> {got} {q:.2f} gold {r['gold']!r:.60}")
    print("weights:", {k: v for k, v in sorted(weights.items(), key=lambda kv: -abs(kv[1]))})
    if args.write:
        write_weights(weights, figures)
        print(f"wrote {WEIGHTS_FILE.relative_to(REPO)} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
