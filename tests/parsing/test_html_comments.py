"""Comment threads read from the page structure (``html_comments``), as ``parse --json`` shows them."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def _walk(comments: list[dict], depth: int = 0) -> list[tuple[int, str]]:
    out = []
    for c in comments:
        out.append((depth, c["text"].split("\n\n")[0]))
        out.extend(_walk(c["replies"], depth + 1))
    return out


def test_a_reply_boxed_inside_its_parent_comment_keeps_both_texts(parse_json) -> None:
    # <div class="comment" id="comment-433"> holds its own text and then the reply
    # <div class="comment" id="comment-437">: two comments, not one comment's inner box
    # (which would show the reply's words in place of the parent's).
    out = parse_json(FIXTURES / "nested_comment_divs.html")
    shown = _walk(out["comments"])
    assert shown[:3] == [
        (0, "Why do you think the consultancy didn't work? Thanks for sharing your story, it is an inspiration."),
        (1, "Hi Ryan, the consultancy did work; the design and usability one really did not, because we never "
            "understood that market."),
        (0, "Great post. Both honest and inspiring, and it should be a series."),
    ]
    assert "Why do you think" not in out["body"] and "Hi Ryan" not in out["body"]


def test_a_pingback_signature_gives_the_linking_post_and_its_time(parse_json) -> None:
    # <cite>Pingback by <a>POST TITLE</a> — November 7, 2012 @ 12:22</cite>: the title is the
    # "author", the rest its time; the comment is part of the thread.
    out = parse_json(FIXTURES / "nested_comment_divs.html")
    pingback = out["comments"][-1]
    assert pingback["author"] == (
        "Founders who nearly quit: twelve stories of debt, doubt and the long way back to profit"
    )
    assert pingback["published"] == "2012-11-07T12:22"
    assert pingback["text"] == "[...] an honest story about debt, via [...]"
