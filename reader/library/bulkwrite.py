"""Write many documents into one new Whoosh segment, fast.

Whoosh's own writer pushes every posting (term, document) through a Python
external sort (one tuple, one marshal call and one heap step per posting) and
then looks up the document's field length from disk for every posting again.
At 100,000 articles that is ~60 million postings and most of the 742 s the
reference build took.

This writer keeps a batch's words as term numbers (4 bytes a word, one C-level
``map`` per text) and groups them into postings by one stable sort per field
when the batch is written (numpy), not with a Python step per posting. When a
batch gets large it is spilled to a temporary run file *per term*, so the final
merge concatenates arrays instead of sorting postings. Field lengths are kept
in memory. The blocks hold exactly what Whoosh's own ``W3PostingsWriter`` puts
in them (``_write_blocks``), so the result is an ordinary Whoosh segment read by
the stock reader; only the block's data tuple is pickled with protocol 5, where
Whoosh uses 2 (``BLOCK_PROTOCOL``).
"""

from __future__ import annotations

import heapq
import marshal
import os
import sys
import tempfile
from array import array
from collections.abc import Iterator
from itertools import accumulate, islice
from operator import itemgetter, sub
from pickle import dumps
from struct import Struct
from typing import Any, cast

import numpy as np
from isal.isal_zlib import compress as deflate
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import _length_byte_cache
from whoosh.writing import SegmentWriter

from reader.library.analysis import WORD_RE
from reader.library.term_batches import FieldBatch, Grouped, TermNumbers
from reader.library.term_table import LeanOrderedHashWriter
from reader.library.whoosh_types import Field, WhooshIndex, Writer

# Words (fast fields) and postings (other fields) kept in memory before a batch is spilled
# to a run file (grouping 4M words needs ~80 MB for a moment: the sort and its order).
SPILL_POSTINGS = 4_000_000
# Records (one a term) marshalled together into a run file, and read back together: one call a
# piece, not one a record (marshal.load from a file reads each object of a record by itself).
RUN_PIECE = 256
# Postings per block on disk (Whoosh's default block size).
BLOCK_LIMIT = 128
# Pickle protocol of a block's data tuple (document numbers, weights, values). Whoosh writes 2,
# which has no bytes type: each posting's positions (raw bytes) become a call of
# codecs.encode(latin-1 text, "latin1"), their bytes over 127 doubled by UTF-8. Protocol 5
# stores them as bytes: a phrase's blocks unpickle ~3x faster (zlib and pickle together; measured
# on the bench corpus at 20,000 articles, "time": 8.5 -> 2.9 ms) and take half the space. Any
# reader unpickles either (Whoosh's matcher calls pickle.loads), so segments of both kinds mix.
BLOCK_PROTOCOL = 5
# A block's pickle shorter than this is stored as it is (its header says compression 0, which
# every reader of Whoosh blocks honours): deflate makes such a pickle longer, not shorter (on the
# bench corpus half the blocks, 2.14 MB of pickles -> 2.27 MB deflated, 0.25 s of CPU a 5,000
# articles). Whoosh's own writer meant to do the same below 20 bytes (W3PostingsWriter._write_block).
RAW_BELOW = 64
# The others are deflated by ISA-L (a zlib stream that zlib and ISA-L both inflate) at its level
# 1: on the bench corpus's other blocks (5,000 articles, 70 MB of pickles) 0.59 s instead of
# zlib's 1.19 s at Whoosh's level 3 (zlib's level 1 is no faster), 17.6 MB instead of 16.9. The
# header keeps the codec's level (3): readers only ask whether a block is compressed.
DEFLATE_LEVEL = 1
# A term's postings made into Python lists at a time when its blocks are written.
CHUNK_POSTINGS = 256 * BLOCK_LIMIT

POSITIONS = "p"
FREQUENCIES = "f"
GENERIC = "g"

#: One term's postings of one batch: (field, term bytes, kind, then by kind: document numbers,
#: frequencies and positions as array bytes, or the generic postings list).
Record = tuple[str, bytes, str, Any, Any, Any]


class BulkSegmentWriter:
    """Adds documents to an index as one new segment in a single commit.

    ``fast_fields`` maps field name -> POSITIONS or FREQUENCIES for the text
    fields analysed by ``analysis.term_positions``/``term_counts``; every other
    indexed field goes through Whoosh's own ``field.index``.
    """

    def __init__(
        self,
        ix: WhooshIndex,
        fast_fields: dict[str, str],
        *,
        derived: dict[str, str] | None = None,
        timeout: float = 5.0,
        lock: bool = True,
    ) -> None:
        # Not a compound file: Whoosh copies a compound segment's postings
        # into memory when opening it (1 s and 600 MB at 100,000 articles).
        # lock=False: a worker process writing one segment for a parent that
        # holds the index's lock and commits the table of contents itself.
        self._w = SegmentWriter(ix, limitmb=16, timeout=timeout, compound=False, _lk=lock)
        fw = self._w.fieldwriter  # its terms table, lean: ~20 bytes a term held, not ~150
        fw._tindex = LeanOrderedHashWriter.taking_over(fw._tindex)
        self._schema = self._w.schema
        self._fast = fast_fields
        self._pdw = self._w.perdocwriter
        self._docnum = 0
        self._lengths: dict[str, array[int]] = {}
        self._batch: dict[str, dict[Any, Any]] = {}
        self._batch_postings = 0
        self._runs: list[str] = []
        self._tmpdir = tempfile.mkdtemp(prefix="reader-index-")
        # Positions fields first: a frequency field over the same text (body
        # and its positional shadow body_pos) reuses that analysis.
        self._field_order = sorted(self._schema.names(), key=lambda n: (self._fast.get(n) != POSITIONS, n))
        # field -> positional field whose postings it copies (same text,
        # frequencies only): "body" is written from "body_pos" at commit.
        self._derived = {k: v for k, v in (derived or {}).items() if self._fast.get(v) == POSITIONS}
        # Fast fields: every word of the batch as a term number (0: a stop word), grouped
        # into postings only when the batch is written (``FieldBatch.grouped``).
        self._terms = TermNumbers()
        self._fast_batch: dict[str, FieldBatch] = {}
        self._doc_words: dict[int, tuple[str, list[int]]] = {}

    @property
    def whoosh_writer(self) -> SegmentWriter:
        return self._w

    def add_document(self, values: dict[str, object]) -> int:
        docnum = self._docnum
        schema = self._schema
        pdw = self._pdw
        pdw.start_doc(docnum)
        for name in self._field_order:
            value = values.get(name)
            if value is None:
                continue
            fieldobj = schema[name]
            length = 0
            if fieldobj.indexed:
                kind = self._fast.get(name)
                source = self._derived.get(name)
                if source is not None:
                    length = self._lengths[source][docnum] if source in values and docnum < len(self._lengths.get(source, ())) else 0
                elif kind is not None:
                    length = self._add_fast(name, kind, docnum, cast(str, value))  # fast fields are text
                else:
                    length = self._add_generic(name, fieldobj, docnum, value)
                if length:
                    lengths = self._lengths.get(name)
                    if lengths is None:
                        lengths = self._lengths[name] = array("I")
                    if len(lengths) < docnum:
                        lengths.extend(array("I", bytes(4 * (docnum - len(lengths)))))
                    lengths.append(length)
            pdw.add_field(name, fieldobj, value if fieldobj.stored else None, length)
        pdw.finish_doc()
        self._doc_words.clear()
        self._docnum += 1
        if self._batch_postings >= SPILL_POSTINGS:
            self._spill()
        return docnum

    def _entries(self, name: str) -> dict[Any, Any]:
        entries = self._batch.get(name)
        if entries is None:
            entries = self._batch[name] = {}
        return entries

    def _add_fast(self, name: str, kind: str, docnum: int, text: str) -> int:
        """Note the text's words as term numbers; returns the field length (terms, not stop words).

        A frequencies field over the same text as a positions field of the document
        (without ``derived``) reuses its words."""
        cached = self._doc_words.get(id(text))
        if cached is not None and cached[0] is text:
            numbers = cached[1]
        else:
            numbers = list(map(self._terms.__getitem__, WORD_RE.findall(text)))
            self._doc_words[id(text)] = (text, numbers)
        batch = self._fast_batch.get(name)
        if batch is None:
            batch = self._fast_batch[name] = FieldBatch()
        batch.add(docnum, numbers)
        self._batch_postings += len(numbers)
        return len(numbers) - numbers.count(0)

    def _add_generic(self, name: str, fieldobj: Field, docnum: int, value: object) -> int:
        entries = self._entries(name)
        length = 0
        scorable = fieldobj.scorable
        for tbytes, freq, weight, vbytes in fieldobj.index(value):
            postings = entries.get(tbytes)
            if postings is None:
                postings = entries[tbytes] = []
            postings.append((docnum, weight, vbytes))
            if scorable:
                length += freq
            self._batch_postings += 1
        return length

    # -- runs ------------------------------------------------------------

    def _sorted_records(self) -> Iterator[Record]:
        """The current batch as (field, termbytes, kind, a, b, c) records, in index order."""
        fast = {name: batch for name, batch in self._fast_batch.items() if batch.words}
        names = set(self._batch) | set(fast) | {d for d, src in self._derived.items() if src in fast}
        grouped: dict[str, Grouped] = {}  # a positions field's postings, kept for its derived field
        for name in sorted(names):
            source = self._derived.get(name, name)
            if source in fast:
                g = grouped.get(source)
                if g is None:
                    g = grouped[source] = fast[source].grouped(self._terms)
                kind = FREQUENCIES if source != name else self._fast[name]
                for term, docs, freqs, poses in g.terms():
                    yield name, term, kind, docs, freqs, poses if kind == POSITIONS else None
                continue
            entries = self._batch[name]
            for tbytes in sorted(entries):
                yield name, tbytes, GENERIC, entries[tbytes], None, None

    def _spill(self) -> None:
        path = os.path.join(self._tmpdir, f"run{len(self._runs)}")
        with open(path, "wb") as f:
            records = self._sorted_records()
            while piece := list(islice(records, RUN_PIECE)):
                data = marshal.dumps(piece)
                f.write(len(data).to_bytes(8, "little"))
                f.write(data)
        self._runs.append(path)
        self._batch = {}
        self._fast_batch = {}
        self._batch_postings = 0
        # The run holds its terms as text: the numbers start afresh, so they (~250 bytes a
        # distinct word) never outgrow one batch's vocabulary however large the segment.
        self._terms = TermNumbers()

    @staticmethod
    def _read_run(path: str) -> Iterator[Record]:
        """A run file's records, read back a piece at a time."""
        with open(path, "rb") as f:
            while head := f.read(8):
                yield from marshal.loads(f.read(int.from_bytes(head, "little")))

    def _all_records(self) -> Iterator[Record]:
        if not self._runs:
            return self._sorted_records()
        sources = [self._read_run(p) for p in self._runs] + [self._sorted_records()]
        return heapq.merge(*sources, key=itemgetter(0, 1))

    # -- writing the segment -----------------------------------------------

    @property
    def doc_count(self) -> int:
        return self._docnum

    def _write_segment(self) -> Any:
        """Write this writer's segment files; returns the segment (None when no documents)."""
        w = self._w
        if not self._docnum:
            w._close_segment()
            return None
        self._write_postings()
        w.docnum = self._docnum
        w.perdocwriter.close()
        w.fieldwriter.close()
        w._close_segment()
        w._assemble_segment()
        return w.get_segment()

    def commit(self, delete_docnums: list[int] | None = None, extra_segments: list[Any] | None = None) -> None:
        """Write the new segment and the index's table of contents.

        ``extra_segments``: segments written by worker processes into the same
        index folder (``finish_segment``), listed after this writer's own.
        """
        w = self._w
        try:
            segment = self._write_segment()
            segments = list(w.segments)
            if segment is not None:
                for docnum in delete_docnums or ():
                    segment.delete_document(docnum)
                segments.append(segment)
            segments.extend(extra_segments or ())
            w._commit_toc(segments)
            w._finish()
        finally:
            self._cleanup()

    def finish_segment(self) -> Any:
        """Write the segment without committing it (a worker's part); returns it or None."""
        try:
            segment = self._write_segment()
            self._w._finish()
            return segment
        finally:
            self._cleanup()

    def cancel(self) -> None:
        try:
            self._w.cancel()
        finally:
            self._cleanup()

    def _cleanup(self) -> None:
        for path in self._runs:
            try:
                os.remove(path)
            except OSError:
                pass
        try:
            os.rmdir(self._tmpdir)
        except OSError:
            pass

    def _write_postings(self) -> None:
        fw = self._w.fieldwriter
        postings = _PostingLists(fw._codec._compression)
        schema = self._schema
        current_field = None
        pending = None  # (name, tbytes, kind, [parts...])
        for record in self._all_records():
            name, tbytes = record[0], record[1]
            if pending is not None and pending[0] == name and pending[1] == tbytes:
                pending[3].append(record)
                continue
            if pending is not None:
                self._write_term(postings, fw, pending)
            if name != current_field:
                if current_field is not None:
                    fw.finish_field()
                fw.start_field(name, schema[name])
                postings.start_field(fw, self._lengths.get(name))
                current_field = name
            pending = (name, tbytes, record[2], [record])
        if pending is not None:
            self._write_term(postings, fw, pending)
        if current_field is not None:
            fw.finish_field()

    @staticmethod
    def _write_term(postings: _PostingLists, fw: Writer, pending: tuple[str, bytes, str, list[Record]]) -> None:
        """One term, from its records (one a run): a fast field's postings joined."""
        _name, tbytes, kind, parts = pending
        if kind == GENERIC:
            postings.write_generic_term(fw, tbytes, [part[3] for part in parts])
            return
        if len(parts) == 1:
            docs_b, freqs_b, poses = parts[0][3], parts[0][4], parts[0][5]
        else:
            docs_b = b"".join([part[3] for part in parts])
            freqs_b = b"".join([part[4] for part in parts])
            poses = b"".join([part[5] for part in parts]) if kind == POSITIONS else None
        postings.write_term(fw, tbytes, docs_b, freqs_b, poses)


# A term's row in the terms table: ``W3TermInfo.to_bytes`` of a term whose postings are in the
# postings file (not inlined): flags, weight, document frequency, min and max length bytes, max
# weight, first and last document, then where its postings start and how many bytes they take.
_TERM_INFO = Struct("!BfIBBfIIqi")


def _length_bytes(longest: int) -> list[int]:
    """``length_to_byte(n)`` for n = 0 .. ``longest``, as a list (one C-level index a block)."""
    table = np.array(_length_byte_cache, dtype=np.int64)
    found = np.searchsorted(table, np.arange(longest + 1, dtype=np.int64), side="left")
    lbytes: list[int] = np.minimum(found, 255).tolist()
    return lbytes


class _PostingLists:
    """Writes a segment's terms, field by field: each term's posting list into the postings
    file and its row into the terms table, the bytes Whoosh's ``W3FieldWriter.start_term``,
    ``W3PostingsWriter`` and ``finish_term`` write for it, with one write a term and no
    Whoosh object a term or a block: writing the bench corpus's segment took 1.39 -> 1.12 ms of
    CPU per article (medians of 4 runs each, alternated in one process, load 2.9-3.7).

    The blocks are those of ``W3PostingsWriter._write_block`` (the same tuples, pickled with
    ``BLOCK_PROTOCOL`` for the fast fields, compressed the same way, the same term statistics
    and the same headers), but each block is built from whole slices with C-level
    ``map``/``min``/``max`` instead of Python loops over every posting (delta coding, the
    weight checks, the field lengths, one ``pack_uint`` per frequency).
    """

    def __init__(self, compression: int) -> None:
        self._comp = compression
        self._prefix = b""
        self._lens: array[int] | None = None
        self._lbytes: list[int] = [0]
        self._pos = 0

    def start_field(self, fw: Writer, lengths: array[int] | None) -> None:
        self._pos = fw._postfile.tell()  # (this writer writes the field's postings: it counts them)
        self._prefix = pack_ushort(fw._fieldid)
        self._lens = lengths
        self._lbytes = _length_bytes(max(lengths) if lengths else 0)
        self._fixed = fw._fieldobj.format.fixed_value_size()

    def write_generic_term(self, fw: Writer, tbytes: bytes, parts: list[list[tuple[int, float, bytes]]]) -> None:
        """One term of a field Whoosh analyses itself (id, site, tags, dates): its postings
        (document, weight, value), in document order, in parts (one a run). The blocks of
        ``W3PostingsWriter`` fed one posting at a time: pickled with protocol 2, weights as
        32-bit floats."""
        postfile = fw._postfile
        start = self._pos
        out = [WHOOSH3_HEADER_MAGIC]
        lengths = self._lens
        lbytes = self._lbytes
        nl = len(lengths) if lengths is not None else 0
        comp = self._comp
        fixed = self._fixed
        total = sum(map(len, parts))
        weight = 0.0
        maxweight = 0.0
        minlen: int | None = None
        maxlen = 0
        first_id = -1
        written = 0
        carry: list[tuple[int, float, bytes]] = []
        for k, part in enumerate(parts, 1):
            postings = carry + part if carry else part
            m = len(postings)
            whole = m if k == len(parts) else m - m % BLOCK_LIMIT
            carry = postings[whole:]
            if not whole:
                continue
            ids = [p[0] for p in postings[:whole]]
            weights = array("f", [p[1] for p in postings[:whole]])
            values = [p[2] for p in postings[:whole]]
            has_values = any(values)
            if first_id < 0:
                first_id = ids[0]
            for i in range(0, whole, BLOCK_LIMIT):
                j = min(i + BLOCK_LIMIT, whole)
                block_ids = ids[i:j]
                block_weights = weights[i:j]
                bmaxweight = max(block_weights)
                if lengths is not None:
                    block_lens = [lengths[d] if d < nl else 0 for d in block_ids]
                    bmin = min(block_lens)
                    bmax = max(block_lens)
                    minlen = bmin if minlen is None or bmin < minlen else minlen
                    if bmax > maxlen:
                        maxlen = bmax
                    lo, hi = lbytes[bmin], lbytes[bmax]
                else:
                    lo = hi = 0
                # W3TermInfo.add_block
                weight += sum(block_weights)
                if bmaxweight > maxweight:
                    maxweight = bmaxweight
                # W3PostingsWriter._mini_ids, _mini_weights, _mini_values
                deltas = (block_ids[0], *map(sub, block_ids[1:], block_ids[:-1]))
                if all(w == 1.0 for w in block_weights):
                    mini_weights: Any = None
                elif all(w == block_weights[0] for w in block_weights):
                    mini_weights = block_weights[0]
                else:
                    mini_weights = tuple(block_weights)
                block_values = values[i:j] if has_values else []
                if fixed is None or fixed < 0:
                    mini_values: Any = tuple(block_values)
                elif fixed == 0:
                    mini_values = None
                else:
                    mini_values = b"".join(block_values)
                data = dumps((deltas, mini_weights, mini_values), 2)
                level = comp if len(data) >= RAW_BELOW else 0
                if level:
                    data = deflate(data, DEFLATE_LEVEL)
                head = dumps((j - i, block_ids[-1], bmaxweight, level, lo, hi), 2)
                size = len(head) + len(data)
                written += j - i
                out.append(pack_int(-size if written == total else size))
                out.append(head)
                out.append(data)
            last_id = ids[-1]
        postings_bytes = b"".join(out)
        postfile.write(postings_bytes)
        self._pos += len(postings_bytes)
        info = _TERM_INFO.pack(0, weight, total, 0 if minlen is None else lbytes[minlen], lbytes[maxlen],
                               maxweight, first_id, last_id, start, len(postings_bytes))
        fw._tindex.add(self._prefix + tbytes, info)

    def write_term(self, fw: Writer, tbytes: bytes, docs_b: bytes, freqs_b: bytes, poses: bytes | None) -> None:
        """One term: its documents and frequencies (uint32 array bytes, in document order) and,
        for a positions field, its positions (uint32, in posting order; None for frequencies)."""
        postfile = fw._postfile
        start = self._pos
        out = [WHOOSH3_HEADER_MAGIC]
        docs = array("I", docs_b)
        freqs = array("I", freqs_b)
        n = len(docs)
        lengths = self._lens
        if lengths is not None and docs[-1] >= len(lengths):  # (never: a posting's document has a length)
            lengths = array("I", [lengths[d] if d < len(lengths) else 0 for d in range(docs[-1] + 1)])
        lbytes = self._lbytes
        comp = self._comp
        weight = 0.0
        maxweight = 0.0
        minlen: int | None = None
        maxlen = 0
        word = 0
        # A common word's postings in a big segment are hundreds of thousands: made into
        # Python lists a chunk at a time (the blocks are the same), not all at once.
        for c in range(0, n, CHUNK_POSTINGS):
            e = min(c + CHUNK_POSTINGS, n)
            ids = docs[c:e].tolist()
            fs = freqs[c:e].tolist()
            m = e - c
            if poses is not None:
                ends = [4 * x for x in accumulate(fs, initial=word)]
                word = ends[-1] // 4
                values: list[bytes] = list(map(poses.__getitem__, map(slice, ends[:-1], ends[1:])))
                packed = b""
            else:
                big = array("I", fs)
                if sys.byteorder == "little":
                    big.byteswap()  # pack_uint is big-endian
                packed = big.tobytes()
                values = []
            lens = list(map(lengths.__getitem__, ids)) if lengths is not None else None
            for i in range(0, m, BLOCK_LIMIT):
                j = min(i + BLOCK_LIMIT, m)
                block_ids = ids[i:j]
                block_freqs = fs[i:j]
                most, least = max(block_freqs), min(block_freqs)
                bweight = float(most)
                # W3PostingsWriter._mini_weights: None when all 1.0, one float when all equal
                mini_weights = None if most == 1 else bweight if least == most else tuple(map(float, block_freqs))
                mini_values = tuple(values[i:j]) if poses is not None else packed[4 * i : 4 * j]
                if lens is not None:
                    block_lens = lens[i:j]
                    bmin = min(block_lens)
                    bmax = max(block_lens)
                    lo, hi = lbytes[bmin], lbytes[bmax]
                    minlen = bmin if minlen is None or bmin < minlen else minlen
                    if bmax > maxlen:
                        maxlen = bmax
                else:
                    lo = hi = 0
                # W3TermInfo.add_block
                weight += float(sum(block_freqs))
                if bweight > maxweight:
                    maxweight = bweight
                last_id = block_ids[-1]
                deltas = (block_ids[0], *map(sub, block_ids[1:], block_ids[:-1]))
                data = dumps((deltas, mini_weights, mini_values), BLOCK_PROTOCOL)
                level = comp if len(data) >= RAW_BELOW else 0
                if level:
                    data = deflate(data, DEFLATE_LEVEL)
                head = dumps((j - i, last_id, bweight, level, lo, hi), 2)
                size = len(head) + len(data)
                out.append(pack_int(-size if j == m and e == n else size))
                out.append(head)
                out.append(data)
        postings = b"".join(out)
        postfile.write(postings)
        self._pos += len(postings)
        info = _TERM_INFO.pack(0, weight, n, 0 if minlen is None else lbytes[minlen], lbytes[maxlen],
                               maxweight, docs[0], docs[-1], start, len(postings))
        fw._tindex.add(self._prefix + tbytes, info)
