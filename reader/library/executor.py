"""Top-k evaluation of a parsed query over Whoosh segments, term at a time.

Whoosh's matchers advance one document at a time through a tree of Python
objects; for a common word over eight fields at 100,000 articles that is a
few hundred thousand method calls per query, and counting the matches walks
the tree again. Here each posting list is decoded a block at a time straight
from the segment (zlib + pickle, both C code) into lists, scored with BM25F in
a comprehension, and combined with dict/set operations:

- Or: add scores; And: intersect; Not/AndNot: subtract; Phrase: intersect,
  then check positions only for documents holding every word;
- other query types (date ranges...) come from Whoosh's own matcher as a
  filter with no score.

The result is the exact set of matches, so the total is exact too; only the
``limit`` best are returned. Scores follow Whoosh's BM25F (B=0.75, K1=1.2).

A search can be cancelled from another thread (a newer keystroke in the
window): ``top`` takes a ``cancel`` event, checked before every sub-query
and every posting block, and raises ``SearchCancelled`` once it is set, so a
stale search gives its thread back within one block's work.
"""

from __future__ import annotations

import heapq
import threading
import zlib
from array import array
from collections.abc import Collection, Iterator
from itertools import accumulate, repeat
from math import log
from operator import itemgetter
from pickle import loads
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from reader.library.phrases import phrase_in, phrase_postings, term_blocks
from reader.library.query import BoundedPrefix
from reader.library.whoosh_types import IndexReader, Searcher

K1 = 1.2
B = 0.75

Scores = dict[int, float]
#: A term's postings in one segment: document numbers, term frequencies, values (encoded positions or None).
Postings = tuple[list[int], list[float], list[Any]]
#: A field's length byte per document, and the BM25F length factor per length byte.
Norm = tuple[bytes, list[float]]

# Fields indexed without positions for fast scoring, with the positional
# shadow field that answers phrase queries on them.
POSITION_FIELDS: dict[str, str] = {"body": "body_pos"}


class SearchCancelled(Exception):
    """The search was cancelled before it finished (a newer query replaced it)."""


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise ``SearchCancelled`` when ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise SearchCancelled


class QueryExecutor:
    """Runs queries against one searcher; caches per-segment field lengths."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._leaves = list(searcher.leaf_searchers())
        self._n = max(1, searcher.doc_count_all())
        self._norms: dict[tuple[int, str], Norm | None] = {}
        self._cancel: threading.Event | None = None

    def top(self, q: wq.Query, limit: int, only_ids: Collection[int] | None = None,
            cancel: threading.Event | None = None) -> tuple[list[tuple[int, float]], int]:
        """(global docnum, score) of the ``limit`` best matches, and how many match;
        with ``only_ids``, only among those articles (the reader's marks filter a search).
        Raises ``SearchCancelled`` as soon as ``cancel`` is set."""
        self._cancel = cancel
        try:
            return self._top(q, limit, only_ids)
        finally:
            self._cancel = None

    def _top(self, q: wq.Query, limit: int,
             only_ids: Collection[int] | None) -> tuple[list[tuple[int, float]], int]:
        found: Scores = {}
        for leaf, (sub, offset) in enumerate(self._leaves):
            reader = sub.reader()
            scores = self._eval(q, leaf, reader, sub)
            if reader.has_deletions():
                for docnum in [d for d in scores if reader.is_deleted(d)]:
                    del scores[docnum]
            if offset:
                found.update({d + offset: s for d, s in scores.items()})
            else:
                found.update(scores)
        if only_ids is not None:
            keep = self.docnums(only_ids)
            found = {d: s for d, s in found.items() if d in keep}
        best = heapq.nlargest(limit, found.items(), key=itemgetter(1))
        return best, len(found)

    def docnums(self, ids: Collection[int]) -> set[int]:
        """Global document numbers of the live documents of articles ``ids``."""
        out: set[int] = set()
        for sub, offset in self._leaves:
            reader = sub.reader()
            for i in ids:
                try:
                    for d in reader.postings("id", str(i)).all_ids():
                        if not reader.is_deleted(d):
                            out.add(d + offset)
                except (KeyError, TermNotFound):
                    continue
        return out

    # -- evaluation ----------------------------------------------------------

    def _eval(self, q: wq.Query, leaf: int, reader: IndexReader, sub: Searcher) -> Scores:
        check_cancel(self._cancel)
        if isinstance(q, wq.Term):
            return self._term(leaf, reader, q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Phrase):
            return self._phrase(leaf, reader, q)
        if isinstance(q, wq.Or):
            return _union([self._eval(s, leaf, reader, sub) for s in q.subqueries])
        if isinstance(q, wq.And):
            positive = [s for s in q.subqueries if not isinstance(s, wq.Not)]
            negative = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
            if not positive:
                return {}
            scores = _intersect([self._eval(s, leaf, reader, sub) for s in positive])
            for s in negative:
                if not scores:
                    break
                _subtract(scores, self._eval(s, leaf, reader, sub))
            return scores
        if isinstance(q, wq.AndNot):
            scores = self._eval(q.a, leaf, reader, sub)
            if scores:
                _subtract(scores, self._eval(q.b, leaf, reader, sub))
            return scores
        if isinstance(q, wq.AndMaybe):
            scores = self._eval(q.a, leaf, reader, sub)
            if scores:
                extra = self._eval(q.b, leaf, reader, sub)
                for d in scores.keys() & extra.keys():
                    scores[d] += extra[d]
            return scores
        if isinstance(q, wq.Require):
            scores = self._eval(q.a, leaf, reader, sub)
            if scores:
                keep = self._eval(q.b, leaf, reader, sub)
                scores = {d: s for d, s in scores.items() if d in keep}
            return scores
        if isinstance(q, wq.Not):
            return {}  # a lone NOT matches nothing (the parser says so in its hint)
        if isinstance(q, BoundedPrefix):
            raise TypeError("prefixes must be expanded before execution")
        # Anything else (date ranges, ...): Whoosh finds the documents, no score.
        matcher = q.matcher(sub)
        return dict.fromkeys(matcher.all_ids(), 0.0) if matcher.is_active() else {}

    def _term(self, leaf: int, reader: IndexReader, fieldname: str, text: str | bytes, boost: float) -> Scores:
        ids, tfs, _ = self._postings(reader, fieldname, text, values=False)
        return self._score(leaf, reader, fieldname, text, boost, ids, tfs)

    def _score(
        self, leaf: int, reader: IndexReader, fieldname: str, text: str | bytes, boost: float, ids: list[int],
        tfs: list[float],
    ) -> Scores:
        if not ids:
            return {}
        searcher = self._searcher
        df = searcher.doc_frequency(fieldname, text)
        idf = log(self._n / (df + 1)) + 1.0
        c = boost * idf * (K1 + 1)
        norm = self._norm(leaf, reader, fieldname)
        if norm is None:
            return {d: c * tf / (tf + K1) for d, tf in zip(ids, tfs)}
        lengths, table = norm
        return {d: c * tf / (tf + table[lengths[d]]) for d, tf in zip(ids, tfs)}

    def _phrase(self, leaf: int, reader: IndexReader, q: wq.Phrase) -> Scores:
        """Documents holding the phrase, scored as the sum of its words' scores.

        The rarest word's postings are read first and only the blocks of the
        other words that can hold one of its documents are decoded
        (``reader.library.phrases``).
        """
        words = list(q.words)
        posfield = POSITION_FIELDS.get(q.fieldname, q.fieldname)
        field = reader.schema[posfield] if posfield in reader.schema else None
        if field is None or not field.indexed:
            return {}
        blocks = []
        for word in words:
            check_cancel(self._cancel)
            btext = field.to_bytes(word) if isinstance(word, str) else word
            if not reader.__contains__((posfield, btext)):
                return {}
            tb = term_blocks(reader, posfield, btext)
            if tb is None:
                return self._phrase_full(leaf, reader, q)
            blocks.append(tb)
        fmt = reader.schema[posfield].format
        raw = getattr(fmt, "raw_uint32_positions", False)
        decode = _uint32s if raw else fmt.decode_positions
        matched, lists = phrase_postings(blocks, decode, max(1, q.slop), raw=raw)
        if not matched:
            return {}
        total: Scores = dict.fromkeys(matched, 0.0)
        for word, lst in zip(words, lists):
            tfs = [lst[d][0] for d in matched]
            scores = self._score(leaf, reader, q.fieldname, word, q.boost, matched, tfs)
            for d in matched:
                total[d] += scores[d]
        return total

    def _phrase_full(self, leaf: int, reader: IndexReader, q: wq.Phrase) -> Scores:
        """Every posting of every word decoded (posting lists not in Whoosh 3 blocks)."""
        words = list(q.words)
        posfield = POSITION_FIELDS.get(q.fieldname, q.fieldname)
        lists = []
        term_scores = []
        for word in words:
            ids, tfs, values = self._postings(reader, posfield, word, values=True)
            if not ids:
                return {}
            lists.append(dict(zip(ids, values)))
            term_scores.append((word, ids, tfs))
        common = set(lists[0])
        for other in lists[1:]:
            common &= other.keys()
            if not common:
                return {}
        fmt = reader.schema[posfield].format
        slop = max(1, q.slop)
        decode = _uint32s if getattr(fmt, "raw_uint32_positions", False) else fmt.decode_positions
        matched = [d for d in common if phrase_in(decode, [lst[d] for lst in lists], slop)]
        if not matched:
            return {}
        total: Scores = dict.fromkeys(matched, 0.0)
        for word, ids, tfs in term_scores:
            scores = self._score(leaf, reader, q.fieldname, word, q.boost, ids, tfs)
            for d in matched:
                total[d] += scores[d]
        return total

    # -- postings and lengths ---------------------------------------------------

    def _postings(self, reader: IndexReader, fieldname: str, text: str | bytes, *, values: bool) -> Postings:
        """All (docnums, term frequencies, values) of a term in one segment."""
        field = reader.schema[fieldname] if fieldname in reader.schema else None
        if field is None or not field.indexed:
            return [], [], []
        btext = field.to_bytes(text) if isinstance(text, str) else text
        if not reader.__contains__((fieldname, btext)):
            return [], [], []
        matcher = reader.postings(fieldname, btext)
        while not isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "child"):
            matcher = matcher.child
        if isinstance(matcher, W3LeafMatcher):
            return _read_all_blocks(matcher, values, self._cancel)
        ids: list[int] = []
        tfs: list[float] = []
        vals: list[Any] = []
        while matcher.is_active():
            ids.append(matcher.id())
            tfs.append(matcher.weight())
            vals.append(matcher.value() if values else None)
            matcher.next()
        return ids, tfs, vals

    def _norm(self, leaf: int, reader: IndexReader, fieldname: str) -> Norm | None:
        """(length byte per doc, K1*(1-B+B*len/avg) per length byte) for a field."""
        key = (leaf, fieldname)
        if key not in self._norms:
            self._norms[key] = self._load_norm(reader, fieldname)
        return self._norms[key]

    def _load_norm(self, reader: IndexReader, fieldname: str) -> Norm | None:
        perdoc = getattr(reader, "_perdoc", None)
        if perdoc is None:
            return None
        col = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if col is None:
            return None
        count = getattr(col, "_count", None)
        if count is None:
            return None
        raw = col._dbfile.get(col._basepos, count) if count else b""
        doccount = reader.doc_count_all()
        if len(raw) < doccount:
            raw += bytes(doccount - len(raw))
        avg = self._searcher.field_length(fieldname) / self._n or 1.0
        table = [K1 * ((1 - B) + B * byte_to_length(b) / avg) for b in range(256)]
        return raw, table


def check_postings(reader: IndexReader, fieldname: str, btext: bytes) -> tuple[int, int]:
    """Decode every block of one term's postings in one segment reader.

    Returns (how many documents, the last document number); raises
    ValueError when the document numbers do not rise. Per block the work
    stays in C (zlib, pickle, min, sum), so a whole index reads in seconds.
    """
    matcher = reader.postings(fieldname, btext)
    while not isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "child"):
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        ids = list(matcher.all_ids())
        if any(b <= a for a, b in zip(ids, ids[1:])):
            raise ValueError("document numbers out of order")
        return len(ids), (ids[-1] if ids else -1)
    count, last = 0, -1
    for block_ids, _weights, _values, n in _blocks(matcher):
        if len(block_ids) != n or not block_ids or block_ids[0] <= last or (n > 1 and min(block_ids[1:]) <= 0):
            raise ValueError("document numbers out of order")
        last = sum(block_ids)
        count += n
    return count, last


def _blocks(m: W3LeafMatcher) -> Iterator[tuple[Any, Any, Any, int]]:
    """(document number deltas, weights, values, count) of each block of a term's postings."""
    postfile = m._postfile
    pos = m._baseoffset
    while True:
        postfile.seek(pos)
        length = postfile.read_int()
        last = length < 0
        length = abs(length)
        nextpos = pos + 4 + length
        info = postfile.read_pickle()
        dataoffset = postfile.tell()
        data = postfile.get(dataoffset, nextpos - dataoffset)
        if info[3]:
            data = zlib.decompress(data)
        block_ids, weights, values = loads(data)
        yield block_ids, weights, values, info[0]
        if last:
            break
        pos = nextpos


def _read_all_blocks(m: W3LeafMatcher, want_values: bool, cancel: threading.Event | None = None) -> Postings:
    ids: list[int] = []
    tfs: list[float] = []
    vals: list[Any] = []
    for block_ids, weights, values, n in _blocks(m):
        if cancel is not None and cancel.is_set():
            raise SearchCancelled
        ids.extend(accumulate(block_ids))
        if weights is None:
            tfs.extend(repeat(1.0, n))
        elif isinstance(weights, float):
            tfs.extend(repeat(weights, n))
        else:
            tfs.extend(weights)
        if want_values:
            vals.extend(values if isinstance(values, tuple) else repeat(None, n))
    return ids, tfs, vals


def _uint32s(value: bytes) -> array[int]:
    return array("I", value)


def _union(parts: list[Scores]) -> Scores:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    parts.sort(key=len, reverse=True)
    acc = parts[0]
    for part in parts[1:]:
        get = acc.get
        for d, s in part.items():
            acc[d] = get(d, 0.0) + s
    return acc


def _intersect(parts: list[Scores]) -> Scores:
    if not parts or any(not p for p in parts):
        return {}
    parts.sort(key=len)
    acc = parts[0]
    for part in parts[1:]:
        acc = {d: s + part[d] for d, s in acc.items() if d in part}
        if not acc:
            return {}
    return acc


def _subtract(scores: Scores, remove: Scores) -> None:
    if len(remove) < len(scores):
        for d in remove:
            scores.pop(d, None)
    else:
        for d in [d for d in scores if d in remove]:
            del scores[d]
