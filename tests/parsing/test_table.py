"""Tables (CSV, TSV, Parquet) through ``article-reader parse --json``: one article per row."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.parsing.table_columns import guess_columns, parse_columns_option

REPO = Path(__file__).resolve().parents[2]


def parse_json(*args: str) -> tuple[list[dict], str, int]:
    proc = subprocess.run([sys.executable, "-m", "reader", "parse", "--json", *args],
                          check=False, capture_output=True, text=True, cwd=REPO)
    return [json.loads(line) for line in proc.stdout.splitlines()], proc.stderr, proc.returncode


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


NEWS_CSV = '''headline,article_text,authors,pub_date,link,outlet,keywords
"Council approves budget","The council approved the budget on Tuesday.

""We finally have a plan,"" said Mayor Ana Ruiz.",Jane Roe; John Smith,2024-03-01T10:00:00Z,https://www.example.com/budget,Example Times,"politics, city"
Storm closes schools,"Schools closed as the storm arrived.",['Li Wei'],1709294400,https://news.example.org/storm,,weather
'''


def test_each_csv_row_becomes_an_article_with_its_fields(tmp_path):
    f = write(tmp_path / "export.csv", NEWS_CSV)
    articles, err, rc = parse_json(str(f))
    assert rc == 0, err
    assert len(articles) == 2
    a, b = articles
    assert a["format"] == "table" and a["record"] == {"kind": "row", "row": 1}
    assert a["title"] == "Council approves budget"
    assert a["body"] == ('The council approved the budget on Tuesday.\n\n'
                         '"We finally have a plan," said Mayor Ana Ruiz.')
    assert a["authors"] == ["Jane Roe", "John Smith"]
    assert a["published"].startswith("2024-03-01T10:00")
    assert a["url"] == "https://www.example.com/budget"
    assert a["site"] == "Example Times"
    assert a["tags"] == ["politics", "city"]
    assert any(q["speaker"] == "Ana Ruiz" for q in a["quotes"])
    assert b["record"] == {"kind": "row", "row": 2}
    assert b["authors"] == ["Li Wei"]  # a list written as text
    assert b["published"].startswith("2024-03-01")  # epoch seconds
    assert b["site"] == "news.example.org"  # from the URL when the outlet cell is empty
    assert b["tags"] == ["weather"]


def test_spreadsheet_export_semicolons_windows_1252_crlf(tmp_path):
    text = ("Titel;Text;Autor;Datum\n"
            "Caf\u00e9 r\u00e9ouvre;\u00ab Enfin \u00bb, dit la g\u00e9rante \u2013 tout va bien.;"
            "Zo\u00eb Dupr\u00e9;05.03.2024\n"
            "Second;Une ligne; deux points;X;2024-03-06\n")
    # Column names in another language: --columns names them.
    f = write(tmp_path / "excel.csv", text, encoding="cp1252", newline="\r\n")
    articles, err, rc = parse_json(str(f), "--columns", "title=Titel,body=Text,authors=Autor,date=Datum")
    assert rc == 0, err
    assert articles[0]["title"] == "Caf\u00e9 r\u00e9ouvre"
    assert articles[0]["body"] == "\u00ab Enfin \u00bb, dit la g\u00e9rante \u2013 tout va bien."
    assert articles[0]["authors"] == ["Zo\u00eb Dupr\u00e9"]
    assert articles[0]["published"].startswith("2024-03-05")
    # The second row has a stray ';': reported with its row number, the rest goes on.
    assert len(articles) == 1
    assert "row 2" in err and "cells where the header has 4" in err


def test_tsv_and_utf16_and_html_cells(tmp_path):
    text = ("title\tcontent\tsection\n"
            "Tab one\t<p>First <b>para</b>.</p><p>Second para &amp; more.</p>\tWorld | Europe\n")
    f = write(tmp_path / "dump.tsv", text, encoding="utf-16")
    articles, err, rc = parse_json(str(f))
    assert rc == 0, err
    assert articles[0]["body"] == "First para.\n\nSecond para & more."
    assert articles[0]["tags"] == ["World", "Europe"]


def test_a_cell_holding_a_whole_page_goes_through_the_html_pipeline(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Harbour reopens | Port News</title>"
            "<meta property='og:title' content='Harbour reopens'>"
            "<meta name='author' content='Sam Kay'></head><body><nav>Home | World | Sport</nav>"
            "<article><h1>Harbour reopens</h1>"
            + "".join(f"<p>The harbour reopened today after repairs, sentence {i} of the story, "
                      "with enough words to count as prose.</p>" for i in range(8))
            + "</article><footer>Copyright Port News</footer></body></html>")
    import csv

    with open(tmp_path / "pages.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["url", "html"], ["https://port.example/harbour", page]])
    articles, err, rc = parse_json(str(tmp_path / "pages.csv"))
    assert rc == 0, err
    (a,) = articles
    assert a["title"] == "Harbour reopens"
    assert a["authors"] == ["Sam Kay"]
    assert "sentence 7 of the story" in a["body"]
    assert "Home | World" not in a["body"] and "Copyright" not in a["body"]


def test_parquet_with_a_list_column_of_authors(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "id": [1, 2, 3],
        "Headline": ["One", "Two", "Three"],
        "full_text": ["Body one.", "", "Body three."],
        "authors": [["Ann Lee", "Bo Chan"], [], None],
        "published": [dt.datetime(2023, 5, 1, 8, 30), None, dt.datetime(2023, 5, 3)],
    })
    pq.write_table(table, tmp_path / "news.parquet", row_group_size=2)
    articles, err, rc = parse_json(str(tmp_path / "news.parquet"))
    assert rc == 0, err
    assert [a["title"] for a in articles] == ["One", "Three"]
    assert [a["record"]["row"] for a in articles] == [1, 3]
    assert articles[0]["authors"] == ["Ann Lee", "Bo Chan"]
    assert articles[0]["published"].startswith("2023-05-01T08:30")
    assert "row 2" in err and "no article text" in err


def test_unrecognised_columns_say_how_to_name_them(tmp_path):
    f = write(tmp_path / "odd.csv", "A,B,C\nx,y,z\n")
    articles, _err, rc = parse_json(str(f))
    assert rc == 1
    (only,) = articles
    assert "error" in only and "--columns" in only["error"] and "'A', 'B', 'C'" in only["error"]
    articles, err, rc = parse_json(str(f), "--columns", "body=B,title=A")
    assert rc == 0, err
    assert articles[0]["title"] == "x" and articles[0]["body"] == "y"


def test_a_columns_option_naming_a_missing_column_is_an_error(tmp_path):
    f = write(tmp_path / "a.csv", NEWS_CSV)
    articles, _err, rc = parse_json(str(f), "--columns", "body=Nope")
    assert rc == 1 and "no column 'Nope'" in articles[0]["error"]


def test_json_lines_articles_carry_their_line(tmp_path):
    lines = ['{"title": "A", "body": "Alpha text."}', "",
             '{"title": "B", "body": "Beta text."}']
    f = write(tmp_path / "dump.jsonl", "\n".join(lines) + "\n")
    articles, err, rc = parse_json(str(f))
    assert rc == 0, err
    assert [a["record"] for a in articles] == [{"kind": "line", "line": 1}, {"kind": "line", "line": 3}]


def test_a_plain_article_has_no_record(tmp_path):
    f = write(tmp_path / "story.txt", "A headline\n\nSome body text of the story goes here.\n")
    articles, _err, rc = parse_json(str(f))
    assert rc == 0 and articles[0]["record"] is None


@pytest.mark.parametrize("header, expected", [
    (["Headline", "Article Text", "By", "Pub Date"], {"title": "Headline", "body": "Article Text",
                                                      "date": "Pub Date"}),
    (["article_id", "title", "body", "word_count"], {"title": "title", "body": "body"}),
    (["Title", "Content", "Source", "Section", "Link"], {"title": "Title", "body": "Content",
                                                       "site": "Source", "tags": "Section",
                                                       "url": "Link"}),
])
def test_column_names_exports_use_are_recognised(header, expected):
    guess = guess_columns(header)
    assert {k: v for k, v in guess.items() if k in expected} == expected
    assert "article_id" not in guess.values() and "word_count" not in guess.values()


def test_columns_option_accepts_field_aliases():
    assert parse_columns_option("text=Body,author=By,published=When") == {
        "body": "Body", "authors": "By", "date": "When"}
    with pytest.raises(ValueError):
        parse_columns_option("colour=Red")


def test_titles_are_kept_as_given(tmp_path):
    f = write(tmp_path / "t.csv", "title,text,site\n\"Budget passes | Example Times\",Text.,Example Times\n")
    articles, err, rc = parse_json(str(f))
    assert rc == 0, err
    assert articles[0]["title"] == "Budget passes | Example Times"
