"""Site names and time stamps kept out of the title of pages from sites never seen (issue 15).

Fixture pages written here (tests/parsing/fixtures): a blog whose <h1> is its own name,
linked to its front page, over a post titled only in the <title>; and a news page whose
og:title and <title> end in the time the story was posted. The title is read through
``article-reader parse --json``, as a user of the command line sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_heading_that_links_home_is_the_site_not_the_title(parse_json: Callable[[Path], dict]) -> None:
    article = parse_json(FIXTURES / "blog_home_heading.html")
    assert article["title"] == "Beef liver with apple and onion"


def test_a_time_stamp_after_the_headline_is_not_part_of_the_title(parse_json: Callable[[Path], dict]) -> None:
    article = parse_json(FIXTURES / "title_with_time_stamp.html")
    assert article["title"] == "Wettest October in twenty years"
    assert article["site"] == "Valley Courier"
