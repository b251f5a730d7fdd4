"""Commenters' signature lines around a page's comment boxes.

Many comment systems name no author element: the commenter's name and the
time stand in a line of their own, in a footer of the comment's box
(``<p class="comment-footer">Posted by: Red | October 03, 2012 at 01:12
AM</p>``, ``<div class="signature">October 22, 2012 | Eve</div>``) or right
after the box (``<div id="c971646">…</div><p class="posted">Posted by:
charjk at November 8, 2012 3:34 PM</p>``). Such a line is read with the
plain-text pipeline's line classifier (``comment_lines``), so the same
signature shapes count in both pipelines; it must carry a date, so a short
comment ("Me too on Sunday") is not taken for one.

A line next to the box may sign the comment above it or the one below
(head or foot signatures): the thread decides, by the side on which most
boxes have one.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from reader.parsing.comment_lines import SIGNATURE, classify_lines
from reader.parsing.dates import parse_datetime

#: Class or id words of a box's signature line (data: "comment-footer", "signature", "posted").
SIGNATURE_CLASS = re.compile(
    r"signature|footer|meta|posted|byline|info|details|credit|sign|cite|header|when", re.IGNORECASE
)
#: A signature line is short.
MAX_SIGNATURE_WORDS = 16
#: Elements skipped when looking for a box's neighbour (anchors, rules, spacers).
SPACER_TAGS = frozenset(("a", "hr", "br", "img", "span"))


def read_signature(text: str) -> tuple[str, str | None] | None:
    """(name, ISO time) of a signature line with a date ("Posted by: Red | October 03, 2012 at
    01:12 AM", "October 22, 2012 | Eve"), or None."""
    text = " ".join(text.split())
    if not text or len(text.split()) > MAX_SIGNATURE_WORDS:
        return None
    line = classify_lines([text])[0]
    if line.kind != SIGNATURE or not line.author or not line.date:
        return None
    return line.author, parse_datetime(line.date, require_year=False)


def signature_in(own: list[HtmlElement]) -> tuple[str | None, str | None, HtmlElement | None]:
    """The signature line inside a comment's box (its own elements, the box first): name, time
    and the element, or Nones. One comment has one signature: a box holding several holds
    several comments (a thread in one box), and none of them signs it."""
    signatures = []
    for el in own[1:]:
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not SIGNATURE_CLASS.search(ident):
            continue
        found = read_signature(el.text_content())
        if found:
            signatures.append((found[0], found[1], el))
    return signatures[0] if len(signatures) == 1 else (None, None, None)


def _neighbour(item: HtmlElement, forward: bool) -> HtmlElement | None:
    """The nearest element beside the box that holds text (empty anchors and rules skipped)."""
    sib = item.getnext() if forward else item.getprevious()
    while sib is not None:
        if isinstance(sib.tag, str) and (sib.tag not in SPACER_TAGS or sib.text_content().strip()):
            return sib
        sib = sib.getnext() if forward else sib.getprevious()
    return None


def beside(items: list[HtmlElement], unsigned: set[HtmlElement]) -> dict[HtmlElement, tuple[str, str | None]]:
    """Signatures standing beside the unsigned boxes, from the side most boxes have one on."""
    item_set = set(items)
    sides: dict[bool, dict[HtmlElement, tuple[str, str | None]]] = {False: {}, True: {}}
    for item in unsigned:
        for forward in (False, True):
            sib = _neighbour(item, forward)
            if sib is None or sib in item_set:
                continue
            found = read_signature(sib.text_content())
            if found:
                sides[forward][item] = found
    before, after = sides[False], sides[True]
    return after if len(after) > len(before) else before if len(before) > len(after) else {}
