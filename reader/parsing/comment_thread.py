"""The comment thread of a plain-text section: comments, their dates and nesting.

The lines from ``comment_section.locate_comments`` on are cut into comments at
their signatures (which head or close their comments: the thread as a whole
settles it), dated against the article, and nested by indentation, "@name"
or "in reply to".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from reader.model import Comment
from reader.parsing import comment_cues as cues
from reader.parsing.comment_layout import (
    bare_name,
    is_title_above,
    name_lines,
    orientation,
    titled_layout,
)
from reader.parsing.comment_lines import (
    BLANK,
    DATE,
    DATE_RE,
    FURNITURE,
    HEADER,
    NAME,
    SIGNATURE,
    Line,
    classify_lines,
    looks_like_name,
)
from reader.parsing.comment_section import MIN_NAME_RUN, comment_count_claimed
from reader.parsing.dates import parse_datetime

_I = re.IGNORECASE
_REPLY_RES = tuple(re.compile(p, _I) for p in cues.REPLY_MARKERS)
_RELATIVE_RE = re.compile(cues.RELATIVE_TIME, _I)
_REPLY_LINE_RE = re.compile(r"^in reply to\s+[^:.!?\n]{1,40}\n+", _I)
_HAS_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b|'\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
_WEEKDAY_RE = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", _I)
_TWO_DIGIT_YEAR = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{2})(?!\d)")

#: Distinct printed dates whose ISO form is remembered.
DATE_CACHE_SIZE = 16384
#: How many earlier comments an "@name" reply looks back through for its parent.
REPLY_LOOKBACK = 500


@dataclass
class CommentSection:
    """The comments found in a section, and the count the page announced."""

    comments: list[Comment] = field(default_factory=list)
    claimed: int | None = None




# --- Building the thread ----------------------------------------------------


@dataclass
class _Draft:
    author: str | None
    date: str | None
    indent: int
    lines: list[Line] = field(default_factory=list)
    anchor_indent: int = 0

    def text(self) -> str:
        paras: list[list[str]] = [[]]
        for ln in self.lines:
            if ln.kind == BLANK:
                if paras[-1]:
                    paras.append([])
            else:
                paras[-1].append(ln.text)
        return "\n\n".join(" \n".join(p).replace(" \n", "\n") for p in paras if p).strip()

    def text_indent(self) -> int:
        for ln in self.lines:
            if ln.kind != BLANK:
                return ln.indent
        return self.anchor_indent


@functools.lru_cache(maxsize=DATE_CACHE_SIZE)
def _iso(date: str | None) -> str | None:
    if not date:
        return None
    d = _TWO_DIGIT_YEAR.sub(lambda m: f"{m.group(1)}/{m.group(3)}/20{m.group(4)}", date)
    if "@" in d and not DATE_RE.search(d.replace("@", "")):
        return None
    return parse_datetime(d)


def comments_from_text(lines: list[str], reference: str | date | None = None) -> CommentSection:
    """The comments in a comment section (lines from ``locate_comments`` on).

    ``reference`` is the article's publication date (ISO string or date), if
    known. Comments dated without a year ("On Thursday, November 1 at 2:57
    pm") take its year, or the next one when that would date the comment
    before the article. Without it, the year of the thread's fully dated
    comments serves. Relative times ("3 years ago") stay undated.
    """
    cls = classify_lines(lines)
    claimed = None
    for c in cls:
        if c.kind == HEADER:
            claimed = comment_count_claimed(c.text)
            if claimed is not None:
                break
    drafts = _drafts(cls)
    ref = _reference_date(reference, drafts)
    comments = _nest(drafts, ref)
    return CommentSection(comments=comments, claimed=claimed)


def _reference_date(reference: str | date | None, drafts: list[_Draft]) -> date | None:
    """The date year-less comment dates are read against: the article's, else the
    earliest fully dated comment's."""
    if isinstance(reference, datetime):
        return reference.date()
    if isinstance(reference, date):
        return reference
    if isinstance(reference, str):
        try:
            return date.fromisoformat(reference[:10])
        except ValueError:
            pass
    dated = sorted(iso[:10] for iso in (_iso(d.date) for d in drafts) if iso)
    if dated:
        try:
            return date.fromisoformat(dated[0])
        except ValueError:
            return None
    return None


def _published(printed: str | None, ref: date | None) -> str | None:
    """ISO time of a printed comment date; a date without a year takes the reference's."""
    iso = _iso(printed)
    if iso is not None or ref is None or not printed or _RELATIVE_RE.search(printed):
        return iso
    if not DATE_RE.search(printed) or _HAS_YEAR_RE.search(printed):
        return None
    candidates = [(year, _iso(f"{printed} {year}")) for year in (ref.year, ref.year + 1)]
    weekday = _WEEKDAY_RE.search(printed)
    if weekday:  # "Thursday, November 1": the year in which that day is a Thursday
        wanted = weekday.group(1)[:3].lower()
        for _year, iso in candidates:
            if iso and date.fromisoformat(iso[:10]).strftime("%a").lower() == wanted:
                return iso
    for _year, iso in candidates:
        if iso is not None and iso[:10] >= ref.isoformat():
            return iso
    return None


def _mark_bare_names(cls: list[Line]) -> None:
    """With no signature at all, bare name lines ("Torgo" / text) head the comments."""
    if any(c.kind in (SIGNATURE, DATE, NAME) for c in cls):
        return
    names = name_lines(cls)
    if len(names) < MIN_NAME_RUN:
        return
    for c in names:
        c.kind, c.author, c.fixed_head = NAME, bare_name(c), True


def _drafts(cls: list[Line]) -> list[_Draft]:
    _mark_bare_names(cls)
    orient = orientation(cls, 0, len(cls))
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    pending: list[Line] = []  # tail layout: text waiting for its signature
    closed = False  # tail layout: the current comment got its signature

    def new(author: str | None, date: str | None, anchor: Line) -> _Draft:
        d = _Draft(author=author, date=date, indent=anchor.indent, anchor_indent=anchor.indent)
        drafts.append(d)
        return d

    titled = orient == "head" and titled_layout(cls, [c for c in cls if c.kind in (SIGNATURE, NAME)])
    for c in cls:
        if c.kind in (HEADER, FURNITURE):
            continue
        head_sig = c.kind in (SIGNATURE, NAME) and (c.fixed_head or orient == "head")
        if head_sig:
            subject: list[Line] = []
            if titled and is_title_above(cls, c):
                above = cls[c.index - 1]
                for holder in ((cur.lines if cur is not None else []), pending):
                    if holder and holder[-1] is above:
                        holder.pop()
                        subject = [above]
            cur = new(c.author, c.date, c)
            cur.lines.extend(subject)
            closed = False
            continue
        if c.kind == SIGNATURE:  # closes the text above it
            body = _trim(pending)
            if cur is not None and not closed and not body:
                cur.author = cur.author or c.author
                cur.date = cur.date or c.date
                closed = True
                continue
            d = new(c.author, c.date, c)
            d.lines = body
            d.anchor_indent = c.indent
            if body and body[0].text == c.author:
                d.lines = _trim(body[1:])
            pending = []
            cur, closed = d, True
            continue
        if c.kind == DATE:
            if orient == "tail" and pending and (cur is None or closed):
                d = new(None, c.date, c)
                d.lines = _trim(pending)
                pending = []
                cur, closed = d, True
                continue
            if cur is not None and cur.date is None and not closed:
                cur.date = c.date
                if orient == "tail":
                    closed = True
                continue
            # a new comment: the name line just above (if any) is its author
            author = None
            src = cur.lines if (cur is not None and orient == "head") else pending
            body = _trim(src)
            if body and looks_like_name(body[-1].text):
                author = body[-1].text
                src.remove(body[-1])
            if cur is not None and orient == "head":
                cur.lines = _trim(cur.lines)
            cur = new(author, c.date, c)
            closed = False
            continue
        # text or blank
        if orient == "tail" and (cur is None or closed):
            pending.append(c)
        elif cur is not None:
            cur.lines.append(c)
        else:
            pending.append(c)
    if _trim(pending):
        body = _trim(pending)
        if orient == "tail" or not drafts:
            d = _Draft(author=None, date=None, indent=body[0].indent, anchor_indent=body[0].indent)
            d.lines = body
            drafts.append(d)
    for d in drafts:
        d.lines = _trim(d.lines)
    return [d for d in drafts if d.lines or d.author]


def _trim(lines: list[Line]) -> list[Line]:
    i, j = 0, len(lines)
    while i < j and lines[i].kind == BLANK:
        i += 1
    while j > i and lines[j - 1].kind == BLANK:
        j -= 1
    return [ln for ln in lines[i:j] if ln.kind != FURNITURE]


def _reply_target(text: str) -> str | None:
    for r in _REPLY_RES:
        m = r.search(text[:200])
        if m:
            return m.group("name").strip().lower()
    return None


def _nest(drafts: list[_Draft], ref: date | None = None) -> list[Comment]:
    """Indentation first; "@name" / "in reply to" for flat threads; else file order."""
    indents = [d.text_indent() for d in drafts]
    levels = sorted(set(indents))
    roots: list[Comment] = []
    stack: list[tuple[int, Comment]] = []
    made: list[tuple[_Draft, Comment, int]] = []
    for d, ind in zip(drafts, indents):
        depth = levels.index(ind)
        comment = Comment(author=d.author, published=_published(d.date, ref), text=d.text())
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if depth > 0 and stack:
            stack[-1][1].replies.append(comment)
            depth = stack[-1][0] + 1
        else:
            target = _reply_target(comment.text) if depth == 0 else None
            parent = _find_author(made, target) if target else None
            if parent is not None:
                comment.text = _REPLY_LINE_RE.sub("", comment.text, count=1).strip()
                parent[1].replies.append(comment)
                depth = parent[2] + 1
            else:
                roots.append(comment)
                depth = 0
        stack.append((depth, comment))
        made.append((d, comment, depth))
    return roots


def _find_author(made: list[tuple[_Draft, Comment, int]], name: str) -> tuple[_Draft, Comment, int] | None:
    for item in reversed(made[-REPLY_LOOKBACK:]):
        author = (item[1].author or "").lower()
        if not author:
            continue
        if author == name or author.split()[0] == name.split()[0] or author.replace(" ", "") == name:
            return item
    return None
