"""A bulk segment's batch of words: surface words as term numbers, grouped into postings by
one sort per field (``BulkSegmentWriter`` in ``bulkwrite``, which spills a grouped batch to a
run file when it gets large)."""

from __future__ import annotations

from array import array
from collections.abc import Iterator

import numpy as np

from reader.library.analysis import term_of


class TermNumbers(dict[str, int]):
    """Surface word -> number of its index term (0: none, a stop word); ``strings[n]`` the term.

    One per writer: a batch's words are kept as these numbers (4 bytes each) and grouped
    into postings by sorting them, not by a Python step per word."""

    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = [""]
        self._number: dict[str, int] = {}

    def __missing__(self, word: str) -> int:
        term = term_of(word)
        if term is None:
            number = 0
        else:
            number = self._number.get(term, 0)
            if not number:
                number = self._number[term] = len(self.strings)
                self.strings.append(term)
        self[word] = number
        return number


class FieldBatch:
    """One fast field's words in a batch: term numbers in document order, and the documents."""

    def __init__(self) -> None:
        self.numbers = array("I")
        self.docnums = array("I")
        self.counts = array("I")
        self.words = 0

    def add(self, docnum: int, numbers: list[int]) -> None:
        self.numbers.fromlist(numbers)
        self.docnums.append(docnum)
        self.counts.append(len(numbers))
        self.words += len(numbers)

    def grouped(self, terms: TermNumbers) -> Grouped:
        """The postings: the words sorted by term (stable, so by document, then position),
        each run of one term in one document a posting (its length the frequency)."""
        counts = np.frombuffer(self.counts, dtype=np.uint32)
        numbers = np.frombuffer(self.numbers, dtype=np.uint32)
        docs = np.repeat(np.frombuffer(self.docnums, dtype=np.uint32), counts)
        firsts = np.cumsum(counts, dtype=np.uint32) - counts
        positions = np.arange(len(numbers), dtype=np.uint32) - np.repeat(firsts, counts)
        keep = numbers != 0
        numbers, docs, positions = numbers[keep], docs[keep], positions[keep]
        del keep
        order = np.argsort(numbers, kind="stable")
        numbers = numbers[order]  # (one array at a time: the peak stays ~20 bytes a word)
        docs = docs[order]
        positions = positions[order]
        del order
        n = len(numbers)
        new = np.ones(n, dtype=bool)
        new[1:] = (numbers[1:] != numbers[:-1]) | (docs[1:] != docs[:-1])
        post_first = np.flatnonzero(new)  # word index of each posting's first position
        freqs = np.diff(np.append(post_first, n)).astype(np.uint32)
        post_terms = numbers[post_first]
        new = np.ones(len(post_first), dtype=bool)
        new[1:] = post_terms[1:] != post_terms[:-1]
        term_first = np.flatnonzero(new)  # posting index of each term's first posting
        return Grouped(
            terms, post_terms[term_first].tolist(), term_first.tolist() + [len(post_first)],
            post_first[term_first].tolist() + [n], docs[post_first].tobytes(), freqs.tobytes(),
            positions.tobytes(),
        )


class Grouped:
    """A field batch's postings, grouped by term (``FieldBatch.grouped``)."""

    def __init__(self, terms: TermNumbers, numbers: list[int], post_bounds: list[int],
                 word_bounds: list[int], docs: bytes, freqs: bytes, positions: bytes) -> None:
        self._strings = terms.strings
        self._numbers = numbers
        self._post = post_bounds
        self._words = word_bounds
        self._docs, self._freqs, self._positions = docs, freqs, positions

    def terms(self) -> Iterator[tuple[bytes, bytes, bytes, bytes]]:
        """(term bytes, document numbers, frequencies, positions) per term, in term order
        (code point order, which is UTF-8 byte order)."""
        strings, numbers, post, words = self._strings, self._numbers, self._post, self._words
        docs, freqs, positions = self._docs, self._freqs, self._positions
        for k in sorted(range(len(numbers)), key=lambda k: strings[numbers[k]]):
            a, b = 4 * post[k], 4 * post[k + 1]
            yield (strings[numbers[k]].encode("utf-8"), docs[a:b], freqs[a:b],
                   positions[4 * words[k] : 4 * words[k + 1]])
