"""The reader's highlights and notes on paper (Qt-free, like ``compose``).

The body is cut at every boundary of a quote or a highlight; each piece is
set in the colour of the highlight covering it (the latest-starting one when
highlights overlap), else as a quote, else plain, so overlapping marks never
mis-nest. A highlight with a note gets a superscript number after it, and the
notes follow the article as numbered endnotes ("Notes"), with the passage they
belong to. Highlights not found in the text any more (orphaned) and those on
comments are listed there too, so nothing the reader wrote is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

from reader.library.anchoring import COLOR_HEX
from reader.model import Article
from reader.render import escape, quote_tooltip

DEFAULT_FILL = COLOR_HEX["yellow"]
NOTE_MARK_STYLE = "font-family: {sans}; color: #1f4e8c; font-weight: bold;"
#: Characters of the passage shown before a note in the endnotes.
PASSAGE_CHARS = 160


class HighlightLike(Protocol):
    """What the PDF needs of an annotation (``reader.library.annotations.Annotation``)."""

    @property
    def target(self) -> str: ...
    @property
    def quote(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def note(self) -> str: ...
    @property
    def color(self) -> str: ...
    @property
    def state(self) -> str: ...


def body_highlights(article: Article, annotations: Sequence[HighlightLike]) -> list[HighlightLike]:
    """The highlights drawn in the body: on the body, not orphaned, inside it, in body order."""
    body = article.body
    shown = [a for a in annotations if a.target == "body" and a.state != "orphaned"
             and 0 <= a.start < a.end <= len(body) and body[a.start:a.end] == a.quote]
    return sorted(shown, key=lambda a: (a.start, a.end))


def note_numbers(article: Article, annotations: Sequence[HighlightLike]) -> dict[int, int]:
    """id() of each annotation with a note -> its endnote number (body order, then the rest)."""
    drawn = body_highlights(article, annotations)
    ordered = [a for a in drawn if a.note.strip()]
    ordered += [a for a in annotations if a.note.strip() and a not in drawn]
    return {id(a): n for n, a in enumerate(ordered, 1)}


def highlighted_body_html(article: Article, annotations: Sequence[HighlightLike], *,
                          quotes: bool, sans: str = "sans-serif") -> str:
    """The body as ``<p>`` paragraphs with quotes and the reader's highlights."""
    body = article.body
    marks = body_highlights(article, annotations)
    numbers = note_numbers(article, annotations)
    quote_spans = [(q.start, q.end, q) for q in article.quotes
                   if quotes and 0 <= q.start < q.end <= len(body)]
    cuts = {0, len(body)}
    for a in marks:
        cuts.update((a.start, a.end))
    for s, e, _q in quote_spans:
        cuts.update((s, e))
    ends: dict[int, list[int]] = {}
    for a in marks:
        if id(a) in numbers:
            ends.setdefault(a.end, []).append(numbers[id(a)])
    points = sorted(cuts)
    out: list[str] = ["<p>"]
    for lo, hi in pairwise(points):
        covering = [m for m in marks if m.start <= lo and hi <= m.end]
        quote = next((q for s, e, q in quote_spans if s <= lo and hi <= e), None)
        if covering:
            fill = COLOR_HEX.get(covering[-1].color, DEFAULT_FILL)
            open_tag = f'<span style="background-color: {fill};">'
        elif quote is not None:
            cls = "quote" if quote.speaker else "quote unattributed"
            open_tag = f'<span class="{cls}" title="{escape(quote_tooltip(quote))}">'
        else:
            open_tag = ""
        close_tag = "</span>" if open_tag else ""
        for k, part in enumerate(body[lo:hi].split("\n\n")):
            if k:
                out.append("</p>\n<p>")
            if part:
                out.append(open_tag + escape(part).replace("\n", "<br>") + close_tag)
        if hi in ends:
            style = NOTE_MARK_STYLE.format(sans=sans)
            out.append("".join(f'<sup><span style="{style}">{n}</span></sup>'
                               for n in sorted(ends[hi])))
    out.append("</p>")
    return "".join(out).replace("<p></p>", "")


def _passage(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= PASSAGE_CHARS else one[: PASSAGE_CHARS - 1] + "…"


def notes_html(article: Article, annotations: Sequence[HighlightLike]) -> str:
    """The numbered notes, each with its passage and colour; empty when there are none."""
    numbers = note_numbers(article, annotations)
    if not numbers:
        return ""
    by_number = sorted(((numbers[id(a)], a) for a in annotations if id(a) in numbers),
                       key=lambda p: p[0])
    comments = [c for _d, c in article.iter_comments()]
    out = ["<h2>Notes</h2>"]
    for n, a in by_number:
        fill = COLOR_HEX.get(a.color, DEFAULT_FILL)
        where = ""
        if a.state == "orphaned":
            where = ' <span class="nospeaker">(passage no longer found in the text)</span>'
        elif a.target.startswith("comment:") and a.target[8:].isdigit():
            i = int(a.target[8:])
            who = (comments[i].author if i < len(comments) else None) or "a reader"
            where = f' <span class="nospeaker">(in a comment by {escape(who)})</span>'
        note = escape(a.note.strip()).replace("\n", "<br>")
        out.append(
            f'<p class="aq"><span class="aqnum">{n}.</span>&nbsp;'
            f'<span style="background-color: {fill};">“{escape(_passage(a.quote))}”</span>{where}'
            f"<br>{note}</p>")
    return "".join(out)


def comment_highlights(annotations: Sequence[HighlightLike],
                       comments: Sequence[str]) -> dict[int, list[HighlightLike]]:
    """Highlights drawn in the comments: comment index (thread order) -> its highlights."""
    out: dict[int, list[HighlightLike]] = {}
    for a in annotations:
        if a.state == "orphaned" or not a.target.startswith("comment:"):
            continue
        tail = a.target[len("comment:"):]
        if not tail.isdigit() or int(tail) >= len(comments):
            continue
        text = comments[int(tail)]
        if 0 <= a.start < a.end <= len(text) and text[a.start:a.end] == a.quote:
            out.setdefault(int(tail), []).append(a)
    return out


def highlighted_paragraphs(text: str, marks: Sequence[HighlightLike], cls: str,
                           numbers: dict[int, int], *, extra: str = "",
                           sans: str = "sans-serif") -> str:
    """A comment's text as ``<p class=cls>`` paragraphs (split at blank lines, as the plain
    rendering does) with its highlights in their colours and their note numbers."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\n\s*\n", text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    style = NOTE_MARK_STYLE.format(sans=sans)
    out: list[str] = []
    for ps, pe in bounds:
        while ps < pe and text[ps].isspace():
            ps += 1
        while pe > ps and text[pe - 1].isspace():
            pe -= 1
        if ps >= pe:
            continue
        cuts = {ps, pe} | {x for a in marks for x in (a.start, a.end) if ps < x < pe}
        parts: list[str] = []
        for lo, hi in pairwise(sorted(cuts)):
            covering = [a for a in marks if a.start <= lo and hi <= a.end]
            piece = escape(text[lo:hi]).replace("\n", "<br>")
            if covering:
                fill = COLOR_HEX.get(covering[-1].color, DEFAULT_FILL)
                piece = f'<span style="background-color: {fill};">{piece}</span>'
            parts.append(piece)
            ends = sorted(numbers[id(a)] for a in marks if a.end == hi and id(a) in numbers)
            parts.extend(f'<sup><span style="{style}">{n}</span></sup>' for n in ends)
        out.append(f'<p class="{cls}"{extra}>{"".join(parts)}</p>')
    return "".join(out)
