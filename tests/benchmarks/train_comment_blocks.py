"""Train the comment-block classifier and write ``reader/parsing/comment_block_weights.py``.

    python tests/benchmarks/train_comment_blocks.py [--write] [--k 10] [--l2 1.0] [--refresh]

Every labelled page with a comment section is read once and its text blocks
(``comment_blocks.page_blocks``) described by the named features against the
page's main text; features and labels are cached in /tmp, keyed by the code:

- Dragnet HTML: a block whose words lie in the gold text after the comment
  marker (and not before it) is comment text; in the article part, or in
  neither (page furniture the gold leaves out), it is not;
- L3S-GN1: the assessors' block labels (``x-nc-sel5`` user comments) on the
  annotated copy of the page;
- trafilatura-eval: blocks holding a ``comments`` snippet are comment text,
  blocks holding a ``with`` or ``without`` snippet are not; other blocks are
  unlabelled and left out.

A logistic regression (L2, blocks weighted by the square root of their
words, since the figures count words) is fitted; numpy only here, the
shipped model is a dot product. Printed: block-level precision/recall of
comment text, full (fitted on everything) and CV by site (grouped k-fold:
each page's blocks scored by weights fitted without its site). The end to
end figures (comment words recovered, left in the body) with the same folds
are printed by ``eval_html.py dragnet l3s``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import candidate_fit
import numpy as np
from crossval import site_of
from eval_html import _listish
from scoring import split_dragnet

from reader.errors import ReaderError
from reader.parsing import comment_blocks
from reader.parsing.decode import decode_text, normalise_newlines, read_bytes
from reader.parsing.html import extract_document, load_tree, main_body

CORPUS = REPO.parent / "shared" / "corpus"
WEIGHTS_FILE = REPO / "reader" / "parsing" / "comment_block_weights.py"
CODE = [REPO / "reader" / "parsing" / n for n in ("comment_blocks.py", "html.py", "html_layout.py")]

#: One labelled page: (corpus, key, site, [(features, label, words), ...]).
Page = tuple[str, str, str, list[tuple[dict[str, float], int, int]]]


def page(path: Path) -> str:
    data, _name = read_bytes(path)
    text, _enc = decode_text(data, path=path)
    return normalise_newlines(text)


def _key(text: str) -> str:
    return comment_blocks._key(text)


def _blocks(html: str, body_html: str | None = None, name: str = "page") -> tuple[list[comment_blocks.Block], Any]:
    """The page's described blocks (body read from ``body_html`` when given: L3S's original)."""
    tree = load_tree(body_html or html, source=name)
    body, _w = main_body(tree, extract_document(tree, source=name))
    if body_html is not None:
        tree = load_tree(html, source=name)
    blocks = comment_blocks.page_blocks(tree)
    comment_blocks.describe(blocks, body)
    return blocks, tree


def dragnet_pages() -> list[Page]:
    root = CORPUS / "dragnet-2012-comments"
    out: list[Page] = []
    for gold_file in sorted((root / "corrected").glob("*.html.corrected.txt")):
        html_file = root / "html" / gold_file.name.replace(".corrected.txt", ".gz")
        split = split_dragnet(page(gold_file)) if html_file.is_file() else None
        if split is None:
            continue
        article, comments = _key(split[1]), _key(split[2])
        try:
            blocks, _tree = _blocks(page(html_file), name=html_file.name)
        except ReaderError:
            continue
        rows = []
        for b in blocks:
            k = _key(b.text)
            if not k:
                continue
            in_c, in_a = k in comments, k in article
            if in_c and in_a:
                continue  # a line both sides share ("Reply"): no evidence either way
            rows.append((b.features, int(in_c), b.words))
        pid = gold_file.name.split(".")[0]
        out.append(("dragnet", pid, site_of("dragnet", pid), rows))
    return out


def _l3s_label(el: Any) -> int | None:
    """5 (comments) or another label by most characters of the block's own labelled spans."""
    chars: dict[str, int] = {}
    for span in el.iter("span"):
        cls = span.get("class") or ""
        if "x-nc-sel" not in cls:
            continue
        owner = next((a for a in span.iterancestors() if a.tag in comment_blocks.BLOCK_TAGS), None)
        if owner is not el:
            continue
        label = cls.split("x-nc-sel", 1)[1][:1]
        chars[label] = chars.get(label, 0) + len(span.text_content())
    if not chars:
        return None
    return int(max(chars, key=lambda k: chars[k]) == "5")


def l3s_pages() -> list[Page]:
    root = CORPUS / "l3s-gn1-news"
    rows_tsv = [ln.split("\t") for ln in (root / "pages.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    out: list[Page] = []
    for uuid, *_rest in rows_tsv:
        orig, ann = root / "original" / f"{uuid}.html.gz", root / "annotated" / f"{uuid}.html.gz"
        if not (orig.is_file() and ann.is_file()):
            continue
        try:
            blocks, _tree = _blocks(page(ann), body_html=page(orig), name=orig.name)
        except ReaderError:
            continue
        rows = []
        for b in blocks:
            label = _l3s_label(b.el)
            if label is not None:
                rows.append((b.features, label, b.words))
        out.append(("l3s", uuid, site_of("l3s", uuid), rows))
    return out


def _matches(block_key: str, snippets: list[str]) -> bool:
    return any((len(s) >= 12 and s in block_key) or (len(block_key) >= 25 and block_key in s) for s in snippets)


def trafilatura_pages() -> list[Page]:
    root = CORPUS / "trafilatura-eval-subset"
    entries = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    out: list[Page] = []
    for _url, e in sorted(entries.items(), key=lambda kv: kv[1]["file"]):
        f = root / "html" / (e["file"] + ".gz")
        if not f.is_file():
            continue
        comments = [_key(s) for s in _listish(e.get("comments"))]
        others = [_key(s) for s in _listish(e.get("with")) + _listish(e.get("without"))]
        try:
            blocks, _tree = _blocks(page(f), name=f.name)
        except ReaderError:
            continue
        rows = []
        for b in blocks:
            k = _key(b.text)
            is_c, is_o = _matches(k, comments), _matches(k, others)
            if is_c != is_o:
                rows.append((b.features, int(is_c), b.words))
        out.append(("trafilatura", e["file"], site_of("trafilatura", e["file"]), rows))
    return out


def _code_key() -> str:
    """Hash of the code the cached features depend on (the classifier file up to its features)."""
    h = hashlib.sha1()
    for p in CODE:
        text = p.read_text(encoding="utf-8")
        h.update(text.split("\ndef probability(", 1)[0].encode())
    return h.hexdigest()[:12]


def load_pages(refresh: bool = False) -> list[Page]:
    cache = Path("/tmp") / f"comment_blocks_{_code_key()}.pickle"
    if cache.is_file() and not refresh:
        return pickle.loads(cache.read_bytes())
    t0 = time.process_time()
    pages = dragnet_pages() + l3s_pages() + trafilatura_pages()
    print(f"read {len(pages)} pages in {time.process_time() - t0:.0f} s CPU", file=sys.stderr)
    cache.write_bytes(pickle.dumps(pages))
    return pages


def matrix(pages: list[Page]) -> tuple[Any, Any, Any]:
    rows = [r for p in pages for r in p[3]]
    x = np.array([[f[name] for name in comment_blocks.FEATURES] for f, _y, _w in rows], dtype=float)
    y = np.array([lab for _f, lab, _w in rows], dtype=float)
    w = np.sqrt(np.array([max(1, words) for _f, _y, words in rows], dtype=float))
    return x, y, w


def fit(pages: list[Page], l2: float = 1.0, steps: int = 25) -> dict[str, float]:
    """Weighted L2 logistic regression over the blocks (candidate_fit.fit_logistic)."""
    x, y, w = matrix(pages)
    return candidate_fit.fit_logistic(x, y, w, list(comment_blocks.FEATURES), l2, steps)


def block_scores(pages: list[Page], weights_of: list[dict[str, float]], threshold: float) -> dict[str, tuple[float, float]]:
    """Per corpus: word-weighted precision and recall of comment text over the blocks outside the body."""
    out: dict[str, list[float]] = {}
    for (corpus, _k, _s, rows), weights in zip(pages, weights_of):
        acc = out.setdefault(corpus, [0.0, 0.0, 0.0])
        for f, y, words in rows:
            if f["in_body"]:
                continue
            pred = comment_blocks.probability(f, weights) >= threshold
            acc[0] += words * (pred and y)
            acc[1] += words * pred
            acc[2] += words * y
    return {c: (a[0] / max(1, a[1]), a[0] / max(1, a[2])) for c, a in out.items()}


def cv_weights(pages: list[Page], k: int = 10, l2: float = 1.0) -> list[dict[str, float]]:
    """Each page's weights fitted without its site's pages."""
    return candidate_fit.cv_weights(pages, fit, k, l2)


def cv_models(k: int = 10, l2: float = 1.0, threshold: float | None = None) -> dict[str, Any]:
    """Models fitted without each page's fold: "corpus:key" -> Model, and "site:<site>" for
    pages outside the training set (fitted without that site)."""
    t = comment_blocks.COMMENT_BLOCK_THRESHOLD if threshold is None else threshold
    return candidate_fit.cv_models(load_pages(), fit, lambda w: comment_blocks.Model(w, t), comment_blocks.MODEL, k, l2)


def write(weights: dict[str, float], threshold: float, notes: list[str]) -> None:
    doc = [
        "Weights of the comment-block classifier (``reader.parsing.comment_blocks``): data, not code.",
        "",
        "Written by tests/benchmarks/train_comment_blocks.py (logistic regression over the named",
        "features of each text block, trained on Dragnet HTML, L3S-GN1 and trafilatura-eval pages).",
        "Comment text among the blocks outside the main text, word-weighted (full / CV by site):",
        *[f"    {n}" for n in notes],
    ]
    candidate_fit.write_block_weights(WEIGHTS_FILE, doc, "COMMENT_BLOCK", threshold, weights)


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
    cv = cv_weights(pages, args.k, args.l2)
    f_scores = block_scores(pages, [full] * len(pages), args.threshold)
    c_scores = block_scores(pages, cv, args.threshold)
    notes = []
    for corpus in f_scores:
        (fp, fr), (cp, cr) = f_scores[corpus], c_scores[corpus]
        notes.append(f"{corpus:12s} precision {fp:.3f} / {cp:.3f}  recall {fr:.3f} / {cr:.3f}")
    print("\n".join(notes))
    print(json.dumps(full, indent=1))
    if args.write:
        write(full, args.threshold, notes)
        print(f"wrote {WEIGHTS_FILE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
