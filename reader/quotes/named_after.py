"""Step 2b: a quote whose speaker is named after it, in the next sentence.

A quote that is a sentence of its own may be claimed by the sentence after
it, in words that point back at it: "Those were the words of X", "The remark
came from X", "X made the promise ...", "So said X", "That is what X told the
crowd". A plain "X said the state ..." after a quote may be someone else's
turn and is not taken. The words are tables in ``cues.py``.
"""

from __future__ import annotations

import re

from reader.quotes import cues
from reader.quotes.attribution import (
    _CLAUSE_PUNCT_RE,
    MAX_FRAME,
    Attribution,
    Attributor,
    _finite,
    _first_words_ok,
    _opening_lowered,
    _phrase_after,
)
from reader.quotes.finder import QuoteSpan
from reader.quotes.names import SpeakerRef, parse_phrase
from reader.quotes.scanner import CUES

#: "the words of X", "the remark came from X": the speaker follows.
_NOUN_OF_RE = re.compile(
    r"\b(?:" + "|".join(cues.SPEECH_NOUNS) + r")\s+(?:came\s+|come\s+)?(?:of|from|by)\s+(?=\S)", re.IGNORECASE
)
#: "X made the promise": the speaker is the subject.
_NOUN_MADE_RE = re.compile(
    r"\b(?:"
    + "|".join(cues.SPEECH_NOUN_VERBS)
    + r")\s+(?:the|that|this|those|these|his|her|their)\s+(?:"
    + "|".join(cues.SPEECH_NOUNS)
    + r")\b",
    re.IGNORECASE,
)

#: A sentence opening that points back at the quote before it: "That is what
#: X said", "This is how X put it"; "So said X", "Thus spoke X" (group 1).
_POINTS_BACK_RE = re.compile(
    r"\s*(?:(?:that|this|such)(?:’s|'s|\s+is|\s+was|\s+are|\s+were)?\s+(?:what|how)\s+|((?:so|thus)\s+))",
    re.IGNORECASE,
)


def following_sentence(att: Attributor, span: QuoteSpan) -> Attribution | None:
    """The speaker of a quote that is a sentence of its own, named by the
    next sentence of its paragraph when that one quotes nothing itself."""
    if span.close_mark is None:
        return None
    t0 = span.close_mark + 1
    s1 = att.sents.end(t0)
    if att.masked[t0:s1].strip(" \t.!?,") or s1 >= att.paras[span.paragraph].end:
        return None  # the quote's sentence goes on, or the paragraph ends
    s2 = min(att.sents.end(s1), s1 + MAX_FRAME)
    region = att.masked[s1:s2]
    if "\x00" in region:
        return None  # that sentence has its own quote
    ref, pos = _named_in(att, region, s1, s2)
    if ref is None or ref.kind != "name":
        return None
    return Attribution(ref, "context", pos)


def _named_in(att: Attributor, region: str, s1: int, s2: int) -> tuple[SpeakerRef | None, int]:
    """The speaker a sentence names by words pointing back (``following_sentence``)."""
    low = region.lower()
    if not any(n in low for n in cues.SPEECH_NOUNS):
        noun = made = None  # the common case, without running the two searches
    else:
        noun = _NOUN_OF_RE.search(region)
        made = _NOUN_MADE_RE.search(region) if noun is None else None
    if noun is not None:
        phrase, pos = _phrase_after(att.masked, s1 + noun.end(), s2)
        return parse_phrase(phrase), pos
    if made is not None:
        return att.subject_of(made, s1, s1), s1 + made.start()
    back = _POINTS_BACK_RE.match(region)
    if back is None:
        return None, s1
    for m in CUES.scan(_opening_lowered(region), cues.SPEECH_ONLY):
        if m.start() < back.end() or not _finite(region, m):
            continue
        if _CLAUSE_PUNCT_RE.search(region[: m.start()]):
            break
        if back.group(1) is None:  # "That is what Quill said"
            return att.subject_of(m, s1, s1), s1 + m.start()
        if m.start() == back.end() and m.group().lower() not in cues.OBJECT_VERBS:  # "So said Quill"
            phrase, pos = _phrase_after(att.masked, s1 + m.end(), s2)
            return (parse_phrase(phrase) if _first_words_ok(phrase) else None), pos
        break
    return None, s1
