"""Stars, read state, labels, collections, the search filters on them, backup and restore."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reader.library import Library
from reader.library.backup import BackupError, restore_backup, write_backup
from reader.library.marks import MarkError

from .conftest import write_article, write_jsonl


@pytest.fixture
def three(library: Library, tmp_path: Path) -> tuple[Library, list[int]]:
    src = tmp_path / "src"
    write_article(src, "a.txt", "Harbour plan approved", "The harbour plan was approved by the board.")
    write_article(src, "b.txt", "Harbour strike ends", "Dock workers ended the harbour strike today.")
    write_jsonl(src, "c.jsonl", [{"title": "Rail fares rise", "body": "Rail fares rise again in May.",
                                  "tags": ["transport"], "date": "2020-01-01"}])
    library.import_paths([src])
    ids = sorted(library.article_ids())
    return library, ids


def test_labels_are_the_readers_own_and_separate_from_tags(three) -> None:
    library, (a, _b, c) = three
    m = library.marks.add_labels(c, ["To check", "transport"])
    assert m.labels == ("To check", "transport")
    assert library.get(c).tags == ["transport"]  # the site's tags are untouched
    library.marks.add_labels(a, ["to CHECK"])  # one spelling per label
    assert library.marks.labels() == [("To check", 2), ("transport", 1)]
    assert library.marks.remove_labels(c, ["TO CHECK"]).labels == ("transport",)
    with pytest.raises(MarkError):
        library.marks.add_labels(a, ["   "])


def test_star_read_and_collections(three) -> None:
    library, (a, b, c) = three
    assert not any(r.read or r.starred for r in library.rows([a, b, c]))
    library.marks.set_read([a, b])
    library.marks.set_read([b], read=False)
    library.marks.set_starred([c])
    rows = {r.id: r for r in library.rows([a, b, c])}
    assert (rows[a].read, rows[b].read, rows[c].starred) == (True, False, True)
    library.marks.add_to_collection("Harbour", [a, b])
    library.marks.add_to_collection("Reading list", [a])
    assert library.marks.add_to_collection("harbour", [a]) == 0  # already there
    assert library.marks.get(a).collections == ("Harbour", "Reading list")
    assert library.marks.collections() == [("Harbour", 2), ("Reading list", 1)]
    assert library.article_ids(collection="harbour", unread=True) == [b]
    assert library.article_ids(starred=True) == [c]
    library.marks.remove_from_collection("Harbour", [b])
    assert library.marks.collection_ids("Harbour") == [a]
    assert library.marks.delete_collection("Harbour")
    assert library.count() == 3  # its articles stay


def test_search_filters_on_marks(three) -> None:
    library, (a, b, c) = three
    library.annotations.create(a, quote="harbour plan", note="Board vote count?")
    library.marks.set_starred([b])
    library.marks.set_read([a])
    library.marks.add_labels(c, ["fares"])
    library.marks.add_to_collection("Docks and ports", [a, b])

    def ids(q: str) -> list[int]:
        return sorted(h.id for h in library.search(q).hits)

    assert ids("harbour") == [a, b]
    assert ids("harbour is:starred") == [b]
    assert ids("harbour is:unread") == [b]
    assert ids("is:unread") == [b, c]
    assert ids("note:vote") == [a]
    assert ids('highlight:"harbour plan"') == [a]
    assert ids("label:fares") == [c]
    assert ids('in:"docks and ports"') == [a, b]
    assert ids('harbour -in:"Docks and ports"') == []
    assert ids("rail -is:starred") == [c]
    assert library.search("harbour is:starred").query == "harbour is:starred"
    body = library.get(a).body
    # The article's search highlighting marks the words, not the filter's field names.
    assert [body[s:e].lower() for s, e in library.match_spans("note:vote harbour", body)] == [
        "harbour"]
    hit = library.search("note:vote").hits[0]
    assert "harbour plan" in hit.snippet and "Board vote count?" in hit.snippet


def test_backup_restores_into_a_fresh_library_and_merges_without_duplicates(
        three, tmp_path: Path) -> None:
    library, (a, b, c) = three
    note = library.annotations.create(a, quote="approved by the board", note="n1", color="pink")
    library.marks.add_labels(b, ["strikes"])
    library.marks.set_starred([b])
    library.marks.set_read([c])
    library.marks.add_to_collection("Ports", [a, b])
    backup = tmp_path / "lib.arbackup"
    report = write_backup(library, backup)
    assert report.to_dict() == {"articles": 3, "annotations": 1, "marked": 2, "collections": 1}
    with zipfile.ZipFile(backup) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert (manifest["format"], manifest["version"]) == ("article-reader-backup", 1)
        first = json.loads(z.read("articles.jsonl").splitlines()[0])
        assert {"source", "content_hash", "format", "imported_at", "article", "body"} <= set(first)

    with Library.open(tmp_path / "fresh") as fresh:
        r1 = restore_backup(fresh, backup)
        assert (r1.articles_added, r1.annotations_added, r1.failed) == (3, 1, [])
        r2 = restore_backup(fresh, backup)
        assert (r2.articles_added, r2.articles_present, r2.annotations_added,
                r2.annotations_present, r2.labels_added, r2.collections_added) == (0, 3, 0, 1, 0, 0)
        assert fresh.count() == 3
        [restored] = fresh.annotations.list_all()
        body = fresh.get(restored.article_id).body
        assert body[restored.start:restored.end] == "approved by the board"
        assert (restored.note, restored.color, restored.uuid) == ("n1", "pink", note.uuid)
        by_title = {fresh.get(i).title: i for i in fresh.article_ids()}
        sb = fresh.marks.get(by_title["Harbour strike ends"])
        assert sb.starred and sb.labels == ("strikes",) and sb.collections == ("Ports",)
        assert fresh.marks.get(by_title["Rail fares rise"]).read
        # Restored articles are searchable: they were indexed.
        assert [h.id for h in fresh.search("dock workers").hits] == [by_title["Harbour strike ends"]]

    # Into the library it came from: nothing new.
    again = restore_backup(library, backup)
    assert (again.articles_added, again.annotations_added) == (0, 0)
    assert library.annotations.count() == 1


def test_restore_refuses_what_is_not_a_backup(library: Library, tmp_path: Path) -> None:
    bogus = tmp_path / "x.zip"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(BackupError, match="not an Article Reader backup"):
        restore_backup(library, bogus)
    assert library.count() == 0
