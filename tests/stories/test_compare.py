"""Comparing two articles: verbatim and reworded passages, omissions, quotes and figures."""

from __future__ import annotations

from reader.compare import compare_articles
from reader.model import Article
from reader.quotes import find_quotes
from tests.stories.fixtures import ORIGINAL_TEXT, REWRITE_TEXT


def _article(body: str) -> Article:
    body = "\n\n".join(p for p in body.split("\n") if p)
    return Article(source="x", format="text", body=body, quotes=find_quotes(body))


def test_a_repost_with_an_added_paragraph_is_verbatim_except_that_paragraph() -> None:
    a = _article(ORIGINAL_TEXT)
    extra = "Our readers in Homberg sent us photos of the ship at the bank of the river."
    b = _article(ORIGINAL_TEXT + extra + "\n")
    c = compare_articles(a, b)
    assert c.shared and all(p.kind == "verbatim" for p in c.shared)
    assert c.only_a == []
    assert [b.body[s:e] for s, e in c.only_b] == [extra]
    assert c.quotes_only_a == [] and c.quotes_only_b == []
    assert [q.speaker for q in c.quotes_both] == ["Stefan Hausch"]
    assert not c.quotes_both[0].worded_differently


def test_a_rewrite_is_aligned_as_reworded_and_its_different_figures_are_flagged() -> None:
    a = _article(ORIGINAL_TEXT)
    b = _article(REWRITE_TEXT.replace("Four of those", "Five of those"))
    c = compare_articles(a, b)
    reworded = [p for p in c.shared if p.kind == "reworded"]
    assert len(reworded) >= 3
    pairs = [(a.body[p.a[0]:p.a[1]], b.body[p.b[0]:p.b[1]]) for p in reworded]
    assert any("A42 motorway bridge" in x and "A42 autobahn bridge" in y for x, y in pairs)
    assert any("reopened on Wednesday" in x and "reopened on Wednesday" in y for x, y in pairs)
    # The police quote is only in the original (the rewrite reports it without quote marks).
    assert [q.speaker for q in c.quotes_only_a] == ["Stefan Hausch"]
    # "Four of the injured" against "Five of those hurt"; "25" and "Twenty-five" agree.
    assert [(f.a_text, f.b_text) for f in c.figures] == [("Four", "Five")]
    d = c.to_dict()
    assert set(d) >= {"a", "b", "shared", "only_a", "only_b", "quotes"}
    assert set(d["quotes"]) == {"both", "only_a", "only_b"}
    for p in d["shared"]:
        assert p["kind"] in ("verbatim", "reworded") and len(p["a"]) == 2 and len(p["b"]) == 2


def test_articles_about_different_events_share_nothing() -> None:
    from tests.stories.fixtures import OTHER_EVENT_TEXT

    a, b = _article(ORIGINAL_TEXT), _article(OTHER_EVENT_TEXT)
    c = compare_articles(a, b)
    assert c.shared == []
    assert c.quotes_both == []
    assert sum(e - s for s, e in c.only_a) > 0.9 * len(a.body.replace("\n\n", ""))
