"""Comment sections of the Dragnet text dumps (separator line removed): where they start, what comes back.

Prints the scores; the full evaluation with per-file detail is
``python tests/benchmarks/eval_comments.py --verbose``.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime
from pathlib import Path

import pytest

pytestmark = pytest.mark.corpus

_EVAL = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_comments.py"


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_comments", _EVAL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_dragnet_split_and_comment_word_recall(corpus_dir: Path):
    if not (corpus_dir / "dragnet-2012-comments" / "corrected").is_dir():
        pytest.skip("dragnet corpus not present")
    ev = _eval_module()
    score = ev.score_dragnet(corpus_dir)
    print(
        f"\nDragnet: {len(score.files)} files, split right {score.split_accuracy:.1%}, "
        f"comment-word recall {score.recall:.1%}, precision {score.precision:.1%}"
    )
    assert len(score.files) > 100
    assert score.split_accuracy >= 0.90
    assert score.recall >= 0.85
    assert score.precision >= 0.90


def test_dragnet_comments_have_text_and_valid_times(corpus_dir: Path):
    folder = corpus_dir / "dragnet-2012-comments" / "corrected"
    if not folder.is_dir():
        pytest.skip("dragnet corpus not present")
    ev = _eval_module()
    from reader.parsing.comments import comments_from_text, locate_comments

    dated = total = 0
    for path in sorted(folder.glob("*.txt"))[::3]:  # a third of the files keeps the suite fast
        lines, _gold = ev.split_gold(ev.read_text(path))
        start = locate_comments(lines)
        if start is None:
            continue
        for top in comments_from_text(lines[start:]).comments:
            for _d, c in top.walk():
                total += 1
                assert c.text.strip() or c.author, path.name
                if c.published:
                    dated += 1
                    datetime.fromisoformat(c.published)  # raises if not ISO 8601
                    assert c.author is None or c.published[:4] not in c.author
    print(f"\nDragnet comments: {total}, with an absolute time: {dated}")
    assert total > 500
    assert dated / total > 0.5


def test_articles_without_comments_keep_their_whole_body(corpus_dir: Path):
    """A comment section found in a comment-free article would cut its body short."""
    ev = _eval_module()
    total, found, examples = ev.false_sections(corpus_dir, step=7)
    if total == 0:
        pytest.skip("no comment-free corpus present")
    print(f"\ncomment-free articles: {total}, given a comment section: {found}")
    assert found <= total // 100, examples
