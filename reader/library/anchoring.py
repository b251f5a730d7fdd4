"""Where a highlight is in a text that may have changed: W3C quote + position selectors.

A highlight is stored as its exact quote with up to ``CONTEXT`` characters
before and after it (the W3C Web Annotation ``TextQuoteSelector``) plus its
offsets (``TextPositionSelector``). ``find`` looks for it in a text, in
steps from the cheapest and surest to the loosest:

1. ``exact``: the quote is still at its offsets (and its context agrees, or it
   occurs only once);
2. ``occurrence``: every place the quote occurs, scored by how well the text
   around it agrees with the stored prefix and suffix;
3. ``normalized``: the same over a normalized text (whitespace runs, curly
   quotes, dashes, case), for the same page read from another format;
4. ``fuzzy``: the best approximate alignment (rapidfuzz), accepted only above
   ``FUZZY_ACCEPT`` or above ``FUZZY_WITH_CONTEXT`` when the context agrees too,
   and only when no other place in the text matches nearly as well.

A wrong anchor is worse than none: whenever the steps cannot tell places
apart, or the best match is too loose, the highlight is *orphaned* (its
quote and note are kept; nothing is dropped). Pure text, no SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

#: Characters of context kept on each side of the quote.
CONTEXT = 32
#: The highlight colours (names are what the CLI and the files use).
COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
#: Light fills readable under black text on screen and on paper.
COLOR_HEX: dict[str, str] = {
    "yellow": "#fff1a8",
    "green": "#c8f0c0",
    "blue": "#c6e2ff",
    "pink": "#ffd0e0",
    "purple": "#e2d4ff",
}
STATES: tuple[str, ...] = ("anchored", "moved", "orphaned")

#: A fuzzy match at or above this score (0-100) is accepted on its own...
FUZZY_ACCEPT = 90.0
#: ... and one at or above this when the context around it agrees (``CONTEXT_AGREES``).
FUZZY_WITH_CONTEXT = 78.0
CONTEXT_AGREES = 0.6
#: A second place scoring within this of the best makes a fuzzy match ambiguous.
FUZZY_AMBIGUITY_MARGIN = 4.0
#: Quotes shorter than this (normalized) are never matched fuzzily.
FUZZY_MIN_CHARS = 12
#: A quote this short found once but with disagreeing context is not trusted.
SHORT_QUOTE = 8
#: A quote found exactly once is taken when one side of its context agrees this well.
ONE_SIDE_AGREES = 0.7
#: A quote this long found exactly once is taken whatever its context.
LONG_QUOTE = 30
#: Quote + context found approximately: the whole at least this (0-100)...
CONTEXT_FUZZY = 80.0
#: ... and the quote part at least this.
QUOTE_IN_CONTEXT = 70.0
#: Two occurrences whose context scores differ less than this are a tie.
TIE = 0.15
#: Occurrences examined at most (a one-letter quote in a long text).
MAX_OCCURRENCES = 2000
#: How far the ends of a fuzzy match are moved to fit the quote best.
REFINE_CHARS = 12

_TRANSLATE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
}
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class Selector:
    """A highlight's W3C selectors: quote with its context, and its offsets."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where ``find`` placed a highlight; ``start == end == -1`` when orphaned."""

    start: int
    end: int
    state: str  # "anchored" (where it was), "moved" or "orphaned"
    method: str = ""  # which step found it (for the benchmark and check reports)

    @property
    def orphaned(self) -> bool:
        return self.state == "orphaned"


ORPHAN = Anchor(-1, -1, "orphaned", "none")


def selectors(text: str, start: int, end: int) -> Selector:
    """The selectors of ``text[start:end]`` (raises ``ValueError`` for an empty or bad range)."""
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"the range {start}..{end} is not inside the text (0..{len(text)})")
    return Selector(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT):start],
        suffix=text[end:end + CONTEXT],
        start=start,
        end=end,
    )


# -- normalization ----------------------------------------------------------------
def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs as one space, plain quotes and dashes, lower case;
    and for each normalized character the offset of the original one it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch in _DROPPED:
            continue
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
                space = True
            continue
        space = False
        ch = _TRANSLATE.get(ch, ch)
        low = ch.lower()
        if len(low) == 1:
            ch = low
        if ch == "\u2026":
            out.extend("...")
            where.extend((i, i, i))
            continue
        out.append(ch)
        where.append(i)
    return "".join(out), where


def norm(text: str) -> str:
    return normalize(text)[0]


# -- context ---------------------------------------------------------------------
def _similar(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return fuzz.ratio(a, b) / 100.0


def context_sides(text: str, start: int, end: int, sel: Selector) -> tuple[float, float]:
    """0..1 each: how well the text before and after ``start..end`` agrees with the stored
    prefix and suffix, compared over the length stored (a quote at the very start of the
    text has an empty prefix, which agrees with an empty one)."""
    before = norm(text[max(0, start - len(sel.prefix) - 8):start])
    after = norm(text[end:end + len(sel.suffix) + 8])
    prefix, suffix = norm(sel.prefix), norm(sel.suffix)
    before = before[-len(prefix):] if prefix else before[-1:]
    after = after[:len(suffix)] if suffix else after[:1]
    left = _similar(prefix, before) if prefix or before else 1.0
    right = _similar(suffix, after) if suffix or after else 1.0
    return left, right


def context_score(text: str, start: int, end: int, sel: Selector) -> float:
    """0..1: how well the text around ``start..end`` agrees with the stored prefix and suffix."""
    left, right = context_sides(text, start, end, sel)
    return (left + right) / 2


# -- the steps -------------------------------------------------------------------
def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    i = haystack.find(needle)
    while i >= 0 and len(found) < MAX_OCCURRENCES:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _state(sel: Selector, start: int, end: int, text: str) -> str:
    return "anchored" if (start, end) == (sel.start, sel.end) and text[start:end] == sel.quote \
        else "moved"


def _choose(text: str, spans: list[tuple[int, int]], sel: Selector, old_len: int) -> tuple[int, int] | None:
    """The span whose context agrees best; None when that cannot be told safely."""
    if not spans:
        return None
    scored = sorted(((context_score(text, s, e, sel), s, e) for s, e in spans), reverse=True)
    best, s, e = scored[0]
    quote_len = len(norm(sel.quote))
    if len(scored) == 1:
        # Found once: the place, if the context agrees (on the whole, or clearly on one side:
        # the other may be a caption or a paragraph laid out differently) or the quote is long
        # enough to be distinctive; else it may be another mention (the passage was edited).
        one_side = max(context_sides(text, s, e, sel)) >= ONE_SIDE_AGREES
        return (s, e) if best >= 0.5 or one_side or quote_len >= LONG_QUOTE else None
    second = scored[1][0]
    if best - second >= TIE and best >= 0.35:
        return s, e
    # Places the context tells apart only a little: refuse. Places it cannot tell apart at
    # all (the same passage repeated with the same surroundings) are the same passage
    # wherever it is: keep the old place if it is one of them, else the one nearest the
    # old relative position.
    tied = [(ss, ee) for sc, ss, ee in scored if sc == best]
    if len(tied) < 2 and best - second < TIE:
        return None
    if best < 0.75 or quote_len < SHORT_QUOTE:
        return None
    if (sel.start, sel.end) in tied:
        return sel.start, sel.end
    rel = sel.start / old_len if old_len else 0.0
    return min(tied, key=lambda span: abs(span[0] / max(1, len(text)) - rel))


def _old_length(sel: Selector) -> int:
    return max(sel.end, 1)


def _exact(text: str, sel: Selector) -> Anchor | None:
    s, e = sel.start, sel.end
    # Still there, and nowhere else (else the occurrence step weighs every place).
    if 0 <= s < e <= len(text) and text[s:e] == sel.quote and text.count(sel.quote) == 1 and (
            context_score(text, s, e, sel) >= 0.5 or len(norm(sel.quote)) >= LONG_QUOTE
            or max(context_sides(text, s, e, sel)) >= ONE_SIDE_AGREES):
        return Anchor(s, e, "anchored", "exact")
    return None


def _by_occurrence(text: str, sel: Selector) -> Anchor | None:
    spans = [(i, i + len(sel.quote)) for i in _occurrences(text, sel.quote)]
    if not spans:
        return None
    chosen = _choose(text, spans, sel, _old_length(sel))
    if chosen is None:
        return None
    return Anchor(chosen[0], chosen[1], _state(sel, *chosen, text), "occurrence")


def _by_normalized(text: str, ntext: str, where: list[int], sel: Selector) -> Anchor | None:
    nq = norm(sel.quote).strip()
    if not nq:
        return None
    spans = [(where[i], where[i + len(nq) - 1] + 1) for i in _occurrences(ntext, nq)]
    if not spans:
        return None
    chosen = _choose(text, spans, sel, _old_length(sel))
    if chosen is None:
        return None
    return Anchor(chosen[0], chosen[1], "moved", "normalized")


def _refine(nq: str, ntext: str, s: int, e: int) -> tuple[int, int, float]:
    """Move the ends of ``ntext[s:e]`` by up to ``REFINE_CHARS`` to fit ``nq`` best."""
    best = fuzz.ratio(nq, ntext[s:e])
    for _round in range(2):
        for cand in range(max(0, s - REFINE_CHARS), min(e - 1, s + REFINE_CHARS) + 1):
            sc = fuzz.ratio(nq, ntext[cand:e])
            if sc > best or (sc == best and _at_word_start(ntext, cand) and not _at_word_start(ntext, s)):
                best, s = sc, cand
        for cand in range(max(s + 1, e - REFINE_CHARS), min(len(ntext), e + REFINE_CHARS) + 1):
            sc = fuzz.ratio(nq, ntext[s:cand])
            if sc > best or (sc == best and _at_word_end(ntext, cand) and not _at_word_end(ntext, e)):
                best, e = sc, cand
    while s < e and ntext[s] == " ":
        s += 1
    while e > s and ntext[e - 1] == " ":
        e -= 1
    return s, e, best


def _at_word_start(t: str, i: int) -> bool:
    return i == 0 or not t[i - 1].isalnum()


def _at_word_end(t: str, i: int) -> bool:
    return i >= len(t) or not t[i].isalnum()


def _by_fuzzy(text: str, ntext: str, where: list[int], sel: Selector) -> Anchor:
    nq = norm(sel.quote).strip()
    if len(nq) < FUZZY_MIN_CHARS or not ntext:
        return ORPHAN
    first = fuzz.partial_ratio_alignment(nq, ntext, score_cutoff=FUZZY_WITH_CONTEXT)
    if first is None:
        return ORPHAN
    s, e, score = _refine(nq, ntext, first.dest_start, first.dest_end)
    if e <= s:
        return ORPHAN
    start, end = where[s], where[e - 1] + 1
    ctx = context_score(text, start, end, sel)
    if score < FUZZY_ACCEPT and not (score >= FUZZY_WITH_CONTEXT and ctx >= CONTEXT_AGREES):
        return ORPHAN
    # Another place matching nearly as well (a repeated passage) makes it ambiguous,
    # unless the context says which.
    masked = ntext[:s] + "\x00" * (e - s) + ntext[e:]
    other = fuzz.partial_ratio_alignment(nq, masked, score_cutoff=score - FUZZY_AMBIGUITY_MARGIN)
    if other is not None:
        os_, oe, _osc = _refine(nq, masked, other.dest_start, other.dest_end)
        if oe > os_ and "\x00" not in masked[os_:oe]:
            octx = context_score(text, where[os_], where[oe - 1] + 1, sel)
            if ctx - octx < TIE:
                return ORPHAN
    return Anchor(start, end, "moved", "fuzzy")


def _by_context(text: str, ntext: str, where: list[int], sel: Selector) -> Anchor | None:
    """Quote and context together found approximately (a short quote with a typo fixed)."""
    nq = norm(sel.quote).strip()
    np_, ns_ = norm(sel.prefix), norm(sel.suffix)
    needle = np_ + nq + ns_
    if len(needle) < FUZZY_MIN_CHARS * 2 or len(needle) >= len(ntext) or not nq:
        return None
    first = fuzz.partial_ratio_alignment(needle, ntext, score_cutoff=CONTEXT_FUZZY)
    if first is None:
        return None
    at = first.dest_start + len(np_)
    s, e, score = _refine(nq, ntext, at, min(len(ntext), at + len(nq)))
    if e <= s or score < QUOTE_IN_CONTEXT:
        return None
    start, end = where[s], where[e - 1] + 1
    ctx = context_score(text, start, end, sel)
    if ctx < CONTEXT_AGREES:
        return None
    lo, hi = first.dest_start, first.dest_end
    masked = ntext[:lo] + "\x00" * (hi - lo) + ntext[hi:]
    other = fuzz.partial_ratio_alignment(needle, masked,
                                         score_cutoff=first.score - FUZZY_AMBIGUITY_MARGIN)
    if other is not None and "\x00" not in masked[other.dest_start:other.dest_end]:
        return None  # the same passage with the same surroundings twice: cannot tell
    return Anchor(start, end, "moved", "context")


def find(text: str, sel: Selector) -> Anchor:
    """Where the highlight ``sel`` is in ``text`` now (see the module docstring)."""
    if not sel.quote or not text:
        return ORPHAN
    found = _exact(text, sel) or _by_occurrence(text, sel)
    if found is not None:
        return found
    exact = _occurrences(text, sel.quote)
    if len(exact) > 1:
        return ORPHAN  # the passage is there word for word, several times: cannot tell which
    ntext, where = normalize(text)
    if not exact:
        found = _by_normalized(text, ntext, where, sel)
        if found is not None:
            return found
        if _occurrences(ntext, norm(sel.quote).strip()):
            return ORPHAN  # there, several times, and the context cannot tell which
    # The passage itself was edited (or is gone). One verbatim mention elsewhere with the
    # wrong surroundings is only a mention: a match must agree with the context clearly better.
    weak = context_score(text, exact[0], exact[0] + len(sel.quote), sel) if exact else None
    found = _by_context(text, ntext, where, sel)
    if found is not None:
        if weak is None or context_score(text, found.start, found.end, sel) >= weak + TIE:
            return found
        return ORPHAN
    return ORPHAN if exact else _by_fuzzy(text, ntext, where, sel)


def nth_occurrence(text: str, quote: str, n: int) -> tuple[int, int] | None:
    """The ``n``-th (1-based) place ``quote`` occurs in ``text``: exactly, else with
    whitespace, quote marks, dashes and case normalized. None when there is no such place."""
    if not quote or n < 1:
        return None
    exact = _occurrences(text, quote)
    if exact:
        return (exact[n - 1], exact[n - 1] + len(quote)) if n <= len(exact) else None
    ntext, where = normalize(text)
    nq = norm(quote).strip()
    if not nq:
        return None
    found = _occurrences(ntext, nq)
    if n > len(found):
        return None
    i = found[n - 1]
    return where[i], where[i + len(nq) - 1] + 1


def count_occurrences(text: str, quote: str) -> int:
    exact = _occurrences(text, quote)
    if exact:
        return len(exact)
    nq = norm(quote).strip()
    return len(_occurrences(norm(text), nq)) if nq else 0
