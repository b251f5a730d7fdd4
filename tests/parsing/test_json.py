"""JSON / JSON Lines article dumps, their comment threads, and refusal of wrong shapes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError, UnreadableFile, UnsupportedFormat
from reader.parsing import parse_path
from reader.parsing.jsondump import MAX_REPLY_DEPTH, comments_from_json, parse_json

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"

RECORD = {
    "headline": "Council approves new tram line - City Herald",
    "article_text": ["<p>The council voted 31 to 12 in favour of the <b>tram</b> line.</p>",
                     "<p>Work starts in spring &amp; ends in 2027.</p>"],
    "authors": [{"name": "Ana Ruiz"}, {"name": "Ben Cole"}],
    "datePublished": "2022-03-01T09:15:00Z",
    "article_url": "https://cityherald.example/news/tram",
    "keywords": "transport, council, Transport",
    "publisher": {"name": "City Herald"},
}


def _one(obj) -> list:
    return parse_json(json.dumps(obj), source="dump.json")


def test_usual_keys_give_a_clean_article():
    (art,) = _one(RECORD)
    assert art.format == "json"
    assert art.title == "Council approves new tram line"
    assert art.body == "The council voted 31 to 12 in favour of the tram line.\n\nWork starts in spring & ends in 2027."
    assert art.authors == ["Ana Ruiz", "Ben Cole"]
    assert art.published == "2022-03-01T09:15:00+00:00"
    assert art.url == "https://cityherald.example/news/tram"
    assert art.tags == ["transport", "council"]
    assert art.site == "City Herald"


def test_string_body_and_byline():
    (art,) = _one({"title": "T", "body": "First para.\n\nSecond para.", "byline": "By Ana Ruiz and Ben Cole",
                   "date": "March 1, 2022"})
    assert art.paragraphs == ["First para.", "Second para."]
    assert art.authors == ["Ana Ruiz", "Ben Cole"]
    assert art.published == "2022-03-01"


@pytest.mark.parametrize(
    "wrap",
    [
        lambda r: [r, dict(r, headline="Second story")],
        lambda r: {"articles": [r, dict(r, headline="Second story")]},
        lambda r: {"1001": r, "1002": dict(r, headline="Second story")},
    ],
    ids=["list", "articles-key", "id-wrapper"],
)
def test_containers_yield_every_article(wrap):
    arts = _one(wrap(RECORD))
    assert [a.title for a in arts] == ["Council approves new tram line", "Second story"]


def test_json_lines(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(dict(RECORD, headline=f"Story {i}")) for i in range(3)) + "\n")
    parsed = parse_path(path)
    assert parsed.format == "json"
    assert [a.title for a in parsed.articles] == ["Story 0", "Story 1", "Story 2"]


def test_fundus_body_shape():
    (art,) = _one({"title": "T", "body": {"summary": ["Lead sentence here."],
                                          "sections": [{"headline": [], "paragraphs": ["P one.", "P two."]},
                                                       {"headline": ["Subhead"], "paragraphs": ["P three."]}]}})
    assert art.paragraphs == ["Lead sentence here.", "P one.", "P two.", "Subhead", "P three."]


def test_nested_comments_keep_authors_times_and_order():
    record = dict(RECORD, comments=[
        {"sender": {"name": "kim"}, "timestamp": 1454432582262, "commentText": "Top one",
         "replies": [{"author": "lou", "post_time": "Feb 9, 2016", "text": "Reply one",
                      "children": [{"user": {"username": "max"}, "date": "2016-02-10", "body": "Deep reply"}]},
                     {"name": "ned", "text": "Reply two"}]},
        {"author": "ora", "text": "<p>Top two</p>"},
    ])
    (art,) = _one(record)
    assert [(d, c.author, c.published, c.text) for d, c in art.iter_comments()] == [
        (0, "kim", "2016-02-02T17:03:02+00:00", "Top one"),
        (1, "lou", "2016-02-09", "Reply one"),
        (2, "max", "2016-02-10", "Deep reply"),
        (1, "ned", None, "Reply two"),
        (0, "ora", None, "Top two"),
    ]


def test_comments_given_as_plain_strings_are_kept_in_order():
    # The synthetic benchmark corpus (and many scrapers) store comments as bare text.
    (art,) = _one(dict(RECORD, comments=["First reader here.", "  ", {"author": "ivy", "text": "Second"},
                                         "Third, with <b>markup</b>", 42]))
    assert [(c.author, c.text) for c in art.comments] == [
        (None, "First reader here."),
        ("ivy", "Second"),
        (None, "Third, with markup"),
    ]


def test_comments_only_file_is_refused_but_readable_as_a_thread():
    thread = {"28494689": {"data_type": "comment", "comments": [
        {"ID": "a", "commentText": "Hello", "sender": {"name": "x"}, "timestamp": 1, "replies": [
            {"ID": "b", "parentID": "a", "commentText": "Hi back", "sender": {"name": "y"}, "replies": []}]}]}}
    with pytest.raises(UnsupportedFormat) as err:
        _one(thread)
    assert "only reader comments (2)" in err.value.reason
    roots = comments_from_json(thread)
    assert [(d, c.author, c.text) for r in roots for d, c in r.walk()] == [(0, "x", "Hello"), (1, "y", "Hi back")]


def test_ten_thousand_level_thread_does_not_crash():
    depth = 10_000
    text = '{"title": "Deep", "body": "A body paragraph.", "comments": ['
    text += '{"author": "a", "text": "t", "replies": [' * depth
    text += "]}" * depth + "]}"
    (art,) = parse_json(text, source="deep.json")
    # Every comment is kept; nesting stops at MAX_REPLY_DEPTH so JSON output and tree
    # views stay within the recursion limit.
    assert art.comment_count() == depth
    assert max(d for d, _c in art.iter_comments()) == MAX_REPLY_DEPTH - 1
    assert len(json.dumps(art.to_dict())) > depth


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("42", "numbers"),
        ("[1, 2, 3]", "numbers"),
        ('["a", "b"]', "bare strings"),
        ('{"title": "No text here", "author": "x"}', "no article text"),
        ('[{"foo": 1}, {"bar": 2}]', "no article text"),
        ("[]", "empty"),
    ],
)
def test_wrong_shapes_are_refused_with_what_is_missing(text, reason):
    with pytest.raises(UnsupportedFormat) as err:
        parse_json(text, source="x.json")
    assert reason in err.value.reason


def test_invalid_json_is_unreadable():
    with pytest.raises(UnreadableFile) as err:
        parse_json('{"title": "broken", ', source="x.json")
    assert "not valid JSON" in err.value.reason


@pytest.mark.corpus
def test_sfu_threads_and_articles(corpus_dir):
    sys.path.insert(0, str(BENCH))
    import eval_html

    root = corpus_dir / "sfu-globe-and-mail-comments"
    r = eval_html.eval_sfu(root)
    print(f"\nSFU: threads exact {r['threads_exact']}, articles read {r['articles_read']}")
    exact, files = map(int, r["threads_exact"].split("/"))
    assert files >= 1 and exact == files
    ok, total = map(int, r["articles_read"].split("/"))
    assert ok == total
    # Reply depths: the full-thread files nest replies two levels below the top.
    raw = json.loads(next((root / "comments").glob("*.json")).read_text(encoding="utf-8"))
    depths = {d for top in comments_from_json(raw) for d, _c in top.walk()}
    assert depths == {0, 1, 2}


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(["<p>para</p>", "2020-01-02", "By A and B"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(["title", "body", "text", "comments", "replies", "author", "date", "timestamp",
                         "articles", "sections", "paragraphs", "url", "tags", "sender", "name", "x"]),
        children,
        max_size=5,
    ),
    max_leaves=25,
)


@settings(max_examples=60, deadline=None)
@given(_json_values)
def test_any_json_value_gives_articles_or_a_reader_error(value):
    try:
        articles = parse_json(json.dumps(value), source="fuzz.json")
    except ReaderError as exc:
        assert exc.reason
    else:
        assert articles and all(a.body and "\n\n\n" not in a.body for a in articles)
