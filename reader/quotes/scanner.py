"""The cue scanner: finds the phrases of the quote cue tables (``reader.quotes.cues``,
data only) as whole words, in one pass."""

from __future__ import annotations

import re

from reader.quotes.cues import CHARACTERISING_VERBS, PARTICIPLE_CUES, PREPOSED_CUES, SPEECH_VERBS


class CueMatch:
    """A cue found in a text (the subset of ``re.Match`` the steps use) and
    its table: "speech", "characterising", "participle" or "preposed"."""

    __slots__ = ("_start", "_end", "_text", "kind")

    def __init__(self, start: int, end: int, text: str, kind: str) -> None:
        self._start, self._end, self._text, self.kind = start, end, text, kind

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text


class CueScanner:
    """Finds the phrases of the cue tables as whole words, in one pass.

    Words are looked up in a dict rather than matched by a regex alternation
    of hundreds of verbs: several times faster, and quote finding runs on
    every import. Multi-word phrases ("pointed out", "according to") allow
    any whitespace between their words. A word in several tables gets the
    first of ``tables`` (speech before characterising).
    """

    _WORD = re.compile(r"[A-Za-z]+")

    def __init__(self, tables: list[tuple[str, tuple[str, ...], bool]]) -> None:
        # key (exact, or lower-case for case-insensitive tables) -> [(kind, rest regex or None)]
        self._cs: dict[str, list[tuple[str, re.Pattern[str] | None]]] = {}
        self._ci: dict[str, list[tuple[str, re.Pattern[str] | None]]] = {}
        for kind, phrases, ignore_case in tables:
            target = self._ci if ignore_case else self._cs
            for phrase in sorted(set(phrases), key=lambda p: -len(p.split())):
                words = phrase.split()
                key = words[0].lower() if ignore_case else words[0]
                rest = None
                if len(words) > 1:
                    rest = re.compile(
                        "".join(r"\s+" + re.escape(w) for w in words[1:]) + r"(?![\w-])",
                        re.I if ignore_case else 0,
                    )
                target.setdefault(key, []).append((kind, rest))

    def scan(self, text: str, kinds: frozenset[str] | None = None) -> list[CueMatch]:
        out: list[CueMatch] = []
        n = len(text)
        cs, ci = self._cs, self._ci
        for m in self._WORD.finditer(text):
            word = m.group()
            entries = cs.get(word)
            if ci:
                more = ci.get(word.lower())
                if more:
                    entries = more + (entries or [])
            if not entries:
                continue
            s, e = m.start(), m.end()
            if s and (text[s - 1] in "-_" or text[s - 1].isdigit()):
                continue
            for kind, rest in entries:
                if kinds is not None and kind not in kinds:
                    continue
                if rest is None:
                    if e < n and (text[e] in "-_" or text[e].isdigit()):
                        continue
                    out.append(CueMatch(s, e, word, kind))
                    break
                mm = rest.match(text, e)
                if mm:
                    out.append(CueMatch(s, mm.end(), text[s : mm.end()], kind))
                    break
        return out


#: Every cue table in one scanner (order = priority for words in several).
CUES = CueScanner(
    [
        ("preposed", PREPOSED_CUES, True),
        ("speech", SPEECH_VERBS, False),
        ("participle", PARTICIPLE_CUES, False),
        ("characterising", CHARACTERISING_VERBS, False),
    ]
)
