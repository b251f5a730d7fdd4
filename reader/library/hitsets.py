"""Scored document sets as numpy arrays: the executor's algebra of hits.

A ``Hits`` is a sorted array of distinct document numbers with a parallel
array of scores. And, Or, Not and the top k are array operations (sorting,
``searchsorted``, ``bincount``), so a common word's tens of thousands of
postings cost a few C loops, not a Python step per document.

Scores come out bit for bit as the per-document evaluation adds them:

- a union adds each document's scores in the order of its parts (the
  largest part first, as the executor orders them): ``bincount`` adds its
  weights in input order, starting from 0.0;
- an intersection adds the parts' scores in the order given (smallest
  first): ``acc + part``, pair by pair;
- the top k are ordered by score, then by document number (the order in
  which the per-document evaluation met equal scores).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

DocArray = npt.NDArray[np.int64]
ScoreArray = npt.NDArray[np.float64]

# Below this many document numbers per slot of the range they span, a union sorts (np.unique)
# instead of counting into a dense array as long as that range.
DENSE_UNION_SHARE = 16
# Membership: below this many slots of the range per number, the numbers are marked in a table
# as long as the range (two passes) instead of each looked up by binary search (a cache miss a step).
DENSE_MEMBER_SHARE = 8
# Intersection: when one side is this many times longer, the shorter one's numbers are looked up
# in it; else both are merged.
MERGE_RATIO = 32


class Hits(NamedTuple):
    """Documents (sorted, distinct) and their scores."""

    docs: DocArray
    scores: ScoreArray

    def __len__(self) -> int:  # the number of documents, not of fields
        return int(self.docs.shape[0])

    def __bool__(self) -> bool:
        return bool(self.docs.shape[0])


EMPTY_DOCS: DocArray = np.zeros(0, dtype=np.int64)
EMPTY = Hits(EMPTY_DOCS, np.zeros(0, dtype=np.float64))


def unscored(docs: Any) -> Hits:
    """Documents that match with no score (date ranges and other filters)."""
    arr = np.unique(np.asarray(docs, dtype=np.int64))
    return Hits(arr, np.zeros(arr.shape[0], dtype=np.float64))


def member_mask(docs: DocArray, of: DocArray) -> npt.NDArray[np.bool_]:
    """Which of ``docs`` are in ``of`` (``of`` sorted)."""
    if not of.shape[0] or not docs.shape[0]:
        return np.zeros(docs.shape[0], dtype=np.bool_)
    low, top = min(int(docs.min()), int(of[0])), max(int(docs.max()), int(of[-1])) + 1
    if low >= 0 and top <= DENSE_MEMBER_SHARE * (docs.shape[0] + of.shape[0]):
        table = np.zeros(top, dtype=np.bool_)
        table[of] = True
        marked: npt.NDArray[np.bool_] = table[docs]
        return marked
    at = np.searchsorted(of, docs)
    at[at == of.shape[0]] = 0
    result: npt.NDArray[np.bool_] = of[at] == docs
    return result


def sorted_intersection(a: DocArray, b: DocArray) -> DocArray:
    """The numbers in both ``a`` and ``b`` (each sorted, no repeats), sorted."""
    if not a.shape[0] or not b.shape[0]:
        return a[:0]
    if a.shape[0] * MERGE_RATIO < b.shape[0] or b.shape[0] * MERGE_RATIO < a.shape[0]:
        small, large = (a, b) if a.shape[0] < b.shape[0] else (b, a)
        found: DocArray = small[member_mask(small, large)]
        return found
    both = np.concatenate((a, b))
    both.sort(kind="stable")  # two sorted runs: timsort merges them in one pass
    found = both[:-1][both[1:] == both[:-1]]
    return found


def union(parts: list[Hits]) -> Hits:
    """Every document of any part, its scores added in the parts' order (largest part first)."""
    parts = [p for p in parts if p]
    if not parts:
        return EMPTY
    parts.sort(key=len, reverse=True)
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([p.docs for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    top = int(docs.max()) + 1
    if docs.shape[0] * DENSE_UNION_SHARE >= top:
        sums: ScoreArray = np.bincount(docs, weights=scores, minlength=top).astype(np.float64, copy=False)
        present = np.zeros(top, dtype=np.bool_)
        present[docs] = True
        found = np.flatnonzero(present).astype(np.int64)
        return Hits(found, sums[found])
    found, inverse = np.unique(docs, return_inverse=True)
    sums = np.bincount(inverse, weights=scores, minlength=found.shape[0]).astype(np.float64, copy=False)
    return Hits(found.astype(np.int64), sums)


def intersect(parts: list[Hits]) -> Hits:
    """Documents in every part, scores added smallest part first."""
    if not parts or any(not p for p in parts):
        return EMPTY
    parts = sorted(parts, key=len)
    acc = parts[0]
    for part in parts[1:]:
        at = np.searchsorted(part.docs, acc.docs)
        at[at == part.docs.shape[0]] = 0
        keep = part.docs[at] == acc.docs
        acc = Hits(acc.docs[keep], acc.scores[keep] + part.scores[at[keep]])
        if not acc:
            return EMPTY
    return acc


def subtract(hits: Hits, remove: DocArray) -> Hits:
    """``hits`` without the documents in ``remove``."""
    if not hits or not remove.shape[0]:
        return hits
    keep = ~member_mask(hits.docs, remove)
    return Hits(hits.docs[keep], hits.scores[keep])


def restrict(hits: Hits, to: DocArray) -> Hits:
    """``hits`` only for the documents in ``to``."""
    keep = member_mask(hits.docs, to)
    return Hits(hits.docs[keep], hits.scores[keep])


def add_where_present(hits: Hits, extra: Hits) -> Hits:
    """``hits`` with ``extra``'s scores added where a document is in both (AndMaybe)."""
    if not hits or not extra:
        return hits
    at = np.searchsorted(extra.docs, hits.docs)
    at[at == extra.docs.shape[0]] = 0
    both = extra.docs[at] == hits.docs
    scores = hits.scores.copy()
    scores[both] = scores[both] + extra.scores[at[both]]
    return Hits(hits.docs, scores)


def top_k(hits: Hits, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (document, score), by score then document number."""
    n = len(hits)
    if not n or k <= 0:
        return []
    scores = hits.scores
    if n > k:
        kth = np.partition(scores, n - k)[n - k]  # the k-th best score
        chosen = np.flatnonzero(scores >= kth)
    else:
        chosen = np.arange(n)
    order = chosen[np.lexsort((chosen, -scores[chosen]))][:k]
    return [(int(d), float(s)) for d, s in zip(hits.docs[order].tolist(), scores[order].tolist())]
