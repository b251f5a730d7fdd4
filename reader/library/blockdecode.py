"""Whoosh 3 posting blocks decoded into numpy arrays, all of a term's blocks at once.

A block is a (zlib-compressed) pickle of a 3-tuple: the document numbers (the
first whole, then deltas), the weights (None when all are 1.0, one float when
all are equal, else a float each) and the values (a position field's: one byte
string of 32-bit positions per posting; a frequency field's: one string for
the block). Unpickling makes a Python object of every number and string, and
making arrays of them costs as much again: at 1,000,000 articles a common
word's ~770,000 postings took about half a second.

Here the pickles are read as bytes, with numpy, for every block of a term at
once. For such a tuple pickle writes, per block of n (> 3) postings:

- the header: PROTO 5 and an 8-byte FRAME (the bulk writer's blocks), or PROTO 2
  (Whoosh's own writer);
- the document numbers: MARK, n times BININT1 ``K`` and one byte (a delta under
  256), TUPLE, then the memo opcode (protocol 5: MEMOIZE; 2: BINPUT and a byte);
- the weights: NONE ``N``, or one BINFLOAT ``G`` and 8 bytes, or MARK, n times
  ``G`` and 8 bytes, TUPLE, memo;
- the values (read for positions, protocol 5 blocks only): MARK, and per posting
  SHORT_BINBYTES ``C``, its length byte and the positions (BINBYTES ``B`` and 4
  length bytes from 64 positions on), MEMOIZE; TUPLE, MEMOIZE; then TUPLE3,
  MEMOIZE, STOP, the block's last byte. A posting's length is 4 bytes a position,
  and its weight is its number of positions, so where each value lies follows
  from the weights.

Each opcode is checked at the place this layout puts it, in the order the
unpickler meets them: a check passed proves where the next opcode is, so a
block that passes every check is read exactly as the unpickler reads it. A
block that does not (a delta of 256 or more, a block of 3 postings or fewer,
positions pickled with protocol 2, a frame boundary inside a large block,
anything unexpected) is unpickled as before (``_unpickled``): the same arrays
either way (``tests/library/test_block_decode.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from pickle import loads
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

DocArray = npt.NDArray[np.int64]
ScoreArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]
PositionArray = npt.NDArray[np.uint32]
_Index = npt.NDArray[np.int64]
_Mask = npt.NDArray[np.bool_]

# Terms with fewer postings than this (a few blocks) are unpickled: numpy's set-up per call
# costs more than the objects.
FAST_MIN_POSTINGS = 512

# Pickle opcodes (pickletools)
_PROTO, _FRAME, _MARK, _TUPLE, _TUPLE3, _STOP = 0x80, 0x95, ord("("), ord("t"), 0x87, ord(".")
_BININT1, _BININT2, _BININT, _BINFLOAT, _NONE = ord("K"), ord("M"), ord("J"), ord("G"), ord("N")
_SHORT_BINBYTES, _BINBYTES = ord("C"), ord("B")
_MEMOIZE, _BINPUT = 0x94, ord("q")
_FRAMED_HEADER = 11  # PROTO 5, FRAME and its 8-byte length
_PLAIN_HEADER = 2  # PROTO 2

# Pickle protocol 2 has no bytes: Whoosh's blocks store each value (raw positions) as a call of
# codecs.encode(latin-1 text, "latin1"). Unpickling as slice(text, "latin1") instead (a name of
# the same length, so the pickle stays valid) skips one call per posting; the texts are joined
# and encoded once. The name occurs once, where the values begin: the document numbers and
# weights before it hold an opcode byte (K, M, J, G) at least every 9 bytes, and it holds none.
# Blocks written by the bulk writer (``bulkwrite.BLOCK_PROTOCOL``, 5) hold bytes and need none of this.
_PROTOCOL_2 = b"\x80\x02"
_BYTES_CALL = b"c_codecs\nencode\n"
_SLICE_CALL = b"cbuiltins\nslice\n"
_TEXT = attrgetter("start")


class BlockArrays(NamedTuple):
    """The postings of some blocks, one after another."""

    deltas: DocArray  # document numbers as stored: each block's first whole, then deltas
    tfs: ScoreArray  # weights (term frequencies)
    sizes: CountArray  # postings per block
    counts: CountArray  # positions per posting (none when positions were not asked for)
    positions: PositionArray  # every posting's positions, one after another


def unpickled(pickled: bytes, *, raw_values: bool = False) -> tuple[tuple[int, ...], Any, Any]:
    """A block's (document numbers as stored, weights, values), unpickled.

    ``raw_values``: byte-string values of a block pickled with protocol 2 come as the latin-1
    text Whoosh pickled them from, one ``slice(text, "latin1")`` each (``_BYTES_CALL``);
    those of a later protocol come as bytes.
    """
    if raw_values and pickled.startswith(_PROTOCOL_2):
        pickled = pickled.replace(_BYTES_CALL, _SLICE_CALL, 1)
    block_ids, weights, values = loads(pickled)
    return block_ids, weights, values


def decode_blocks(pickles: Sequence[bytes], counts: Sequence[int], *, positions: bool) -> BlockArrays:
    """The postings of the blocks ``pickles`` (decompressed), whose headers say they hold
    ``counts`` postings each; with their positions (raw 32-bit values) if ``positions``."""
    n = np.array(counts, dtype=np.int64)
    if not pickles or int(n.sum()) < FAST_MIN_POSTINGS or int(n.min()) < 1:
        return _joined([_unpickled(p, positions) for p in pickles], positions)
    layout = _Layout(pickles, n, positions)
    if layout.ok.all():
        return layout.arrays(positions)
    # Runs of blocks read from the bytes, between blocks unpickled one by one.
    parts: list[BlockArrays] = []
    bad = np.flatnonzero(~layout.ok).tolist()
    begin = 0
    for b in [*bad, len(pickles)]:
        if begin < b:
            parts.append(layout.arrays(positions, begin, b))
        if b < len(pickles):
            parts.append(_joined([_unpickled(pickles[b], positions)], positions))
        begin = b + 1
    return _joined(parts, positions)


def block_headers(
    data: memoryview, heads: list[int], ends: list[int]
) -> tuple[list[int], list[int], list[int], list[int], list[bool]]:
    """Each block's (postings, last document, compression level, where its data begins; does
    its header fit the layout?)
    from its header: ``data`` holds a term's posting list, block k's header starts at ``heads[k]``
    and its data ends at ``ends[k]``.

    A header is ``dumps((postings, last document, max weight, compression, min length byte,
    max length byte), 2)``: PROTO 2, MARK, BININT1 and a byte, the last document (BININT1,
    BININT2 or BININT), BINFLOAT and 8 bytes, three times BININT1 and a byte, TUPLE, BINPUT 0,
    STOP. The caller unpickles the headers that do not fit (``ok`` false).
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    u4 = np.ndarray((buf.shape[0] - 3,), dtype="<u4", buffer=data, strides=(1,))
    h = np.array(heads, dtype=np.int64)

    def at(pos: _Index) -> npt.NDArray[np.uint8]:
        found: npt.NDArray[np.uint8] = buf.take(pos, mode="clip")
        return found

    op = at(h + 5)
    width = np.where(op == _BININT1, 2, np.where(op == _BININT2, 3, 5))
    raw = u4.take(h + 6, mode="clip").astype(np.int64)
    lastid = np.where(op == _BININT1, raw & 0xFF, np.where(op == _BININT2, raw & 0xFFFF, raw - (raw >> 31 << 32)))
    g = h + 5 + width
    ok = (at(h) == _PROTO) & (at(h + 1) == 2) & (at(h + 2) == _MARK) & (at(h + 3) == _BININT1)
    ok &= ((op == _BININT1) | (op == _BININT2) | (op == _BININT)) & (at(g) == _BINFLOAT)
    ok &= (at(g + 9) == _BININT1) & (at(g + 11) == _BININT1) & (at(g + 13) == _BININT1)
    ok &= (at(g + 15) == _TUPLE) & (at(g + 16) == _BINPUT) & (at(g + 17) == 0) & (at(g + 18) == _STOP)
    ok &= g + 19 <= np.array(ends, dtype=np.int64)
    return at(h + 4).tolist(), lastid.tolist(), at(g + 10).tolist(), (g + 19).tolist(), ok.tolist()


class _Layout:
    """Where the layout puts each opcode of every block, which blocks follow it, and what they hold."""

    def __init__(self, pickles: Sequence[bytes], n: CountArray, positions: bool) -> None:
        joined = b"".join([*pickles, bytes(8)])  # (8 bytes more: a number read at any byte is in the buffer)
        self.buf = buf = np.frombuffer(joined, dtype=np.uint8)
        self.last = last = buf.shape[0] - 9  # the last byte of the last block
        # The numbers starting at each byte: 16 bits little-endian (an opcode and its byte),
        # 32 bits little-endian (BININT) and 64 bits big-endian (BINFLOAT).
        u2 = np.ndarray((last + 1,), dtype="<u2", buffer=joined, strides=(1,))
        u4 = np.ndarray((last + 1,), dtype="<u4", buffer=joined, strides=(1,))
        f8 = np.ndarray((last + 1,), dtype=">f8", buffer=joined, strides=(1,))
        self.n = n
        lens = np.fromiter(map(len, pickles), dtype=np.int64, count=len(pickles))
        ends = np.cumsum(lens)
        starts = ends - lens
        self.first = first = np.cumsum(n) - n  # each block's first posting
        each = np.arange(int(n.sum()), dtype=np.int64)
        at = self._at
        framed = (at(starts + 1) == 5) & (at(starts + 2) == _FRAME)
        plain = at(starts + 1) == 2
        ok = (at(starts) == _PROTO) & (framed | plain) & (n > 3)
        memo = np.where(framed, 1, 2)

        def memo_ok(pos: _Index, index: int) -> _Mask:
            """The memo opcode after the ``index``-th tuple (MEMOIZE; protocol 2: BINPUT index)."""
            found: _Mask = np.where(framed, at(pos) == _MEMOIZE, (at(pos) == _BINPUT) & (at(pos + 1) == index))
            return found

        # document numbers: the first whole (BININT1, BININT2 or BININT), the others deltas under 256
        mark = starts + np.where(framed, _FRAMED_HEADER, _PLAIN_HEADER)
        ids_at = mark + 1
        head = at(ids_at)
        width = np.where(head == _BININT1, 2, np.where(head == _BININT2, 3, 5))
        ok &= (at(mark) == _MARK) & ((head == _BININT1) | (head == _BININT2) | (head == _BININT))
        # posting k > 0 of a block: BININT1 and its byte at ids_at + width + 2 (k - 1)
        pairs = u2[np.minimum(np.repeat(ids_at + width - 2 - 2 * first, n) + 2 * each, last)]
        bad = (pairs & 0xFF) != _BININT1
        bad[first] = False
        self.deltas = deltas = (pairs >> 8).astype(np.int64)
        whole = u4[np.minimum(ids_at + 1, last)].astype(np.int64)
        deltas[first] = np.where(head == _BININT1, whole & 0xFF, np.where(head == _BININT2, whole & 0xFFFF, whole))
        ids_end = ids_at + width + 2 * (n - 1)
        ok &= (at(ids_end) == _TUPLE) & memo_ok(ids_end + 1, 0)
        # weights: posting k's BINFLOAT at w + 1 + 9 k when there is one each
        w = ids_end + 1 + memo
        kind = at(w)
        one, many = kind == _BINFLOAT, kind == _MARK
        many_end = w + 1 + 9 * n
        ok &= ((kind == _NONE) | one | many) & (~many | ((at(many_end) == _TUPLE) & memo_ok(many_end + 1, 1)))
        values_at = np.where(one, w + 9, np.where(many, many_end + 1 + memo, w + 1))
        same = np.where(one, f8[np.minimum(w + 1, last)], 1.0)  # a block's weight when all are alike
        if many.any():
            op = np.minimum(np.repeat(w + 1 - 9 * first, n) + 9 * each, last)
            many_each = np.repeat(many, n)
            bad |= (buf[op] != _BINFLOAT) & many_each
            tfs = np.where(many_each, f8[np.minimum(op + 1, last)], np.repeat(same, n))
        else:
            tfs = np.repeat(same, n)
        self.tfs = tfs
        if not positions:
            ok &= ~np.logical_or.reduceat(bad, first) & (values_at <= ends)  # (every byte read lay in the block)
            self.ok = ok
            return
        # values: posting k's SHORT_BINBYTES, its length (4 bytes a position, under 256), the
        # positions and MEMOIZE, 3 + 4 count bytes after posting k - 1's
        with np.errstate(invalid="ignore"):  # (the weights of a block that failed its checks may be anything)
            count = tfs.astype(np.int64)
        bad |= (count != tfs) | (count < 1) | (count > 63)
        size = 3 + 4 * count
        ended = np.cumsum(size)
        item = np.repeat(values_at + 1 - (ended[first] - size[first]), n) + ended - size
        # (clipped both ways: a failed block's "counts" may be negative, its offsets far below 0)
        bad |= u2[np.clip(item, 0, last)] != _SHORT_BINBYTES + (count << 10)
        bad |= buf[np.clip(item + size - 1, 0, last)] != _MEMOIZE
        end = values_at + 1 + ended[first + n - 1] - (ended[first] - size[first])
        ok &= framed & (at(values_at) == _MARK) & ~np.logical_or.reduceat(bad, first)
        ok &= (at(end) == _TUPLE) & (at(end + 1) == _MEMOIZE) & (at(end + 2) == _TUPLE3)
        ok &= (at(end + 3) == _MEMOIZE) & (at(end + 4) == _STOP) & (end + 5 == ends)
        self.ok = ok
        # The positions: 4 bytes each from where each value's bytes begin, for the blocks that follow the layout.
        self.count = count = np.where(np.repeat(ok, n), count, 0)
        self.positions_before = before = np.cumsum(count) - count
        self.positions = u4[np.repeat(item + 2 - 4 * before, count) + 4 * np.arange(int(before[-1] + count[-1]))]

    def _at(self, pos: _Index) -> npt.NDArray[np.uint8]:
        """The bytes at ``pos``; past the end, the last byte (a block that reaches there fails its checks)."""
        found: npt.NDArray[np.uint8] = self.buf.take(pos, mode="clip")
        return found

    def arrays(self, positions: bool, begin: int = 0, end: int | None = None) -> BlockArrays:
        """The postings of blocks ``begin`` to ``end`` (all by default), which follow the layout."""
        n = self.n[begin:end]
        lo = int(self.first[begin])
        hi = lo + int(n.sum())
        if not positions:
            return BlockArrays(self.deltas[lo:hi], self.tfs[lo:hi], n, _NO_COUNTS, _NO_POSITIONS)
        found = self.positions[self.positions_before[lo] : self.positions_before[hi - 1] + self.count[hi - 1]]
        return BlockArrays(self.deltas[lo:hi], self.tfs[lo:hi], n, self.count[lo:hi], found)


_NO_COUNTS: CountArray = np.zeros(0, dtype=np.int64)
_NO_POSITIONS: PositionArray = np.zeros(0, dtype=np.uint32)


def _unpickled(pickled: bytes, positions: bool) -> BlockArrays:
    """One block's postings through the unpickler (any block)."""
    block_ids, weights, values = unpickled(pickled, raw_values=positions)
    n = len(block_ids)
    deltas = np.array(block_ids, dtype=np.int64)
    if weights is None:
        tfs = np.ones(n, dtype=np.float64)
    elif isinstance(weights, float):
        tfs = np.full(n, weights, dtype=np.float64)
    else:
        tfs = np.array(weights, dtype=np.float64)
    sizes = np.array([n], dtype=np.int64)
    if not positions:
        return BlockArrays(deltas, tfs, sizes, _NO_COUNTS, _NO_POSITIONS)
    if not isinstance(values, tuple):
        return BlockArrays(deltas, tfs, sizes, np.zeros(n, dtype=np.int64), _NO_POSITIONS)
    if values and isinstance(values[0], slice):
        texts = list(map(_TEXT, values))
        lengths = list(map(len, texts))  # latin-1: a byte a character, 4 per position
        raw = "".join(texts).encode("latin-1")
    else:
        lengths = list(map(len, values))  # bytes: 4 per position
        raw = b"".join(values)
    return BlockArrays(deltas, tfs, sizes, np.array(lengths, dtype=np.int64) // 4, np.frombuffer(raw, dtype=np.uint32))


def _joined(parts: list[BlockArrays], positions: bool) -> BlockArrays:
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return BlockArrays(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), _NO_COUNTS, _NO_COUNTS,
                           _NO_POSITIONS)
    return BlockArrays(
        np.concatenate([p.deltas for p in parts]), np.concatenate([p.tfs for p in parts]),
        np.concatenate([p.sizes for p in parts]),
        np.concatenate([p.counts for p in parts]) if positions else _NO_COUNTS,
        np.concatenate([p.positions for p in parts]) if positions else _NO_POSITIONS,
    )
