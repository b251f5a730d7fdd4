"""PolNeAR direct quotes: recall, precision and speaker accuracy above the targets.

Scoring rules are in ``polnear_gold.py`` (shared with the benchmark
``tests/benchmarks/eval_quotes.py``, which prints the same figures).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from reader.quotes import find_quotes

pytestmark = pytest.mark.corpus


def _gold_module():
    path = Path(__file__).with_name("polnear_gold.py")
    spec = importlib.util.spec_from_file_location("polnear_gold", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("polnear_gold", mod)
    spec.loader.exec_module(mod)
    return mod


def test_polnear_direct_quotes(corpus_dir: Path):
    if not (corpus_dir / "polnear-quote-attribution").is_dir():
        pytest.skip("PolNeAR sample not in the corpus")
    pg = _gold_module()
    docs = pg.load(corpus_dir)
    assert len(docs) >= 100
    scores = pg.score(docs, find_quotes)
    print("\n" + scores.summary())
    assert scores.recall >= 0.90
    assert scores.precision >= 0.85
    assert scores.speaker_accuracy >= 0.91  # 0.919 measured (issue 15)
    assert scores.named >= 500  # the accuracy is measured on enough quotes


def test_scoring_can_fail(corpus_dir: Path):
    """A finder that attributes everything to one name scores badly on speakers."""
    if not (corpus_dir / "polnear-quote-attribution").is_dir():
        pytest.skip("PolNeAR sample not in the corpus")
    pg = _gold_module()
    docs = pg.load(corpus_dir)[:30]

    def wrong(body: str):
        return [q.__class__(q.text, "Nobody Atall", q.start, q.end) for q in find_quotes(body)]

    scores = pg.score(docs, wrong)
    assert scores.speaker_accuracy < 0.2
    assert pg.score(docs, lambda body: []).recall == 0.0
