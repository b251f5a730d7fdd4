"""Write many documents into one new Whoosh segment, fast.

Whoosh's own writer pushes every posting (term, document) through a Python
external sort (one tuple, one marshal call and one heap step per posting) and
then looks up the document's field length from disk for every posting again.
At 100,000 articles that is ~60 million postings and most of the 742 s the
reference build took.

This writer keeps postings grouped by term while documents arrive: per term,
three compact arrays (document numbers, frequencies, positions). When a batch
gets large it is spilled to a temporary run file *per term*, so the final merge
concatenates arrays instead of sorting postings. Field lengths are kept in
memory. The blocks are written with Whoosh's own ``W3PostingsWriter`` block
code, so the result is an ordinary Whoosh segment read by the stock reader.
"""

from __future__ import annotations

import heapq
import marshal
import os
import tempfile
from array import array
from collections.abc import Iterator
from itertools import accumulate
from typing import Any, cast

from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from reader.library.analysis import term_counts, term_positions
from reader.library.whoosh_types import Field, WhooshIndex, Writer

# Postings kept in memory before a batch is spilled to a run file.
SPILL_POSTINGS = 8_000_000
# Postings per block on disk (Whoosh's default block size).
BLOCK_LIMIT = 128

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
        self._doc_poses: dict[int, tuple[str, dict[str, list[int]]]] = {}

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
        self._doc_poses.clear()
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
        entries = self._entries(name)
        length = 0
        if kind == POSITIONS:
            poses, _ = term_positions(text)
            self._doc_poses[id(text)] = (text, poses)
            for term, plist in poses.items():
                entry = entries.get(term)
                if entry is None:
                    entry = entries[term] = (array("I"), array("I"), array("I"))
                freq = len(plist)
                entry[0].append(docnum)
                entry[1].append(freq)
                entry[2].extend(plist)
                length += freq
            self._batch_postings += len(poses)
        else:
            cached = self._doc_poses.get(id(text))
            if cached is not None and cached[0] is text:
                counts = {t: len(p) for t, p in cached[1].items()}
            else:
                counts = term_counts(text)
            for term, freq in counts.items():
                entry = entries.get(term)
                if entry is None:
                    entry = entries[term] = (array("I"), array("I"), None)
                entry[0].append(docnum)
                entry[1].append(freq)
                length += freq
            self._batch_postings += len(counts)
        return length

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
        names = set(self._batch) | {d for d, src in self._derived.items() if src in self._batch}
        for name in sorted(names):
            source = self._derived.get(name)
            if source is not None:
                entries = self._batch[source]
                for term in sorted(entries):
                    docs, freqs, _ = entries[term]
                    yield name, term.encode("utf-8"), FREQUENCIES, docs.tobytes(), freqs.tobytes(), None
                continue
            entries = self._batch[name]
            kind = self._fast.get(name, GENERIC)
            if kind == GENERIC:
                for tbytes in sorted(entries):
                    yield name, tbytes, GENERIC, entries[tbytes], None, None
            else:
                for term in sorted(entries):
                    docs, freqs, poses = entries[term]
                    yield (
                        name,
                        term.encode("utf-8"),
                        kind,
                        docs.tobytes(),
                        freqs.tobytes(),
                        poses.tobytes() if poses is not None else None,
                    )

    def _spill(self) -> None:
        path = os.path.join(self._tmpdir, f"run{len(self._runs)}")
        with open(path, "wb") as f:
            for record in self._sorted_records():
                marshal.dump(record, f)
        self._runs.append(path)
        self._batch = {}
        self._batch_postings = 0

    @staticmethod
    def _read_run(path: str) -> Iterator[Record]:
        with open(path, "rb") as f:
            while True:
                try:
                    yield marshal.load(f)
                except EOFError:
                    return

    def _all_records(self) -> Iterator[Record]:
        if not self._runs:
            return self._sorted_records()
        sources = [self._read_run(p) for p in self._runs] + [self._sorted_records()]
        return heapq.merge(*sources, key=lambda r: (r[0], r[1]))

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
        schema = self._schema
        current_field = None
        pending = None  # (name, tbytes, kind, [parts...])
        for record in self._all_records():
            name, tbytes = record[0], record[1]
            if pending is not None and pending[0] == name and pending[1] == tbytes:
                pending[3].append(record)
                continue
            if pending is not None:
                self._write_term(fw, pending)
            if name != current_field:
                if current_field is not None:
                    fw.finish_field()
                fw.start_field(name, schema[name])
                current_field = name
            pending = (name, tbytes, record[2], [record])
        if pending is not None:
            self._write_term(fw, pending)
        if current_field is not None:
            fw.finish_field()

    def _write_term(self, fw: Writer, pending: tuple[str, bytes, str, list[Record]]) -> None:
        name, tbytes, kind, parts = pending
        fw.start_term(tbytes)
        pw = fw._postwriter
        lengths = self._lengths.get(name)
        if kind == GENERIC:
            postings = [p for part in parts for p in part[3]]
            docs = array("I", [p[0] for p in postings])
            weights = array("f", [p[1] for p in postings])
            values = [p[2] for p in postings]
            has_values = any(values)
        else:
            docs = array("I")
            freqs = array("I")
            for part in parts:
                docs.frombytes(part[3])
                freqs.frombytes(part[4])
            weights = array("f", freqs)
            if kind == POSITIONS:
                poses = b"".join(part[5] for part in parts)
                ends = list(accumulate(freqs))
                starts = [0] + ends[:-1]
                values = [poses[4 * s : 4 * e] for s, e in zip(starts, ends)]
            else:
                values = [pack_uint(f) for f in freqs]
            has_values = True
        n = len(docs)
        for i in range(0, n, BLOCK_LIMIT):
            ids = docs[i : i + BLOCK_LIMIT]
            pw._ids = ids
            pw._weights = weights[i : i + BLOCK_LIMIT]
            pw._values = values[i : i + BLOCK_LIMIT] if has_values else []
            pw._maxweight = max(pw._weights)
            if lengths is not None:
                nl = len(lengths)
                block_lengths = [lengths[d] if d < nl else 0 for d in ids]
                pw._minlength = min(block_lengths)
                pw._maxlength = max(block_lengths)
            else:
                pw._minlength = None
                pw._maxlength = 0
            if i + BLOCK_LIMIT < n:
                pw._write_block()
        fw.finish_term()
