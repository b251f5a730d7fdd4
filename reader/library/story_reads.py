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


def shared_stories(conn: sqlite3.Connection) -> dict[int, int]:
    """article id -> story id for every article whose story holds at least two articles.

    One query over the covering indexes (``stories_size`` then ``story_members_story``):
    the article list grouped by story needs nothing else, whatever its size.
    """
    return dict(
        conn.execute(
            "SELECT m.article_id, m.story_id FROM stories s "
            "JOIN story_members m ON m.story_id = s.id WHERE s.size >= 2"
        )
    )


def membership_token(conn: sqlite3.Connection) -> tuple[int, int]:
    """Changes whenever an article joins, leaves or changes story (one scan of a small index)."""
    count, total = conn.execute("SELECT count(*), total(story_id) FROM story_members").fetchone()
    return int(count), int(total)


def group_by_story(ids: Sequence[int], story_of: dict[int, int]) -> tuple[list[int], dict[int, int]]:
    """``ids`` (a list order) with the articles of each story brought together.

    Returns the row keys and, per story, how many of ``ids`` it holds. A story with two or
    more of ``ids`` becomes a heading row (key ``-story_id``) followed by its articles in
    list order, placed where its first article was (a mail client's threads); an article
    alone in the list is left where it was, with no heading. Linear in ``len(ids)``.
    """
    members: dict[int, list[int]] = {}
    for aid in ids:
        sid = story_of.get(aid)
        if sid is not None:
            members.setdefault(sid, []).append(aid)
    keys: list[int] = []
    sizes: dict[int, int] = {}
    for aid in ids:
        sid = story_of.get(aid)
        group = members.get(sid) if sid is not None else None
        if sid is None or group is None or len(group) < 2:
            keys.append(aid)
        elif sid not in sizes:
            sizes[sid] = len(group)
            keys.append(-sid)
            keys.extend(group)
    return keys, sizes
