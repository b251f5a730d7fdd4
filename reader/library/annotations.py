"""Highlights and notes: stored in the library's SQLite file, re-anchored when texts change.

Each annotation is a highlight on an article's body (``target`` "body") or on
one of its comments ("comment:N", N the comment's place in thread order,
``Article.iter_comments()``), stored as its W3C selectors (quote, prefix,
suffix, start, end; see ``reader.library.anchoring``), with a note, a colour
and a state: "anchored" (where it was made), "moved" (found again after the
text changed) or "orphaned" (not found safely: kept with its quote and note,
never dropped, found again if the text comes back).

Every write is one SQLite transaction (``Store.transaction``): after a crash or
``kill -9`` an annotation is either fully there or not at all. Annotation
writes touch neither the articles' journal (``seq``) nor the search index, so
a damaged or rebuilt index never touches them. They do not take the library's
cross-process write lock either (which guards the index): SQLite serializes
the short transactions, so a highlight made while an import runs is stored at
once.

Re-anchoring runs inside the transaction that changes an article's text
(``reanchor_article``, called by ``Store.store_file`` when a re-imported file
updates its article in place), and for the whole library in ``verify``
(``article-reader check``).
"""

from __future__ import annotations

import sqlite3
import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from reader.errors import ArticleNotFound, ReaderError
from reader.library.codec import article_from_row, now_iso

#: ``reader.library.store.Store`` (not imported: the store imports this module).
Store = Any

if TYPE_CHECKING:
    from reader.library.anchoring import Selector
    from reader.model import Article

BODY = "body"
COMMENT_PREFIX = "comment:"

_COLUMNS = ('a.id, a.uuid, a.article_id, a.target, a.quote, a.prefix, a.suffix, a.start, a."end", '
            "a.note, a.color, a.state, a.created, a.modified")


class AnnotationError(ReaderError):
    """An annotation that cannot be made or changed as asked (the reason says why)."""


@dataclass(frozen=True)
class Annotation:
    """One highlight with its note. ``start``/``end`` index the target text
    (``show --json``'s body, or the comment's text); for an orphan they are
    where it was last seen."""

    id: int
    uuid: str
    article_id: int
    target: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str
    color: str
    state: str
    created: str
    modified: str
    title: str = ""  # the article's title (filled by ``list_all``)

    @property
    def orphaned(self) -> bool:
        return self.state == "orphaned"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``annotations --json``."""
        return {
            "id": self.id, "article": self.article_id, "quote": self.quote,
            "prefix": self.prefix, "suffix": self.suffix, "start": self.start, "end": self.end,
            "note": self.note, "color": self.color, "state": self.state,
            "created": self.created, "modified": self.modified,
            "target": self.target, "uuid": self.uuid,
        }


@dataclass
class AnchorReport:
    """What ``verify`` found over every annotation, and how many it changed."""

    checked: int = 0
    anchored: int = 0
    moved: int = 0
    orphaned: int = 0
    fixed: int = 0
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"checked": self.checked, "anchored": self.anchored, "moved": self.moved,
                "orphaned": self.orphaned, "fixed": self.fixed, "problems": list(self.problems)}


def _row(r: tuple[Any, ...], title: str = "") -> Annotation:
    return Annotation(**dict(zip(_FIELDS, r)), title=title)


_FIELDS = tuple(f.name for f in fields(Annotation))[:-1]  # all but title


def _many(rows: list[tuple[Any, ...]], titles: dict[int, str]) -> list[Annotation]:
    """Annotations for many rows at once (the 10,000-row view): filled in place, which
    skips the frozen dataclass's per-field ``object.__setattr__`` (a third of the time)."""
    out: list[Annotation] = []
    new = object.__new__
    for r in rows:
        a = new(Annotation)
        d = a.__dict__
        d.update(zip(_FIELDS, r))
        d["title"] = titles.get(r[2], "")
        out.append(a)
    return out


def comment_target(index: int) -> str:
    return f"{COMMENT_PREFIX}{index}"


def target_text(article: Article, target: str) -> str | None:
    """The text a target names in ``article`` (None when it has no such comment)."""
    if target == BODY:
        return article.body
    if target.startswith(COMMENT_PREFIX) and target[len(COMMENT_PREFIX):].isdigit():
        n = int(target[len(COMMENT_PREFIX):])
        for i, (_depth, c) in enumerate(article.iter_comments()):
            if i == n:
                return c.text
    return None


def _comment_texts(article: Article) -> list[str]:
    return [c.text for _d, c in article.iter_comments()]


def _selector(a: Annotation) -> Selector:
    from reader.library.anchoring import Selector

    return Selector(a.quote, a.prefix, a.suffix, a.start, a.end)


def _locate(article: Article, a: Annotation) -> tuple[str, int, int, str]:
    """(target, start, end, state) of ``a`` in ``article`` now; state "orphaned" when lost.

    A comment highlight is looked for in its own comment first, then in the
    other comments (a comment inserted above it shifts the numbering).
    """
    from reader.library.anchoring import find

    sel = _selector(a)
    text = target_text(article, a.target)
    if text is not None:
        found = find(text, sel)
        if not found.orphaned:
            return a.target, found.start, found.end, found.state
    if a.target != BODY:
        for i, other in enumerate(_comment_texts(article)):
            if comment_target(i) == a.target or sel.quote not in other:
                continue
            found = find(other, sel)
            if not found.orphaned:
                return comment_target(i), found.start, found.end, "moved"
    return a.target, a.start, a.end, "orphaned"


def _apply(conn: sqlite3.Connection, article: Article, rows: list[Annotation],
           report: AnchorReport | None = None) -> int:
    """Re-anchor ``rows`` against ``article``; write what changed. Returns how many changed."""
    from reader.library.anchoring import selectors

    changed = 0
    now = now_iso()
    for a in rows:
        target, start, end, state = _locate(article, a)
        if state == "orphaned":
            new = (a.target, a.quote, a.prefix, a.suffix, a.start, a.end, "orphaned")
        else:
            text = target_text(article, target) or ""
            sel = selectors(text, start, end)
            if (target, start, end) == (a.target, a.start, a.end) and sel.quote == a.quote:
                state = a.state if a.state != "orphaned" else "moved"
                # Unchanged place: keep the state ("moved" stays moved) and the stored context.
                new = (a.target, a.quote, a.prefix, a.suffix, a.start, a.end, state)
            else:
                new = (target, sel.quote, sel.prefix, sel.suffix, start, end, "moved")
        if report is not None:
            setattr(report, new[6], getattr(report, new[6]) + 1)
        old = (a.target, a.quote, a.prefix, a.suffix, a.start, a.end, a.state)
        if new != old:
            changed += 1
            conn.execute(
                'UPDATE annotations SET target=?, quote=?, prefix=?, suffix=?, start=?, "end"=?, '
                "state=?, modified=? WHERE id=?", (*new, now, a.id),
            )
    return changed


def reanchor_article(conn: sqlite3.Connection, article_id: int) -> int:
    """Re-anchor one article's annotations to its stored text, inside the caller's
    transaction (the one that changed the text). Returns how many changed."""
    rows = [_row(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM annotations a WHERE a.article_id = ?", (article_id,))]
    if not rows:
        return 0
    stored = conn.execute("SELECT data, body FROM articles WHERE id = ?", (article_id,)).fetchone()
    if stored is None:
        return 0
    return _apply(conn, article_from_row(*stored), rows)


def _order(rows: list[Annotation]) -> list[Annotation]:
    """Orphans first, then the body's highlights in reading order, then the comments'."""
    def key(a: Annotation) -> tuple[int, int, int, int]:
        comment = int(a.target[len(COMMENT_PREFIX):]) if a.target.startswith(COMMENT_PREFIX) else -1
        return (0 if a.orphaned else 1, comment, a.start, a.id)

    return sorted(rows, key=key)


class Annotations:
    """The annotations of one library (``library.annotations``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- reading -----------------------------------------------------------------
    def _select(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self._store._all(sql, tuple(params))
        return rows

    def get(self, annotation_id: int) -> Annotation:
        rows = self._select(f"SELECT {_COLUMNS} FROM annotations a WHERE a.id = ?",
                            (int(annotation_id),))
        if not rows:
            raise AnnotationError(f"no annotation with id {annotation_id} in this library")
        return _row(rows[0])

    def for_article(self, article_id: int) -> list[Annotation]:
        """The article's annotations: orphans first, then in reading order."""
        rows = self._select(
            f"SELECT {_COLUMNS}, ar.title FROM annotations a JOIN articles ar ON ar.id = a.article_id "
            "WHERE a.article_id = ?", (int(article_id),))
        return _order([_row(r[:-1], r[-1]) for r in rows])

    def list_all(self, *, text: str | None = None, color: str | None = None,
                 state: str | None = None) -> list[Annotation]:
        """Every annotation (newest made first) with its article's title; ``text`` matches the
        quote, the note or the title (any case)."""
        where, params = [], []
        if text:
            where.append("(instr(lower(a.quote), ?) OR instr(lower(a.note), ?) OR a.article_id IN "
                         "(SELECT id FROM articles WHERE instr(lower(title), ?)))")
            params += [text.lower()] * 3
        if color:
            where.append("a.color = ?")
            params.append(color)
        if state:
            where.append("a.state = ?")
            params.append(state)
        sql = f"SELECT {_COLUMNS} FROM annotations a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.created DESC, a.id DESC"  # re-anchoring changes modified, not this
        rows = self._select(sql, params)
        titles = dict(self._select(
            "SELECT id, title FROM articles WHERE id IN (SELECT DISTINCT article_id FROM annotations)"))
        return _many(rows, titles)

    def count(self) -> int:
        return int(self._select("SELECT count(*) FROM annotations")[0][0])

    def article_ids(self) -> set[int]:
        return {r[0] for r in self._select("SELECT DISTINCT article_id FROM annotations")}

    # -- writing -----------------------------------------------------------------
    def create(
        self, article_id: int, *, start: int | None = None, end: int | None = None,
        quote: str | None = None, occurrence: int = 1, note: str = "", color: str = "yellow",
        target: str = BODY,
    ) -> Annotation:
        """Highlight ``text[start:end]`` of the target, or the ``occurrence``-th place
        ``quote`` occurs there. Raises ``AnnotationError`` / ``ArticleNotFound``."""
        from reader.library.anchoring import (
            count_occurrences,
            nth_occurrence,
            selectors,
        )

        color = check_color(color)
        if target == BODY:  # the body alone: no need to decode a long comment thread
            text: str | None = self._store.bodies([article_id]).get(article_id)
            if text is None:
                raise ArticleNotFound(f"no article with id {article_id} in this library")
        else:
            text = target_text(self._store.get(article_id), target)
        if text is None:
            raise AnnotationError(f"article {article_id} has no {target.replace(':', ' ')}")
        where = "its text" if target == BODY else f"its {target.replace(':', ' ')}"
        if start is not None or end is not None:
            if start is None or end is None or not (0 <= start < end <= len(text)):
                raise AnnotationError(
                    f"the range {start}..{end} is not inside {where} (0..{len(text)})")
            if quote is not None and text[start:end] != quote:
                raise AnnotationError(f"the text at {start}..{end} is not the quote given")
            span = (start, end)
        else:
            if not quote or not quote.strip():
                raise AnnotationError("give the passage to highlight (--quote TEXT)")
            found = nth_occurrence(text, quote, occurrence)
            if found is None:
                n = count_occurrences(text, quote)
                if n == 0:
                    raise AnnotationError(f"the quote is not in {where} (article {article_id})")
                raise AnnotationError(
                    f"the quote occurs {n} time{'s' if n != 1 else ''} in {where}; "
                    f"there is no occurrence {occurrence}")
            span = found
        sel = selectors(text, *span)
        now = now_iso()
        uid = str(uuidlib.uuid4())
        with self._store.transaction() as conn:
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise ArticleNotFound(f"no article with id {article_id} in this library")
            cur = conn.execute(
                "INSERT INTO annotations(uuid, article_id, target, quote, prefix, suffix, start, "
                '"end", note, color, state, created, modified) '
                "VALUES (?,?,?,?,?,?,?,?,?,?,'anchored',?,?)",
                (uid, article_id, target, sel.quote, sel.prefix, sel.suffix, sel.start, sel.end,
                 note, color, now, now),
            )
            new_id = int(cur.lastrowid or 0)
        return self.get(new_id)

    def update(self, annotation_id: int, *, note: str | None = None,
               color: str | None = None) -> Annotation:
        """Change the note and/or the colour."""
        if color is not None:
            color = check_color(color)
        with self._store.transaction() as conn:
            found = conn.execute("SELECT note, color FROM annotations WHERE id = ?",
                                 (int(annotation_id),)).fetchone()
            if found is None:
                raise AnnotationError(f"no annotation with id {annotation_id} in this library")
            new_note = found[0] if note is None else note
            new_color = found[1] if color is None else color
            if (new_note, new_color) != tuple(found):
                conn.execute("UPDATE annotations SET note=?, color=?, modified=? WHERE id=?",
                             (new_note, new_color, now_iso(), int(annotation_id)))
        return self.get(annotation_id)

    def delete(self, annotation_id: int) -> bool:
        with self._store.transaction() as conn:
            gone: int = conn.execute("DELETE FROM annotations WHERE id = ?",
                                     (int(annotation_id),)).rowcount
            return gone > 0

    def reanchor(self, article_id: int) -> int:
        """Re-anchor one article's annotations to its stored text; how many changed."""
        with self._store.transaction() as conn:
            return reanchor_article(conn, article_id)

    def verify(self, *, repair: bool = True) -> AnchorReport:
        """Check every annotation against its article's text now (``check``).

        With ``repair`` the states and positions found are written; without,
        the report says what would change (``fixed``) and nothing is written.
        """
        report = AnchorReport()
        ids = [r[0] for r in self._select("SELECT DISTINCT article_id FROM annotations ORDER BY 1")]
        for aid in ids:
            with self._store.transaction() as conn:
                rows = [_row(r) for r in conn.execute(
                    f"SELECT {_COLUMNS} FROM annotations a WHERE a.article_id = ?", (aid,))]
                stored = conn.execute("SELECT data, body FROM articles WHERE id = ?",
                                      (aid,)).fetchone()
                if stored is None:
                    continue
                report.checked += len(rows)
                before = report.orphaned
                changed = _apply(conn, article_from_row(*stored), rows, report)
                report.fixed += changed
                if report.orphaned > before:
                    report.problems.append(
                        f"article {aid}: {report.orphaned - before} highlight(s) not found in its "
                        "text (kept as orphaned)")
                if not repair:
                    conn.execute("ROLLBACK")
                    conn.execute("BEGIN IMMEDIATE")
        return report


def check_color(color: str) -> str:
    from reader.library.anchoring import COLORS

    name = (color or "").strip().lower()
    if name not in COLORS:
        raise AnnotationError(f"unknown colour {color!r}; choose one of {', '.join(COLORS)}")
    return name
