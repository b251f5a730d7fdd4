"""Table columns -> article fields, and one table row -> an ``Article``.

Exports name their columns in a handful of ways ("Headline", "article_text",
"pub_date", "byline"...). ``FIELD_NAMES`` lists them per field (the JSON dump
keys of ``reader.parsing.jsondump`` plus the names spreadsheets use): data,
not code. A header is normalised ("Article Text" -> ``article_text``) before
it is looked up; ``--columns title=Headline,body=Text`` overrides the guess.

A cell holding HTML is read as HTML: a whole page through the HTML pipeline
(trafilatura, with the page's own title, authors and date as fallbacks), a
fragment (``<p>`` paragraphs) with the HTML-to-text step of the JSON reader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reader.errors import UnsupportedFormat
from reader.model import Article
from reader.parsing import jsondump
from reader.parsing.html_meta import choose_authors_from_values

#: The article fields a column can fill, in the order the mapping dialog shows them.
FIELDS: tuple[str, ...] = ("title", "body", "authors", "date", "url", "site", "tags", "language")
#: What each field is called in the dialog and in messages.
FIELD_LABELS: dict[str, str] = {
    "title": "Title", "body": "Text", "authors": "Authors", "date": "Date", "url": "URL",
    "site": "Site", "tags": "Tags", "language": "Language",
}
#: Other names accepted for a field in ``--columns`` (``text=Body`` is ``body=Body``).
FIELD_ALIASES: dict[str, str] = {
    "text": "body", "content": "body", "author": "authors", "byline": "authors",
    "published": "date", "headline": "title", "link": "url", "source": "site",
    "keywords": "tags", "lang": "language",
}


def _norm(name: str) -> str:
    """'Article Text' / 'articleText' / 'article-text' -> 'article_text'."""
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[^0-9a-z]+", "_", name.casefold()).strip("_")


def _names(*groups: Iterable[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for group in groups:
        for name in group:
            out.setdefault(_norm(name), None)
    return tuple(out)


#: Column names per field, best first (normalised with ``_norm``).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": _names(("title", "headline", "article_title", "heading", "news_title", "story_title",
                     "head", "hed", "subject"), jsondump.TITLE_KEYS),
    "body": _names(("text", "body", "content", "article_text", "full_text", "article_body",
                    "article", "story_text", "body_text", "news_text", "article_content",
                    "html", "raw_html", "page_html", "content_html", "body_html"),
                   jsondump.BODY_KEYS),
    "authors": _names(("authors", "author", "byline", "by_line", "author_names", "author_name", "writers",
                       "creator", "reporter", "reporters", "journalist"), jsondump.AUTHOR_KEYS),
    "date": _names(("date", "published", "publish_date", "pub_date", "published_date",
                    "publication_date", "date_published", "timestamp", "published_at",
                    "datetime", "date_time", "time"), jsondump.DATE_KEYS),
    "url": _names(("url", "link", "article_url", "source_url", "permalink", "href", "web_url"),
                  jsondump.URL_KEYS),
    "site": _names(("site", "source", "publication", "outlet", "domain", "publisher",
                    "source_name", "site_name", "media", "media_outlet", "newspaper", "paper"),
                   jsondump.SITE_KEYS),
    "tags": _names(("tags", "keywords", "section", "sections", "topics", "categories",
                    "category", "subjects", "labels"), jsondump.TAG_KEYS),
    "language": _names(jsondump.LANG_KEYS),
}
#: Never read as a field even though they contain a field's name (ids, counts, flags).
_NOT_FIELDS = re.compile(r"(?:^|_)(?:id|ids|count|counts|len|length|num|number|flag|score|rank)$")
#: Separators of several values in one cell ("politics; world", "A | B").
_MULTI = re.compile(r"\s*[;|]\s*")


class ColumnsNeeded(UnsupportedFormat):
    """A table whose article text column could not be recognised.

    ``columns`` are its column names and ``preview`` its first rows (values
    as text), so a person can say which column holds what.
    """

    def __init__(self, reason: str, *, path: str, columns: list[str],
                 preview: list[list[str]]) -> None:
        super().__init__(reason, path=path)
        self.columns = columns
        self.preview = preview


@dataclass(frozen=True)
class ColumnMap:
    """field -> column name, for the fields the table has."""

    fields: tuple[tuple[str, str], ...]

    def get(self, field: str) -> str | None:
        return dict(self.fields).get(field)

    def as_dict(self) -> dict[str, str]:
        return dict(self.fields)

    def describe(self) -> str:
        return ",".join(f"{f}={c}" for f, c in self.fields)


def parse_columns_option(text: str) -> dict[str, str]:
    """``"title=Headline,body=Text"`` -> ``{"title": "Headline", "body": "Text"}``.

    Raises ``ValueError`` naming the fields it knows when a part is not ``field=column``.
    """
    out: dict[str, str] = {}
    for part in (p for p in text.split(",") if p.strip()):
        field, sep, column = part.partition("=")
        field = FIELD_ALIASES.get(field.strip().casefold(), field.strip().casefold())
        if not sep or not column.strip() or field not in FIELDS:
            raise ValueError(
                f"'{part.strip()}' is not FIELD=COLUMN (fields: {', '.join(FIELDS)})"
            )
        out[field] = column.strip()
    return out


def guess_columns(columns: Sequence[str]) -> dict[str, str]:
    """field -> column recognised by its name (each column used once, best name first)."""
    normalised = [_norm(c) for c in columns]
    found: dict[str, str] = {}
    used: set[int] = set()
    for field in FIELDS:
        names = FIELD_NAMES[field]
        best: tuple[int, int] | None = None
        for i, n in enumerate(normalised):
            if i in used or not n or _NOT_FIELDS.search(n):
                continue
            rank = _rank(n, names)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, i)
        if best is not None:
            used.add(best[1])
            found[field] = columns[best[1]]
    return found


def _rank(name: str, names: tuple[str, ...]) -> int | None:
    """How well a normalised column name matches a field: exact names first, then prefixed."""
    if name in names:
        return names.index(name)
    for prefix in ("article_", "news_", "story_", "post_", "item_", "doc_", "document_"):
        if name.startswith(prefix) and name[len(prefix):] in names:
            return len(names) + names.index(name[len(prefix):])
    return None


def resolve_columns(columns: Sequence[str], override: Mapping[str, str] | None, *,
                    path: str, preview: list[list[str]]) -> ColumnMap:
    """The column map of a table: the guess, with ``override`` (``--columns``) on top.

    Raises ``UnsupportedFormat`` for an override naming a column the table lacks,
    and ``ColumnsNeeded`` when no column holds the article text.
    """
    mapping = guess_columns(columns)
    if override:
        by_norm = {_norm(c): c for c in columns}
        for field, wanted in override.items():
            column = wanted if wanted in columns else by_norm.get(_norm(wanted))
            if column is None:
                raise UnsupportedFormat(
                    f"the table has no column '{wanted}' (for {field}); its columns are: "
                    f"{_list(columns)}", path=path)
            for f in [f for f, c in mapping.items() if c == column]:
                del mapping[f]
            mapping[field] = column
    if "body" not in mapping:
        raise ColumnsNeeded(
            "the table's columns were not recognised (no column of article text among: "
            f"{_list(columns)}); name them with --columns body=COLUMN,title=COLUMN,...",
            path=path, columns=list(columns), preview=preview)
    return ColumnMap(tuple((f, mapping[f]) for f in FIELDS if f in mapping))


def _list(columns: Sequence[str]) -> str:
    shown = ", ".join(f"'{c}'" for c in columns[:20])
    return shown + (f" and {len(columns) - 20} more" if len(columns) > 20 else "") if shown else "none"


# -- one row -> article ------------------------------------------------------------
def row_payload(values: Mapping[str, Any], mapping: ColumnMap) -> dict[str, Any]:
    """The mapped cells of a row, by field (what a worker process needs to parse it)."""
    return {field: _plain(values.get(column)) for field, column in mapping.fields}


def row_digest(payload: Mapping[str, Any]) -> str:
    """Identity of a row's article: its mapped cells with their fields (not its position)."""
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(b"row\0" + raw.encode("utf-8", "surrogatepass")).hexdigest()


def _plain(value: Any) -> Any:
    """A cell as a JSON-able value (Arrow gives datetimes, lists, numpy-free scalars)."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


_PAGE = re.compile(r"<\s*(?:!doctype\s+html|html[\s>]|body[\s>]|head[\s>])", re.IGNORECASE)


def parse_row(payload: dict[str, Any], record: dict[str, Any], source: str) -> Article:
    """One table row (its mapped cells) -> an Article. Raises ``UnsupportedFormat`` for a bad row."""
    cell = payload.get("body")
    page: Article | None = None
    if isinstance(cell, str) and _PAGE.search(cell[:4096]):
        from reader.parsing.html import parse_html

        page = parse_html(cell, source=source)
        body = page.body
    else:
        body = jsondump.body_text(cell) if cell not in (None, "") else ""
    if not body:
        raise UnsupportedFormat("no article text (its text cell is empty)", path=source)
    title = _text(payload.get("title")) or (page.title if page else "")  # as given, not trimmed
    url = _text(payload.get("url")) or (page.url if page else None)
    site_value = _text(payload.get("site"))
    site = site_value or (page.site if page else None) or jsondump._site_from({}, url)
    authors = _authors(payload.get("authors")) or (list(page.authors) if page else [])
    published = jsondump.parse_when(payload.get("date")) or (page.published if page else None)
    warnings = list(page.warnings) if page else []
    if payload.get("date") not in (None, "") and not published:
        warnings.append(f"date not understood: {str(payload['date'])[:40]!r}")
    language = _text(payload.get("language"))
    return Article(
        source=source, format="table", title=title, published=published, authors=authors,
        site=site or None, tags=_tags(payload.get("tags")) or (list(page.tags) if page else []),
        url=url or None, body=body, comments=list(page.comments) if page else [],
        warnings=warnings, language=language if language and len(language) <= 12 else None,
        record=dict(record),
    )


def _text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _listish(value: Any) -> Any:
    """A cell holding a list written as text ('["A", "B"]', "['A', 'B']") as that list."""
    if isinstance(value, str):
        v = value.strip()
        if v.startswith("[") and v.endswith("]"):
            try:
                parsed = json.loads(v)
            except ValueError:
                try:
                    import ast

                    parsed = ast.literal_eval(v)
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    return value
            if isinstance(parsed, list):
                return [str(x) for x in parsed if x not in (None, "")]
    return value


def _authors(value: Any) -> list[str]:
    value = _listish(value)
    if isinstance(value, str) and _MULTI.search(value):
        value = [v for v in _MULTI.split(value) if v]
    if value in (None, "", []):
        return []
    return choose_authors_from_values(value)


def _tags(value: Any) -> list[str]:
    value = _listish(value)
    if isinstance(value, str) and _MULTI.search(value):
        value = [v for v in _MULTI.split(value) if v]
    return jsondump._tags(value)
