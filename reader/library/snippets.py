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
from operator import methodcaller, not_, or_

from reader.library.analysis import WORD_RE, fold, stem_lead, term_of
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

    Runs for every shown result, so only the words a plain search finds are
    analysed (``_scanned_spans``), and the rest is regex and string work in C.
    """
    if not text:
        return ""
    text = " ".join(text[:SNIPPET_SCAN_CHARS].split())  # one line: paragraphs become spaces
    spans = _scanned_spans(text, highlight) if highlight else []
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


def _spans_of(text: str, forms: set[str], phrase_runs: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """The spans of the matched surface ``forms`` and of the phrases' runs (their words, in text order)."""
    if not forms and not phrase_runs:
        return []
    # Character offsets: let the regex engine find the matched surface forms
    # (every occurrence of a matched form is a match, since it has the same term).
    patterns = [r"\W+".join(map(re.escape, run)) for run in phrase_runs]
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
    """Character spans of the matches: every word whose term is wanted or that starts with a
    prefix (unless it follows ``'``, ``’`` or ``.``: ``_continues_word``), and every run of
    words whose terms are a phrase's (stop words skipped), analysing only the words a plain
    search finds. (tests/library/test_snippets.py compares them with the spans found by
    analysing every word.)

    An ASCII word can match a term only if it starts with the term's ``stem_lead`` (a
    prefix only if it starts with the prefix), ignoring case; so only those words, and
    every word holding a character outside ASCII (``fold`` may change those), are
    analysed: the text is searched for the leads of the words and prefixes
    (``_lead_spans``) and of each phrase's first word (``_phrase_runs``).
    """
    if not highlight.phrases:
        return _lead_spans(text, highlight)
    forms: set[str] = set()
    if highlight.terms or highlight.prefixes:
        words = set(WORD_RE.findall(text))
        leads = _word_leads(frozenset(highlight.terms), frozenset(highlight.prefixes))
        maybe = map(or_, map(not_, map(str.isascii, words)), map(methodcaller("startswith", leads), map(str.lower, words)))
        wanted = highlight.terms
        prefixes = tuple(highlight.prefixes)
        forms = {w for w in compress(words, maybe) if term_of(w) in wanted or (prefixes and _folded(w).startswith(prefixes))}
    runs = [run for phrase in highlight.phrases for run in _phrase_runs(text, phrase)]
    return _spans_of(text, forms, runs)


def _phrase_runs(text: str, phrase: list[str]) -> list[tuple[str, ...]]:
    """The words of each run of words of ``text`` whose terms are the phrase's (stop words
    skipped, and kept in the run), in text order; looked for only from the words that may
    be the phrase's first (any word start where its lead is found)."""
    first = frozenset(phrase[:1])
    if text.isascii():
        found = _start_finder(first).finditer(text.lower())  # ASCII: offsets kept
    else:
        found = _start_finder_unicode(first).finditer(text)
    runs = []
    for lead in found:
        start = lead.start()
        if start > 1 and text[start - 1] in "'’." and _is_word_char(text[start - 2]):
            continue  # inside a word such as "don't" or "U.S"
        word = WORD_RE.match(text, start)
        if word is None or term_of(word.group()) != phrase[0]:
            continue
        run = [word.group()]
        for term in phrase[1:]:
            word = WORD_RE.search(text, word.end())
            while word is not None and term_of(word.group()) is None:
                run.append(word.group())
                word = WORD_RE.search(text, word.end())
            if word is None or term_of(word.group()) != term:
                break
            run.append(word.group())
        else:
            runs.append(tuple(run))
    return runs


def _lead_spans(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """``_scanned_spans`` for words and prefixes (no phrases): the text is searched for the leads.

    A lead found inside a word starts no span, and cannot hide the start of the next
    word: a lead holds only word characters, ``'`` and ``.``, and none of these precedes
    a span's start.
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


@functools.lru_cache(maxsize=256)
def _word_leads(terms: frozenset[str], prefixes: frozenset[str]) -> tuple[str, ...]:
    """What an ASCII word (lower-cased) of ``terms`` or ``prefixes`` starts with, longest first.

    Only leads an ASCII word can start with: so a lead holds only word characters,
    ``'`` and ``.``, and a lead found cannot cover the character before a word's start.
    """
    leads = {stem_lead(t) for t in terms if _ASCII_WORD.fullmatch(t)}
    leads.update(p for p in prefixes if _ASCII_WORD.fullmatch(p))
    return tuple(sorted(leads, key=lambda lead: (-len(lead), lead)))


def _leads(terms: frozenset[str], prefixes: frozenset[str]) -> str:
    """Alternatives of a regex for ``_word_leads``."""
    return "|".join(map(re.escape, _word_leads(terms, prefixes))) or "(?!)"


@functools.lru_cache(maxsize=256)
def _start_finder(terms: frozenset[str]) -> re.Pattern[str]:
    """Every word start (no word character before it) where a word of ``terms`` may begin, in
    lower-cased ASCII text; nothing is consumed, so no start is skipped."""
    return re.compile(r"(?<!\w)(?=" + _leads(terms, frozenset()) + ")", re.ASCII)


@functools.lru_cache(maxsize=256)
def _start_finder_unicode(terms: frozenset[str]) -> re.Pattern[str]:
    """The same in any text: the leads in any case, and each word holding a non-ASCII character."""
    return re.compile(r"(?<!\w)(?=" + _leads(terms, frozenset()) + r"|[\w'’.]*[^\x00-\x7f])", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _lead_finder(terms: frozenset[str], prefixes: frozenset[str]) -> re.Pattern[str]:
    """Every place a word of ``terms`` or ``prefixes`` may start, in lower-cased ASCII text."""
    return re.compile(_leads(terms, prefixes))


@functools.lru_cache(maxsize=256)
def _lead_finder_unicode(terms: frozenset[str], prefixes: frozenset[str]) -> re.Pattern[str]:
    """The same in any text: the leads in any case, and each word holding a non-ASCII character."""
    return re.compile(r"(?<![\w'’.])(?:" + _leads(terms, prefixes) + r"|[\w'’.]*[^\x00-\x7f])", re.IGNORECASE)


def _is_word_char(char: str) -> bool:
    """``\\w``: a letter, digit or underscore."""
    return char.isalnum() or char == "_"


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
