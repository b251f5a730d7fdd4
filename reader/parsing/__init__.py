"""Files -> clean articles.

``parse_path`` is the single entry point: it reads and decodes the file,
picks the pipeline for its format (plain text, HTML, JSON/JSON Lines; feeds;
web archives and single-file pages, which hold many pages), then
runs the format-independent finishing steps (quotes, comment spam flags).

Each format pipeline returns ``Article`` objects; failures raise
``UnreadableFile`` with the reason (never ``None``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.errors import UnreadableFile, UnsupportedFormat
from reader.model import Article

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
#: A text or HTML file is one article; past these sizes it is a book or a data
#: dump, and parsing, finding quotes and indexing it take minutes and gigabytes
#: (measured: a 16 MB text file 42 s and 430 MB, a 60 MB one 2 minutes and
#: 1.2 GB). JSON dumps hold many articles and keep the general file limit.
MAX_ARTICLE_BYTES = {"text": 8 * 1024 * 1024, "html": 16 * 1024 * 1024}


@dataclass
class ParsedFile:
    """What one file on disk yielded: usually one article, many for JSON Lines."""

    source: str
    format: str
    content_hash: str
    articles: list[Article] = field(default_factory=list)
    #: Reader comments that came without their article (a comment file of its own):
    #: ``reader.parsing.threads.Thread`` objects, attached to their article on import.
    threads: list[Any] = field(default_factory=list)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_hash(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_format(name: str, text: str) -> str:
    """Guess "text", "html" or "json" from the file name, then the content."""
    lower = name.lower()
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    head = text.lstrip()[:2048].lower()
    if head.startswith(("{", "[")):
        try:
            json.loads(text)
            return "json"
        except RecursionError:
            return "json"  # valid-looking but very deep: the JSON reader copes iteratively
        except ValueError:
            first = text.lstrip().split("\n", 1)[0]
            try:
                json.loads(first)
                return "json"
            except (ValueError, RecursionError):
                pass
    if head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and ("<body" in text[:20000].lower() or "<p" in head)
    ):
        return "html"
    return "text"


def parse_path(path: str | Path, **options: Any) -> ParsedFile:
    """Read one file and return its article(s). Raises ``UnreadableFile``.

    A container (a table, ...) gives all its articles; ``options`` go to its reader
    (``columns={"body": "Text"}``). Large containers are better streamed with
    ``reader.parsing.containers.iter_container``.
    """
    source = str(path)
    from reader.parsing.containers import EntryError, iter_container, open_container

    container = open_container(source, **options)
    if container is not None:
        with container:
            items = list(iter_container(container))
        articles = [a for a in items if not isinstance(a, EntryError)]
        if not articles:
            bad = next((e for e in items if isinstance(e, EntryError)), None)
            raise UnsupportedFormat(
                f"no readable row: row {bad.record.get('row', bad.key)}: {bad.reason}" if bad
                else "the table has no rows", path=source)
        return ParsedFile(source=source, format=container.format,
                          content_hash=_file_hash(source), articles=articles)
    from reader.parsing.decode import read_bytes

    data, inner_name = read_bytes(path)
    return parse_bytes(data, source=source, name=inner_name)


def parse_bytes(data: bytes, *, source: str, name: str | None = None) -> ParsedFile:
    name = name or Path(source).name
    from reader.parsing.webarchive import parse_container, sniff_container

    container = sniff_container(data, name)
    if container is not None:
        # Web archives and single-file pages: one article per page they hold.
        try:
            articles = parse_container(container, data, source=source)
        except RecursionError:
            raise UnreadableFile("the file is nested too deeply to read", path=source) from None
        return _finished(source, container, content_hash(data), articles)
    # Imported here, not at the top: decoding loads charset_normalizer, and commands that
    # parse nothing still import this package (for reader.parsing.spam).
    from reader.parsing.decode import decode_text, normalise_newlines

    text, _encoding = decode_text(data, path=source)
    text = normalise_newlines(text)
    from reader.parsing.feeds import parse_feed, sniff_feed

    if sniff_feed(text) is not None:
        return _finished(source, "feed", content_hash(data), parse_feed(text, source=source))
    from reader.parsing import threads as comment_files

    if name.lower().endswith((".csv", ".tsv", ".tab")) and comment_files.is_comment_table(text):
        return ParsedFile(source=source, format="comments", content_hash=content_hash(data),
                          threads=comment_files.table_threads(text, source=source))
    if comment_files.sniff_disqus(text):
        return ParsedFile(source=source, format="comments", content_hash=content_hash(data),
                          threads=comment_files.disqus_threads(text, source=source))
    fmt = detect_format(name, text)
    limit = MAX_ARTICLE_BYTES.get(fmt)
    if limit is not None and len(data) > limit:
        raise UnreadableFile(
            f"too large to be one article ({len(data) / 1e6:.0f} MB; a {fmt} article is "
            f"limited to {limit // 1_000_000} MB): save the article alone, or split the file",
            path=source,
        )
    digest = content_hash(data)
    try:
        if fmt == "html":
            from reader.parsing.html import parse_html

            articles = [parse_html(text, source=source)]
        elif fmt == "json":
            from reader.parsing.jsondump import CommentsOnly, parse_json

            try:
                articles = parse_json(text, source=source)
            except CommentsOnly:
                return ParsedFile(source=source, format="comments", content_hash=digest,
                                  threads=comment_files.json_threads(text, source=source))
        else:
            from reader.parsing.text import parse_text

            articles = [parse_text(text, source=source)]
    except RecursionError:
        raise UnreadableFile("the file is nested too deeply to read", path=source) from None
    return _finished(source, fmt, digest, articles)


def _finished(source: str, fmt: str, digest: str, articles: list[Article]) -> ParsedFile:
    if not articles:
        raise UnsupportedFormat("no article found in the file", path=source)
    for article in articles:
        article.format = fmt
        finish_article(article)
    return ParsedFile(source=source, format=fmt, content_hash=digest, articles=articles)


def finish_article(article: Article) -> Article:
    """The format-independent last steps: quotes, comment dates printed without a year,
    then comment spam flags."""
    from reader.model import walk_comments
    from reader.parsing.dates import complete_year
    from reader.parsing.spam import flag_spam
    from reader.quotes import find_quotes

    if not article.quotes and article.body:
        article.quotes = find_quotes(article.body)
    for _depth, comment in walk_comments(article.comments):
        comment.published = complete_year(comment.published, article.published)
    flag_spam(article)
    return article
