"""Whatever a user types into the search box, searching answers and never raises."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.library.index import IndexDoc, SearchIndex
from reader.library.query_repair import MAX_QUERY_CHARS

BODY = "Andrew Tabler said the new Syria was running out of time. Police policy changed in 2012."

# Pieces of query syntax, so random strings hit the parser's corners often.
SYNTAX = st.sampled_from(
    [
        '"', "(", ")", "[", "]", "{", "}", ":", "*", "?", "-", "+", "^", "~", "\\", "/",
        " AND ", " OR ", " NOT ", "AND", "NOT", " to ", "..", ">", "<", ">=",
        "title:", "date:", "speaker:", "quote:", "tag:", "site:", "comments:", "bogus:", "id:", "version:",
        "2012", "2012-06", "run", "syria", "pol", "the", "a", "é", "\x00", "\n", "\u200b", "🙂", "ß", "İ",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(SYNTAX, st.text(max_size=4)), max_size=25).map("".join),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = SearchIndex.open(tmp_path_factory.mktemp("fuzz") / "index")
    ix.add(
        [
            IndexDoc(
                id=1,
                version="v",
                title="New Syria",
                body=BODY,
                authors=["Jamie Crawford"],
                site="cnn.com",
                tags=["Syria"],
                quotes=["the new Syria"],
                speakers=["Andrew Tabler"],
                comments="first! running commentary",
                published="2012-05-03T19:15:00-04:00",
            ),
            IndexDoc(id=2, version="v", title="Cats", body="Cats sleep. Politics bores them.", published="2010-01-01"),
        ]
    )
    yield ix
    ix.close()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, bodies_only=st.booleans())
def test_any_query_searches_without_error(index, query, bodies_only):
    start = time.process_time()  # CPU time: other processes on a loaded machine do not count
    res = index.search(query, limit=5, bodies_only=bodies_only, body_loader=lambda ids: {i: BODY for i in ids})
    elapsed = time.process_time() - start
    assert res.query == query
    assert res.total >= len(res.hits)
    assert all(h.id in (1, 2) for h in res.hits)
    assert all("<b" not in h.snippet.replace('<b class="match">', "") for h in res.hits)
    assert elapsed < 5.0  # bounded: no runaway expansion on a tiny index


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES)
def test_match_spans_never_raise_and_are_valid(index, query):
    spans = index.match_spans(query, BODY)
    assert spans == sorted(spans)
    for s, e in spans:
        assert 0 <= s < e <= len(BODY)


def test_huge_query_is_cut_and_says_so(index):
    res = index.search("syria " * 2000, body_loader=lambda ids: {i: BODY for i in ids})
    assert res.hint and str(MAX_QUERY_CHARS) in res.hint
    assert [h.id for h in res.hits] == [1]
