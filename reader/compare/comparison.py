"""Two articles -> what they share and where they differ (``Comparison``).

Passages come from ``reader.compare.passages``; quotes are paired with the
library's cross-article quote matching (``reader.quotes.matching``: the same
words after folding marks and case, trimmed or with a changed word), and a
pair whose wording differs beyond trimming is "worded differently". Figures
(numbers, years, dates) are compared inside each reworded pair of passages:
a figure one side gives and the other replaces is a disagreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reader.compare.passages import SharedPassage, align
from reader.model import Article, Quote
from reader.quotes import matching

#: Numbers as written: "1,200", "3.5", "25", "2012"; with an optional unit word kept apart.
_NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
#: "twenty-five", "forty", "seven": number words as pages spell them.
_NUMBER_WORD_RE = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")(?:[-\s](" + "|".join(list(_UNITS)[:9]) + r"))?|("
    + "|".join(_UNITS) + r"))\b", re.I)


@dataclass(frozen=True)
class QuoteEntry:
    """A quote in the comparison: where it is in A and/or B, and who said it."""

    text: str
    speaker: str | None
    a: tuple[int, int] | None = None
    b: tuple[int, int] | None = None
    text_b: str | None = None  # B's wording, when both quote it
    speaker_b: str | None = None
    worded_differently: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "speaker": self.speaker}
        if self.a is not None:
            d["a"] = list(self.a)
        if self.b is not None:
            d["b"] = list(self.b)
        if self.a is not None and self.b is not None:
            d["text_b"] = self.text_b
            d["speaker_b"] = self.speaker_b
            d["worded_differently"] = self.worded_differently
        return d


@dataclass(frozen=True)
class FigureConflict:
    """A number or date one article gives where the other, in the aligned passage, gives another."""

    a: tuple[int, int]
    b: tuple[int, int]
    a_text: str
    b_text: str

    def to_dict(self) -> dict[str, Any]:
        return {"a": list(self.a), "b": list(self.b), "a_text": self.a_text,
                "b_text": self.b_text}


@dataclass
class Comparison:
    """The comparison of article A with article B (offsets index each body)."""

    a: int | None
    b: int | None
    shared: list[SharedPassage] = field(default_factory=list)
    only_a: list[tuple[int, int]] = field(default_factory=list)
    only_b: list[tuple[int, int]] = field(default_factory=list)
    quotes_both: list[QuoteEntry] = field(default_factory=list)
    quotes_only_a: list[QuoteEntry] = field(default_factory=list)
    quotes_only_b: list[QuoteEntry] = field(default_factory=list)
    figures: list[FigureConflict] = field(default_factory=list)

    @property
    def quotes_worded_differently(self) -> list[QuoteEntry]:
        return [q for q in self.quotes_both if q.worded_differently]

    def to_dict(self) -> dict[str, Any]:
        """The ``compare --json`` object (the issue 14 contract, plus "figures")."""
        return {
            "a": self.a,
            "b": self.b,
            "shared": [p.to_dict() for p in self.shared],
            "only_a": [list(s) for s in self.only_a],
            "only_b": [list(s) for s in self.only_b],
            "quotes": {
                "both": [q.to_dict() for q in self.quotes_both],
                "only_a": [q.to_dict() for q in self.quotes_only_a],
                "only_b": [q.to_dict() for q in self.quotes_only_b],
            },
            "figures": [f.to_dict() for f in self.figures],
        }


def compare_articles(a: Article, b: Article, *, a_id: int | None = None,
                     b_id: int | None = None) -> Comparison:
    """Align the bodies of ``a`` and ``b`` and split their quotes and figures."""
    shared, only_a, only_b = align(a.body, b.body)
    both, qa, qb = split_quotes(a.quotes, b.quotes)
    return Comparison(
        a=a_id, b=b_id, shared=shared, only_a=only_a, only_b=only_b,
        quotes_both=both, quotes_only_a=qa, quotes_only_b=qb,
        figures=figure_conflicts(a.body, b.body, shared),
    )


def split_quotes(qa: list[Quote], qb: list[Quote]
                 ) -> tuple[list[QuoteEntry], list[QuoteEntry], list[QuoteEntry]]:
    """(quoted by both, only in A, only in B), each in its article's order."""
    candidates: list[tuple[float, int, int]] = []
    for i, x in enumerate(qa):
        for j, y in enumerate(qb):
            c = matching.containment(x.text, y.text)
            if c >= matching.CONTAINMENT:
                candidates.append((c, i, j))
    candidates.sort(key=lambda t: (-t[0], t[1], t[2]))
    pair_of: dict[int, int] = {}
    taken_b: set[int] = set()
    for _c, i, j in candidates:
        if i not in pair_of and j not in taken_b:
            pair_of[i] = j
            taken_b.add(j)
    both = []
    for i, j in sorted(pair_of.items()):
        x, y = qa[i], qb[j]
        differs = matching.normalise(x.text) != matching.normalise(y.text) and not (
            matching.is_trimmed(x.text, y.text))
        both.append(QuoteEntry(text=x.text, speaker=x.speaker or y.speaker, a=(x.start, x.end),
                               b=(y.start, y.end), text_b=y.text, speaker_b=y.speaker,
                               worded_differently=differs))
    only_a = [QuoteEntry(text=x.text, speaker=x.speaker, a=(x.start, x.end))
              for i, x in enumerate(qa) if i not in pair_of]
    only_b = [QuoteEntry(text=y.text, speaker=y.speaker, b=(y.start, y.end))
              for j, y in enumerate(qb) if j not in taken_b]
    return both, only_a, only_b


def _figures(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(normalised value, start, end) of the numbers in text[start:end]."""
    out = []
    chunk = text[start:end]
    for m in _NUMBER_RE.finditer(chunk):
        out.append((m.group().replace(",", ""), start + m.start(), start + m.end()))
    for m in _NUMBER_WORD_RE.finditer(chunk):
        tens, unit, alone = (g.lower() if g else None for g in m.groups())
        value = _UNITS[alone] if alone else _TENS[tens or ""] + (_UNITS[unit] if unit else 0)
        out.append((str(value), start + m.start(), start + m.end()))
    out.sort(key=lambda f: f[1])
    return out


def figure_conflicts(text_a: str, text_b: str, shared: list[SharedPassage]
                     ) -> list[FigureConflict]:
    """Figures of reworded passages that the other side replaces with another figure."""
    out: list[FigureConflict] = []
    for p in shared:
        if p.kind != "reworded":
            continue
        fa = _figures(text_a, *p.a)
        fb = _figures(text_b, *p.b)
        va = {f[0] for f in fa}
        vb = {f[0] for f in fb}
        extra_a = [f for f in fa if f[0] not in vb]
        extra_b = [f for f in fb if f[0] not in va]
        # Pair them in order: the k-th figure A gives alone against the k-th B gives alone.
        for x, y in zip(extra_a, extra_b):
            out.append(FigureConflict((x[1], x[2]), (y[1], y[2]), text_a[x[1]:x[2]],
                                      text_b[y[1]:y[2]]))
    return out
