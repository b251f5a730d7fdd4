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
  near-identical texts (reposts, wire copy);
- ``quotes``: hashed word 3-shingles of the quoted speech;
- ``words``: the body length in words.

Everything here is plain Python and deterministic across processes (crc32,
never ``hash()``). Qt-free; imports no library code.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import Any

from reader.model import Article

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

TERMS_KEPT = 60
NAMES_KEPT = 25
SKETCH_SIZE = 64
SHINGLE = 5
QUOTE_SHINGLE = 3
QUOTE_SHINGLES_KEPT = 200
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


@lru_cache(maxsize=65536)
def _content_word(token: str) -> str:
    """The folded word if ``token`` is a content word, else ""."""
    w = fold(token)
    return w if len(w) > 2 and w not in STOPWORDS and not w.isdigit() else ""


def content_words(text: str) -> list[str]:
    return _content_of(_WORD_RE.findall(text))


def _content_of(tokens: list[str]) -> list[str]:
    return [w for w in map(_content_word, tokens) if w]


@lru_cache(maxsize=65536)
def _name_token(raw: str) -> tuple[str, bool]:
    """(name key or "", whether the token ends a sentence) of one whitespace-separated token.

    The key is "" when the token is not capitalised or is no name; whether it
    counts also depends on the token before it (``names_in``).
    """
    core = raw.strip("\"“”‘’'()[],.;:!?")
    key = ""
    if core[:1].isupper() and len(core) > 1:
        folded = fold(core)
        if folded not in NOT_NAMES and folded not in STOPWORDS and not folded.isdigit():
            key = folded
    return key, raw[-1:] in _SENTENCE_END or raw.rstrip("\"”’)")[-1:] in ".!?"


def names_in(text: str) -> Counter[str]:
    """Capitalised words not at a sentence start, counted (folded keys)."""
    counts: Counter[str] = Counter()
    prev_end = True
    for raw in text.split():
        key, end = _name_token(raw)
        if key and not prev_end:
            counts[key] += 1
        prev_end = end
    return counts


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def plain_words(text: str) -> list[str]:
    return _plain_of(_WORD_RE.findall(text))


def _plain_of(tokens: list[str]) -> list[str]:
    # Tokens hold no spaces: lower-casing them joined is lower-casing each.
    return " ".join(tokens).lower().replace("’", "'").split(" ") if tokens else []


def sketch(words: list[str], k: int = SKETCH_SIZE, n: int = SHINGLE) -> list[int]:
    """Bottom-k MinHash: the k smallest crc32 values of the word n-shingles."""
    if not words:
        return []
    if len(words) < n:
        return [_crc(" ".join(words))]
    # crc32 of each shingle's UTF-8 bytes, sliced from the words joined once (C loops only).
    joined = " ".join(words)
    data = joined.encode("utf-8")
    lengths = map(len, words) if len(data) == len(joined) else (len(w.encode("utf-8")) for w in words)
    starts = list(accumulate(map((1).__add__, lengths), initial=0))  # each word's first byte
    ends = map((-1).__add__, starts[n:])  # the shingle's last byte + 1 (no trailing space)
    hashes = set(map(zlib.crc32, map(memoryview(data).__getitem__, map(slice, starts, ends))))
    return sorted(hashes)[:k]


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
    union = sorted(sa | sb)[:k]
    if not both:
        return 0.0
    cutoff = union[-1]
    return sum(1 for h in both if h <= cutoff) / len(union)


def day_number(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return (datetime.fromisoformat(published[:10]).date() - _EPOCH).days
    except ValueError:
        return None


@dataclass
class Signature:
    day: int | None
    title: list[str]
    terms: dict[str, float]
    names: list[str]
    sketch: list[int]
    quotes: list[int] = field(default_factory=list)
    words: int = 0

    # Derived once per signature for scoring pairs (``reader.stories.decide``); a
    # signature is not changed after it is made, so these stay true.
    @cached_property
    def title_set(self) -> frozenset[str]:
        return frozenset(self.title)

    @cached_property
    def names_set(self) -> frozenset[str]:
        return frozenset(self.names)

    @cached_property
    def sketch_set(self) -> frozenset[int]:
        return frozenset(self.sketch)

    @cached_property
    def quotes_set(self) -> frozenset[int]:
        return frozenset(self.quotes)

    @cached_property
    def terms_norm(self) -> float:
        return math.sqrt(sum(w * w for w in self.terms.values()))

    def to_json(self) -> dict[str, Any]:
        return {"d": self.day, "t": self.title, "v": self.terms, "n": self.names,
                "m": self.sketch, "q": self.quotes, "w": self.words}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Signature:
        return cls(day=d.get("d"), title=list(d.get("t") or []), terms=dict(d.get("v") or {}),
                   names=list(d.get("n") or []), sketch=list(d.get("m") or []),
                   quotes=list(d.get("q") or []), words=int(d.get("w") or 0))

    def keys(self) -> list[str]:
        """Look-up keys for finding candidate articles: title words, names, top terms."""
        keys = dict.fromkeys(["t:" + w for w in self.title])
        keys.update(dict.fromkeys("n:" + n for n in self.names[:12]))
        top = sorted(self.terms, key=lambda w: -self.terms[w])[:8]
        keys.update(dict.fromkeys("t:" + w for w in top))
        return list(keys)


def signature(article: Article) -> Signature:
    return signature_of(article.title, article.body, article.published,
                        (q.text for q in article.quotes))


def signature_of(title: str, body: str, published: str | None,
                 quotes: Iterable[str] = ()) -> Signature:
    title_words = list(dict.fromkeys(content_words(title)))
    tokens = _WORD_RE.findall(body)
    body_words = _content_of(tokens)
    tf: Counter[str] = Counter(body_words)
    for w in body_words[:LEAD_WORDS]:
        tf[w] += LEAD_BOOST - 1
    for w in title_words:
        tf[w] += TITLE_BOOST
    top = tf.most_common(TERMS_KEPT)
    terms = {w: round(math.sqrt(c), 3) for w, c in top}
    names = [n for n, _ in names_in(body).most_common(NAMES_KEPT)]
    quote_hashes: set[int] = set()
    for text in quotes:
        ws = plain_words(text)
        for i in range(max(0, len(ws) - QUOTE_SHINGLE + 1)):
            quote_hashes.add(_crc(" ".join(ws[i:i + QUOTE_SHINGLE])))
    words = _plain_of(tokens)
    return Signature(
        day=day_number(published), title=title_words, terms=terms, names=names,
        sketch=sketch(words), quotes=sorted(quote_hashes)[:QUOTE_SHINGLES_KEPT], words=len(words),
    )
