"""A prefix's terms and document frequencies, read from a segment's term dictionary in place.

Expanding ``pol*`` looks the prefix up in every field's part of every
segment's term dictionary (a binary search of ~17 steps) and reads up to a
thousand entries from there. Whoosh does each step and each entry with
several seek-and-read calls and decodes every entry's whole term info
(unpickling the postings of rare terms kept inline): typing a prefix in the
window spent most of its full query there. Here the dictionary file is
memory-mapped for the lookups of one expansion, searched and read by slicing,
and only the document frequency is decoded. The map is closed afterwards, so
the pages it touched do not stay in the process's resident memory. Same
result: the terms in dictionary order with the frequencies Whoosh reports
(``tests/library/test_search_exact.py`` compares both walks).
"""

from __future__ import annotations

import io
import mmap
import struct
from collections.abc import Iterator
from types import TracebackType
from typing import Any

from whoosh.codec.whoosh3 import W3TermsReader
from whoosh.filedb.filetables import OrderedHashReader

_LENGTHS = struct.Struct("!ii")  # an entry: key length, value length, key, value (whoosh.filedb.filetables)
_UINT = struct.Struct("!I")
#: Where W3TermInfo's "!BfIBBfII" header keeps the document frequency (after the flags and the weight).
_DF_AT = struct.calcsize("!Bf")


class TermScan:
    """One segment's term dictionary, open for prefix lookups until the ``with`` block ends."""

    def __init__(self, segment: Any) -> None:
        self.segment = segment
        self._terms: W3TermsReader | None = None
        self._table: OrderedHashReader | None = None
        self._map: mmap.mmap | None = None
        terms = getattr(segment, "_terms", None)
        table = getattr(terms, "_tindex", None)
        file = getattr(getattr(table, "dbfile", None), "file", None)
        # A dictionary that is a whole file of its own (its positions are file offsets); else Whoosh's walk.
        if isinstance(terms, W3TermsReader) and isinstance(table, OrderedHashReader) and isinstance(file, io.BufferedReader):
            try:
                self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # an empty, closed or unmappable file
                return
            self._terms, self._table = terms, table

    @property
    def mapped(self) -> bool:
        return self._map is not None

    def __enter__(self) -> TermScan:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None

    def prefix_frequencies(self, fieldname: str, prefix: bytes, limit: int) -> Iterator[tuple[bytes, int]]:
        """(term, document frequency) of the first ``limit`` terms of ``fieldname`` starting with
        ``prefix``, in term order (what ``segment.iter_from`` walks)."""
        mapped, terms, table = self._map, self._terms, self._table
        if mapped is None or terms is None or table is None:
            yield from walked(self.segment, fieldname, prefix, limit)
            return
        key = terms._keycoder(fieldname, prefix)  # field number + term bytes
        pos = _closest_key_pos(table, mapped, key)
        if pos is None:
            return
        end = table.endofdata
        n = 0
        while n < limit and pos < end:
            keylen, datalen = _LENGTHS.unpack_from(mapped, pos)
            keypos = pos + _LENGTHS.size
            found = mapped[keypos : keypos + keylen]
            if not found.startswith(key):
                return
            yield found[2:], _UINT.unpack_from(mapped, keypos + keylen + _DF_AT)[0]
            n += 1
            pos = keypos + keylen + datalen


def walked(segment: Any, fieldname: str, prefix: bytes, limit: int) -> Iterator[tuple[bytes, int]]:
    """The same through Whoosh's ``iter_from``, one entry at a time."""
    for n, ((fname, text), info) in enumerate(segment.iter_from(fieldname, prefix)):
        if n >= limit or fname != fieldname or not text.startswith(prefix):
            return
        yield text, info.doc_frequency()


def _closest_key_pos(table: OrderedHashReader, mapped: mmap.mmap, key: bytes) -> int | None:
    """``OrderedHashReader.closest_key_pos`` by slicing: the first key >= ``key``, by its index array."""
    position = struct.Struct("!" + table.extras["indextype"])
    base, size = table.indexbase, table.indexsize
    lo, hi = 0, table.indexlen
    while lo < hi:
        mid = (lo + hi) // 2
        pos = position.unpack_from(mapped, base + mid * size)[0]
        keylen = _UINT.unpack_from(mapped, pos)[0]
        if mapped[pos + _LENGTHS.size : pos + _LENGTHS.size + keylen] < key:
            lo = mid + 1
        else:
            hi = mid
    return None if lo == table.indexlen else position.unpack_from(mapped, base + lo * size)[0]
