"""A phrase's position check on all documents at once (``phrases.follow_in``: sorted merges)
finds exactly the documents the check one document at a time (``phrases.phrase_in``) finds, for
any positions and any slop; ``phrase_postings`` gives each word's frequency in them."""

from __future__ import annotations

from array import array

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.library.phrases import WordPositions, follow_in, phrase_in, phrase_postings

# document -> sorted distinct positions, for one word
Postings = dict[int, list[int]]


def word(postings: Postings) -> WordPositions:
    docs = sorted(postings)
    counts = [len(postings[d]) for d in docs]
    return WordPositions(np.array(docs, dtype=np.int64), np.array(counts, dtype=np.float64),
                         np.array(counts, dtype=np.int64),
                         np.array([p for d in docs for p in postings[d]], dtype=np.uint32))


postings = st.dictionaries(st.integers(0, 40), st.sets(st.integers(0, 30), min_size=1).map(sorted), max_size=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(postings, min_size=2, max_size=4), st.integers(1, 3))
def test_all_documents_at_once_as_one_at_a_time(words: list[Postings], slop: int) -> None:
    both = set.intersection(*(set(w) for w in words))
    expected = sorted(d for d in both
                      if phrase_in(lambda v: array("I", v), [array("I", w[d]).tobytes() for w in words], slop))
    assert follow_in([word(w) for w in words], slop).tolist() == expected
    docs, tfs = phrase_postings([len(w) for w in words], lambda k, _docs: word(words[k]), slop)
    assert docs.tolist() == expected
    assert len(tfs) in (0, len(words))  # (none when no document holds every word)
    assert all(t.tolist() == [float(len(w[d])) for d in expected] for t, w in zip(tfs, words))
