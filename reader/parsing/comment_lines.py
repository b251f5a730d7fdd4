"""What each line of a plain-text comment section is: signature, date, header, furniture, text.

The first stage of reading comments (``reader.parsing.comments`` does the
rest): every line is classified from its own text with the cue tables of
``reader.parsing.comment_cues``. A signature line carries the commenter's
name and often the date ("Peter says:", "by james on January 31, 2011 at
9:59 am", "Nathan 07.16.12 at 21:35"); a date line only the date; a name
line a numbered commenter ("3. ZacUSA"). Classification depends on the text
alone, so it is cached.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from reader.parsing import comment_cues as cues

_I = re.IGNORECASE
DATE_RE = re.compile("|".join(f"(?:{p})" for p in cues.DATE_PATTERNS), _I)
_RELATIVE_RE = re.compile(cues.RELATIVE_TIME, _I)
_CLOCK_ONLY_RE = re.compile(cues.CLOCK_ONLY, _I)
_NOISE_RES = tuple(re.compile(p, _I) for p in cues.SIGNATURE_NOISE)
_HEAD_RES = tuple(re.compile(p, _I) for p in cues.HEAD_SIGNATURES)
_HEAD_BARE_RES = tuple(re.compile(p, _I) for p in cues.HEAD_SIGNATURES_BARE)
_BY_RE = re.compile(cues.BY_SIGNATURE, _I)
_USER_ID_RE = re.compile(cues.USER_ID_AUTHOR, _I)
_NUMBERED_RE = re.compile(cues.NUMBERED_AUTHOR)
_FURNITURE_RE = re.compile("|".join(f"(?:{p})" for p in cues.FURNITURE), _I)
_FURNITURE_LONG_RE = re.compile("|".join(f"(?:{p})" for p in cues.FURNITURE_ANY_LENGTH), _I)
_HEADER_ANY_RE = re.compile("|".join(f"(?:{p})" for p in cues.SECTION_HEADERS).replace("?P<count>", ""), _I)
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_LIST_ITEM_RE = re.compile(cues.LIST_ITEM)
_DATELINE_RE = re.compile(cues.ARTICLE_DATELINE, _I)
_LABEL_RE = re.compile("|".join(f"(?:{p})" for p in cues.PAGE_LABELS), _I)

CLOCK_RE = re.compile(r"\(?\s*" + cues.CLOCK + cues.ZONE + r"\s*\)?", _I)

#: Limits that keep a "signature" from swallowing a sentence.
MAX_SIGNATURE_CHARS = 160
MAX_AUTHOR_WORDS = 7
MAX_AUTHOR_CHARS = 70
#: Numbered list entries are clearly names, so longer (keyword-stuffed) ones still count.
NUMBERED_AUTHOR_WORDS = 12
#: Distinct lines whose classification is remembered. Enough for the two passes
#: over one long page; each entry keeps its whole line (~600 bytes with the
#: entry), so 65,536 of them grew a long-running window by ~40 MB.
CLASSIFY_CACHE_SIZE = 8192

# Line kinds
BLANK, TEXT, HEADER, FURNITURE, SIGNATURE, DATE, NAME = (
    "blank", "text", "header", "furniture", "signature", "date", "name",
)  # fmt: skip


@dataclass
class Line:
    """One line of the page and what it is; ``author``/``date`` as printed, for signatures."""

    index: int
    raw: str
    text: str
    indent: int
    kind: str = TEXT
    author: str | None = None
    date: str | None = None  # the printed date, as on the page
    fixed_head: bool = False  # a signature that always opens its comment ("says:")
    by_line: bool = False  # "by X on DATE": heads or closes, as the thread decides

    @property
    def words(self) -> int:
        return len(_WORD_RE.findall(self.text))


# --- Line classification ----------------------------------------------------


def _indent_of(raw: str) -> int:
    expanded = raw.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _is_header(text: str) -> bool:
    if len(text) > 140:
        return False
    return _HEADER_ANY_RE.match(text) is not None


def _is_furniture(text: str) -> bool:
    low = text.strip().lower()
    if not low:
        return False
    if len(low) <= 200 and (_FURNITURE_RE.search(low) or _LABEL_RE.match(low)):
        return True
    if _FURNITURE_LONG_RE.search(low):
        return True
    hits = sum(1 for p in cues.POLICY_PHRASES if p in low)
    return hits >= 2


#: "(Ottawa)", "(New York)" after a commenter's name: where they write from.
_NAME_PLACE_RE = re.compile(r"(?<=\S)\s+\((?:[A-Z][\w.'-]*)(?:\s+[A-Z][\w.'-]*){0,2}\)$")


def looks_like_name(text: str, *, max_words: int = MAX_AUTHOR_WORDS) -> bool:
    """A short line that can be a person's or handle's name, not a sentence.

    A place in brackets after the name ("J-F (Ottawa)") is allowed.
    """
    t = _NAME_PLACE_RE.sub("", text.strip())
    if not t or len(t) > MAX_AUTHOR_CHARS:
        return False
    words = t.split()
    if len(words) > max_words:
        return False
    if re.search(r"\w:(?:\s|$)", t) or "(" in t or ")" in t or t[-1] in "!?;,":
        return False  # "Filed under: Assad", "(version 5.3)", a sentence
    if t.endswith(".") and len(words[-1]) > 3 and not words[-1][:-1].isupper():
        return False  # a sentence, not "Helen K." or "Jr."
    if t[0] in "\"“‘'([-–—*•>" or t.lower().startswith(("http", "www.")):
        return False
    if _WORD_RE.search(t) is None or words[0] in cues.NOT_NAME_FIRST_WORDS:
        return False
    if len(words) >= 3 and (
        words[-1].lower() in cues.NOT_NAME_LAST_WORDS or (words[0] == "I" and words[1][:1].islower())
    ):
        return False  # "I totally agree with Catherine who": a sentence
    return True


def _written_like_a_name(text: str) -> bool:
    words = text.split()
    return len(words) == 1 or all(w[0].isupper() or not w[0].isalpha() for w in words)


def _strip_noise(text: str) -> str:
    out = text
    for _ in range(2):
        for r in _NOISE_RES:
            out = r.sub(" ", out).strip()
    return out.strip(" \t|/•·,-–—:()[]")


def _date_span(text: str) -> tuple[int, int] | None:
    m = DATE_RE.search(text)
    if m is None:
        m = _RELATIVE_RE.search(text)
    return (m.start(), m.end()) if m else None


def _classify(index: int, raw: str) -> Line:
    kind, author, date, fixed_head, by_line = _classify_raw(raw)
    return Line(
        index=index,
        raw=raw,
        text=raw.strip(),
        indent=_indent_of(raw),
        kind=kind,
        author=author,
        date=date,
        fixed_head=fixed_head,
        by_line=by_line,
    )


@functools.lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _classify_raw(raw: str) -> tuple[str, str | None, str | None, bool, bool]:
    """What a line is, from its text alone (cached: the pipeline asks twice per line)."""
    line = _classify_text(raw)
    return line.kind, line.author, line.date, line.fixed_head, line.by_line


def _classify_text(raw: str) -> Line:
    text = raw.strip()
    line = Line(index=0, raw=raw, text=text, indent=0)
    if not text:
        line.kind = BLANK
        return line
    if _is_header(text):
        line.kind = HEADER
        return line
    if _is_furniture(text):
        line.kind = FURNITURE
        return line
    if len(text) > MAX_SIGNATURE_CHARS or _LIST_ITEM_RE.match(text) or _DATELINE_RE.search(text):
        return line
    for r in _HEAD_RES:
        m = r.match(text)
        if m:
            author = m.group("author")
            date = m.groupdict().get("date")
            if date is not None and _date_span(date) is None:
                continue
            span = None if date else _date_span(author)
            if span:  # "11. Jul, 2012 / Name says:", "On DATE Name said:"
                date = author[span[0] : span[1]]
                author = author[: span[0]] + " " + author[span[1] :]
            author = _strip_noise(author)
            if author and looks_like_name(author):
                line.kind, line.author, line.date, line.fixed_head = SIGNATURE, author, date, True
                return line
    for r in _HEAD_BARE_RES:
        m = r.match(text)
        if m:
            author = _strip_noise(m.group("author"))
            if author and looks_like_name(author) and _written_like_a_name(author):
                line.kind, line.author, line.fixed_head = SIGNATURE, author, True
                return line
    m = _BY_RE.match(text)
    if m:
        rest = m.group("rest")
        span = _date_span(rest)
        if span is not None:
            author = _strip_noise(rest[: span[0]])
            date = rest[span[0] :]
            if author and looks_like_name(author):
                line.kind, line.author, line.date, line.by_line = SIGNATURE, author, date, True
                return line
            if not author or len(author.split()) > MAX_AUTHOR_WORDS:  # "by <page title> on DATE": a pingback
                line.kind = FURNITURE if author else TEXT
                return line
        elif text.lower().startswith(("posted", "written", "submitted", "comment")):
            author = _strip_noise(rest)
            if author and looks_like_name(author):
                line.kind, line.author, line.by_line = SIGNATURE, author, True
                return line
    span = _date_span(text)
    if span is not None:
        rest = CLOCK_RE.sub(" ", text[: span[0]] + " " + text[span[1] :])
        rest = re.sub(r"\s+", " ", _strip_noise(rest))
        if all(w.lower() in cues.NOT_NAME_FIRST_WORDS for w in rest.split()):  # "On DATE"
            line.kind, line.date = DATE, text[span[0] : span[1]]
            return line
        alpha = [w for w in rest.split() if any(ch.isalpha() for ch in w)]
        if alpha and looks_like_name(rest) and len(alpha) <= MAX_AUTHOR_WORDS - 2 and alpha[0].lower() not in cues.NOT_NAME_FIRST_WORDS:
            line.kind, line.author, line.date = SIGNATURE, rest, text[span[0] : span[1]]
            return line
        return line
    if _CLOCK_ONLY_RE.match(text):
        line.kind, line.date = DATE, text
        return line
    m = _USER_ID_RE.match(text)
    if m and text[-1] not in ",;:" and looks_like_name(_strip_noise(m.group("author"))):
        line.kind, line.author, line.by_line = SIGNATURE, _strip_noise(m.group("author")), True
        line.fixed_head = True
        return line
    m = _NUMBERED_RE.match(text)
    if m and looks_like_name(m.group("author"), max_words=NUMBERED_AUTHOR_WORDS):
        line.kind, line.author, line.fixed_head = NAME, m.group("author").strip(), True
        return line
    return line


def classify_lines(lines: list[str]) -> list[Line]:
    """Every line with its kind, in order (``Line.index`` is the position in ``lines``)."""
    return [_classify(i, raw) for i, raw in enumerate(lines)]


