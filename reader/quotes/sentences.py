"""Sentence boundaries outside quotes.

Attribution looks for cues in the sentence around a quote, so the text is
first *masked*: every quoted span is blanked (same length, offsets kept), so
full stops and speech verbs inside the quote cannot end the sentence or pose
as the attribution. Abbreviations ("Mr.", "U.S.") and initials do not end a
sentence.
"""

from __future__ import annotations

import bisect
import re

from reader.quotes import cues
from reader.quotes.finder import Paragraph, QuoteSpan

MASK = "\x00"

#: A sentence end: the mark, closing brackets/quotes, then space; the next
#: sentence starts where the match ends.
_END_RE = re.compile(r"([.!?])[)’'\"”]*\s+")
_WORD_BEFORE_RE = re.compile(r"([\w.’'\-]+)$")


def mask(body: str, spans: list[QuoteSpan]) -> str:
    parts: list[str] = []
    pos = 0
    for s in sorted(spans, key=lambda s: s.start):
        if s.start < pos:
            continue
        parts.append(body[pos : s.start])
        parts.append(MASK * (s.end - s.start))
        pos = s.end
    parts.append(body[pos:])
    return "".join(parts)


def _is_abbreviation(text: str, pos: int) -> bool:
    """Whether the full stop at ``pos`` closes an abbreviation or initial."""
    start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos), text.rfind("(", 0, pos)) + 1
    word = text[start : pos + 1].lstrip("\"“‘'([\x00")
    if len(word) > 12:
        return False
    if word.lower() in cues.ABBREVIATIONS:
        return True
    core = word.rstrip(".")
    if len(core) == 1 and core.isupper():
        return True  # an initial: "George W. Bush"
    if re.fullmatch(r"(?:[A-Za-z]\.)+", word):
        return True  # "U.S.", "a.m."
    return False


class Sentences:
    """Sentence start offsets for a masked body, searchable by position."""

    def __init__(self, masked: str, body: str, paras: list[Paragraph], spans: list[QuoteSpan]) -> None:
        starts: set[int] = {p.start for p in paras}
        self._masked = masked
        self._paras = paras
        self._para_starts = [p.start for p in paras]
        self._para_ends = sorted(p.end for p in paras)
        # Only sentences near quotes are asked for at first: paragraphs holding
        # a quote and the paragraph before each (a colon intro, an announcing
        # sentence); ``start_anywhere`` splits others when a pronoun looks back.
        wanted = {s.paragraph for s in spans}
        wanted |= {i - 1 for i in wanted if i > 0}
        self._split = set(wanted)
        for para in paras:
            if para.index in wanted:
                starts.update(self._split_paragraph(para))
        for s in spans:
            if s.close_mark is None or body[s.end - 1] not in ".!?":
                continue
            j = s.close_mark + 1
            while j < len(body) and body[j] in " \t":
                j += 1
            if j >= len(body) or body[j] == "\n":
                continue
            if body[j] in cues.OPEN_DOUBLE or body[j] == '"' or (body[s.end - 1] == "." and body[j].isupper()):
                starts.add(j)
        self._starts = sorted(starts)

    def _split_paragraph(self, para: Paragraph) -> list[int]:
        text = self._masked[para.start : para.end]
        out = []
        for m in _END_RE.finditer(text):
            j = m.end()
            nxt = text[j] if j < len(text) else ""
            if not (nxt.isupper() or nxt.isdigit() or nxt in cues.DOUBLE_MARKS or nxt in "‘("):
                continue
            if m.group(1) == "." and _is_abbreviation(text, m.start(1)):
                continue
            out.append(para.start + j)
        return out

    def start_anywhere(self, pos: int) -> int:
        """``start`` for any position, splitting its paragraph first if no
        quote is near it (pronoun resolution looks back that far)."""
        k = bisect.bisect_right(self._para_starts, pos) - 1
        if k >= 0 and self._paras[k].index not in self._split:
            self._split.add(self._paras[k].index)
            for j in self._split_paragraph(self._paras[k]):
                bisect.insort(self._starts, j)
        return self.start(pos)

    def start(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._starts[i] if i >= 0 else 0

    def end(self, pos: int) -> int:
        """End of the sentence holding ``pos`` (next sentence start or paragraph end)."""
        i = bisect.bisect_right(self._starts, pos)
        nxt = self._starts[i] if i < len(self._starts) else None
        k = bisect.bisect_right(self._para_ends, pos)
        pend = self._para_ends[k] if k < len(self._para_ends) else None
        cands = [x for x in (nxt, pend) if x is not None]
        return min(cands) if cands else pos
