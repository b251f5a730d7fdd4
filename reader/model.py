"""The domain: what a clean article is, independent of where it came from.

These dataclasses are the currency between the parsers, the library, the
search index, the exporters and the GUI. ``to_dict`` gives exactly the JSON
shape of ``article-reader parse --json`` (a public interface), and
``from_dict`` reads it back, so storage can keep articles as that JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

FORMATS = ("text", "html", "json", "table", "feed", "warc", "wacz", "mhtml")


@dataclass
class Quote:
    """A span of quoted speech in ``Article.body``.

    ``body[start:end] == text``; the offsets exclude the quotation marks.
    ``speaker`` is the canonical full name (or a descriptive phrase such as
    "official spokesperson"), ``None`` when the quote is not attributed
    (scare quotes, titles). ``role`` is a title kept apart from the name
    ("Secretary of State").
    """

    text: str
    speaker: str | None
    start: int
    end: int
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
        }
        if self.role:
            d["role"] = self.role
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(
            text=d.get("text", ""),
            speaker=d.get("speaker"),
            start=int(d.get("start", 0)),
            end=int(d.get("end", 0)),
            role=d.get("role"),
        )


@dataclass
class Comment:
    """One reader comment; ``replies`` nest to any depth."""

    author: str | None
    published: str | None  # ISO 8601 (local time, no zone, when the page gives none)
    text: str
    spam: bool = False
    replies: list[Comment] = field(default_factory=list)
    spam_reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        # Iterative, so a 10,000-level thread cannot hit the recursion limit.
        root: dict[str, Any] = {}
        stack: list[tuple[Comment, dict[str, Any]]] = [(self, root)]
        while stack:
            c, d = stack.pop()
            d.update(author=c.author, published=c.published, text=c.text, spam=c.spam)
            if c.spam_reasons:
                d["spam_reasons"] = list(c.spam_reasons)
            d["replies"] = []
            for r in c.replies:
                rd: dict[str, Any] = {}
                d["replies"].append(rd)
                stack.append((r, rd))
        return root

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Comment:
        root = cls(author=None, published=None, text="")
        stack: list[tuple[dict[str, Any], Comment]] = [(d, root)]
        while stack:
            src, c = stack.pop()
            c.author = src.get("author")
            c.published = src.get("published")
            c.text = src.get("text") or ""
            c.spam = bool(src.get("spam", False))
            c.spam_reasons = list(src.get("spam_reasons") or [])
            for rsrc in src.get("replies") or []:
                child = cls(author=None, published=None, text="")
                c.replies.append(child)
                stack.append((rsrc, child))
        return root

    def walk(self) -> Iterator[tuple[int, Comment]]:
        """Yield (depth, comment) for this comment and every descendant, in order."""
        stack: list[tuple[int, Comment]] = [(0, self)]
        while stack:
            depth, c = stack.pop()
            yield depth, c
            for r in reversed(c.replies):
                stack.append((depth + 1, r))

    def descendant_count(self) -> int:
        return sum(1 for _ in self.walk()) - 1


def walk_comments(comments: list[Comment]) -> Iterator[tuple[int, Comment]]:
    """Every comment of a thread with its depth, thread order (``Comment.walk`` of each, in
    one walk: most comments have no replies, and a walk of its own each cost more than them)."""
    stack = [(0, c) for c in reversed(comments)]
    while stack:
        depth, c = stack.pop()
        yield depth, c
        if c.replies:
            stack.extend([(depth + 1, r) for r in reversed(c.replies)])


@dataclass
class Article:
    """A clean article: metadata, body paragraphs, quotes and comments."""

    source: str
    format: str
    title: str = ""
    published: str | None = None  # ISO 8601, with offset where the source gives a zone
    authors: list[str] = field(default_factory=list)
    site: str | None = None
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    body: str = ""  # paragraphs separated by exactly one blank line
    quotes: list[Quote] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    comments_claimed: int | None = None
    warnings: list[str] = field(default_factory=list)
    language: str | None = None
    #: Where inside a container file the article came from (``None`` for a file that is one
    #: article): ``{"kind": "row", "row": 12}`` for a table, ``{"kind": "warc", "uri": ...,
    #: "record_id": ..., "captured": ...}`` for a web archive, ``{"kind": "feed", "id": ...}``
    #: for a feed item, ``{"kind": "line", "line": 3}`` for a JSON Lines dump.
    record: dict[str, Any] | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    def iter_comments(self) -> Iterator[tuple[int, Comment]]:
        """Every comment with its depth, thread order."""
        return walk_comments(self.comments)

    def comment_count(self) -> int:
        return sum(1 for _ in self.iter_comments())

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of ``article-reader parse --json``."""
        d: dict[str, Any] = {
            "source": self.source,
            "format": self.format,
            "title": self.title,
            "published": self.published,
            "authors": list(self.authors),
            "site": self.site,
            "tags": list(self.tags),
            "url": self.url,
            "body": self.body,
            "quotes": [q.to_dict() for q in self.quotes],
            "comments": [c.to_dict() for c in self.comments],
            "comments_claimed": self.comments_claimed,
            "warnings": list(self.warnings),
            "record": dict(self.record) if self.record else None,
        }
        if self.language:
            d["language"] = self.language
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            source=d.get("source", ""),
            format=d.get("format", "text"),
            title=d.get("title") or "",
            published=d.get("published"),
            authors=list(d.get("authors") or []),
            site=d.get("site"),
            tags=list(d.get("tags") or []),
            url=d.get("url"),
            body=d.get("body") or "",
            quotes=[Quote.from_dict(q) for q in d.get("quotes") or []],
            comments=[Comment.from_dict(c) for c in d.get("comments") or []],
            comments_claimed=d.get("comments_claimed"),
            warnings=list(d.get("warnings") or []),
            language=d.get("language"),
            record=dict(d["record"]) if isinstance(d.get("record"), dict) else None,
        )
