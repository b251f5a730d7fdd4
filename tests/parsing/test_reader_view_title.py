"""The title a reader view would show (Readability.js's rules), one candidate of the title scorer,
and pages in scripts written without spaces read as articles (issue 15)."""

from __future__ import annotations

import pytest

from reader.parsing.html import parse_html
from reader.parsing.html_meta import PageMeta
from reader.parsing.reader_view_title import document_title, reader_view_title


@pytest.mark.parametrize("doc, h1, expected", [
    # The last part after a separator goes, en dash included.
    ("Lorem ipsum dolor sit amet \u2013 My website", [], "Lorem ipsum dolor sit amet"),
    ("Get your Frontend JavaScript Code Covered | Code | Nicolas Perriault", [],
     "Get your Frontend JavaScript Code Covered | Code"),
    # Four words or fewer left: the whole <title>.
    ("Mozilla - Wikipedia", ["Mozilla"], "Mozilla - Wikipedia"),
    # A colon: what follows it, unless a heading repeats the whole title.
    ("Outside the web: standalone WebAssembly binaries using Emscripten", [],
     "standalone WebAssembly binaries using Emscripten"),
    ("Cole: Winning Carling Cup Would Give Chelsea Momentum",
     ["Cole: Winning Carling Cup Would Give Chelsea Momentum"], "Cole: Winning Carling Cup Would Give Chelsea Momentum"),
    # A very short <title> gives way to the only <h1>.
    ("Home", ["Ferry fares to rise in spring"], "Ferry fares to rise in spring"),
])
def test_the_document_title_is_cut_as_a_reader_view_cuts_it(doc: str, h1: list[str], expected: str) -> None:
    assert document_title(PageMeta(doc_title=doc, h1=h1)) == expected


def test_a_declared_title_is_kept_whole_and_comes_first() -> None:
    pm = PageMeta(doc_title="Ferry fares to rise | Harbour Times",
                  meta={"og:title": ["Ferry fares to rise | Harbour Times"], "dc:title": ["Ferry fares to rise"]})
    assert reader_view_title(pm) == ("Ferry fares to rise", "meta")
    assert reader_view_title(PageMeta(doc_title="Ferry fares to rise in spring | Harbour Times")) == (
        "Ferry fares to rise in spring", "doc_cut")


def test_a_chinese_post_of_short_lines_is_an_article() -> None:
    # Each line is a sentence of ~30 characters and no spaces: not a page of link labels.
    lines = "".join(f"<p>{'一波波接續性低溫寒流報到已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣'}{i}</p>" for i in range(12))
    page = f"<html><head><title>新竹尖石_美樹營地賞楓</title></head><body><h1>新竹尖石_美樹營地賞楓</h1>{lines}</body></html>"
    art = parse_html(page, source="p.html")
    assert art.title == "新竹尖石_美樹營地賞楓" and "寒流報到" in art.body
