"""Aligning the passages of two article bodies.

1. **Verbatim**: runs of at least ``MIN_VERBATIM_WORDS`` identical words
   (case and punctuation folded), found through an index of B's word
   n-grams and extended greedily; longest runs first, never overlapping.
2. **Reworded**: sentences still mostly uncovered on both sides are paired
   when their content words overlap enough (``REWORDED_MIN_SIMILARITY``,
   at least ``REWORDED_MIN_SHARED`` shared words), best pairs first.
3. **Only in A / only in B**: what remains uncovered, per paragraph, when it
   holds at least ``ONLY_MIN_WORDS`` words.

All offsets are character offsets into the bodies as given (``show --json``).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from reader.stories.features import STOPWORDS, fold

MIN_VERBATIM_WORDS = 8
REWORDED_MIN_SIMILARITY = 0.45
REWORDED_MIN_SHARED = 3
#: A sentence counts as covered when this share of its words lies in a shared passage.
COVERED_SHARE = 0.5
ONLY_MIN_WORDS = 3

_WORD_RE = re.compile(r"[^\W_]+(?:['’.,\-][^\W_]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?][)’'\"”]*\s+|\n\s*\n")
_ABBREV_RE = re.compile(r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Col|Lt|Sgt|U\.S|U\.N|No|vs|etc)\.$")


@dataclass(frozen=True)
class Word:
    key: str  # folded form for matching
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    first_word: int  # index into the word list
    last_word: int  # exclusive


@dataclass(frozen=True)
class SharedPassage:
    a: tuple[int, int]
    b: tuple[int, int]
    kind: str  # "verbatim" | "reworded"
    similarity: float = 1.0

    def to_dict(self) -> dict[str, object]:
        return {"a": list(self.a), "b": list(self.b), "kind": self.kind}


def words_of(text: str) -> list[Word]:
    return [Word(m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in _WORD_RE.finditer(text)]


def sentences_of(text: str, words: list[Word]) -> list[Sentence]:
    """Sentences (offsets and word ranges); abbreviations and initials do not end one."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if m.group()[0] == "." and _ABBREV_RE.search(text[max(0, m.start() - 5):m.start() + 1]):
            continue
        end = m.start() + (0 if m.group()[0] in "\n" else 1)
        if text[start:end].strip():
            bounds.append((start, end))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text.rstrip())))
    starts = [w.start for w in words]
    out = []
    for s, e in bounds:
        # trim leading whitespace
        while s < e and text[s].isspace():
            s += 1
        i, j = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        out.append(Sentence(s, e, i, j))
    return out


def _verbatim(wa: list[Word], wb: list[Word], n: int = MIN_VERBATIM_WORDS
              ) -> list[tuple[int, int, int, int]]:
    """Word ranges (a0, a1, b0, b1) of maximal identical runs of >= n words, non-overlapping."""
    ka = [w.key for w in wa]
    kb = [w.key for w in wb]
    if len(ka) < n or len(kb) < n:
        return []
    grams: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(kb) - n + 1):
        grams.setdefault(tuple(kb[j:j + n]), []).append(j)
    runs: list[tuple[int, int, int, int]] = []
    seen: set[tuple[int, int]] = set()  # (i - j diagonal, end) of runs already found
    i = 0
    while i <= len(ka) - n:
        hits = grams.get(tuple(ka[i:i + n]))
        if not hits:
            i += 1
            continue
        for j in hits:
            if i > 0 and j > 0 and ka[i - 1] == kb[j - 1]:
                continue  # inside a run that starts earlier
            e = n
            while i + e < len(ka) and j + e < len(kb) and ka[i + e] == kb[j + e]:
                e += 1
            if (i - j, i + e) not in seen:
                seen.add((i - j, i + e))
                runs.append((i, i + e, j, j + e))
        i += 1
    runs.sort(key=lambda r: (-(r[1] - r[0]), r[0], r[2]))
    used_a = [False] * len(ka)
    used_b = [False] * len(kb)
    chosen = []
    for a0, a1, b0, b1 in runs:
        # Trim the run to what neither side has used yet (keep it when still long enough).
        while a0 < a1 and (used_a[a0] or used_b[b0]):
            a0, b0 = a0 + 1, b0 + 1
        while a1 > a0 and (used_a[a1 - 1] or used_b[b1 - 1]):
            a1, b1 = a1 - 1, b1 - 1
        if a1 - a0 < n or any(used_a[a0:a1]) or any(used_b[b0:b1]):
            continue
        for k in range(a0, a1):
            used_a[k] = True
        for k in range(b0, b1):
            used_b[k] = True
        chosen.append((a0, a1, b0, b1))
    chosen.sort()
    return chosen


def _content(words: list[Word], s: Sentence) -> set[str]:
    out = set()
    for w in words[s.first_word:s.last_word]:
        k = fold(w.key)
        if len(k) > 2 and k not in STOPWORDS:
            out.add(k)
    return out


def _uncovered(sentences: list[Sentence], used: list[bool]) -> list[int]:
    out = []
    for i, s in enumerate(sentences):
        n = s.last_word - s.first_word
        if n and sum(used[s.first_word:s.last_word]) < COVERED_SHARE * n:
            out.append(i)
    return out


def align(text_a: str, text_b: str) -> tuple[list[SharedPassage], list[tuple[int, int]],
                                            list[tuple[int, int]]]:
    """(shared passages in A's order, only-in-A spans, only-in-B spans)."""
    wa, wb = words_of(text_a), words_of(text_b)
    shared: list[SharedPassage] = []
    used_a = [False] * len(wa)
    used_b = [False] * len(wb)
    for a0, a1, b0, b1 in _verbatim(wa, wb):
        shared.append(SharedPassage((wa[a0].start, wa[a1 - 1].end),
                                    (wb[b0].start, wb[b1 - 1].end), "verbatim"))
        for k in range(a0, a1):
            used_a[k] = True
        for k in range(b0, b1):
            used_b[k] = True
    sa, sb = sentences_of(text_a, wa), sentences_of(text_b, wb)
    free_a, free_b = _uncovered(sa, used_a), _uncovered(sb, used_b)
    ca = {i: _content(wa, sa[i]) for i in free_a}
    cb = {j: _content(wb, sb[j]) for j in free_b}
    index: dict[str, list[int]] = {}
    for j, ws in cb.items():
        for w in ws:
            index.setdefault(w, []).append(j)
    pairs: list[tuple[float, int, int]] = []
    for i, ws in ca.items():
        if not ws:
            continue
        counts: dict[int, int] = {}
        for w in ws:
            for j in index.get(w, ()):
                counts[j] = counts.get(j, 0) + 1
        for j, shared_n in counts.items():
            if shared_n < REWORDED_MIN_SHARED:
                continue
            sim = shared_n / math.sqrt(len(ws) * len(cb[j]))
            if sim >= REWORDED_MIN_SIMILARITY:
                pairs.append((sim, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    for sim, i, j in pairs:
        if i in taken_a or j in taken_b:
            continue
        taken_a.add(i)
        taken_b.add(j)
        shared.append(SharedPassage((sa[i].start, sa[i].end), (sb[j].start, sb[j].end),
                                    "reworded", round(sim, 3)))
        for k in range(sa[i].first_word, sa[i].last_word):
            used_a[k] = True
        for k in range(sb[j].first_word, sb[j].last_word):
            used_b[k] = True
    shared.sort(key=lambda p: (p.a[0], p.b[0]))
    return shared, _only(text_a, wa, used_a), _only(text_b, wb, used_b)


def _only(text: str, words: list[Word], used: list[bool]) -> list[tuple[int, int]]:
    """Runs of unused words, cut at paragraph breaks, with at least ONLY_MIN_WORDS words."""
    out: list[tuple[int, int]] = []
    run: list[Word] = []

    def close() -> None:
        if len(run) >= ONLY_MIN_WORDS:
            end = run[-1].end
            # take the sentence's closing punctuation with it
            while end < len(text) and text[end] in ".!?\"”’)":
                end += 1
            out.append((run[0].start, end))
        run.clear()

    for k, w in enumerate(words):
        if used[k]:
            close()
            continue
        if run and "\n\n" in text[run[-1].end:w.start]:
            close()
        run.append(w)
    close()
    return out
