"""The Whoosh search index, on a real index on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.library.index import IndexDamaged, IndexDoc, SearchIndex

BODIES = {
    1: (
        "The senator was running late for the vote on Tuesday.\n\n"
        'Andrew Tabler said "a new Syria is taking shape" after the meeting. '
        "Critics called it the state of the art of diplomacy."
    ),
    2: "Cats sleep most of the day. The shelter runs an adoption drive every spring.",
    3: "Police policy and politics dominated the debate about the city budget.",
    4: "A quiet article about gardening, tomatoes and the weather in June.",
}


def make_docs() -> list[IndexDoc]:
    return [
        IndexDoc(
            id=1,
            version="h1",
            title="Senate vote delayed",
            body=BODIES[1],
            authors=["Jamie Crawford"],
            site="edition.cnn.com",
            tags=["Syria", "Middle East"],
            quotes=["a new Syria is taking shape"],
            speakers=["Andrew Tabler"],
            comments="What a disgrace. Zebras would do better.",
            published="2012-05-03T19:15:00-04:00",
        ),
        IndexDoc(
            id=2,
            version="h2",
            title="Shelter cats find homes",
            body=BODIES[2],
            site="bbc.co.uk",
            tags=["Animals"],
            published="2010-01-15",
        ),
        IndexDoc(
            id=3,
            version="h3",
            title="City budget debate",
            body=BODIES[3],
            authors=["Ann Smith"],
            published="2011-07-01T08:00:00+00:00",
        ),
        IndexDoc(
            id=4,
            version="h4",
            title="Growing tomatoes",
            body=BODIES[4],
            comments="I love running through tomato fields.",
            published=None,
        ),
    ]


def load(ids: list[int]) -> dict[int, str]:
    return {i: BODIES[i] for i in ids if i in BODIES}


@pytest.fixture
def index(tmp_path: Path):
    ix = SearchIndex.open(tmp_path / "index")
    ix.add(make_docs())
    yield ix
    ix.close()


def ids(index: SearchIndex, query: str, **kw) -> list[int]:
    return [h.id for h in index.search(query, body_loader=load, **kw).hits]


def test_stemming_run_finds_running(index):
    assert 1 in ids(index, "run")
    assert 2 in ids(index, "run")  # "runs"
    assert 1 in ids(index, "running")


def test_phrase_needs_adjacent_words(index):
    assert ids(index, '"new Syria"') == [1]
    assert ids(index, '"Syria new"') == []
    # stop words inside a phrase
    assert ids(index, '"state of the art"') == [1]
    # both words are in doc 1's comments, but not next to each other
    assert ids(index, '"zebras disgrace"') == []


def test_boolean_operators(index):
    assert sorted(ids(index, "cats OR tomatoes")) == [2, 4]
    assert ids(index, "cats AND tomatoes") == []
    assert ids(index, "cats tomatoes") == []  # words are all required
    assert sorted(ids(index, "the day OR June")) == [2, 4]
    assert 2 not in ids(index, "run NOT cats")
    assert 2 not in ids(index, "run -cats")
    assert 1 in ids(index, "run -cats")


def test_field_queries(index):
    assert ids(index, "title:budget") == [3]
    assert ids(index, "title:politics") == []  # only in the body
    assert ids(index, "speaker:Tabler") == [1]
    assert ids(index, 'quote:"new Syria"') == [1]
    assert ids(index, "quote:cats") == []
    assert ids(index, "comments:zebra") == [1]
    assert ids(index, "comment:zebras") == [1]
    assert ids(index, "site:cnn") == [1]
    assert ids(index, "site:cnn.com") == [1]
    assert ids(index, "tag:syria") == [1]
    assert ids(index, 'tags:"middle east"') == [1]
    assert ids(index, "author:crawford") == [1]
    assert ids(index, "authors:smith") == [3]


def test_field_names_ignore_case(index):
    assert ids(index, "Title:Budget") == [3]


def test_prefix(index):
    assert sorted(ids(index, "pol*")) == [3]
    assert 4 in ids(index, "tomat*")
    assert ids(index, "zzq*") == []


def test_prefix_of_a_whole_inflected_word(index):
    # "running*": the index holds "run"; the stem of the prefix is tried.
    assert 1 in ids(index, "running*")


def test_date_ranges(index):
    assert ids(index, "date:2012") == [1]
    assert ids(index, "date:[2010 to 2011]") == [2, 3] or sorted(ids(index, "date:[2010 to 2011]")) == [2, 3]
    assert sorted(ids(index, "date:>2011")) == [1]
    assert sorted(ids(index, "date:>=2011")) == [1, 3]
    assert sorted(ids(index, "date:<2011-07-01")) == [2]
    assert ids(index, "date:2011-07-01") == [3]
    assert sorted(ids(index, "date:<2011")) == [2]
    assert sorted(ids(index, "published:[2011-06 to 2012-12]")) == [1, 3]
    assert ids(index, "cats date:2010") == [2]


@pytest.mark.parametrize(
    "query",
    [
        '"new Syria',
        "(cats",
        "cats)",
        "cats:",
        ": cats",
        "AND cats",
        "cats AND",
        "cats OR OR",
        "NOT",
        "shelter:cats",
        "cats [ ]",
        "cats date:[2010 to",
        "cats\x00",
    ],
)
def test_malformed_queries_still_search(index, query):
    res = index.search(query, body_loader=load)
    assert res.hint
    if "cats" in query:
        assert [h.id for h in res.hits] == [2]


def test_unknown_field_is_searched_as_words(index):
    res = index.search("shelter:cats", body_loader=load)
    assert [h.id for h in res.hits] == [2]
    assert "unknown field" in res.hint


def test_only_negative_query_says_so(index):
    res = index.search("-cats", body_loader=load)
    assert res.hits == [] and res.hint


def test_well_formed_query_has_no_hint(index):
    assert index.search('title:budget "city budget" pol*', body_loader=load).hint is None


def test_snippet_highlights_matched_word(index):
    hit = index.search("senator running", body_loader=load).hits[0]
    assert hit.id == 1
    assert '<b class="match">running</b>' in hit.snippet
    assert hit.title == "Senate vote delayed"
    assert hit.published == "2012-05-03T19:15:00-04:00"
    assert hit.site == "edition.cnn.com"
    assert hit.score > 0


def test_snippet_is_escaped_and_phrase_is_one_mark(index):
    hit = index.search('"new Syria"', body_loader=load).hits[0]
    assert '<b class="match">new Syria</b>' in hit.snippet
    assert "&quot;" in hit.snippet and '"a' not in hit.snippet


def test_snippet_window_shows_a_late_match(tmp_path):
    body = ("Filler sentence without the word. " * 40) + "Here the volcano erupted at dawn. " + ("More filler. " * 40)
    with SearchIndex.open(tmp_path / "ix") as ix:
        ix.add([IndexDoc(id=9, version="v", title="t", body=body)])
        snippet = ix.search("volcano", body_loader=lambda i: {9: body}).hits[0].snippet
    assert '<b class="match">volcano</b>' in snippet
    assert len(re.sub(r"<[^>]+>", "", snippet)) < 400
    assert snippet.startswith("…")


def test_without_body_loader_hits_have_empty_snippets(index):
    res = index.search("cats")
    assert [h.id for h in res.hits] == [2] and res.hits[0].snippet == ""


def test_bodies_only_ignores_comments_and_metadata(index):
    assert ids(index, "zebras") == [1]
    assert ids(index, "zebras", bodies_only=True) == []
    assert ids(index, "tabler", bodies_only=True) == [1]  # in the body text too
    assert ids(index, "crawford") == [1]
    assert ids(index, "crawford", bodies_only=True) == []


def test_update_replaces_without_duplicates(index):
    index.add([IndexDoc(id=2, version="h2b", title="Dogs now", body="Dogs bark loudly.")])
    assert index.doc_count() == 4
    assert ids(index, "cats") == []
    assert ids(index, "dogs") == [2]
    assert index.indexed_versions()[2] == "h2b"


def test_same_id_twice_in_one_add_keeps_the_last(tmp_path):
    with SearchIndex.open(tmp_path / "ix") as ix:
        ix.add([IndexDoc(id=5, version="a", title="first", body="alpha"), IndexDoc(id=5, version="b", title="second", body="beta")])
        assert ix.doc_count() == 1
        assert ix.indexed_versions() == {5: "b"}
        assert ix.search("alpha").hits == []


def test_delete(index):
    assert index.delete([3, 99]) == 1
    assert ids(index, "budget") == []
    assert sorted(index.indexed_versions()) == [1, 2, 4]
    assert index.doc_count() == 3


def test_indexed_versions(index):
    assert index.indexed_versions() == {1: "h1", 2: "h2", 3: "h3", 4: "h4"}


def test_total_counts_all_matches(index):
    res = index.search("the", body_loader=load)  # stop word only
    assert res.total == 0 and res.hint
    res = index.search("run", limit=1, body_loader=load)
    assert len(res.hits) == 1 and res.total == 3


def test_match_spans_are_exact_offsets(index):
    text = BODIES[1]
    spans = index.match_spans('run "new Syria" tabl*', text)
    assert [text[s:e] for s, e in spans] == ["running", "Tabler", "new Syria"] or sorted(
        text[s:e] for s, e in spans
    ) == sorted(["running", "Tabler", "new Syria"])
    assert spans == sorted(spans)


def test_match_spans_skip_excluded_words(index):
    text = "cats and dogs"
    assert [text[s:e] for s, e in index.match_spans("dogs -cats", text)] == ["dogs"]


def test_rebuild_replaces_everything(index):
    docs = make_docs()[:2]
    seen = []
    assert index.rebuild(docs, total=2, progress=lambda done, total: seen.append((done, total))) == 2
    assert sorted(index.indexed_versions()) == [1, 2]
    assert ids(index, "budget") == []
    assert seen[-1] == (2, 2)


def test_index_survives_reopen(tmp_path):
    with SearchIndex.open(tmp_path / "ix") as ix:
        ix.add(make_docs())
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert ix.doc_count() == 4
        assert ix.search("tomatoes").hits[0].id == 4


def test_damaged_index_raises_index_damaged(tmp_path):
    with SearchIndex.open(tmp_path / "ix") as ix:
        ix.add(make_docs())
    for toc in (tmp_path / "ix").glob("_articles_*.toc"):
        toc.write_bytes(b"\x00garbage" * 10)
    with pytest.raises(IndexDamaged) as err:
        SearchIndex.open(tmp_path / "ix")
    assert isinstance(err.value, ReaderError) and err.value.reason


def test_missing_segment_file_raises_index_damaged(tmp_path):
    with SearchIndex.open(tmp_path / "ix") as ix:
        ix.add(make_docs())
    segment_files = [
        f for f in (tmp_path / "ix").iterdir() if f.suffix not in (".toc", "") and "WRITELOCK" not in f.name
    ]
    assert segment_files
    for f in segment_files:
        f.unlink()
    with pytest.raises(IndexDamaged):
        SearchIndex.open(tmp_path / "ix")


def test_empty_index_searches(tmp_path):
    with SearchIndex.open(tmp_path / "ix") as ix:
        res = ix.search("anything")
        assert res.hits == [] and res.total == 0
        assert ix.indexed_versions() == {}


def test_reset_recovers_from_damage(tmp_path):
    with SearchIndex.open(tmp_path / "ix") as ix:
        ix.add(make_docs())
    for toc in (tmp_path / "ix").glob("_articles_*.toc"):
        toc.write_bytes(b"junk")
    with pytest.raises(IndexDamaged):
        SearchIndex.open(tmp_path / "ix")
    with SearchIndex.open(tmp_path / "ix", reset=True) as ix:
        assert ix.doc_count() == 0
        ix.rebuild(make_docs(), total=4)
        assert ix.search("tomatoes").hits[0].id == 4
