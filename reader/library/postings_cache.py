"""Decoded postings of frequent terms, kept between searches within a fixed memory budget.

Decoding a frequent word's postings is most of a search's work: at 100,000
articles "time" holds 77,000 postings in the body's positions, and turning
Whoosh's pickled blocks into arrays costs tens of milliseconds however fast
the rest is. People search the same words again (search as you type asks
for each word with every key, a refined query keeps the words before), so
the searcher keeps the arrays of the terms it decoded last.

The budget is in bytes, not in terms, and does not grow with the library:
a larger library only means fewer terms fit. Rare terms are not kept (they
decode in microseconds), nor any term taking more than a quarter of the
budget. The cache belongs to one searcher: after a commit the executor,
and so the cache, is made anew (segments are never changed in place, so no
entry can go stale while it lives).

Entries are kept narrowed: a segment's document numbers and the position
counts fit 4 bytes, and term frequencies (word counts) are exact in a
32-bit float, so an entry takes about half the bytes of the arrays a search
computes with (8-byte numbers): 64 MB hold the terms 128 MB held before
(at 100,000 articles, the frequent words of the benchmark's 204 queries), at
a million articles the budget is half the memory. ``get`` gives them back
widened, equal to what was put, value for value (a copy: the cost of a
conversion, far below that of decoding); an array that does not narrow
exactly is kept as it is.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

#: Bytes of decoded postings a searcher keeps (narrowed: about twice as many postings as arrays of 8-byte numbers).
POSTINGS_CACHE_BYTES = 64 << 20
#: Terms with fewer postings than this in a segment are decoded anew each time (a few blocks).
CACHE_MIN_POSTINGS = 2048


V = TypeVar("V", bound="tuple[npt.NDArray[Any], ...]")  # a named tuple of arrays (TermPostings, WordPositions)

#: dtype -> the narrower dtype it is kept as, when every value survives the trip.
NARROWER = {np.dtype(np.int64): np.dtype(np.int32), np.dtype(np.float64): np.dtype(np.float32)}


def narrowed(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``a`` in fewer bytes when every value is the same after widening again; else ``a``."""
    to = NARROWER.get(a.dtype)
    if to is None or not a.shape[0]:
        return a
    if to.kind == "i":
        least, most = np.iinfo(np.int32).min, np.iinfo(np.int32).max
        return a.astype(to) if least <= int(a.min()) and int(a.max()) <= most else a
    small = a.astype(to)
    return small if np.array_equal(small, a) else a


class _Entry(Generic[V]):
    """A value as kept: its arrays narrowed, with the dtypes to give them back in."""

    __slots__ = ("value", "dtypes", "nbytes")

    def __init__(self, value: V) -> None:
        arrays = list(value)
        self.dtypes = [a.dtype for a in arrays]
        self.value: V = _like(value, [narrowed(a) for a in arrays])
        self.nbytes = sum(int(a.nbytes) for a in self.value)

    def widened(self) -> V:
        return _like(self.value, [a if a.dtype == dt else a.astype(dt) for a, dt in zip(self.value, self.dtypes)])


def _like(value: V, arrays: list[npt.NDArray[Any]]) -> V:
    """A tuple of the named tuple type of ``value`` holding ``arrays``."""
    made: V = type(value)(*arrays)
    return made


class PostingsCache(Generic[V]):
    """Least recently used decoded postings, at most ``budget`` bytes of them (as kept, narrowed)."""

    def __init__(self, budget: int | None = None, min_postings: int | None = None) -> None:
        self.budget = POSTINGS_CACHE_BYTES if budget is None else budget
        self.min_postings = CACHE_MIN_POSTINGS if min_postings is None else min_postings
        self.nbytes = 0
        self._entries: OrderedDict[Hashable, _Entry[V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> V | None:
        """The value put under ``key`` (a new one of equal arrays), or None."""
        found = self._entries.get(key)
        if found is None:
            return None
        self._entries.move_to_end(key)
        return found.widened()

    def worth_keeping(self, postings: int) -> bool:
        """Is a term with this many postings (in one segment) worth a place?"""
        return postings >= self.min_postings

    def put(self, key: Hashable, value: V) -> None:
        if key in self._entries:
            return
        entry = _Entry(value)
        size = entry.nbytes
        if size * 4 > self.budget:
            return
        while self._entries and self.nbytes + size > self.budget:
            _, old = self._entries.popitem(last=False)
            self.nbytes -= old.nbytes
        self._entries[key] = entry
        self.nbytes += size
