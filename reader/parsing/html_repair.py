"""Markup repair: a second reading of pages whose first reading lost their text.

libxml2 (under lxml and trafilatura) recovers from most broken markup, but a
few faults make it swallow the rest of the page: a ``<title>`` never closed
(everything after it becomes the title), a tag whose attribute quote is never
closed (``<html xmogo.jpg" alt="...``, a crawl that spliced two files), a
comment opened with ``<!---`` and closed only pages later. The page then reads
as empty or nearly so, and is refused as "not an article".

When the first tree holds far less text than the page's markup does
(``looks_broken``), the page is read a second time through Python's own
tolerant tokenizer (``html.parser``), which resynchronises at every ``<``,
and written back as clean markup (``clean_markup``: quoted attributes, a title
closed before the next tag) for lxml to parse. The second tree is kept only
when it holds more text.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from lxml import etree
from lxml.html import HtmlElement

#: The first tree is taken as broken below this share of the markup's own text...
BROKEN_TEXT_SHARE = 0.5
#: ...and only when the markup holds at least this much text (characters, spaces left out).
BROKEN_MIN_CHARS = 500
#: Markup that holds no visible text: scripts, styles, comments.
_INVISIBLE = re.compile(  # unrolled loops: a lazy ".*?" scan costs twice as much on large pages
    r"<script\b[^<]*(?:<(?!/script)[^<]*)*</script\s*>|<style\b[^<]*(?:<(?!/style)[^<]*)*</style\s*>|"
    r"<!--[^-]*(?:-(?!->)[^-]*)*-->",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&#?\w+;")
#: Attribute names lxml accepts; anything else in a tag (stray quotes, ``xmogo.jpg"``) is dropped.
_ATTR_NAME = re.compile(r"^[A-Za-z_:][-\w:.]*$")
_TAG_NAME = re.compile(r"^[A-Za-z][-\w:]*$")
#: Elements whose text libxml2 reads raw up to their end tag: closed at the next tag.
_RAW_TEXT = frozenset(("title", "textarea"))
_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
))


def markup_text_chars(text: str) -> int:
    """Characters of visible text in the markup (tags, scripts, styles, comments and spaces left out)."""
    visible = _TAG.sub(" ", _INVISIBLE.sub(" ", text))
    return _solid_chars(_ENTITY.sub("x", visible))


def _solid_chars(text: str) -> int:
    """Characters that are not white space."""
    return sum(map(len, text.split()))


#: Elements whose text is not the page's visible text.
_NOT_SHOWN = frozenset(("script", "style", "title", "textarea"))


def tree_text_chars(tree: HtmlElement) -> int:
    """Characters of the page's visible text in the tree (scripts, styles, title and spaces left out)."""
    everything = etree.tostring(tree, method="text", encoding=str, with_tail=False)
    hidden = sum(_solid_chars(el.text or "") for el in tree.iter(*_NOT_SHOWN))
    return _solid_chars(everything) - hidden


def looks_broken(tree: HtmlElement, text: str) -> bool:
    """The tree holds far less text than the markup: a fault swallowed part of the page."""
    if len(text) < BROKEN_MIN_CHARS:
        return False
    in_markup = markup_text_chars(text)
    return in_markup >= BROKEN_MIN_CHARS and tree_text_chars(tree) < BROKEN_TEXT_SHARE * in_markup


class _Cleaner(HTMLParser):
    """Re-emits the tokens Python's tolerant tokenizer finds as well-formed markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.raw_open: str | None = None
        self.raw_from = 0
        self.in_script = False

    def _close_raw(self) -> None:
        """Close a title left open: its text is its first line (what follows is the markup it swallowed)."""
        if self.raw_open is not None:
            swallowed = "".join(self.out[self.raw_from :])
            first = next((line for line in swallowed.splitlines() if line.strip()), "")
            del self.out[self.raw_from :]
            self.out.append(f"{first.strip()}</{self.raw_open}>")
            self.raw_open = None

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> None:
        self._close_raw()
        if not _TAG_NAME.match(tag):
            return
        parts = [tag]
        for name, value in attrs:
            if _ATTR_NAME.match(name):
                parts.append(f'{name}="{escape(value or "", quote=True)}"')
        # "/>" on an element that is not void means nothing in HTML (lxml ignores it too).
        self.out.append("<" + " ".join(parts) + (" />" if close and tag in _VOID else ">"))
        if tag in _RAW_TEXT:
            self.raw_open = tag
            self.raw_from = len(self.out)
        elif tag in ("script", "style"):
            self.in_script = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        if self.raw_open == tag:
            self.raw_open = None
            self.out.append(f"</{tag}>")
            return
        self._close_raw()
        self.in_script = False
        if _TAG_NAME.match(tag):
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        # Script and style bodies come through raw (JSON-LD is read from them).
        if self.in_script:
            self.out.append(data)
        else:
            self.out.append(escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def clean_markup(text: str) -> str:
    """The page re-tokenised by ``html.parser`` and written back as well-formed markup
    (comments, doctype and processing instructions left out)."""
    cleaner = _Cleaner()
    cleaner.feed(text)
    cleaner.close()
    cleaner._close_raw()
    return "".join(cleaner.out)
