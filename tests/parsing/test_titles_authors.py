"""Titles and authors on pages from sites the rules were never written for.

The title is chosen among every headline the page states by the fitted scorer
(reader/parsing/title_scorer.py, weights in title_weights.py); authors come
from the first source that names a person (reader/parsing/bylines.py).
"""

from __future__ import annotations

import json

from reader.parsing import title_scorer
from reader.parsing.html import parse_html
from reader.parsing.title_weights import TITLE_WEIGHTS

TEXT = "<p>" + "The council met on Tuesday to decide the future of the harbour ferry service. " * 8 + "</p>"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_a_headline_the_url_and_the_text_agree_on_beats_a_site_label_title():
    # The <title> holds only the site's name; the <h2> is the story's headline, and the
    # URL slug and the opening paragraph share its words.
    head = ('<title>Harbour Evening Wire</title>'
            '<link rel="canonical" href="https://wire.example/2008/01/ferry-fares-to-rise-in-spring.html">')
    body = ("<h1>Harbour Evening Wire</h1><h2>Ferry fares to rise in spring</h2>"
            "<p>Ferry fares will rise in spring, the council said on Tuesday.</p>" + TEXT)
    assert parse_html(_page(body, head), source="p.html").title == "Ferry fares to rise in spring"


def test_a_social_title_without_the_site_name_stays_the_title():
    head = ('<title>Ferry fares to rise in spring | Harbour Times</title>'
            '<meta property="og:title" content="Ferry fares to rise in spring">'
            '<meta property="og:site_name" content="Harbour Times">')
    body = "<h1>Ferry fares to rise in spring</h1>" + TEXT
    assert parse_html(_page(body, head), source="p.html").title == "Ferry fares to rise in spring"


def test_every_shipped_title_weight_is_a_feature_the_scorer_computes():
    head = '<title>A headline | Site</title><meta property="og:title" content="A headline here">'
    from reader.parsing import html_meta
    from reader.parsing.html import load_tree

    pm = html_meta.collect(load_tree(_page("<h1>A headline here</h1>" + TEXT, head), source="p.html"))
    cands = title_scorer.candidates(pm, None, None, None, TEXT, "A headline here")
    computed = set().union(*(c.features for c in cands))
    assert set(TITLE_WEIGHTS) <= computed


def test_a_publisher_named_as_author_gives_way_to_the_printed_byline():
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry fares to rise",
          "author": {"@type": "Organization", "name": "Harbour Times"}}
    head = (f'<script type="application/ld+json">{json.dumps(ld)}</script>'
            '<meta property="og:site_name" content="Harbour Times"><title>Ferry fares to rise</title>')
    body = '<h1>Ferry fares to rise</h1><div class="article-byline">By Jane Roe</div>' + TEXT
    assert parse_html(_page(body, head), source="p.html").authors == ["Jane Roe"]


def test_buttons_and_commenters_are_not_authors():
    body = ('<h1>Ferry fares to rise</h1><span class="author-follow">Follow</span>' + TEXT
            + '<div class="comments"><p class="comment-author">Sam Reader</p><p>Great piece.</p></div>')
    art = parse_html(_page(body, "<title>Ferry fares to rise</title>"), source="p.html")
    assert "Follow" not in art.authors and "Sam Reader" not in art.authors


def test_a_byline_link_names_the_author_of_a_blog_post():
    body = ('<h1>Ferry fares to rise</h1><p>Posted by <a rel="author" href="/u/thilo">Thilo</a></p>' + TEXT)
    assert parse_html(_page(body, "<title>Ferry fares to rise</title>"), source="p.html").authors == ["Thilo"]


def test_an_agency_byline_is_kept_when_no_person_is_named():
    head = '<meta name="author" content="Associated Press"><title>Ferry fares to rise</title>'
    assert parse_html(_page("<h1>Ferry fares to rise</h1>" + TEXT, head), source="p.html").authors == [
        "Associated Press"
    ]


def test_a_word_glued_after_a_printed_name_is_not_part_of_it():
    body = '<h1>Ferry fares to rise</h1><p class="byline">Aleš Vávra před</p>' + TEXT
    assert parse_html(_page(body, "<title>Ferry fares to rise</title>"), source="p.html").authors == ["Aleš Vávra"]


def test_a_staff_byline_keeps_its_words_when_no_person_is_named():
    head = '<meta name="author" content="Guardian staff reporter"><title>Ferry fares to rise</title>'
    assert parse_html(_page("<h1>Ferry fares to rise</h1>" + TEXT, head), source="p.html").authors == [
        "Guardian staff reporter"
    ]


def test_a_blogger_thread_with_author_and_text_in_sibling_boxes_is_read_whole():
    # Blogger's classic layout: <dt class="comment-author"> "Name said..." then the
    # text and the time in the <dd> siblings, with no box around one comment.
    comments = "".join(
        f"<dt class='comment-author' id='c13929253415577{i:04d}'><a href='#'>{name}</a> said...</dt>"
        f"<dd class='comment-body'><p>{text}</p></dd>"
        f"<dd class='comment-footer'><span class='comment-timestamp'><a href='#'>October 16, 2012 11:5{i} AM</a>"
        "</span></dd>"
        for i, (name, text) in enumerate([
            ("Michael McBride", "Congratulations Jon. All states should be watching and learning from this."),
            ("James", "A small step for records and a giant step for patient care!"),
        ])
    )
    body = (f"<h1>The golden spike</h1>{TEXT}<div class='comments' id='comments'><h4>2 comments:</h4>"
            f"<dl id='comments-block'>{comments}</dl></div>")
    art = parse_html(_page(body, "<title>The golden spike</title>"), source="p.html")
    got = [(c.author, c.published, c.text) for _d, c in art.iter_comments()]
    assert got == [
        ("Michael McBride", "2012-10-16T11:50", "Congratulations Jon. All states should be watching and learning from this."),
        ("James", "2012-10-16T11:51", "A small step for records and a giant step for patient care!"),
    ]
    assert "giant step" not in art.body
