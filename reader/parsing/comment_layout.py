"""How a plain-text comment section is laid out: bare name lines, which way
signatures face, subject lines above them.

Both the section finder (``comment_section``) and the thread builder
(``comment_thread``) read the layout with these.
"""

from __future__ import annotations

import re

from reader.parsing import comment_cues as cues
from reader.parsing.comment_lines import (
    BLANK,
    NAME,
    SIGNATURE,
    TEXT,
    Line,
    looks_like_name,
)

_NAME_PREFIX_RE = re.compile(cues.NAME_LINE_PREFIX, re.IGNORECASE)

#: Text after a thread's last signature, at most, for signatures that close comments.
TAIL_MAX_TRAILING_WORDS = 3
#: A bare name line (a commenter's heading in sparse layouts) has at most this many words.
BARE_NAME_WORDS = 4
#: Subject lines right above signatures: at most this long, on this share of comments.
SUBJECT_MAX_WORDS = 12
TITLED_SHARE = 0.5
MIN_TITLED = 2


def bare_name(c: Line) -> str | None:
    """The name on a line holding only a name (optionally after the commenter's web address)."""
    if c.kind != TEXT:
        return None
    t = _NAME_PREFIX_RE.sub("", c.text).strip()
    words = t.split()
    if not words or len(words) > BARE_NAME_WORDS or not looks_like_name(t):
        return None
    if t.endswith(".") and not re.search(r"\b[A-Z]\.$", t):
        return None
    if words[0][0].isdigit() or re.search(r",\s*\d", t):
        return None  # "10th League One", "Sahar Khoga, 52": a table row, a caption
    if len(words) > 1 and not (
        all(w[0].isupper() or not w[0].isalpha() for w in (words[0], words[-1]))
        and all(w[0].isupper() or not w[0].isalpha() or w in cues.NAME_CONNECTORS for w in words[1:-1])
    ):
        return None
    if not t[0].isalpha() or any(ch in cues.SENTENCE_MARKS for ch in t):
        return None  # "$139.00", a sentence in a language without spaces
    letters = [ch for ch in t if ch.isalpha()]
    if len(letters) >= cues.CAPS_HEADING_LETTERS and all(ch.isupper() for ch in letters):
        return None  # "BOYS SOCCER", "TIP-INS": a heading set in capitals
    return t


def name_lines(cls: list[Line]) -> list[Line]:
    """Bare name lines followed by text: the commenter headings of sparse layouts."""
    out = []
    n = len(cls)
    for i, c in enumerate(cls):
        name = bare_name(c)
        if name is None:
            continue
        j = i + 1
        while j < n and cls[j].kind == BLANK:
            j += 1
        if j < n and cls[j].kind == TEXT and bare_name(cls[j]) is None:
            out.append(c)
    return out


def orientation(cls: list[Line], start: int, end: int) -> str:
    """"head" when signatures open their comments, "tail" when they close them.

    The thread decides: a thread whose last signature has no text after it
    closes its comments with signatures ("text / by Name on DATE").
    Signatures that always open a comment ("Name says:") settle it at once.
    """
    sigs = [c for c in cls[start:end] if c.kind in (SIGNATURE, NAME)]
    if not sigs:
        return "head"
    if sigs[0].fixed_head:
        return "head"
    last = sigs[-1]
    after = sum(c.words for c in cls[last.index + 1 : end] if c.kind == TEXT)
    return "tail" if after < TAIL_MAX_TRAILING_WORDS else "head"


def is_title_above(cls: list[Line], sig: Line) -> bool:
    i = sig.index - 1
    if i < 0 or cls[i].kind != TEXT or not 0 < cls[i].words <= SUBJECT_MAX_WORDS:
        return False
    return i == 0 or cls[i - 1].kind == BLANK  # a subject stands apart from the text above


def titled_layout(cls: list[Line], sigs: list[Line]) -> bool:
    """Whether comments carry a subject line right above their signature (Slashdot)."""
    heads = [c for c in sigs if c.kind == SIGNATURE and c.date is not None]
    if len(heads) < MIN_TITLED:
        return False
    titled = sum(1 for c in heads if is_title_above(cls, c))
    return titled >= MIN_TITLED and titled >= TITLED_SHARE * len(heads)
