"""An article -> the compact signature stories are decided on.

Computed once per article when it is imported (in the import worker
processes, beside the parse) and kept in the library as JSON, so deciding
whether a new article joins a story never re-reads the other articles:

- ``day``: days since 1970-01-01 of the publication date (None: undated);
- ``title``: the title's content words (lower case, light plural folding);
- ``terms``: the body's most frequent content words with weights (title and
  lead words count extra: news puts the event first);
- ``names``: capitalised words in running text that are not sentence-initial
  (people, places, organisations), most frequent first;
- ``sketch``: a bottom-k MinHash of the body's word 5-shingles, for
  near-identical texts (reposts, wire copy; ``reader.stories.sketch``);
- ``words``: the body length in words.

``SIGNATURE_VERSION`` 2 (2026-12-07). Version 1 signatures (no ``"s"`` in the
JSON) hashed the sketch's shingles with crc32 of their joined words, which a
version 2 sketch cannot be compared with, and held ``quotes``, hashed word
3-shingles of the quoted speech (the fitted weight of that feature was 0.006:
its scores, and every decision on the labelled sets, are the same without it).
Their title, terms and names are computed as version 2 computes them. A
library's version 1 signatures are computed again when the join reads them
(``reader.library.story_cache``), so old and new articles are compared alike.

Everything here is deterministic across processes (never ``hash()``). Qt-free;
imports no library code.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import compress, islice
from operator import itemgetter, mul
from typing import Any, Generic, TypeVar

from reader.model import Article
from reader.stories.sketch import SKETCH_SIZE, sketch_of_hashes, word_hash

#: Words that say nothing about which event an article reports.
STOPWORDS = frozenset("""
a about above across after afterwards again against ago all almost alone along already also although
always am among an and another any anyone anything are around as at back be became because become
becomes been before being below beside besides between beyond both but by can cannot could did do
does doing done down during each either else enough even ever every everyone everything few first
for former from further get gets got had has have having he her here hers herself him himself his
how however i if in including into is it its itself just last least less like made make many may me
might more most much must my myself near neither never new next no nobody none nor not nothing now
of off often on once one only onto or other others our ours out over own per perhaps please put
rather really said same say says saying see seem seemed several she should show since so some
something still such than that the their theirs them themselves then there these they this those
though three through thus to today together too toward towards two under until up upon us very via
want was we well were what whatever when where whether which while who whom whose why will with
within without would year years yet you your yours week weeks day days time times told tell new
news according also mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
people way still going percent number including set use used part take took going
image photo photos video caption getty images copyright reuters ap afp read follow share email
""".split())

#: Capitalised words that are not names even mid-sentence.
NOT_NAMES = frozenset("""
i mr mrs ms dr the a an monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december english
""".split())

#: The form of the signatures computed here (``Signature.version``; see the module text).
SIGNATURE_VERSION = 2
TERMS_KEPT = 60
NAMES_KEPT = 25
LEAD_WORDS = 60
LEAD_BOOST = 2.0
TITLE_BOOST = 3.0

_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*|\d+(?:[.,]\d+)*")
_SENTENCE_END = frozenset(".!?:;\"“”")
_EPOCH = date(1970, 1, 1)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case, possessive dropped, plural folded ("ships" -> "ship")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


_K = TypeVar("_K")
_V = TypeVar("_V")

#: Entries a per-token memo holds at the most (a bounded, C-speed cache: ``_Memo``).
MEMO_SIZE = 65536


class _Memo(dict[_K, _V], Generic[_K, _V]):
    """``fn(key)`` computed once per key: ``memo[key]`` (or ``map(memo.__getitem__, keys)``)
    is a plain dict look-up when the key was seen, so a whole text's tokens are looked up
    in C. When it reaches ``size`` entries (``MEMO_SIZE``) the later half of them goes:
    a text's commonest tokens are among the first a process meets, so the half kept holds
    most of them. (Emptied all at once instead, every token of the next texts was computed
    again: the 100k bench corpus's tokens fill the token memo after ~10,000 articles in one
    process; the signatures after that cost a few per cent less with the half kept.)"""

    def __init__(self, fn: Callable[[_K], _V], size: int = MEMO_SIZE) -> None:
        super().__init__()
        self.fn = fn
        self.size = size

    def __missing__(self, key: _K) -> _V:
        if len(self) >= self.size:
            kept = list(islice(self.items(), self.size // 2))
            self.clear()
            self.update(kept)
        value = self[key] = self.fn(key)
        return value


def _content_word(token: str) -> str:
    """The folded word if ``token`` is a content word, else ""."""
    w = fold(token)
    return w if len(w) > 2 and w not in STOPWORDS and not w.isdigit() else ""


_CONTENT: _Memo[str, str] = _Memo(_content_word)


def content_words(text: str) -> list[str]:
    return _content_of(_WORD_RE.findall(text))


def _content_of(tokens: list[str]) -> list[str]:
    return list(filter(None, map(_CONTENT.__getitem__, tokens)))


def _name_key(raw: str) -> str:
    """The name key of one whitespace-separated token: "" when it is not capitalised or is
    no name (whether it counts also depends on the token before it: ``_names_of``)."""
    core = raw.strip("\"“”‘’'()[],.;:!?")
    if core[:1].isupper() and len(core) > 1:
        folded = fold(core)
        if folded not in NOT_NAMES and folded not in STOPWORDS and not folded.isdigit():
            return folded
    return ""


def _ends_sentence(raw: str) -> bool:
    return raw[-1:] in _SENTENCE_END or raw.rstrip("\"”’)")[-1:] in ".!?"


#: What one whitespace-separated token of a text holds: its name key (``_name_key``),
#: whether it ends a sentence (``_ends_sentence``), its content words joined by spaces
#: ("" when it has none) and the hash of its plain words (``reader.stories.sketch``;
#: 0 when it has none). One tuple per token, its strings shared with the token where
#: equal, so a text's tokens touch as few objects as can be: inside an import their
#: look-ups are memory traffic.
_TokenWords = tuple[str, bool, str, int]


def _token_words(raw: str) -> _TokenWords:
    """The words of one whitespace-separated token. ``_WORD_RE`` matches no whitespace, so a
    text's words are its tokens' words in order."""
    if raw.isalpha():  # (most tokens: one word, the token itself, ending no sentence)
        return (_name_key(raw) if raw[0].isupper() else "", False, _CONTENT[raw],
                word_hash(raw.lower().replace("’", "'")))
    tokens = _WORD_RE.findall(raw)
    return (_name_key(raw), _ends_sentence(raw), " ".join(_content_of(tokens)),
            word_hash(" ".join(_plain_of(tokens))))


#: Whitespace-separated tokens -> their words: each token of a body is looked up once. (A
#: news collection of 2,225 articles has about 65,000 distinct tokens.)
_TOKEN_WORDS: _Memo[str, _TokenWords] = _Memo(_token_words, 2 * MEMO_SIZE)
_NAME_KEYS = itemgetter(0)
_CONTENT_WORDS = itemgetter(2)
_WORD_HASH = itemgetter(3)


def _words_of_tokens(raw: list[str]) -> list[_TokenWords]:
    return list(map(_TOKEN_WORDS.__getitem__, raw))


def _plain_of(tokens: list[str]) -> list[str]:
    """The plain (lower-case) words of ``_WORD_RE``'s tokens."""
    # Tokens hold no spaces: lower-casing them joined is lower-casing each.
    return " ".join(tokens).lower().replace("’", "'").split(" ") if tokens else []


def plain_words(text: str) -> list[str]:
    return _plain_of(_WORD_RE.findall(text))


def _names_of(words: list[_TokenWords]) -> dict[str, int]:
    """Capitalised words not at a sentence start, counted (folded keys), of the text whose
    whitespace-separated tokens' words are ``words``."""
    keys = list(map(_NAME_KEYS, words))
    counts: dict[str, int] = {}
    # Only the few tokens with a key are looked at (the first token never counts).
    for i in compress(range(1, len(keys)), keys[1:]):
        if not words[i - 1][1]:  # (the token before ends no sentence)
            key = keys[i]
            counts[key] = counts.get(key, 0) + 1
    return counts


def resemblance(a: list[int], b: list[int], k: int = SKETCH_SIZE) -> float:
    """Estimated Jaccard similarity of two shingle sets from their bottom-k sketches."""
    if not a or not b:
        return 0.0
    return resemblance_of_sets(frozenset(a), frozenset(b), k)


def resemblance_of_sets(sa: frozenset[int], sb: frozenset[int], k: int = SKETCH_SIZE) -> float:
    """``resemblance`` of two sketches given as sets."""
    if not sa or not sb:
        return 0.0
    both = sa & sb
    if not both:
        return 0.0
    union = sorted(sa | sb)[:k]
    cutoff = union[-1]
    return sum(1 for h in both if h <= cutoff) / len(union)


def resembles(sa: frozenset[int], sb: frozenset[int], threshold: float, k: int = SKETCH_SIZE) -> bool:
    """``resemblance_of_sets(sa, sb, k) >= threshold``, mostly without its sort.

    The estimate is ``c / n``: ``n`` the union's size capped at ``k``, ``c`` the
    shared hashes among its ``n`` smallest. Of the union's hashes, ``len(union) - n``
    lie past the cut, so ``shared - (len(union) - n) <= c <= shared``: when both
    bounds fall on one side of the threshold the answer is known (texts sharing
    little, and near-identical ones, which a story of many copies compares most).
    """
    if not sa or not sb:
        return 0.0 >= threshold
    shared = len(sa & sb)
    union = len(sa) + len(sb) - shared
    n = min(k, union)
    if shared / n < threshold:
        return False
    if (shared - (union - n)) / n >= threshold:
        return True
    return resemblance_of_sets(sa, sb, k) >= threshold


def day_number(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return (datetime.fromisoformat(published[:10]).date() - _EPOCH).days
    except ValueError:
        return None


class _derived(Generic[_V]):  # noqa: N801 (used as a decorator, as cached_property)
    """``functools.cached_property`` without its lock: computed on first use and kept in the
    instance's ``__dict__``, which later look-ups find first (a non-data descriptor). (The
    lock, taken on every first use, cost more than most of the values: the join makes a few
    of these per candidate.)"""

    def __init__(self, fn: Callable[[Any], _V]) -> None:
        self.fn = fn
        self.name = fn.__name__

    def __get__(self, obj: Any, owner: type | None = None) -> _V:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Signature:
    day: int | None
    title: list[str]
    terms: dict[str, float]
    names: list[str]
    sketch: list[int]
    quotes: list[int] = field(default_factory=list)
    words: int = 0
    version: int = SIGNATURE_VERSION

    # Derived once per signature for scoring pairs (``reader.stories.decide``); a
    # signature is not changed after it is made, so these stay true.
    @_derived
    def title_set(self) -> frozenset[str]:
        return frozenset(self.title)

    @_derived
    def names_set(self) -> frozenset[str]:
        return frozenset(self.names)

    @_derived
    def sketch_set(self) -> frozenset[int]:
        return frozenset(self.sketch)

    @_derived
    def terms_norm(self) -> float:
        weights = self.terms.values()
        return math.sqrt(sum(map(mul, weights, weights)))  # (the same sum, in C)

    def to_json(self) -> dict[str, Any]:
        if self.version >= 2:
            return {"s": self.version, "d": self.day, "t": self.title, "v": self.terms,
                    "n": self.names, "m": self.sketch, "w": self.words}
        return {"d": self.day, "t": self.title, "v": self.terms, "n": self.names,
                "m": self.sketch, "q": self.quotes, "w": self.words}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Signature:
        return cls(day=d.get("d"), title=list(d.get("t") or []), terms=dict(d.get("v") or {}),
                   names=list(d.get("n") or []), sketch=list(d.get("m") or []),
                   quotes=list(d.get("q") or []), words=int(d.get("w") or 0),
                   version=int(d.get("s") or 1))

    def keys(self) -> list[str]:
        """Look-up keys for finding candidate articles: title words, names, top terms."""
        top = sorted(self.terms, key=self.terms.__getitem__, reverse=True)[:8]  # ties: first first
        return list(dict.fromkeys([*map("t:".__add__, self.title),
                                   *map("n:".__add__, self.names[:12]), *map("t:".__add__, top)]))


_FIRST = itemgetter(0)
_COUNT = itemgetter(1)
#: A term's weight from its boosted count.
_WEIGHT: _Memo[float, float] = _Memo(lambda c: round(math.sqrt(c), 3))


def signature(article: Article) -> Signature:
    return signature_of(article.title, article.body, article.published)


def signature_of(title: str, body: str, published: str | None) -> Signature:
    """The signature of an article (its quoted speech is not part of it since version 2)."""
    title_words = list(dict.fromkeys(content_words(title)))
    token_words = _words_of_tokens(body.split())
    content = " ".join(filter(None, map(_CONTENT_WORDS, token_words)))
    body_words = content.split(" ") if content else []
    tf: dict[str, float] = dict(Counter(body_words))
    for w in body_words[:LEAD_WORDS]:
        tf[w] += LEAD_BOOST - 1
    for w in title_words:
        tf[w] = tf.get(w, 0) + TITLE_BOOST
    # sorted(...)[:n] is what Counter.most_common(n) returns (ties in first-seen order).
    top = sorted(tf.items(), key=_COUNT, reverse=True)[:TERMS_KEPT]
    terms = dict(zip(map(_FIRST, top), map(_WEIGHT.__getitem__, map(_COUNT, top))))
    name_counts = _names_of(token_words)
    names = [n for n, _ in sorted(name_counts.items(), key=_COUNT, reverse=True)[:NAMES_KEPT]]
    hashes = list(filter(None, map(_WORD_HASH, token_words)))
    return Signature(day=day_number(published), title=title_words, terms=terms, names=names,
                     sketch=sketch_of_hashes(hashes), words=len(hashes),
                     version=SIGNATURE_VERSION)
