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
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar

#: Bytes of decoded postings a searcher keeps.
POSTINGS_CACHE_BYTES = 128 << 20
#: Terms with fewer postings than this in a segment are decoded anew each time (a few blocks).
CACHE_MIN_POSTINGS = 2048


class Sized(Protocol):
    @property
    def nbytes(self) -> int: ...


V = TypeVar("V", bound=Sized)


class PostingsCache(Generic[V]):
    """Least recently used decoded postings, at most ``budget`` bytes of them."""

    def __init__(self, budget: int | None = None, min_postings: int | None = None) -> None:
        self.budget = POSTINGS_CACHE_BYTES if budget is None else budget
        self.min_postings = CACHE_MIN_POSTINGS if min_postings is None else min_postings
        self.nbytes = 0
        self._entries: OrderedDict[Hashable, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> V | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def worth_keeping(self, postings: int) -> bool:
        """Is a term with this many postings (in one segment) worth a place?"""
        return postings >= self.min_postings

    def put(self, key: Hashable, value: V) -> None:
        size = value.nbytes
        if size * 4 > self.budget or key in self._entries:
            return
        while self._entries and self.nbytes + size > self.budget:
            _, old = self._entries.popitem(last=False)
            self.nbytes -= old.nbytes
        self._entries[key] = value
        self.nbytes += size
