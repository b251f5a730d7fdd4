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
from collections.abc import Callable, Iterable
from itertools import accumulate, repeat
from pickle import loads
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3LeafMatcher

from reader.library.hitsets import DocArray, ScoreArray, member_mask

#: One word's postings: documents (sorted), term frequencies, position values.
WordPostings = tuple[DocArray, ScoreArray, list[Any]]


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

    def postings(self, blocks: Iterable[int]) -> WordPostings:
        """(documents, weights, values) of the given blocks, in document order."""
        ids: list[int] = []
        weights: list[float] = []
        values: list[Any] = []
        for i in blocks:
            block_ids, block_weights, block_values = self.block(i)
            ids.extend(block_ids)
            weights.extend(block_weights)
            values.extend(block_values)
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), values

    def postings_of(self, docs: DocArray) -> WordPostings:
        """The postings of the documents in ``docs`` (sorted) that hold this term, decoding only their blocks."""
        lastids = np.array(self.lastids, dtype=np.int64)
        wanted = np.unique(np.searchsorted(lastids, docs))
        ids, weights, values = self.postings(wanted[wanted < lastids.shape[0]].tolist())
        keep = member_mask(ids, docs)
        return ids[keep], weights[keep], [values[j] for j in np.flatnonzero(keep).tolist()]


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
) -> tuple[DocArray, list[ScoreArray]]:
    """Documents where the words follow each other (within ``slop``), sorted, and each word's
    term frequency in each of them.

    ``words_blocks`` is in phrase order; so are the frequencies.
    ``raw``: the values are raw arrays of 32-bit positions (``FastPositions``).
    """
    order = sorted(range(len(words_blocks)), key=lambda k: words_blocks[k].count)
    found: list[WordPostings | None] = [None] * len(words_blocks)
    first = words_blocks[order[0]]
    found[order[0]] = got = first.postings(range(len(first.lastids)))
    candidates = got[0]
    for k in order[1:]:
        if not candidates.shape[0]:
            return candidates, []
        found[k] = got = words_blocks[k].postings_of(candidates)
        candidates = got[0]
    if not candidates.shape[0]:
        return candidates, []
    lists: list[WordPostings] = []
    for f in found:
        assert f is not None
        at = np.searchsorted(f[0], candidates)
        lists.append((candidates, f[1][at], [f[2][j] for j in at.tolist()]))
    if slop == 1 and raw:
        keep = adjacent_in(candidates, [values for _, _, values in lists])
    else:
        keep = np.array([phrase_in(decode, [lst[2][j] for lst in lists], slop) for j in range(candidates.shape[0])],
                        dtype=np.bool_)
    return candidates[keep], [weights[keep] for _, weights, _ in lists]


def adjacent_in(docs: DocArray, values: list[list[bytes]]) -> npt.NDArray[np.bool_]:
    """Which of ``docs`` hold the words side by side, all documents at once.

    ``values[k][j]``: the raw positions of the k-th word in ``docs[j]``. Every
    position becomes one number, ``document << 32 + position - k`` for the
    phrase's k-th word: the phrase starts where all words share a number. The
    numbers rise with the document and the position, so each word's are
    matched against the others' by binary search (numpy), no Python loop per
    document or position.
    """
    common: DocArray | None = None
    for k, word_values in enumerate(values):
        counts = np.fromiter(map(len, word_values), dtype=np.int64, count=len(word_values)) >> 2
        positions = np.frombuffer(b"".join(word_values), dtype=np.uint32).astype(np.int64)
        keys = np.repeat((docs << 32) - k, counts) + positions
        common = keys if common is None else common[member_mask(common, keys)]
        if not common.shape[0]:
            return np.zeros(docs.shape[0], dtype=np.bool_)
    assert common is not None
    return member_mask(docs, np.unique(common >> 32))


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
