"""JSON / JSON Lines article dumps -> Articles (and comment threads).

Dumps come from scrapers and exporters with no common schema, so each field
is looked up under the key names such tools use (``TITLE_KEYS``,
``BODY_KEYS`` ...: data, not code). The document may be one article object,
a list of them, JSON Lines, or a wrapper: ``{"articles": [...]}`` or
``{"<id>": {...}, ...}`` (the SFU Globe and Mail dumps). Body text may be a
string, a list of paragraphs, HTML (``<p>`` tags are read with a real HTML
parser) or the Fundus shape ``{"summary": [...], "sections": [...]}``.

A file that holds only reader comments is refused (it has no article), but
``comments_from_json`` reads such threads for callers that pair them with an
article. All walks are iterative: threads may nest to any depth.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlparse

from reader.errors import UnreadableFile, UnsupportedFormat
from reader.model import Article, Comment
from reader.parsing.dates import parse_datetime, parse_epoch_ms
from reader.parsing.html_meta import choose_authors_from_values, parse_iso_like
from reader.parsing.html_title import strip_site
from reader.parsing.htmltext import visible_text
from reader.parsing.jsonload import load_records_with_lines

TITLE_KEYS = ("title", "headline", "name", "article_title", "heading")
BODY_KEYS = (
    "body", "text", "content", "article_text", "articleBody", "article_body", "paragraphs",
    "maintext", "main_text", "full_text", "fulltext", "story", "plaintext", "raw_text",
)
AUTHOR_KEYS = ("authors", "author", "byline", "creator", "creators", "writer", "writers", "by")
DATE_KEYS = (
    "published", "date", "published_date", "publishing_date", "datePublished", "publish_date",
    "pubDate", "pub_date", "published_at", "publication_date", "date_publish", "created_at",
    "created", "timestamp", "time",
)
URL_KEYS = ("url", "article_url", "link", "canonical_url", "permalink", "source_url", "uri")
TAG_KEYS = ("tags", "topics", "keywords", "categories", "category", "section", "subjects")
SITE_KEYS = ("site", "source", "publisher", "site_name", "sitename", "source_domain", "domain", "outlet")
LANG_KEYS = ("language", "lang")
COMMENTS_KEYS = ("comments", "comment_thread", "reader_comments", "discussion")
CLAIMED_KEYS = ("comments_claimed", "comment_count", "comments_count", "num_comments", "commentCount")
#: Wrapper keys around a list of articles.
LIST_KEYS = ("articles", "items", "data", "results", "posts", "entries", "stories", "documents", "records")

COMMENT_AUTHOR_KEYS = ("author", "name", "sender", "user", "username", "user_name", "commenter", "by", "display_name")
COMMENT_TIME_KEYS = (
    "timestamp", "time", "post_time", "date", "published", "created_at", "created", "posted",
    "datetime", "createdAt",
)
COMMENT_TEXT_KEYS = ("text", "commentText", "body", "content", "message", "comment", "comment_text", "html")
REPLY_KEYS = ("replies", "children", "responses", "answers", "comments", "thread")
#: Keys only a comment has (an object with one of these and no title is a comment).
COMMENT_MARKERS = ("commentText", "parentID", "parent_id", "parentId", "sender", "post_time", "replies", "in_reply_to")

_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK = frozenset(
    ("p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "section",
     "article", "ul", "ol", "table", "figure", "figcaption", "hr")
)
#: Characters that end a paragraph line (a sentence end, a closing quote or bracket).
_PARAGRAPH_ENDS = frozenset(".!?:\"”’)'…")
_SKIP = frozenset(("script", "style", "noscript", "iframe", "svg", "template"))
#: Replies nested deeper than this are attached at this depth (in order), so every
#: consumer (JSON writers, tree views) stays within Python's recursion limit.
MAX_REPLY_DEPTH = 200
EPOCH_MS_MIN = 100_000_000_000  # numbers above this are milliseconds (after 1973)


class CommentsOnly(UnsupportedFormat):
    """The JSON holds reader comments and no article (a comment file of its own)."""


# ---------------------------------------------------------------- text helpers


def _line_paragraphs(text: str) -> bool:
    """Whether single line breaks separate paragraphs (news-please, trafilatura JSON): no blank
    lines, and most lines end a sentence (hard-wrapped text breaks mid-sentence)."""
    if "\n\n" in text or "\n" not in text.strip():
        return False
    lines = [ln.rstrip() for ln in text.strip().split("\n") if ln.strip()]
    ends = sum(1 for ln in lines if ln[-1:] in _PARAGRAPH_ENDS)
    return ends >= 0.5 * len(lines)


def html_to_text(fragment: str) -> str:
    """An HTML fragment -> paragraphs separated by one blank line (entities decoded)."""
    fragment = fragment.replace("\r\n", "\n")  # Windows line ends: "\r\n\r\n" is a paragraph break
    if not _TAG_RE.search(fragment) and "&" not in fragment:
        if _line_paragraphs(fragment):
            return _paragraphs(fragment.split("\n"))
        return _paragraphs(fragment.split("\n\n"))
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError, etree.LxmlError):
        return _paragraphs([_TAG_RE.sub(" ", fragment)])
    text = visible_text(root, blocks=_BLOCK, skip=lambda child: child.tag in _SKIP)
    return _paragraphs(text.split("\n\n"))


def _paragraphs(chunks: Iterable[str]) -> str:
    out = []
    for chunk in chunks:
        # A chunk that is one line already (the only printable character str.split() splits on
        # is the space: no double, leading or trailing one) is kept, not split and joined again.
        if chunk.isprintable() and "  " not in chunk and chunk[:1] != " " and chunk[-1:] != " ":
            line = chunk
        else:
            line = " ".join(chunk.split())
        if line:
            out.append(line)
    return "\n\n".join(out)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a value, in order (lists and the Fundus body dict flattened)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            yield v
        elif isinstance(v, list):
            stack.extend(reversed(v))
        elif isinstance(v, dict):
            if "summary" in v or "sections" in v:
                stack.append(v.get("sections") or [])
                stack.append(v.get("summary") or [])
            elif "headline" in v or "paragraphs" in v:
                stack.append(v.get("paragraphs") or [])
                stack.append(v.get("headline") or [])
            else:
                for key in ("text", "content", "body", "value", "paragraph"):
                    if isinstance(v.get(key), (str, list)):
                        stack.append(v[key])
                        break


def body_text(value: Any) -> str:
    if isinstance(value, str):
        return html_to_text(value)  # (already paragraphs: splitting and joining them again changes nothing)
    return _paragraphs(
        p for s in _strings(value) for p in html_to_text(s).split("\n\n")
    )


def _first(record: dict[str, Any], keys: Iterable[str]) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, "", [], {}):
            return v
    return None


def _name_of(value: Any) -> str | None:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, dict):
        for k in ("name", "display_name", "displayName", "username", "screen_name", "title"):
            if isinstance(value.get(k), str) and value[k].strip():
                return " ".join(value[k].split())
    return None


def parse_when(value: Any) -> str | None:
    """A date field: ISO strings, printed dates, or epoch seconds/milliseconds."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return parse_epoch_ms(value if value >= EPOCH_MS_MIN else value * 1000)
    if isinstance(value, str):
        v = value.strip()
        if re.fullmatch(r"\d{10}(?:\d{3})?(?:\.\d+)?", v):
            return parse_when(float(v))
        return parse_iso_like(v) or parse_datetime(v)
    if isinstance(value, dict):
        return parse_when(_first(value, ("$date", "date", "value", "iso")))
    return None


# ---------------------------------------------------------------- comments


def _is_comment_like(obj: Any) -> bool:
    return (
        isinstance(obj, dict)
        and not _first(obj, TITLE_KEYS[:2])
        and (obj.get("data_type") == "comment" or any(k in obj for k in COMMENT_MARKERS))
    )


def _comment_list(value: Any) -> list[Any]:
    """Comments as a list whether given as a list (of objects or plain strings) or as {"<id>": comment, ...}."""
    if isinstance(value, list):
        # A bare string is a comment given as its text alone (no author, no time).
        return [
            v if isinstance(v, dict) else {"text": v}
            for v in value
            if isinstance(v, dict) or (isinstance(v, str) and v.strip())
        ]
    if isinstance(value, dict):
        if isinstance(value.get("comments"), (list, dict)):
            return _comment_list(value["comments"])
        return [v for v in value.values() if isinstance(v, dict)]
    return []


def _one_comment(raw: dict[str, Any]) -> Comment:
    if len(raw) == 1 and isinstance(text := raw.get("text"), str):  # (a comment given as its text alone)
        return Comment(author=None, published=None, text=html_to_text(text))
    author = None
    for k in COMMENT_AUTHOR_KEYS:
        if k in raw:
            author = _name_of(raw[k])
            if author:
                break
    published = None
    for k in COMMENT_TIME_KEYS:
        if raw.get(k) not in (None, "", 0):
            published = parse_when(raw[k])
            if published:
                break
    text_value = _first(raw, COMMENT_TEXT_KEYS)
    text = body_text(text_value) if not isinstance(text_value, dict) else ""
    return Comment(author=author, published=published, text=text)


def comments_from_json(obj: Any) -> list[Comment]:
    """A comment thread in any of the usual shapes -> top-level comments with nested replies.

    Accepts a list of comments, ``{"comments": [...]}``, ``{"<id>": {"comments": [...]}}``
    or ``{"<id>": comment, ...}``; replies under ``replies``/``children``/...
    """
    if isinstance(obj, dict) and len(obj) == 1:
        (inner,) = obj.values()
        if isinstance(inner, dict) and isinstance(inner.get("comments"), (list, dict)):
            obj = inner
    if isinstance(obj, dict) and isinstance(obj.get("comments"), (list, dict)):
        obj = obj["comments"]
    roots: list[Comment] = []
    stack: list[tuple[list[Any], list[Comment], int]] = [(_comment_list(obj), roots, 0)]
    while stack:
        raws, target, depth = stack.pop()
        for raw in raws:
            c = _one_comment(raw)
            target.append(c)
            for k in REPLY_KEYS:
                replies = raw.get(k)
                if isinstance(replies, (list, dict)) and replies:
                    if depth + 1 < MAX_REPLY_DEPTH:
                        stack.append((_comment_list(replies), c.replies, depth + 1))
                    else:
                        # Too deep: keep the replies, as siblings at the deepest level.
                        stack.append((_comment_list(replies), target, depth))
                    break
    return roots


# ---------------------------------------------------------------- articles


def _records(values: list[Any]) -> list[Any]:
    """Unwrap containers down to the candidate article objects."""
    out: list[Any] = []
    stack = list(reversed(values))
    depth_guard = 0
    while stack and depth_guard < 1_000_000:
        depth_guard += 1
        v = stack.pop()
        if isinstance(v, list):
            stack.extend(reversed(v))
            continue
        if not isinstance(v, dict):
            out.append(v)
            continue
        wrapped = next((v[k] for k in LIST_KEYS if isinstance(v.get(k), list)), None)
        if wrapped is not None and not _first(v, BODY_KEYS[:4]):
            stack.extend(reversed(wrapped))
            continue
        if _looks_like_article(v) or _is_comment_like(v) or "comments" in v:
            out.append(v)
            continue
        inner = [x for x in v.values() if isinstance(x, dict)]
        if inner and len(inner) == len(v):
            # {"<id>": {...}, ...}
            stack.extend(reversed(inner))
            continue
        out.append(v)
    return out


def _looks_like_article(v: dict[str, Any]) -> bool:
    return bool(_first(v, BODY_KEYS) is not None or _first(v, TITLE_KEYS[:2]))


def _describe(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return "true/false/null values"
    if isinstance(v, (int, float)):
        return "numbers"
    if isinstance(v, str):
        return "bare strings"
    if isinstance(v, list):
        return "lists"
    return "objects"


def _site_from(record: dict[str, Any], url: str | None) -> str | None:
    site = _name_of(_first(record, SITE_KEYS))
    if site:
        # A bare host name (news-please's source_domain) is shown like one taken from the URL.
        if re.fullmatch(r"www\.[\w-]+(?:\.[\w-]+)+", site):
            site = site[4:]
        return site
    if url:
        host = urlparse(url).hostname or ""
        return (host[4:] if host.startswith("www.") else host) or None
    return None


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [_name_of(x) or "" for x in value]
    else:
        return []
    seen, out = set(), []
    for t in (" ".join(i.split()) for i in items):
        if t and t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return out


def article_from_record(record: dict[str, Any], *, source: str) -> Article:
    """One article object -> Article. Raises ``UnsupportedFormat`` naming what is missing."""
    body = body_text(_first(record, BODY_KEYS))
    title_value = _first(record, TITLE_KEYS)
    title = " ".join(title_value.split()) if isinstance(title_value, str) else ""
    if not body:
        keys = ", ".join(sorted(str(k) for k in record)[:12]) or "none"
        raise UnsupportedFormat(
            f"the JSON object has no article text (looked for {', '.join(BODY_KEYS[:6])} ...; "
            f"its keys are: {keys})",
            path=source,
        )
    url_value = _first(record, URL_KEYS)
    url = url_value.strip() if isinstance(url_value, str) and url_value.strip() else None
    site = _site_from(record, url)
    if title:
        title = strip_site(title, site, url)
    published = parse_when(_first(record, DATE_KEYS))
    comments_raw = _first(record, COMMENTS_KEYS)
    comments = comments_from_json(comments_raw) if comments_raw is not None else []
    claimed = _first(record, CLAIMED_KEYS)
    lang = _first(record, LANG_KEYS)
    return Article(
        source=source,
        format="json",
        title=title,
        published=published,
        authors=choose_authors_from_values(_first(record, AUTHOR_KEYS)),
        site=site,
        tags=_tags(_first(record, TAG_KEYS)),
        url=url,
        body=body,
        comments=comments,
        comments_claimed=claimed if isinstance(claimed, int) and not isinstance(claimed, bool) else None,
        language=lang if isinstance(lang, str) and len(lang) <= 12 else None,
    )


def parse_json(text: str, *, source: str) -> list[Article]:
    """A JSON / JSON Lines dump -> its articles. Raises ``UnsupportedFormat`` with the reason."""
    try:
        values, kind, lines, bad_lines = load_records_with_lines(text)
    except ValueError as exc:
        raise UnreadableFile(f"not valid JSON ({exc})", path=source) from None
    except MemoryError:
        raise UnreadableFile("the JSON file is too large to read", path=source) from None
    records = _records(values)
    #: JSON Lines: the line each record came from (a line holding a list gives several).
    line_of: dict[int, int] = {}
    if kind == "jsonl":
        for value, line in zip(values, lines):
            for rec in _records([value]):
                line_of.setdefault(id(rec), line)
    if not records:
        raise UnsupportedFormat("the JSON file is empty (no objects in it)", path=source)
    objects = [r for r in records if isinstance(r, dict)]
    if not objects:
        raise UnsupportedFormat(
            f"the JSON holds {_describe(records[0])}, not article objects", path=source
        )
    if not any(_first(o, TITLE_KEYS[:2]) for o in objects) and 2 * sum(map(_is_comment_like, objects)) >= len(objects):
        # Untitled records, most of them replies to one another: a comment thread
        # scraped one comment per record, not articles.
        n = sum(1 for top in comments_from_json(values[0] if len(values) == 1 else values) for _ in top.walk())
        raise CommentsOnly(f"the JSON holds only reader comments ({n}) and no article; "
                           "import the article file it belongs to", path=source)
    articles: list[Article] = []
    skipped: list[str] = []
    comment_only = 0
    for i, record in enumerate(objects, 1):
        if _is_comment_like(record) or (
            not _looks_like_article(record) and isinstance(record.get("comments"), (list, dict))
        ):
            comment_only += 1
            continue
        try:
            article = article_from_record(record, source=source)
        except UnsupportedFormat as exc:
            skipped.append(f"record {i}: {exc.reason}")
            continue
        if id(record) in line_of:
            article.record = {"kind": "line", "line": line_of[id(record)]}
        articles.append(article)
    if not articles:
        if comment_only:
            n = sum(1 for top in comments_from_json(values[0] if len(values) == 1 else values) for _ in top.walk())
            raise CommentsOnly(
                f"the JSON holds only reader comments ({n}) and no article; "
                "import the article file it belongs to",
                path=source,
            )
        raise UnsupportedFormat(skipped[0].split(": ", 1)[1] if skipped else "no article objects in the JSON",
                                path=source)
    if skipped:
        articles[0].warnings.append(f"{len(skipped)} JSON record(s) without article text were skipped")
    if bad_lines:
        line, reason = bad_lines[0]
        articles[0].warnings.append(
            f"line {line} is not JSON and was left out ({reason})" if len(bad_lines) == 1
            else f"{len(bad_lines)} lines are not JSON and were left out (the first, line {line}: {reason})")
    return articles
