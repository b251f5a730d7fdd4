"""Step 3: turn speaker phrases into canonical speakers.

* "Tabler", "Mr. Lukyanov" -> the full name given earlier in the body
  ("Andrew Tabler", "Fyodor Lukyanov"); when nobody of that surname was named
  before, the first full name given later.
* "he"/"she" -> the person last named before the cue (speakers first, then
  people introduced with a title or an appositive).
* "A Russian political analyst" -> the person named right after, when the
  next quote introduces a new name with an appositive (reporters introduce a
  source by description, then by name).

Roles stay with the canonical name: a later "Tabler said" inherits the role
the full mention carried.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from reader.quotes import cues
from reader.quotes.attribution import Attribution
from reader.quotes.finder import QuoteSpan, paragraphs
from reader.quotes.names import (
    SpeakerRef,
    is_org,
    is_title,
    looks_like_person,
    surname,
)
from reader.quotes.pronouns import SPEAKER, choose, described_gender, name_gender, subject_like
from reader.quotes.sentences import Sentences

_NAME_TOKEN = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Rev|Prof|St|Jr|Sr)\.|[A-Z]\."
    r"|[A-Z][\w’'\-]*|(?:al|el|bin|ibn|abu)-[A-Z][\w’'\-]*)"
)
#: Two or more capitalised words (names, titled names, organisations).
_RUN_RE = re.compile(
    r"(?=[A-Zabei])(?<![\w’'.\-])" + _NAME_TOKEN + r"(?:[ \t]+(?:(?:de|del|van|von|bin|ibn|al|el|da|di|du|la|le|der|den)[ \t]+)?"
    + _NAME_TOKEN + r")+"
)
_AFTER_SUBJECT_RE = re.compile(r"[ \t]+[a-z]")
#: ", a spokeswoman for the agency," / ", the group's president." right after a name.
_APPOSITIVE_RE = re.compile(r",[ \t]+(?:a|an|the|[\w’'.]+(?:’s|'s))[ \t]+([^,.;:()\x00\n]{2,80})")
_LEAD_WORD_RE = re.compile(r"[a-z][\w\-]*")


def _described(masked: str, start: int, end: int) -> str:
    """Words describing the person named at masked[start:end] (see
    ``Mention.described``): an appositive, and up to three lower-case words
    right before the name back to a preposition, article or clause word."""
    out = []
    if masked.startswith(",", end):
        m = _APPOSITIVE_RE.match(masked, end)
        if m is not None:
            out.append(m.group(1))
    lead = masked[max(0, start - 40) : start]
    if lead.endswith((" ", "\t")):
        take: list[str] = []
        for w in reversed(lead.split()[-3:]):
            if w in cues.ROLE_LEAD_STOPS or not _LEAD_WORD_RE.fullmatch(w):
                break
            take.append(w)
        out.extend(reversed(take))
    return " ".join(out).lower()


@dataclass(slots=True)
class Mention:
    pos: int
    name: str
    role: str | None = None
    from_cue: bool = False
    #: End of the name as written in the body (-1: named by a cue).
    end: int = -1
    #: Lower-case words describing the person where named: an appositive
    #: ("Jane Harlow, a spokeswoman for the agency") or a role in lower case
    #: before the name ("campaign spokesman Brian Fallon"). A later "the
    #: spokeswoman said" refers back by them. None until asked for.
    described: str | None = None
    #: Named as a speaker, a subject or neither (``pronouns.subject_like``);
    #: None until asked for.
    subject: int | None = None


@dataclass
class Registry:
    """Names met in a body, by surname, with positions."""

    by_surname: dict[str, list[Mention]] = field(default_factory=dict)
    people: list[Mention] = field(default_factory=list)  # for pronouns, sorted by pos
    _people_pos: list[int] = field(default_factory=list)
    cue_roles: dict[str, str] = field(default_factory=dict)  # role a cue gave each name
    genders: dict[str, str] = field(default_factory=dict)  # name, surname -> "m"/"f" ("?" when mentions disagree)
    speakers: set[str] = field(default_factory=set)  # lower-cased surnames of the named speakers
    masked: str = ""
    _genders_read: set[str] = field(default_factory=set)  # surnames whose mentions were read
    _gender_memo: dict[str, str] = field(default_factory=dict)

    def described_of(self, m: Mention) -> str:
        if m.described is None:
            m.described = _described(self.masked, m.pos, m.end) if m.end >= 0 else ""
        return m.described

    def subject_of(self, m: Mention) -> int:
        if m.subject is None:
            m.subject = subject_like(self.masked, m.pos, m.end) if m.end >= 0 else SPEAKER
        return m.subject

    def _read_genders(self, key: str) -> None:
        """The genders the body shows for the people of one surname, read
        when a "he"/"she" asks about one of them."""
        self._genders_read.add(key)
        for m in self.by_surname.get(key, ()):
            if m.end >= 0:
                run = self.masked[m.pos : m.end]
                self.note_gender(m.name, name_gender(run) or described_gender(self.described_of(m)))

    def note_gender(self, name: str, gender: str) -> None:
        """Gender shown where ``name`` is named: kept for the full name, and
        for its surname unless another gender was shown for that surname."""
        if gender:
            for key in {name.lower(), surname(name).lower()}:
                old = self.genders.get(key)
                self.genders[key] = gender if old in (None, gender) else "?"

    def gender_of(self, name: str) -> str:
        g = self._gender_memo.get(name)
        if g is None:
            g = self._gender_memo[name] = self._gender_of(name)
        return g

    def _gender_of(self, name: str) -> str:
        """ "m", "f" or "" for a person as named: a full name by what its own
        mentions show ("Ozzy Osbourne" is not "Sharon Osbourne"), a lone
        surname by its mentions when only one person of that name was met."""
        g = name_gender(name)
        if g:
            return g
        key = surname(name).lower()
        if key not in self._genders_read:
            self._read_genders(key)
        if len(name.split()) > 1:
            g = self.genders.get(name.lower(), "")
        else:
            fulls = {m.name for m in self.by_surname.get(name.lower(), []) if len(m.name.split()) > 1}
            g = self.genders.get(name.lower(), "") if len(fulls) <= 1 else ""
            if len(fulls) == 1:
                g = g or self.genders.get(next(iter(fulls)).lower(), "")
        return "" if g == "?" else g

    def add_full(self, m: Mention) -> None:
        self.by_surname.setdefault(surname(m.name).lower(), []).append(m)

    def add_person(self, m: Mention) -> None:
        if m.from_cue and m.role:
            self.cue_roles[m.name] = m.role
        i = bisect.bisect_right(self._people_pos, m.pos)
        self._people_pos.insert(i, m.pos)
        self.people.insert(i, m)

    def full_name(self, short: str, pos: int) -> Mention | None:
        cands = self.by_surname.get(surname(short).lower())
        if not cands:
            # "Sir John" after "Sir John Stevens": a first name, when only one
            # person named so has been met.
            # Only "First Last" names count: "Trump" is not the first name of the
            # "Trump National Doral" resort met earlier.
            key = short.split()[0].lower()
            firsts = {
                m.name: m
                for ms in self.by_surname.values()
                for m in ms
                if m.name.split()[0].lower() == key and len(m.name.split()) == 2
            }
            if len(firsts) == 1:
                return next(iter(firsts.values()))
            return None
        before = [m for m in cands if m.pos < pos]
        if before:
            cue = [m for m in before if m.from_cue]
            return max(cue or before, key=lambda m: m.pos)
        after = [m for m in cands if m.pos >= pos]
        cue = [m for m in after if m.from_cue]
        return min(cue or after, key=lambda m: m.pos)

    def last_person(self, pos: int) -> Mention | None:
        i = bisect.bisect_left(self._people_pos, pos) - 1
        return self.people[i] if i >= 0 else None


def _strip_titles(words: list[str]) -> tuple[list[str], list[str]]:
    k = 0
    for j in range(len(words) - 1):
        if is_title(words[j]) or words[j].lower() in cues.HONORIFICS:
            k = j + 1
    return words[:k], words[k:]


@lru_cache(maxsize=32768)
def _classify_run(run: str) -> tuple[str | None, str, bool, bool]:
    """(role, name, is a person, is a titled single name) for a capitalised run.
    Sentence openers ("However"), possessives ("Mr Begg's father") and
    honorifics are not names; a role needs a real title ("GDC Mr" is none)."""
    words = run.split()
    while words and words[0].lower() in cues.NON_NAME_CAPS:
        words = words[1:]
    if not words:
        return None, "", False, False
    if words[-1].endswith(("’s", "'s")):
        # "Gordon Brown's plan": a full name for surnames, not a subject
        words[-1] = words[-1][:-2]
        titles, name = _strip_titles(words)
        role_words = [w for w in titles if w.lower() not in cues.HONORIFICS]
        return (" ".join(role_words) if any(is_title(w) for w in role_words) else None), " ".join(name), False, False
    titles, name = _strip_titles(words)
    text = " ".join(name)
    role_words = [w for w in titles if w.lower() not in cues.HONORIFICS]
    role = " ".join(role_words) if any(is_title(w) for w in role_words) else None
    if not name:
        return role, "", False, False
    person = looks_like_person(text)
    titled_single = not person and bool(titles) and len(name) == 1 and not is_org(name[0])
    return role, text, person, titled_single


def build_registry(masked: str, attributions: list[Attribution | None], *, pronouns: bool = True) -> Registry:
    """Names in the body (full names by surname); people for pronoun
    resolution only when a pronoun is to be resolved."""
    reg = Registry(masked=masked)
    for a in attributions:
        if a is None or a.ref is None or a.ref.kind != "name":
            continue
        reg.speakers.add(surname(a.ref.text).lower())
        words = a.ref.text.split()
        if len(words) >= 2 and not any(is_org(w) for w in words):
            reg.add_full(Mention(a.pos, a.ref.text, a.ref.role, from_cue=True))
    inner: set[int] = set()  # a surname ending a longer name ("Asia" of "South Asia") is no mention of its own
    for m in _RUN_RE.finditer(masked):
        run = m.group()
        role, text, person, titled_single = _classify_run(run)
        pos = m.start()
        if pronouns and " " in text:
            last = surname(text)
            if run.endswith(last):
                inner.add(m.end() - len(last))
        if text and not person and not titled_single and looks_like_person(text):
            reg.add_full(Mention(pos, text, role))  # a possessive: "Chancellor Gordon Brown's"
            continue
        if person:
            mention = Mention(pos, text, role, end=m.end())
            reg.add_full(mention)
            # A person for pronoun resolution when the text marks it as one:
            # a title, a role word before it, an appositive, or a verb after it.
            after = masked[m.end() : m.end() + 6]
            prev_word = masked[max(0, pos - 20) : pos].split()[-1:]
            if (
                role
                or (prev_word and is_title(prev_word[0]))
                or after.startswith((", a ", ", an ", ", the "))
                or _AFTER_SUBJECT_RE.match(after)
            ):
                reg.add_person(mention)
        elif titled_single:
            reg.add_person(Mention(pos, text, role, end=m.end()))  # "President Obama", "Mr Allard"
            if pronouns:
                reg.note_gender(text, name_gender(run))
    # A lone surname of someone named in full is that person when a verb
    # follows it ("Fallon fired back").
    surnames = {surname(m.name) for ms in reg.by_surname.values() for m in ms} if pronouns else set()
    for name in surnames:
        i = masked.find(name)
        while i >= 0:
            j = i + len(name)
            if i in inner and masked[i - 1 : i] in (" ", "\t"):
                i = masked.find(name, j)
                continue
            if (i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] in "’'-")) and _AFTER_SUBJECT_RE.match(masked, j):
                reg.add_person(Mention(i, name, end=j, described=""))
            i = masked.find(name, j)
    return reg


def _needs_registry(attributions: list[Attribution | None]) -> str:
    """"pronoun" when a pronoun is to be resolved, "names" when only lone
    surnames or "a ... analyst" need the body's names, "" when nothing does."""
    need = ""
    for a in attributions:
        if a is None or a.ref is None:
            continue
        if a.ref.kind == "pronoun" or a.ref.definite:
            return "pronoun"
        if a.ref.indefinite or (a.ref.kind == "name" and _is_short_name(a.ref.text)):
            need = "names"
    return need


def _is_short_name(text: str) -> bool:
    return len(text.split()) == 1


def resolve_speakers(
    spans: list[QuoteSpan],
    attributions: list[Attribution | None],
    masked: str,
    sents: Sentences | None = None,
) -> list[tuple[str | None, str | None]]:
    """(speaker, role) for each span; ``sents``: the body's sentences (a
    pronoun prefers the subject of the sentence naming its person)."""
    if sents is None:
        sents = Sentences(masked, masked, paragraphs(masked), spans)
    need = _needs_registry(attributions)
    reg = build_registry(masked, attributions, pronouns=need == "pronoun") if need else Registry()
    # Cue-named speakers also count as "last named" people for pronouns.
    resolved: list[tuple[str | None, str | None, str]] = []  # speaker, role, kind
    added: set[tuple[str, int]] = set()
    for idx, (_span, a) in enumerate(zip(spans, attributions)):
        if a is None or a.ref is None:
            resolved.append((None, None, ""))
            continue
        ref: SpeakerRef = a.ref
        if ref.kind == "pronoun":
            speaker, role = _resolve_pronoun(ref.text, a.pos, reg, resolved, spans, idx, sents)
            resolved.append((speaker, role, "name" if speaker else ""))
            continue
        if ref.kind == "name":
            name, role = ref.text, ref.role
            if _is_short_name(name):
                full = reg.full_name(name, a.pos)
                if full is not None:
                    name = full.name
                    role = role or full.role
            else:
                full = reg.full_name(name, a.pos)
                if full is not None and full.name.endswith(name) and len(full.name) > len(name):
                    name = full.name
            if name and (name, a.pos) not in added:
                added.add((name, a.pos))
                reg.add_person(Mention(a.pos, name, role, from_cue=True, subject=SPEAKER))
            resolved.append((name, role, "name"))
            continue
        # description
        if ref.definite:
            named = _definite_description(ref.text, a.pos, reg)
            if named is not None:
                resolved.append((named.name, named.role, "name"))
                continue
        resolved.append((ref.text, ref.role, "desc-indef" if ref.indefinite else "desc"))
    _cataphora(spans, attributions, resolved, reg)
    return [(s, r) for s, r, _ in resolved]


_AGE_RE = re.compile(r"^\d+-year-old$")


def _definite_description(text: str, pos: int, reg: Registry) -> Mention | None:
    """"the chancellor" -> the person named earlier with that role;
    "the spokeswoman" -> the person an appositive or a lower-case role
    described so, when every word of the description says so ("the two-time
    champion" is not any champion) or that person is the last one named;
    "the 30-year-old" -> the person last named (like "he")."""
    words = text.lower().split()
    if len(words) > 3:
        return None
    if len(words) == 1 and _AGE_RE.match(words[0]):
        return reg.last_person(pos)
    head = words[-1]
    best = titled = described = None
    for m in reg.people:
        if m.pos >= pos:
            break
        if m.role and head in m.role.lower().split():
            titled = m  # "President Saakashvili" after "former president Eduard Shevardnadze"
            if len(m.name.split()) > 1:
                best = m
        elif len(m.name.split()) > 1 and head in reg.described_of(m).split():
            described = m
    if described is not None and (titled is None or described.pos > titled.pos):
        said = set(reg.described_of(described).split()) | set((described.role or "").lower().split())
        if all(w in said for w in words) or reg.last_person(pos) is described:
            return described
    return best


def _resolve_pronoun(
    pronoun: str,
    pos: int,
    reg: Registry,
    resolved: list[tuple[str | None, str | None, str]],
    spans: list[QuoteSpan],
    idx: int,
    sents: Sentences,
) -> tuple[str | None, str | None]:
    if pronoun in ("he", "she", "him", "her"):
        m = choose(reg.people, reg._people_pos, pos, pronoun, reg, sents)
        if m is not None:
            name = m.name
            role = reg.cue_roles.get(name, m.role)
            full = reg.full_name(name, m.pos + 1)
            if full is not None and (_is_short_name(name) or (full.name.endswith(name) and len(full.name) > len(name))):
                name, role = full.name, role or full.role
            return name, role
        return None, None
    if pronoun == "they":
        # "they said" after a plural description ("analysts", "officials").
        for j in range(idx - 1, -1, -1):
            s, r, kind = resolved[j]
            if spans[idx].paragraph - spans[j].paragraph > 2:
                break
            if s and kind.startswith("desc") and s.endswith("s"):
                return s, r
        return None, None
    return None, None


def _cataphora(
    spans: list[QuoteSpan],
    attributions: list[Attribution | None],
    resolved: list[tuple[str | None, str | None, str]],
    reg: Registry,
) -> None:
    for i, (speaker, _role, kind) in enumerate(resolved):
        if kind != "desc-indef":
            continue
        for j in range(i + 1, len(spans)):
            if spans[j].paragraph - spans[i].paragraph > 2:
                break
            a = attributions[j]
            if a is None or a.ref is None:
                continue
            if a.ref.kind == "name" and a.ref.introduced:
                name = resolved[j][0]
                if name is None:
                    break
                earlier = reg.by_surname.get(surname(name).lower(), [])
                a_i = attributions[i]
                pos_i = a_i.pos if a_i else 0
                if not any(m.pos < pos_i for m in earlier):
                    resolved[i] = (name, resolved[j][1] or speaker, "name")
                break
            if a.ref.kind in ("name", "desc"):
                break
