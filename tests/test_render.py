"""Rendering keeps article text inert and marks quotes and matches."""

from __future__ import annotations

from reader.model import Article, Quote
from reader.render import body_html, metadata_line


def test_markup_in_article_text_is_shown_as_text() -> None:
    a = Article(source="x", format="text", body='<script>alert(1)</script> <a href="javascript:x">y</a>')
    out = body_html(a)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'href="javascript' not in out


def test_quote_span_carries_speaker_and_survives_paragraph_break() -> None:
    body = 'He said "one\n\ntwo" today.'
    start = body.index("one")
    end = body.index('" today')
    a = Article(source="x", format="text", body=body, quotes=[Quote(body[start:end], "Ann Lee", start, end, role="mayor")])
    out = body_html(a)
    assert out.count('<span class="quote" title="Ann Lee — mayor">') == 2  # reopened in 2nd paragraph
    assert out.count("<p>") == 2


def test_matches_get_numbered_anchors() -> None:
    a = Article(source="x", format="text", body="asylum and more asylum")
    out = body_html(a, matches=[(0, 6), (16, 22)])
    assert '<a name="match-0"></a><span class="match">asylum</span>' in out
    assert '<a name="match-1"></a><span class="match">asylum</span>' in out


def test_metadata_line_reads_as_a_date_with_its_time_zone() -> None:
    art = Article(source="s.txt", format="text", title="T", published="2012-12-05T19:15:00-05:00",
                  authors=["Jamie Crawford"], site="CNN")
    assert metadata_line(art) == "5 December 2012, 19:15 -05:00 · Jamie Crawford · CNN"
    art.published = "2012-12-05"
    assert metadata_line(art).startswith("5 December 2012 · ")
