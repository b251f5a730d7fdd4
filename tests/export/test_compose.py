"""What goes on paper, as HTML (no Qt): escaping, links, dates, comment filtering."""

from __future__ import annotations

from reader.export.compose import (
    ExportOptions,
    article_html,
    comments_html,
    format_datetime,
    metadata_rows,
    quote_appendix_html,
)
from reader.model import Article, Comment, Quote


def test_dates_read_like_dates_and_odd_values_are_kept() -> None:
    assert format_datetime("2012-12-05") == "5 December 2012"
    assert format_datetime("2012-12-05T14:30:00+01:00") == "5 December 2012, 14:30 +01:00"
    assert format_datetime("2012-12-05T14:30:00Z") == "5 December 2012, 14:30 UTC"
    assert format_datetime("2012-12-05T14:30:00") == "5 December 2012, 14:30"
    assert format_datetime("last Tuesday") == "last Tuesday"
    assert format_datetime(None) == ""


def test_article_text_is_never_markup() -> None:
    a = Article(
        source="<b>src</b>",
        format="html",
        title="<script>alert(1)</script>",
        body="<img src=x onerror=alert(1)>",
        url="javascript:alert(1)",
        comments=[Comment("<i>me</i>", None, "<a href='http://x'>hi</a>")],
    )
    html = article_html(a, ExportOptions(comments=True))
    for raw in ("<script>", "<img", "<i>me", "<a href='http://x'>", "<b>src"):
        assert raw not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_only_web_urls_become_links() -> None:
    rows = dict(metadata_rows(Article(source="s", format="text", url="https://e.org/a?b=1&c=2"), None))
    assert rows["URL"] == '<a href="https://e.org/a?b=1&amp;c=2">https://e.org/a?b=1&amp;c=2</a>'
    rows = dict(metadata_rows(Article(source="s", format="text", url="file:///etc/passwd"), None))
    assert "<a" not in rows["URL"]


def test_metadata_leaves_out_what_is_unknown_and_uses_the_given_source() -> None:
    a = Article(source="/lib/store/1.txt", format="text", authors=["Ann"])
    assert [label for label, _ in metadata_rows(a, "/home/me/original.txt")] == ["By", "Source file"]
    assert dict(metadata_rows(a, "/home/me/original.txt"))["Source file"] == "original.txt"  # no folders


def test_body_has_no_scroll_anchors_but_keeps_quote_spans() -> None:
    body = 'She said "yes" twice.'
    s = body.index("yes")
    a = Article(source="s", format="text", body=body, quotes=[Quote("yes", "Ann", s, s + 3)])
    html = article_html(a, ExportOptions())
    assert "<a name=" not in html
    assert '<span class="quote" title="Ann">yes</span>' in html
    assert '<span class="quote"' not in article_html(a, ExportOptions(quotes=False))


def test_appendix_is_in_body_order_with_speaker_and_role() -> None:
    quotes = [Quote("second", None, 20, 26), Quote("first", "Ann Lee", 2, 7, role="mayor")]
    html = quote_appendix_html(quotes)
    assert html.index("first") < html.index("second")
    assert "— Ann Lee, mayor" in html and "— no speaker" in html
    assert quote_appendix_html([]) == ""


def test_spam_is_left_out_and_counted_unless_asked_for() -> None:
    thread = [
        Comment("Ann", "2024-01-02T10:00:00", "Real one", replies=[Comment("Bot", None, "BUY NOW", spam=True)]),
        Comment("Ben", None, "Another", replies=[]),
    ]
    a = Article(source="s", format="text", comments=thread, comments_claimed=10)
    without = comments_html(a, include_spam=False)
    assert "BUY NOW" not in without
    assert "2 comments (the page claimed 10; 3 were saved); 1 marked as spam left out." in without
    with_spam = comments_html(a, include_spam=True)
    assert "BUY NOW" in with_spam and 'class="spamtag"' in with_spam
    assert 'margin-left: 18px' in with_spam  # the reply is indented under its parent
