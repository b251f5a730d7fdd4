"""Feeds through what the user runs: `parse --json` and `import` then `show --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.containers.conftest import FIXTURES, json_lines, run_cli

SUMMARY_ONLY = "summary only"


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[dict]]:
    out = {}
    for name in ("courier.rss", "courier.atom", "courier.json"):
        proc = run_cli("parse", str(FIXTURES / name), "--json")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        out[name] = json_lines(proc.stdout)
    return out


def test_rss_items_become_articles_with_their_fields(parsed) -> None:
    herons, ferry, budget = parsed["courier.rss"]
    assert herons["format"] == "feed"
    assert herons["title"] == "Herons return to the marsh after a decade"
    assert herons["authors"] == ["Maria Olsen"]
    assert herons["published"] == "2021-04-12T08:30:00+02:00"
    assert herons["url"] == "https://courier.example/nature/herons-return"
    assert herons["tags"] == ["Nature", "Wetlands"]
    assert herons["site"] == "The Valley Courier"
    assert herons["record"] == {"kind": "feed", "id": "courier-2021-0412-herons"}
    # content:encoded is the body, not the one-line description
    assert herons["body"].startswith("Grey herons have come back to the Lindholm marsh for the first time")
    assert "\u201cWe saw eleven nests" in herons["body"].split("\n\n")[1]
    assert not any(SUMMARY_ONLY in w for w in herons["warnings"])
    # an RSS <author> is "mail (Name)"; an item with only a description is marked
    assert ferry["authors"] == ["Peter Lund"]
    assert ferry["title"] == "Island ferry fares to rise & timetable to change"
    assert ferry["body"] == ("Passengers on the island ferry will pay more from October, "
                             "the operator announced on Monday.")
    assert any(SUMMARY_ONLY in w for w in ferry["warnings"])
    assert ferry["published"].startswith("2021-05-03T10:00:00")
    assert budget["authors"] == ["Ann Holm", "Erik Sand"]
    # the DTD's entity is not expanded (no entity tricks through the XML parser)
    assert "BOOM" not in budget["title"]


def test_atom_entries_read_html_xhtml_and_text_content(parsed) -> None:
    herons, ferry, harbour = parsed["courier.atom"]
    assert herons["title"] == "Herons & egrets return to the marsh"
    assert herons["body"] == ("Grey herons have come back to the Lindholm marsh for the first time "
                              "in ten years.\n\nVolunteers counted eleven nests.")
    assert herons["published"] == "2021-04-12T08:30:00+02:00"  # published, not updated
    assert herons["url"] == "https://courier.example/nature/herons-return"  # rel=alternate, not edit
    assert herons["tags"] == ["Nature"]
    assert herons["record"] == {"kind": "feed", "id": "tag:courier.example,2021:herons"}
    assert ferry["body"] == ("Passengers on the island ferry will pay more from October.\n\n"
                             "A return ticket will cost 96 crowns.")
    assert ferry["published"] == "2021-05-03T10:00:00+02:00"
    assert harbour["title"] == "Harbour plan <draft> published"
    assert harbour["body"] == "The draft harbour plan was published on Tuesday."
    assert any(SUMMARY_ONLY in w for w in harbour["warnings"])


def test_json_feed_items(parsed) -> None:
    herons, ferry, harbour = parsed["courier.json"]
    assert [a["record"]["id"] for a in parsed["courier.json"]] == ["herons", "ferry", "harbour"]
    assert herons["authors"] == ["Maria Olsen"] and herons["tags"] == ["Nature"]
    assert ferry["authors"] == ["Peter Lund"]
    assert ferry["body"].split("\n\n") == ["Passengers on the island ferry will pay more from October.",
                                           "A return ticket will cost 96 crowns."]
    assert harbour["authors"] == ["Courier desk"]  # the feed's author stands in
    assert any(SUMMARY_ONLY in w for w in harbour["warnings"])
    assert harbour["published"].startswith("2021-05-04")


def test_a_feed_without_items_is_one_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.rss"
    empty.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>')
    proc = run_cli("parse", str(empty), "--json")
    assert proc.returncode == 1
    (line,) = json_lines(proc.stdout)
    assert "error" in line and "no items" in line["error"]


def test_imported_feed_items_show_with_their_record(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(FIXTURES / "courier.atom"), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = json.loads(run_cli("--library", str(lib), "list", "--json").stdout)
    assert len(rows) == 3
    shown = [json.loads(run_cli("--library", str(lib), "show", str(r["id"]), "--json").stdout)
             for r in rows]
    by_id = {s["record"]["id"]: s for s in shown}
    assert by_id["tag:courier.example,2021:ferry"]["title"] == "Island ferry fares to rise"
    assert by_id["tag:courier.example,2021:herons"]["authors"] == ["Maria Olsen"]
    assert any(SUMMARY_ONLY in w for w in by_id["tag:courier.example,2021:harbour"]["warnings"])


WRITERS = ("Maria Olsen", "Tom Berglund", "Ana Ruiz")


def _big_feed(path: Path, items: int) -> None:
    """An RSS file of ``items`` items, written in the test: entity declarations (one reading a
    local file) that must stay unexpanded, and the channel's title only after the items."""
    secret = path.with_name("secret.txt")
    secret.write_text("TOP SECRET CONTENT")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n'
                 f'<!DOCTYPE rss [<!ENTITY boom "boomboomboom"><!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n'
                 '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>\n')
        for i in range(items):
            fh.write(f"<item><title>Harbour report {i}</title><link>https://courier.example/r/{i}</link>"
                     f"<guid>report-{i}</guid><dc:creator>{WRITERS[i % 3]}</dc:creator>"
                     f"<pubDate>Tue, 0{1 + i % 9} Jun 2021 08:00:00 GMT</pubDate>"
                     f"<description><![CDATA[<p>Ships number {i} came in &amp; left.</p>"
                     f"<p>Second paragraph of report {i}.</p>]]></description>"
                     "<category>port</category></item>\n")
        fh.write("<item><title>Entities &boom; and &leak;</title><description>Text &leak; here, at the"
                 " end.</description><link>https://courier.example/e</link></item>\n")
        fh.write("<title>Courier Harbour Desk</title></channel></rss>\n")


def test_a_large_feed_streams_every_item_with_the_channel_title_and_no_entities(tmp_path: Path) -> None:
    feed = tmp_path / "big.rss"
    _big_feed(feed, 3000)
    proc = run_cli("parse", str(feed), "--json")
    assert proc.returncode == 0, proc.stderr
    items = json_lines(proc.stdout)
    assert len(items) == 3001
    first, last = items[0], items[-1]
    assert first["title"] == "Harbour report 0" and first["url"] == "https://courier.example/r/0"
    assert first["record"] == {"kind": "feed", "id": "report-0"}
    assert first["authors"] == ["Maria Olsen"] and first["published"].startswith("2021-06-01")
    assert "Second paragraph of report 0." in first["body"]
    assert {i["site"] for i in items} == {"Courier Harbour Desk"}  # its title came after the items
    assert items[2999]["title"] == "Harbour report 2999"
    assert "TOP SECRET" not in json.dumps(items) and "boomboomboom" not in json.dumps(items)
    assert last["body"].startswith("Text") and last["body"].endswith("at the end.")


def test_a_large_feed_imports_once_and_again_without_duplicates(tmp_path: Path) -> None:
    feed, lib = tmp_path / "big.rss", tmp_path / "lib"
    _big_feed(feed, 500)
    for _ in range(2):
        proc = run_cli("--library", str(lib), "import", str(feed), "--json")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = json.loads(run_cli("--library", str(lib), "list", "--json").stdout)
    assert len(rows) == 501
    hits = json.loads(run_cli("--library", str(lib), "search", '"report 377"', "--json").stdout)
    assert [h["title"] for h in hits][:1] == ["Harbour report 377"]
