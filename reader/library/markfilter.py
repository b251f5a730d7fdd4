"""Search clauses about the reader's own marks, answered from SQLite.

``note:WORD``, ``highlight:"a phrase"``, ``label:NAME``, ``is:starred``,
``is:unread``, ``is:read``, ``is:annotated``, ``in:"Collection"`` (each may be
negated with a leading ``-``) are taken out of the query before the search
index sees it, resolved to a set of article ids here, and intersected with
what the index finds. The index never holds the marks, so a rebuilt or
damaged index never loses them, and marking an article needs no re-indexing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.library.query_repair import MARK_FIELDS

if TYPE_CHECKING:
    from reader.library.store import Store

#: ``is:`` values -> (SQL selecting article ids, description).
IS_VALUES: dict[str, str] = {
    "starred": "SELECT article_id FROM article_marks WHERE starred = 1",
    "star": "SELECT article_id FROM article_marks WHERE starred = 1",
    "read": "SELECT article_id FROM article_marks WHERE read_at IS NOT NULL",
    "unread": "SELECT id FROM articles WHERE id NOT IN "
              "(SELECT article_id FROM article_marks WHERE read_at IS NOT NULL)",
    "annotated": "SELECT DISTINCT article_id FROM annotations",
    "highlighted": "SELECT DISTINCT article_id FROM annotations",
    "orphaned": "SELECT DISTINCT article_id FROM annotations WHERE state = 'orphaned'",
}
_CLAUSE_RE = re.compile(
    r'(?<![^\s(])(-?)(' + "|".join(sorted(MARK_FIELDS, key=len, reverse=True))
    + r'):("[^"]*"?|[^\s()"]+)', re.IGNORECASE)
_SMART = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


@dataclass(frozen=True)
class MarkClause:
    kind: str  # "note", "highlight", "label", "is", "in"
    value: str
    negated: bool = False


def split_marks(query: str) -> tuple[str, list[MarkClause]]:
    """(the query without its mark clauses, the mark clauses)."""
    text = query.translate(_SMART)
    clauses: list[MarkClause] = []

    def take(m: re.Match[str]) -> str:
        kind = MARK_FIELDS[m.group(2).lower()]
        value = m.group(3).strip('"').strip()
        if kind == "is" and value.lower() not in IS_VALUES:
            return m.group(0)  # not ours: the search decides what it means
        if value:
            clauses.append(MarkClause(kind, value, m.group(1) == "-"))
        return " "

    rest = _CLAUSE_RE.sub(take, text)
    if not clauses:
        return query, []
    return " ".join(rest.split()), clauses


def _clause_sql(c: MarkClause) -> tuple[str, tuple[str, ...]]:
    if c.kind == "is":
        return IS_VALUES[c.value.lower()], ()
    if c.kind == "note":
        return "SELECT article_id FROM annotations WHERE instr(lower(note), ?)", (c.value.lower(),)
    if c.kind == "highlight":
        return "SELECT article_id FROM annotations WHERE instr(lower(quote), ?)", (c.value.lower(),)
    if c.kind == "label":
        return "SELECT article_id FROM article_labels WHERE label = ? COLLATE NOCASE", (c.value,)
    in_collection = ("SELECT ca.article_id FROM collection_articles ca JOIN collections c "
                     "ON c.id = ca.collection_id WHERE c.name = ? COLLATE NOCASE")
    return in_collection, (c.value,)


def resolve(store: Store, clauses: list[MarkClause]) -> set[int]:
    """Ids of the articles matching every clause (negated ones: not matching)."""
    where: list[str] = []
    params: list[str] = []
    for c in clauses:
        sql, args = _clause_sql(c)
        where.append(("id NOT IN " if c.negated else "id IN ") + f"({sql})")
        params.extend(args)
    sql = "SELECT id FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return {r[0] for r in store._all(sql, params)}


def describe(clauses: list[MarkClause]) -> str:
    """The clauses as the user would type them (for hints)."""
    return " ".join(f'{"-" if c.negated else ""}{c.kind}:"{c.value}"' for c in clauses)


def snippets(store: Store, ids: list[int], clauses: list[MarkClause]) -> dict[int, str]:
    """For note:/highlight: clauses, each article's first matching highlight as a snippet
    (HTML-escaped, the quote marked like a search match, then the note)."""
    from html import escape

    wanted = [c for c in clauses if c.kind in ("note", "highlight") and not c.negated]
    if not wanted or not ids:
        return {}
    out: dict[int, str] = {}
    marks = ",".join("?" * len(ids))
    for aid, quote, note in store._all(
        f"SELECT article_id, quote, note FROM annotations WHERE article_id IN ({marks}) "
        "ORDER BY article_id, start", ids):
        if aid in out:
            continue
        field = {"note": note, "highlight": quote}
        if all(c.value.lower() in field[c.kind].lower() for c in wanted):
            text = f'<b class="match">{escape(" ".join(quote.split())[:200])}</b>'
            if note:
                text += " — " + escape(" ".join(note.split())[:200])
            out[aid] = text
    return out
