"""What the search index holds of an article: its fields, their analysis, and how an
article becomes a document (Qt-free; shared by ``index`` and the worker processes
that write segments, ``parallel_index`` and ``background_index``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from whoosh import fields
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter, StripFilter

from reader.library.analysis import STOP_WORDS, ReaderAnalyzer, SiteAnalyzer
from reader.library.postings import FastFrequency, FastPositions

INDEX_NAME = "articles"
# Bumped when the schema changes; an index of another version must be rebuilt.
SCHEMA_VERSION = "reader-index-2"

# "body" (frequencies, for fast scoring) is written from the postings of its
# positional twin "body_pos" (for phrases): one analysis, one accumulation.
DERIVED_FIELDS = {"body": "body_pos"}


@dataclass
class IndexDoc:
    """What the index needs to know about one article."""

    id: int
    version: str
    title: str
    body: str
    authors: list[str] = field(default_factory=list)
    site: str | None = None
    tags: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    comments: str = ""
    published: str | None = None



# --- schema -----------------------------------------------------------------


def _text(*, stored: bool = False, phrase: bool = True) -> fields.TEXT:
    f = fields.TEXT(analyzer=ReaderAnalyzer(), phrase=phrase, stored=stored)
    f.format = FastPositions() if phrase else FastFrequency()
    return f


def _site() -> fields.TEXT:
    """Site names: whole host and parts, unstemmed, no positions."""
    return fields.TEXT(analyzer=SiteAnalyzer(), phrase=False)


def _tags() -> fields.KEYWORD:
    """Whole tags, lower-cased; stop words and single letters are never tags."""
    f = fields.KEYWORD(commas=True, lowercase=True, scorable=True)
    f.analyzer = RegexTokenizer(r"[^,]+") | StripFilter() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS)
    return f


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(unique=True, stored=True),
        version=fields.STORED(),
        title=_text(stored=True),
        body=_text(phrase=False),
        body_pos=_text(),
        authors=_text(),
        site=_site(),
        site_name=fields.STORED(),
        tags=_tags(),
        quote=_text(),
        speaker=_text(),
        comments=_text(phrase=False),
        published=fields.DATETIME(),
        published_iso=fields.STORED(),
        schema_version=fields.STORED(),
    )
    return schema


def fast_fields(schema: fields.Schema) -> dict[str, str]:
    """Fields the bulk writer analyses itself, with their posting kind."""
    # Imported here: the bulk writer loads numpy, which only writing needs (and only a
    # writer asks for these kinds), not every command that opens the index.
    from reader.library.bulkwrite import FREQUENCIES, POSITIONS

    kinds = {}
    for name in schema.names():
        fmt = schema[name].format
        if isinstance(fmt, FastPositions) and isinstance(schema[name].analyzer, ReaderAnalyzer):
            kinds[name] = POSITIONS
        elif isinstance(fmt, FastFrequency) and isinstance(schema[name].analyzer, ReaderAnalyzer):
            kinds[name] = FREQUENCIES
    return kinds


def _published_datetime(iso: str | None) -> dt.datetime | None:
    """Naive UTC datetime for the DATETIME field (None when unparseable)."""
    if not iso:
        return None
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        try:
            when = dt.datetime.fromisoformat(iso[:10])
        except ValueError:
            return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when


def fields_of(doc: IndexDoc) -> dict[str, object]:
    values: dict[str, object] = {
        "id": str(doc.id),
        "version": doc.version,
        "title": doc.title or "",
        "body": doc.body or "",
        "body_pos": doc.body or "",
        "schema_version": SCHEMA_VERSION,
    }
    if doc.authors:
        values["authors"] = "\n".join(doc.authors)
    if doc.site:
        values["site"] = doc.site
        values["site_name"] = doc.site
    if doc.tags:
        values["tags"] = ",".join(t.replace(",", " ") for t in doc.tags)
    if doc.quotes:
        values["quote"] = "\n\n".join(doc.quotes)
    if doc.speakers:
        values["speaker"] = "\n".join(doc.speakers)
    if doc.comments:
        values["comments"] = doc.comments
    when = _published_datetime(doc.published)
    if when is not None:
        values["published"] = when
    if doc.published:
        values["published_iso"] = doc.published
    return values
