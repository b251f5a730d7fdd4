"""Highlights and notes in a real library: stored, re-anchored when a source file changes,
orphaned rather than misplaced, untouched by the search index, verified by check."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.library import Library
from reader.library.anchoring import Selector, find, selectors
from reader.library.annotations import AnnotationError

from .conftest import write_article

P1 = "The council met on Tuesday to discuss the budget for the coming year."
P2 = ("Officials said the new income tax would raise four million pounds, "
      "most of it from the largest firms in the city.")
P3 = "Residents were divided over the plan, with many calling for a public vote."
P4 = "A final decision on income tax rates is expected in the spring."


def _import_one(library: Library, path: Path) -> int:
    report = library.import_paths([path])
    ids = report.imported + report.updated
    assert len(ids) == 1, report.to_dict()
    return ids[0]


def _annotated(library: Library, tmp_path: Path) -> tuple[Path, int, int]:
    path = write_article(tmp_path / "src", "council.txt", "Council budget", "\n\n".join([P1, P2, P3, P4]))
    aid = _import_one(library, path)
    a = library.annotations.create(aid, quote="the new income tax would raise four million pounds",
                                   note="check the figure", color="green")
    return path, aid, a.id


def test_a_highlight_is_stored_with_its_selectors(library: Library, tmp_path: Path) -> None:
    _path, aid, hid = _annotated(library, tmp_path)
    a = library.annotations.get(hid)
    body = library.get(aid).body
    assert body[a.start:a.end] == a.quote == "the new income tax would raise four million pounds"
    assert body[a.start - len(a.prefix):a.start] == a.prefix and len(a.prefix) == 32
    assert body[a.end:a.end + len(a.suffix)] == a.suffix
    assert (a.note, a.color, a.state) == ("check the figure", "green", "anchored")
    assert [x.id for x in library.annotations.for_article(aid)] == [hid]
    assert library.annotations.list_all(text="FIGURE")[0].title == "Council budget"


def test_reimporting_an_edited_file_moves_the_highlight_with_its_text(
        library: Library, tmp_path: Path) -> None:
    path, aid, hid = _annotated(library, tmp_path)
    extra = "Protesters gathered outside the town hall before the meeting began."
    write_article(path.parent, path.name, "Council budget", "\n\n".join([extra, P1, P2, P3, P4]))
    report = library.import_paths([path])
    assert report.updated == [aid]
    a = library.annotations.get(hid)
    body = library.get(aid).body
    assert a.state == "moved" and a.note == "check the figure"
    assert body[a.start:a.end] == "the new income tax would raise four million pounds"


def test_a_typo_fixed_inside_the_quote_is_followed(library: Library, tmp_path: Path) -> None:
    path, aid, hid = _annotated(library, tmp_path)
    fixed = P2.replace("four million", "fuor million")
    write_article(path.parent, path.name, "Council budget", "\n\n".join([P1, fixed, P3, P4]))
    library.import_paths([path])
    a = library.annotations.get(hid)
    assert a.state == "moved"
    assert library.get(aid).body[a.start:a.end] == "the new income tax would raise fuor million pounds"


def test_a_removed_passage_is_orphaned_with_quote_and_note_and_found_again(
        library: Library, tmp_path: Path) -> None:
    path, aid, hid = _annotated(library, tmp_path)
    short = library.annotations.create(aid, quote="income tax", note="which one?")
    assert library.get(aid).body.count("income tax") == 2  # in P2 (chosen: first) and in P4
    write_article(path.parent, path.name, "Council budget", "\n\n".join([P1, P3, P4]))
    library.import_paths([path])
    gone = library.annotations.get(hid)
    assert (gone.state, gone.quote, gone.note) == (
        "orphaned", "the new income tax would raise four million pounds", "check the figure")
    # "income tax" still occurs in P4, in other words: a wrong anchor is worse than none.
    assert library.annotations.get(short.id).state == "orphaned"
    listed = library.annotations.for_article(aid)
    assert [a.orphaned for a in listed] == [True, True]  # orphans first, none dropped
    write_article(path.parent, path.name, "Council budget", "\n\n".join([P1, P2, P3, P4]))
    library.import_paths([path])
    back = library.annotations.get(hid)
    assert back.state == "moved"
    assert library.get(aid).body[back.start:back.end] == back.quote


def test_occurrence_and_errors(library: Library, tmp_path: Path) -> None:
    _path, aid, _hid = _annotated(library, tmp_path)
    second = library.annotations.create(aid, quote="income tax", occurrence=2)
    assert library.get(aid).body[second.start:].startswith("income tax rates")
    with pytest.raises(AnnotationError, match="occurs 2 times"):
        library.annotations.create(aid, quote="income tax", occurrence=3)
    with pytest.raises(AnnotationError, match="not in its text"):
        library.annotations.create(aid, quote="never written here")
    with pytest.raises(AnnotationError, match="unknown colour"):
        library.annotations.create(aid, quote="income tax", color="orange")
    # Whitespace and curly quotes typed differently still find the passage.
    loose = library.annotations.create(aid, quote="The  council\nmet")
    assert loose.quote == "The council met"


def test_update_and_delete(library: Library, tmp_path: Path) -> None:
    _path, aid, hid = _annotated(library, tmp_path)
    a = library.annotations.update(hid, note="figure confirmed", color="Blue")
    assert (a.note, a.color) == ("figure confirmed", "blue") and a.quote.startswith("the new")
    assert library.annotations.delete(hid) is True
    assert library.annotations.for_article(aid) == []
    assert library.annotations.delete(hid) is False


def test_the_search_index_never_holds_or_loses_marks(library: Library, tmp_path: Path) -> None:
    _path, aid, hid = _annotated(library, tmp_path)
    library.marks.set_starred([aid])
    library.reindex()
    shutil.rmtree(library.root / "index")
    library.close()
    with Library.open(library.root) as again:
        again.check(repair=True)
        assert again.annotations.get(hid).state == "anchored"
        assert again.marks.get(aid).starred
        assert [h.id for h in again.search("is:starred council").hits] == [aid]


def test_verify_finds_and_fixes_a_displaced_anchor(library: Library, tmp_path: Path) -> None:
    _path, aid, hid = _annotated(library, tmp_path)
    with sqlite3.connect(library.root / "library.sqlite3") as conn:
        conn.execute('UPDATE annotations SET start = start + 5, "end" = "end" + 5 WHERE id = ?',
                     (hid,))
    dry = library.annotations.verify(repair=False)
    assert (dry.checked, dry.fixed) == (1, 1)
    assert library.annotations.get(hid).start != library.get(aid).body.index("the new income")
    report = library.annotations.verify()
    assert (report.checked, report.moved, report.fixed) == (1, 1, 1)
    a = library.annotations.get(hid)
    assert library.get(aid).body[a.start:a.end] == a.quote
    assert library.annotations.verify().fixed == 0


def test_a_highlight_on_a_comment(library: Library, tmp_path: Path) -> None:
    from .conftest import write_jsonl

    path = write_jsonl(tmp_path / "src", "thread.jsonl", [{
        "title": "Budget", "body": P1 + "\n\n" + P2,
        "comments": [{"author": "ann", "text": "First comment here."},
                     {"author": "bob", "text": "The tax plan is a very bad idea for small shops."}],
    }])
    aid = _import_one(library, path)
    a = library.annotations.create(aid, quote="very bad idea", target="comment:1", note="bob")
    assert a.target == "comment:1"
    assert library.annotations.verify().orphaned == 0


def test_find_refuses_to_guess_between_identical_passages() -> None:
    text = "Intro line.\n\nThe vote was close.\n\nMiddle part here.\n\nThe vote was close.\n\nEnd."
    sel = selectors(text, text.index("vote was"), text.index("vote was") + len("vote was close"))
    changed = text.replace("Intro line.", "A new intro line of other words.")
    got = find(changed, sel)
    assert not got.orphaned and changed[got.start:got.end] == "vote was close"
    assert got.start == changed.index("vote was")  # the first: its context says so
    bare = Selector("vote was close", "", "", 0, 14)
    assert find("x The vote was close. y The vote was close. z", bare).orphaned
