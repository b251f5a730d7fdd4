"""Top-k evaluation of a parsed query over Whoosh segments, term at a time.

Whoosh's matchers advance one document at a time through a tree of Python
objects; for a common word over eight fields at 100,000 articles that is a
few hundred thousand method calls per query, and counting the matches walks
the tree again. Here each posting list is read from the segment in one piece
and its blocks decoded into numpy arrays all at once (``blockdecode``), scored with
BM25F as array arithmetic, and combined as sorted arrays
(``reader.library.hitsets``):

- Or: add scores; And: intersect; Not/AndNot: subtract; Phrase: intersect,
  then check positions only for documents holding every word;
- other query types (date ranges...) come from Whoosh's own matcher as a
  filter with no score.

The result is the exact set of matches, so the total is exact too; only the
``limit`` best are returned (by score, then document number). Scores follow
Whoosh's BM25F (B=0.75, K1=1.2), added in the same order as a document at a
time would add them, so they are the same to the last bit.

Frequent terms' decoded arrays are kept between searches, within a fixed
memory budget (``reader.library.postings_cache``).

A search can be cancelled from another thread (a newer keystroke in the
window): ``top`` takes a ``cancel`` event, checked before every sub-query
and every 64 posting blocks read, and raises ``SearchCancelled`` once it is
set, so a stale search gives its thread back within a few milliseconds.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Collection, Iterator
from math import log
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from reader.library import hitsets
from reader.library.cancel import check_cancel
from reader.library.hitsets import DocArray, Hits, ScoreArray
from reader.library.phrases import TermBlocks, WordPositions, phrase_in, phrase_postings, term_blocks
from reader.library.postings_cache import PostingsCache
from reader.library.query import BoundedPrefix
from reader.library.whoosh_types import IndexReader, Searcher

K1 = 1.2
B = 0.75

#: A term's postings in one segment: document numbers, term frequencies, values (encoded positions or None).
Postings = tuple[list[int], list[float], list[Any]]
#: A field's length byte per document, and the BM25F length factor per length byte.
Norm = tuple[npt.NDArray[np.uint8], ScoreArray]

# Fields indexed without positions for fast scoring, with the positional
# shadow field that answers phrase queries on them.
POSITION_FIELDS: dict[str, str] = {"body": "body_pos"}


class TermPostings(NamedTuple):
    """A term's postings in one segment: documents (sorted) and term frequencies."""

    docs: DocArray
    tfs: ScoreArray


class QueryExecutor:
    """Runs queries against one searcher; caches per-segment field lengths and deletions."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._leaves = list(searcher.leaf_searchers())
        self._n = max(1, searcher.doc_count_all())
        self._norms: dict[tuple[int, str], Norm | None] = {}
        self._deleted: dict[int, DocArray] = {}
        self._df: dict[tuple[str, str | bytes], int] = {}  # this query's document frequencies
        self._cancel: threading.Event | None = None
        # Frequent terms' decoded postings, per segment: (leaf, field, term, with positions?) -> arrays.
        self._postings_cache: PostingsCache[TermPostings | WordPositions] = PostingsCache()

    def top(self, q: wq.Query, limit: int, only_ids: Collection[int] | None = None,
            cancel: threading.Event | None = None) -> tuple[list[tuple[int, float]], int]:
        """(global docnum, score) of the ``limit`` best matches, and how many match;
        with ``only_ids``, only among those articles (the reader's marks filter a search).
        Raises ``SearchCancelled`` as soon as ``cancel`` is set."""
        self._cancel = cancel
        self._df = {}
        try:
            found = self.hits(q)
            if only_ids is not None:
                found = hitsets.restrict(found, np.array(sorted(self.docnums(only_ids)), dtype=np.int64))
            return hitsets.top_k(found, limit), len(found)
        finally:
            self._cancel = None

    def hits(self, q: wq.Query) -> Hits:
        """Every live document matching ``q`` (global document numbers) with its score."""
        docs: list[DocArray] = []
        scores: list[ScoreArray] = []
        for leaf, (sub, offset) in enumerate(self._leaves):
            reader = sub.reader()
            found = self._eval(q, leaf, reader, sub)
            if found and reader.has_deletions():
                found = hitsets.subtract(found, self._deletions(leaf, reader))
            docs.append(found.docs + offset if offset else found.docs)
            scores.append(found.scores)
        if len(docs) == 1:
            return Hits(docs[0], scores[0])
        return Hits(np.concatenate(docs), np.concatenate(scores)) if docs else hitsets.EMPTY

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

    def _deletions(self, leaf: int, reader: IndexReader) -> DocArray:
        if leaf not in self._deleted:
            self._deleted[leaf] = np.array(sorted(reader.deleted_docs_set), dtype=np.int64)
        return self._deleted[leaf]

    # -- evaluation ----------------------------------------------------------

    def _eval(self, q: wq.Query, leaf: int, reader: IndexReader, sub: Searcher) -> Hits:
        check_cancel(self._cancel)
        if isinstance(q, wq.Term):
            return self._term(leaf, reader, q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Phrase):
            return self._phrase(leaf, reader, q)
        if isinstance(q, wq.Or):
            return hitsets.union([self._eval(s, leaf, reader, sub) for s in q.subqueries])
        if isinstance(q, wq.And):
            positive = [s for s in q.subqueries if not isinstance(s, wq.Not)]
            negative = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
            if not positive:
                return hitsets.EMPTY
            found = hitsets.intersect([self._eval(s, leaf, reader, sub) for s in positive])
            for s in negative:
                if not found:
                    break
                found = hitsets.subtract(found, self._eval(s, leaf, reader, sub).docs)
            return found
        if isinstance(q, wq.AndNot):
            found = self._eval(q.a, leaf, reader, sub)
            return hitsets.subtract(found, self._eval(q.b, leaf, reader, sub).docs) if found else found
        if isinstance(q, wq.AndMaybe):
            found = self._eval(q.a, leaf, reader, sub)
            return hitsets.add_where_present(found, self._eval(q.b, leaf, reader, sub)) if found else found
        if isinstance(q, wq.Require):
            found = self._eval(q.a, leaf, reader, sub)
            return hitsets.restrict(found, self._eval(q.b, leaf, reader, sub).docs) if found else found
        if isinstance(q, wq.Not):
            return hitsets.EMPTY  # a lone NOT matches nothing (the parser says so in its hint)
        if isinstance(q, BoundedPrefix):
            raise TypeError("prefixes must be expanded before execution")
        # Anything else (date ranges, ...): Whoosh finds the documents, no score.
        matcher = q.matcher(sub)
        return hitsets.unscored(list(matcher.all_ids())) if matcher.is_active() else hitsets.EMPTY

    def _term(self, leaf: int, reader: IndexReader, fieldname: str, text: str | bytes, boost: float) -> Hits:
        ids, tfs = self._cached_postings(leaf, reader, fieldname, text)
        return Hits(ids, self._score(leaf, reader, fieldname, text, boost, ids, tfs))

    def _cached_postings(self, leaf: int, reader: IndexReader, fieldname: str, text: str | bytes) -> TermPostings:
        """``_postings``, from the cache when the term was decoded lately (frequent terms only)."""
        field = reader.schema[fieldname] if fieldname in reader.schema else None
        if field is None or not field.indexed:
            return TermPostings(hitsets.EMPTY_DOCS, np.zeros(0, dtype=np.float64))
        key = (leaf, fieldname, field.to_bytes(text) if isinstance(text, str) else text, False)
        found = self._postings_cache.get(key)
        if isinstance(found, TermPostings):
            return found
        found = TermPostings(*self._postings(reader, fieldname, text))
        if self._postings_cache.worth_keeping(found.docs.shape[0]):
            self._postings_cache.put(key, found)
        return found

    def _score(
        self, leaf: int, reader: IndexReader, fieldname: str, text: str | bytes, boost: float, ids: DocArray,
        tfs: ScoreArray,
    ) -> ScoreArray:
        """BM25F of each posting: ``c * tf / (tf + K1 * (1 - B + B * length / average))``."""
        if not ids.shape[0]:
            return np.zeros(0, dtype=np.float64)
        df = self._df.get((fieldname, text))
        if df is None:  # the multi-segment reader sums it over every segment: once per query
            df = self._df[fieldname, text] = self._searcher.doc_frequency(fieldname, text)
        idf = log(self._n / (df + 1)) + 1.0
        c = boost * idf * (K1 + 1)
        norm = self._norm(leaf, reader, fieldname)
        if norm is None:
            scores: ScoreArray = c * tfs / (tfs + K1)
            return scores
        lengths, table = norm
        scores = c * tfs / (tfs + table[lengths[ids]])
        return scores

    def _phrase(self, leaf: int, reader: IndexReader, q: wq.Phrase) -> Hits:
        """Documents holding the phrase, scored as the sum of its words' scores.

        The rarest word's postings are read first and only the blocks of the
        other words that can hold one of its documents are decoded
        (``reader.library.phrases``); a frequent word's postings are decoded
        whole when most of them are needed, and kept in the searcher's cache.
        """
        words = list(q.words)
        posfield = POSITION_FIELDS.get(q.fieldname, q.fieldname)
        field = reader.schema[posfield] if posfield in reader.schema else None
        if field is None or not field.indexed:
            return hitsets.EMPTY
        cached: list[WordPositions | None] = []
        blocks: list[TermBlocks | None] = []
        btexts = []
        for word in words:
            check_cancel(self._cancel)
            btext = field.to_bytes(word) if isinstance(word, str) else word
            btexts.append(btext)
            found = self._postings_cache.get((leaf, posfield, btext, True))
            cached.append(found if isinstance(found, WordPositions) else None)
            if cached[-1] is not None:
                blocks.append(None)
                continue
            if not reader.__contains__((posfield, btext)):
                return hitsets.EMPTY
            tb = term_blocks(reader, posfield, btext)
            if tb is None:
                return self._phrase_full(leaf, reader, q)
            blocks.append(tb)
        fmt = reader.schema[posfield].format
        decode = None if getattr(fmt, "raw_uint32_positions", False) else fmt.decode_positions

        def read(k: int, docs: DocArray | None) -> WordPositions:
            """The k-th word's postings with positions: from the cache, or its blocks holding ``docs``."""
            check_cancel(self._cancel)
            found, tb = cached[k], blocks[k]
            if found is not None:
                return found
            assert tb is not None
            every = range(len(tb.lastids))
            keep = self._postings_cache.worth_keeping(tb.count)
            wanted = every if docs is None else tb.blocks_holding(docs)
            if keep and 2 * len(wanted) >= len(every):  # most of it anyway: decode it all, keep it
                found = tb.positions(every, decode, self._cancel)
                self._postings_cache.put((leaf, posfield, btexts[k], True), found)
                return found
            return tb.positions(wanted, decode, self._cancel)

        counts = []
        for found, tb in zip(cached, blocks):
            counts.append(int(found.docs.shape[0]) if found is not None else tb.count if tb is not None else 0)
        docs, tfs = phrase_postings(counts, read, max(1, q.slop))
        if not docs.shape[0]:
            return hitsets.EMPTY
        total = np.zeros(docs.shape[0], dtype=np.float64)
        for word, word_tfs in zip(words, tfs):
            total += self._score(leaf, reader, q.fieldname, word, q.boost, docs, word_tfs)
        return Hits(docs, total)

    def _phrase_full(self, leaf: int, reader: IndexReader, q: wq.Phrase) -> Hits:
        """Every posting of every word decoded (posting lists not in Whoosh 3 blocks)."""
        words = list(q.words)
        posfield = POSITION_FIELDS.get(q.fieldname, q.fieldname)
        lists = []
        term_scores = []
        for word in words:
            ids, tfs, values = self._postings_values(reader, posfield, word)
            if not ids:
                return hitsets.EMPTY
            lists.append(dict(zip(ids, values)))
            term_scores.append((word, ids, tfs))
        common = set(lists[0])
        for other in lists[1:]:
            common &= other.keys()
            if not common:
                return hitsets.EMPTY
        fmt = reader.schema[posfield].format
        slop = max(1, q.slop)
        decode = _uint32s if getattr(fmt, "raw_uint32_positions", False) else fmt.decode_positions
        matched = sorted(d for d in common if phrase_in(decode, [lst[d] for lst in lists], slop))
        if not matched:
            return hitsets.EMPTY
        docs = np.array(matched, dtype=np.int64)
        total = np.zeros(docs.shape[0], dtype=np.float64)
        for word, ids, tfs in term_scores:
            all_docs = np.array(ids, dtype=np.int64)
            scores = self._score(leaf, reader, q.fieldname, word, q.boost, all_docs,
                                 np.array(tfs, dtype=np.float64))
            total += scores[np.searchsorted(all_docs, docs)]
        return Hits(docs, total)

    # -- postings and lengths ---------------------------------------------------

    def _matcher(self, reader: IndexReader, fieldname: str, text: str | bytes) -> Any:
        """The term's postings matcher in one segment (None: no such field or term)."""
        field = reader.schema[fieldname] if fieldname in reader.schema else None
        if field is None or not field.indexed:
            return None
        btext = field.to_bytes(text) if isinstance(text, str) else text
        if not reader.__contains__((fieldname, btext)):
            return None
        matcher = reader.postings(fieldname, btext)
        while not isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "child"):
            matcher = matcher.child
        return matcher

    def _postings(self, reader: IndexReader, fieldname: str, text: str | bytes) -> tuple[DocArray, ScoreArray]:
        """Document numbers (sorted) and term frequencies of a term in one segment."""
        matcher = self._matcher(reader, fieldname, text)
        if matcher is None:
            return hitsets.EMPTY_DOCS, np.zeros(0, dtype=np.float64)
        if isinstance(matcher, W3LeafMatcher):
            return read_blocks(matcher, self._cancel)
        ids: list[int] = []
        tfs: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            tfs.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(tfs, dtype=np.float64)

    def _postings_values(self, reader: IndexReader, fieldname: str, text: str | bytes) -> Postings:
        """All (docnums, term frequencies, values) of a term in one segment, as lists."""
        matcher = self._matcher(reader, fieldname, text)
        ids: list[int] = []
        tfs: list[float] = []
        vals: list[Any] = []
        while matcher is not None and matcher.is_active():
            ids.append(matcher.id())
            tfs.append(matcher.weight())
            vals.append(matcher.value())
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
        return np.frombuffer(raw, dtype=np.uint8), np.array(table, dtype=np.float64)


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
    for block_ids, _weights, _values, n, lastid in _blocks(matcher):
        if len(block_ids) != n or not block_ids or block_ids[0] <= last or (n > 1 and min(block_ids[1:]) <= 0):
            raise ValueError("document numbers out of order")
        last = sum(block_ids)
        if last != lastid:  # read_blocks decodes with the headers' last documents
            raise ValueError("block header disagrees with its document numbers")
        count += n
    return count, last


def _blocks(m: W3LeafMatcher) -> Iterator[tuple[Any, Any, Any, int, int]]:
    """(document number deltas, weights, values, count, last document) of each block of a term's postings."""
    blocks = TermBlocks(m)
    for i, (count, lastid) in enumerate(zip(blocks.counts, blocks.lastids)):
        block_ids, weights, values = blocks.block(i)
        yield block_ids, weights, values, count, lastid


def read_blocks(m: W3LeafMatcher, cancel: threading.Event | None = None) -> tuple[DocArray, ScoreArray]:
    """Document numbers and term frequencies of every block of a term's postings, as arrays
    (``blockdecode``: read from the pickles' bytes, not unpickled)."""
    blocks = TermBlocks(m)
    every = range(len(blocks.lastids))
    got = blocks.arrays(every, positions=False, cancel=cancel)
    return blocks.docs(every, got), got.tfs


def _uint32s(value: bytes) -> array[int]:
    return array("I", value)
