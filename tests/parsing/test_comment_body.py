"""Where the article ends when the main text runs on into the thread (``comment_body``), as
a user sees it: ``import`` then ``show --json``, or ``parse --json``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.model import Comment
from reader.parsing.comment_body import strip_comment_text

FIXTURES = Path(__file__).parent / "fixtures"

ARTICLE_END = "The question the board has not answered is who now watches the water between the headland and the island."


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=300)


def test_a_thread_longer_than_its_article_is_cut_off_the_body(tmp_path: Path) -> None:
    # The post and six comments share one box; trafilatura's main text holds them all, and the
    # comments outweigh the article, so dropping them paragraph by paragraph was refused as
    # "most of the text would go". They form the main text's tail: the article ends above them.
    lib = tmp_path / "lib"
    proc = _cli("--library", str(lib), "import", str(FIXTURES / "thread_in_post_box.html"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (row,) = json.loads(_cli("--library", str(lib), "list", "--json").stdout)
    shown = json.loads(_cli("--library", str(lib), "show", str(row["id"]), "--json").stdout)
    assert shown["body"].endswith(ARTICLE_END)
    for words in ("My grandfather kept the light", "Posted by: Morag", "Powered by", "Comments"):
        assert words not in shown["body"]
    # each comment is in the thread, signed by the line after its box
    assert [(c["author"], c["published"], c["text"][:24]) for c in shown["comments"]] == [
        ("Morag", "2012-11-08T13:57", "My grandfather kept the "),
        ("Alasdair", "2012-11-08T15:34", "The board is right about"),
        ("Fiona", "2012-11-09T08:05", "Does anyone know whether"),
        ("Morag", "2012-11-09T09:40", "Fiona, the two nearest t"),
        ("Donald", "2012-11-09T18:12", "I crewed the lifeboat fo"),
        ("Ewan", "2012-11-10T10:19", "Good piece. I would add "),
    ]


LAST = "Nobody argues that the old life should come back, and nobody on the board has said who watches the water now."
BODY = "\n\n".join([
    "The last keeper rowed ashore in the spring of 1998, and the lamp has turned by itself ever since.",
    "Keepers logged the weather every three hours and watched for boats in trouble through the night.",
    LAST,
])


def test_one_comment_quoting_the_last_paragraph_does_not_end_the_article_early() -> None:
    # A tail of comment text needs two different comments: one reader quoting the article's
    # closing paragraph is not a thread inside the main text.
    quote = Comment(author="Morag", published=None, text=f"\u201c{LAST}\u201d Exactly the question I would ask them.")
    other = Comment(author="Ewan", published=None, text="Good piece, and the radio watch went with the keepers too.")
    assert strip_comment_text(BODY, [quote, other]) == BODY


def test_two_comments_at_the_end_of_the_main_text_are_cut_with_their_signatures() -> None:
    first = Comment(author="Morag", published=None, text="My grandfather kept the light for eleven years, and the log was the job.")
    second = Comment(author="Ewan", published=None, text="The radio watch went to the coastguard station, which has closed since.")
    body = "\n\n".join([BODY, "12 Comments", first.text, "Posted by: Morag at November 8, 2012 1:57 PM", second.text])
    assert strip_comment_text(body, [first, second]) == BODY
