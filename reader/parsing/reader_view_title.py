"""The title a browser's reader view shows for a page (Readability.js, Firefox Reader View).

One more candidate source for the title scorer (``title_scorer``): not a rule to
obey but a widely deployed choice, made the same way on every site, that the
scorer weighs like the page's other statements (its weights are fitted across
sites). Readability.js takes:

1. the first meta title (``dc:title``, ``dcterm:title``, ``og:title``,
   ``weibo:*:title``, ``title``, ``twitter:title``), kept whole, site part and all,
2. else the ``<title>`` cut by its rules (:func:`document_title`).

Readability.js reads the article's JSON-LD ``name``/``headline`` before both; that
step is left out: as a candidate it cost Fundus 0.944 -> 0.889 CV by site (its
og:titles and JSON-LD headlines differ on a few pages, and the labels follow the
og:title), and the JSON-LD headline is a candidate of its own already.

Read from what ``html_meta.collect`` already gathered: nothing is parsed again.
"""

from __future__ import annotations

import re

from reader.parsing.html_meta import PageMeta, clean_value, fold

#: Separators after which Readability.js cuts a <title>'s last part (en and em dash included).
SEPARATOR = re.compile(r" [|\-\u2013\u2014\\/>\u00bb] ")
#: Of those, the ones that mark a hierarchy ("Site » Section » Headline").
HIERARCHICAL = re.compile(r" [\\/>\u00bb] ")
#: Every separator character, for counting the words of the <title> without them.
SEPARATOR_CHARS = re.compile(r"[|\-\u2013\u2014\\/>\u00bb]+")
#: Meta titles, in the order Readability.js reads them (dots in names read as colons).
META_ORDER = ("dc:title", "dc.title", "dcterm:title", "dcterm.title", "og:title", "weibo:article:title",
              "weibo:webpage:title", "title", "twitter:title")
#: A title whose <title> is shorter or longer than this (characters) gives way to a lone <h1>.
MIN_CHARS, MAX_CHARS = 15, 150


def _word_count(text: str) -> int:
    return len(re.split(r"\s+", text))


def document_title(pm: PageMeta) -> str:
    """The ``<title>`` as Readability.js cuts it (``_getArticleTitle``).

    With a separator, the last part goes (or, when that leaves under three words,
    the first); without one, a colon rule keeps what follows the colon unless a
    heading repeats the whole title; a very short or long title gives way to the
    page's only ``<h1>``. A result of four words or fewer is the whole title again.
    """
    orig = cur = pm.doc_title
    hierarchical = False
    seps = list(SEPARATOR.finditer(orig))
    if seps:
        hierarchical = bool(HIERARCHICAL.search(orig))
        cur = orig[: seps[-1].start()]
        if _word_count(cur) < 3:
            cur = re.sub(r"^[^|\-\u2013\u2014\\/>\u00bb]*[|\-\u2013\u2014\\/>\u00bb]", "", orig)
    elif ": " in cur:
        headings = pm.h1 + pm.site_headings + pm.subheadings
        if orig.strip() not in headings:
            cur = orig[orig.rfind(":") + 1 :]
            if _word_count(cur) < 3:
                cur = orig[orig.find(":") + 1 :]
            elif _word_count(orig[: orig.find(":")]) > 5:
                cur = orig
    elif len(cur) > MAX_CHARS or len(cur) < MIN_CHARS:
        if len(pm.h1) + len(pm.site_headings) == 1:
            cur = (pm.h1 + pm.site_headings)[0]
    cur = re.sub(r"\s{2,}", " ", cur.strip())
    n = _word_count(cur)
    if n <= 4 and (not hierarchical or n != _word_count(SEPARATOR_CHARS.sub("", orig)) - 1):
        cur = orig
    return cur


def reader_view_title(pm: PageMeta) -> tuple[str, str]:
    """(title, where it came from) as a reader view would show it: "meta" (a declared title,
    whole), "doc_cut" (the ``<title>`` cut by its rules) or "doc" (the ``<title>`` left whole)."""
    for name in META_ORDER:
        for value in pm.meta.get(name, ())[-1:]:
            if value.strip():
                return clean_value(value), "meta"
    title = document_title(pm)
    return title, "doc" if fold(title) == fold(pm.doc_title) else "doc_cut"
