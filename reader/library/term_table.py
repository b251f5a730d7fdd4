"""A segment's terms file written with ~20 bytes of memory a term instead of ~150.

Whoosh writes a segment's term table (the ``.trm`` file: field and term -> term
info) with ``OrderedHashWriter``: each term is written to the file at once, but its
hash and position are kept as a tuple in one of 256 Python lists until ``close``
writes the 256 hash tables: ~130 bytes a term, plus the ordered index of positions.
A segment holds one term per article at least (its id), more for its dates and the
numbers and names of its text, so in a bulk import's large index commits (hundreds
of thousands of articles) that memory grew with the commit: ~100 MB at 330,000.

``LeanOrderedHashWriter`` keeps the hashes and positions in two arrays (12 bytes a
term) and builds each hash table at ``close`` from them, one table at a time, in the
same order Whoosh inserts them: the file is byte for byte the one Whoosh writes.
"""

from __future__ import annotations

from array import array
from hashlib import md5
from typing import Any

import numpy as np
from whoosh.filedb.filetables import OrderedHashWriter, _lengths, _pointer, md5_hash

_EMPTY = _pointer.pack(0, 0)  # an empty slot (no key starts at position 0: the header is there)


def _md5_low32(key: bytes) -> int:
    """Whoosh's ``md5_hash`` (the digest's low 32 bits) without the hex text and its parsing."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")


class LeanOrderedHashWriter(OrderedHashWriter):  # type: ignore[misc]
    """``OrderedHashWriter`` holding its hash tables' entries in arrays (see the module text)."""

    lastkey: bytes
    _hashes: array[int]
    _positions: array[int]
    _end: int

    @classmethod
    def taking_over(cls, writer: OrderedHashWriter) -> LeanOrderedHashWriter:
        """This writer in place of ``writer`` (a Whoosh field writer's, before any term is
        added): the same file, header and extras."""
        if any(writer.buckets) or len(writer.index):
            raise ValueError("terms were added already")
        lean: LeanOrderedHashWriter = cls.__new__(cls)
        lean.__dict__.update(writer.__dict__)
        lean.buckets = None
        lean._hashes = array("I")
        lean._positions = array("q")
        lean._end = -1
        return lean

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        pos = self._end
        if pos < 0:
            pos = self.dbfile.tell()
        self.index.append(pos)
        entry = _lengths.pack(len(key), len(value)) + key + value
        self.dbfile.write(entry)
        self._end = pos + len(entry)  # (only this method writes to the file until ``close``)
        self._hashes.append(_md5_low32(key) if self.hashfn is md5_hash else self.hashfn(key))
        self._positions.append(pos)
        self.lastkey = key

    def _write_hashes(self) -> None:
        """Whoosh's ``HashWriter._write_hashes``, reading the entries from the arrays."""
        hashes: Any = np.frombuffer(self._hashes, dtype=np.uint32) if self._hashes else np.zeros(0, np.uint32)
        positions: Any = np.frombuffer(self._positions, dtype=np.int64) if self._positions else np.zeros(0, np.int64)
        tables = hashes & 255
        order = np.argsort(tables, kind="stable")  # each table's entries in the order added
        counts = np.bincount(tables, minlength=256).tolist()
        dbfile = self.dbfile
        pack = _pointer.pack
        start = 0
        for count in counts:
            picked = order[start:start + count]
            start += count
            numslots = 2 * count
            self.directory.append((dbfile.tell(), numslots))
            slots: list[tuple[int, int] | None] = [None] * numslots
            for hashval, position in zip(hashes[picked].tolist(), positions[picked].tolist()):
                slot = (hashval >> 8) % numslots
                while slots[slot] is not None:
                    slot = (slot + 1) % numslots
                slots[slot] = (hashval, position)
            dbfile.write(b"".join(_EMPTY if e is None else pack(*e) for e in slots))
        self._hashes = array("I")
        self._positions = array("q")
