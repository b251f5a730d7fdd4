"""Whoosh posting formats that store what the search executor reads directly.

Positions as a raw array of 32-bit word positions and frequencies as plain
counts: no per-posting pickling, so indexing and phrase checks are fast
(``reader.library.executor`` reads them with ``array("I", value)``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh import formats

from reader.library.analysis import ReaderAnalyzer, term_counts, term_positions

#: What a Whoosh format's ``word_values`` yields per term: (term, frequency, weight, encoded value).
WordValue = tuple[str, int, float, bytes]


class FastPositions(formats.Positions):  # type: ignore[misc]  # Whoosh is untyped: its base classes are Any
    """Positions stored as a raw array of 32-bit word positions.

    Cheaper to write than Whoosh's pickled deltas (the bulk writer slices one
    shared buffer) and cheaper to read for phrase matching; blocks are
    zlib-compressed by the codec anyway.
    """

    raw_uint32_positions = True  # the executor reads them with array("I", value)

    def word_values(self, value: str, analyzer: Callable[..., Iterable[Any]], **kwargs: object) -> Iterator[WordValue]:
        if not isinstance(analyzer, ReaderAnalyzer):
            poses: dict[str, list[int]] = {}
            for t in analyzer(value, positions=True, **kwargs):
                poses.setdefault(t.text, []).append(t.pos)
        else:
            poses, _ = term_positions(value)
        fb = float(self.field_boost)
        for term, poslist in poses.items():
            yield term, len(poslist), len(poslist) * fb, array("I", poslist).tobytes()

    def encode(self, poslist: Iterable[int]) -> bytes:
        return array("I", poslist).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return array("I", valuestring).tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return len(valuestring) // 4 * float(self.field_boost)

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs: Iterable[bytes]) -> bytes:
        merged: set[int] = set()
        for v in vs:
            merged.update(self.decode_positions(v))
        return self.encode(sorted(merged))


class FastFrequency(formats.Frequency):  # type: ignore[misc]  # (Whoosh's base class is Any)
    """Frequency format (no positions) indexed via ``term_counts``."""

    def word_values(self, value: str, analyzer: Callable[..., Iterable[Any]], **kwargs: object) -> Iterator[WordValue]:
        if not isinstance(analyzer, ReaderAnalyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = float(self.field_boost)
        pack = formats.pack_uint
        for term, freq in term_counts(value).items():
            yield term, freq, freq * fb, pack(freq)
