"""The searcher's cache of decoded postings stays within its byte budget, dropping the least recently used."""

from __future__ import annotations

import numpy as np

from reader.library.executor import TermPostings
from reader.library.postings_cache import PostingsCache


def _postings(n: int) -> TermPostings:
    return TermPostings(np.arange(n, dtype=np.int64), np.ones(n, dtype=np.float64))  # 16 bytes a posting


def test_least_recently_used_terms_leave_first_and_the_budget_holds():
    cache: PostingsCache[TermPostings] = PostingsCache(budget=15_000, min_postings=100)
    for name in "abcd":
        cache.put(name, _postings(200))  # 3,200 bytes each
    assert cache.get("a") is not None  # "a" used again: "b" is now the oldest
    cache.put("e", _postings(200))
    cache.put("f", _postings(200))  # 4 x 3,200 fit in 15,000: "b", then "c" must go
    assert [k for k in "abcdef" if cache.get(k) is not None] == ["a", "d", "e", "f"]
    assert cache.nbytes == 4 * 3200 <= cache.budget


def test_rare_terms_and_terms_too_large_are_not_kept():
    cache: PostingsCache[TermPostings] = PostingsCache(budget=15_000, min_postings=100)
    assert not cache.worth_keeping(99) and cache.worth_keeping(100)
    cache.put("big", _postings(300))  # 4,800 bytes: more than a quarter of the budget
    assert cache.get("big") is None and cache.nbytes == 0
    same = _postings(200)
    cache.put("x", same)
    cache.put("x", _postings(200))  # kept once
    assert cache.get("x") is same and len(cache) == 1
