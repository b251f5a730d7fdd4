"""SFU Globe and Mail threads: the JSON reader reproduces nesting, order and depths exactly.

The expected tree is read straight from the raw files (``replies`` lists),
independently of the reader, and compared comment by comment: depth,
author, time and the start of the text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.model import Comment

pytestmark = pytest.mark.corpus

comments_from_json = pytest.importorskip("reader.parsing.jsondump").comments_from_json


def _sfu(corpus_dir: Path) -> Path:
    folder = corpus_dir / "sfu-globe-and-mail-comments"
    if not folder.is_dir():
        pytest.skip("SFU corpus not present")
    return folder


def _expected(raw: list[dict], author_key, time_of):
    """(depth, author, time) in thread order, from the nested ``replies`` lists."""
    out = []
    stack = [(0, c) for c in reversed(raw)]
    while stack:
        depth, c = stack.pop()
        out.append((depth, author_key(c), time_of(c)))
        stack.extend((depth + 1, r) for r in reversed(c.get("replies") or []))
    return out


def _got(comments: list[Comment]):
    return [(d, c.author, c.published) for top in comments for d, c in top.walk()]


def _ms(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="seconds")


def test_comment_threads_keep_nesting_depths_and_order(corpus_dir: Path):
    files = sorted((_sfu(corpus_dir) / "comments").glob("*.json"))
    assert files
    deepest = 0
    for path in files:
        raw = json.loads(path.read_text(encoding="utf-8"))
        (payload,) = raw.values()
        expected = _expected(payload["comments"], lambda c: c["sender"]["name"], lambda c: _ms(c["timestamp"]))
        got = _got(comments_from_json(raw))
        assert got == expected, path.name
        deepest = max(deepest, max(d for d, _a, _t in expected))
        # a thread's first comment keeps its text
        first = comments_from_json(raw)[0]
        assert first.text.split()[:5] == payload["comments"][0]["commentText"].split()[:5]
    assert deepest >= 2  # the set has real reply chains


def test_reaction_threads_keep_nesting_and_order(corpus_dir: Path):
    files = sorted((_sfu(corpus_dir) / "comment_reactions").glob("*.json"))
    assert files
    for path in files:
        raw = json.loads(path.read_text(encoding="utf-8"))
        expected = [(d, a) for d, a, _t in _expected(list(raw.values()), lambda c: c.get("author") or None, lambda c: None)]
        got = [(d, a) for d, a, _t in _got(comments_from_json(raw))]
        assert got == expected, path.name
