"""Spam signal "the same comment text under several articles", kept by the library across imports."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reader.library import Library
from reader.parsing.spam import REPEAT_COUNT_SHOWN, comment_fingerprints
from tests.library.conftest import write_jsonl

BOT = "Wonderful information, I will share it with my friends on every social network I use."
BOT_SHOUTED = "WONDERFUL information - I will share it with my friends on every social network I use!!"
OWN = "The {topic} plan will cost the council more than the mayor admits, and nobody asked us."


def write_story(folder: Path, name: str, topic: str, *comments: tuple[str, str]) -> Path:
    """One article as a JSON file, with (author, text) comments."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "title": f"News about the {topic}",
        "body": f"The council met on Tuesday to discuss the {topic}. Residents spoke for hours.",
        "comments": [{"author": a, "text": t} for a, t in comments],
    }), encoding="utf-8")
    return path


def comments_by_author(library: Library, article_id: int) -> dict[str, tuple[bool, list[str]]]:
    return {c.author: (c.spam, c.spam_reasons) for _d, c in library.get(article_id).iter_comments()}


def fingerprint_rows(library: Library) -> set[tuple[int, str]]:
    conn = sqlite3.connect(library.root / "library.sqlite3")
    try:
        return set(conn.execute("SELECT article_id, fingerprint FROM comment_fingerprints"))
    finally:
        conn.close()


def expected_rows(library: Library) -> set[tuple[int, str]]:
    """What the table must hold: each stored article's own comment fingerprints."""
    return {(i, fp) for i in library.article_ids() for fp in comment_fingerprints(library.get(i))}


def test_copied_comment_is_spam_under_both_articles_but_short_thanks_is_not(
    library: Library, tmp_path: Path
) -> None:
    first = write_story(tmp_path, "a.json", "park", ("Ann", BOT), ("Jo", "Thanks!"),
                        ("Smokey", OWN.format(topic="park")))
    second = write_story(tmp_path, "b.json", "bridge", ("Bob", BOT_SHOUTED), ("Kim", "Thanks!"),
                         ("Zac", OWN.format(topic="bridge")))
    [a] = library.import_paths([first]).imported
    assert comments_by_author(library, a)["Ann"] == (False, [])  # nothing to compare with yet
    [b] = library.import_paths([second]).imported

    for aid, bot in ((a, "Ann"), (b, "Bob")):
        seen = comments_by_author(library, aid)
        assert seen[bot] == (True, ["same text in 1 other article"])
        assert seen["Jo" if aid == a else "Kim"] == (False, [])  # "Thanks!" everywhere is no copy
        assert seen["Smokey" if aid == a else "Zac"] == (False, [])
    assert [r.comment_count for r in library.rows([a, b])] == [3, 3]
    assert fingerprint_rows(library) == expected_rows(library)


def test_counts_follow_a_third_copy_and_deletions(library: Library, tmp_path: Path) -> None:
    paths = [write_story(tmp_path, f"{n}.json", topic, (author, BOT))
             for n, (topic, author) in enumerate([("park", "Ann"), ("bridge", "Bob"), ("zoo", "Cy")])]
    ids = library.import_paths(paths).imported
    assert len(ids) == 3
    for aid in ids:
        assert library.get(aid).comments[0].spam_reasons == ["same text in 2 other articles"]

    assert library.delete([ids[2]]) == 1
    for aid in ids[:2]:
        assert library.get(aid).comments[0].spam_reasons == ["same text in 1 other article"]
    assert fingerprint_rows(library) == expected_rows(library)

    library.delete([ids[1]])
    last = library.get(ids[0]).comments[0]
    assert (last.spam, last.spam_reasons) == (False, [])  # the only copy left is no copy
    assert {aid for aid, _fp in fingerprint_rows(library)} == {ids[0]}
    assert fingerprint_rows(library) == expected_rows(library)


def test_reimporting_or_updating_a_file_does_not_count_it_twice(
    library: Library, tmp_path: Path
) -> None:
    first = write_story(tmp_path, "a.json", "park", ("Ann", BOT))
    second = write_story(tmp_path, "b.json", "bridge", ("Bob", BOT))
    a, b = library.import_paths([first, second]).imported
    rows = fingerprint_rows(library)

    again = library.import_paths([first, second])
    assert sorted(again.unchanged) == sorted([a, b])
    copy = tmp_path / "elsewhere" / "a.json"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    assert library.import_paths([copy]).unchanged == [a]
    assert fingerprint_rows(library) == rows

    # New bytes at the same path: the article's old version is not "another article".
    write_story(tmp_path, "a.json", "park", ("Ann", BOT), ("Smokey", OWN.format(topic="park")))
    assert library.import_paths([first]).updated == [a]
    for aid in (a, b):
        assert library.get(aid).comments[0].spam_reasons == ["same text in 1 other article"]
    assert fingerprint_rows(library) == expected_rows(library)


def test_an_update_that_drops_the_copy_clears_the_other_article(
    library: Library, tmp_path: Path
) -> None:
    first = write_story(tmp_path, "a.json", "park", ("Ann", BOT))
    second = write_story(tmp_path, "b.json", "bridge", ("Bob", BOT))
    a, b = library.import_paths([first, second]).imported
    write_story(tmp_path, "b.json", "bridge", ("Bob", OWN.format(topic="bridge")))
    assert library.import_paths([second]).updated == [b]
    for aid in (a, b):
        c = library.get(aid).comments[0]
        assert (c.spam, c.spam_reasons) == (False, [])
    assert fingerprint_rows(library) == expected_rows(library)


def test_other_spam_reasons_survive_when_the_copy_goes(library: Library, tmp_path: Path) -> None:
    seller = "ofertas de cruceros baratos"  # a commercial author name: spam on its own
    first = write_story(tmp_path, "a.json", "park", (seller, BOT))
    second = write_story(tmp_path, "b.json", "bridge", ("Bob", BOT))
    a, b = library.import_paths([first, second]).imported
    reasons = library.get(a).comments[0].spam_reasons
    assert reasons[0].startswith("commercial words") and reasons[-1] == "same text in 1 other article"
    library.delete([b])
    c = library.get(a).comments[0]
    assert c.spam and c.spam_reasons == reasons[:-1]


def test_copies_inside_one_multi_article_file(library: Library, tmp_path: Path) -> None:
    dump = write_jsonl(tmp_path, "dump.jsonl", [
        {"title": "First", "body": "Herons nest by the river.", "comments": [{"author": "Ann", "text": BOT}]},
        {"title": "Second", "body": "Egrets fish in the lake.", "comments": [{"author": "Bob", "text": BOT}]},
    ])
    ids = library.import_paths([dump]).imported
    assert [library.get(i).comments[0].spam for i in ids] == [True, True]


def test_a_file_that_fails_leaves_no_fingerprints_and_no_flags(
    library: Library, tmp_path: Path
) -> None:
    [a] = library.import_paths([write_story(tmp_path, "a.json", "park", ("Ann", BOT))]).imported
    rows = fingerprint_rows(library)
    conn = sqlite3.connect(library.root / "library.sqlite3")
    conn.execute("CREATE TRIGGER fail BEFORE INSERT ON articles WHEN NEW.title = 'Second' "
                 "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END")
    conn.commit()
    conn.close()
    dump = write_jsonl(tmp_path, "dump.jsonl", [
        {"title": "First", "body": "Herons nest by the river.", "comments": [{"author": "Bob", "text": BOT}]},
        {"title": "Second", "body": "Egrets fish in the lake."},
    ])
    report = library.import_paths([dump])
    assert [p for p, _r in report.failed] == [str(dump)]
    assert library.article_ids() == [a]
    c = library.get(a).comments[0]
    assert (c.spam, c.spam_reasons) == (False, [])  # the rolled-back copy flagged nothing
    assert fingerprint_rows(library) == rows


def test_many_copies_read_n_or_more(library: Library, tmp_path: Path) -> None:
    n = REPEAT_COUNT_SHOWN + 3
    paths = [write_story(tmp_path, f"{i:02}.json", f"topic{i}", (f"Bot{i}", BOT)) for i in range(n)]
    ids = library.import_paths(paths).imported
    assert len(ids) == n
    for aid in (ids[0], ids[-1]):
        assert library.get(aid).comments[0].spam_reasons == [
            f"same text in {REPEAT_COUNT_SHOWN} or more other articles"]


def test_a_library_from_before_fingerprints_gets_them_on_open(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    with Library.open(root) as library:
        a, b = library.import_paths([write_story(tmp_path, "a.json", "park", ("Ann", BOT)),
                                     write_story(tmp_path, "b.json", "bridge", ("Bob", BOT))]).imported
    # Turn it into what the previous version stored: schema 1, no table, no copy flags.
    conn = sqlite3.connect(root / "library.sqlite3")
    conn.execute("DROP TABLE comment_fingerprints")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    for aid, data in conn.execute("SELECT id, data FROM articles").fetchall():
        d = json.loads(data)
        for entry in d["comments_flat"]:
            entry[4], entry[5] = False, []
        conn.execute("UPDATE articles SET data = ? WHERE id = ?", (json.dumps(d), aid))
    conn.commit()
    conn.close()
    with Library.open(root) as library:
        for aid in (a, b):
            assert library.get(aid).comments[0].spam_reasons == ["same text in 1 other article"]
        assert fingerprint_rows(library) == expected_rows(library)
        assert library.check(repair=False).problems == []
