"""Phrase matching that reads as little of the postings as it can.

A phrase needs the positions of its words, and positions are the bulk of
the postings (a frequent word's list is most of a megabyte at 100,000
articles). The old way decoded every block of every word, built a dict of
all of them and intersected. Here:

1. each word's block directory is read first (per block: its last document
   number and where its data lies; a few bytes each, no decompression);
2. the rarest word's postings are decoded in full: they are the candidates;
3. for every other word, rarest first, only the blocks that can hold a
   candidate are decompressed, and the candidates shrink to the documents
   holding that word too;
4. positions are compared only for the documents holding every word.

The matches and their scores are exactly those of the full decoding; only
the work differs. A phrase of a rare word and a common one ("her brakes")
reads a handful of the common word's blocks instead of all of them.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable
from itertools import accumulate, chain, repeat
from operator import add
from pickle import loads
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher

# (weight = term frequency, position bytes) of one word in one document.
Posting = tuple[float, Any]


class TermBlocks:
    """The block directory of one term's postings in one segment; blocks decoded on demand."""

    __slots__ = ("_postfile", "lastids", "_spans", "count")

    def __init__(self, matcher: W3LeafMatcher) -> None:
        postfile = matcher._postfile
        self._postfile = postfile
        self.lastids: list[int] = []
        self._spans: list[tuple[int, int, int]] = []
        self.count = 0
        pos = matcher._baseoffset
        while True:
            postfile.seek(pos)
            length = postfile.read_int()
            last = length < 0
            nextpos = pos + 4 + abs(length)
            info = postfile.read_pickle()
            dataoffset = postfile.tell()
            self._spans.append((dataoffset, nextpos - dataoffset, info[3]))
            self.lastids.append(info[1])
            self.count += info[0]
            if last:
                break
            pos = nextpos

    def block(self, i: int) -> tuple[list[int], Any, Any]:
        """(document numbers, weights, values) of block ``i``."""
        offset, size, compressed = self._spans[i]
        data = self._postfile.get(offset, size)
        if compressed:
            data = zlib.decompress(data)
        block_ids, weights, values = loads(data)
        ids = list(accumulate(block_ids))
        n = len(ids)
        if weights is None:
            weights = repeat(1.0, n)
        elif isinstance(weights, float):
            weights = repeat(weights, n)
        if not isinstance(values, tuple):
            values = repeat(None, n)
        return ids, weights, values

    def all_postings(self) -> dict[int, Posting]:
        out: dict[int, Posting] = {}
        for i in range(len(self._spans)):
            ids, weights, values = self.block(i)
            out.update(zip(ids, zip(weights, values)))
        return out

    def postings_of(self, docs: set[int]) -> dict[int, Posting]:
        """The postings of the documents in ``docs`` that hold this term, decoding only their blocks."""
        lastids = self.lastids
        wanted = sorted({bisect_left(lastids, d) for d in docs})
        out: dict[int, Posting] = {}
        nblocks = len(lastids)
        for i in wanted:
            if i >= nblocks:
                continue
            ids, weights, values = self.block(i)
            out.update((d, p) for d, p in zip(ids, zip(weights, values)) if d in docs)
        return out


def term_blocks(reader: Any, fieldname: str, btext: bytes) -> TermBlocks | None:
    """The block directory of a term in one segment reader (None: not a Whoosh 3 posting list)."""
    matcher = reader.postings(fieldname, btext)
    while not isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "child"):
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        return None
    return TermBlocks(matcher)


def phrase_postings(
    words_blocks: list[TermBlocks], decode: Callable[[Any], Any], slop: int, *, raw: bool = False
) -> tuple[list[int], list[dict[int, Posting]]]:
    """Documents where the words follow each other (within ``slop``), and each word's postings there.

    ``words_blocks`` is in phrase order; the result's postings are too.
    ``raw``: the values are raw arrays of 32-bit positions (``FastPositions``).
    """
    order = sorted(range(len(words_blocks)), key=lambda k: words_blocks[k].count)
    found: list[dict[int, Posting] | None] = [None] * len(words_blocks)
    first = words_blocks[order[0]].all_postings()
    found[order[0]] = first
    candidates = set(first)
    for k in order[1:]:
        if not candidates:
            return [], []
        got = words_blocks[k].postings_of(candidates)
        found[k] = got
        candidates.intersection_update(got)
    if not candidates:
        return [], []
    lists: list[dict[int, Posting]] = [f for f in found if f is not None]
    if slop == 1 and raw:
        return adjacent_in(candidates, lists), lists
    matched = [d for d in candidates if phrase_in(decode, [lst[d][1] for lst in lists], slop)]
    return matched, lists


def adjacent_in(candidates: set[int], lists: list[dict[int, Posting]]) -> list[int]:
    """The candidates where the words stand side by side, all documents at once.

    Every position becomes one number, ``document << 32 + position - k`` for
    the phrase's k-th word: the phrase starts where all words share a number.
    The numbers are made by ``map`` over raw position arrays and intersected
    as sets, so the work per position is C code, not a Python loop per
    document (a phrase of two common words has thousands of candidates).
    """
    docs = list(candidates)
    common: set[int] | None = None
    for k, lst in enumerate(lists):
        values = [lst[d][1] for d in docs]
        counts = [len(v) >> 2 for v in values]
        positions = array("I", b"".join(values))
        starts = chain.from_iterable(map(repeat, [(d << 32) - k for d in docs], counts))
        keys = map(add, starts, positions)
        common = set(keys) if common is None else common.intersection(keys)
        if not common:
            return []
    assert common is not None
    found = set(map((32).__rrshift__, common))
    return [d for d in docs if d in found]


def phrase_in(decode: Callable[[Any], Any], values: list[Any], slop: int) -> bool:
    """Do the words' positions follow each other (within ``slop``) somewhere?"""
    if slop == 1:
        if len(values) == 2:
            return not set(decode(values[0])).isdisjoint(map((-1).__add__, decode(values[1])))
        # Shift each word's positions back by its place in the phrase: the
        # phrase occurs where all shifted sets share a value.
        common = set(decode(values[0]))
        for k, v in enumerate(values[1:], start=1):
            common.intersection_update(map((-k).__add__, decode(v)))
            if not common:
                return False
        return True
    ends = set(decode(values[0]))
    for v in values[1:]:
        ends = {p for p in decode(v) if any(p - k in ends for k in range(1, slop + 1))}
        if not ends:
            return False
    return True
