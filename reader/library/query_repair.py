"""Query repair: whatever a user types becomes a query Whoosh can parse.

Unbalanced quotes are closed, stray operators and colons dropped, unknown
fields treated as words, control characters removed, the length capped, and
date filters (``date:2012``, ``date:[2010 to 2012]``) taken out as ranges;
each repair is reported as a quiet hint. ``reader.library.query`` parses the
result. The query language's data tables (fields, operators, limits, hints)
are here too, since both read them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh import query as wq

from reader.library.analysis import WORD_RE

# --- data tables ----------------------------------------------------------------

#: The marks' field names users may type -> the clause kind (``reader.library.markfilter``
#: answers those clauses from SQLite; kept here with the index's field names, so that the
#: query language's names are in one place and this module imports no library code).
MARK_FIELDS: dict[str, str] = {
    "note": "note", "notes": "note",
    "highlight": "highlight", "highlights": "highlight", "hl": "highlight",
    "label": "label", "labels": "label",
    "is": "is",
    "in": "in", "collection": "in",
}

# Field names users may type (lower-case) -> schema field.
FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "body": "body",
    "text": "body",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "site": "site",
    "source": "site",
    "tag": "tags",
    "tags": "tags",
    "quote": "quote",
    "quotes": "quote",
    "speaker": "speaker",
    "speakers": "speaker",
    "comment": "comments",
    "comments": "comments",
    "date": "published",
    "published": "published",
}

# Where a bare word is looked for, and how much a match there counts.
DEFAULT_FIELDS: tuple[str, ...] = ("title", "body", "authors", "quote", "speaker", "tags", "site", "comments")
BODIES_ONLY_FIELDS: tuple[str, ...] = ("title", "body")
FIELD_BOOSTS: dict[str, float] = {
    "title": 3.0,
    "body": 1.0,
    "authors": 2.0,
    "speaker": 1.5,
    "quote": 1.0,
    "tags": 2.0,
    "site": 1.5,
    "comments": 0.4,
}
# Fields whose words can be highlighted in an article body.
TEXT_FIELDS: frozenset[str] = frozenset({"title", "body", "authors", "quote", "speaker", "comments", "site"})
# Fields indexed with positions (phrases possible).
PHRASE_FIELDS: frozenset[str] = frozenset({"title", "body", "authors", "quote", "speaker"})

MAX_QUERY_CHARS = 400
MAX_QUERY_WORDS = 32
MIN_PREFIX_CHARS = 2
# A prefix expands to at most this many terms (the most frequent ones), over
# all fields together: the cost of a query grows with the postings it reads.
PREFIX_EXPANSIONS = 32
# Terms scanned per field while looking for the most frequent expansions.
PREFIX_SCAN_LIMIT = 1000
# ... and the expansions stop once their posting lists hold this many entries
# (at least one expansion is always kept): the cost of a query is the postings
# it reads, and a 3-letter prefix of a common word can reach millions.
PREFIX_POSTINGS_BUDGET = 40_000

OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
BINARY_OPERATORS = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})

HINTS = {
    "control": "ignored control characters",
    "long": f"the query was cut to {MAX_QUERY_CHARS} characters",
    "words": f"only the first {MAX_QUERY_WORDS} words were used",
    "quote": "closed an unbalanced quotation mark",
    "paren": "fixed unbalanced parentheses",
    "bracket": "ignored a bracket that was not a date range",
    "operator": "ignored a misplaced AND/OR/NOT",
    "field": "searched unknown field names as words",
    "colon": "ignored a stray colon",
    "wildcard": f"a prefix search needs {MIN_PREFIX_CHARS} letters before *",
    "negative": "a query with only excluded words matches nothing; add a word to search for",
    "empty": "nothing searchable in the query",
    "fallback": "the query could not be understood; searched its words instead",
    "date": "ignored a date it could not read (use 2012, 2012-06, 2012-06-03, >2012, [2010 to 2012])",
}

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "\t": " ", "\n": " ", "\r": " "})
# A chunk of query text: a quoted phrase, a [range]/{range}, a paren, or a run of other characters.
_CHUNK_RE = re.compile(r'"[^"]*"?|\[[^\]\[{}]*\]|\{[^\]\[{}]*\}|[()]|[^\s()"\[\]{}]+|[\[\]{}]')
_FIELD_RE = re.compile(r"^([^\W\d_][\w]*):(.*)$", re.S)


# --- dates ----------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_RANGE_RE = re.compile(r"^[\[{]\s*(.*?)\s*(?:\bto\b|\.\.)\s*(.*?)\s*[\]}]$", re.I)


@dataclass
class DateFilter:
    """published in [start, end) (None = open); negated for NOT/-."""

    start: dt.datetime | None
    end: dt.datetime | None
    negated: bool = False

    def query(self) -> wq.Query:
        end = self.end - dt.timedelta(microseconds=1) if self.end else None
        q = wq.DateRange("published", self.start, end)
        return wq.Not(q) if self.negated else q


def _period(text: str) -> tuple[dt.datetime, dt.datetime] | None:
    """[start, end) of "2012", "2012-06" or "2012-06-03"."""
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return dt.datetime(year, 1, 1), dt.datetime(year + 1, 1, 1)
        month = int(month)
        if day is None:
            start = dt.datetime(year, month, 1)
            return start, (dt.datetime(year + 1, 1, 1) if month == 12 else dt.datetime(year, month + 1, 1))
        start = dt.datetime(year, month, int(day))
        return start, start + dt.timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def parse_date_filter(text: str) -> DateFilter | None:
    """2012 | 2012-06 | 2012-06-03 | >X >=X <X <=X | [A to B] (either side may be empty)."""
    text = text.strip()
    m = _RANGE_RE.match(text)
    if m:
        a, b = m.group(1), m.group(2)
        pa = _period(a) if a else None
        pb = _period(b) if b else None
        if (a and pa is None) or (b and pb is None) or not (pa or pb):
            return None
        return DateFilter(pa[0] if pa else None, pb[1] if pb else None)
    for op in (">=", "<=", ">", "<"):
        if text.startswith(op):
            p = _period(text[len(op):])
            if p is None:
                return None
            return {
                ">=": DateFilter(p[0], None),
                ">": DateFilter(p[1], None),
                "<=": DateFilter(None, p[1]),
                "<": DateFilter(None, p[0]),
            }[op]
    p = _period(text)
    return DateFilter(p[0], p[1]) if p else None


# --- repair ---------------------------------------------------------------------


def repair(text: str, dates: list[DateFilter] | None = None) -> tuple[str, list[str]]:
    """Make ``text`` well-formed for the Whoosh parser; list what was changed.

    Date clauses (date:..., published:...) are taken out into ``dates`` and
    applied as filters, since Whoosh's own date grammar misreads "2012-06".
    """
    if dates is None:
        dates = []
    notes: list[str] = []
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub(" ", text)
        notes.append("control")
    text = text.translate(_SMART_QUOTES)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append("long")

    chunks = _CHUNK_RE.findall(text)
    out: list[str] = []
    pending_field: str | None = None
    for chunk in chunks:
        if chunk.startswith('"'):
            if len(chunk) == 1 or not chunk.endswith('"'):
                chunk = (chunk + '"') if len(chunk) > 1 else ""
                if "quote" not in notes:
                    notes.append("quote")
            inner = chunk[1:-1].replace("\\", " ").strip()
            if not WORD_RE.search(inner):
                continue
            chunk = '"' + inner + '"'
            if pending_field:
                chunk = pending_field + ":" + chunk
                pending_field = None
            out.append(chunk)
            continue
        if chunk[0] in "[{" and len(chunk) > 1:
            if pending_field == "published":
                _add_date(chunk, False, dates, notes)
                pending_field = None
            elif pending_field:
                out.append(pending_field + ":" + chunk)
                pending_field = None
            else:
                notes.append("bracket")
                out.extend(_plain_words(chunk))
            continue
        if chunk in ("[", "]", "{", "}"):
            notes.append("bracket")
            continue
        if pending_field:
            # "title: word" -> "title:word"
            if chunk not in ("(", ")") and chunk not in OPERATORS:
                chunk = pending_field + ":" + chunk
                pending_field = None
            else:
                pending_field = None
                notes.append("colon")
        if chunk in ("(", ")") or chunk in OPERATORS:
            out.append(chunk)
            continue
        for piece in _repair_word(chunk, notes):
            date = re.match(r"^(NOT )?published:(.*)$", piece)
            if date:
                if date.group(2):
                    _add_date(date.group(2), bool(date.group(1)), dates, notes)
                else:
                    pending_field = "published"
                continue
            if piece.endswith(":") and piece[:-1] in FIELD_ALIASES:
                pending_field = piece[:-1]
            else:
                out.append(piece)
    if pending_field:
        notes.append("colon")

    out = _fix_parens(out, notes)
    out = _fix_operators(out, notes)
    words = [c for c in out if c not in OPERATORS and c not in ("(", ")")]
    if len(words) > MAX_QUERY_WORDS:
        notes.append("words")
        out = _truncate_words(out, MAX_QUERY_WORDS)
        out = _fix_parens(out, [])
        out = _fix_operators(out, [])
    return " ".join(out), _dedupe(notes)


def _add_date(text: str, negated: bool, dates: list[DateFilter], notes: list[str]) -> None:
    found = parse_date_filter(text)
    if found is None:
        notes.append("date")
        return
    found.negated = negated
    dates.append(found)


def _plain_words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _repair_word(chunk: str, notes: list[str]) -> list[str]:
    """Repair one whitespace-free chunk: fields, colons, wildcards, +/- prefixes."""
    prefix = ""
    if chunk[0] in "+-" and len(chunk) > 1:
        prefix = "NOT " if chunk[0] == "-" else ""
        chunk = chunk.lstrip("+-")
    elif chunk in ("+", "-"):
        notes.append("operator")
        return []
    m = _FIELD_RE.match(chunk)
    if m:
        name, rest = m.group(1).lower(), m.group(2)
        if name in MARK_FIELDS and not rest.strip(":"):
            # "label:" with nothing after it (still being typed): split_marks takes only
            # mark clauses with a value, and the name is no word to search for.
            notes.append("colon")
            return []
        if name not in FIELD_ALIASES:
            notes.append("field")
            return _words_with_prefix(prefix, _plain_value(chunk.replace(":", " "), notes))
        name = FIELD_ALIASES[name]
        if not rest:
            return [prefix + name + ":"] if not prefix else [name + ":"]
        if ":" in rest:
            notes.append("colon")
        if name == "published":
            return [prefix + name + ":" + rest]
        value = _plain_value(rest.replace(":", " "), notes)
        if not value:
            return []
        return [prefix + name + ":" + value[0]] + value[1:]
    if ":" in chunk:
        notes.append("colon")
        return _words_with_prefix(prefix, _plain_value(chunk.replace(":", " "), notes))
    return _words_with_prefix(prefix, _plain_value(chunk, notes))


def _words_with_prefix(prefix: str, words: list[str]) -> list[str]:
    if prefix and words:
        return [prefix + words[0]] + words[1:]
    return words


def _plain_value(text: str, notes: list[str]) -> list[str]:
    """Words of ``text``; a trailing * on a word of enough letters stays a prefix."""
    words: list[str] = []
    for piece in text.split():
        star = piece.rstrip("?!.,;").endswith("*")
        found = WORD_RE.findall(piece)
        if not found:
            if "*" in piece:
                notes.append("wildcard")
            continue
        if star:
            last = found[-1]
            if len(last) >= MIN_PREFIX_CHARS:
                found[-1] = last + "*"
            else:
                notes.append("wildcard")
        elif "*" in piece or "?" in piece.rstrip("?"):
            # Wildcards inside a word: search the pieces as words.
            notes.append("wildcard") if "*" in piece else None
        words.extend(found)
    return words


def _fix_parens(chunks: list[str], notes: list[str]) -> list[str]:
    out: list[str] = []
    depth = 0
    changed = False
    for chunk in chunks:
        if chunk == "(":
            depth += 1
        elif chunk == ")":
            if depth == 0:
                changed = True
                continue
            depth -= 1
            if out and out[-1] == "(":
                out.pop()  # "()" says nothing
                continue
        out.append(chunk)
    if depth:
        changed = True
        out.extend([")"] * depth)
    if changed:
        notes.append("paren")
    return out


def _fix_operators(chunks: list[str], notes: list[str]) -> list[str]:
    """Drop operators with nothing to operate on (leading AND, trailing NOT, AND OR...)."""
    out: list[str] = []
    changed = False
    for chunk in chunks:
        if chunk in BINARY_OPERATORS:
            if not out or out[-1] in OPERATORS or out[-1] == "(":
                changed = True
                continue
        elif chunk == "NOT":
            if out and out[-1] == "NOT":
                out.pop()  # NOT NOT x == x
                changed = True
                continue
        elif chunk == ")":
            while out and out[-1] in OPERATORS:
                out.pop()
                changed = True
            if out and out[-1] == "(":
                out.pop()
                changed = True
                continue
        out.append(chunk)
    while out and out[-1] in OPERATORS:
        out.pop()
        changed = True
    if changed:
        notes.append("operator")
    return _fix_parens(out, notes) if changed else out


def _truncate_words(chunks: list[str], limit: int) -> list[str]:
    out: list[str] = []
    seen = 0
    for chunk in chunks:
        if chunk not in OPERATORS and chunk not in ("(", ")"):
            seen += 1
            if seen > limit:
                break
        out.append(chunk)
    return out


def _dedupe(notes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(notes))
