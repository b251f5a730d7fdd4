"""Comment sections in plain-text dumps: one short fixture per layout."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.parsing.comments import comment_count_claimed, comments_from_text, locate_comments
from reader.parsing.text import parse_text

ARTICLE = textwrap.dedent(
    """\
    City council approves the new riverside park

    By Dana Whitfield

    The city council voted on Tuesday to turn the old freight yard into a riverside park, ending a debate that lasted almost ten years and divided the neighbourhood.

    Supporters said the park would bring families back to the river, while opponents worried about the cost of cleaning the contaminated soil under the yard.

    The first trees are to be planted next spring, and the council expects the park to open in two years.
    """
)


def lines_of(text: str) -> list[str]:
    return textwrap.dedent(text).split("\n")


def section(text: str):
    lines = lines_of(text)
    start = locate_comments(lines)
    assert start is not None, "no comment section found"
    return lines, start, comments_from_text(lines[start:])


def flat(comments):
    return [(depth, c) for top in comments for depth, c in top.walk()]


def test_numbered_list_with_reply_links_and_pagination():
    text = ARTICLE + textwrap.dedent(
        """\
        Filed under: City • Parks
        soundoff (42 Responses)
          1. Marta Jones

            Finally! My kids have been asking for a park near the river for years.

            March 3, 2013 at 9:15 am | Reply
          2. Old Timer

            The freight yard was part of this town's history. Keep at least one crane.

            March 2, 2013 at 6:40 pm | Reply
        1 2

        Leave a Reply to Marta Jones
        """
    )
    lines, start, sec = section(text)
    assert lines[start].strip() == "soundoff (42 Responses)"
    assert sec.claimed == 42
    assert [(c.author, c.published) for _d, c in flat(sec.comments)] == [
        ("Marta Jones", "2013-03-03T09:15"),
        ("Old Timer", "2013-03-02T18:40"),
    ]
    texts = " ".join(c.text for _d, c in flat(sec.comments))
    assert "Reply" not in texts and "1 2" not in texts and "Leave a Reply" not in texts
    assert sec.comments[1].text == "The freight yard was part of this town's history. Keep at least one crane."


def test_wordpress_says_layout_with_header_and_comment_form():
    text = ARTICLE + textwrap.dedent(
        """\

        3 Comments

        Peter Lang says:
        November 13, 2012 at 8:26 am

        Great news for the east side. Will there be a playground?

        Reply

        Susan Ortiz says:
        November 13, 2012 at 9:02 am

        The soil clean-up alone will cost more than the whole park budget.

        Leave a Reply

        Your email address will not be published. Required fields are marked *

        Name *

        Email *

        Website

        Notify me of follow-up comments by email.
        """
    )
    lines, start, sec = section(text)
    assert lines[start].strip() == "3 Comments"
    assert sec.claimed == 3
    got = [(c.author, c.published, c.text) for _d, c in flat(sec.comments)]
    assert got == [
        ("Peter Lang", "2012-11-13T08:26", "Great news for the east side. Will there be a playground?"),
        ("Susan Ortiz", "2012-11-13T09:02", "The soil clean-up alone will cost more than the whole park budget."),
    ]


def test_disqus_relative_times_have_no_absolute_date():
    text = ARTICLE + textwrap.dedent(
        """\

        Reader comments

        riverrat • 3 years ago
        Nice to see the council agree on something for once.
        3 ^ | v • Reply • Share ›

        Helen K. • 2 years ago
        Who pays for the soil clean-up? Nobody in the article says.
        Like · Reply · 2
        """
    )
    lines, start, sec = section(text)
    assert lines[start].strip() == "Reader comments"
    got = [(c.author, c.published, c.text) for _d, c in flat(sec.comments)]
    assert got == [
        ("riverrat", None, "Nice to see the council agree on something for once."),
        ("Helen K.", None, "Who pays for the soil clean-up? Nobody in the article says."),
    ]


def test_posted_by_signatures_closing_each_comment():
    text = ARTICLE + textwrap.dedent(
        """\



        I walked past the yard yesterday. It will take a lot of work.

        Posted by: Gordon | March 04, 2013 at 10:12 AM

        Ten years of debate for a few trees.

        The money would be better spent on the bridge.

        Posted by: Alma Reyes | March 04, 2013 at 11:30 AM
        """
    )
    lines, start, sec = section(text)
    assert lines[start].startswith("I walked past the yard yesterday.")
    got = [(c.author, c.published) for _d, c in flat(sec.comments)]
    assert got == [("Gordon", "2013-03-04T10:12"), ("Alma Reyes", "2013-03-04T11:30")]
    assert sec.comments[1].text == "Ten years of debate for a few trees.\n\nThe money would be better spent on the bridge."


def test_posted_by_signatures_heading_each_comment():
    text = ARTICLE + textwrap.dedent(
        """\

        Comments

        Posted by Gordon on March 4, 2013 at 10:12 am
        I walked past the yard yesterday. It will take a lot of work.

        Posted by Alma Reyes on March 4, 2013 at 11:30 am
        Ten years of debate for a few trees.
        """
    )
    _lines, _start, sec = section(text)
    got = [(c.author, c.text) for _d, c in flat(sec.comments)]
    assert got == [
        ("Gordon", "I walked past the yard yesterday. It will take a lot of work."),
        ("Alma Reyes", "Ten years of debate for a few trees."),
    ]


def test_indented_replies_nest_under_their_parent():
    text = ARTICLE + textwrap.dedent(
        """\

        Responses to “City council approves the new riverside park”

        Marta Jones March 3, 2013 at 9:15 am
            Will dogs be allowed in the park?
            Dana Whitfield March 3, 2013 at 10:00 am
                Yes, on a leash, according to the plan.
                Marta Jones March 3, 2013 at 10:30 am
                    Thank you, that settles it for us.
        Old Timer March 3, 2013 at 11:00 am
            Keep one of the cranes as a monument.
        """
    )
    _lines, _start, sec = section(text)
    assert [(d, c.author) for d, c in flat(sec.comments)] == [
        (0, "Marta Jones"),
        (1, "Dana Whitfield"),
        (2, "Marta Jones"),
        (0, "Old Timer"),
    ]
    assert sec.comments[0].descendant_count() == 2


@pytest.mark.parametrize(
    "reply",
    [
        "@Marta Jones yes, on a leash, according to the plan.",
        "In reply to Marta Jones: yes, on a leash, according to the plan.",
    ],
)
def test_marked_replies_attach_to_the_named_comment(reply):
    text = ARTICLE + textwrap.dedent(
        f"""\

        4 Comments

        Marta Jones says:
        Will dogs be allowed in the park?

        Old Timer says:
        Keep one of the cranes as a monument.

        Dana Whitfield says:
        {reply}

        Gus says:
        Finally some good news.
        """
    )
    _lines, _start, sec = section(text)
    assert [c.author for c in sec.comments] == ["Marta Jones", "Old Timer", "Gus"]
    assert [c.author for c in sec.comments[0].replies] == ["Dana Whitfield"]


def test_blogger_said_layout_with_clock_line():
    text = ARTICLE + textwrap.dedent(
        """\

        2 comments:

        Carl Rahm said...
            Thank you! When will the park open?
            6:46 AM

        Ines said...
            In two years, it says above.
            October 26, 2012 5:36 PM
        """
    )
    _lines, _start, sec = section(text)
    assert sec.claimed == 2
    got = [(c.author, c.published, c.text) for _d, c in flat(sec.comments)]
    assert got == [
        ("Carl Rahm", None, "Thank you! When will the park open?"),
        ("Ines", "2012-10-26T17:36", "In two years, it says above."),
    ]


def test_subject_lines_above_signatures_belong_to_their_comment():
    text = ARTICLE + textwrap.dedent(
        """\


        Cranes are history
        by oldtimer (51234) on Monday July 23, @09:58PM (#4075)

        Keep at least one crane as a monument.

            Re: Cranes are history
            by parkfan (99871) on Monday July 23, @10:29PM (#4076)

            A rusty crane next to a playground? No thanks.

        Soil first
        by chemist (1203) on Monday July 23, @11:02PM (#4077)

        Test the soil before anyone plants a tree.
        """
    )
    lines, start, sec = section(text)
    assert lines[start] == "Cranes are history"
    got = [(d, c.author, c.text.split("\n")[0]) for d, c in flat(sec.comments)]
    assert got == [
        (0, "oldtimer", "Cranes are history"),
        (1, "parkfan", "Re: Cranes are history"),
        (0, "chemist", "Soil first"),
    ]


def test_bare_name_lines_head_comments_when_nothing_else_marks_them():
    text = ARTICLE + textwrap.dedent(
        """\

        http://twitter.com/gordon Gordon Reyes

        I walked past the yard yesterday. It will take a lot of work.

        Alma

        Ten years of debate for a few trees.

        Helen K.

        Who pays for the soil clean-up?
        """
    )
    lines, start, sec = section(text)
    assert lines[start].startswith("http://twitter.com/gordon")
    assert [(c.author, c.text) for _d, c in flat(sec.comments)] == [
        ("Gordon Reyes", "I walked past the yard yesterday. It will take a lot of work."),
        ("Alma", "Ten years of debate for a few trees."),
        ("Helen K.", "Who pays for the soil clean-up?"),
    ]


def test_older_comments_link_and_bare_reply_lines_are_not_comments():
    text = ARTICLE + textwrap.dedent(
        """\

        2 Responses

        « Older Comments

        Peter Lang says:
        November 13, 2012 at 8:26 am
        A park at last.
        Reply

        Susan Ortiz says:
        November 13, 2012 at 9:02 am
        Good.
        Reply
        Newer Comments »
        """
    )
    _lines, _start, sec = section(text)
    assert [c.text for c in sec.comments] == ["A park at last.", "Good."]


def test_article_without_comments_has_no_section():
    assert locate_comments(lines_of(ARTICLE)) is None


def test_article_byline_with_date_is_not_a_comment():
    text = "Park plans\nby John on July 14, 2012\n\n" + ARTICLE
    assert locate_comments(lines_of(text)) is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("soundoff (176 Responses)", 176),
        ("12 Comments", 12),
        ("1,204 comments", 1204),
        ("Comments (8)", 8),
        ("5 thoughts on “City council approves the new riverside park”", 5),
        ("No Comments", 0),
        ("by Jeremy on November 6, 2012 · 4 comments", 4),
        ("I have 2 comments about the soil: first, it is contaminated, and second the cost.", None),
        ("The council met twelve times.", None),
    ],
)
def test_claimed_count(text, count):
    assert comment_count_claimed(text) == count


def test_cnn_seed_matches_the_gold(gold_seeds):
    from pathlib import Path

    from reader.model import Article
    from reader.parsing.spam import flag_spam

    seed = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_ea50a6bcb4b83b50.txt"
    if not seed.is_file():
        pytest.skip("seed file not present")
    lines = seed.read_text(encoding="utf-8").split("\n")
    start = locate_comments(lines)
    assert start is not None and lines[start] == "soundoff (176 Responses)"
    sec = comments_from_text(lines[start:])
    article = Article(source=seed.name, format="text", body="\n".join(lines[:start]), comments=sec.comments)
    flag_spam(article)
    gold = gold_seeds[seed.name]
    assert sec.claimed == gold["comments_claimed"]
    got = [(c.author, c.published, c.spam) for _d, c in article.iter_comments()]
    assert got == [(g["author"], g["published"], g["spam"]) for g in gold["comments"]]
    for (_d, c), g in zip(article.iter_comments(), gold["comments"]):
        assert c.text.startswith(g["starts_with"])

_LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "",
            "Reply",
            "12 Comments",
            "Leave a Reply",
            "1 2",
            "Peter says:",
            "November 13, 2012 at 8:26 am",
            "by james on January 31, 2011 at 9:59 am.",
            "  3. Smokey",
            "@Peter no.",
            "    Indented reply text.",
            "riverrat • 3 years ago",
        ]
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=60))
def test_any_text_gives_a_valid_split_and_never_raises(lines):
    start = locate_comments(lines)
    assert start is None or 0 <= start < len(lines)
    sec = comments_from_text(lines[start or 0 :])
    for _d, c in flat(sec.comments):
        assert isinstance(c.text, str)
        assert c.published is None or c.published[:2] in ("19", "20", "21")


def test_a_huge_flat_thread_is_read_without_recursion():
    block = ["Peter says:", "November 13, 2012 at 8:26 am", "@Peter I agree with that point.", ""]
    lines = lines_of(ARTICLE) + ["2000 Comments", ""] + block * 2000
    start = locate_comments(lines)
    sec = comments_from_text(lines[start:])
    assert sec.claimed == 2000
    assert sum(1 for _ in flat(sec.comments)) == 2000
    assert max(d for d, _c in flat(sec.comments)) == 1999  # each "@Peter" answers the Peter before


def test_a_discussion_heading_inside_an_article_is_not_a_comment_section():
    text = ARTICLE.replace(
        "Supporters said",
        "Discussion\n\nSupporters said",
    ) + ARTICLE.split("\n", 2)[2]
    assert locate_comments(lines_of(text)) is None


def test_a_comment_header_near_the_end_opens_the_section_even_without_signatures():
    text = ARTICLE + "\n12 Comments\n\nThe comments could not be saved with this page.\n"
    lines = lines_of(text)
    assert lines[locate_comments(lines)] == "12 Comments"


# --- Articles without comments: nothing of the article is cut as "comments" ---

P1 = (
    "The city council voted on Tuesday to turn the old freight yard into a riverside park, ending a "
    "debate that lasted almost ten years and divided the neighbourhood."
)
P2 = (
    "Supporters said the park would bring families back to the river, while opponents worried about "
    "the cost of cleaning the contaminated soil under the yard."
)
P3 = (
    "The first trees are to be planted next spring, and the council expects the park to open in two "
    "years, officials said on Wednesday."
)

NO_COMMENTS = {
    "advertisement slot and the paragraph after it": f"""\
Council approves park

{P1}

Advertisement

{P2}

Advertisement

{P3}

{P1}
""",
    "numbered headings": f"""\
Ten ways to save on holiday shopping

{P1}

1. Buy gifts all year long

{P2}

2. Set a budget and stick to it

{P3}

3. Shop online on Cyber Monday

{P1}
""",
    "dateline under the menus, over the story": f"""\
Home
News
Markets
Opinion

Markets rally as the Fed holds rates, and investors cheer the news from Washington this week

Nov. 19, 2019 8:03 am ET

{P1}

{P2}

{P3}

{P1} {P2}
""",
    "dateline with an update stamp": f"""\
Council approves park

{P1}

Published Nov 18, 2019 at 4:07 PM | Updated at 5:36 PM CST on Nov 18, 2019

{P2}

{P3}
""",
    "the author's other stories, dated": f"""\
Council approves park

{P1}

{P2}

{P3}

More from Dana Whitfield

Why the river matters to the city
November 3, 2019

The freight yard that time forgot
October 28, 2019

A budget fight over trees
October 12, 2019
""",
    "dated headlines without a related header": f"""\
Council approves park

{P1}

{P2}

{P3}

November 3, 2019
Why the river matters to the city

October 28, 2019
The freight yard that time forgot

October 12, 2019
A budget fight over trees
""",
    "tour dates": f"""\
Band announces tour

{P1}

{P2}

June 17 -- Bridgestone Arena, Nashville, TN
June 19 -- PNC Music Pavilion, Charlotte, NC
June 24 -- Jiffy Lube Live, Bristow, VA
June 26 -- PPL Center, Allentown, PA
July 2 -- Mohegan Sun Arena, Uncasville, CT
""",
    "German sub-headings": """\
Digitale Patientenakte

Status Quo

In Deutschland liegen Patientendaten in internen Systemen vor, sei es in Krankenhausinformationssystemen oder in den Praxen der Ärzte, und werden selten geteilt.

Analoge Prozesse

Aufgrund des medizinischen Fortschritts sind Behandlungszentren und Einrichtungen stark spezialisiert, und der Patient muss seine Befunde selbst von Praxis zu Praxis tragen.

Technische Standards

Durch die fehlende Synchronisation von Patientendaten zwischen verschiedenen Einrichtungen entstehen doppelte Untersuchungen und hohe Kosten für alle Beteiligten.

Fazit

Die elektronische Patientenakte kann helfen, wenn die Standards stimmen und die Patienten ihr vertrauen.
""",
    "sub-headings over sections of several paragraphs": f"""\
Holiday meal plan

{P1}

Breakfast

{P2}
{P3}
{P1}

Lunch

{P3}
{P2}
{P1}

Dinner

{P1}
{P2}
{P3}
""",
    "headings set in capitals": f"""\
Friday night scores

{P1}

{P2}

BOYS SOCCER

Viera d. Rockledge 3-1, with two late goals in the second half.

GIRLS SOCCER

Melbourne d. Cocoa 8-0, and the coach said the team played well.
""",
    "exhibition listing under the story": f"""\
Council approves park

{P1}

{P2}

{P3}

Michael Anastassiades
‘Jewels after Jewels after Jewels’
Flos Showroom
corso Monforte, 15, Milan
9.30 A.M. / 7.00 P.M.
""",
    "'Posted on DATE by NAME' footer": f"""\
Council approves park

{P1}

{P2}

{P3}

Posted on November 13, 2012 by Dana Whitfield
""",
}


@pytest.mark.parametrize("text", NO_COMMENTS.values(), ids=NO_COMMENTS.keys())
def test_an_article_without_comments_is_not_cut(text):
    assert locate_comments(text.split("\n")) is None


def test_a_date_line_whose_rest_has_no_letters_does_not_crash():
    lines = ARTICLE.split("\n") + ["14:53 GMT +3 20 November 2019", "Some text after it."]
    assert locate_comments(lines) is None or locate_comments(lines) >= len(ARTICLE.split("\n"))


# --- Threads that must still be found --------------------------------------


def test_a_bare_name_thread_broken_by_a_very_long_comment_is_one_thread():
    letter = "\n\n".join([P1, P2, P3] * 6)  # a reader's letter of ~450 words
    text = ARTICLE + textwrap.dedent(
        """\

        http://www.example.org rightappeal

        Starve the beast, I say. The states should not pay for it.

        DerKrieger

        I sent the letter below to every governor last Friday.

        """
    ) + letter + textwrap.dedent(
        """\


        DerKrieger

        Federal assistance? That is just taking money from the left pocket.

        SoFiMil

        So the restaurants make changes to their employees' hours in response.
        """
    )
    lines, start, sec = section(text)
    assert lines[start] == "http://www.example.org rightappeal"
    assert [c.author for _d, c in flat(sec.comments)] == ["rightappeal", "DerKrieger", "DerKrieger", "SoFiMil"]


def test_comments_under_a_related_posts_list_are_still_found():
    text = ARTICLE + textwrap.dedent(
        """\

        Related posts:

            The freight yard that time forgot
            A budget fight over trees



        Courtney Young
        October 10, 2012 at 12:16 pm

        I hope they keep the old crane as a monument, it is part of our history.
        """
    )
    lines, start, sec = section(text)
    assert lines[start] == "Courtney Young"
    assert [(c.author, c.published) for _d, c in flat(sec.comments)] == [("Courtney Young", "2012-10-10T12:16")]


def test_a_lone_short_comment_signed_at_its_head_is_found():
    text = ARTICLE + textwrap.dedent(
        """\

        Lisa November 7, 2012 at 4:42 PM

        Lovely news, my kids will be thrilled.
        """
    )
    lines, start, sec = section(text)
    assert lines[start].startswith("Lisa")
    assert [c.author for _d, c in flat(sec.comments)] == ["Lisa"]


# --- Dates without a year ---------------------------------------------------

YEARLESS = textwrap.dedent(
    """\
    Peter Lang says:
    On Thursday, November 1 at 2:57 pm
    A park at last.

    Susan Ortiz says:
    November 3 at 9:02 am
    Who pays for the soil?

    riverrat says:
    3 years ago
    Finally.
    """
).split("\n")


def test_a_date_without_a_year_takes_the_articles_year():
    sec = comments_from_text(YEARLESS, reference="2012-10-30T08:00")
    assert [c.published for _d, c in flat(sec.comments)] == ["2012-11-01T14:57", "2012-11-03T09:02", None]


def test_a_date_without_a_year_after_a_new_year_takes_the_next_year():
    lines = ["Peter Lang says:", "January 2 at 9:00 am", "Happy new year, park fans."]
    sec = comments_from_text(lines, reference="2012-12-20")
    assert sec.comments[0].published == "2013-01-02T09:00"


def test_the_printed_weekday_settles_the_year():
    # 1 November was a Thursday in 2012, not in 2013: the weekday wins over "after the article".
    sec = comments_from_text(YEARLESS[:3], reference="2012-12-20")
    assert sec.comments[0].published == "2012-11-01T14:57"


def test_without_a_reference_a_yearless_date_takes_the_threads_year():
    lines = YEARLESS[:8] + ["", "Helen K. says:", "November 2, 2012 at 8:00 am", "Agreed."]
    sec = comments_from_text(lines)
    assert [c.published for _d, c in flat(sec.comments)] == ["2012-11-01T14:57", "2012-11-03T09:02", "2012-11-02T08:00"]


def test_without_any_year_to_go_by_the_date_stays_unknown():
    sec = comments_from_text(YEARLESS[:3])
    assert sec.comments[0].published is None


def test_a_page_ending_in_pingbacks_has_them_as_its_comment_section():
    text = ARTICLE + textwrap.dedent(
        """\

        [...] via [...]
        Pingback by Park news roundup on November 14, 2012 at 8:00 am
        """
    )
    lines = lines_of(text)
    assert lines[locate_comments(lines)] == "[...] via [...]"


def test_a_button_label_above_a_bare_name_thread_is_not_its_first_commenter():
    text = ARTICLE + textwrap.dedent(
        """\

        Download the Park Guide Now

        The guide lists every tree the council will plant, and where.

        Gibbo

        Brilliant! I only had a few doubts about the park and you have answered them.

        Robert

        Not seeing the map on the council site yet. Is it up?
        """
    )
    lines, start, sec = section(text)
    assert lines[start] == "Gibbo"
    assert [c.author for _d, c in flat(sec.comments)] == ["Gibbo", "Robert"]


def test_comment_dates_without_a_year_take_the_articles_year():
    # No comment prints a year; the dateline above the article gives it (1 Nov 2012 is a Thursday).
    text = (
        "Council approves tram line\nNovember 1, 2012 10:00 AM\nBy Ana Ruiz\n\n"
        "The council voted 31 to 12 in favour of the tram line on Thursday, after a debate that lasted most of the day.\n\n"
        "Work starts in spring and ends in 2027, the mayor said, adding that the route had been changed twice.\n\n"
        "3 Responses\n\nJo Bloggs\nOn Thursday, November 1 at 2:57 pm\nAbout time too, the buses are full every morning.\n\n"
        "Sam Lee\nOn Friday, November 2 at 9:05 am\nWho pays for it, though? Not a word on the cost.\n"
    )
    art = parse_text(text, source="tram.txt")
    assert [(c.author, c.published) for c in art.comments] == [
        ("Jo Bloggs", "2012-11-01T14:57"), ("Sam Lee", "2012-11-02T09:05"),
    ]


def test_a_sentence_ending_in_who_said_is_no_signature_and_bare_names_head_the_comments():
    lines = textwrap.dedent("""\
        Comments are now closed for this story

        Stephen B

        The time has come for the province to start cutting some of the fat from government.

        Lina

        The government should not be spending taxpayers' money on industry, that is for business.

        J-F (Ottawa)

        I was going to comment, but Stephen summed it up exactly.

        Bruce

        I totally agree with Catherine who said:

        Please stop racking up a debt that will eventually cripple the province.
        """).splitlines()
    section = comments_from_text(lines)
    assert [c.author for c in section.comments] == ["Stephen B", "Lina", "J-F (Ottawa)", "Bruce"]
    assert section.comments[3].text.startswith("I totally agree with Catherine who said:")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=300)


def test_a_thread_without_a_header_is_found_by_its_signature_lines(tmp_path: Path) -> None:
    # A text dump whose comments follow the article with no "Comments" header: each ends in a
    # "Posted by: NAME | DATE" line. Imported and shown, the body ends with the article's last
    # paragraph and the three comments are in the thread with their authors and times.
    lib = tmp_path / "lib"
    dump = Path(__file__).parent / "fixtures" / "signed_thread_no_header.txt"
    assert _cli("--library", str(lib), "import", str(dump)).returncode == 0
    (row,) = json.loads(_cli("--library", str(lib), "list", "--json").stdout)
    shown = json.loads(_cli("--library", str(lib), "show", str(row["id"]), "--json").stdout)
    assert shown["body"].endswith("talks to their employer now rather than in January.")
    assert "Posted by" not in shown["body"] and "twelve years" not in shown["body"]
    assert [(c["author"], c["published"], c["text"][:30]) for c in shown["comments"]] == [
        ("Iain", "2012-11-20T07:41", "I have worked on the mainland "),
        ("Catriona Macleod", "2012-11-20T09:15", "The Friday late boat matters m"),
        ("Mairi", "2012-11-21T18:02", "Does anyone know whether the s"),
    ]
