"""News feeds -> one Article per item: RSS 2.0 (and RSS 1.0/RDF), Atom, JSON Feed 1.x.

Each field is looked up under the element names feeds use (``RSS_FIELDS``,
``ATOM_FIELDS``, ``JSONFEED_FIELDS``: data, not code). The full text comes
from ``content:encoded`` / Atom ``content`` / ``content_html``; an item that
carries only a summary (RSS ``description``, Atom ``summary``, JSON Feed
``summary``) is imported with that text and the warning ``SUMMARY_ONLY``.
Every article keeps ``record = {"kind": "feed", "id": <guid / id / link>}``.

XML is parsed with lxml set up safely: no entity expansion, no network, no
DTD loading (a "billion laughs" or external-entity feed reads as text).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlparse

from lxml import etree

from reader.errors import UnreadableFile, UnsupportedFormat
from reader.model import Article
from reader.parsing.html_meta import choose_authors_from_values, parse_iso_like
from reader.parsing.jsondump import html_to_text, parse_when

SUMMARY_ONLY = "summary only: the feed gives a summary of this item, not its full text"
NO_TEXT = "no text: the feed gives only the title and link of this item"

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rss1": "http://purl.org/rss/1.0/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "media": "http://search.yahoo.com/mrss/",
}

#: RSS item fields, first found wins: (field, element paths).
RSS_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "rss1:title", "dc:title"),
    "content": ("content:encoded",),
    "summary": ("description", "rss1:description", "dc:description"),
    "authors": ("dc:creator", "author", "atom:author/atom:name"),
    "published": ("pubDate", "dc:date", "atom:published", "atom:updated"),
    "url": ("link", "rss1:link", "guid[@isPermaLink='true']", "guid[not(@isPermaLink)]"),
    "id": ("guid", "link", "rss1:link"),
    "tags": ("category", "dc:subject"),
}
ATOM_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("atom:title",),
    "content": ("atom:content",),
    "summary": ("atom:summary",),
    "authors": ("atom:author/atom:name",),
    "published": ("atom:published", "atom:updated", "dc:date"),
    "id": ("atom:id",),
}
JSONFEED_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "content": ("content_html", "content_text"),
    "summary": ("summary",),
    "published": ("date_published", "date_modified"),
    "url": ("url", "external_url"),
    "id": ("id", "url"),
}
#: The root elements (local names) that make an XML file a feed.
FEED_ROOTS = ("rss", "feed", "RDF")
_ROOT_RE = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]")
_JSONFEED_RE = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/', re.IGNORECASE)


def sniff_feed(text: str) -> str | None:
    """"xml" for an RSS/Atom/RDF document, "json" for a JSON Feed, else None."""
    head = text.lstrip()[:4096]
    if head.startswith("{") and _JSONFEED_RE.search(text[:65536]):
        return "json"
    if not head.startswith("<"):
        return None
    # Skip the XML declaration, comments, processing instructions and a doctype.
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", "", head, flags=re.DOTALL).lstrip()
    m = _ROOT_RE.match(body)
    return "xml" if m else None


#: lxml's parser options for feeds: entities left unexpanded, no network, no DTD.
_SAFE_OPTIONS: dict[str, Any] = {
    "resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
    "recover": True, "remove_comments": True,
}
_ATOM_ENTRY = f"{{{NS['atom']}}}entry"
_RSS1_ITEM = f"{{{NS['rss1']}}}item"
_RSS1_CHANNEL = f"{{{NS['rss1']}}}channel"


def parse_feed(text: str, *, source: str) -> list[Article]:
    """A feed -> its items as articles. Raises ``UnsupportedFormat`` when it has none.

    The XML is streamed (``iterparse``): each item is read as soon as it is
    complete and then emptied, so a feed of 100,000 items never holds its whole
    tree, only the items' articles and the feed's own small elements.
    """
    kind = sniff_feed(text)
    if kind == "json":
        return _json_feed(text, source=source)
    root: Any = None
    atom = False
    # Items read, by (parent element, item tag): which ones the feed's articles are
    # is decided at the end, as a whole-tree reader would (the first channel's items...).
    found: dict[tuple[Any, str], list[Article]] = {}
    try:
        for event, el in etree.iterparse(io.BytesIO(text.encode("utf-8")), events=("start", "end"),
                                         **_SAFE_OPTIONS):
            if event == "start":
                if root is None:
                    root = el
                    atom = etree.QName(el).localname == "feed"
                continue
            parent = el.getparent()
            if parent is None or not isinstance(el.tag, str):
                continue
            if atom and el.tag == _ATOM_ENTRY and parent is root:
                article = _atom_entry(el, source=source, site=None)
            elif not atom and el.tag in ("item", _RSS1_ITEM) and (
                    parent is root or (parent.getparent() is root and parent.tag in ("channel", _RSS1_CHANNEL))):
                article = _rss_item(el, source=source, site=None)
            else:
                continue
            found.setdefault((parent, el.tag), [])
            if article is not None:
                found[(parent, el.tag)].append(article)
            el.clear()  # read: let its subtree go
    except (etree.XMLSyntaxError, ValueError) as exc:
        if root is None:
            raise UnreadableFile(f"the feed's XML cannot be read ({exc})", path=source) from None
        # Recovering parsers read what they can; a feed cut short keeps its complete items.
    if root is None:
        raise UnreadableFile("the feed's XML cannot be read", path=source)
    if atom:
        site = _text(root, ("atom:title",)) or None
        articles = found.get((root, _ATOM_ENTRY), [])
    else:
        channel = root.find("channel")
        if channel is None:
            channel = root.find("rss1:channel", NS)
        site = (_text(channel, ("title", "rss1:title")) if channel is not None else "") or None
        articles = (found.get((channel, "item"), []) if channel is not None else []) \
            or found.get((root, _RSS1_ITEM), [])
        if not articles and channel is not None:
            articles = found.get((channel, _RSS1_ITEM), [])
    if site:
        for a in articles:
            a.site = site
    if not articles:
        raise UnsupportedFormat("the feed has no items", path=source)
    return articles


# ---------------------------------------------------------------- XML helpers


def _find(el: Any, path: str) -> list[Any]:
    try:
        return el.xpath(path, namespaces=NS)  # type: ignore[no-any-return]
    except etree.XPathError:
        return []


def _inner_text(el: Any) -> str:
    return "".join(el.itertext())


def _text(el: Any, paths: Iterable[str]) -> str:
    for path in paths:
        for found in _find(el, path):
            value = " ".join(_inner_text(found).split())
            if value:
                return value
    return ""


def _all_texts(el: Any, paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    for path in paths:
        for found in _find(el, path):
            value = " ".join(_inner_text(found).split())
            if value and value not in out:
                out.append(value)
    return out


def _atom_text(el: Any) -> str:
    """An Atom text construct (text, html or xhtml) -> paragraphs."""
    kind = (el.get("type") or "text").lower()
    if kind == "xhtml" or (len(el) and kind not in ("text", "html")):
        div = el[0] if len(el) else el
        markup = etree.tostring(div, encoding="unicode", method="html")
        return html_to_text(re.sub(r"\s?xmlns(:\w+)?=\"[^\"]*\"", "", markup))
    raw = _inner_text(el)
    if kind == "text":
        return html_to_text(raw.replace("&", "&amp;").replace("<", "&lt;"))
    return html_to_text(raw)


def _when(value: str) -> str | None:
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is not None:
        return dt.isoformat()
    return parse_iso_like(value) or parse_when(value)


#: An RSS <author> is "mail@example.com (Full Name)": the name is kept.
_MAIL_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")
_MAIL_ONLY = re.compile(r"^\S+@\S+$")


def _authors(values: list[str]) -> list[str]:
    names = []
    for v in values:
        m = _MAIL_NAME.match(v)
        if m:
            v = m.group("name")
        elif _MAIL_ONLY.match(v):
            continue
        names.append(v)
    return choose_authors_from_values(names) if names else []


def _site(site: str | None, url: str | None) -> str | None:
    if site:
        return site
    host = urlparse(url).hostname if url else None
    return (host[4:] if host and host.startswith("www.") else host) or None


def _make(
    *, source: str, title: str, content: str, summary: str, authors: list[str], published: str | None,
    url: str | None, tags: list[str], site: str | None, item_id: str | None,
) -> Article:
    warnings: list[str] = []
    body = content
    if not body:
        body = summary
        warnings.append(SUMMARY_ONLY if summary else NO_TEXT)
    return Article(
        source=source,
        format="feed",
        title=title,
        published=published,
        authors=authors,
        site=_site(site, url),
        tags=tags,
        url=url,
        body=body,
        warnings=warnings,
        record={"kind": "feed", "id": item_id or url or title},
    )


def _rss_item(item: Any, *, source: str, site: str | None) -> Article | None:
    f = RSS_FIELDS
    content_el = next((x for p in f["content"] for x in _find(item, p)), None)
    summary_el = next((x for p in f["summary"] for x in _find(item, p)), None)
    content = html_to_text(_inner_text(content_el)) if content_el is not None else ""
    summary = html_to_text(_inner_text(summary_el)) if summary_el is not None else ""
    title = html_to_text(_text(item, f["title"])).replace("\n\n", " ")
    url = _text(item, f["url"]) or None
    if not (title or content or summary or url):
        return None
    return _make(
        source=source, title=title, content=content, summary=summary,
        authors=_authors(_all_texts(item, f["authors"])),
        published=_when(_text(item, f["published"])), url=url,
        tags=_all_texts(item, f["tags"]), site=site, item_id=_text(item, f["id"]) or None,
    )


def _atom_link(entry: Any) -> str | None:
    for link in entry.findall("atom:link", NS):
        if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
            return str(link.get("href")).strip()
    return None


def _atom_entry(entry: Any, *, source: str, site: str | None) -> Article | None:
    f = ATOM_FIELDS
    content_el = entry.find("atom:content", NS)
    summary_el = entry.find("atom:summary", NS)
    content = _atom_text(content_el) if content_el is not None and content_el.get("src") is None else ""
    summary = _atom_text(summary_el) if summary_el is not None else ""
    title_el = entry.find("atom:title", NS)
    title = _atom_text(title_el).replace("\n\n", " ") if title_el is not None else ""
    url = _atom_link(entry)
    if not (title or content or summary or url):
        return None
    tags = [t for c in entry.findall("atom:category", NS) if (t := (c.get("label") or c.get("term") or "").strip())]
    return _make(
        source=source, title=title, content=content, summary=summary,
        authors=_authors(_all_texts(entry, f["authors"])),
        published=_when(_text(entry, f["published"])), url=url, tags=tags, site=site,
        item_id=_text(entry, f["id"]) or None,
    )


# ---------------------------------------------------------------- JSON Feed


def _json_feed(text: str, *, source: str) -> list[Article]:
    try:
        feed = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UnreadableFile(f"the JSON Feed cannot be read ({exc})", path=source) from None
    if not isinstance(feed, dict):
        raise UnsupportedFormat("the JSON Feed is not an object", path=source)
    site = feed.get("title") if isinstance(feed.get("title"), str) else None
    feed_authors = _json_authors(feed)
    f = JSONFEED_FIELDS
    articles = []
    for item in feed.get("items") or []:
        if not isinstance(item, dict):
            continue
        content = ""
        if isinstance(item.get("content_html"), str):
            content = html_to_text(item["content_html"])
        elif isinstance(item.get("content_text"), str):
            content = html_to_text(item["content_text"].replace("&", "&amp;").replace("<", "&lt;"))
        summary = html_to_text(item["summary"]) if isinstance(item.get("summary"), str) else ""
        title = " ".join(str(item.get("title") or "").split())
        url = _first_str(item, f["url"])
        if not (title or content or summary or url):
            continue
        tags = [t for t in item.get("tags") or [] if isinstance(t, str) and t.strip()]
        articles.append(_make(
            source=source, title=title, content=content, summary=summary,
            authors=_json_authors(item) or feed_authors,
            published=_when(_first_str(item, f["published"]) or ""), url=url, tags=tags, site=site,
            item_id=_first_str(item, f["id"]),
        ))
    if not articles:
        raise UnsupportedFormat("the JSON Feed has no items", path=source)
    return articles


def _first_str(obj: dict[str, Any], keys: Iterable[str]) -> str | None:
    for k in keys:
        v = obj.get(k)
        if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip():
            return str(v).strip()
    return None


def _json_authors(obj: dict[str, Any]) -> list[str]:
    raw = obj.get("authors") or ([obj["author"]] if obj.get("author") else [])
    names = [a.get("name") if isinstance(a, dict) else a for a in raw]
    return _authors([" ".join(n.split()) for n in names if isinstance(n, str) and n.strip()])
