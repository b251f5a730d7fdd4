"""Titles the page declares in places older pages write them (issue 15).

Tiny fixture pages written here: a JSON-LD headline wrapped in ``<![CDATA[ ]]>``
(as XHTML-era templates do), and a Dublin Core title stated in an RDFa tag that
names several properties at once. The title is read through ``article-reader
parse --json``, as a user of the command line sees it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TEXT = "<p>" + "The council met on Tuesday to decide the future of the harbour ferry service. " * 8 + "</p>"


def _parse_title(tmp_path: Path, head: str, body: str) -> str:
    page = tmp_path / "page.html"
    page.write_text(f"<html><head>{head}</head><body>{body}{TEXT}</body></html>", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reader", "parse", "--json", str(page)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return str(json.loads(proc.stdout.splitlines()[0])["title"])


def test_a_json_ld_headline_inside_cdata_is_read(tmp_path: Path) -> None:
    ld = ('<script type="application/ld+json">\n  <![CDATA[\n  {"@context": "https://schema.org",'
          ' "@type": "NewsArticle", "headline": "How to ride the harbour ferry for less this winter",'
          ' "publisher": {"@type": "Organization", "name": "Harbour Times"}}\n  ]]>\n</script>')
    head = ("<title>How to ride the harbour ferry for less this winter - Harbour Times</title>"
            '<meta property="og:title" content="Ferry fares explained">' + ld)
    title = _parse_title(tmp_path, head, "<h2>More from Harbour Times</h2>")
    assert title == "How to ride the harbour ferry for less this winter"


def test_a_dublin_core_title_in_a_multi_property_tag_is_the_title(tmp_path: Path) -> None:
    head = ('<title>Harbour Times | News</title>'
            '<meta property="x:title dc:title" content="Ferry fares to rise in the spring">')
    title = _parse_title(tmp_path, head, "<h1>Harbour Times</h1>")
    assert title == "Ferry fares to rise in the spring"
