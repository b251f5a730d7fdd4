"""Comments without comment markup, found by the block classifier, as ``parse --json`` shows them."""

from __future__ import annotations

from pathlib import Path

from reader.parsing import comment_blocks
from reader.parsing.comment_block_weights import COMMENT_BLOCK_WEIGHTS

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_thread_in_boxes_no_comment_class_names_lands_in_the_thread_not_the_body(parse_json) -> None:
    # A blog whose comment boxes are <div class="coms"> with "Paula said," signature lines
    # inside a <div id="comments">: no item class or id the structural finder knows.
    # The classifier finds them below the article.
    out = parse_json(FIXTURES / "unmarked_comment_boxes.html")
    comments = out["comments"]
    assert [c["author"] for c in comments] == ["firefighter jeff", "Paula", "dan", "Ada Marsh"]
    assert comments[1]["text"].startswith("Bully for you for even attempting them by hand.")
    assert comments[3]["text"].endswith("tighter joints than this first try.")
    assert "Bully for you" not in out["body"] and "said," not in out["body"]
    assert out["body"].startswith("The box took three evenings")
    assert out["body"].endswith("which is the whole point of doing it by hand.")
    shown = " ".join(c["text"] for c in comments)
    assert "April 2011" not in shown and "Blogroll" not in shown and "Powered by" not in shown


def test_an_article_with_link_lists_around_it_gets_no_thread(tmp_path: Path, parse_json) -> None:
    # The same page without its responses: archive and blogroll lists, a footer, a byline line.
    page = (FIXTURES / "unmarked_comment_boxes.html").read_text(encoding="utf-8")
    start, end = page.index('<div id="comments">'), page.index('<div id="side">')
    bare = tmp_path / "no_comments.html"
    bare.write_text(page[:start] + "</div>" + page[end:], encoding="utf-8")
    out = parse_json(bare)
    assert out["comments"] == []
    assert out["body"].endswith("which is the whole point of doing it by hand.")


def test_the_shipped_weights_cover_exactly_the_named_features() -> None:
    assert set(COMMENT_BLOCK_WEIGHTS) == set(comment_blocks.FEATURES)
    assert 0.0 < comment_blocks.MODEL.threshold < 1.0


def test_a_thread_inside_an_inline_wrapper_is_read_box_by_box(parse_json) -> None:
    # Old templates wrap the whole article and its comments in <span class="innerdesc">:
    # each box in it is a block of its own, not one line of the page. The signature line
    # "written by NAME, DATE" gives the comment's author and time; a title written before
    # it stays with the comment; the comment form's notices are not comments.
    out = parse_json(FIXTURES / "span_wrapped_thread.html")
    comments = out["comments"]
    assert len(comments) == 3
    assert (comments[0]["author"], comments[0]["published"]) == ("Green Business Watch", "2012-10-18")
    assert comments[0]["text"].startswith("Definitely a roller-coaster of a time for electric cars")
    assert comments[2]["author"] == "pete"
    assert comments[2]["text"].split("\n\n")[0] == "Best left to others"
    assert comments[1]["text"].endswith("the investors wanted to cash in too fast.")
    # The middle box's class ("jomentry1" between two "jomentry2") repeats no neighbour's:
    # its signature line, right before its text, still signs it, and its title stays.
    assert (comments[1]["author"], comments[1]["published"]) == ("Best Man", "2012-10-20")
    assert comments[1]["text"].split("\n\n")[0] == "A123 is away but their tech will stay"
    shown = " ".join(c["text"] for c in comments)
    assert "HTML tags" not in shown and "terms of use" not in shown and "Write comment" not in shown
    assert "roller-coaster" not in out["body"] and "cash in too fast" not in out["body"]
    assert out["body"].endswith("the filing coincided with a missed loan repayment.")
