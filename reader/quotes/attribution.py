"""Step 2: attach each quoted span to the phrase that names its speaker.

Cues are looked for in this order, the way a reader does:

1. after the quote, in its sentence: ``"...," X said`` / ``"...," said X`` /
   ``"..." asylum to Assad, X said`` (first speech verb after the quote);
2. before the quote, in its sentence: ``X said: "..."``, ``according to X,
   "..."``, ``X said that "people sent ..."`` (last cue before the quote;
   a participle such as "adding that" hands over to the sentence's subject);
3. the quote's context: an earlier quote in the same paragraph, the
   paragraph before when it ends with a colon or with the same speaker's
   quote, or the earlier paragraphs of a multi-paragraph quote.

The result is an unresolved ``SpeakerRef`` (a pronoun, a surname, a
description); ``resolve.py`` turns those into canonical names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from reader.quotes import cues
from reader.quotes.finder import Paragraph, QuoteSpan
from reader.quotes.names import SpeakerRef, parse_phrase, split_chunks, tokens
from reader.quotes.scanner import CUES
from reader.quotes.sentences import Sentences

_CLAUSE_PUNCT_RE = re.compile(r"[;:—–\x00\"“”«»]|\s-\s|\s--\s")
_AFTER_END_RE = re.compile(r"[,;:.!?()\[\]—–\x00\"“”«»]|\s-\s|\s--\s")
_ONLY_PUNCT_RE = re.compile(r"^[\s,.;:—–\-]*$")
_WORD_RE = re.compile(r"[^\W_][\w’'.\-]*")


#: Longest stretch of text (characters) searched for a cue on either side of
#: a quote: a sentence is rarely longer, and a bound keeps a pathological
#: body (one 500 kB paragraph) linear.
MAX_FRAME = 600


@dataclass
class Attribution:
    """A span's speaker phrase and how firmly the text ties it to the span.

    strength: "adjacent" (the cue sits right next to the quote), "sentence"
    (a cue elsewhere in the sentence), "context" (borrowed from a nearby quote).
    ``pos`` is the body offset of the speaker phrase (for pronoun resolution).
    """

    ref: SpeakerRef | None
    strength: str
    pos: int


def _strip_tail(pre: str) -> str:
    """Drop adverbs, auxiliaries and time phrases between subject and verb."""
    toks = list(_WORD_RE.finditer(pre))
    cut = len(pre)
    i = len(toks) - 1
    while i >= 0:
        w = toks[i].group().lower().rstrip(".")
        if w in cues.VERB_ADVERBS or w in cues.AUXILIARIES or w in cues.TIME_WORDS or w in ("on", "this", "last", "in"):
            # "in" only as part of "in March"; cut conservatively.
            if w == "in" and i + 1 < len(toks) and not toks[i + 1].group()[0].isupper():
                break
            cut = toks[i].start()
            i -= 1
            continue
        break
    return pre[:cut]


def _backward_subject(region: str) -> str:
    """The subject before a cue verb: back to clause punctuation, then trim the
    last comma chunk at a clause word ("... confirm was that the official")."""
    m = None
    for m in _CLAUSE_PUNCT_RE.finditer(region):  # noqa: B007 - the last match is wanted
        pass
    if m is not None:
        region = region[m.end() :]
    region = _strip_tail(region)
    tail_words = _WORD_RE.findall(region[-12:])
    if tail_words and tail_words[-1].lower() in _COORDINATORS:
        # "Trump again knocked Clinton ... and said": the subject opens the clause.
        return _clause_subject(region[: region.rfind(tail_words[-1])])
    # Walk back over the comma chunks next to the verb that describe the
    # subject ("Andrew Tabler, a long-time Syria watcher who ..., told") to
    # the chunk naming it, and keep what follows that chunk's last clause
    # word ("in what Bay Buchanan, national treasurer ..., called").
    parts = region.split(",")
    k = len(parts) - 1
    while k > 0 and _describes(parts[k], last=k == len(parts) - 1) and not (k == 1 and _opens_aside(parts[0])):
        k -= 1
    # "Swanson, who is a pastor at the church of Elizabeth, Colorado, slammed": a place
    # closing a relative clause is part of it; the subject stands before the clause.
    rel = next((j for j in range(k, 0, -1) if (_WORD_RE.findall(parts[j]) or [""])[0].lower() in _RELATIVES), None)
    if rel is not None and rel < k and all(
        0 < len(ws := _WORD_RE.findall(parts[j])) <= 3 and all(w[0].isupper() for w in ws) for j in range(rel + 1, k + 1)
    ):
        k = rel - 1
        while k > 0 and _describes(parts[k]):
            k -= 1
    chunk = parts[k]
    for w in reversed(list(_WORD_RE.finditer(chunk))):
        if w.group().lower() in cues.SUBJECT_STOPS or w.group().lower() in ("what", "how", "why"):
            chunk = chunk[w.end() :]
            break
    return ",".join([chunk] + parts[k + 1 :])


def _opens_aside(part: str) -> bool:
    """A clause's first chunk that opens with a preposition or a participle
    ("Asked about X", "In her ruling", "Writing in the Echo") is an aside
    naming nobody: a walk back over descriptions stops before it ("Asked
    about X, the spokesman said")."""
    words = _WORD_RE.findall(part)
    if len(words) < 2:
        return False
    first = words[0].lower()
    return first in cues.PREPOSITIONS or (first in cues.NON_NAME_CAPS and first.endswith(("ing", "ed")))


_RELATIVES = frozenset(("who", "whom", "whose", "which"))
_PARTY_TAG_RE = re.compile(r"^(?:[RDI]|GOP|Dem|Rep)-[A-Z][\w.]*$")
#: Clause words that end a walk back over descriptive chunks (not "and":
#: "editor of a journal and the head of a group" is one description).
_WALK_STOPS = frozenset(
    "what how why that when while where as because although though if since after before until unless whether".split()
)


def _describes(part: str, last: bool = False) -> bool:
    """A comma chunk that describes rather than names: empty, or opening with
    a lower-case word or an article, with no clause word of its own. A
    relative clause right before the verb is the verb's own clause ("whom he
    called"), not a description."""
    words = _WORD_RE.findall(part)
    if not words:
        return True
    first = words[0]
    if first.lower() in cues.PRONOUNS:
        return False
    if all(w.lower() in cues.NON_NAME_CAPS for w in words):
        return True  # "However, the report warned"
    if first.lower() in _RELATIVES:
        return not last
    if _PARTY_TAG_RE.match(part.strip()) or first.endswith(("’s", "'s")):
        return True  # "R-Ky.", "Romney's deputy director"
    if any(w.lower() in _WALK_STOPS for w in words):
        return False
    return first[0].islower() or first.lower() in ("a", "an", "the") or first[0].isdigit()


_COORDINATORS = frozenset(("and", "but", "then", "or"))
_CLAUSE_OPENERS = frozenset(
    "and but or so yet while as because although though whereas if when after before since until unless who which that whose".split()
)
_LEAD_SKIP = cues.SUBJECT_STOPS | cues.PREPOSITIONS | frozenset(("such", "even", "only", "just", "also", "then"))


def _clause_subject(text: str) -> str:
    """The subject opening the last clause of ``text``: a pronoun or a
    capitalised run right after the clause start ("such as when Cruz knocked
    Rubio ..." -> "Cruz"). Empty when there is none."""
    chunks = [c for c in re.split(r"[,;:\x00\"“”]", text) if c.strip()]
    for idx in range(len(chunks) - 1, -1, -1):
        chunk = chunks[idx]
        words = list(_WORD_RE.finditer(chunk))
        k = 0
        while k < len(words) and words[k].group().lower() in _LEAD_SKIP:
            k += 1
        if k >= len(words):
            continue
        first = words[k].group()
        if first.lower() in cues.PRONOUNS:
            return first
        if not first[0].isupper() or first.lower() in _LEAD_SKIP or first.lower() in cues.NON_NAME_CAPS:
            continue  # "Indeed, ... we watch X referring to": no subject
        j = k
        while j < len(words) and (words[j].group()[0].isupper() or words[j].group().lower() in cues.HONORIFICS):
            j += 1
        # A run followed by its verb, or a whole first chunk followed by an
        # appositive ("Donald Trump, who is ..., has ..., telling ...").
        if j > k and (j < len(words) or idx == 0):
            return chunk[words[k].start() : words[j - 1].end()]
    return ""


def _reported_clause(between: str) -> bool:
    """Whether text after a speech verb continues its reported clause (no
    clause punctuation) up to the next cue."""
    return not _CLAUSE_PUNCT_RE.search(between)


def _first_words_ok(phrase: str) -> bool:
    toks = tokens(phrase)
    if not toks:
        return False
    first = toks[0].lower()
    return first not in cues.PREPOSITIONS and first not in cues.SUBJECT_STOPS and first not in ("what", "how", "why", "there")


def _phrase_end(text: str) -> Any:
    """Where a phrase after a cue ends: punctuation, but not the full stop of
    an initial or abbreviation ("James B. Comey", "Sen. Ted Cruz")."""
    for m in _AFTER_END_RE.finditer(text):
        if m.group() == ".":
            word = text[: m.start()].rsplit(None, 1)[-1] if text[: m.start()].strip() else ""
            if (len(word) == 1 and word.isupper()) or (word + ".").lower() in cues.ABBREVIATIONS:
                continue
        return m
    return None


#: A sentence ending in a colon that hands over a written statement (no speech verb).
_ISSUED_RE = re.compile(
    r"\b(?:issued|released|put out|posted|sent|published|shared)\b(?=[^.]*\b(?:statement|message|remarks|letter|note|tweet|post)s?\b)",
    re.IGNORECASE,
)

#: Words that end the subject after a verb-first cue: a subordinate clause begins.
_PHRASE_BREAKS = cues.SUBJECT_STOPS - {"and", "or", "to", "that", "which", "who", "whose", "whom"}


def _phrase_after(masked: str, start: int, limit: int) -> tuple[str, int]:
    """Speaker phrase after a verb-first cue ("said Solomon Yue, an RNC ...")."""
    region = masked[start:limit]
    m = _phrase_end(region)
    phrase = region[: m.start()] if m else region
    # '"...," said Trump as he dined on ...': the subject ends where a clause begins.
    cut = next(
        (w.start() for i, w in enumerate(_WORD_RE.finditer(phrase)) if i and w.group().lower() in _PHRASE_BREAKS),
        None,
    )
    if cut is not None:
        region, m = phrase[:cut].rstrip(), None
        phrase = region
    # keep one appositive for the role ("X, an RNC committeeman from Oregon")
    if m and m.group() == ",":
        rest = region[m.end() :]
        m2 = _phrase_end(rest)
        app = rest[: m2.start()] if m2 else rest
        first = app.split()[0] if app.strip() else ""
        described = parse_phrase(phrase) if phrase.strip() else None
        if first.lower() in ("a", "an", "the") or (
            first[:1].isupper() and (described is None or described.kind == "desc")
        ):
            # an appositive for the role, or the name after a description
            # ("said Rubio's deputy campaign manager, Rich Beeson, who ...")
            phrase = phrase + "," + app
    return phrase, start + (len(region) - len(region.lstrip()))


def _opening_lowered(region: str) -> str:
    """``region`` with its first word in lower case (same length), so that a verb
    opening the sentence is read as a cue: 'Stated Stone:', 'Continued Stone: "..."'."""
    stripped = region.lstrip()
    i = len(region) - len(stripped)
    if len(stripped) > 1 and stripped[0].isupper() and stripped[1].islower():
        return region[:i] + stripped[0].lower() + stripped[1:]
    return region


def _finite(region: str, m: Any) -> bool:
    """A cue word used as a verb of its own sentence, not "to explain"."""
    before = region[max(0, m.start() - 4) : m.start()]
    return not (before.endswith(("to ", "To ")) and (len(before) < 4 or not before[-4].isalnum()))


class Attributor:
    """Finds the speaker phrase of each span of one body."""

    def __init__(self, body: str, masked: str, paras: list[Paragraph], spans: list[QuoteSpan], sents: Sentences):
        self.body = body
        self.masked = masked
        self.paras = paras
        self.spans = spans
        self.sents = sents
        self._opens = sorted(s.open_mark for s in spans if s.open_mark is not None)

    # -- cue helpers ---------------------------------------------------------

    def _next_open_after(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._opens, pos)
        return self._opens[i] if i < len(self._opens) else None

    def subject_of(self, verb: Any, lo: int, offset: int, found: list[Any] | None = None) -> SpeakerRef | None:
        """The subject of ``verb`` (a cue found in masked[offset:]) back to
        ``lo``; ``found``: the cues already found in that text, if scanned."""
        pre = self.masked[lo : offset + verb.start()]
        if found is None:
            found = CUES.scan(pre, cues.SPEECH_ONLY)
        outer = [
            m
            for m in found
            if m.kind == "speech" and m.end() <= verb.start() and pre[: m.start()].strip() and _finite(pre, m)
        ]  # not a verb opening the sentence: "Asked about X, the spokesman said"
        if outer and _reported_clause(pre[outer[-1].end() :]):
            return self._nested_subject(pre, outer[-1], verb, lo)
        phrase = _backward_subject(pre)
        if not phrase.strip(" ,"):
            return None
        ref = parse_phrase(phrase)
        return ref

    def _nested_subject(self, pre: str, outer: Any, verb: Any, lo: int) -> SpeakerRef | None:
        """A report inside a report: in 'Quill said Reyes told her, "..."' the
        quote is told by Reyes, the inner speaker named with a speech verb; in
        'Maddow pointed out that Sanders refers to it as "..."', 'Cummings
        said he believed a "well funded" bid ...', 'Howard said the police
        had said ...' or 'the ministry said that it wanted ...' the one quoted
        is the outer speaker, not a phrase running over both cues."""
        inner_phrase = _backward_subject(re.sub(r"^\s*that\b", "", pre[outer.end() :]))
        inner = parse_phrase(inner_phrase) if inner_phrase.strip(" ,") else None
        if inner is not None and inner.kind == "name" and getattr(verb, "kind", "") == "speech":
            return inner
        said = self.subject_of(outer, lo, lo)
        if said is None and inner is not None and inner.kind == "pronoun":
            return inner
        return said

    @staticmethod
    def _inverted(region: str, m: Any) -> bool:
        """'Because of ..., explained Rosenberg, "..."': verb before its subject."""
        if m.group().lower() in cues.OBJECT_VERBS:
            return False
        before = region[: m.start()].rstrip()
        if before and not before.endswith(","):
            return False
        after = region[m.end() :].lstrip()
        word = _WORD_RE.match(after)
        if not (word and word.group()[0].isupper() and word.group().lower() not in cues.TIME_WORDS):
            return False
        # '..., explained Rosenberg, "...': the name is set off before the
        # quote; in '..., said Fiorina "was ..."' Fiorina opens the reported clause.
        return after.rstrip().endswith((",", ":"))

    def _inverted_after(self, region: str, m: Any, t0: int, t1: int) -> Attribution | None:
        """'"casually" from the same mosque, said the bureau's director, James
        B. Comey': a cue right after a comma, then its subject."""
        if not region[: m.start()].rstrip().endswith(",") or m.group().lower() in cues.OBJECT_VERBS:
            return None
        phrase, ppos = _phrase_after(self.masked, t0 + m.end(), t1)
        words = _WORD_RE.findall(phrase)
        if not words or words[0].lower() in cues.TIME_WORDS:
            return None
        if not (words[0][0].isupper() or words[0].lower() in ("the", "a", "an")):
            return None
        if any(w.lower() in cues.AUXILIARIES or w.lower() in cues.SUBJECT_STOPS for w in words):
            return None  # 'said President Obama was wrong': a reported clause
        ref = parse_phrase(phrase)
        if ref is None or ref.kind == "pronoun":
            return None
        return Attribution(ref, "sentence", ppos)

    def trailing(self, span: QuoteSpan) -> Attribution | None:
        if span.close_mark is None:
            return None
        t0 = span.close_mark + 1
        t1 = min(self.sents.end(t0), t0 + MAX_FRAME)
        nxt = self._next_open_after(t0 - 1)
        if nxt is not None and nxt < t1:
            t1 = nxt
        region = self.masked[t0:t1]
        found = CUES.scan(region, cues.SPEECH_OR_PREPOSED)
        for m in found:
            if m.kind != "speech" or not _finite(region, m):
                continue
            pre = region[: m.start()]
            if _ONLY_PUNCT_RE.match(pre):
                if m.group().lower() in cues.OBJECT_VERBS:
                    continue
                phrase, ppos = _phrase_after(self.masked, t0 + m.end(), t1)
                if not _first_words_ok(phrase):
                    continue
                ref = parse_phrase(phrase)
                if ref is not None and ref.kind != "pronoun":
                    return Attribution(ref, "adjacent", ppos)
                continue
            if _CLAUSE_PUNCT_RE.search(pre):
                break
            inverted = self._inverted_after(region, m, t0, t1)
            if inverted is not None:
                return inverted
            stripped = _strip_tail(pre)
            if not split_chunks(stripped):
                continue
            adjacent = _WORD_RE.findall(stripped.rpartition(",")[2])
            if adjacent and adjacent[0].lower() in _CLAUSE_OPENERS:
                break  # '"..." for Mrs. Clinton, but said ...': another clause's cue
            phrase = _backward_subject(pre)
            ref = parse_phrase(phrase) if phrase.strip(" ,") else None
            if ref is None:
                continue
            if ref.kind == "pronoun" and self.body[span.end - 1] in ".!?" and pre.lstrip()[:1].isupper():
                break  # '“... the long run!” She replied to him': a new sentence, not this quote's cue
            strength = "adjacent" if len(tokens(pre)) <= 14 or self.body[span.end - 1] in ",?!" else "sentence"
            return Attribution(ref, strength, t0 + len(pre) - len(pre.lstrip()))
        for m in found:
            if m.kind != "preposed":
                continue
            if _CLAUSE_PUNCT_RE.search(region[: m.start()]):
                break
            phrase, ppos = _phrase_after(self.masked, t0 + m.end(), t1)
            ref = parse_phrase(phrase)
            if ref is not None and ref.kind != "pronoun":
                return Attribution(ref, "adjacent", ppos)
        return None

    def leading(self, span: QuoteSpan) -> Attribution | None:
        if span.open_mark is None:
            return None
        l0 = max(self.sents.start(span.open_mark), span.open_mark - MAX_FRAME)
        l1 = span.open_mark
        region = self.masked[l0:l1]
        kind_of = {"speech": "verb", "characterising": "verb", "participle": "participle", "preposed": "preposed"}
        found: list[tuple[int, str, Any]] = [
            (m.start(), kind_of[m.kind], m) for m in CUES.scan(_opening_lowered(region)) if _finite(region, m)
        ]
        if not found:
            return None
        between_last = region[found[-1][2].end() :]
        strength = "adjacent" if re.fullmatch(r"[\s,:]*(?:that\s*)?", between_last) else "sentence"
        for k in range(len(found) - 1, -1, -1):
            _, kind, m = found[k]
            if kind == "preposed":
                phrase, ppos = _phrase_after(self.masked, l0 + m.end(), l1)
                ref = parse_phrase(phrase)
                if ref is not None:
                    return Attribution(ref, strength, ppos)
                continue
            if kind == "participle":
                # The subject of an earlier finite cue in this sentence, else the
                # quote before this one (continuation handled by the caller).
                earlier = [f for f in found[:k] if f[1] == "verb"]
                if earlier:
                    continue
                subject = _clause_subject(region[: m.start()])
                ref = parse_phrase(subject) if subject else None
                if ref is not None:
                    return Attribution(ref, "sentence", l0 + m.start())
                return Attribution(None, "participle", l0 + m.start())
            if self._inverted(region, m):
                phrase, ppos = _phrase_after(self.masked, l0 + m.end(), l1)
                ref = parse_phrase(phrase)
                if ref is not None and ref.kind == "name":
                    return Attribution(ref, strength, ppos)
            ref = self.subject_of(m, l0, l0, [f[2] for f in found[:k]])
            if ref is None:
                # verb-first: 'Said Trump: "..."', 'says Viguerie, "..."'
                if m.group().lower() in cues.OBJECT_VERBS:
                    continue
                phrase, ppos = _phrase_after(self.masked, l0 + m.end(), l1)
                if _first_words_ok(phrase):
                    ref = parse_phrase(phrase)
                    first = phrase.split()[0].lower() if phrase.split() else ""
                    if ref is not None and (ref.kind == "name" or first in ("the", "a", "an", "one")):
                        return Attribution(ref, strength, ppos)
                continue
            if ref.kind == "pronoun" or ref.kind == "name" or ref.kind == "desc":
                return Attribution(ref, strength, l0 + m.start())
        return None

    def colon_intro(self, para: Paragraph) -> Attribution | None:
        """A paragraph ending in a colon introduces the quote that follows."""
        text = self.masked[para.start : para.end].rstrip()
        if not text.endswith(":"):
            return None
        end = para.start + len(text) - 1
        lo = max(self.sents.start(end), end - MAX_FRAME)
        region = self.masked[lo:end]
        ms = CUES.scan(_opening_lowered(region), cues.SPEECH_OR_PREPOSED)
        if not ms:
            # "Donald Trump issued the following statement:": the statement's author.
            issued = _ISSUED_RE.search(region)
            if issued is None:
                return None
            phrase = _backward_subject(region[: issued.start()])
            ref = parse_phrase(phrase) if phrase.strip(" ,") else None
            return Attribution(ref, "context", lo + issued.start()) if ref and ref.kind != "pronoun" else None
        m = ms[-1]
        if m.kind == "preposed":
            phrase, ppos = _phrase_after(self.masked, lo + m.end(), end)
            ref = parse_phrase(phrase)
            return Attribution(ref, "context", ppos) if ref else None
        ref = self.subject_of(m, lo, lo, ms)
        if ref is None:
            phrase, ppos = _phrase_after(self.masked, lo + m.end(), end)
            ref = parse_phrase(phrase) if _first_words_ok(phrase) else None
        return Attribution(ref, "context", lo + m.start()) if ref else None

    def previous_sentence(self, span: QuoteSpan) -> Attribution | None:
        """A quote opening a sentence right after one that announces it
        ("Cruz tweeted a warning. "Missouri: ..."")."""
        if span.open_mark is None:
            return None
        s0 = self.sents.start(span.open_mark)
        if self.masked[s0 : span.open_mark].strip():
            return None
        para = self.paras[span.paragraph]
        if s0 <= para.start:
            return None
        p0 = max(self.sents.start(s0 - 1), s0 - MAX_FRAME)
        region = self.masked[p0:s0]
        if "\x00" in region:
            return None  # that sentence has its own quote
        ms = CUES.scan(region, cues.SPEECH_ONLY)
        if not ms:
            return None
        # "..., said Bart Naylor, an advocate. "It would ..."": the subject follows the verb.
        inverted = self._inverted_after(region, ms[-1], p0, s0)
        if inverted is not None and inverted.ref is not None and inverted.ref.kind == "name":
            return Attribution(inverted.ref, "context", inverted.pos)
        ref = self.subject_of(ms[-1], p0, p0, ms)
        return Attribution(ref, "context", p0 + ms[-1].start()) if ref else None
