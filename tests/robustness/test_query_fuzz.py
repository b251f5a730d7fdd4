"""Hostile queries through ``Library.search`` on a real library: never an exception, always quick.

tests/library/test_search_fuzz.py fuzzes the index alone over two documents;
this goes through the façade the window and the CLI use, over a library with
the seed articles and a couple of hundred generated ones, with the query pieces
of tests/benchmarks/fuzz_queries.py (huge queries, garbage dates, control
characters, unknown fields). The long run is that script.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.library import Library

FUZZ = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_queries.py"
#: Each search costs at most this much CPU time (typical is ~10 ms). CPU time, not wall time:
#: other processes on a loaded machine do not count (the wall-clock figures are the benchmark's).
BOUND_SECONDS = 2.0


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("fuzz_queries", FUZZ)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


fuzz = _fuzz_module()

SYNTAX = st.sampled_from(fuzz.SYNTAX)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(SYNTAX, st.text(max_size=5), st.just(" ")), max_size=25).map("".join),
    st.tuples(st.sampled_from(["minister ", "(", '"plan ', "date:[", "x* ", "NOT "]),
              st.integers(min_value=500, max_value=2500)).map(lambda t: t[0] * t[1]),
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("queryfuzz") / "library"
    fuzz.build_library(root, 200, seed=1, bench_corpus=False)
    lib = Library.open(root)
    assert lib.count() >= 200
    yield lib
    lib.close()


@pytest.mark.slow
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES, bodies_only=st.booleans())
def test_any_query_answers_without_error_within_the_bound(library, query, bodies_only):
    start = time.process_time()
    res = library.search(query, limit=20, bodies_only=bodies_only)
    elapsed = time.process_time() - start
    assert res.total >= len(res.hits)
    for hit in res.hits:
        assert library.get(hit.id).title == hit.title
    assert elapsed < BOUND_SECONDS, f"{elapsed:.2f} s of CPU for {query[:60]!r}"


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES)
def test_highlighting_any_query_never_raises(library, query):
    body = library.get(library.article_ids()[0]).body
    for s, e in library.match_spans(query, body):
        assert 0 <= s < e <= len(body)


@pytest.mark.parametrize("query", [
    "date:[2012-13-45 TO 1999]", "date:[garbage TO ]", "nosuchfield:minister", '"plan',
    "((minister", "AND", "NOT", "OR OR OR", "*", "?", "\x00\x07\x1b", "title:", "minister " * 2000,
])
def test_named_hostile_queries(library, query):
    res = library.search(query, limit=20)
    assert res.total >= len(res.hits)
