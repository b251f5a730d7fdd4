"""Golden tests of the plain-text pipeline over the shared corpora (skipped when absent).

Thresholds are the targets of the library-core issue; the scores are printed so
they can be followed from run to run (`tests/benchmarks/eval_text.py` runs the
full evaluation with per-file detail).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from reader.parsing.decode import decode_text, normalise_newlines
from reader.parsing.text import parse_text

pytestmark = pytest.mark.corpus

_SCORING = Path(__file__).resolve().parents[1] / "benchmarks" / "scoring.py"


def _load_scoring():
    if "ar_scoring" in sys.modules:
        return sys.modules["ar_scoring"]
    spec = importlib.util.spec_from_file_location("ar_scoring", _SCORING)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["ar_scoring"] = module
    spec.loader.exec_module(module)
    return module


scoring = _load_scoring()


def read(path: Path) -> str:
    text, _enc = decode_text(path.read_bytes(), path=str(path))
    return normalise_newlines(text)


def report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n[text corpus] {line}")


def test_bbc_titles_exact_and_bodies_whole(corpus_dir: Path, capsys) -> None:
    files = sorted((corpus_dir / "bbc-news-fulltext").glob("*/*.txt"))[::8]
    if not files:
        pytest.skip("BBC corpus not present")
    exact, f1s = 0, []
    for p in files:
        text = read(p)
        title, _, rest = text.lstrip().partition("\n")
        art = parse_text(text, source=str(p))
        exact += art.title == " ".join(title.split())
        f1s.append(scoring.token_prf(art.body, rest).f1)
        assert art.comments == [] and art.comments_claimed is None, p
    share, mean_f1 = exact / len(files), scoring.mean(f1s)
    report(capsys, f"BBC ({len(files)} files): titles exact {share:.3f}, body F1 {mean_f1:.3f}, min {min(f1s):.3f}")
    assert share >= 0.99
    assert mean_f1 >= 0.99


def test_dragnet_article_f1_and_comment_leakage(corpus_dir: Path, capsys) -> None:
    files = sorted((corpus_dir / "dragnet-2012-comments" / "corrected").glob("*.txt"))
    if not files:
        pytest.skip("Dragnet corpus not present")
    f1s, leaks = [], []
    for p in files:
        parts = scoring.split_dragnet(read(p))
        if parts is None:
            continue
        dump, gold_article, gold_comments = parts
        art = parse_text(dump, source=str(p))
        f1s.append(scoring.token_prf(f"{art.title}\n{art.body}", gold_article).f1)
        leaks.append(scoring.leakage(art.body, gold_article, gold_comments))
    mean_f1, mean_leak = scoring.mean(f1s), scoring.mean(leaks)
    report(capsys, f"Dragnet ({len(f1s)} dumps): article F1 {mean_f1:.3f}, comment words leaking {mean_leak:.3f}")
    assert mean_f1 >= 0.90
    assert mean_leak < 0.05


def test_zyte_full_page_dumps_body_f1(corpus_dir: Path, capsys) -> None:
    root = corpus_dir / "zyte-article-extraction-benchmark"
    if not (root / "ground-truth.json").is_file():
        pytest.skip("Zyte corpus not present")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    f1s = []
    for p in sorted((root / "html-text").glob("*.txt")):
        gold = truth.get(p.stem, {}).get("articleBody")
        if gold is None:
            continue
        art = parse_text(read(p), source=str(p))
        f1s.append(scoring.token_prf(art.body, gold).f1)
    mean_f1 = scoring.mean(f1s)
    report(capsys, f"Zyte full-page text ({len(f1s)} dumps): body F1 {mean_f1:.3f}, median {scoring.median(f1s):.3f}")
    assert mean_f1 >= 0.75


def test_polnear_titles(corpus_dir: Path, capsys) -> None:
    root = corpus_dir / "polnear-quote-attribution"
    if not (root / "metadata.tsv").is_file():
        pytest.skip("PolNeAR corpus not present")
    with (root / "metadata.tsv").open(encoding="utf-8") as fh:
        meta = {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}
    exact = total = 0
    for p in sorted((root / "text").glob("*.txt")):
        row = meta.get(p.stem)
        if row is None:
            continue
        art = parse_text(read(p), source=str(p))
        total += 1
        exact += scoring.normalise_title(art.title) == scoring.normalise_title(row["title"])
        assert "ABSTRACT." not in art.body.split("\n\n")
    report(capsys, f"PolNeAR ({total} articles): titles exact {exact / total:.3f}")
    assert exact / total >= 0.95
