"""Whoosh posting formats that store what the search executor reads directly.

Positions as a raw array of 32-bit word positions and frequencies as plain
counts: no per-posting pickling, so indexing and phrase checks are fast
(``reader.library.executor`` reads them with ``array("I", value)``).
"""

from __future__ import annotations

from array import array

from whoosh import formats

from reader.library.analysis import ReaderAnalyzer, term_counts, term_positions


class FastPositions(formats.Positions):
    """Positions stored as a raw array of 32-bit word positions.

    Cheaper to write than Whoosh's pickled deltas (the bulk writer slices one
    shared buffer) and cheaper to read for phrase matching; blocks are
    zlib-compressed by the codec anyway.
    """

    raw_uint32_positions = True  # the executor reads them with array("I", value)

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[override]
        if not isinstance(analyzer, ReaderAnalyzer):
            poses: dict[str, list[int]] = {}
            for t in analyzer(value, positions=True, **kwargs):
                poses.setdefault(t.text, []).append(t.pos)
        else:
            poses, _ = term_positions(value)
        fb = self.field_boost
        for term, poslist in poses.items():
            yield term, len(poslist), len(poslist) * fb, array("I", poslist).tobytes()

    def encode(self, poslist) -> bytes:
        return array("I", poslist).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return array("I", valuestring).tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return len(valuestring) // 4 * self.field_boost

    def decode_position_boosts(self, valuestring: bytes):
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs) -> bytes:
        merged: set[int] = set()
        for v in vs:
            merged.update(self.decode_positions(v))
        return self.encode(sorted(merged))


class FastFrequency(formats.Frequency):
    """Frequency format (no positions) indexed via ``term_counts``."""

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[override]
        if not isinstance(analyzer, ReaderAnalyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        pack = formats.pack_uint
        for term, freq in term_counts(value).items():
            yield term, freq, freq * fb, pack(freq)
