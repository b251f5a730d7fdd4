"""Your highlights and notes in the PDF: drawn in their colours, notes numbered at the end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.export.compose import ExportOptions, article_html
from reader.library import Library
from reader.library.anchoring import COLOR_HEX

SEED = sorted((Path(__file__).resolve().parents[2] / "resources" / "sample").glob("*.txt"))[0]


def test_compose_draws_highlights_and_numbers_notes(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        [aid] = lib.import_paths([SEED]).imported
        article = lib.get(aid)
        lib.annotations.create(aid, quote="A fight to the death", color="pink", note="Key <claim>")
        lib.annotations.create(aid, quote="days in power", color="blue")
        lib.annotations.create(aid, quote="fate", note="orphan soon")
        gone = lib.annotations.list_all(text="orphan soon")[0]
        with lib._store.transaction() as conn:  # as a re-import that lost the passage leaves it
            conn.execute("UPDATE annotations SET state='orphaned' WHERE id=?", (gone.id,))
        marks = lib.annotations.for_article(aid)
    html = article_html(article, ExportOptions(), annotations=marks)
    assert f'background-color: {COLOR_HEX["pink"]};">A fight to the death</span>' in html
    assert f'background-color: {COLOR_HEX["blue"]};">days in power</span>' in html
    notes = html[html.index("<h2>Notes</h2>"):]
    assert "Key &lt;claim&gt;" in notes and "orphan soon" in notes
    assert notes.index("Key &lt;claim&gt;") < notes.index("passage no longer found")
    mark = html.index("A fight to the death</span><sup>")
    assert html[mark:html.index("</sup>", mark)].endswith(">1</span>")  # note 1, in body order
    assert "<sup>" not in html[html.index("days in power</span>"):mark]  # no note, no number


def test_export_command_shows_highlights_and_notes(tmp_path: Path, pdf_reader) -> None:
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        [aid] = lib.import_paths([SEED]).imported
        lib.annotations.create(aid, quote="A fight to the death", color="green",
                               note="Worth quoting in the piece on exile options.")
    out = tmp_path / "marked.pdf"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(root), "export",
                           str(aid), "--pdf", str(out)], capture_output=True, text=True,
                          timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    read = pdf_reader(out)
    assert read.has_fill_colour(COLOR_HEX["green"], 0)
    assert read.contains_in_order(["A fight to the death", "Notes", "1.", "A fight to the death",
                                   "Worth quoting in the piece on exile options."])
    plain = tmp_path / "plain.pdf"
    proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(root), "export",
                           str(aid), "--pdf", str(plain), "--no-highlights"], capture_output=True,
                          text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    again = pdf_reader(plain)
    assert not again.has_fill_colour(COLOR_HEX["green"]) and "Notes" not in again.text


def test_a_highlight_on_a_comment_is_drawn_in_the_thread(tmp_path: Path) -> None:
    import json

    src = tmp_path / "thread.jsonl"
    src.write_text(json.dumps({
        "title": "Budget", "body": "The council met.\n\nThe plan passed.",
        "comments": [{"author": "ann", "text": "First comment."},
                     {"author": "bob", "text": "Line one.\n\nThis plan is a bad idea for shops."}],
    }) + "\n", encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        [aid] = lib.import_paths([src]).imported
        lib.annotations.create(aid, quote="bad idea", target="comment:1", color="purple",
                               note="bob again")
        article, marks = lib.get(aid), lib.annotations.for_article(aid)
    html = article_html(article, ExportOptions(comments=True), annotations=marks)
    thread = html[html.index("<h2>Comments</h2>"):]
    assert f'background-color: {COLOR_HEX["purple"]};">bad idea</span><sup>' in thread
    assert "Line one." in thread and "for shops." in thread
    notes = html[html.index("<h2>Notes</h2>"):html.index("<h2>Comments</h2>")]
    assert "bob again" in notes and "in a comment by bob" in notes
