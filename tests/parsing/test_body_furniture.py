"""Page furniture left in trafilatura's main text, pruned by the body-furniture classifier
(``reader.parsing.body_blocks``), as ``parse --json`` shows the body."""

from __future__ import annotations

from pathlib import Path

from reader.parsing import body_blocks
from reader.parsing.body_block_weights import BODY_BLOCK_WEIGHTS

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_teaser_under_a_related_heading_after_the_article_is_dropped(parse_json) -> None:
    # A 2008-style story page: four article paragraphs, then "Related" and two teasers
    # (headline, one-line summary ending in "..."), all plain paragraphs in the story box.
    out = parse_json(FIXTURES / "related_teasers.html")
    paras = out["body"].split("\n\n")
    assert paras[0].startswith("For residents wanting to recycle their live Christmas trees")
    assert "three seedlings are planted for each tree cut." in out["body"]
    assert "Nine fenced depots" in out["body"] and "turned into wood chips" in out["body"]
    assert "Environmentalists are urging" not in out["body"]


def test_an_article_without_furniture_keeps_every_paragraph(parse_json, tmp_path: Path) -> None:
    page = (FIXTURES / "related_teasers.html").read_text(encoding="utf-8")
    bare = tmp_path / "bare.html"
    bare.write_text(page[: page.index("<p><b>Related")] + "</div></body></html>", encoding="utf-8")
    out = parse_json(bare)
    assert len(out["body"].split("\n\n")) == 4


def test_the_shipped_weights_cover_exactly_the_named_features() -> None:
    assert set(BODY_BLOCK_WEIGHTS) == set(body_blocks.FEATURES)
