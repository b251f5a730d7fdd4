"""Where a query's words are in a text: match spans and result snippets.

Both work on the raw article text with the index's own analysis (``term_of``),
so "run" highlights "running" exactly when the index matched it. Snippets are
made only for the rows shown, from bodies loaded from SQLite; the index does
not store bodies.
"""

from __future__ import annotations

import functools
import html
import re
from itertools import compress
from operator import methodcaller

from reader.library.analysis import WORD_RE, fold, stem_lead, term_of, terms_of
from reader.library.query import Highlight

SNIPPET_CHARS = 240
# Snippets look at most this far into a body (very long texts stay cheap).
SNIPPET_SCAN_CHARS = 50_000
# How far back from the first match a snippet may start to begin at a sentence.
SENTENCE_LOOKBACK = 80
MATCH_OPEN = '<b class="match">'
MATCH_CLOSE = "</b>"
ELLIPSIS = "…"


def _tokens(text: str) -> list[tuple[str | None, str, int, int]]:
    """(term or None for stop words, surface word, start, end) for each word."""
    return [(term_of(m.group()), m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def match_spans_in(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of the highlight's terms/phrases."""
    if not text or not highlight:
        return []
    tokens = _tokens(text)
    spans: list[tuple[int, int]] = []
    terms = highlight.terms
    prefixes = tuple(highlight.prefixes)
    for term, word, start, end in tokens:
        if term is not None and term in terms:
            spans.append((start, end))
        elif prefixes and fold(word).startswith(prefixes):
            spans.append((start, end))
    for phrase in highlight.phrases:
        spans.extend(_phrase_spans(tokens, phrase))
    return _merge(spans)


def _phrase_spans(tokens: list[tuple[str | None, str, int, int]], phrase: list[str]) -> list[tuple[int, int]]:
    """Spans where the phrase's terms follow each other (stop words may sit between)."""
    content = [(term, start, end) for term, _, start, end in tokens if term is not None]
    found = []
    n = len(phrase)
    for i in range(len(content) - n + 1):
        if content[i][0] == phrase[0] and all(content[i + k][0] == phrase[k] for k in range(1, n)):
            found.append((content[i][1], content[i + n - 1][2]))
    return found


#: fold() of the words snippets look at, bounded (memory stays flat whatever the library's size).
_folded = functools.lru_cache(maxsize=1 << 16)(fold)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged


def make_snippet(text: str, highlight: Highlight, width: int = SNIPPET_CHARS) -> str:
    """An HTML-escaped excerpt around the densest cluster of matches.

    Runs for every shown result, so it works on word lists first (regex
    findall + cached term lookups, both at C speed) and computes character
    offsets only up to the chosen window.
    """
    if not text:
        return ""
    text = " ".join(text[:SNIPPET_SCAN_CHARS].split())  # one line: paragraphs become spaces
    if highlight and not highlight.phrases:
        spans = _scanned_spans(text, highlight)
    else:
        spans = _window_spans(text, highlight, width)
    start, end = _best_window(text, spans, width)
    pieces = []
    if start > 0:
        pieces.append(ELLIPSIS)
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        pieces.append(html.escape(text[pos:s]))
        pieces.append(MATCH_OPEN + html.escape(text[s:e]) + MATCH_CLOSE)
        pos = e
    pieces.append(html.escape(text[pos:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return "".join(pieces)


def _window_spans(text: str, highlight: Highlight, width: int) -> list[tuple[int, int]]:
    """Character spans of matches, computed only as far as needed for a snippet."""
    if not highlight:
        return []
    words = WORD_RE.findall(text)
    # The surface forms to mark: each distinct word looked at once (a body repeats its words),
    # its term looked up in C loops (terms_of maps over the term cache).
    distinct = list(set(words))
    wanted = highlight.terms
    forms = set(compress(distinct, map(wanted.__contains__, terms_of(distinct)))) if wanted else set()
    if highlight.prefixes:
        starts = methodcaller("startswith", tuple(highlight.prefixes))
        forms.update(compress(distinct, map(starts, map(_folded, distinct))))
    phrase_runs: list[tuple[int, int]] = []
    if highlight.phrases:
        terms = terms_of(words)
        content = [i for i, t in enumerate(terms) if t is not None]
        for phrase in highlight.phrases:
            n = len(phrase)
            first = phrase[0]
            for k in range(len(content) - n + 1):
                if terms[content[k]] == first and all(terms[content[k + j]] == phrase[j] for j in range(1, n)):
                    phrase_runs.append((content[k], content[k + n - 1]))
    if not forms and not phrase_runs:
        return []
    # Character offsets: let the regex engine find the matched surface forms
    # (every occurrence of a matched form is a match, since it has the same term).
    patterns = [r"\W+".join(map(re.escape, words[a : b + 1])) for a, b in dict.fromkeys(phrase_runs)]
    patterns.sort(key=len, reverse=True)  # whole phrases before their words
    if forms:
        longest_first = sorted(forms, key=len, reverse=True)
        patterns.append("(?:" + "|".join(map(re.escape, longest_first)) + ")")
    if phrase_runs:
        regex = re.compile(r"(?<![\w'’.])(?:" + "|".join(patterns) + r")(?![\w]|['’.]\w)")
        return _merge([m.span() for m in regex.finditer(text)])
    # Words only: the forms first, so the regex engine skips ahead to their first letters;
    # a match must start a word, checked here (a match inside a word consists of word
    # characters, so no match that starts a word can begin inside it: skipping it loses none).
    regex = re.compile(r"(?:" + "|".join(patterns) + r")(?![\w]|['’.]\w)")
    return _merge([m.span() for m in regex.finditer(text) if not _continues_word(text, m.start())])


def _scanned_spans(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """``_window_spans`` for words and prefixes (no phrases), analysing only the words
    that a plain search finds.

    An ASCII word can match a term only if it starts with the term's ``stem_lead`` (a
    prefix only if it starts with the prefix), ignoring case; so the text is searched
    for those leads, and only the words starting where one is found, and every word
    holding a character outside ASCII (``fold`` may change those), are analysed. The
    spans are ``_window_spans``'s: every word whose term is wanted or that starts with
    a prefix, unless it follows ``'``, ``’`` or ``.`` (``_continues_word``). A lead
    found inside a word starts no span, and cannot hide the start of the next word: a
    lead holds only word characters, ``'`` and ``.``, and none of these precedes a
    span's start.
    """
    terms, prefixes = frozenset(highlight.terms), frozenset(highlight.prefixes)
    if text.isascii():
        found = _lead_finder(terms, prefixes).finditer(text.lower())  # ASCII: offsets kept
    else:
        found = _lead_finder_unicode(terms, prefixes).finditer(text)
    wanted = highlight.terms
    starts = tuple(prefixes)
    spans = []
    for lead in found:
        start = lead.start()
        if _continues_word(text, start):
            continue
        word = WORD_RE.match(text, start)
        if word is None:
            continue
        surface = word.group()
        if term_of(surface) in wanted or (starts and _folded(surface).startswith(starts)):
            spans.append((start, word.end()))
    return spans


#: What a term or a folded prefix of an ASCII word can hold (other terms come from other words:
#: non-ASCII ones, which are analysed whatever they start with, or none, as "bbc news" of a site).
_ASCII_WORD = re.compile(r"[a-z0-9_'.]+")


def _leads(terms: frozenset[str], prefixes: frozenset[str]) -> str:
    """Alternatives of a regex for the leads of ``terms`` and ``prefixes``, longest first.

    Only leads an ASCII word can start with: so a lead holds only word characters,
    ``'`` and ``.``, and a lead found cannot cover the character before a word's start.
    """
    leads = {stem_lead(t) for t in terms if _ASCII_WORD.fullmatch(t)}
    leads.update(p for p in prefixes if _ASCII_WORD.fullmatch(p))
    return "|".join(sorted(map(re.escape, leads), key=lambda a: (-len(a), a))) or "(?!)"


@functools.lru_cache(maxsize=256)
def _lead_finder(terms: frozenset[str], prefixes: frozenset[str]) -> re.Pattern[str]:
    """Every place a word of ``terms`` or ``prefixes`` may start, in lower-cased ASCII text."""
    return re.compile(_leads(terms, prefixes))


@functools.lru_cache(maxsize=256)
def _lead_finder_unicode(terms: frozenset[str], prefixes: frozenset[str]) -> re.Pattern[str]:
    """The same in any text: the leads in any case, and each word holding a non-ASCII character."""
    return re.compile(r"(?<![\w'’.])(?:" + _leads(terms, prefixes) + r"|[\w'’.]*[^\x00-\x7f])", re.IGNORECASE)


def _continues_word(text: str, pos: int) -> bool:
    """Is the character before ``pos`` one that ``(?<![\\w'’.])`` rejects?"""
    return pos > 0 and (text[pos - 1] in "'’." or text[pos - 1].isalnum() or text[pos - 1] == "_")


def _best_window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The window of about ``width`` chars holding the most matches, cut at word edges."""
    if len(text) <= width:
        return 0, len(text)
    if not spans:
        return 0, _word_end(text, width)
    best_i, best_count, j = 0, 0, 0
    for i, (s, _) in enumerate(spans):
        if j < i:
            j = i
        while j + 1 < len(spans) and spans[j + 1][1] - s <= width:
            j += 1
        if j - i + 1 > best_count:
            best_i, best_count = i, j - i + 1
    first = spans[best_i][0]
    last = spans[best_i + best_count - 1][1]
    slack = max(0, width - (last - first))
    start = max(0, first - min(slack // 3, SENTENCE_LOOKBACK))
    sentence = text.rfind(". ", max(0, first - SENTENCE_LOOKBACK), first)
    if sentence != -1 and sentence + 2 <= first and first - sentence <= slack:
        start = sentence + 2
    start = _word_start(text, start)
    return start, _word_end(text, max(last, start + width))


def _word_start(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    while pos < len(text) and not text[pos - 1].isspace():
        pos += 1
    return min(pos, len(text))


def _word_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos
