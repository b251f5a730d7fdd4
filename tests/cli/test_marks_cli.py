"""Your marks from the command line: annotate, annotations (and exports), label, mark,
collection, search filters, list --json, check, backup and restore."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = {"id", "article", "quote", "prefix", "suffix", "start", "end", "note", "color", "state",
        "created", "modified"}
P1 = "The council met on Tuesday to discuss the budget for the coming year."
P2 = "Officials said the new levy would raise four million pounds from large firms."
P3 = "Residents were divided over the plan, with many calling for a public vote."


def cli(lib: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(lib), *args],
                          capture_output=True, text=True, timeout=300)


def ok(lib: Path, *args: str) -> str:
    proc = cli(lib, *args)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def write(path: Path, *paras: str) -> None:
    path.write_text("Council budget\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    base = tmp_path_factory.mktemp("marks")
    src = base / "src"
    src.mkdir()
    write(src / "council.txt", P1, P2, P3)
    lib = base / "lib"
    ok(lib, "import", str(src))
    [row] = json.loads(ok(lib, "list", "--json"))
    return lib, src / "council.txt", row["id"]


def test_annotate_then_annotations_and_show_agree(lib) -> None:
    lib, _path, aid = lib
    made = json.loads(ok(lib, "annotate", str(aid), "--quote", "four million pounds",
                         "--note", "source?", "--color", "blue", "--json"))
    assert KEYS <= set(made) and (made["state"], made["color"], made["note"]) == (
        "anchored", "blue", "source?")
    listed = json.loads(ok(lib, "annotations", str(aid), "--json"))
    assert made in listed
    body = json.loads(ok(lib, "show", str(aid), "--json"))["body"]
    for a in listed:
        assert set(a) >= KEYS
        assert body[a["start"]:a["end"]] == a["quote"]
    assert "four million pounds" in ok(lib, "annotations")


def test_reimporting_the_edited_file_moves_the_highlight(lib) -> None:
    lib, path, aid = lib
    made = json.loads(ok(lib, "annotate", str(aid), "--quote", "calling for a public vote",
                         "--json"))
    write(path, "A new opening paragraph about the weather that morning.", P1, P2, P3)
    assert ok(lib, "import", str(path)).splitlines()[1] == "updated: 1"
    [now] = [a for a in json.loads(ok(lib, "annotations", "--json")) if a["id"] == made["id"]]
    body = json.loads(ok(lib, "show", str(aid), "--json"))["body"]
    assert now["state"] == "moved" and now["start"] > made["start"]
    assert body[now["start"]:now["end"]] == "calling for a public vote"
    report = json.loads(ok(lib, "check", "--json"))
    assert report["annotations"]["orphaned"] == 0 and report["annotations"]["fixed"] == 0


def test_a_quote_that_is_not_there_is_refused_plainly(lib) -> None:
    lib, _path, aid = lib
    proc = cli(lib, "annotate", str(aid), "--quote", "nowhere in this text")
    assert proc.returncode == 1 and "the quote is not in its text" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = cli(lib, "annotate", "999", "--quote", "x")
    assert proc.returncode == 2 and "no article with id 999" in proc.stderr


def test_exports_markdown_csv_and_jsonld(lib, tmp_path: Path) -> None:
    lib, _path, aid = lib
    ok(lib, "annotate", str(aid), "--quote", "the budget", "--note", "compare with 2019")
    md = tmp_path / "notes.md"
    ok(lib, "annotations", "--format", "markdown", "--output", str(md))
    text = md.read_text(encoding="utf-8")
    assert "## Council budget" in text and "> the budget" in text
    assert "**Note:** compare with 2019" in text
    rows = list(csv.DictReader(io.StringIO(ok(lib, "annotations", "--format", "csv"))))
    assert {"the budget", "four million pounds"} <= {r["quote"] for r in rows}
    assert all(r["title"] == "Council budget" for r in rows)
    doc = json.loads(ok(lib, "annotations", str(aid), "--format", "jsonld"))
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    item = next(i for i in doc["first"]["items"] if i["target"]["selector"][0]["exact"] == "the budget")
    assert item["type"] == "Annotation" and item["body"]["value"] == "compare with 2019"
    kinds = [s["type"] for s in item["target"]["selector"]]
    assert kinds == ["TextQuoteSelector", "TextPositionSelector"]


def test_labels_marks_collections_and_search_filters(lib) -> None:
    lib, _path, aid = lib
    assert json.loads(ok(lib, "label", str(aid), "--add", "Local", "--add", "money",
                         "--json"))["labels"] == ["Local", "money"]
    ok(lib, "label", str(aid), "--remove", "money")
    [m] = json.loads(ok(lib, "mark", str(aid), "--read", "--star", "--json"))
    assert (m["read"], m["starred"]) == (True, True)
    ok(lib, "collection", "Town hall", "--add", str(aid))
    assert json.loads(ok(lib, "collection", "--json")) == [{"name": "Town hall", "articles": 1}]
    [row] = json.loads(ok(lib, "list", "--json"))
    assert (row["starred"], row["read"], row["labels"]) == (True, True, ["Local"])
    for query in ("is:starred", "label:local", 'in:"town hall"', "note:source", "council is:read"):
        hits = json.loads(ok(lib, "search", query, "--json"))
        assert [h["id"] for h in hits] == [aid], query
    assert json.loads(ok(lib, "search", "is:unread", "--json")) == []
    ok(lib, "mark", str(aid), "--unread", "--unstar")
    assert [h["id"] for h in json.loads(ok(lib, "search", "is:unread", "--json"))] == [aid]
    ok(lib, "collection", "Town hall", "--remove", str(aid))
    assert json.loads(ok(lib, "collection", "Town hall", "--json"))["articles"] == []


def test_backup_and_restore_twice_without_duplicates(lib, tmp_path: Path) -> None:
    lib, _path, _aid = lib
    before = json.loads(ok(lib, "annotations", "--json"))
    backup = tmp_path / "all.arbackup"
    ok(lib, "backup", str(backup))
    fresh = tmp_path / "fresh"
    first = json.loads(ok(fresh, "restore", str(backup), "--json"))
    second = json.loads(ok(fresh, "restore", str(backup), "--json"))
    assert (first["articles_added"], first["annotations_added"]) == (1, len(before))
    assert (second["articles_added"], second["annotations_added"]) == (0, 0)
    after = json.loads(ok(fresh, "annotations", "--json"))

    def strip(rows: list[dict]) -> list[tuple]:
        return sorted((a["uuid"], a["quote"], a["note"], a["start"]) for a in rows)

    assert strip(after) == strip(before)
    [row] = json.loads(ok(fresh, "list", "--json"))
    assert [h["id"] for h in json.loads(ok(fresh, "search", "budget", "--json"))] == [row["id"]]


def test_a_highlight_whose_passage_went_is_kept_as_orphaned(lib) -> None:
    lib, path, aid = lib
    made = json.loads(ok(lib, "annotate", str(aid), "--quote", "a public vote", "--note", "keep me",
                         "--json"))
    write(path, P1, P2)  # the paragraph holding it is gone
    ok(lib, "import", str(path))
    listed = json.loads(ok(lib, "annotations", str(aid), "--json"))
    [gone] = [a for a in listed if a["id"] == made["id"]]
    assert (gone["state"], gone["quote"], gone["note"]) == ("orphaned", "a public vote", "keep me")
    assert listed[0]["state"] == "orphaned"  # orphans first
    assert "[orphaned]" in ok(lib, "annotations", str(aid))
    report = json.loads(ok(lib, "check", "--json"))
    assert report["annotations"]["orphaned"] >= 1 and report["annotations"]["fixed"] == 0


def test_a_mark_field_with_nothing_after_it_searches_nothing(tmp_path: Path) -> None:
    """"label:" (a query still being typed): the stray colon is ignored, as after "title:",
    and the field's name is not searched as a word (it found this article by "labels")."""
    src = tmp_path / "museum.txt"
    src.write_text("Museum labels\n\nThe museum rewrote the labels and notes beside each painting "
                   "in the collection.\n", encoding="utf-8")
    ok(tmp_path / "lib", "import", str(src))
    for query in ("label:", "note:", "in:", "collection:"):
        proc = cli(tmp_path / "lib", "search", query, "--json")
        assert proc.returncode == 0 and json.loads(proc.stdout) == [], query
        assert proc.stderr == "article-reader: Ignored a stray colon.\n", query
    hits = json.loads(ok(tmp_path / "lib", "search", "label: museum", "--json"))
    assert [h["title"] for h in hits] == ["Museum labels"]


def test_restore_names_a_folder_as_a_folder(tmp_path: Path) -> None:
    proc = cli(tmp_path / "lib", "restore", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr == f"article-reader: {tmp_path} is a folder; give the backup file\n"  # (was "no such file")


def test_collection_delete_with_json_prints_json(lib) -> None:
    """--delete ignored --json ("deleted: 1"), and silently dropped an --add given with it."""
    lib, _path, aid = lib
    ok(lib, "collection", "Scratch", "--add", str(aid))
    both = cli(lib, "collection", "Scratch", "--delete", "--add", str(aid))
    assert both.returncode == 1 and "--delete" in both.stderr
    assert json.loads(ok(lib, "collection", "Scratch", "--json"))["articles"] != []  # untouched
    assert json.loads(ok(lib, "collection", "Scratch", "--delete", "--json")) == {"deleted": 1}
    gone = cli(lib, "collection", "Scratch", "--delete", "--json")
    assert gone.returncode == 1 and json.loads(gone.stdout) == {"deleted": 0}
