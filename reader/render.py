"""Article -> safe HTML, shared by the detail pane and the PDF/print export.

Article text is always data: every character is escaped, so markup inside an
article (``<script>``, ``<img src=...>``, ``javascript:`` links) shows as text
and never becomes live HTML. The only markup in the output is ours: ``<p>``,
quote spans (with the speaker in ``title`` for the hover tooltip) and search
match spans.

Qt-free; the Qt side only feeds the result to QTextDocument.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date as date_type
from datetime import datetime
from typing import Sequence

from reader.model import Article, Quote
from reader.months import MONTH_NAMES

#: Colours are shared by screen and print so quotes look the same on paper.
QUOTE_BG = "#fff1b8"
QUOTE_BG_DARK = "#5a4a12"
MATCH_BG = "#ffb347"
MATCH_BG_DARK = "#b8621b"


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def quote_tooltip(q: Quote) -> str:
    if not q.speaker:
        return "Quoted (no speaker)"
    return f"{q.speaker} — {q.role}" if q.role else q.speaker


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str  # "quote" | "match"
    payload: object = None


def body_html(
    article: Article,
    *,
    quotes: bool = True,
    matches: Sequence[tuple[int, int]] = (),
    match_anchor_prefix: str = "match-",
    quote_anchor_prefix: str = "quote-",
) -> str:
    """The body as ``<p>`` paragraphs with quote and match spans.

    ``matches`` are (start, end) offsets into ``article.body``; each gets an
    anchor ``match-<n>`` so the window can scroll to the n-th match (F3).
    Quotes get anchors ``quote-<i>`` (i = index in ``article.quotes``).
    Overlaps are resolved by splitting: a match inside a quote is nested.
    """
    body = article.body
    # Boundaries at which we open/close spans; build an event list.
    events: list[tuple[int, int, str]] = []  # (offset, order, html)
    if quotes:
        for i, q in enumerate(article.quotes):
            if 0 <= q.start < q.end <= len(body):
                cls = "quote" if q.speaker else "quote unattributed"
                events.append(
                    (
                        q.start,
                        1,
                        f'<a name="{quote_anchor_prefix}{i}"></a><span class="{cls}" '
                        f'title="{escape(quote_tooltip(q))}">',
                    )
                )
                events.append((q.end, 0, "</span>"))
    for n, (s, e) in enumerate(sorted(matches)):
        if 0 <= s < e <= len(body):
            events.append((s, 2, f'<a name="{match_anchor_prefix}{n}"></a><span class="match">'))
            events.append((e, 0, "</span>"))
    events.sort(key=lambda ev: (ev[0], ev[1]))

    out: list[str] = []
    pos = 0
    open_stack: list[str] = []

    def emit_text(seg: str) -> None:
        # Paragraph breaks close and reopen any open spans so the HTML stays valid.
        parts = seg.split("\n\n")
        for k, part in enumerate(parts):
            if k:
                out.append("</span>" * len(open_stack) + "</p>\n<p>" + "".join(open_stack))
            out.append(escape(part).replace("\n", "<br>"))

    out.append("<p>")
    for off, _order, tag in events:
        if off > pos:
            emit_text(body[pos:off])
            pos = off
        if tag == "</span>":
            if open_stack:
                open_stack.pop()
                out.append(tag)
        else:
            out.append(tag)
            open_stack.append(tag[tag.index("<span") :])
    emit_text(body[pos:])
    out.append("</span>" * len(open_stack) + "</p>")
    return "".join(out).replace("<p></p>", "")


MONTHS = MONTH_NAMES


def format_datetime(value: str | None, *, short: bool = False) -> str:
    """ISO 8601 -> "5 December 2012, 14:30 +01:00", or with ``short`` "5 Dec 2012, 14:30"
    (no zone; the comment thread's form). Anything unparsable is shown as given."""
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return value
    month = MONTHS[dt.month - 1]
    text = f"{dt.day} {month[:3] if short else month} {dt.year}"
    if "T" in value or " " in value.strip():
        text += f", {dt.hour:02d}:{dt.minute:02d}"
        if not short and dt.utcoffset() is not None:
            off = dt.strftime("%z")
            text += " UTC" if off in ("+0000", "-0000") else f" {off[:3]}:{off[3:]}"
    return text


def date_label(published: str | None) -> str:
    """ISO date -> "5 Dec 2012" (the article list's form); whatever else the source gave is shown as is."""
    if not published:
        return ""
    try:
        d = date_type.fromisoformat(published[:10])
    except ValueError:
        return published[:16]
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def metadata_line(article: Article) -> str:
    """Date · authors · site, as plain text."""
    parts = []
    if article.published:
        parts.append(format_datetime(article.published))
    if article.authors:
        parts.append(", ".join(article.authors))
    if article.site:
        parts.append(article.site)
    return " · ".join(parts)
