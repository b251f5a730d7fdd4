"""The list's first screen before all its ids are read (``Store.first_ids``, issue 16: a window on a
million articles lists its first rows and the article it had open without reading the whole order)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.library.store import Store


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path)
    rng = random.Random(5)
    ids = rng.sample(range(1, 1 << 40), 300)
    with s.conn:  # titles differing only in case, and many equal dates: ties broken by id
        s.conn.executemany(
            "INSERT INTO articles (id, source, content_hash, format, title, published_sort, site, data, imported_at, "
            "updated_at, seq) VALUES (?, ?, '', 'text', ?, ?, ?, '{}', '', '', 0)",
            [(i, f"/{i}", rng.choice(["apple", "Apple", "banana", "Cherry", "", "cherry pie"]),
              rng.choice(["", "2020-01-02", "2021-05-01T08:00:00Z", "2019-12-31"]),
              rng.choice([None, "Site B", "site a"])) for i in ids],
        )
    yield s
    s.close()


@pytest.mark.parametrize("sort", ["date", "title", "site"])
@pytest.mark.parametrize("descending", [True, False])
def test_the_ids_read_are_in_the_places_the_whole_list_has_them(store: Store, sort: str, descending: bool) -> None:
    whole = list(store.article_ids(sort=sort, descending=descending))
    for at in (0, 1, 5, 150, 297, 299):
        first = store.first_ids(sort=sort, descending=descending, near=whole[at], rows=4)
        assert len(first.ids) == len(whole)
        placed = {r: i for r, i in enumerate(first.ids) if i}
        assert placed == {r: whole[r] for r in placed}  # every id read is in its place, the rest are 0
        assert first.rows == {i: r for r, i in placed.items()}
        expected = set(range(4)) | set(range(max(0, at - 4), min(len(whole), at + 5)))
        assert expected <= set(placed)  # the first rows, and the article's with 4 either side
        if sort != "site":  # (a "site" list may have empty sites: it is read whole)
            assert set(placed) == expected


def test_without_an_article_or_with_one_gone_only_the_first_rows_are_read(store: Store) -> None:
    whole = list(store.article_ids())
    for near in (None, 12345):
        first = store.first_ids(near=near, rows=10)
        assert first.rows == {whole[r]: r for r in range(10)}
        assert first.ids[:10].tolist() == whole[:10] and not any(first.ids[10:])
