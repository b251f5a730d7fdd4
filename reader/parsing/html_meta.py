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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from reader.parsing.cues import (
    BYLINE_DATE,
    BYLINE_NOISE_WORDS,
    BYLINE_PREFIX,
    BYLINE_SPLIT,
    BYLINE_TAIL,
    BYLINE_URL,
)
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

#: Dublin Core titles: where a page states one, it is the bare headline (on every labelled page
#: of the shared sets that has one), so it is read before the social title.
DC_TITLE_META = ("dc.title", "dc:title", "dcterms.title", "dcterms:title")
TITLE_META = ("og:title", "twitter:title", "title", *DC_TITLE_META, "parsely-title", "sailthru.title")
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
#: ("ǀ", U+01C0, is a letter that some sites use as a bar; ">" and "//" mark breadcrumbs.)
TITLE_SEPARATOR = re.compile(r"\s+(?:::|--|//|[|\-\u2013\u2014:\u00b7\u2022\u00bb/~>\u00a6\u01c0])\s+|\s*[|\u00bb\u2022]\s*")

#: Wrappers old XHTML pages put around a script's JSON ("<![CDATA[ ... ]]>", "<!-- ... -->",
#: each possibly behind "//"): not part of the data.
SCRIPT_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")

#: A bare domain given as the author ("mdr.de", "MesOpinions.com"): the site, not a person.
#: A date, with or without its time, standing as a part of a title ("31.10.2023, 10.19 Uhr",
#: "2020-09-28", "01/12/2008 14:05").
DATE_STAMP = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})"
    r"(?:,?\s+\d{1,2}[.:h]\d{2}(?:\s*(?:uhr|h|am|pm|[ap]\.m\.))?)?$",
    re.IGNORECASE,
)
DOMAIN_NAME = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}$", re.IGNORECASE)


@dataclass
class PageMeta:
    """Everything the page declares about itself, unjudged."""

    doc_title: str = ""
    h1: list[str] = field(default_factory=list)
    #: <h1>s that link to the site's front page or are classed as its logo, its title or the
    #: section's name (a blog's or paper's name in its header): not headlines; kept out of ``h1``.
    site_headings: list[str] = field(default_factory=list)
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


def clean_value(text: Any) -> str:
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


#: Paths of a site's front page.
HOME_PATHS = frozenset(("", "index.html", "index.htm", "index.php", "home"))


#: The class or id of a heading that holds the site's or the section's name, not a headline.
SITE_HEADING_CLASS = re.compile(r"logo|site.?(?:title|name)|blog.?(?:title|name)|section.?name|masthead", re.IGNORECASE)


def _names_site(heading: HtmlElement) -> bool:
    """The heading is the site's (or section's) name: classed so ("site-title", "logo",
    "litSectionName"), or holding a link to the site's front page ("/",
    "https://blog.example.org/")."""
    if SITE_HEADING_CLASS.search(f"{heading.get('class') or ''} {heading.get('id') or ''}"):
        return True
    for a in heading.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        u = urlsplit(href)
        if u.path.strip("/").lower() in HOME_PATHS and not u.query and not u.fragment:
            return True
    return False


def collect(tree: HtmlElement) -> PageMeta:
    """One pass over the head and structured data of a parsed page."""
    pm = PageMeta()
    title_el = tree.find(".//title")
    if title_el is not None:
        pm.doc_title = clean_value(title_el.text_content())
    for h in tree.iter("h1"):
        text = clean_value(h.text_content())
        if text and _names_site(h):
            pm.site_headings.append(text)
        elif text:
            pm.h1.append(text)
        if len(pm.h1) >= 3:
            break
    for h in tree.iter("h2", "h3"):
        text = clean_value(h.text_content())
        if text:
            pm.subheadings.append(text)
        if len(pm.subheadings) >= MAX_SUBHEADINGS:
            break
    for el in tree.xpath(HEADLINE_CLASS_XPATH)[:MAX_SUBHEADINGS]:
        text = clean_value(el.text_content())
        if text and len(text.split()) <= MAX_HEADLINE_WORDS:
            pm.subheadings.append(text)
    for el in tree.xpath("//*[@itemprop]"):
        if MICRODATA_HEADLINE in (el.get("itemprop") or "").split():
            text = clean_value(el.get("content") or el.text_content())
            if text:
                pm.microdata_headlines.append(text)
            if len(pm.microdata_headlines) >= 3:
                break
    for m in tree.iter("meta"):
        content = m.get("content")
        if not content:
            continue
        # RDFa lets one tag state several properties ("dc:title og:title"): each is a key.
        for key in (m.get("property") or m.get("name") or m.get("itemprop") or "").lower().split():
            pm.meta.setdefault(key, []).append(clean_value(content))
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            pm.canonical = link.get("href").strip()
            break
    pm.lang = (tree.get("lang") or "").split("-")[0].lower() or None
    for script in tree.iter("script"):
        if (script.get("type") or "").lower().strip() != "application/ld+json":
            continue
        raw = SCRIPT_WRAPPER.sub("", script.text or "")
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


# ---------------------------------------------------------------- folding

def fold(text: str) -> str:
    """Lowercase letters and digits only, accents and quotes removed: for comparisons."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum())


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
    text = clean_value(text)
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
    v = clean_value(value)
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
    clean = [clean_value(t) for t in tags]
    return dedupe_names(t for t in clean if _is_reader_tag(t))[:25]


def _is_reader_tag(tag: str) -> bool:
    """Topic words a reader would use, not the CMS's internal flags ("_commerce", "type:news")."""
    return bool(tag) and len(tag) <= 60 and ":" not in tag and tag[0].isalnum() and "=" not in tag


def choose_url(pm: PageMeta, traf_url: str | None) -> str | None:
    for candidate in (pm.canonical, pm.first_meta(URL_META), traf_url):
        if candidate and re.match(r"^https?://", candidate.strip()):
            return candidate.strip()
    return None
