"""Step 3b: the person a "he"/"she" speaker phrase means.

A reader looks back for the nearest sentence naming someone who fits, and in
that sentence takes its subject before the people it merely mentions:

* gender: "she" skips a "Mr. Burr", a "spokesman", a "John"; "he" skips a
  "Mrs. Clinton", a "congresswoman", a "Mary" (``cues.GENDERED_WORDS`` and
  the first-name tables); a lone surname takes the gender its mentions show
  ("Mrs. Clinton" ... "Clinton") unless several people bear it;
* subject: in "White House spokesman Josh Earnest said Obama has kept in
  touch ... / "...," he said" the pronoun continues Earnest, who speaks in
  that sentence, not Obama, named last; failing a speaker, the first subject
  who speaks somewhere in the body ("Asked about Trump, Clinton pointed to
  ...": a name after a preposition, a possessive or one followed by a
  preposition is no subject);
* in the pronoun's own sentence, and otherwise, the last person named
  before it, as before ("Flynn said Trump was right when he said ...").

Every table is in ``cues.py``; nothing here is fitted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from reader.quotes import cues


class Person(Protocol):
    pos: int
    name: str


P = TypeVar("P", bound=Person)


class People(Protocol):
    """What ``choose`` asks of the names met in a body (``resolve.Registry``)."""

    speakers: set[str]  # lower-cased surnames of the body's named speakers

    def gender_of(self, name: str) -> str: ...

    def subject_of(self, m: Any) -> int: ...


@lru_cache(maxsize=8192)
def name_gender(name: str) -> str:
    """ "m", "f" or "" from a name as written ("Mrs. Clinton", "Mary Smith")."""
    words = name.lower().split()
    for w in words:
        g = cues.GENDERED_WORDS.get(w)
        if g:
            return g
    while words and (words[0] in cues.TITLE_WORDS or words[0].rstrip(".") in cues.TITLE_WORDS):
        words = words[1:]
    if len(words) < 2:
        return ""  # "Clinton" is a surname here, not the first name "Clinton"
    first = words[0].rstrip(".")
    if first in cues.FEMALE_FIRST_NAMES:
        return "f"
    if first in cues.MALE_FIRST_NAMES:
        return "m"
    return ""


def described_gender(described: str) -> str:
    """Gender said by a role in lower case or an appositive ("the group's chairwoman")."""
    for w in described.split():
        g = cues.GENDERED_WORDS.get(w)
        if g:
            return g
    return ""


class Sentences(Protocol):
    """Sentence starts of the body (``sentences.Sentences``)."""

    def start_anywhere(self, pos: int) -> int: ...


#: Words after a name that show it is no subject ("Jessica Ghawi during the
#: shooting", "Obama in the Oval Office", "Trump and Cruz").
_NOT_VERB = cues.PREPOSITIONS | cues.DETERMINERS | cues.TIME_WORDS | frozenset("and or but nor".split())
#: Speech verbs of one word ("said", "argues"): a name before one is a speaker.
_SPEECH_WORDS = frozenset(v for v in cues.SPEECH_VERBS if " " not in v)
_AFTER_NAME_RE = re.compile(r"(?:,[^,.;:\x00]{2,80},)?\s+([a-z][\w’'\-]*)")

#: How a mention stands in its sentence: the subject of a speech verb
#: ("Josh Earnest said Obama ..."), another subject, or neither.
SPEAKER, SUBJECT, OTHER = 2, 1, 0


def subject_like(masked: str, start: int, end: int) -> int:
    """SPEAKER, SUBJECT or OTHER for the name at masked[start:end]: a name
    after a preposition or an article, or a possessive ("Trump's", "Sanders'"),
    is no subject; one followed (past an appositive) by a word that can be a
    verb is, and a speaker when that word is a speech verb."""
    before = masked[max(0, start - 24) : start].split()
    if before and before[-1].strip('("“').lower() in _NO_SUBJECT_BEFORE:
        return OTHER
    if masked[end - 1 : end] in ("'", "’") or masked.startswith(("’s", "'s"), end):
        return OTHER
    m = _AFTER_NAME_RE.match(masked, end)
    if m is None or m.group(1) in _NOT_VERB:
        return OTHER
    return SPEAKER if m.group(1) in _SPEECH_WORDS else SUBJECT


_NO_SUBJECT_BEFORE = cues.PREPOSITIONS | frozenset(("the", "a", "an"))


def choose(
    people: Sequence[P], positions: list[int], pos: int, pronoun: str, known: People, sents: Sentences
) -> P | None:
    """The person ``pronoun`` at ``pos`` refers to (see the module doc).
    ``known`` tells a name's gender ("" unknown), whether a mention stands as
    a speaker or a subject, and the surnames of the body's named speakers: a
    subject who is not one of them ("the 2006 World Cup appears ...") does
    not take a pronoun speaker from the person named last."""
    want = cues.PRONOUNS.get(pronoun, "")

    def fits(m: P) -> bool:
        g = known.gender_of(m.name)
        return not g or not want or g == want

    i = bisect.bisect_left(positions, pos) - 1
    last = None
    while i >= 0:
        m = people[i]
        if fits(m):
            last = m
            break
        i -= 1
    if last is None:
        return None
    lo = sents.start_anywhere(last.pos)
    if lo == sents.start_anywhere(pos):
        return last  # "Flynn said Trump was right when he said ...": the nearest, in its own sentence
    j = i
    while j > 0 and people[j - 1].pos >= lo:
        j -= 1
    here = [m for m in people[j : i + 1] if fits(m)]
    for m in here:
        if known.subject_of(m) == SPEAKER:
            return m
    for m in here:
        if known.subject_of(m) == SUBJECT and m.name.split()[-1].lower() in known.speakers:
            return m
    return last
