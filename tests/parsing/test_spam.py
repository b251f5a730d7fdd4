"""Comment spam flags: signals that generalise, never deleting a comment."""

from __future__ import annotations

from reader.model import Article, Comment
from reader.parsing.spam import (
    comment_fingerprints,
    flag_copies,
    flag_repeated,
    flag_spam,
    guess_language,
    spam_fingerprint,
)

BODY = (
    "The city council voted on Tuesday to turn the old freight yard into a riverside park. "
    "Supporters said the park would bring families back to the river, while opponents worried "
    "about the cost of cleaning the contaminated soil under the yard."
)


def article_with(*comments: Comment) -> Article:
    return Article(source="t.txt", format="text", title="Riverside park approved", body=BODY, comments=list(comments))


def test_keyword_stuffed_author_with_generic_praise_is_spam():
    spam = Comment(
        author="ofertas baratas de vuelos por europa",
        published=None,
        text="This is really attention-grabbing, You are a professional blogger. "
        "I've joined your rss feed and shared your website in my social networks.",
    )
    a = article_with(spam)
    flag_spam(a)
    assert spam.spam
    assert any("commercial words" in r for r in spam.spam_reasons)
    assert a.comments == [spam]  # flagged, never removed


def test_ordinary_comments_are_not_spam_even_with_one_weak_signal():
    ordinary = [
        Comment("Smokey", None, "The council will never find the money to clean the contaminated soil."),
        Comment("Ann Price", None, "Great post, thanks for sharing the news about the riverside park and the yard."),
        Comment("Puppet SEO", None, "Families will come back to the river, I am sure of it."),
        Comment("Marta", None, "Here is the plan: http://example.org/park-plan.pdf - the soil section is on page 4."),
        Comment("Gus", None, "Finally!"),
    ]
    a = article_with(*ordinary)
    flag_spam(a)
    assert [c.spam for c in ordinary] == [False] * len(ordinary)
    assert all(not c.spam_reasons for c in ordinary)


def test_praise_that_ignores_the_article_plus_links_is_spam():
    c = Comment("Kim", None, "Nice post! Visit my blog http://cheap-stuff.example.com for more.")
    a = article_with(c)
    flag_spam(a)
    assert c.spam
    assert "generic praise that does not mention the article" in c.spam_reasons
    assert any(r.startswith("links in the text") for r in c.spam_reasons)


def test_link_list_alone_is_spam():
    c = Comment("x", None, "http://a.example.com http://b.example.com http://c.example.com best deals")
    a = article_with(c)
    flag_spam(a)
    assert c.spam


def test_other_language_with_links_is_spam_but_language_alone_is_not():
    alone = Comment("Lucía", None, "Me parece muy bien que el parque esté al lado del río, es lo que la ciudad necesita.")
    with_link = Comment("Lucía", None, "Me encanta el parque y lo que han hecho con la ciudad, es muy bonito. http://example.es")
    a = article_with(alone, with_link)
    flag_spam(a)
    assert not alone.spam
    assert with_link.spam
    assert any("Spanish" in r for r in with_link.spam_reasons)


def test_language_guess():
    assert guess_language(BODY) == "en"
    assert guess_language("Le conseil a voté pour le parc et les habitants sont contents de la décision.") == "fr"
    assert guess_language("Finally!") is None


def test_replies_are_flagged_too():
    reply = Comment("cheap casino bonus online", None, "Great job! Bookmarked your website.")
    parent = Comment("Smokey", None, "The soil clean-up will cost a fortune.", replies=[reply])
    a = article_with(parent)
    flag_spam(a)
    assert not parent.spam and reply.spam


def test_fingerprint_ignores_case_and_punctuation_but_not_words():
    t = "I really enjoyed reading this article about the new park, thanks a lot!"
    assert spam_fingerprint(t) == spam_fingerprint("i REALLY enjoyed reading this article about the new park thanks a lot")
    assert spam_fingerprint(t) != spam_fingerprint(t.replace("park", "bridge"))
    assert spam_fingerprint("Thanks!") == ""  # too short to call a copy


def test_text_repeated_across_articles_is_spam_and_survives_reflagging():
    text = "I really enjoyed reading this article about the new park, thanks a lot for writing it!"
    c = Comment("Jo", None, text)
    a = article_with(c)
    flag_spam(a)
    assert not c.spam
    assert flag_repeated(c, 3)
    assert c.spam and c.spam_reasons == ["same text in 3 other articles"]
    flag_spam(a)  # parsing again keeps what the library found
    assert c.spam and c.spam_reasons == ["same text in 3 other articles"]
    short = Comment("Jo", None, "Thanks!")
    assert not flag_repeated(short, 10)
    assert not flag_repeated(Comment("Jo", None, text), 0)


def test_copies_across_a_library_are_flagged_in_every_article():
    bot = "Wonderful information, I will share it with my friends on every social network I use."
    a = article_with(Comment("Ann", None, bot), Comment("Smokey", None, "The soil clean-up will cost a fortune."))
    b = article_with(Comment("Bob", None, bot.upper()))
    c = article_with(Comment("Cy", None, "The soil clean-up will cost a fortune, as Smokey said."))
    assert comment_fingerprints(a) & comment_fingerprints(b)
    assert flag_copies([a, b, c]) == 2
    assert a.comments[0].spam and b.comments[0].spam
    assert a.comments[0].spam_reasons == ["same text in 1 other article"]
    assert not a.comments[1].spam and not c.comments[0].spam
