"""Authors chosen among every byline a page states (reader/parsing/author_scorer.py).

The pages are tiny fixtures written here; each one names its author only in a
place the hand rule alone does not read (a "Par …" line, a link inside a long
byline box, a "by" label before the name), or holds a decoy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.parsing import author_scorer
from reader.parsing.author_weights import AUTHOR_WEIGHTS
from reader.parsing.html import parse_html
from reader.parsing.html_meta import PageMeta

TEXT = "<p>" + "The council met on Tuesday to decide the future of the harbour ferry service. " * 8 + "</p>"


def _page(body: str, head: str = "<title>Ferry fares to rise</title>") -> str:
    return f"<html><head>{head}</head><body><h1>Ferry fares to rise</h1>{body}</body></html>"


def test_a_printed_par_line_names_the_author_in_parse_json(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(_page('<div><span>Par <a href="/node/matthieu-hy">Matthieu Hy</a></span>'
                                 ' <span>le 07 Mai 2020</span></div>' + TEXT),
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reader", "parse", "--json", str(page)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["authors"] == ["Matthieu Hy"]


def test_the_link_inside_a_long_author_box_is_the_author() -> None:
    box = ('<div class="author"><a class="tooltip" href="/autoren/georg-quaas/">Georg Quaas</a>, 21. Jan. 2015'
           '<div class="rating">Bewertung 3.17 von 5 bei 12 Stimmen: 1 2 3 4 5, danke für Ihre Bewertung dieses '
           'Beitrags und für Ihr Interesse an unserer Arbeit</div></div>')
    assert parse_html(_page(box + TEXT), source="p.html").authors == ["Georg Quaas"]


def test_a_by_label_before_the_name_element_is_read() -> None:
    body = '<div class="fiction-info"><span> by </span><h3><a href="/profile/142450">Lucia Bern</a></h3></div>'
    assert parse_html(_page(body + TEXT), source="p.html").authors == ["Lucia Bern"]


def test_by_in_code_is_not_a_byline() -> None:
    body = TEXT + "<pre><code>SELECT count(*) FROM visits GROUP BY Period</code></pre>" + TEXT
    assert parse_html(_page(body), source="p.html").authors == []


def test_co_authors_in_parentheses_are_all_names() -> None:
    names = author_scorer._names(["Martin Untersinger (avec Damien Leloup et Morgane Tual)"])
    assert names == ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]


def test_a_month_cut_from_a_dateline_is_not_part_of_the_name() -> None:
    head = '<meta name="author" content="Joshua Sokol May"><title>Ferry fares to rise</title>'
    assert parse_html(_page(TEXT, head), source="p.html").authors == ["Joshua Sokol"]
    head = '<meta name="author" content="Theresa May"><title>Ferry fares to rise</title>'
    assert parse_html(_page(TEXT, head), source="p.html").authors == ["Theresa May"]


def test_a_publications_name_after_a_printed_name_is_not_an_author() -> None:
    cands = author_scorer.candidates(PageMeta(), "Brenda Goodman, MA, WebMD Health News", None, None, None, "", [])
    assert [c.names for c in cands] == [["Brenda Goodman"]]


def test_every_shipped_author_weight_is_a_feature_the_scorer_computes() -> None:
    cands = author_scorer.candidates(PageMeta(), "Jane Roe", None, "Harbour Times", None, "Ferry", ["Jane Roe"])
    computed = set(cands[0].features)
    assert set(AUTHOR_WEIGHTS) <= computed
    assert AUTHOR_WEIGHTS["src_rule"] > 0


def test_labels_and_buttons_glued_to_a_printed_name_are_cut_off() -> None:
    names = author_scorer._names(["Jen MillsPublished 17 July 2024", "John C. Welch Follow", "Escribe Camila Méndez"])
    assert names == ["Jen Mills", "John C. Welch", "Camila Méndez"]
