"""The SQLite store on its own: identity rules, round trips, sorting, journal, threads."""

from __future__ import annotations

import random
import sqlite3
import threading
import tracemalloc
from pathlib import Path

import pytest

from reader.errors import ArticleNotFound, LibraryError
from reader.library.codec import PreparedFile, prepare_article
from reader.library.store import Store
from reader.model import Article, Comment, Quote


def make_article(title: str, *, body: str = "Body text.", published: str | None = None,
                 site: str | None = None, tags: list[str] | None = None, **kw) -> Article:
    return Article(source="x", format="text", title=title, body=body, published=published,
                   site=site, tags=tags or [], **kw)


def prepared(path: str, content_hash: str, *articles: Article) -> PreparedFile:
    return PreparedFile(path, "text", content_hash, [prepare_article(a) for a in articles])


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path)
    yield s
    s.close()


def test_article_round_trips_with_quotes_comments_and_tags(store: Store) -> None:
    body = 'He said "we will win" today.'
    start = body.index("we will")
    article = make_article(
        "Title", body=body, published="2012-12-05T19:15:00-05:00", site="CNN",
        tags=["Syria", "Assad"], authors=["Jamie Crawford"], url="http://example.com/a",
        comments_claimed=176,
        quotes=[Quote("we will win", "John Smith", start, start + 11, role="Senator")],
        comments=[Comment("ann", "2012-12-05T20:00", "first",
                          replies=[Comment("bob", None, "reply", spam=True,
                                           spam_reasons=["link farm"])])],
    )
    out = store.store_file(prepared("/a.txt", "h1", article))
    assert out.status == "imported"
    back = store.get(out.imported[0])
    assert back.to_dict() == article.to_dict()
    assert back.comment_count() == 2
    row = store.rows(out.imported)[0]
    assert (row.title, row.site, row.comment_count, row.comments_claimed) == ("Title", "CNN", 2, 176)


def test_same_bytes_anywhere_are_unchanged_and_new_bytes_at_a_path_update_in_place(
    store: Store,
) -> None:
    first = store.store_file(prepared("/a.txt", "h1", make_article("Old", tags=["x"])))
    again = store.store_file(prepared("/a.txt", "h1", make_article("Old")))
    elsewhere = store.store_file(prepared("/copy/a.txt", "h1", make_article("Old")))
    assert again.status == elsewhere.status == "unchanged"
    assert again.unchanged == elsewhere.unchanged == first.imported
    changed = store.store_file(prepared("/a.txt", "h2", make_article("New", tags=["y"])))
    assert changed.status == "updated"
    assert changed.updated == first.imported  # the article keeps its id
    assert store.count() == 1
    assert store.get(first.imported[0]).title == "New"
    assert store.tags() == [("y", 1)]


def test_multi_article_file_grows_and_shrinks_by_slot(store: Store) -> None:
    three = store.store_file(prepared("/d.jsonl", "h1", *(make_article(t) for t in "ABC")))
    assert len(three.imported) == 3
    assert set(store.source_slots("/d.jsonl")) == {0, 1, 2}
    two = store.store_file(prepared("/d.jsonl", "h2", make_article("A2"), make_article("B2")))
    assert two.updated == three.imported[:2]
    assert two.removed == [three.imported[2]]
    assert [r.title for r in store.rows(three.imported)] == ["A2", "B2"]
    with pytest.raises(ArticleNotFound):
        store.get(three.imported[2])


def test_sorting_and_filters(store: Store) -> None:
    specs = [
        ("banana", "2020-01-02", "Site B", ["t1"]),
        ("Apple", "2021-05-01T10:00:00+02:00", "site a", ["t1", "t2"]),
        ("cherry", None, "Site B", []),
        ("date", "2019-12-31", None, ["t2"]),
    ]
    ids = {}
    for i, (title, published, site, tags) in enumerate(specs):
        out = store.store_file(prepared(f"/{i}.txt", f"h{i}", make_article(
            title, published=published, site=site, tags=tags)))
        ids[title] = out.imported[0]

    def titles(**kw) -> list[str]:
        return [r.title for r in store.rows(store.article_ids(**kw))]

    assert titles(sort="date") == ["Apple", "banana", "date", "cherry"]  # undated last
    assert titles(sort="date", descending=False) == ["cherry", "date", "banana", "Apple"]
    assert titles(sort="title", descending=False) == ["Apple", "banana", "cherry", "date"]
    assert titles(sort="site", descending=False)[0] == "date"  # no site sorts first
    assert titles(site="Site B") == ["banana", "cherry"]
    assert titles(tag="t2") == ["Apple", "date"]
    assert titles(tag="t1", site="site a") == ["Apple"]
    assert store.sites() == [("site a", 1), ("Site B", 2)]
    assert store.tags() == [("t1", 2), ("t2", 2)]
    with pytest.raises(ValueError):
        store.article_ids(sort="colour")


def test_a_large_library_s_ids_come_in_order_without_a_python_int_each(store: Store) -> None:
    """The list's ids of 100,000 articles: in the sort asked for, and read in fewer bytes than one
    Python int and its list slot per id (36) at any moment (a million: the window's list re-read)."""
    n = 100_000
    ids = random.Random(3).sample(range(1, 1 << 40), n)  # (ids as large as 8 bytes hold; any order)
    with store.conn:
        store.conn.executemany(
            "INSERT INTO articles (id, source, content_hash, format, title, published_sort, data, imported_at, "
            "updated_at, seq) VALUES (?, ?, '', 'text', ?, ?, '{}', '', '', 0)",
            [(i, f"/{i}", f"t{i % 997:03d}", f"2020-{i % 12 + 1:02d}") for i in ids],
        )
    expected = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY title COLLATE NOCASE, id")]
    tracemalloc.start()
    try:
        got = store.article_ids(sort="title", descending=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == expected and len(set(expected)) == n
    assert peak < 32 * n
    assert store.article_ids(sort="date")[:3] == [r[0] for r in store.conn.execute(
        "SELECT id FROM articles ORDER BY published_sort DESC, id DESC LIMIT 3")]


def test_rows_keep_the_order_asked_and_skip_unknown_ids(store: Store) -> None:
    ids = [store.store_file(prepared(f"/{i}", f"h{i}", make_article(f"T{i}"))).imported[0]
           for i in range(1200)]  # more than one SQL chunk
    wanted = list(reversed(ids)) + [999_999]
    rows = store.rows(wanted)
    assert [r.id for r in rows] == list(reversed(ids))


def test_ten_thousand_level_comment_thread_round_trips(store: Store) -> None:
    root = Comment("a0", None, "level 0")
    node = root
    for depth in range(1, 10_000):
        child = Comment(f"a{depth}", None, f"level {depth}")
        node.replies.append(child)
        node = child
    out = store.store_file(prepared("/deep.json", "h", make_article("Deep", comments=[root])))
    back = store.get(out.imported[0])
    depths = [d for d, _c in back.iter_comments()]
    assert len(depths) == 10_000 and depths[-1] == 9_999
    assert store.rows(out.imported)[0].comment_count == 10_000


def test_lone_surrogates_are_stored_without_moving_quote_offsets(store: Store) -> None:
    body = 'Broken \ud800 text, "quoted words" end.'
    start = body.index("quoted")
    article = make_article("T\udcff", body=body,
                           quotes=[Quote("quoted words", "X", start, start + 12)])
    back = store.get(store.store_file(prepared("/s", "h", article)).imported[0])
    assert back.title == "T\ufffd"
    q = back.quotes[0]
    assert back.body[q.start:q.end] == "quoted words"


def test_journal_records_changes_and_deletions(store: Store) -> None:
    a = store.store_file(prepared("/a", "h1", make_article("A"))).imported[0]
    mark = store.max_seq()
    b = store.store_file(prepared("/b", "h2", make_article("B"))).imported[0]
    store.store_file(prepared("/a", "h3", make_article("A2")))
    assert store.delete([b, 12345]) == 1
    changed, deleted = store.changed_since(mark)
    assert changed == [a] and deleted == [b]
    assert store.backlog(mark) == 2
    store.prune_tombstones(store.max_seq())
    assert store.changed_since(store.max_seq()) == ([], [])


def test_speakers_and_their_quotes(store: Store) -> None:
    body = '"One," said Ann. "Two," said Bob. "Three," said Ann.'
    qs = []
    for word, who in (("One,", "Ann"), ("Two,", "Bob"), ("Three,", "Ann")):
        s = body.index(word)
        qs.append(Quote(word, who, s, s + len(word)))
    store.store_file(prepared("/q", "h", make_article("Q", body=body, quotes=qs,
                                                      published="2020-01-01")))
    assert [(s.name, s.quotes, s.articles) for s in store.speakers()] == [("Ann", 2, 1),
                                                                         ("Bob", 1, 1)]
    rows = store.quotes_by("Ann")
    assert [(r.text, r.index) for r in rows] == [("One,", 0), ("Three,", 2)]
    assert body[rows[1].start:rows[1].end] == "Three,"


def test_readers_in_threads_see_whole_files_while_a_writer_writes(store: Store) -> None:
    """Each file holds two articles; a reader must never see one without the other."""
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            n = store.count()
            if n % 2:
                errors.append(f"saw {n} articles: half a file")

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(150):
            store.store_file(prepared(f"/f{i}.jsonl", f"h{i}", make_article("a"),
                                      make_article("b")))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    assert store.count() == 300


def test_a_thread_that_ended_leaves_its_connection_to_the_next_one(store: Store) -> None:
    """The window's searches run on pool threads whose thread-local values end with each job:
    their connections are used again (one per thread at once), not one more per job."""
    store.store_file(prepared("/f0.jsonl", "h0", make_article("a")))
    seen: list[tuple[int, int]] = []  # (articles counted, the connection's id)

    def count() -> None:
        seen.append((store.count(), id(store.conn)))

    for i in range(1, 6):
        t = threading.Thread(target=count)
        t.start()
        t.join()
        store.store_file(prepared(f"/f{i}.jsonl", f"h{i}", make_article("a")))  # (on this thread's own)
    assert [n for n, _ in seen] == [1, 2, 3, 4, 5]  # each sees what was written before it started
    assert len({c for _, c in seen}) == 1 and seen[0][1] != id(store.conn)
    assert len(store._conns) == 2
    # Threads running at the same time each have a connection of their own.
    inside, leave = threading.Barrier(3), threading.Event()

    def hold() -> None:
        count()
        inside.wait()
        leave.wait()

    both = [threading.Thread(target=hold) for _ in range(2)]
    for t in both:
        t.start()
    inside.wait()
    leave.set()
    for t in both:
        t.join()
    assert len({c for _, c in seen[-2:]}) == 2 and len(store._conns) == 3


def test_a_database_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "library.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts(name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(LibraryError, match="another program"):
        Store(tmp_path)
    assert other.read_bytes() == before


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    s = Store(tmp_path)
    aid = s.store_file(prepared("/a", "h1", make_article("Kept"))).imported[0]
    seq = s.max_seq()
    s.close()
    s2 = Store(tmp_path, create=False)
    try:
        assert s2.get(aid).title == "Kept"
        assert s2.max_seq() == seq
    finally:
        s2.close()


def test_a_full_disk_and_a_damaged_file_become_errors_a_person_can_act_on(tmp_path: Path) -> None:
    """Real SQLite errors (a size cap stands in for a full disk) -> typed library errors."""
    from reader.errors import CorruptLibrary, ReadOnlyLibrary
    from reader.library.database import translate

    conn = sqlite3.connect(tmp_path / "small.db")
    conn.execute("CREATE TABLE t(x TEXT)")
    conn.commit()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(sqlite3.Error) as full:
        conn.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    conn.close()
    typed = translate(full.value, tmp_path / "library.sqlite3")
    assert isinstance(typed, ReadOnlyLibrary) and "disk is full" in typed.reason

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    conn = sqlite3.connect(junk)
    with pytest.raises(sqlite3.Error) as bad:
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()
    typed = translate(bad.value, junk)
    assert isinstance(typed, CorruptLibrary) and str(junk) in typed.reason
