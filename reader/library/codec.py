"""Article <-> stored row, without recursion.

An article is stored as its columns (for sorting, filtering and the index)
plus ``data``: the rest of ``Article.to_dict()`` as JSON, minus the body
(kept in its own column, read alone for snippets). Comment threads are
stored *flat* — one ``[depth, author, published, text, spam, reasons]`` entry
per comment in thread order — because ``json``/``pickle`` recurse and a
10,000-level thread would overflow them; flat lists round-trip at any depth.

``prepare_file`` runs in the import worker processes: it parses a file and
does the JSON encoding there, so the single writer only runs SQL. It also
takes each comment's spam fingerprint there, for the library's "same text in
other articles" signal (``mark_copies`` applies the counts to stored data).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reader.model import Article, Comment, walk_comments
from reader.parsing.spam import REPEAT_MIN_ARTICLES, clear_repeated, flag_repeated, spam_fingerprint

if TYPE_CHECKING:
    from reader.parsing.threads import Thread
    from reader.stories.features import Signature

#: For benchmarks only (``tests/benchmarks/bench_story_step.py --wall``), never a user setting:
#: set to "off" in an import's environment, no story signature is computed and no story joined,
#: in the parser worker processes as in the writer (spawned workers inherit the environment,
#: not a flag set in the parent), so the import's wall time can be measured without the story
#: step. Unset (always, outside that benchmark) the import is unchanged.
STORY_STEP_ENV = "_ARTICLE_READER_STORY_STEP"


#: ``json.dumps(value, ensure_ascii=False)``, without making an encoder for each call (a
#: few microseconds a call, two calls per article).
json_text = json.JSONEncoder(ensure_ascii=False).encode


@dataclass
class PreparedArticle:
    """One article ready for an INSERT: plain values, picklable at any comment depth."""

    title: str
    published: str | None
    published_sort: str
    site: str | None
    url: str | None
    authors: list[str]
    tags: list[str]
    body: str
    data: str  # JSON
    comment_count: int
    comments_claimed: int | None
    quotes: list[tuple[int, str | None, str | None, str, int, int]] = field(default_factory=list)
    #: ``spam_fingerprint`` of each comment in stored (thread) order; "" when too short.
    fingerprints: list[str] = field(default_factory=list)
    #: The story signature as the library stores it (``reader.stories.packed``: packed
    #: bytes, JSON when those cannot hold it); empty joins no story.
    story: str | bytes = ""
    #: What comment files may name this article by (``reader.parsing.threads.article_keys``).
    keys: list[str] = field(default_factory=list)
    #: ``story`` parsed, for the join when the article is stored in the process that
    #: prepared it; never pickled (a worker's result carries ``story`` alone, which the
    #: writer reads back: sent both ways, the pickling cost more than the reading saved).
    story_signature: Signature | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["story_signature"] = None
        return state


@dataclass
class PreparedThread:
    """Reader comments from a comment file of their own, waiting to meet their article."""

    keys: list[str]
    label: str
    comments_flat: list[list[Any]]


@dataclass
class PreparedFile:
    """A parsed file: its identity (absolute path, content hash) and its articles."""

    path: str
    format: str
    content_hash: str
    articles: list[PreparedArticle]
    threads: list[PreparedThread] = field(default_factory=list)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def flatten_comments(comments: list[Comment]) -> list[list[Any]]:
    return [[depth, c.author, c.published, c.text, c.spam, list(c.spam_reasons)]
            for depth, c in walk_comments(comments)]


def unflatten_comments(flat: list[list[Any]]) -> list[Comment]:
    roots: list[Comment] = []
    stack: list[Comment] = []  # stack[d] = the latest comment at depth d
    for depth, author, published, text, spam, reasons in flat:
        c = Comment(
            author=author, published=published, text=text or "", spam=bool(spam),
            spam_reasons=list(reasons or []),
        )
        depth = min(int(depth), len(stack))
        del stack[depth:]
        if depth == 0:
            roots.append(c)
        else:
            stack[-1].replies.append(c)
        stack.append(c)
    return roots


def storable(text: str | None) -> str | None:
    """``text`` without lone surrogates (SQLite stores UTF-8 only); same length, so offsets hold."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def prepare_article(article: Article) -> PreparedArticle:
    # Imported here, not at the top: only an import prepares articles, and these
    # modules pull in the parsing pipeline, which list/check/search/show never need.
    from reader.parsing.dates import sort_key
    from reader.parsing.threads import article_keys
    from reader.stories.packed import stored_form

    meta = dataclasses.replace(article, body="", comments=[]).to_dict()
    del meta["body"], meta["comments"]
    flat = flatten_comments(article.comments)
    meta["comments_flat"] = flat
    quotes = [
        (i, storable(q.speaker), storable(q.role), storable(q.text) or "", q.start, q.end)
        for i, q in enumerate(article.quotes)
    ]
    story_signature = _story_signature(article)
    return PreparedArticle(
        title=storable(article.title) or "",
        published=storable(article.published),
        published_sort=sort_key(storable(article.published)),
        site=storable(article.site) or None,
        url=storable(article.url),
        authors=[storable(a) or "" for a in article.authors],
        tags=_unique([storable(t) or "" for t in article.tags]),
        body=storable(article.body) or "",
        data=storable(json_text(meta)) or "{}",
        comment_count=len(flat),
        comments_claimed=article.comments_claimed,
        quotes=quotes,
        fingerprints=[spam_fingerprint(entry[3]) for entry in flat],
        story="" if story_signature is None else stored_form(story_signature),
        keys=article_keys(article.source, article.url),
        story_signature=story_signature,
    )


def _story_signature(article: Article) -> Signature | None:
    """The article's story signature; None (joins no story) when a benchmark switched it off."""
    if os.environ.get(STORY_STEP_ENV) == "off":
        return None
    from reader.stories.features import signature

    return signature(article)


def prepare_thread(thread: Thread) -> PreparedThread:
    return PreparedThread(keys=list(thread.keys), label=thread.label,
                          comments_flat=flatten_comments(thread.comments))


def article_from_row(data: str, body: str) -> Article:
    d = json.loads(data)
    flat = d.pop("comments_flat", [])
    d["comments"] = []
    d["body"] = body
    article = Article.from_dict(d)
    article.comments = unflatten_comments(flat)
    return article


def mark_copies(data: str, others: Mapping[str, int], fingerprints: list[str] | None = None) -> str | None:
    """``data`` with the copy flag of each comment whose fingerprint is in ``others`` set anew.

    ``others[fp]`` is how many other articles hold that text: from
    ``REPEAT_MIN_ARTICLES`` on the comment is flagged (``flag_repeated``),
    below it the flag is taken back. ``fingerprints`` (one per stored comment)
    saves hashing the texts again. Returns None when nothing changed, so the
    caller can skip the write.
    """
    d = json.loads(data)
    flat = d.get("comments_flat") or []
    if fingerprints is not None and len(fingerprints) != len(flat):
        fingerprints = None
    changed = False
    for i, entry in enumerate(flat):
        depth, author, published, text, spam, reasons = entry
        fp = fingerprints[i] if fingerprints is not None else spam_fingerprint(text or "")
        if not fp or fp not in others:
            continue
        c = Comment(author=author, published=published, text=text or "", spam=bool(spam),
                    spam_reasons=list(reasons or []))
        if others[fp] >= REPEAT_MIN_ARTICLES:
            flag_repeated(c, others[fp])
        else:
            clear_repeated(c)
        if c.spam != bool(spam) or c.spam_reasons != list(reasons or []):
            flat[i] = [depth, author, published, text, c.spam, c.spam_reasons]
            changed = True
    return json.dumps(d, ensure_ascii=False) if changed else None


def stored_fingerprints(data: str) -> set[str]:
    """The comment fingerprints of a stored article (for libraries made before they were kept)."""
    flat = json.loads(data).get("comments_flat") or []
    return {fp for entry in flat if (fp := spam_fingerprint(entry[3] or ""))}


def comments_text(data: str) -> str:
    """All comment text of a stored article, for the search index."""
    flat = json.loads(data).get("comments_flat") or []
    return "\n\n".join(entry[3] for entry in flat if entry[3])


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)
