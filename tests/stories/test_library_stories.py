"""Stories in a real library: importing joins articles into stories, marks copies and the
first report, and deleting, re-importing and reindexing keep the stories consistent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.library import Library, story_cache
from tests.stories.fixtures import write_articles

GOLDEN_V1 = Path(__file__).with_name("signature_golden_v1.json")


def _ids_by_name(lib: Library) -> dict[str, int]:
    ids = {}
    for aid in lib.article_ids():
        art = lib.get(aid)
        ids[Path(art.source).name] = aid
    return ids


@pytest.fixture
def library(tmp_path: Path):
    write_articles(tmp_path / "src")
    lib = Library.open(tmp_path / "lib")
    report = lib.import_paths([tmp_path / "src"])
    assert not report.failed
    yield lib, tmp_path
    lib.close()


def test_repost_and_rewrite_join_one_story_and_the_other_event_stays_apart(library) -> None:
    lib, _ = library
    ids = _ids_by_name(lib)
    ship = {ids["original.json"], ids["repost.json"], ids["rewrite.json"]}
    stories = lib.list_stories(min_size=1)
    assert sorted(sorted(s.articles) for s in stories) == sorted(
        [sorted(ship), [ids["other.json"]]])
    assert lib.story_of(ids["repost.json"]) == lib.story_of(ids["rewrite.json"])
    assert lib.story_of(ids["other.json"]) != lib.story_of(ids["original.json"])
    multi = lib.list_stories(min_size=2)
    assert len(multi) == 1
    row = multi[0]
    assert row.articles == [ids["original.json"], ids["rewrite.json"], ids["repost.json"]]
    assert row.first == "2017-12-27T08:00:00" and row.last == "2017-12-27T11:30:00"
    assert set(row.sites) == {"rhine-daily.example", "copyblog.example", "europe-wire.example"}


def test_the_repost_is_marked_as_the_same_text_and_the_earliest_as_first_report(library) -> None:
    lib, _ = library
    ids = _ids_by_name(lib)
    story = lib.story(lib.story_of(ids["original.json"]))
    assert story is not None
    by_id = {m.id: m for m in story.members}
    assert by_id[ids["repost.json"]].copy_of == ids["original.json"]
    assert by_id[ids["rewrite.json"]].copy_of is None  # other words: not a copy
    assert by_id[ids["original.json"]].copy_of is None
    assert story.row.first_report == ids["original.json"]
    assert by_id[ids["original.json"]].first_report


def test_deleting_the_original_keeps_the_story_and_clears_the_copy_mark(library) -> None:
    lib, _ = library
    ids = _ids_by_name(lib)
    story_id = lib.story_of(ids["original.json"])
    lib.delete([ids["original.json"]])
    story = lib.story(story_id)
    assert story is not None
    assert [m.id for m in story.members] == [ids["rewrite.json"], ids["repost.json"]]
    assert all(m.copy_of is None for m in story.members)
    assert story.row.first_report == ids["rewrite.json"]
    lib.delete([ids["rewrite.json"], ids["repost.json"]])
    assert lib.story(story_id) is None
    assert [s.articles for s in lib.list_stories()] == [[ids["other.json"]]]


def test_reimport_and_reindex_keep_the_stories(library) -> None:
    lib, tmp = library
    before = [s.to_dict() for s in lib.list_stories()]
    lib.import_paths([tmp / "src"])  # all unchanged
    lib.reindex()
    assert [s.to_dict() for s in lib.list_stories()] == before
    assert lib.update_stories() == 0  # nothing was left out
    assert lib.update_stories(rebuild=True) == 4
    after = lib.list_stories()
    assert sorted(sorted(s.articles) for s in after) == sorted(sorted(s["articles"]) for s in before)


@pytest.mark.parametrize("pending_max", [story_cache.PENDING_MAX, 1, 2])
def test_articles_imported_one_by_one_find_their_story(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pending_max: int) -> None:
    """Whenever the waiting look-up keys move into story_keys (after every article, every
    second one, or not during these four), the articles find the same story."""
    monkeypatch.setattr(story_cache, "PENDING_MAX", pending_max)
    files = write_articles(tmp_path / "src")
    with Library.open(tmp_path / "lib") as lib:
        for name in ("rewrite.json", "other.json", "repost.json", "original.json"):
            lib.import_paths([files[name]])
        ids = _ids_by_name(lib)
        assert len(lib.list_stories(min_size=2)) == 1
        story = lib.story(lib.story_of(ids["rewrite.json"]))
        assert story is not None and len(story.members) == 3
        # The repost came in before its original; the earliest (by date) is still the original.
        assert story.row.first_report == ids["original.json"]
        by_id = {m.id: m for m in story.members}
        assert by_id[ids["repost.json"]].copy_of == ids["original.json"]


def _as_version_1(lib: Library) -> int:
    """Turn the library's stored signatures into those the app stored before signature
    version 2 (``signature_golden_v1.json``: the fixtures' version 1 signatures)."""
    old = json.loads(GOLDEN_V1.read_text(encoding="utf-8"))
    by_title = {tuple(sig["t"]): sig for sig in old}
    conn = lib._store.conn
    with lib._store.transaction() as c:
        rows = c.execute("SELECT article_id, signature FROM story_signatures").fetchall()
        for aid, stored in rows:
            v1 = by_title[tuple(story_cache.parse_signature(stored).title)]
            c.execute("UPDATE story_signatures SET signature = ? WHERE article_id = ?",
                      (json.dumps(v1), aid))
    return int(conn.execute("SELECT count(*) FROM story_signatures").fetchone()[0])


def _versions(lib: Library) -> dict[int, int]:
    return {aid: story_cache.parse_signature(stored).version for aid, stored
            in lib._store.conn.execute("SELECT article_id, signature FROM story_signatures")}


def _stored_types(lib: Library) -> dict[int, str]:
    return dict(lib._store.conn.execute(
        "SELECT article_id, typeof(signature) FROM story_signatures"))


def _as_json(lib: Library) -> int:
    """Store the library's signatures as JSON text, as the app stored them before the packed
    form (the same values)."""
    with lib._store.transaction() as c:
        rows = c.execute("SELECT article_id, signature FROM story_signatures").fetchall()
        for aid, stored in rows:
            sig = story_cache.parse_signature(stored)
            c.execute("UPDATE story_signatures SET signature = ? WHERE article_id = ?",
                      (json.dumps(sig.to_json(), ensure_ascii=False), aid))
    return len(rows)


def test_signatures_are_stored_packed_and_json_ones_of_an_older_library_still_join(
        tmp_path: Path) -> None:
    """An import stores each signature packed (``reader.stories.packed``: a BLOB); a library
    whose signatures are JSON text (made before) reads them as before, keeps them as they
    are, and joins a repost imported now to its JSON-stored original, as a new library does."""
    files = write_articles(tmp_path / "src")
    first = [files[n] for n in ("original.json", "rewrite.json", "other.json")]
    with Library.open(tmp_path / "new") as lib:
        lib.import_paths(first)
        lib.import_paths([files["repost.json"]])
        assert set(_stored_types(lib).values()) == {"blob"}
        made_now = [s.to_dict() for s in lib.list_stories()]
        copies_now = {m.id: m.copy_of for s in lib.list_stories()
                      for m in lib.story(s.id).members}
    with Library.open(tmp_path / "old") as lib:
        lib.import_paths(first)
        assert _as_json(lib) == 3
        before = dict(lib._store.conn.execute("SELECT article_id, signature FROM story_signatures"))
        assert set(_stored_types(lib).values()) == {"text"}
    with Library.open(tmp_path / "old") as lib:  # (a new connection: nothing held)
        lib.import_paths([files["repost.json"]])
        ids = _ids_by_name(lib)
        by_id = {m.id: m for m in lib.story(lib.story_of(ids["repost.json"])).members}
        assert by_id[ids["repost.json"]].copy_of == ids["original.json"]
        assert [s.to_dict() for s in lib.list_stories()] == made_now
        assert {m.id: m.copy_of for s in lib.list_stories()
                for m in lib.story(s.id).members} == copies_now
        stored = dict(lib._store.conn.execute("SELECT article_id, signature FROM story_signatures"))
        assert {aid: stored[aid] for aid in before} == before  # (the JSON rows as they were)
        assert _stored_types(lib)[ids["repost.json"]] == "blob"
        assert set(_versions(lib).values()) == {2}


def test_a_library_with_version_1_signatures_joins_new_articles_as_a_new_one(
        tmp_path: Path) -> None:
    """Signatures stored by an older version (a sketch hashed otherwise, quote shingles) are
    computed again when the join reads them: the repost imported later is still found to be
    the same text as its original, and the stories are those of a library made now."""
    files = write_articles(tmp_path / "src")
    with Library.open(tmp_path / "new") as lib:
        lib.import_paths([files[n] for n in ("original.json", "rewrite.json", "other.json")])
        lib.import_paths([files["repost.json"]])
        made_now = [s.to_dict() for s in lib.list_stories()]
        copies_now = {m.id: m.copy_of for s in lib.list_stories()
                      for m in lib.story(s.id).members}
    with Library.open(tmp_path / "old") as lib:
        lib.import_paths([files[n] for n in ("original.json", "rewrite.json", "other.json")])
        assert _as_version_1(lib) == 3
        assert set(_versions(lib).values()) == {1}
    with Library.open(tmp_path / "old") as lib:  # (a new connection: nothing held)
        lib.import_paths([files["repost.json"]])
        ids = _ids_by_name(lib)
        story = lib.story(lib.story_of(ids["repost.json"]))
        assert story is not None
        by_id = {m.id: m for m in story.members}
        assert by_id[ids["repost.json"]].copy_of == ids["original.json"]
        assert [s.to_dict() for s in lib.list_stories()] == made_now
        assert {m.id: m.copy_of for s in lib.list_stories()
                for m in lib.story(s.id).members} == copies_now
        versions = _versions(lib)
        assert versions[ids["original.json"]] == versions[ids["repost.json"]] == 2
        # A rebuild computes every signature anew.
        _as_version_1(lib)
        assert lib.update_stories(rebuild=True) == 4
        assert set(_versions(lib).values()) == {2}
        assert [{**s.to_dict(), "id": 0} for s in lib.list_stories()] == [
            {**s, "id": 0} for s in made_now]
