"""Comment files of their own -> comment threads that name their article.

Scrapers often keep a page's reader comments apart from the article: the SFU
Globe and Mail layout (``comments/article_<id>_comments.json`` beside
``articles/article_<id>.json``), a Disqus XML export (threads with their page
links, posts with parent ids), or thread files whose records name the
article's URL. Each becomes a ``Thread``: its comments (nesting kept) and the
*keys* that identify its article (``url:<host/path>``, ``id:<number>``). An
article has keys too (``article_keys``: its URL, the id in its file name or
URL); the library attaches a thread to the article sharing a key, now or when
the article arrives later.

Which names and patterns give keys is data (the tuples below). ``merge_comments``
puts two scrapes of one thread together without duplicates.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from reader.errors import UnreadableFile, UnsupportedFormat
from reader.model import Comment
from reader.parsing.jsondump import (
    REPLY_KEYS,
    _comment_list,
    _one_comment,
    comments_from_json,
    html_to_text,
    parse_when,
)
from reader.parsing.jsonload import load_records

#: File names of comment files that give the article's id (SFU: article_<id>_comments.json).
THREAD_FILE_IDS = (re.compile(r"^article_(\d+)_comments?\b", re.IGNORECASE), re.compile(r"^(\d+)_comments?\b", re.IGNORECASE))
#: File names and URLs of articles that give their id (SFU files, Globe and Mail URLs).
ARTICLE_FILE_IDS = (re.compile(r"^article_(\d+)\.json", re.IGNORECASE),)
ARTICLE_URL_IDS = (re.compile(r"/article(\d{5,})/?$"),)
#: Keys of a thread object, or of each comment record, naming the article.
THREAD_URL_KEYS = ("article_url", "thread_url", "page_url", "url", "link", "permalink", "article_link")
THREAD_ID_KEYS = ("article_id", "articleId", "streamId", "stream_id")
COMMENT_ID_KEYS = ("ID", "id", "comment_id", "commentId", "_id")
PARENT_KEYS = ("parentID", "parent_id", "parentId", "parent", "in_reply_to", "reply_to")
#: Query parameters that only track a visit: dropped when URLs are compared.
TRACKING_PARAMS = re.compile(r"^(utm(?:_\w+)?|fbclid|gclid|ref|cmpid|mc_cid|mc_eid)$", re.IGNORECASE)
#: Characters of a comment's text compared when two scrapes are merged.
MERGE_TEXT_CHARS = 240
#: What a page prints before a reply and a scrape of the bare thread does not have
#: (the Globe and Mail after 2016: "(In reply to:<quoted parent>-- <name>) <reply>").
REPLY_QUOTE_PREFIXES = (re.compile(r"^\(In reply to:.*?--\s?[^()]{0,80}\)\s*", re.DOTALL | re.IGNORECASE),)

#: A table of comments, not articles: a column naming the article, one giving the thread's
#: shape, a text column, and no title column (lower-cased header names).
COMMENT_TABLE_ARTICLE_COLUMNS = ("article_id", "article_url", "thread_url", "page_url", "articleid")
COMMENT_TABLE_SHAPE_COLUMNS = ("parentid", "parent_id", "comment_counter", "in_reply_to", "reply_to")
COMMENT_TABLE_TEXT_COLUMNS = ("text", "comment", "comment_text", "commenttext", "message", "body")
COMMENT_TABLE_TITLE_COLUMNS = ("title", "headline", "article_title")
#: A thread position "source2_10015757_0_1" is the 2nd reply to top-level comment 0.
_COUNTER = re.compile(r"^[A-Za-z]*\d*_\d+_(\d+(?:_\d+)*)$")

DISQUS_NS = {"d": "http://disqus.com", "dsq": "http://disqus.com/disqus-internals"}
_DSQ_ID = "{http://disqus.com/disqus-internals}id"


@dataclass
class Thread:
    """Reader comments for one article that arrived without it."""

    keys: list[str]
    label: str  # how the user is told which article it waits for
    comments: list[Comment] = field(default_factory=list)

    def count(self) -> int:
        return sum(1 for top in self.comments for _ in top.walk())


# ---------------------------------------------------------------- keys


def url_key(url: Any) -> str | None:
    """"url:courier.example/nature/herons" for any spelling of that address."""
    if not isinstance(url, str) or "." not in url:
        return None
    raw = url.strip()
    if "://" not in raw:
        raw = "http://" + raw.lstrip("/")
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.")
    if not host:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/")
    return f"url:{host}{path}" + (f"?{query}" if query else "")


def _id_key(value: Any) -> str | None:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return f"id:{text}" if text.isdigit() else None


def article_keys(source: str, url: str | None) -> list[str]:
    """The keys a thread may name this article by: its URL, the id in its file name or URL."""
    keys: list[str] = []
    name = PurePath(source.split("#", 1)[0]).name
    for pattern in ARTICLE_FILE_IDS:
        m = pattern.match(name)
        if m:
            keys.append(f"id:{m.group(1)}")
    if url:
        k = url_key(url)
        if k:
            keys.append(k)
        path = urlsplit(url.strip()).path if "://" in url else url
        for pattern in ARTICLE_URL_IDS:
            m = pattern.search(path)
            if m:
                keys.append(f"id:{m.group(1)}")
    return list(dict.fromkeys(keys))


def _file_keys(source: str) -> list[str]:
    name = PurePath(source).name
    return [f"id:{m.group(1)}" for p in THREAD_FILE_IDS if (m := p.match(name))]


# ---------------------------------------------------------------- JSON thread files


def json_threads(text: str, *, source: str) -> list[Thread]:
    """A comment-only JSON file -> its threads. Raises ``UnsupportedFormat`` when no article is named."""
    try:
        values, _kind = load_records(text)
    except ValueError as exc:
        raise UnreadableFile(f"not valid JSON ({exc})", path=source) from None
    doc: Any = values[0] if len(values) == 1 else values
    file_keys = _file_keys(source)
    wrapper_keys: list[str] = []
    if isinstance(doc, dict) and len(doc) == 1:
        (key, inner), = doc.items()
        if isinstance(inner, dict) and isinstance(inner.get("comments"), (list, dict)):
            wrapper_keys = [k for k in (_id_key(key),) if k]
            wrapper_keys += _named_keys(inner)
            doc = inner
    if isinstance(doc, dict) and isinstance(doc.get("comments"), (list, dict)):
        wrapper_keys += _named_keys(doc)
        doc = doc["comments"]
    records = _comment_list(doc)
    # Records naming their article (a URL or id on each comment) may hold several threads.
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        named = _named_keys(r, comment=True)
        groups.setdefault(named[0] if named else "", []).append(r)
    threads = []
    for group_key, group in groups.items():
        keys = list(dict.fromkeys(file_keys + wrapper_keys + ([group_key] if group_key else [])))
        if not keys:
            continue
        comments = _tree(group) if _is_flat(group) else comments_from_json(group)
        if comments:
            threads.append(Thread(keys=keys, label=_label(keys), comments=comments))
    if not threads:
        raise UnsupportedFormat(
            "the JSON holds only reader comments and does not say which article they belong to "
            "(no article URL or id in the file or its name)", path=source,
        )
    return threads


def _named_keys(obj: dict[str, Any], *, comment: bool = False) -> list[str]:
    keys = []
    for k in THREAD_URL_KEYS:
        if comment and k in ("url", "link", "permalink"):
            continue  # on a comment these are usually the comment's own link
        key = url_key(obj.get(k))
        if key:
            keys.append(key)
            break
    for k in THREAD_ID_KEYS:
        key = _id_key(obj.get(k))
        if key:
            keys.append(key)
            break
    return keys


def _label(keys: list[str]) -> str:
    url = next((k[4:] for k in keys if k.startswith("url:")), None)
    if url:
        return url
    return "article " + keys[0].split(":", 1)[1]


def _is_flat(records: list[dict[str, Any]]) -> bool:
    """Comments given one per record with parent ids (no nested reply lists)."""
    nested = any(isinstance(r.get(k), (list, dict)) and r.get(k) for r in records for k in REPLY_KEYS)
    with_parent = any(_first_value(r, PARENT_KEYS) is not None for r in records)
    return not nested and with_parent


def _first_value(obj: dict[str, Any], keys: Iterable[str]) -> Any:
    for k in keys:
        v = obj.get(k)
        if isinstance(v, dict):
            v = v.get("id") or v.get("ID")
        if v not in (None, "", 0, [], {}):
            return v
    return None


def _tree(records: list[dict[str, Any]]) -> list[Comment]:
    return tree_from_flat(
        records,
        id_of=lambda r: _first_value(r, COMMENT_ID_KEYS),
        parent_of=lambda r: _first_value(r, PARENT_KEYS),
        make=_one_comment,
    )


def tree_from_flat(
    records: list[Any], *, id_of: Callable[[Any], Any], parent_of: Callable[[Any], Any],
    make: Callable[[Any], Comment],
) -> list[Comment]:
    """Comments given with parent ids -> a tree (file order; an unknown parent makes a top-level one)."""
    nodes: dict[str, Comment] = {}
    made = [(r, make(r)) for r in records]
    for r, c in made:
        cid = id_of(r)
        if cid is not None:
            nodes.setdefault(str(cid), c)
    roots: list[Comment] = []
    for r, c in made:
        parent = parent_of(r)
        holder = nodes.get(str(parent)) if parent is not None else None
        if holder is None or holder is c or _is_below(holder, c):
            roots.append(c)
        else:
            holder.replies.append(c)
    return roots


def _is_below(node: Comment, ancestor: Comment) -> bool:
    """Would attaching ``ancestor`` under ``node`` close a cycle (node already under it)?"""
    return any(c is node for _d, c in ancestor.walk())


# ---------------------------------------------------------------- Disqus XML export


def sniff_disqus(text: str) -> bool:
    head = re.sub(r"<\?.*?\?>|<!--.*?-->", "", text.lstrip()[:4096], flags=re.DOTALL).lstrip()
    return head.startswith("<disqus")


def disqus_threads(text: str, *, source: str) -> list[Thread]:
    """A Disqus export -> one thread per page link that has posts (deleted and spam posts left out)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True,
                             huge_tree=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableFile(f"the Disqus export's XML cannot be read ({exc})", path=source) from None
    if root is None:
        raise UnreadableFile("the Disqus export's XML cannot be read", path=source)
    links: dict[str, str] = {}
    for t in root.findall("d:thread", DISQUS_NS):
        link = (t.findtext("d:link", default="", namespaces=DISQUS_NS) or "").strip()
        if t.get(_DSQ_ID) and link:
            links[t.get(_DSQ_ID)] = link
    posts: dict[str, list[Any]] = {}
    for p in root.findall("d:post", DISQUS_NS):
        if _flag(p, "isDeleted") or _flag(p, "isSpam"):
            continue
        thread = p.find("d:thread", DISQUS_NS)
        tid = thread.get(_DSQ_ID) if thread is not None else None
        if tid in links:
            posts.setdefault(tid, []).append(p)
    threads = []
    for tid, group in posts.items():
        group.sort(key=lambda p: p.findtext("d:createdAt", default="", namespaces=DISQUS_NS) or "")
        comments = tree_from_flat(
            group, id_of=lambda p: p.get(_DSQ_ID), parent_of=_disqus_parent, make=_disqus_comment,
        )
        key = url_key(links[tid])
        if key and comments:
            threads.append(Thread(keys=[key], label=links[tid], comments=comments))
    if not threads:
        raise UnsupportedFormat("the Disqus export holds no comments on any page", path=source)
    return threads


def _flag(post: Any, name: str) -> bool:
    return (post.findtext(f"d:{name}", default="", namespaces=DISQUS_NS) or "").strip().lower() == "true"


def _disqus_parent(post: Any) -> str | None:
    parent = post.find("d:parent", DISQUS_NS)
    return parent.get(_DSQ_ID) if parent is not None else None


def _disqus_comment(post: Any) -> Comment:
    author = post.find("d:author", DISQUS_NS)
    name = None
    if author is not None:
        name = (author.findtext("d:name", default="", namespaces=DISQUS_NS)
                or author.findtext("d:username", default="", namespaces=DISQUS_NS) or "").strip() or None
    when = (post.findtext("d:createdAt", default="", namespaces=DISQUS_NS) or "").strip()
    message = post.findtext("d:message", default="", namespaces=DISQUS_NS) or ""
    return Comment(author=name, published=parse_when(when) if when else None, text=html_to_text(message))


# ---------------------------------------------------------------- merging scrapes


def _fold(text: str | None) -> str:
    """Letters and digits only: two scrapes differ in spacing, quote marks and entities."""
    return "".join(ch for ch in html.unescape(text or "") if ch.isalnum()).casefold()


def _bare(text: str) -> str:
    for pattern in REPLY_QUOTE_PREFIXES:
        text = pattern.sub("", text, count=1)
    return text


def merge_key(c: Comment) -> tuple[str, str]:
    """The same comment in two scrapes: same author, same text (spacing, entities and a
    quoted parent aside)."""
    return _fold(c.author), _fold(_bare(c.text))[:MERGE_TEXT_CHARS]


def merge_comments(base: list[Comment], extra: list[Comment]) -> int:
    """Add ``extra``'s comments to the thread ``base`` (in place) unless already there.

    A comment already present keeps its place, unless the other scrape nests it
    deeper (pages flatten deep replies; no scrape invents nesting): then it moves
    under that parent. Its new replies go under it. A new comment goes under its
    parent (found or added), or at the top level. Where a scrape knows more (an
    author, a time, the paragraph breaks) the comment gains it. Returns how many
    comments were added.
    """
    # Each comment already there matches one comment of the other scrape at most: the
    # same words posted twice by one person are two comments.
    known: dict[tuple[str, str], list[Comment]] = {}
    parent: dict[int, Comment | None] = {}
    for top in base:
        parent[id(top)] = None
        for _d, c in top.walk():
            known.setdefault(merge_key(c), []).append(c)
            for r in c.replies:
                parent[id(r)] = c

    def depth(c: Comment) -> int:
        n, p = 0, parent.get(id(c))
        while p is not None:
            n, p = n + 1, parent.get(id(p))
        return n

    added = 0
    stack: list[tuple[Comment, Comment | None, int]] = [(c, None, 0) for c in reversed(extra)]
    while stack:
        c, holder, level = stack.pop()
        siblings = base if holder is None else holder.replies
        same = known.get(merge_key(c))
        node = same.pop(0) if same else None
        if node is None:
            node = Comment(author=c.author, published=c.published, text=c.text)
            siblings.append(node)
            parent[id(node)] = holder
            added += 1
        else:
            _enrich(node, c)
            if holder is not None and level > depth(node) and not any(x is holder for _d, x in node.walk()):
                old = parent.get(id(node))
                (base if old is None else old.replies).remove(node)
                holder.replies.append(node)
                parent[id(node)] = holder
        stack.extend((r, node, level + 1) for r in reversed(c.replies))
    return added


def _enrich(node: Comment, other: Comment) -> None:
    if not node.author and other.author:
        node.author = other.author
    if other.published and (not node.published or ("T" in other.published and "T" not in node.published)):
        node.published = other.published
    mine, theirs = _bare(node.text), _bare(other.text)
    if _fold(mine) == _fold(theirs) and (len(theirs) > len(mine) or (mine != node.text and theirs == other.text)):
        # same words: with the paragraph breaks the other scrape kept, without a quoted parent
        node.text = other.text



# ---------------------------------------------------------------- comment tables (CSV)


def _header(text: str) -> tuple[list[str], str] | None:
    import csv

    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    cells = next(csv.reader([first], delimiter=delimiter), [])
    return [c.strip().lower() for c in cells], delimiter


def is_comment_table(text: str) -> bool:
    """A CSV/TSV whose rows are reader comments of articles named in a column."""
    found = _header(text)
    if not found:
        return False
    cols = set(found[0])
    return (any(c in cols for c in COMMENT_TABLE_ARTICLE_COLUMNS)
            and any(c in cols for c in COMMENT_TABLE_SHAPE_COLUMNS)
            and any(c in cols for c in COMMENT_TABLE_TEXT_COLUMNS)
            and not any(c in cols for c in COMMENT_TABLE_TITLE_COLUMNS))


def table_threads(text: str, *, source: str) -> list[Thread]:
    """A comment table -> one thread per article it names (nesting from parent ids or positions)."""
    import csv
    import io

    found = _header(text)
    if not found:
        raise UnsupportedFormat("the table has no header", path=source)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=found[1])
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in reader:
        low = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        key = None
        for col in COMMENT_TABLE_ARTICLE_COLUMNS:
            key = _id_key(low.get(col)) if col in ("article_id", "articleid") else url_key(low.get(col))
            if key:
                break
        if key:
            groups.setdefault(key, []).append({**row, **low})
    threads = []
    for key, rows in groups.items():
        if any(r.get("comment_counter") for r in rows):
            comments = tree_from_flat(rows, id_of=_counter_position, parent_of=_counter_parent, make=_one_comment)
        else:
            comments = _tree(rows)
        if comments:
            threads.append(Thread(keys=[key], label=_label([key]), comments=comments))
    if not threads:
        raise UnsupportedFormat("the comment table names no article (article_id or article_url)", path=source)
    return threads


def _counter_position(row: dict[str, Any]) -> str | None:
    m = _COUNTER.match(str(row.get("comment_counter") or "").strip())
    return m.group(1) if m else None


def _counter_parent(row: dict[str, Any]) -> str | None:
    position = _counter_position(row)
    return position.rsplit("_", 1)[0] if position and "_" in position else None
