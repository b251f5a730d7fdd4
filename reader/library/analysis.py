"""Text analysis shared by indexing, query parsing and highlighting.

One function, ``term_of``, decides what a word becomes in the index
(lower-cased, accents folded, stop words dropped, Porter2-stemmed). The index
writer, the query parser and the snippet/match-span code all go through it, so
what is highlighted is exactly what was matched.

Why a hand-written analyzer instead of Whoosh's ``StemmingAnalyzer``:
- Whoosh's default stemmer turns "running" into "runn" (see PLATFORM.md);
  Porter2 turns both "run" and "running" into "run".
- Whoosh builds one ``Token`` object per word and runs it through a chain of
  generators; at 100,000 articles that alone costs minutes. Here a regex finds
  the words and a cache maps each distinct surface form to its term once, so
  indexing a body is a dictionary lookup per word (``term_positions``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Literal, TypeVar, cast

from whoosh.analysis import Analyzer, Token
from whoosh.lang.porter2 import stem as _porter2

# A word: letters/digits, with inner apostrophes or dots ("don't", "U.S"). Possessive (what
# ``\w+(?:['’.]\w+)*`` finds, with no backtracking into a word that cannot go on: the same
# spans on all the corpora's files and the bench rows, ~15 % less time).
WORD_RE = re.compile(r"\w++(?:['’.]\w++)*+")

# Stop words: too frequent to be worth an index entry. Whoosh's own list,
# kept as data so it can be tuned without touching code.
STOP_WORDS: frozenset[str] = frozenset(
    (
        "a an and are as at be by can for from have if in is it may not of on or "
        "tbd that the this to us we when will with yet you your"
    ).split()
)

# Words shorter than this are not indexed (single letters carry no meaning).
MIN_WORD_LEN = 2

# Cache size at which the surface-form cache is cleared (bounded memory on
# pathological input; a news vocabulary stays far below it).
_CACHE_LIMIT = 500_000

_V = TypeVar("_V")


class _Memo(dict[str, _V]):
    """word -> ``compute(word)``; ``memo[word]`` computes missing entries (C-level lookups),
    emptied when it holds ``_CACHE_LIMIT`` of them."""

    def __init__(self, compute: Callable[[str], _V]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> _V:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        value = self[word] = self._compute(word)
        return value
#: The loops below look words up with ``get(word, False)`` (a C call; a miss is rare) and
#: compute the term only on a miss; typed once here, not per word.
_Lookup = Callable[[str, Literal[False]], "str | None | Literal[False]"]


def fold(word: str) -> str:
    """Lower-case and strip accents so "Café" and "cafe" meet."""
    word = word.lower().replace("’", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: Folded word -> its stem: the surface forms of one word ("Council", "council", "COUNCIL")
#: are stemmed once (on the bench corpus 75,000 surface forms are 48,000 folded words).
_stems: _Memo[str] = _Memo(lambda folded: str(_porter2(folded)))


def _compute_term(word: str) -> str | None:
    folded = fold(word)
    if len(folded) < MIN_WORD_LEN or folded in STOP_WORDS:
        return None
    return _stems[folded]


#: Surface word -> its term (None: not indexed).
_cache: _Memo[str | None] = _Memo(_compute_term)


def term_of(word: str) -> str | None:
    """The index term for a surface word, or None for stop words."""
    return _cache[word]


def stem_lead(term: str) -> str:
    """What every ASCII word whose term is ``term`` starts with, lower-cased.

    Porter2 only rewrites a word's ending: step 1 leaves at most one letter
    that is not the word's own at the end ("hoping" -> "hope", "cry" -> "cri"),
    step 2 at most two ("possibility" -> "possibl", "ble" for "bility"), later
    steps only cut, and the exceptional forms ("dying" -> "die") keep the
    first letter. So all but the last two letters of a term (at least its
    first letter) begin every ASCII word stemmed to it, which lets the snippet
    code find a term's occurrences with a plain text search before analysing
    any word (tests/library/test_snippets.py checks it on every word of a
    large vocabulary).
    """
    return term[: max(1, len(term) - 2)]


def terms_of(words: list[str]) -> list[str | None]:
    """``term_of`` for many words at C speed."""
    return list(map(_cache.__getitem__, words))


def term_positions(text: str) -> tuple[dict[str, list[int]], int]:
    """Map each term of ``text`` to its word positions; also return the length.

    Positions count every word, stop words included, so a phrase with a stop
    word inside keeps its gap (the phrase query adds matching slop).
    """
    lookup = cast(_Lookup, _cache.get)
    poses: dict[str, list[int]] = {}
    pos = -1
    for pos, word in enumerate(WORD_RE.findall(text)):
        term = lookup(word, False)
        if term is False:
            term = term_of(word)
        if term is None:
            continue
        lst = poses.get(term)
        if lst is None:
            poses[term] = [pos]
        else:
            lst.append(pos)
    return poses, pos + 1


def term_counts(text: str) -> dict[str, int]:
    """Map each term of ``text`` to how often it occurs (no positions)."""
    lookup = cast(_Lookup, _cache.get)
    counts: dict[str, int] = {}
    for word in WORD_RE.findall(text):
        term = lookup(word, False)
        if term is False:
            term = term_of(word)
        if term is not None:
            counts[term] = counts.get(term, 0) + 1
    return counts


class ReaderAnalyzer(Analyzer):  # type: ignore[misc]  # Whoosh is untyped: its base classes are Any
    """Whoosh analyzer over ``term_of``; used for queries and Whoosh internals.

    Indexing bypasses the token stream through ``term_positions`` (see
    ``FastPositions`` in index.py); both produce the same terms.
    """

    def __call__(  # noqa: PLR0913 - Whoosh's analyzer protocol
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            matches = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(value)]
        else:
            matches = [(value, 0, len(value))]
        for pos, (word, start, end) in enumerate(matches):
            # tokenize=False is how Whoosh passes wildcard/prefix text: fold it,
            # never stem it ("ins*" must not become "in*").
            term = term_of(word) if tokenize else fold(word)
            token.stopped = term is None
            if term is None:
                if removestops:
                    continue
                term = fold(word)
            token.text = term
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


_SITE_PART_RE = re.compile(r"\w+")


def site_terms(site: str) -> list[str]:
    """Terms for a site name: the whole host and each of its parts.

    "edition.cnn.com" gives "edition.cnn.com", "cnn.com", "edition", "cnn",
    "com", so site:cnn, site:cnn.com and site:edition.cnn.com all find it; "BBC News" gives "bbc news", "bbc", "news".
    """
    whole = fold(site.strip())
    if whole.startswith("www."):
        whole = whole[4:]
    terms = [whole] if len(whole) >= MIN_WORD_LEN and whole not in STOP_WORDS else []
    labels = whole.split(".")
    for i in range(1, len(labels) - 1):  # "edition.cnn.com" -> "cnn.com"
        suffix = ".".join(labels[i:])
        if suffix not in terms:
            terms.append(suffix)
    for part in _SITE_PART_RE.findall(whole):
        if part != whole and part not in terms and part != "www" and part not in STOP_WORDS and len(part) >= MIN_WORD_LEN:
            terms.append(part)
    return terms


class SiteAnalyzer(Analyzer):  # type: ignore[misc]  # (Whoosh's base class is Any)
    """Analyzer for the site field (see ``site_terms``); no stemming."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, **kwargs: object) -> Iterator[Token]:
        token = Token(positions, chars, **kwargs)
        for pos, term in enumerate(site_terms(value)):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = 0, len(value)
            yield token
