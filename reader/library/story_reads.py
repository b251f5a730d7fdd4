"""Cheap reads of the stories table for a lazy list (the window's Stories view).

``reader.library.stories`` owns the tables; these three reads let a view
hold only the ordered story ids (one query over an index) and fetch the rows
it paints a page at a time, and map search hits to their stories.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.library.stories import _ROW_COLUMNS, STORY_SORTS, StoryRow, _row

#: SQLite's default limit on host parameters is 999 in old builds: stay under it.
CHUNK = 900


#: The list orders. All read the covering index ``stories_size`` (size, last_sort, id) of
#: ``reader.library.stories``: "size" in index order, the others sorted here, which is
#: faster than following ``stories_recent`` into the table for every row's size.
#: ("recent" leaves out STORY_SORTS' size tie-break.)
ID_ORDERS = ("size", "recent", "oldest")


def story_ids(conn: sqlite3.Connection, sort: str = "size", min_size: int = 1) -> list[int]:
    """Every story id in list order, stories of at least ``min_size`` articles."""
    if sort not in ID_ORDERS:
        raise ValueError(f"unknown sort {sort!r}; expected one of {sorted(ID_ORDERS)}")
    if sort == "size":
        sql = f"SELECT id FROM stories WHERE size >= ? ORDER BY {STORY_SORTS['size']}"
        return [r[0] for r in conn.execute(sql, (min_size,))]
    rows = conn.execute("SELECT last_sort, id FROM stories WHERE size >= ?", (min_size,)).fetchall()
    rows.sort(reverse=sort == "recent")
    return [r[1] for r in rows]


def story_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> list[StoryRow]:
    """The rows of ``ids`` (unknown ids left out), in no particular order."""
    out: list[StoryRow] = []
    for i in range(0, len(ids), CHUNK):
        chunk = [int(x) for x in ids[i : i + CHUNK]]
        marks = ",".join("?" * len(chunk))
        out += [_row(r) for r in conn.execute(f"SELECT {_ROW_COLUMNS} FROM stories WHERE id IN ({marks})", chunk)]
    return out


def stories_of(conn: sqlite3.Connection, article_ids: Sequence[int]) -> dict[int, int]:
    """article id -> story id, for the articles that are in a story."""
    out: dict[int, int] = {}
    for i in range(0, len(article_ids), CHUNK):
        chunk = [int(x) for x in article_ids[i : i + CHUNK]]
        marks = ",".join("?" * len(chunk))
        out.update(
            (a, s)
            for a, s in conn.execute(
                f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})", chunk
            )
        )
    return out
