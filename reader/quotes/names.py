"""Speaker phrases -> names, roles and descriptions (no NLP models needed).

A speaker phrase is the text a cue verb points at: "Secretary of State
Hillary Clinton", "Scott Horton, an international law expert at Columbia
University", "Tabler, now with the Washington Institute", "she", "the
official spokesperson in Caracas". News style is regular enough that
capitalised-word runs plus the title/organisation tables in ``cues.py``
split these into name, role and description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.quotes import cues

_TOKEN_RE = re.compile(r"[^\W_][\w’'.\-&]*|[,;]", re.UNICODE)
_PAREN_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_PARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|ad|as|ash|at|ar|an|abu|bin|ibn|bint|d|o|de|di|da|van|von|le|la|mc|mac)[-’'][A-Z]")
NAME_PARTICLES = frozenset("de del della der den di da du la le van von bin ibn abu al el dos das st. y".split())
_INITIAL_RE = re.compile(r"^[A-Z]\.$")
_SUFFIXES = frozenset("jr sr ii iii iv".split())

_ROLE_PHRASE_RES = [
    re.compile(r"(?<!\w)" + re.escape(p).replace(r"\ ", r"\s+") + r"(?!\w)", re.I) for p in cues.ROLE_PHRASES
]


@dataclass(frozen=True)
class SpeakerRef:
    """What an attribution cue points at, before resolution.

    kind: "name" (text is a name as written), "pronoun" (text is he/she/...),
    "desc" (a description such as "the official spokesperson").
    """

    kind: str
    text: str
    role: str | None = None
    indefinite: bool = False
    definite: bool = False  # "the minister": may refer to someone named before
    introduced: bool = False  # a name followed by an appositive ("X, editor of ...")


def _bare(tok: str) -> str:
    return tok.lower().rstrip(".,")


def _norm_key(tok: str) -> str:
    t = tok.lower()
    return t if t in cues.TITLE_WORDS or t in cues.HONORIFICS else t.rstrip(".")


def is_cap(tok: str) -> bool:
    if not tok or tok in (",", ";"):
        return False
    if tok[0].isupper():
        return True
    return bool(_PARTICLE_PREFIX_RE.match(tok))


def is_title(tok: str) -> bool:
    t = tok.lower()
    return t in cues.TITLE_WORDS or t.rstrip(".") in cues.TITLE_WORDS or t in cues.HONORIFICS


def is_org(tok: str) -> bool:
    return _bare(tok) in cues.ORG_WORDS


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(_PAREN_RE.sub(" ", text))


def _strip_tok(tok: str) -> str:
    """Drop a sentence full stop but keep abbreviations and initials."""
    if tok.endswith(".") and not _INITIAL_RE.match(tok) and tok.lower() not in cues.ABBREVIATIONS and tok.count(".") == 1:
        return tok[:-1]
    return tok


def split_chunks(text: str) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for tok in tokens(text):
        if tok in (",", ";"):
            chunks.append([])
        else:
            chunks[-1].append(_strip_tok(tok))
    return [c for c in chunks if c]


def is_pronoun_chunk(chunk: list[str]) -> bool:
    return len(chunk) == 1 and chunk[0].lower() in cues.PRONOUNS


def _name_final(chunk: list[str]) -> bool:
    if is_pronoun_chunk(chunk):
        return True
    last = chunk[-1]
    if last.lower() in cues.NON_NAME_CAPS:
        return False  # "However,"
    return is_cap(last) and not is_org(last) and not is_title(last) and _bare(last) not in cues.TIME_WORDS


_PARTY_TAG_RE = re.compile(r"^(?:[RDI]|GOP|Dem|Rep)-[A-Z][\w.]*$")
_POSSESSIVE_RE = re.compile(r"(?:’s|'s|s’|s')$")


def _appositive_like(chunk: list[str]) -> bool:
    """A chunk that describes a name rather than being one: "an expert at
    ...", "30" (an age), "R-Ky." (party and state), "Romney's deputy"."""
    first = chunk[0]
    if not is_cap(first) or first.lower() in cues.DETERMINERS:
        return True
    if all(t.lower() in cues.NON_NAME_CAPS for t in chunk):
        return True  # "However," / "Meanwhile,"
    return first[0].isdigit() or bool(_PARTY_TAG_RE.match(first))


def _role_led_name(chunk: list[str]) -> bool:
    """"candidate Hillary Clinton", "former president Bill Clinton": a role in
    lower case straight before a name, no preposition in between."""
    if not _name_final(chunk) or is_pronoun_chunk(chunk):
        return False
    k = len(chunk)
    while k > 0 and is_cap(chunk[k - 1]):
        k -= 1
    if k == 0 or k == len(chunk):
        return False
    lead = [t.lower() for t in chunk[:k]]
    return lead[0] not in cues.DETERMINERS and not any(
        t in cues.PREPOSITIONS or t in cues.SUBJECT_STOPS or t in cues.DESCRIPTION_CUTS for t in lead
    )


def _head_like(chunks: list[list[str]], i: int) -> bool:
    chunk = chunks[i]
    if _role_led_name(chunk):
        return True
    if _POSSESSIVE_RE.search(chunk[0]) and len(chunk) > 1:
        # "Dan Centinello, Romney's deputy ...": describes the name before it;
        # "Sanders's hometown Burlington Free Press" alone is the subject.
        return not (i > 0 and _name_final(chunks[i - 1]))
    if _appositive_like(chunk):
        return False
    # A short place after a descriptive chunk continues it ("Harry Bond, 30,
    # of Raleigh, N.C.", "a pastor at the church of Elizabeth, Colorado").
    if (
        i > 1
        and len(chunk) <= 3
        and _appositive_like(chunks[i - 1])
        and any(_name_final(c) and not _appositive_like(c) for c in chunks[: i - 1])
    ):
        return False
    return True


def choose_chunk(chunks: list[list[str]]) -> list[str] | None:
    """The chunk that names the speaker among comma-separated chunks.

    Appositives ("an international law expert at ...", ages, "R-Ky.",
    "of Raleigh, N.C.") follow the name they describe: prefer the last chunk
    that ends in a name and is not one of them; else the last head-like chunk;
    else the last chunk (a description such as "the senator").
    """
    if not chunks:
        return None
    if is_pronoun_chunk(chunks[-1]):
        return chunks[-1]
    for i in range(len(chunks) - 1, -1, -1):
        if _head_like(chunks, i) and _name_final(chunks[i]):
            return chunks[i]
    for i in range(len(chunks) - 1, -1, -1):
        if _head_like(chunks, i):
            return chunks[i]
    return chunks[-1]


def _role_spans(chunk: list[str]) -> set[int]:
    """Token indexes covered by a multi-word role ("Secretary of State")."""
    text = " ".join(chunk)
    covered: set[int] = set()
    for rx in _ROLE_PHRASE_RES:
        for m in rx.finditer(text):
            first = text[: m.start()].count(" ")
            last = text[: m.end()].count(" ")
            covered.update(range(first, last + 1))
    return covered


def _cut_at_preposition(chunk: list[str], roles: set[int]) -> int:
    """Index where a trailing prepositional phrase starts ("of Breitbart")."""
    for i, tok in enumerate(chunk):
        if i > 0 and i not in roles and tok.lower() in cues.PREPOSITIONS | cues.DESCRIPTION_CUTS:
            return i
    return len(chunk)


def _name_runs(chunk: list[str], roles: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(chunk)
    while i < n:
        tok = chunk[i]
        low = tok.lower()
        if is_cap(tok) and i not in roles and low not in cues.DETERMINERS and low not in cues.NON_NAME_CAPS:
            j = i + 1
            while j < n and j not in roles:
                t = chunk[j]
                if is_cap(t) or _INITIAL_RE.match(t):
                    j += 1
                elif t.lower() in NAME_PARTICLES and j + 1 < n and is_cap(chunk[j + 1]):
                    j += 2
                else:
                    break
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def parse_chunk(chunk: list[str], appositive: list[str] | None = None) -> SpeakerRef | None:
    """Name, role or description from one chunk of a speaker phrase."""
    while chunk and chunk[0].lower() in ("and", "but", "or", "so", "then", "also", "as"):
        chunk = chunk[1:]
    if not chunk:
        return None
    if chunk[0].lower() in cues.POSSESSIVE_PRONOUNS and len(chunk) > 1 and not chunk[1][:1].isdigit():
        chunk = chunk[1:]  # "Her agent Barry Brown", "his spokesman": whose, not who
    elif chunk[0].lower() in cues.PRONOUNS:
        # "he", or "he also" / "it would": the pronoun is the subject
        return SpeakerRef("pronoun", chunk[0].lower())
    if chunk[0].lower() in cues.NON_SPEAKER_PRONOUNS:
        return None  # "I said", "we had long felt"
    if len(chunk) > 1 and chunk[-1].lower() in ("he", "she", "they"):
        return SpeakerRef("pronoun", chunk[-1].lower())  # "On the tsunami he said"
    roles = _role_spans(chunk)
    cut = _cut_at_preposition(chunk, roles)
    head = chunk[:cut]
    best: tuple[int, int] | None = None
    for a, b in _name_runs(head, roles):
        # A run followed by a lowercase word modifies it ("State Department
        # spokeswoman"), unless it is the end of the head.
        if b < len(head) and not is_cap(head[b]):
            continue
        # The name starts after the last title inside the run ("South
        # Carolina Democratic Party Chair Jaime Harrison"), suffixes aside.
        k = a
        for j in range(a, b - 1):
            rest = head[j + 1 : b]
            if is_title(head[j]) and not all(_bare(t) in _SUFFIXES for t in rest):
                k = j + 1
        while k < b and (is_title(head[k]) or head[k].lower() in cues.HONORIFICS):
            k += 1
        if k >= b:
            continue
        if all(is_org(t) for t in head[k:b]) or is_org(head[b - 1]):
            continue
        if _bare(head[b - 1]) in cues.TIME_WORDS:
            continue
        best = (k, b)
    if best is not None:
        k, b = best
        if b - k == 1 and k > 0 and head[k - 1].lower() in cues.PEERAGE:
            k -= 1  # "Lord Falconer" is the name a peer goes by
        name = " ".join(head[k:b])
        role_toks = [t for t in head[:k] if t.lower() not in cues.HONORIFICS]
        while role_toks and (role_toks[0].lower() in cues.DETERMINERS or role_toks[0].lower() in cues.NON_NAME_CAPS):
            role_toks = role_toks[1:]
        role = " ".join(role_toks) or None
        if role is None and appositive and (appositive[0].lower() in ("a", "an", "the") or is_title(appositive[0])):
            app = list(appositive)
            if app[0].lower() in ("a", "an", "the"):
                app = app[1:]
            for i, tok in enumerate(app):
                if tok.lower() in cues.DESCRIPTION_CUTS:
                    app = app[:i]
                    break
            if app and len(app) <= 12:
                role = " ".join(app)
        return SpeakerRef("name", name, role=role, introduced=appositive is not None)
    # No name: a description ("the official spokesperson in Caracas").
    desc = chunk
    for i, tok in enumerate(desc):
        if i > 0 and tok.lower() in cues.DESCRIPTION_CUTS:
            desc = desc[:i]
            break
    while len(desc) > 1 and (_bare(desc[-1]) in cues.TIME_WORDS or desc[-1].lower() in ("on", "last", "this")):
        desc = desc[:-1]
    if not desc or len(desc) > 9:
        return None
    if not any(t[0].isalpha() for t in desc):
        return None
    while len(desc) > 1 and (desc[-1].lower() in cues.DETERMINERS or desc[-1].lower() in cues.PREPOSITIONS):
        desc = desc[:-1]  # "thought the", "weighed up all the": no noun phrase
    if len(desc) > 1 and desc[-1].lower() in ("the", "a", "an"):
        return None
    indefinite = desc[0].lower() in cues.INDEFINITES
    definite = desc[0].lower() == "the"
    words = list(desc)
    if words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if not words:
        return None
    if all(t.lower() in cues.DETERMINERS or t.lower() in cues.SUBJECT_STOPS for t in words):
        return None
    if any(w.lower() in cues.SUBJECT_STOPS - {"to"} or w.lower() in cues.AUXILIARIES for w in words[1:]):
        return None  # a clause, not a noun phrase
    return SpeakerRef("desc", " ".join(words), indefinite=indefinite, definite=definite)


@lru_cache(maxsize=8192)
def parse_phrase(text: str) -> SpeakerRef | None:
    """Speaker from the text between a quote and its cue verb (or after it).
    Cached: the same phrases recur across articles ("he", "Mr Blair")."""
    chunks = split_chunks(text)
    chunk = choose_chunk(chunks)
    if chunk is None:
        return None
    idx = next(i for i, c in enumerate(chunks) if c is chunk)
    appositive = None
    for nxt in chunks[idx + 1 :]:
        if nxt[0][0].isdigit() or _PARTY_TAG_RE.match(nxt[0]):
            continue  # "Harry Bond, 30, of Raleigh": skip the age
        if _appositive_like(nxt):
            appositive = nxt
        break
    return parse_chunk(chunk, appositive)


@lru_cache(maxsize=16384)
def surname(name: str) -> str:
    parts = [p for p in name.split() if _bare(p) not in _SUFFIXES]
    return parts[-1] if parts else name


@lru_cache(maxsize=16384)
def looks_like_person(name: str) -> bool:
    """A name of two or more capitalised words with no organisation word."""
    parts = name.split()
    if len(parts) < 2 or len(parts) > 5:
        return False
    if any(is_org(p) or is_title(p) or p.lower() in cues.NON_SPEAKER_PRONOUNS for p in parts):
        return False  # "Had I": a question, not a name
    if any(p.isupper() and len(p) > 1 and not p.endswith(".") for p in parts):
        return False  # acronyms: "CNN", "NATO"
    return all(is_cap(p) or p.lower() in NAME_PARTICLES or _INITIAL_RE.match(p) for p in parts)
