"""Train the body-furniture classifier and write ``reader/parsing/body_block_weights.py``.

    python tests/benchmarks/train_body_blocks.py [--write] [--k 10] [--l2 1.0] [--threshold 0.5] [--refresh]

Every page of the HTML sets with a gold body (Zyte, L3S-GN1 full-text blocks,
Dragnet HTML article part, Readability's expected.html) is parsed once with the
furniture step recording the main text's paragraphs and their named features
(``body_blocks.describe``) instead of pruning; features and labels are cached in
/tmp, keyed by the parsing code. A paragraph is furniture (label 1) when fewer
than half of its words are words of the gold body.

A logistic regression (L2, paragraphs weighted by their words, since the
figures count words; candidate_fit.fit_logistic) is fitted. Printed per set:
mean body token F1 of the pages' paragraphs as parsed (no pruning), pruned by
the weights fitted on everything (full) and pruned by weights fitted without
the page's site (CV by site, grouped k-fold). ``eval_html.py`` prints the same
end to end with its CV pass (``cv_models``).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import candidate_fit
import numpy as np
from crossval import site_of
from eval_html import _l3s_labels, page
from scoring import mean, split_dragnet, token_prf, tokens

from reader.errors import ReaderError
from reader.parsing import body_blocks
from reader.parsing.html import parse_html

CORPUS = REPO.parent / "shared" / "corpus"
WEIGHTS_FILE = REPO / "reader" / "parsing" / "body_block_weights.py"
CODE = [
    REPO / "reader" / "parsing" / n
    for n in ("body_blocks.py", "comment_blocks.py", "html.py", "html_layout.py", "html_repair.py")
]

#: One page: (corpus, key, site, gold body, [(paragraph, features)]).
Page = tuple[str, str, str, str, list[tuple[str, dict[str, float]]]]


def _recorded(text: str, name: str) -> list[tuple[str, dict[str, float]]]:
    """The page's main-text paragraphs and their features, as the furniture step sees them."""
    seen: list[tuple[str, dict[str, float]]] = []
    real = body_blocks.without_furniture

    def record(body: str, tree: Any, model: Any = None, blocks: Any = None) -> str:
        paras = body.split("\n\n")
        seen.extend(zip(paras, body_blocks.describe(paras, tree, blocks)))
        return body

    body_blocks.without_furniture = record  # type: ignore[assignment]
    try:
        parse_html(text, source=name)
    except ReaderError:
        pass
    finally:
        body_blocks.without_furniture = real  # type: ignore[assignment]
    return seen


def zyte_pages() -> list[Page]:
    root = CORPUS / "zyte-article-extraction-benchmark"
    gt = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    out: list[Page] = []
    for f in sorted((root / "html").glob("*.html.gz")):
        key = f.name.split(".")[0]
        out.append(("zyte", key, site_of("zyte", key), gt[key]["articleBody"], _recorded(page(f), f.name)))
    return out


def l3s_pages() -> list[Page]:
    root = CORPUS / "l3s-gn1-news"
    out: list[Page] = []
    for line in (root / "pages.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        uuid = line.split("\t")[0]
        orig, ann = root / "original" / f"{uuid}.html.gz", root / "annotated" / f"{uuid}.html.gz"
        if orig.is_file() and ann.is_file():
            gold = _l3s_labels(page(ann)).get("2", "")
            out.append(("l3s", uuid, site_of("l3s", uuid), gold, _recorded(page(orig), orig.name)))
    return out


def dragnet_pages() -> list[Page]:
    root = CORPUS / "dragnet-2012-comments"
    out: list[Page] = []
    for gold_file in sorted((root / "corrected").glob("*.html.corrected.txt")):
        html_file = root / "html" / gold_file.name.replace(".corrected.txt", ".gz")
        split = split_dragnet(page(gold_file)) if html_file.is_file() else None
        if split is not None:
            pid = gold_file.name.split(".")[0]
            out.append(("dragnet", pid, site_of("dragnet", pid), split[1], _recorded(page(html_file), html_file.name)))
    return out


def readability_pages() -> list[Page]:
    root = CORPUS / "mozilla-readability-test-pages"
    out: list[Page] = []
    for d in sorted(p for p in root.iterdir() if (p / "expected.html.gz").is_file()):
        meta = json.loads((d / "expected-metadata.json").read_text(encoding="utf-8"))
        if meta.get("readerable", True) is False:
            continue
        gold = lxml.html.fromstring(page(d / "expected.html.gz")).text_content()
        out.append(("readability", d.name, site_of("readability", d.name), gold, _recorded(page(d / "source.html.gz"), d.name)))
    return out


def load_pages(refresh: bool = False) -> list[Page]:
    cache = Path("/tmp") / f"body_blocks_{candidate_fit.code_key(CODE)}.pickle"
    if cache.is_file() and not refresh:
        return pickle.loads(cache.read_bytes())
    t0 = time.process_time()
    pages = zyte_pages() + l3s_pages() + dragnet_pages() + readability_pages()
    print(f"read {len(pages)} pages in {time.process_time() - t0:.0f} s CPU", file=sys.stderr)
    cache.write_bytes(pickle.dumps(pages))
    return pages


def label(para: str, gold: Counter[str]) -> int:
    """1 (furniture) when fewer than half of the paragraph's words are gold body words."""
    words = tokens(para)
    return int(sum(1 for w in words if gold[w]) < 0.5 * max(1, len(words)))


def matrix(pages: list[Page]) -> tuple[Any, Any, Any]:
    xs, ys, ws = [], [], []
    for _c, _k, _s, gold, paras in pages:
        bag = Counter(tokens(gold))
        for para, f in paras:
            xs.append([f[name] for name in body_blocks.FEATURES])
            ys.append(label(para, bag))
            ws.append(max(1, len(para.split())))
    return np.array(xs, dtype=float), np.array(ys, dtype=float), np.sqrt(np.array(ws, dtype=float))


def fit(pages: list[Page], l2: float = 1.0) -> dict[str, float]:
    x, y, w = matrix(pages)
    return candidate_fit.fit_logistic(x, y, w, list(body_blocks.FEATURES), l2)


def pruned(paras: list[tuple[str, dict[str, float]]], model: body_blocks.Model) -> str:
    """The body the parser would keep with ``model`` (same rule as ``without_furniture``)."""
    texts = [p for p, _f in paras]
    kept = [p for p, f in paras if body_blocks.probability(f, model.weights) < model.threshold]
    if sum(len(p.split()) for p in kept) < body_blocks.KEEP_AT_LEAST * sum(len(p.split()) for p in texts):
        return "\n\n".join(texts)
    return "\n\n".join(kept)


def cv_weights(pages: list[Page], k: int = 10, l2: float = 1.0) -> list[dict[str, float]]:
    """Each page's weights fitted without its site's pages."""
    return candidate_fit.cv_weights(pages, fit, k, l2)


def body_f1(pages: list[Page], models: list[body_blocks.Model] | None) -> dict[str, float]:
    per: dict[str, list[float]] = {}
    for i, (corpus, _k, _s, gold, paras) in enumerate(pages):
        body = "\n\n".join(p for p, _f in paras) if models is None else pruned(paras, models[i])
        per.setdefault(corpus, []).append(token_prf(body, gold).f1)
    return {c: mean(v) for c, v in per.items()}


def cv_models(k: int = 10, l2: float = 1.0, threshold: float | None = None) -> dict[str, Any]:
    """Models fitted without each page's fold: "corpus:key" -> Model, and "site:<site>" for pages
    outside the training set (fitted without that site)."""
    t = body_blocks.MODEL.threshold if threshold is None else threshold
    return candidate_fit.cv_models(load_pages(), fit, lambda w: body_blocks.Model(w, t), body_blocks.MODEL, k, l2)


def write(weights: dict[str, float], threshold: float, notes: list[str]) -> None:
    doc = [
        "Weights of the body-furniture classifier (``reader.parsing.body_blocks``): data, not code.",
        "",
        "Written by tests/benchmarks/train_body_blocks.py (logistic regression over the named",
        "features of each main-text paragraph, trained on Zyte, L3S-GN1, Dragnet HTML and Readability",
        "pages). Body token F1 of the paragraphs: as parsed / pruned (full) / pruned (CV by site):",
        *[f"    {n}" for n in notes],
    ]
    candidate_fit.write_block_weights(WEIGHTS_FILE, doc, "BODY_BLOCK", threshold, weights)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args(argv)
    pages = load_pages(args.refresh)
    full = fit(pages, args.l2)
    before = body_f1(pages, None)
    f_scores = body_f1(pages, [body_blocks.Model(full, args.threshold)] * len(pages))
    c_scores = body_f1(pages, [body_blocks.Model(w, args.threshold) for w in cv_weights(pages, args.k, args.l2)])
    notes = [f"{c:12s} {before[c]:.3f} / {f_scores[c]:.3f} / {c_scores[c]:.3f}" for c in before]
    print("\n".join(notes))
    print(json.dumps(full, indent=1))
    if args.write:
        write(full, args.threshold, notes)
        print(f"wrote {WEIGHTS_FILE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
