"""The searcher's cache of decoded postings stays within its byte budget, dropping the least recently used,
and keeps its arrays narrowed: what comes back equals what was put, in half the bytes."""

from __future__ import annotations

import numpy as np

from reader.library.executor import TermPostings
from reader.library.phrases import WordPositions
from reader.library.postings_cache import PostingsCache


def _postings(n: int) -> TermPostings:
    return TermPostings(np.arange(n, dtype=np.int64), np.ones(n, dtype=np.float64))  # 16 bytes a posting, 8 kept


def _same(a: TermPostings | WordPositions | None, b: TermPostings | WordPositions) -> bool:
    assert a is not None and type(a) is type(b)
    return all(x.dtype == y.dtype and np.array_equal(x, y) for x, y in zip(a, b))


def test_least_recently_used_terms_leave_first_and_the_budget_holds():
    cache: PostingsCache[TermPostings] = PostingsCache(budget=7_500, min_postings=100)
    for name in "abcd":
        cache.put(name, _postings(200))  # 1,600 bytes each as kept
    assert cache.get("a") is not None  # "a" used again: "b" is now the oldest
    cache.put("e", _postings(200))
    cache.put("f", _postings(200))  # 4 x 1,600 fit in 7,500: "b", then "c" must go
    assert [k for k in "abcdef" if cache.get(k) is not None] == ["a", "d", "e", "f"]
    assert cache.nbytes == 4 * 1600 <= cache.budget


def test_rare_terms_and_terms_too_large_are_not_kept():
    cache: PostingsCache[TermPostings] = PostingsCache(budget=7_500, min_postings=100)
    assert not cache.worth_keeping(99) and cache.worth_keeping(100)
    cache.put("big", _postings(300))  # 2,400 bytes: more than a quarter of the budget
    assert cache.get("big") is None and cache.nbytes == 0
    same = _postings(200)
    cache.put("x", same)
    cache.put("x", _postings(200))  # kept once
    assert _same(cache.get("x"), same) and len(cache) == 1 and cache.nbytes == 1600


def test_postings_come_back_equal_in_their_own_dtypes_from_half_the_bytes():
    rng = np.random.default_rng(5)
    docs = np.cumsum(rng.integers(1, 40, 5000)).astype(np.int64)
    tfs = rng.integers(1, 30, 5000).astype(np.float64)
    counts = tfs.astype(np.int64)
    positions = rng.integers(0, 1 << 31, int(counts.sum())).astype(np.uint32)
    words = WordPositions(docs, tfs, counts, positions)
    terms = TermPostings(docs, tfs * 1.5)  # (a field's boost: still exact in 32 bits)
    cache: PostingsCache[TermPostings | WordPositions] = PostingsCache(budget=1 << 22, min_postings=1)
    cache.put("words", words)
    cache.put("terms", terms)
    assert _same(cache.get("words"), words) and _same(cache.get("terms"), terms)
    wide = sum(a.nbytes for a in words) + sum(a.nbytes for a in terms)
    assert cache.nbytes == wide - 5 * 4 * 5000  # 4 bytes a posting less in five arrays (positions stay 4)


def test_arrays_that_do_not_fit_fewer_bytes_are_kept_as_they_are():
    n = 3000
    far = TermPostings(np.arange(n, dtype=np.int64) + (1 << 31), np.full(n, 0.1))  # past int32; 0.1 inexact
    near = TermPostings(np.arange(n, dtype=np.int64) - (1 << 31), np.full(n, 3.0))  # int32's least: fits
    cache: PostingsCache[TermPostings] = PostingsCache(budget=1 << 20, min_postings=1)
    cache.put("far", far)
    assert _same(cache.get("far"), far) and cache.nbytes == 16 * n
    cache.put("near", near)
    assert _same(cache.get("near"), near) and cache.nbytes == 16 * n + 8 * n
