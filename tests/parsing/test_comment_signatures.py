"""Commenters' names and times from signature lines and header boxes around comment boxes
(``comment_signatures``, ``html_comments``), as ``parse --json`` shows them."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from reader.parsing.comment_signatures import read_signature, signature_in

FIXTURES = Path(__file__).parent / "fixtures"


def _walk(comments: list[dict], depth: int = 0) -> list[tuple[int, str | None, str | None, str]]:
    out = []
    for c in comments:
        out.append((depth, c["author"], c["published"], c["text"]))
        out.extend(_walk(c["replies"], depth + 1))
    return out


def test_a_signature_line_in_the_box_names_the_commenter(parse_json) -> None:
    # <div class="comment-wrapper authored-by-None"> round each comment: the box's own class is
    # no author element (its text, the whole comment, was shown as the author); the name and
    # date stand in <div class="signature">November 12, 2012 | Pat</div>.
    out = parse_json(FIXTURES / "signed_comment_boxes.html")
    assert _walk(out["comments"]) == [
        (0, "Pat", "2012-11-12", "Glue soup is a rite of passage."),
        (0, "Jo Brennan", "2012-11-13", "Try roasting the leeks first, it changes everything."),
        (0, "Sam", "2012-11-14", "Barley always wants more salt than you think."),
    ]
    assert out["body"].endswith("patience that nobody has on a Tuesday night.")


def test_a_header_box_signs_the_text_box_after_it(parse_json) -> None:
    # <dt class="comment"> holds the name and time, <dd class="comment"> the text and the
    # replies: one comment each, signed by its header (the reply's header was a comment of its
    # own, "Ken F", and the texts had no author).
    out = parse_json(FIXTURES / "comment_header_boxes.html")
    assert _walk(out["comments"]) == [
        (0, "Roger Wohl", "2012-08-06T20:49",
         "Good post. Concise explanations of the five ways, easy for anyone to follow."),
        (1, "Ken F", "2012-08-07T08:19", "Thank you Roger."),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Posted by: Red | October 03, 2012 at 01:12 AM", ("Red", "2012-10-03T01:12")),
        ("October 22, 2012 | Eve", ("Eve", "2012-10-22")),
        ("Posted by: charjk at November 8, 2012 3:34 PM", ("charjk", "2012-11-08T15:34")),
        ("Me too, I went there on Sunday and it was closed all day", None),  # no date: a comment
        ("Reply", None),
    ],
)
def test_signature_lines(line: str, expected: tuple[str, str] | None) -> None:
    assert read_signature(line) == expected


def test_a_box_holding_several_signatures_is_a_thread_not_one_signed_comment() -> None:
    # One box round a whole thread ("Posted By: clarry | ..." under every comment): none of its
    # signatures signs the box, or the thread would be shown as one comment by its first writer.
    box = lxml.html.fromstring(
        '<div class="comments"><p>how base and crass</p><p class="posted">Posted By: clarry | December 14 2007'
        ' at 08:28 AM</p><p>more depression</p><p class="posted">Posted By: hawaiian | December 14 2007 at'
        ' 09:02 AM</p></div>'
    )
    assert signature_in(list(box.iter())) == (None, None, None)
    single = lxml.html.fromstring(
        '<div class="comment"><p>how base and crass</p><p class="posted">Posted By: clarry | December 14 2007'
        ' at 08:28 AM</p></div>'
    )
    assert signature_in(list(single.iter()))[:2] == ("clarry", "2007-12-14T08:28")
