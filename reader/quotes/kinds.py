"""Step 4: tell speech from scare quotes and titles.

A quoted span is speech when the text ties it to a speaker firmly (a cue
right next to it) or when it reads like an utterance (several words, or
sentence punctuation). Short spans tied only loosely, or introduced by
"so-called"/"dubbed", are scare quotes; title-case spans after "book",
"show", a possessive ("NBC's") or "on" are titles. Neither gets a speaker.
"""

from __future__ import annotations

import re

from reader.quotes import cues
from reader.quotes.attribution import Attribution
from reader.quotes.finder import QuoteSpan

SPEECH = "speech"
SCARE = "scare"
TITLE = "title"

_WORD_RE = re.compile(r"[^\W_][\w’'\-]*")
_SCARE_RES = [re.compile(r"(?<![\w-])" + re.escape(c).replace(r"\ ", r"\s+") + r"\s*$", re.I) for c in cues.SCARE_CUES]
_TITLE_CUE_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in cues.TITLE_CUES) + r")(?:\s+[\w’'.\-]+){0,3}\s*$", re.I
)
_POSSESSIVE_RE = re.compile(r"[\w.]+(?:’s|'s)\s*$")


def _title_case(text: str) -> bool:
    words = _WORD_RE.findall(text)
    if not words:
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in cues.TITLE_SMALL_WORDS or w[0].isdigit() for w in words)


def classify(body: str, span: QuoteSpan, attribution: Attribution | None) -> str:
    text = body[span.start : span.end]
    words = _WORD_RE.findall(text)
    before = body[max(0, (span.open_mark or span.start) - 40) : span.open_mark or span.start]
    adjacent = attribution is not None and attribution.strength == "adjacent"
    utterance = bool(re.search(r"[.!?]\W*$|[.!?;]\s", text)) or len(words) >= 8
    if _title_case(text) and not adjacent and not re.search(r"[!?]\W*$", text) and len(words) < 12:
        # A slogan a speaker proclaims is theirs; a title names a work.
        if _TITLE_CUE_RE.search(before) or _POSSESSIVE_RE.search(before):
            return TITLE
        if attribution is None or attribution.ref is None or attribution.strength == "context":
            return TITLE
    if utterance or adjacent:
        return SPEECH
    if any(rx.search(before) for rx in _SCARE_RES):
        return SCARE
    if attribution is None or attribution.ref is None:
        return SCARE
    if attribution.strength == "context" and len(words) <= 4:
        return SCARE
    if len(words) <= 4 and attribution.ref.kind == "desc":
        # A few words loosely tied to an unnamed group ("U.S. officials said
        # they are planning for "the day after Assad"") are the writer's term.
        return SCARE
    return SPEECH
