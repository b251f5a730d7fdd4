"""Authors of a web page: every place that names them, checked for being people.

Pages name their authors in structured data (JSON-LD ``author``), meta tags,
links marked ``rel="author"``, elements marked ``itemprop="author"`` or classed
as a byline, and trafilatura's guess. Each source is read in turn (structured
data first, where a publisher states exactly who wrote the piece); its names
are kept only if they read as people:

- not an organisation ("Reuters", "MDR Redaktion", "The Mail on Sunday"),
  nor the site itself (a JSON-LD author that is the publisher's name);
- not a domain ("mdr.de", "Jungefreiheit De" as a slug of one);
- not a date, a job title or degree ("Staff Writer", "MA"), nor a button or
  form label ("Follow", "Username", "Authority control").

A source whose every name is rejected does not end the search: the next one
is asked, so a page whose JSON-LD names only the publisher still gets the
byline printed on it. The word lists are data; nothing here is tuned per site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlparse

from lxml.html import HtmlElement

from reader.parsing import author_names, html_meta
from reader.parsing.html_meta import PageMeta, fold

#: Words that make a name an organisation's (compared case-insensitively, whole words).
ORGANISATION_WORDS = frozenset(
    (
        "inc", "ltd", "llc", "gmbh", "plc", "corp", "corporation", "company", "co",
        "news", "newsroom", "media", "press", "presse", "agency", "agencies", "wire", "wires",
        "staff", "team", "desk", "editors", "editorial", "redaktion", "rédaction", "redaction", "redacción",
        "group", "network", "online", "magazine", "times", "tribune", "journal", "herald", "gazette",
        "daily", "weekly", "radio", "tv", "television", "broadcasting", "foundation", "organization",
        "organisation", "institute", "university", "association", "society", "council", "ministry",
        "department", "office", "services", "service", "contributors", "newsdesk", "reuters", "afp",
        "dpa", "apa", "sid", "kna", "epd", "associated", "bloomberg",
    )
)
#: Button and form words that land in author fields.
BUTTON_WORDS = frozenset(
    (
        "follow", "share", "subscribe", "name", "username", "user", "author", "authors", "profile",
        "comment", "comments", "reply", "login", "log", "sign", "more", "view", "read", "email",
        "e-mail", "print", "tweet", "like", "menu", "search", "home", "control", "contact", "about",
        "posts", "all", "see", "website", "homepage", "bio", "rss", "feed", "authority",
        "us", "me", "this", "here", "a", "topic", "topics", "other", "article", "articles", "resize",
        "digg", "permalink", "comente", "thanks", "thank",
    )
)
#: Degrees and post-nominals split off a byline as if they were names ("Brenda Goodman, MA").
DEGREES = frozenset(
    ("ma", "md", "phd", "ms", "msc", "ba", "bsc", "rn", "mph", "do", "dr", "jr", "sr", "mba", "llm", "rdn", "rd", "dds", "dvm", "cpa", "cfa", "esq")
)
#: Words of a date or publication label caught as a byline ("Veröffentlicht am", "Last updated").
LABEL_WORDS = frozenset(
    (
        "published", "posted", "updated", "veröffentlicht", "aktualisiert", "geschrieben", "publié", "publicado",
        "pubblicato", "gepubliceerd", "am", "on", "um", "le", "à",
    )
)
#: The most words a person's name has.
MAX_NAME_WORDS = 5

#: Elements a page marks as its byline. Classes/ids are matched by token: "byline",
#: "author", "article-author", "post-author__name"; "authority" is not one.
BYLINE_XPATH = (
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
    " | //*[@itemprop='author']"
    " | //*[contains(translate(@class, 'BYLINE', 'byline'), 'byline') or contains(translate(@id, 'BYLINE', 'byline'), 'byline')]"
    " | //*[contains(translate(@class, 'AUTHOR', 'author'), 'author') and not(contains(translate(@class, 'AUTHORITY', 'authority'), 'authority'))]"
)
#: Ancestors whose class or id says they are the reader comments (their authors are commenters).
COMMENT_AREA = re.compile(r"comment|respon|repl|disqus|discussion", re.IGNORECASE)
#: Byline elements read, at most, and the longest text one may have (characters).
MAX_BYLINE_ELEMENTS = 8
MAX_BYLINE_CHARS = 120


def is_non_name(name: str) -> bool:
    """Buttons ("About Us"), roles, dates, signature lines and prose: not even an organisation's name."""
    words = [w.casefold().strip(".,'’:") for w in name.split()]
    if not words or all(w in BUTTON_WORDS or w in DEGREES for w in words):
        return True
    return author_names.is_not_a_name(name) or author_names.is_credit(name)


def is_label(name: str, site_keys: set[str]) -> bool:
    """A button, form label, date word, degree, or the site's own name or domain: never an author."""
    words = name.split()
    if not words:
        return True
    lower = [w.casefold().strip(".,'’:") for w in words]
    if all(w in BUTTON_WORDS or w in DEGREES for w in lower):
        return True
    if any(w in LABEL_WORDS for w in lower) or author_names.is_not_a_name(name):
        return True  # a date or publication label, a role, a signature line, prose
    key = fold(name)
    return bool(key) and key in site_keys


def is_person(name: str, site_keys: set[str]) -> bool:
    """Could ``name`` be a person (or a person's handle), not an organisation, date or label?"""
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or is_label(name, site_keys):
        return False
    if len(words) == 1 and len(name) <= 3:
        return False  # initials or an agency code ("JF", "AP"), not a name to show
    return not any(w.casefold().strip(".,'’") in ORGANISATION_WORDS or w.casefold() in author_names.JOB_WORDS for w in words)


def _site_keys(site: str | None, url: str | None) -> set[str]:
    """Folded forms of the site's name and host ("mdrde" also catches the slug "Mdr De")."""
    keys = {fold(site)} if site else set()
    host = (urlparse(url).hostname or "") if url else ""
    if host:
        host = host.removeprefix("www.")
        keys.add(fold(host))
    keys.discard("")
    return keys


#: Month names (English, German, French, Spanish) that trail a name when a dateline was cut off.
MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "januar februar märz juni juli oktober dezember janvier février mars avril mai juin juillet août "
    "septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto".split()
)

#: Lower-case words that may sit inside a name ("Michiel de Jong", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(("de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "al", "y"))


def _without_trailing_words(name: str) -> str:
    """'Aleš Vávra před' -> 'Aleš Vávra': a name ends at its last capitalised word
    (a relative date or a verb glued on after it is not part of it); a month name
    after two or more words is a date's ("Joshua Sokol May"), "Theresa May" stays."""
    words = name.split()
    if len(words) >= 3 and words[-1].casefold().strip(".,") in MONTH_WORDS:
        words = words[:-1]  # "Joshua Sokol May": the month of a date cut off after the name
        name = " ".join(words)
    if len(words) < 2 or not words[0][:1].isupper():
        return name
    cut = list(words)
    while len(cut) > 1 and cut[-1][:1].islower() and cut[-1].casefold() not in NAME_PARTICLES:
        cut.pop()
    # Only a first and last name left counts: "Guardian staff reporter" stays whole.
    return " ".join(cut) if len(cut) >= 2 else name


def _names(raw: Iterable[str], site_keys: set[str] | None = None, *, people: bool = True) -> list[str]:
    """Names of byline texts, each cleaned (``author_names.clean``, the site's name after a name
    cut; a person's name ends at its last capitalised word unless ``people`` is false: an
    organisation's may not, "Contributors to Wikimedia projects"); photo credits give none."""
    raw = list(raw)
    if any(author_names.is_credit(r) for r in raw):
        return []  # a credit's names are the photographers' ("Kevork Djansezian; File")
    names = (
        author_names.clean(html_meta._unslug(n))
        for r in raw
        for n in author_names.without_dateline_places(html_meta.split_byline(author_names.without_published_tail(r)), r)
    )
    return [without_site_name(_without_trailing_words(n) if people else n, site_keys or set()) for n in names if n]


def without_site_name(name: str, site_keys: set[str]) -> str:
    """'Elliot Brownstein Florida Today' on floridatoday.com -> 'Elliot Brownstein': the site after a name."""
    words = name.split()
    for i in range(2, len(words)):
        if fold(" ".join(words[i:])) in site_keys:
            return " ".join(words[:i])
    return name


def _completed(names: list[str], printed: list[str]) -> list[str]:
    """A name the byline prints in full replaces its short form ("Stefanus" -> "Stefanus Stahl")."""
    out = []
    for n in names:
        key = fold(n)
        longer = [p for p in printed if len(p.split()) > len(n.split()) and fold(p).startswith(key) and key]
        out.append(longer[0] if len(longer) == 1 else n)
    return out


#: The last tree's byline elements: the hand rule and the author scorer both read them.
_LAST: list[tuple[HtmlElement, list[HtmlElement]]] = []


def byline_elements(tree: HtmlElement) -> list[HtmlElement]:
    """Elements the page marks as bylines (``BYLINE_XPATH``), in page order; computed once per tree."""
    if _LAST and _LAST[0][0] is tree:
        return _LAST[0][1]
    try:
        elements = list(tree.xpath(BYLINE_XPATH))
    except Exception:  # noqa: BLE001 - a malformed tree gives no bylines, never a crash
        elements = []
    _LAST[:] = [(tree, elements)]
    return elements


def page_bylines(tree: HtmlElement) -> list[str]:
    """Texts of the elements the page marks as bylines, outside the comment area."""
    out: list[str] = []
    for el in byline_elements(tree):
        if len(out) >= MAX_BYLINE_ELEMENTS:
            break
        if not isinstance(el.tag, str) or el.tag in ("meta", "link", "script", "style", "body", "html"):
            continue
        if any(COMMENT_AREA.search((a.get("class") or "") + " " + (a.get("id") or "")) for a in el.iterancestors()):
            continue
        name_el = el.xpath(".//*[@itemprop='name']")
        text = (name_el[0].get("content") or name_el[0].text_content()) if name_el else el.text_content()
        text = " ".join(text.split())
        if text and len(text) <= MAX_BYLINE_CHARS:
            out.append(text)
    return out


def choose_authors(
    pm: PageMeta, traf_author: str | None, tree: HtmlElement | None = None, site: str | None = None, url: str | None = None
) -> list[str]:
    """The page's authors: the first source whose names read as people."""
    keys = _site_keys(site, url)
    sources: list[list[str]] = []
    for obj in pm.ld_articles:
        sources.append(_names(html_meta._ld_names(obj.get("author"), pm), keys))
    for key in html_meta.AUTHOR_META:
        sources.append(_names(pm.meta.get(key, ()), keys))
    # The first source that names a person (its other names, e.g. "Gear Team", stay with it).
    for names in sources:
        kept = [n for n in names if not is_label(n, keys) and len(n.split()) <= MAX_NAME_WORDS]
        if any(is_person(n, keys) for n in kept):
            if tree is not None and any(len(n.split()) == 1 for n in kept):
                printed = [n for t in page_bylines(tree) for n in _names([t], keys) if is_person(n, keys)]
                kept = _completed(kept, printed)
            return html_meta.dedupe_names(kept)
    # Then the first byline printed on the page that names a person (later ones are
    # often other stories' bylines in a list); here only the people count. The page's
    # own byline comes before trafilatura's guess, which on sites never seen is as
    # often a commenter or a related story's author ("Mark says").
    for text in page_bylines(tree) if tree is not None else []:
        people = [n for n in _names([text], keys) if is_person(n, keys)]
        if people:
            return html_meta.dedupe_names(people)
    traf = _names(traf_author.split(";"), keys) if traf_author else []
    kept = [n for n in traf if not is_label(n, keys) and len(n.split()) <= MAX_NAME_WORDS]
    if any(is_person(n, keys) for n in kept):
        return html_meta.dedupe_names(kept)
    # No person anywhere: what the page's own metadata says (an agency, the site's staff),
    # unless it is a label, a role, a date or prose ("About Us", "Mark says", "great post").
    fallback = [_names(html_meta._ld_names(obj.get("author"), pm), people=False) for obj in pm.ld_articles]
    fallback += [_names(pm.meta.get(key, ()), people=False) for key in html_meta.AUTHOR_META]
    fallback.append(_names(traf_author.split(";"), people=False) if traf_author else [])
    for names in fallback:  # cleaned as above: a credit's give none
        kept = [n for n in names if not is_non_name(n)]
        if kept:
            return html_meta.dedupe_names(kept)
    return []
