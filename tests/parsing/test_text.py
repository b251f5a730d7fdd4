"""The plain-text pipeline: seeds against the gold labels, and one short dump per layout and cue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import Article
from reader.parsing import parse_path
from reader.parsing.text import parse_text
from reader.parsing.text_header import clean_title


def parse(text: str) -> Article:
    return parse_text(text, source="test.txt")


def assert_parses(text: str, **expected: object) -> Article:
    """Parse ``text`` and check the given Article fields (Python-Markdown's assertMarkdownRenders idea)."""
    art = parse(text)
    for name, want in expected.items():
        assert getattr(art, name) == want, f"{name}: {getattr(art, name)!r} != {want!r}"
    return art


# ---------------------------------------------------------------------------
# The seeds against ../shared/gold/seeds.json (every field but quotes and the
# individual comments, which the comment-thread tests check)
# ---------------------------------------------------------------------------


@pytest.fixture
def seed_articles(seeds_dir: Path, gold_seeds: dict) -> list[tuple[dict, Article]]:
    out = []
    for name, gold in gold_seeds.items():
        parsed = parse_path(seeds_dir / name)
        assert parsed.format == "text"
        out.append((gold, parsed.articles[0]))
    return out


@pytest.mark.parametrize("field", ["title", "published", "authors", "tags", "comments_claimed"])
def test_seed_metadata_matches_gold(seed_articles, field: str) -> None:
    for gold, art in seed_articles:
        assert getattr(art, field) == gold[field], art.source


def test_seed_site_matches_gold_where_the_text_settles_it(seed_articles) -> None:
    for gold, art in seed_articles:
        if gold["site"] is not None:
            assert art.site == gold["site"]


def test_seed_repost_is_not_credited_to_the_outlet_it_quotes(seed_articles) -> None:
    # "Haaretz reports:" opens the body of a repost; the page is not Haaretz's.
    repost = next(a for g, a in seed_articles if g["body_starts_with"].startswith("Haaretz"))
    assert repost.site is None


def test_seed_body_bounds_and_furniture(seed_articles) -> None:
    for gold, art in seed_articles:
        assert art.body.startswith(gold["body_starts_with"]), art.body[:80]
        assert art.body.endswith(gold["body_ends_with"]), art.body[-80:]
        for junk in gold["body_excludes"]:
            assert junk not in art.body
        assert "\n\n\n" not in art.body
        assert all(p == p.strip() and p for p in art.body.split("\n\n"))


def test_seed_comment_section_is_cut_at_its_header(seed_articles) -> None:
    for gold, art in seed_articles:
        assert len(art.comments) == len(gold["comments"])


def test_seed_parse_cli_json_has_gold_metadata(seeds_dir: Path, gold_seeds: dict) -> None:
    import subprocess
    import sys

    name = next(n for n, g in gold_seeds.items() if g["published"])
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "parse", str(seeds_dir / name), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    gold = gold_seeds[name]
    assert (obj["title"], obj["published"], obj["authors"], obj["site"], obj["tags"]) == (
        gold["title"], gold["published"], gold["authors"], gold["site"], gold["tags"],
    )


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------

BBC_STYLE = """Ad sales boost Time Warner profit

Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December.

The firm, which is now one of the biggest investors in Google, benefited from sales of high-speed internet connections.

Arsenal v Stoke

Chelsea v Scunthorpe

Matches to be played on weekend of 8/9 January.
"""


def test_title_line_then_paragraphs_keeps_every_paragraph_including_lists() -> None:
    art = assert_parses(
        BBC_STYLE,
        title="Ad sales boost Time Warner profit",
        published=None,
        authors=[],
        site=None,
        comments=[],
        comments_claimed=None,
    )
    assert art.paragraphs == [
        "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December.",
        "The firm, which is now one of the biggest investors in Google, benefited from sales of high-speed internet connections.",
        "Arsenal v Stoke",
        "Chelsea v Scunthorpe",
        "Matches to be played on weekend of 8/9 January.",
    ]
    assert "no publication date in the text" in art.warnings


ARCHIVE_STYLE = """Jobs report gives Democrats a lift; 
Solid upturn, with a rise in hourly earnings, could blunt Republican claims.

ABSTRACT.

A more tangible economic upswing could help Democrats keep the White House.

FULL TEXT.

The surprisingly robust United States jobs report cheered Democrats hoping to retain the White House and capture the Senate next year.

''We finally may be seeing some wage acceleration,'' the economist Jared Bernstein wrote on his blog.
"""


def test_news_archive_two_line_headline_and_structure_markers() -> None:
    art = assert_parses(
        ARCHIVE_STYLE,
        title="Jobs report gives Democrats a lift; Solid upturn, with a rise in hourly earnings, could blunt Republican claims",
    )
    assert "ABSTRACT" not in art.body and "FULL TEXT" not in art.body
    assert art.paragraphs[0].startswith("A more tangible")
    assert art.paragraphs[-1].endswith("on his blog.")


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Millennial Democratics prefer Bernie Sanders.", "Millennial Democratics prefer Bernie Sanders"),
        ("Trump Addresses Munich Attack: ‘This Cannot Continue.’", "Trump Addresses Munich Attack: ‘This Cannot Continue’"),
        ("Falling Deficit to Reverse Course as U.S.", "Falling Deficit to Reverse Course as U.S."),
        ("Virginian could make history. Again.", "Virginian could make history. Again."),
        ("'My memories of Marley...'", "'My memories of Marley...'"),
        ("Is Assad seeking asylum?", "Is Assad seeking asylum?"),
    ],
)
def test_headline_full_stop_is_dropped_but_not_abbreviations_or_sentences(raw: str, title: str) -> None:
    assert clean_title(raw) == title


BLOG_WITH_COMMENTS = """
The Dangerous Hubris of the Startup World

by randfish on January 31, 2011

Students of history will almost certainly be familiar with the seven deadly sins, the list of human vices that are the source of much evil.

Despite age-old recognition regarding the folly of pride, it remains pervasive in politics, culture, media and enterprise.

I hope that is not just wishful thinking.

Share this:

Like this:

Jane Mitchell says:
November 13, 2012 at 8:26 am

I have met very few millionaires in my life, but the ones I have were humble and kind to everyone they met.

Reply

Tom Baker says:
November 13, 2012 at 9:01 am

Great post. Pride really does come before the fall, and I have seen it happen to founders many times.

Reply
"""


def test_blog_byline_with_date_and_comment_thread_kept_out_of_body() -> None:
    art = assert_parses(
        BLOG_WITH_COMMENTS,
        title="The Dangerous Hubris of the Startup World",
        authors=["randfish"],
        published="2011-01-31",
    )
    assert art.body.startswith("Students of history")
    assert art.body.endswith("I hope that is not just wishful thinking.")
    for junk in ("Share this", "Like this", "Jane Mitchell", "millionaires", "Reply"):
        assert junk not in art.body
    assert [c.author for c in art.comments] == ["Jane Mitchell", "Tom Baker"]


CNN_STYLE = """December 5th, 2012
07:15 PM ET

Is Assad seeking asylum?

By Jamie Crawford

U.S. officials have said for months that Syrian President Bashar al-Assad's days in power are numbered.

"The question is whether his sect will want to huddle with him or not," Tabler said.

Post by:
Filed under: Assad\u00a0\u2022\u00a0Syria
soundoff (176 Responses)
  1. Smokey

    Assad is following the Najibullah doctrine, he will hold on a lot longer than most expect.

    December 9, 2012 at 8:08 pm | Reply
1 2

Leave a Reply to Crystal

CNN welcomes a lively and courteous discussion as long as you follow the Rules of Conduct set forth in our Terms of Service.
"""


def test_dateline_with_zone_byline_tags_claimed_count_and_site() -> None:
    art = assert_parses(
        CNN_STYLE,
        title="Is Assad seeking asylum?",
        published="2012-12-05T19:15:00-05:00",
        authors=["Jamie Crawford"],
        tags=["Assad", "Syria"],
        site="CNN",
        comments_claimed=176,
    )
    assert art.paragraphs[0].startswith("U.S. officials")
    assert art.paragraphs[-1].endswith('Tabler said.')
    assert len(art.paragraphs) == 2
    assert any("176" in w for w in art.warnings)  # claimed 176, one in the file


def test_summer_dateline_gets_daylight_saving_offset() -> None:
    art = parse("July 4th, 2012\n10:00 AM ET\n\nA summer story\n\n" + "Some words here to make a body. " * 5)
    assert art.published == "2012-07-04T10:00:00-04:00"


def test_date_printed_one_part_per_line() -> None:
    art = assert_parses(
        "\n11\nJuly\n2012\nWTF Weds: Staples In My Head\n\n\nFor several days, there were staples in my head, and I wish there were a more technical term.\n",
        title="WTF Weds: Staples In My Head",
        published="2012-07-11",
    )
    assert art.body.startswith("For several days")


PAGE_DUMP = """Storm closes schools across the valley - Valley Herald

Skip to content
Home
News
Sport
Business
Weather
Opinion
Subscribe
Sign In
Comments
Search

Storm closes schools across the valley

By
Maria Lopez

Nov. 19, 2019 8:03 am ET

Heavy rain and strong winds forced the closure of every school in the valley on Tuesday, officials said, as rivers rose to their highest level in a decade.

The county emergency office said that more than 4,000 homes were without power by noon and that crews would work through the night to restore it.

"We are asking everyone to stay off the roads unless their journey is essential," said the county's emergency manager, who added that shelters had opened in three towns.

Advertisement

Forecasters expect the rain to ease on Wednesday afternoon, although flood warnings will remain in place for low-lying areas until the weekend.

Share this article
Facebook
Twitter
Email

Related stories
Council approves new bridge
High school team wins title
Farmers market moves downtown

© 2019 Valley Herald Media. All rights reserved.
Privacy Policy
Terms of Use
"""


def test_full_page_dump_finds_the_article_among_menus_and_links() -> None:
    art = parse(PAGE_DUMP)
    assert art.title == "Storm closes schools across the valley"
    assert art.site == "Valley Herald"
    assert art.authors == ["Maria Lopez"]
    assert art.published == "2019-11-19T08:03:00-05:00"
    assert art.paragraphs[0].startswith("Heavy rain and strong winds")
    assert art.paragraphs[-1].startswith("Forecasters expect")
    assert len(art.paragraphs) == 4
    for junk in ("Advertisement", "Subscribe", "Related", "Council approves", "Privacy", "©", "Maria Lopez"):
        assert junk not in art.body
    assert any("located by prose density" in w for w in art.warnings)


HARD_WRAPPED = """A wrapped letter

This text was saved from an e-mail client that breaks every line at about
seventy characters, so a single paragraph spans several lines of the file
and should come back as one paragraph in the reader.

The second paragraph is wrapped the same way, and it too must be joined
back into one flowing paragraph without losing any of its words at all.
"""


def test_hard_wrapped_paragraphs_are_joined() -> None:
    art = parse(HARD_WRAPPED)
    assert len(art.paragraphs) == 2
    assert art.paragraphs[0].startswith("This text was saved") and art.paragraphs[0].endswith("in the reader.")
    assert "\n" not in art.paragraphs[0]


# ---------------------------------------------------------------------------
# Footer cues: each one ends the article and never reaches the body
# ---------------------------------------------------------------------------

ARTICLE = """A quiet headline

The first paragraph of the story says what happened, where it happened and who was there to see it.

The last paragraph of the story ends the article with a sentence that readers will remember.
"""
LAST = "readers will remember."


@pytest.mark.parametrize(
    "footer",
    [
        "Print Friendly, PDF & Email",
        "Post by:\nFiled under: Politics \u2022 Elections",
        "Share this:\nTwitter\nFacebook",
        "Like this:\nLike Loading...",
        "Related posts:\nAnother story about something else entirely",
        "You may also like\nTen ways to save money",
        "Advertisement",
        "Tags: budget, council, taxes",
        "© 2012 Cable News Network. Turner Broadcasting System, Inc. All Rights Reserved.",
        "Copyright 2019 Example Media Ltd. All rights reserved.",
        "Leave a Reply\nYou must be logged in to post a comment.",
        "12 Comments",
        "We use cookies to improve your experience on our site and to show you personalised advertising, as explained in our policy.",
        "Sign up for our daily newsletter",
        "Privacy Policy\nTerms of Use\nContact Us",
        "Follow us on Twitter",
        "1 2 Next »",
    ],
)
def test_footer_cue_ends_the_body(footer: str) -> None:
    art = parse(f"{ARTICLE}\n{footer}\n")
    assert art.body.endswith(LAST), art.body[-120:]
    first_line = footer.split("\n")[0]
    assert first_line not in art.body
    assert len(art.paragraphs) == 2


def test_tags_from_a_tag_line() -> None:
    art = parse(f"{ARTICLE}\nTags: budget, council, taxes\n")
    assert art.tags == ["budget", "council", "taxes"]


@pytest.mark.parametrize(
    ("footer", "site"),
    [
        ("© 2012 Cable News Network. Turner Broadcasting System, Inc. All Rights Reserved.", "CNN"),
        ("Copyright 2019 Example Media Ltd. All rights reserved.", "Example Media"),
        ("CNN welcomes a lively and courteous discussion as long as you follow the Rules of Conduct.", "CNN"),
        ("Source: https://www.bbc.co.uk/news/uk-12345", "BBC"),
    ],
)
def test_site_from_footer_cues(footer: str, site: str) -> None:
    assert parse(f"{ARTICLE}\n{footer}\n").site == site


def test_url_line_outside_the_body_sets_url() -> None:
    art = parse(f"{ARTICLE}\nSource: https://www.example.org/news/quiet-headline\n")
    assert art.url == "https://www.example.org/news/quiet-headline"
    assert art.site == "example.org"


def test_outlet_named_only_in_the_body_is_not_the_site() -> None:
    art = parse("Big news\n\nReuters reports: the talks have collapsed, according to people familiar with the matter.\n")
    assert art.site is None


def test_claimed_comment_count_without_comments() -> None:
    art = parse(f"{ARTICLE}\nsoundoff (42 Responses)\n")
    assert art.comments_claimed == 42
    assert art.body.endswith(LAST)


def test_comments_menu_item_at_the_top_does_not_swallow_the_article() -> None:
    text = "Site name\n\nHome\nNews\nComments\nSport\nAbout\nWeather\nContact\n\n" + ARTICLE
    art = parse(text)
    assert art.body.endswith(LAST)
    assert len(art.paragraphs) == 2


def test_numbered_list_in_the_article_is_not_a_comment_thread() -> None:
    text = """Six ways to save money at the holidays

Written by Ed Avis

It is hard to believe, but I have already seen a few holiday ads, and Halloween has barely passed this year.

If you think about these things now, you will have a much happier bank account when January comes around.

1. Buy gifts all year long

Keep the holiday spirit in your mind all year, and whenever you come across a gift you think someone would like, buy it.

2. Not every gift requires cash

Here are a few gifts that cost very little: assemble the year's photos into an album, or bake something for the neighbours.
"""
    art = parse(text)
    assert art.authors == ["Ed Avis"]
    assert "Buy gifts all year long" in art.body
    assert art.body.endswith("bake something for the neighbours.")
    assert art.comments == []


# ---------------------------------------------------------------------------
# Bad input never crashes and always says what is missing
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n\n\n", "   \t  ", "One line only", "x" * 5000, "\u200b\ufeff\u00a0", "By\n", "1\n2\n3\n", "© 2019\n"],
)
def test_odd_input_gives_an_article_with_warnings(text: str) -> None:
    art = parse(text)
    assert isinstance(art.body, str) and isinstance(art.title, str)
    assert art.format == "text" and art.source == "test.txt"
    if not art.body:
        assert "no article text found" in art.warnings


def test_long_first_line_is_still_a_title_and_body_survives() -> None:
    art = parse("A headline\n\n" + "word " * 3000)
    assert art.title == "A headline"
    assert len(art.body.split()) == 3000


def test_a_failing_comment_splitter_costs_the_comments_not_the_article(monkeypatch) -> None:
    from reader.parsing import comments

    def boom(lines):
        raise IndexError("bug in the splitter")

    monkeypatch.setattr(comments, "locate_comments", boom)
    art = parse(CNN_STYLE)
    assert art.title == "Is Assad seeking asylum?"
    assert "Smokey" not in art.body  # the fallback cue table still finds "soundoff"
    assert any("comment section not read" in w for w in art.warnings)


# ---------------------------------------------------------------------------
# Header lines in their many shapes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "title", "published", "authors"),
    [
        (
            "November 1, 2012 2:33 am AEST \u2014 By Long Zheng\nMicrosoft BUILD keynote liveblog",
            "Microsoft BUILD keynote liveblog",
            "2012-11-01T02:33:00+11:00",
            ["Long Zheng"],
        ),
        (
            "Gone snowboarding for the winter 9 December, 2011\nPosted by lasagnechef in Arsenal News.",
            "Gone snowboarding for the winter",
            "2011-12-09",
            ["lasagnechef"],
        ),
        (
            "Energy company piles on more debt\nBy Brantley Hargrove Thu., Aug. 9 2012 at 1:00 PM",
            "Energy company piles on more debt",
            "2012-08-09T13:00",
            ["Brantley Hargrove"],
        ),
        (
            "A city council story\nBy Jane Doe and John Roe, Staff Writers",
            "A city council story",
            None,
            ["Jane Doe", "John Roe"],
        ),
        (
            "A city council story\nBy Troy L. Smith, cleveland.com",
            "A city council story",
            None,
            ["Troy L. Smith"],
        ),
    ],
)
def test_header_shapes(header: str, title: str, published: str | None, authors: list[str]) -> None:
    body = "\n\nThe council met on Tuesday evening and voted to approve the new budget after a long debate.\n"
    art = assert_parses(header + body, title=title, published=published, authors=authors)
    assert art.body.startswith("The council met")


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    art = parse("A headline\n\nBy the time the polls closed, turnout had reached a record high across the state.\n")
    assert art.authors == []
    assert art.body.startswith("By the time")


@pytest.mark.parametrize(
    ("first_line", "title", "site"),
    [
        ("Is Assad seeking asylum? \u2013 Security Clearance - CNN.com Blogs", "Is Assad seeking asylum? \u2013 Security Clearance", "CNN"),
        ("Jobs report lifts stocks - Reuters", "Jobs report lifts stocks", "Reuters"),
        ("Fiorina pushed ahead - and paid a price", "Fiorina pushed ahead - and paid a price", None),
        ("Trump Addresses Munich Attack: \u2018This Cannot Continue\u2019", "Trump Addresses Munich Attack: \u2018This Cannot Continue\u2019", None),
    ],
)
def test_site_suffix_leaves_the_title_only_when_it_names_a_site(first_line: str, title: str, site: str | None) -> None:
    art = parse(first_line + "\n\nThe body of the story has a long first sentence that goes on for a while here.\n")
    assert (art.title, art.site) == (title, site)


@pytest.mark.parametrize(
    ("footer", "tags"),
    [
        ("Posted in World, Politics | Tagged Syria, Assad | Leave a comment", ["World", "Politics", "Syria", "Assad"]),
        ("Filed under:\nAssad \u2022 Syria", ["Assad", "Syria"]),
        ("Filed under: Assad\u00a0\u2022\u00a0Syria", ["Assad", "Syria"]),
    ],
)
def test_tag_lines_in_their_shapes(footer: str, tags: list[str]) -> None:
    art = parse(f"{ARTICLE}\n{footer}\n")
    assert art.tags == tags
    assert art.body.endswith(LAST)


def test_wordpress_posted_on_by_header() -> None:
    art = parse("A quiet headline\nPosted on December 5, 2012 by admin in World\n\n" + ARTICLE.split("\n\n", 1)[1])
    assert (art.authors, art.published) == (["admin"], "2012-12-05")
    assert art.body.startswith("The first paragraph")


_LINE_PIECES = st.sampled_from(
    [
        "", "By Jane Doe", "December 5th, 2012", "07:15 PM ET", "Filed under: A \u2022 B", "soundoff (3 Responses)",
        "Share this:", "Jane says:", "November 13, 2012 at 8:26 am", "1 2", "Leave a Reply", "\u00a9 2012 X",
        "The council met on Tuesday and voted to approve the new budget after a long debate.", "Home", "\t  ",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_LINE_PIECES, st.text(max_size=80)), max_size=40))
def test_any_text_parses_without_error(lines: list[str]) -> None:
    art = parse("\n".join(lines))
    assert "\n\n\n" not in art.body
    assert art.body == art.body.strip()
    assert all(p.strip() == p and p for p in art.body.split("\n\n")) or art.body == ""


def test_a_one_word_heading_that_looks_like_a_menu_item_does_not_end_the_article() -> None:
    text = (
        "Nokia E71 firmware update\n\nThe new firmware brings a long list of fixes for owners of the phone, listed below.\n\n"
        "- Improvement in WLAN authentication.\n\nEMAIL\n\n- Email setup wizard updated\n\n"
        "- Fix for mails getting duplicated after restoring a backup.\n\nShare this:\nTwitter\n"
    )
    art = parse(text)
    assert art.body.endswith("restoring a backup.")
    assert "Share this" not in art.body and "Twitter" not in art.body
