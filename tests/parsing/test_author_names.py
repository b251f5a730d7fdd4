"""What a stated author is not (reader/parsing/author_names.py), seen where a user sees it.

Tiny pages written here, each with the kind of byline that went wrong on sites
the fitted parts never saw: a role or outlet after the name, a dateline's day,
a label before "by", a photo credit, a commenter's signature, prose in an
author box, buttons.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.parsing import author_names, bylines
from reader.parsing.html import parse_html

TEXT = "<p>" + "The council met on Tuesday to decide the future of the harbour ferry service. " * 8 + "</p>"


def _page(body: str, head: str = "") -> str:
    return (f"<html><head><title>Ferry fares to rise</title>{head}</head>"
            f"<body><article><h1>Ferry fares to rise</h1>{body}{TEXT}</article></body></html>")


def _authors(body: str, head: str = "") -> list[str]:
    return parse_html(_page(body, head), source="p.html").authors


def test_parse_json_shows_the_name_without_role_and_outlet(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(_page('<p class="byline">By JASON STRAZIUSO Associated Press Writer</p>'), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reader", "parse", "--json", str(page)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["authors"] == ["JASON STRAZIUSO"]


@pytest.mark.parametrize(
    ("byline", "want"),
    [
        ("By GREG BEACHAM, AP Sports Writer", ["GREG BEACHAM"]),
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
        ("By Jane Doe | Staff writer", ["Jane Doe"]),
        ("By Ann Lee, Bo Chen and Cy Diaz", ["Ann Lee", "Bo Chen", "Cy Diaz"]),
        ("By Mike Wuerthele and Malcolm Owen Monday, November 18, 2019", ["Mike Wuerthele", "Malcolm Owen"]),
    ],
)
def test_a_byline_element_gives_the_names_only(byline: str, want: list[str]) -> None:
    assert _authors(f'<div class="byline">{byline}</div>') == want


def test_a_day_glued_to_the_name_is_cut() -> None:
    assert _authors('<div class="author-name">Jeff FoustMonday</div>') == ["Jeff Foust"]


def test_a_label_before_by_is_not_part_of_the_name() -> None:
    assert _authors('<span class="author">View all posts by Becky Smith</span>') == ["Becky Smith"]


def test_a_photo_credit_names_no_author() -> None:
    assert _authors('<p class="byline">STAFF PHOTO BY KATHY ANDERSON</p>') == []


def test_a_commenters_signature_is_no_author() -> None:
    head = '<meta name="author" content="Mark says">'
    assert _authors("", head) == []


@pytest.mark.parametrize("text", ["thanks for this great post", "Raise your hand if you aren't reading this", "About Us", "November"])
def test_prose_buttons_and_dates_in_an_author_box_are_no_author(text: str) -> None:
    assert _authors(f'<div class="author">{text}</div>') == []


def test_a_role_alone_is_no_author_but_an_outlet_is_kept() -> None:
    assert _authors("", '<meta name="author" content="Guest Contributor">') == []
    assert _authors("", '<meta name="author" content="The Associated Press">') == ["The Associated Press"]


def test_later_links_of_a_box_alone_do_not_name_the_author() -> None:
    box = '<div class="author-box"><a href="/tag/a">Learned Optimism</a> <a href="/tag/b">Soundex</a></div>'
    assert "Soundex" not in _authors(box)


@pytest.mark.parametrize(
    "name",
    ["Guardian staff reporter", "Contributors to Wikimedia projects", "danah boyd", "Camila Méndez en Territorio",
     "Michiel de Jong", "Theresa May"],
)
def test_names_and_outlets_that_read_like_these_are_kept(name: str) -> None:
    assert not author_names.is_not_a_name(name)
    assert author_names.clean(name) == name


def test_a_name_with_an_outlet_after_it_keeps_the_name() -> None:
    assert author_names.clean("Finian Cunningham. Sputnik International") == "Finian Cunningham"
    assert author_names.clean("Jane Doe Reuters") == "Jane Doe"
    assert author_names.clean("Finian Cunningham Sputnik International") == "Finian Cunningham Sputnik International"
    assert author_names.clean("Kelli Miller WebMD Health News") == "Kelli Miller"
    assert author_names.clean("MA WebMD Health News") == "MA WebMD Health News"  # no name to keep


def test_a_photographers_credit_in_an_author_field_names_no_one(tmp_path: Path) -> None:
    assert _authors("", '<meta name="author" content="Kevork Djansezian; File">') == []


def test_a_web_address_spelled_as_a_name_is_the_site_not_an_author() -> None:
    assert author_names.is_not_a_name("Vnunet Com")
    assert not author_names.is_not_a_name("Michiel de")


def test_the_printed_byline_after_the_publication_label_still_gives_every_name() -> None:
    byline = '<div class="byline">Kevin Johnson and Kevin McCoy USA TODAY Published 7:07 PM EST Nov 19, 2019</div>'
    assert _authors(byline) == ["Kevin Johnson", "Kevin McCoy"]


def test_the_sites_name_after_a_name_is_cut() -> None:
    head = '<meta property="og:site_name" content="Florida Today">'
    assert _authors('<div class="byline">Elliot Brownstein Florida Today</div>', head) == ["Elliot Brownstein"]


def test_an_upper_case_name_glued_to_its_outlet_is_split() -> None:
    assert author_names.clean("JILL LAWLESSAssociated Press") == "JILL LAWLESS"
    assert author_names.clean("Daniel Horowitz (Diary)") == "Daniel Horowitz"


def test_the_place_in_an_agency_dateline_is_no_author() -> None:
    assert bylines._names(["Reuters, Washington, Nov 20 2019, 11:06am ist"]) == ["Reuters"]
    assert bylines._names(["Jane Doe, Washington"]) == ["Jane Doe", "Washington"]  # no date: a list of names


def test_the_pages_own_byline_comes_before_trafilaturas_guess() -> None:
    body = ('<div class="byline">By Joanna Rothkopf</div>'
            '<aside><p>More from Richard Eskow</p></aside>')
    assert _authors(body) == ["Joanna Rothkopf"]
