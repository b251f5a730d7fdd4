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
4. positions are compared only for the documents holding every word, all
   documents at once (``follow_in``).

A word's postings are arrays (``WordPositions``): documents, frequencies,
and one flat array of all positions with a count per document, so no step
walks the documents one by one in Python. The matches and their scores are
exactly those of the full decoding; only the work differs. A phrase of a
rare word and a common one ("her brakes") reads a handful of the common
word's blocks instead of all of them.
"""

from __future__ import annotations

import io
import struct
import threading
from array import array
from collections.abc import Callable, Iterable, Sequence
from pickle import Unpickler, dumps, loads
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from isal.isal_zlib import decompress
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher

from reader.library.blockdecode import BlockArrays, block_headers, decode_blocks, unpickled
from reader.library.cancel import SearchCancelled
from reader.library.hitsets import DocArray, ScoreArray, member_mask, sorted_intersection

_BLOCK_LENGTH = struct.Struct("!i")  # a block's length; negative for the last block
# A phrase word read for this many times more documents than the candidates is cut to them first.
CUT_SHARE = 4
# From this many blocks on, a term's block headers are read from their bytes (``block_headers``);
# fewer are unpickled (numpy's set-up costs more than a few unpicklings: the full check reads every term).
HEADERS_AT_ONCE = 16

CountArray = npt.NDArray[np.int64]
PositionArray = npt.NDArray[np.uint32]
#: Decodes one posting's value into its word positions (rising).
PositionDecoder = Callable[[Any], Iterable[int]]


class WordPositions(NamedTuple):
    """One word's postings in one segment: documents (sorted), term frequencies, and
    the positions of each document, all documents' one after another."""

    docs: DocArray
    tfs: ScoreArray
    counts: CountArray  # how many positions each document has
    positions: PositionArray

    def restrict(self, keep: npt.NDArray[np.bool_]) -> WordPositions:
        """Only the documents where ``keep`` is true."""
        return WordPositions(self.docs[keep], self.tfs[keep], self.counts[keep],
                             self.positions[np.repeat(keep, self.counts)])

    def keys(self) -> DocArray:
        """``document << 32 | position`` for every position: rising, as documents and positions rise."""
        return np.repeat(self.docs << 32, self.counts) + self.positions.astype(np.int64)


class TermBlocks:
    """The block directory of one term's postings in one segment; blocks decoded on demand.

    The whole posting list is read with one read (Whoosh reads each block's
    length, header and data with a seek and a read each), and the blocks are
    cut from it.
    """

    __slots__ = ("_data", "lastids", "counts", "_spans", "count")

    def __init__(self, matcher: W3LeafMatcher) -> None:
        data = memoryview(matcher._postfile.get(matcher._startoffset, _extent_length(matcher)))
        if data[:4] != WHOOSH3_HEADER_MAGIC:
            raise ValueError("not a Whoosh 3 posting list")
        self._data = data
        heads: list[int] = []  # where each block's header begins
        ends: list[int] = []  # and where its data ends
        pos = 4
        while True:
            length = _BLOCK_LENGTH.unpack_from(data, pos)[0]
            heads.append(pos + 4)
            pos += 4 + abs(length)
            ends.append(pos)
            if length < 0:
                break
        if pos != len(data):
            raise ValueError("posting list length disagrees with its blocks")
        # The block's header, a pickled tuple (count, last document, max weight,
        # compression, min and max length), is followed by its data.
        n = len(heads)
        if n >= HEADERS_AT_ONCE:
            self.counts, self.lastids, compressed, starts, fits = block_headers(data, heads, ends)
        else:
            self.counts, self.lastids, compressed, starts, fits = [0] * n, [0] * n, [0] * n, [0] * n, [False] * n
        if not all(fits):
            for k in [k for k, ok in enumerate(fits) if not ok]:  # (few, or pickled some other way: unpickled)
                info = loads(data[heads[k] : ends[k]])
                starts[k] = heads[k] + _pickled_length(data, heads[k], info)
                self.counts[k], self.lastids[k], compressed[k] = info[0], info[1], info[3]
        self._spans = list(zip(starts, [e - s for s, e in zip(starts, ends)], compressed))
        self.count = sum(self.counts)

    def pickled(self, i: int) -> bytes:
        """Block ``i``'s data tuple, pickled (decompressed: a zlib stream, inflated by ISA-L, which
        takes two thirds of zlib's time; inflating is about half of decoding a block)."""
        offset, size, compressed = self._spans[i]
        data = self._data[offset : offset + size]
        return decompress(data) if compressed else bytes(data)

    def block(self, i: int, *, raw_values: bool = False) -> tuple[tuple[int, ...], Any, Any]:
        """(document numbers as stored: the first whole, then deltas; weights; values) of block ``i``,
        unpickled (``blockdecode.unpickled``)."""
        return unpickled(self.pickled(i), raw_values=raw_values)

    def arrays(self, blocks: Sequence[int], *, positions: bool, cancel: threading.Event | None = None) -> BlockArrays:
        """The postings of the given blocks (rising), as arrays (``blockdecode``); with their
        positions (raw arrays of 32-bit positions, ``FastPositions``) if ``positions``."""
        pickles = []
        for k, i in enumerate(blocks):
            if cancel is not None and not k % 64 and cancel.is_set():
                raise SearchCancelled
            pickles.append(self.pickled(i))
        return decode_blocks(pickles, [self.counts[i] for i in blocks], positions=positions)

    def docs(self, blocks: Sequence[int], decoded: BlockArrays) -> DocArray:
        """Document numbers of the postings ``decoded`` from ``blocks``: each block's first number is
        made a delta from the last of the block before (from the headers), so one cumulative sum
        decodes every block read, consecutive or not."""
        docs = decoded.deltas.copy()
        if len(blocks) > 1:
            starts = np.cumsum(decoded.sizes[:-1])
            docs[starts] -= np.array([self.lastids[i] for i in blocks[:-1]], dtype=np.int64)
        np.cumsum(docs, out=docs)
        return docs

    def positions(self, blocks: Iterable[int], decode: PositionDecoder | None = None,
                  cancel: threading.Event | None = None) -> WordPositions:
        """The postings of the given blocks (rising), with their positions.

        ``decode`` None: the values are raw arrays of 32-bit positions
        (``FastPositions``), read for all the blocks at once (``blockdecode``).
        Else each posting's value is decoded with it.
        """
        wanted = list(blocks)
        if decode is not None:
            return self._decoded_positions(wanted, decode)
        got = self.arrays(wanted, positions=True, cancel=cancel)
        return WordPositions(self.docs(wanted, got), got.tfs, got.counts, got.positions)

    def _decoded_positions(self, blocks: list[int], decode: PositionDecoder) -> WordPositions:
        """``positions`` of a format whose values are not raw positions: a decoding call each."""
        deltas: list[int] = []
        tfs: list[float] = []
        sizes: list[int] = []
        counts: list[int] = []
        chunks: list[bytes] = []
        for i in blocks:
            block_ids, weights, values = self.block(i)
            n = len(block_ids)
            deltas.extend(block_ids)
            sizes.append(n)
            tfs.extend([1.0] * n if weights is None else [weights] * n if isinstance(weights, float) else weights)
            if not isinstance(values, tuple):
                counts.extend([0] * n)
                continue
            for value in values:
                chunk = array("I", decode(value)).tobytes()
                counts.append(len(chunk) // 4)
                chunks.append(chunk)
        got = BlockArrays(np.array(deltas, dtype=np.int64), np.array(tfs, dtype=np.float64),
                          np.array(sizes, dtype=np.int64), np.array(counts, dtype=np.int64),
                          np.frombuffer(b"".join(chunks), dtype=np.uint32))
        return WordPositions(self.docs(blocks, got), got.tfs, got.counts, got.positions)

    def blocks_holding(self, docs: DocArray) -> list[int]:
        """The blocks that can hold any of ``docs``, in order.

        ``docs`` rise (a phrase's candidates), so their blocks rise too and the repeats are
        dropped by comparing neighbours, not by sorting them all again (a million
        candidates at 1,000,000 articles)."""
        lastids = np.array(self.lastids, dtype=np.int64)
        at = np.searchsorted(lastids, docs)
        steps = np.diff(at)
        if (steps < 0).any():  # (never from the executor) not rising: sort
            at = np.unique(at)
        elif at.shape[0]:
            at = at[np.concatenate(([True], steps != 0))]
        wanted: list[int] = at[at < lastids.shape[0]].tolist()
        return wanted


def _extent_length(matcher: W3LeafMatcher) -> int:
    """The length in bytes of a term's posting list, header included (Whoosh's term info gives
    it as a 1-tuple; else it is found by walking the blocks' lengths)."""
    length = matcher._length
    if isinstance(length, tuple):
        length = length[0]
    if isinstance(length, int):
        return length
    postfile = matcher._postfile
    pos = matcher._startoffset + 4
    while True:
        block = postfile.get_int(pos)
        pos += 4 + abs(block)
        if block < 0:
            return int(pos - matcher._startoffset)


def _pickled_length(data: memoryview, start: int, value: Any) -> int:
    """How many bytes of ``data`` from ``start`` pickle ``value``: those of ``dumps(value, 2)``, as
    Whoosh wrote it; else (another pickler) as many as an unpickler reads."""
    again = dumps(value, 2)
    if data[start : start + len(again)] == again:
        return len(again)
    stream = io.BytesIO(data[start:])
    Unpickler(stream).load()
    return stream.tell()


def term_blocks(reader: Any, fieldname: str, btext: bytes) -> TermBlocks | None:
    """The block directory of a term in one segment reader (None: not a Whoosh 3 posting list)."""
    matcher = reader.postings(fieldname, btext)
    while not isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "child"):
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        return None
    return TermBlocks(matcher)


#: Reads a word's postings: (word's index in the phrase, the documents it must hold or None for all).
WordReader = Callable[[int, DocArray | None], WordPositions]


def phrase_postings(counts: list[int], read: WordReader, slop: int) -> tuple[DocArray, list[ScoreArray]]:
    """Documents where the words follow each other (within ``slop``), sorted, and each word's
    term frequency in each of them.

    ``counts``: each word's number of postings, in phrase order; ``read(k, docs)`` gives
    the k-th word's postings, only those of ``docs`` when given (its caller may read more).
    The frequencies come back in phrase order.
    """
    order = sorted(range(len(counts)), key=lambda k: counts[k])
    found: list[WordPositions | None] = [None] * len(counts)
    found[order[0]] = got = read(order[0], None)
    candidates = got.docs
    for k in order[1:]:
        if not candidates.shape[0]:
            return candidates, []
        found[k] = got = read(k, candidates)
        candidates = sorted_intersection(candidates, got.docs)
    if not candidates.shape[0]:
        return candidates, []
    # A document holding the phrase holds every word, so it is a candidate: the postings of other
    # documents cannot match. A word read mostly for other documents is cut to the candidates
    # first (less to compare); one read mostly for them is compared whole (cutting costs more).
    words = []
    for f in found:
        assert f is not None
        cut = f.docs.shape[0] > CUT_SHARE * candidates.shape[0]
        words.append(f.restrict(member_mask(f.docs, candidates)) if cut else f)
    docs = follow_in(words, slop)
    return docs, [w.tfs[np.searchsorted(w.docs, docs)] for w in words]


def follow_in(words: list[WordPositions], slop: int) -> DocArray:
    """The documents (sorted) holding the words in order, each within ``slop`` words after the one before.

    Every position becomes one number, ``document << 32 | position``; the
    phrase can end at a position of the k-th word when a position of the
    word before ends it there less 1 to ``slop`` (slop 1: side by side). The
    numbers rise with the document and the position, so each step is an
    intersection of two sorted arrays (one merge), for all documents at once.
    """
    ends = words[0].keys()
    for word in words[1:]:
        keys = word.keys()
        reached = [sorted_intersection(keys - gap, ends) + gap for gap in range(1, slop + 1)]
        ends = reached[0] if slop == 1 else np.unique(np.concatenate(reached))
        if not ends.shape[0]:
            break
    docs: DocArray = ends >> 32
    return docs[np.concatenate(([True], docs[1:] != docs[:-1]))] if docs.shape[0] else docs


def phrase_in(decode: PositionDecoder, values: list[Any], slop: int) -> bool:
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
