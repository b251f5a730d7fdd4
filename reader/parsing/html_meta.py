"""Article metadata from a page's own declarations (JSON-LD, meta tags, <title>, <h1>).

trafilatura gives one guess per field; publishers usually say more. Every
source is collected first (``PageMeta``), then each field is chosen by a
rule that weighs them:

- title: the social title (``og:title``) minus its site suffix; when the
  JSON-LD headline says something else, the page's voices vote (see
  ``choose_title``); without either, the ``<title>`` the page's headline
  confirms, otherwise the rest. The winner is spelt with the quote marks
  most of the page uses.
- authors: the article object's ``author`` in JSON-LD, then author meta tags,
  then trafilatura; bylines are split ("By A and B"), de-duplicated, and job
  words ("Staff") are dropped.
- date: the article object's ``datePublished``, then ``article:published_time``
  and friends (full time and zone), then trafilatura's date.

Which tags count is data (the tuples below), not code branches.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable
from urllib.parse import urlparse

from lxml.html import HtmlElement

from reader.parsing.dates import parse_datetime

#: schema.org types that describe the article itself (not the page or the site).
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle",
        "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting",
        "Report", "ScholarlyArticle", "TechArticle", "Review", "Recipe", "VideoObject",
    )
)
#: Page-level types: used only when no article object exists.
PAGE_TYPES = frozenset(t.lower() for t in ("WebPage", "ItemPage", "CollectionPage", "AboutPage"))

TITLE_META = ("og:title", "twitter:title", "title", "dc.title", "parsely-title", "sailthru.title")
SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "byl", "dc.creator",
    "dcterms.creator", "citation_author", "cxenseparse:author", "byline",
)
DATE_META = (
    "article:published_time", "datepublished", "og:published_time", "published_time",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.date", "dc.date",
    "dcterms.created", "pubdate", "publish-date", "publishdate", "date", "citation_publication_date",
    "article.published", "original-publish-date",
)
TAG_META = ("article:tag", "news_keywords", "parsely-tags", "sailthru.tags")
URL_META = ("og:url", "twitter:url")

#: Structured-data fields that state the article's headline (JSON-LD keys, microdata itemprops).
HEADLINE_KEYS = ("headline", "name", "alternativeHeadline")
MICRODATA_HEADLINE = "headline"
#: Quote marks folded to their plain form when two spellings of a title are compared.
QUOTE_FOLD = str.maketrans(
    {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`\u02bc"}
    | {c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"}
)
#: Entities left after one round of unescaping ("&amp;#8217;" in JSON-LD and meta tags).
LEFTOVER_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
#: A social title counts as a trimmed form of a longer headline when it has at least
#: this many words, at least this share of the headline's words, and at most
#: TRIM_FOREIGN_WORDS words the headline does not have.
TRIM_MIN_WORDS = 4
TRIM_MIN_SHARE = 0.5
TRIM_FOREIGN_WORDS = 1

#: Separators between a headline and the site/section names in a <title>.
TITLE_SEPARATOR = re.compile(r"\s+(?:::|--|[|\-\u2013\u2014:\u00b7\u2022\u00bb/~])\s+|\s*[|\u00bb\u2022]\s*")

#: Words in bylines that are roles or filler, not names (compared case-insensitively).
BYLINE_NOISE_WORDS = frozenset(
    (
        "staff", "staff writer", "staff reporter", "correspondent", "contributor", "editor",
        "reporter", "writer", "admin", "administrator", "guest", "guest author", "unknown",
        "anonymous", "none", "null", "undefined", "last updated", "updated", "published", "username",
        # buttons and form labels that land in author fields
        "follow", "name", "author", "autor", "share", "subscribe", "profile",
    )
)
BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:(?:written|posted|published|story|reporting|words|text|photos?)\s+)?(?:by|von|par|por|di|door)"
    r"|author|autor|autorin|auteur|autore)\s*:?\s+",
    re.IGNORECASE,
)
#: Tail phrases after a name: "Jane Doe For Dailymail.com", "Jane Doe, Staff Writer".
BYLINE_TAIL = re.compile(
    r"\s+(?i:for|in|at|from)\s+(?:(?i:the)\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*$"
    r"|\s*,\s*(?:senior\s+|chief\s+|associate\s+)?(?:staff\s+writer|staff\s+reporter|correspondent|"
    r"editor|reporter|contributor|columnist)s?\b.*$",
)
#: A date glued to the end of a byline ("By Joshua Sokol May 5, 2017").
BYLINE_DATE = re.compile(
    r"\s+(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d{1,2}\b.*$",
)
#: A web address after a name: "Frank Bueltge - http://bueltge.de".
BYLINE_URL = re.compile(r"\s*(?:[-\u2013|]\s*)?(?:https?://|www\.)\S+", re.IGNORECASE)
#: A bare domain given as the author ("mdr.de", "MesOpinions.com"): the site, not a person.
DOMAIN_NAME = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}$", re.IGNORECASE)
BYLINE_SPLIT = re.compile(r"\s*(?:;|\||,\s*and\s+|\s+and\s+|\s+&\s+|\s+und\s+|\s+et\s+|,)\s*", re.IGNORECASE)


@dataclass
class PageMeta:
    """Everything the page declares about itself, unjudged."""

    doc_title: str = ""
    h1: list[str] = field(default_factory=list)
    #: The first <h2>/<h3> texts: older and simpler pages set their headline there.
    subheadings: list[str] = field(default_factory=list)
    microdata_headlines: list[str] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    ld_articles: list[dict[str, Any]] = field(default_factory=list)
    ld_pages: list[dict[str, Any]] = field(default_factory=list)
    ld_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    canonical: str | None = None
    lang: str | None = None

    def first_meta(self, names: Iterable[str]) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    text = html_lib.unescape(text)
    if LEFTOVER_ENTITY.search(text):
        # Escaped twice by the CMS ("Swift&amp;#8217;s"): a reader wants the character.
        text = html_lib.unescape(text)
    return " ".join(text.split())


#: <h2>/<h3> headings (and elements classed as headlines) read as possible headlines.
MAX_SUBHEADINGS = 6
MAX_HEADLINE_WORDS = 30
#: Elements whose class or id calls them a headline ("headline", "storyTitle", "art_head").
HEADLINE_CLASS_XPATH = (
    "//body//*[not(self::a) and not(self::title) and (contains(translate(@class,'HEADLINE','headline'),'headline')"
    " or contains(translate(@id,'HEADLINE','headline'),'headline')"
    " or contains(translate(@class,'TITLE','title'),'storytitle') or contains(translate(@class,'TITLE','title'),'articletitle'))]"
)
#: " (from The Herald )": a syndication note after the headline.
TITLE_SOURCE_NOTE = re.compile(r"\s*\(\s*from\s+[^()]{2,60}\)\s*$", re.IGNORECASE)
#: An edge part of a <title> this short (in words) may be the site's or section's label.
MAX_LABEL_WORDS = 4


def collect(tree: HtmlElement) -> PageMeta:
    """One pass over the head and structured data of a parsed page."""
    pm = PageMeta()
    title_el = tree.find(".//title")
    if title_el is not None:
        pm.doc_title = _clean(title_el.text_content())
    for h in tree.iter("h1"):
        text = _clean(h.text_content())
        if text:
            pm.h1.append(text)
        if len(pm.h1) >= 3:
            break
    for h in tree.iter("h2", "h3"):
        text = _clean(h.text_content())
        if text:
            pm.subheadings.append(text)
        if len(pm.subheadings) >= MAX_SUBHEADINGS:
            break
    for el in tree.xpath(HEADLINE_CLASS_XPATH)[:MAX_SUBHEADINGS]:
        text = _clean(el.text_content())
        if text and len(text.split()) <= MAX_HEADLINE_WORDS:
            pm.subheadings.append(text)
    for el in tree.xpath("//*[@itemprop]"):
        if MICRODATA_HEADLINE in (el.get("itemprop") or "").split():
            text = _clean(el.get("content") or el.text_content())
            if text:
                pm.microdata_headlines.append(text)
            if len(pm.microdata_headlines) >= 3:
                break
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = m.get("content")
        if key and content:
            pm.meta.setdefault(key, []).append(_clean(content))
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            pm.canonical = link.get("href").strip()
            break
    pm.lang = (tree.get("lang") or "").split("-")[0].lower() or None
    for script in tree.iter("script"):
        if (script.get("type") or "").lower().strip() != "application/ld+json":
            continue
        raw = script.text or ""
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        _collect_ld(data, pm)
    return pm


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _collect_ld(data: Any, pm: PageMeta) -> None:
    stack = [data]
    seen = 0
    while stack and seen < 5000:
        seen += 1
        obj = stack.pop()
        if isinstance(obj, list):
            stack.extend(reversed(obj))
        elif isinstance(obj, dict):
            types = _types(obj)
            if isinstance(obj.get("@id"), str):
                pm.ld_by_id.setdefault(obj["@id"], obj)
            if types & ARTICLE_TYPES:
                pm.ld_articles.append(obj)
            elif types & PAGE_TYPES:
                pm.ld_pages.append(obj)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
                if isinstance(obj.get(key), (list, dict)):
                    stack.append(obj[key])


# ---------------------------------------------------------------- site and title


def fold(text: str) -> str:
    """Lowercase letters and digits only, accents and quotes removed: for comparisons."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum())


def site_name(pm: PageMeta, fallback: str | None, url: str | None) -> str | None:
    name = pm.first_meta(("og:site_name",))
    if not name:
        for obj in pm.ld_articles:
            pub = obj.get("publisher")
            if isinstance(pub, dict) and _clean(pub.get("name")):
                name = _clean(pub.get("name"))
                break
    if not name:
        name = pm.first_meta(SITE_META[1:])
        if name and name.startswith("@"):
            name = None
    if not name and fallback:
        name = fallback
    if not name and url:
        host = urlparse(url).hostname or ""
        name = host[4:] if host.startswith("www.") else host or None
    return name or None


def _site_keys(site: str | None, url: str | None) -> set[str]:
    keys = set()
    if site:
        keys.add(fold(site))
    if url:
        host = (urlparse(url).hostname or "").lower()
        parts = [p for p in host.split(".") if p not in ("www", "com", "co", "uk", "org", "net", "de")]
        keys.update(fold(p) for p in parts if len(p) > 2)
    keys.discard("")
    return keys


def _is_site_segment(segment: str, keys: set[str]) -> bool:
    f = fold(segment)
    if not f:
        return True
    for k in keys:
        if f == k or (len(k) >= 3 and (f.startswith(k) or f.endswith(k) or k in f and len(f) <= len(k) + 8)):
            return True
        if len(f) >= 3 and k.startswith(f):
            return True
    return False


def strip_site(title: str, site: str | None, url: str | None) -> str:
    """Drop leading/trailing " | Site" segments that name the site (or its domain)."""
    title = _clean(title)
    keys = _site_keys(site, url)
    if not keys or not title:
        return title
    parts = TITLE_SEPARATOR.split(title)
    seps = TITLE_SEPARATOR.findall(title)
    if len(parts) < 2:
        return title
    lo, hi = 0, len(parts)
    while hi - lo > 1 and _is_site_segment(parts[hi - 1], keys):
        hi -= 1
    while hi - lo > 1 and _is_site_segment(parts[lo], keys):
        lo += 1
    if (lo, hi) == (0, len(parts)):
        return title
    out = parts[lo]
    for i in range(lo + 1, hi):
        out += seps[i - 1] + parts[i]
    return out.strip()


def _is_label(part: str) -> bool:
    """A site or section label: a domain, or a few capitalised words ("icCoventry",
    "The Bellingham Herald", "DNA", "Daily News & Analysis")."""
    words = part.split()
    if not words or len(words) > MAX_LABEL_WORDS:
        return False
    if DOMAIN_NAME.match(part.strip()):
        return True
    if re.fullmatch(r"[\d./-]+", part.strip()):
        return True  # a date: "01/12/2008"
    return all(not w[0].isalpha() or any(ch.isupper() for ch in w) for w in words)


def _title_parts(title: str, *, at_colons: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each part of a <title> between separators ("Site » Section » Headline")."""
    cuts = [m for m in TITLE_SEPARATOR.finditer(title) if at_colons or m.group().strip() != ":"]
    starts = [0] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [len(title)]
    return list(zip(starts, ends))


def strip_labels(title: str) -> str:
    """An unconfirmed <title> without its site and section labels.

    With no headline on the page to match, the parts at the ends of the
    <title> that read as labels are dropped, one at a time, while the part
    left in the middle is longer than the label (so "Obama Wins - Clinton
    Concedes" stays whole). Colons are not cut at here: "Cole: Winning the
    Cup" is a headline. A "(from The Herald)" note goes too.
    """
    title = TITLE_SOURCE_NOTE.sub("", title).strip()
    bounds = _title_parts(title, at_colons=False)
    words = [len(title[a:b].split()) for a, b in bounds]
    lo, hi = 0, len(bounds)
    while hi - lo > 1:
        if _is_label(title[slice(*bounds[hi - 1])]) and max(words[lo : hi - 1]) > words[hi - 1]:
            hi -= 1
        elif _is_label(title[slice(*bounds[lo])]) and max(words[lo + 1 : hi]) > words[lo]:
            lo += 1
        else:
            break
    return title[bounds[lo][0] : bounds[hi - 1][1]].strip()


def _headline_candidates(pm: PageMeta) -> list[str]:
    """Headlines the page shows or declares, to confirm a part of the <title> with.

    <h2>/<h3> count too: older pages set the headline there (and the site's
    name in the <h1>); matching a part of the <title> is the evidence.
    """
    out = [_clean(o.get("headline") or o.get("name")) for o in pm.ld_articles]
    out += pm.h1 + pm.subheadings
    return [h for h in out if len(h) >= 8]


def _doc_title_part(doc: str, headline: str) -> str | None:
    """The run of ``doc``'s separator-delimited parts that is ``headline``, if any:
    "Headline | Site", "Site » Headline" and "Section - Headline - Site" alike."""
    fh = fold(headline)
    if not doc or not fh:
        return None
    if fold(doc) == fh:
        return doc
    if fh not in fold(doc):
        return None
    bounds = _title_parts(doc)
    for i, (a, _end) in enumerate(bounds):
        for _start, b in bounds[i:]:
            if fold(doc[a:b]) == fh:
                return doc[a:b].strip()
    return None


def _confirmed_doc_title(pm: PageMeta) -> str | None:
    """The <title>'s headline part, if a headline the page shows elsewhere matches it.

    Of several matching parts the longest wins: a logo <h1> matches the site's
    part of "Harbour Times » Ferry fares to rise", the <h2> the headline's.
    """
    parts = [p for p in (_doc_title_part(pm.doc_title, h) for h in _headline_candidates(pm)) if p]
    return max(parts, key=len) if parts else None


def _main_ld_headlines(pm: PageMeta) -> list[str]:
    """The headline fields of the first article object that has a headline."""
    for obj in pm.ld_articles:
        values = [_clean(obj.get(k)) for k in HEADLINE_KEYS]
        if values[0]:
            return [v for v in values if v]
    return []


def _title_voices(pm: PageMeta, site: str | None, url: str | None) -> dict[str, list[str]]:
    """Where the page states its headline, grouped by who writes each statement.

    Meta tags (og:title, twitter:title, sailthru.title ...) are usually filled
    from one CMS field, and JSON-LD and microdata from one article record, so
    each group is one voice however many tags repeat it. The document
    <title> and the visible <h1> are written separately.
    """
    meta = [strip_site(v, site, url) for k in TITLE_META for v in pm.meta.get(k, ())]
    structured = [strip_site(v, site, url) for v in _main_ld_headlines(pm) + pm.microdata_headlines]
    return {
        "meta": meta,
        "structured": structured,
        "document": [pm.doc_title],
        "visible": [strip_site(h, site, url) for h in pm.h1],
    }


def _supports(voice: str, values: list[str], title: str) -> bool:
    if voice == "document":
        return any(_doc_title_part(v, title) for v in values)
    key = fold(title)
    return any(fold(v) == key for v in values)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKD", text).casefold())


def is_trimmed_form(short: str, long: str) -> bool:
    """``short`` is ``long`` with words cut (one word may be reworded).

    "Chelsea send clear message at Cobham" / "Chelsea send clear message at
    Cobham in battling win over Tottenham": the same headline, shortened.
    """
    s, l_ = _words(short), _words(long)
    if len(s) < TRIM_MIN_WORDS or len(s) >= len(l_) or len(s) < TRIM_MIN_SHARE * len(l_):
        return False
    pool = list(l_)
    foreign = 0
    for w in s:
        if w in pool:
            pool.remove(w)
        else:
            foreign += 1
    return foreign <= TRIM_FOREIGN_WORDS


def _arbitrate(pm: PageMeta, social: str, headline: str, site: str | None, url: str | None) -> str:
    """og:title and the JSON-LD headline disagree: which one is the article's title?

    Publishers often write two headlines: one for the page and search engines,
    one for sharing. A social title that is just the headline with words cut
    is the short title the publisher settled on. Otherwise each voice of the
    page (meta tags, structured data, <title>, visible <h1>) supports the
    candidates it states; the one with more support wins, and on a tie the
    JSON-LD headline does (it is the field meant to hold the headline, where
    social titles are often rewritten for clicks).
    """
    if is_trimmed_form(social, headline):
        return social
    voices = _title_voices(pm, site, url)
    votes = {
        cand: sum(_supports(voice, values, cand) for voice, values in voices.items())
        for cand in (social, headline)
    }
    return social if votes[social] > votes[headline] else headline


def _quote_key(text: str) -> str:
    return " ".join(text.translate(QUOTE_FOLD).split())


def house_spelling(title: str, spellings: Iterable[Iterable[str]]) -> str:
    """Spell ``title`` with the quote marks most voices use ("Swift’s" vs "Swift's").

    ``spellings`` holds each voice's statements; a voice whose statement is
    the same title in other quote marks votes for its marks. On a tie the
    chosen title keeps its own.
    """
    key = _quote_key(title)
    counts: dict[str, int] = {title: 0}
    for values in spellings:
        for v in values:
            v = " ".join(v.split())
            if _quote_key(v) == key:
                counts[v] = counts.get(v, 0) + 1
                break
    best = max(counts.values())
    return title if counts[title] == best else max(counts, key=counts.__getitem__)


def choose_title(pm: PageMeta, traf_title: str | None, site: str | None, url: str | None) -> str:
    """The headline the publisher gives for sharing (og:title), else the page's own.

    ``og:title`` is the one title field nearly every news page fills in for
    exactly this purpose (a headline without the site's name). Where the
    JSON-LD headline says something else, the page's voices decide
    (``_arbitrate``). Without a social title, the ``<title>`` is trusted where
    a visible or structured headline confirms it.
    """
    title = ""
    social = ""
    for name in TITLE_META[:2]:
        value = pm.first_meta((name,))
        if value and len(fold(value)) >= 3:
            social = strip_site(value, site, url)
            break
    ld = _main_ld_headlines(pm)
    headline = strip_site(ld[0], site, url) if ld else ""
    if social and headline and fold(social) != fold(headline) and len(fold(headline)) >= 3:
        title = _arbitrate(pm, social, headline, site, url)
    elif social:
        title = social
    else:
        confirmed = _confirmed_doc_title(pm)
        if confirmed:
            title = strip_site(confirmed, site, url)
        else:
            for candidate in (pm.doc_title, traf_title, *(pm.h1[:1])):
                if candidate and _clean(candidate):
                    title = strip_labels(strip_site(candidate, site, url))
                    break
    if not title:
        return ""
    voices = _title_voices(pm, site, url)
    doc_parts = [p for p in (_doc_title_part(pm.doc_title, title),) if p]
    return house_spelling(title, [voices["meta"], voices["structured"], doc_parts, voices["visible"]])


# ---------------------------------------------------------------- authors


def _ld_names(value: Any, pm: PageMeta) -> list[str]:
    names: list[str] = []
    stack = [value]
    while stack:
        v = stack.pop(0)
        if isinstance(v, str):
            names.append(v)
        elif isinstance(v, list):
            stack[0:0] = v
        elif isinstance(v, dict):
            name = v.get("name")
            if not name and isinstance(v.get("@id"), str):
                ref = pm.ld_by_id.get(v["@id"])
                if ref is not None and ref is not v:
                    name = ref.get("name")
            if isinstance(name, (str, list)):
                stack.insert(0, name)
    return names


def _looks_like_url(text: str) -> bool:
    t = text.strip()
    return bool(re.match(r"^(?:https?:|www\.|/)", t, re.IGNORECASE) or DOMAIN_NAME.match(t))


def split_byline(text: str) -> list[str]:
    """'By Jane Doe and John Roe, Staff Writers' -> ['Jane Doe', 'John Roe']."""
    text = _clean(text)
    if not text or _looks_like_url(text):
        return []
    text = BYLINE_PREFIX.sub("", text)
    text = BYLINE_DATE.sub("", text)
    names = []
    # "Kooman, F.; Jong, Michiel de": with semicolons, commas belong to the names.
    parts = text.split(";") if ";" in text else BYLINE_SPLIT.split(text)
    for part in parts:
        part = BYLINE_PREFIX.sub("", part).strip(" .,:;-\u2013\u2014")
        part = BYLINE_TAIL.sub("", part).strip(" .,:;-")
        part = BYLINE_URL.sub("", part).strip(" .,:;-\u2013|")
        if not part or part.lower() in BYLINE_NOISE_WORDS or part.lower().rstrip("s") in BYLINE_NOISE_WORDS:
            continue
        if _looks_like_url(part) or "@" in part or len(part) > 60 or any(c.isdigit() for c in part):
            continue
        if not any(c.isalpha() for c in part):
            continue
        names.append(part)
    return names


def dedupe_names(names: Iterable[str]) -> list[str]:
    """Keep the first spelling of each name; prefer a spaced, capitalised spelling over a slug."""
    out: list[str] = []
    index: dict[str, int] = {}
    for n in names:
        key = fold(n)
        if not key:
            continue
        if key in index:
            i = index[key]
            if out[i].islower() and not n.islower():
                out[i] = n
            continue
        index[key] = len(out)
        out.append(n)
    return out


def _unslug(name: str) -> str:
    if re.fullmatch(r"[a-z]+(?:-[a-z]+)+", name):
        return " ".join(w.capitalize() for w in name.split("-"))
    return name


def choose_authors_from_values(value: Any) -> list[str]:
    """Authors given as a byline string, a list of names, or objects with a name."""
    raw = _ld_names(value, PageMeta())
    return dedupe_names(_unslug(n) for r in raw for n in split_byline(r))


def choose_authors(pm: PageMeta, traf_author: str | None) -> list[str]:
    for obj in pm.ld_articles:
        raw = _ld_names(obj.get("author"), pm)
        names = [n for r in raw for n in split_byline(r)]
        if names:
            return dedupe_names(_unslug(n) for n in names)
    for key in AUTHOR_META:
        values = pm.meta.get(key, ())
        names = [n for v in values for n in split_byline(v)]
        if names:
            return dedupe_names(_unslug(n) for n in names)
    if traf_author:
        parts = [p for p in traf_author.split(";")]
        return dedupe_names(_unslug(n) for p in parts for n in split_byline(p))
    return []


# ---------------------------------------------------------------- date


def parse_iso_like(value: str) -> str | None:
    """'2024-04-30 16:38:37 +02:00', '2024-04-27T15:56:35+0100', '...Z' -> ISO 8601."""
    v = _clean(value)
    if not v:
        return None
    s = v.replace(" +", "+").replace(" -", "-")
    s = re.sub(r"Z$", "+00:00", s)
    s = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", s)
    s = re.sub(r"(\.\d+)(?=[+-]\d{2}:\d{2}$|$)", "", s)
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return parse_datetime(v)
    if not (1800 <= dt.year <= 2199):
        return None
    if len(s) <= 10:
        return dt.date().isoformat()
    return dt.isoformat(timespec="seconds")


def choose_date(pm: PageMeta, traf_date: str | None, dateline: str | None = None) -> str | None:
    """The page's declared date (JSON-LD, meta), else the dateline printed above the
    article, else trafilatura's guess (which may be only a copyright year)."""
    for obj in pm.ld_articles + pm.ld_pages:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            v = obj.get(key)
            if isinstance(v, str):
                iso = parse_iso_like(v)
                if iso:
                    return iso
    value = pm.first_meta(DATE_META)
    if value:
        iso = parse_iso_like(value)
        if iso:
            return iso
    if dateline:
        return dateline
    if traf_date:
        return parse_iso_like(traf_date)
    return None


# ---------------------------------------------------------------- tags and url


def choose_tags(pm: PageMeta, traf_tags: Iterable[str]) -> list[str]:
    tags: list[str] = []
    for obj in pm.ld_articles:
        kw = obj.get("keywords")
        if isinstance(kw, str):
            tags += kw.split(",")
        elif isinstance(kw, list):
            tags += [k for k in kw if isinstance(k, str)]
        if tags:
            break
    if not tags:
        for key in TAG_META:
            for v in pm.meta.get(key, ()):
                tags += v.split(",")
    if not tags:
        tags = list(traf_tags)
    clean = [_clean(t) for t in tags]
    return dedupe_names(t for t in clean if _is_reader_tag(t))[:25]


def _is_reader_tag(tag: str) -> bool:
    """Topic words a reader would use, not the CMS's internal flags ("_commerce", "type:news")."""
    return bool(tag) and len(tag) <= 60 and ":" not in tag and tag[0].isalnum() and "=" not in tag


def choose_url(pm: PageMeta, traf_url: str | None) -> str | None:
    for candidate in (pm.canonical, pm.first_meta(URL_META), traf_url):
        if candidate and re.match(r"^https?://", candidate.strip()):
            return candidate.strip()
    return None
