"""Pages whose broken markup swallows the article, read again through the markup repair
(``reader.parsing.html_repair``), as ``parse --json`` shows them."""

from __future__ import annotations

import json
from pathlib import Path

from reader.parsing.html import load_tree, parse_html
from reader.parsing.html_repair import looks_broken

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_title_never_closed_no_longer_swallows_the_article(parse_json) -> None:
    # <title> runs into an ad script and is never closed: libxml2 reads the whole page as
    # the title, and the page used to be refused as "no article text found".
    out = parse_json(FIXTURES / "unclosed_title.html")
    assert "error" not in out
    assert out["title"] == "Harbour ferry returns after winter repairs"
    paras = out["body"].split("\n\n")
    assert paras[0].startswith("The harbour ferry went back into service on Monday morning")
    assert paras[-1].endswith("when the crossing is at its roughest.")
    assert len(paras) == 4
    assert "document.write" not in out["body"] and "Copyright" not in out["body"]
    assert "document.write" not in json.dumps(out)  # nor in the title or the site name


def test_a_tag_with_an_unclosed_quote_no_longer_empties_the_page(parse_json) -> None:
    # A crawl spliced two files: '<html xmogo.jpg" alt="...' opens a quote never closed.
    out = parse_json(FIXTURES / "spliced_tag.html")
    assert "error" not in out
    assert out["title"] == "Library opens late on weekdays through the exam season"
    body = out["body"]
    assert "The city library will stay open until midnight on weekdays" in body
    assert body.endswith("only card holders can use the side door.")
    assert "have a quiet place to work.\n\nThe longer hours are paid for" in body


def test_a_well_formed_page_is_read_once_and_unchanged() -> None:
    page = (FIXTURES / "unclosed_title.html").read_text(encoding="utf-8")
    start, end = page.index("<title>"), page.index("</head>")
    fixed = page[:start] + "<title>Harbour ferry returns after winter repairs</title>\n" + page[end:]
    assert not looks_broken(load_tree(fixed, source="fixed.html"), fixed)
    assert looks_broken(load_tree(page, source="page.html"), page)
    assert parse_html(fixed, source="fixed.html").body == parse_html(page, source="page.html").body
