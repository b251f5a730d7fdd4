"""The body's MinHash sketch (signature version 2): made from one number per word.

Version 1 hashed each run of five plain words with ``zlib.crc32`` of the words joined:
the body's words joined into one string, encoded, split again, and each run joined into
bytes of its own before its C call. Version 2 hashes each word once, and its hash is
kept in the per-token memo (``reader.stories.features``) beside the token's other words,
so a text's words cost a look-up the signature makes anyway. A run of five word hashes
is hashed as the tuple of them: CPython's tuple hash (the xxHash mix of its items'
hashes, and an int below 2**61 - 1 hashes to itself), one C call per run with no
object made (``zip`` hands the same tuple back while nobody else holds it). The sketch is
the ``SKETCH_SIZE`` smallest distinct run hashes, ascending, each cut to its top 32 bits
(a shorter signature; the order is the same).

Stored sketches must not change with the Python that makes them: ``_tuple_hash`` is the
same hash in Python, checked against ``hash()`` when this module loads and used instead
whenever they differ (a 32-bit build, a future CPython with another tuple hash), so a
sketch is the same number everywhere. Qt-free.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable, Sequence

SKETCH_SIZE = 64
SHINGLE = 5

_MASK = (1 << 64) - 1
_XXPRIME_1 = 11400714785074694791
_XXPRIME_2 = 14029467366897019727
_XXPRIME_5 = 2870177450012600261


def _tuple_hash(values: Sequence[int]) -> int:
    """CPython's (3.8 and later, 64-bit) ``hash(tuple(values))`` of ints in 0 .. 2**61 - 2."""
    acc = _XXPRIME_5
    for lane in values:
        acc = (acc + lane * _XXPRIME_2) & _MASK
        acc = ((acc << 31) | (acc >> 33)) & _MASK
        acc = (acc * _XXPRIME_1) & _MASK
    acc = (acc + (len(values) ^ (_XXPRIME_5 ^ 3527539))) & _MASK
    if acc == _MASK:
        return 1546275796
    return acc - (1 << 64) if acc >> 63 else acc


def _hash_of_runs() -> Callable[[tuple[int, ...]], int]:
    """``hash`` when it is ``_tuple_hash`` here (checked on a few tuples), else ``_tuple_hash``."""
    samples = [(1, 2, 3, 4, 5), (0,), (), (4294967295, 17, 2**32 + 5, 99, 0), (123456789,) * 7]
    if sys.hash_info.width == 64 and all(hash(t) == _tuple_hash(t) for t in samples):
        return hash
    return _tuple_hash


_RUN_HASH = _hash_of_runs()


def word_hash(words: str) -> int:
    """The hash of one token's plain words (joined by spaces); 0 for none. Never 0 else."""
    return zlib.crc32(words.encode("utf-8", "surrogatepass")) or 1 if words else 0


def sketch_of_hashes(hashes: Sequence[int], k: int = SKETCH_SIZE, n: int = SHINGLE) -> list[int]:
    """Bottom-``k`` MinHash of the runs of ``n`` of ``hashes`` (the words' ``word_hash``, in
    text order; fewer than ``n``: of them all as one run), top 32 bits of each."""
    if not hashes:
        return []
    if len(hashes) < n:
        runs = {_RUN_HASH(tuple(hashes))}
    else:
        runs = set(map(_RUN_HASH, zip(*[hashes[i:] for i in range(n)])))
    return [h >> 32 for h in sorted(runs)[:k]]
