"""Cross-article matching: the same quote in several articles is one quote.

Outlets trim a quote ("...we can move on." vs the full three sentences),
change a word ("we want" / "we wanted"), use other quote marks or drop the
final comma. Quotes are compared as sets of word 3-shingles after folding
marks, case, whitespace and edge punctuation; two quotes are the same when
the shingles of the shorter are (almost all) contained in the longer one,
or, since one changed word breaks three shingles, when 80 % of the shorter
one's words appear in the longer one in the same order.
A group whose members differ beyond trimming is flagged ``reworded``: the
outlets quote the speaker differently.

Works on any rows with ``text`` (and optionally ``article_id``, ``speaker``,
``site``): ``reader.library.QuoteRow``, ``reader.model.Quote``, dicts are not
needed. Qt-free.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.quotes import cues

#: Share of the shorter quote's shingles that must occur in the longer one.
CONTAINMENT = 0.8
#: Shingle size in words.
SHINGLE = 3
#: Quotes shorter than this (in words) match only when equal: two-word
#: partial quotes ("extremely bold") are not evidence of the same quote.
MIN_WORDS_FOR_CONTAINMENT = 4

_WORD_RE = re.compile(r"[^\W_]+(?:['][^\W_]+)*")
_EDGE_RE = re.compile(r"^[\s\"'.,;:!?…\-—–]+|[\s\"'.,;:!?…\-—–]+$")
_DASH_FOLD = {ord("—"): "-", ord("–"): "-", ord("…"): "...", ord("\u00a0"): " "}


def normalise(text: str) -> str:
    """Fold quote marks, dashes, whitespace and case; drop edge punctuation."""
    t = unicodedata.normalize("NFKC", text).translate(cues.QUOTE_FOLD).translate(_DASH_FOLD)
    t = re.sub(r"\s+", " ", t).strip().lower()
    return _EDGE_RE.sub("", t)


def words(text: str) -> list[str]:
    return _WORD_RE.findall(normalise(text))


def shingles(tokens: Sequence[str], k: int = SHINGLE) -> set[tuple[str, ...]]:
    if len(tokens) < k:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def containment(a: str, b: str) -> float:
    """Share of the shorter text's shingles found in the longer one (0..1)."""
    wa, wb = words(a), words(b)
    return _containment(wa, wb, shingles(wa), shingles(wb))


def _containment(wa: list[str], wb: list[str], sa: set[tuple[str, ...]], sb: set[tuple[str, ...]]) -> float:
    """The larger of shingle containment and in-order word containment: a
    changed word breaks three shingles but only one word of the sequence."""
    if not sa or not sb:
        return 0.0
    if min(len(wa), len(wb)) < MIN_WORDS_FOR_CONTAINMENT:
        return 1.0 if wa == wb else 0.0
    small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    shingle = len(small & big) / len(small)
    if shingle >= CONTAINMENT:
        return shingle
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    in_order = sum(block.size for block in matcher.get_matching_blocks()) / min(len(wa), len(wb))
    return max(shingle, in_order)


def same_quote(a: str, b: str, threshold: float = CONTAINMENT) -> bool:
    return containment(a, b) >= threshold


def is_trimmed(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with words cut off at either end."""
    ws, wl = words(short), words(long)
    if len(ws) > len(wl):
        ws, wl = wl, ws
    n = len(ws)
    return any(wl[i : i + n] == ws for i in range(len(wl) - n + 1))


def word_diff(a: str, b: str) -> list[tuple[str, str, str]]:
    """(op, words in a, words in b) for each stretch where two wordings differ;
    op is "replace", "delete" or "insert" (difflib opcodes)."""
    wa, wb = normalise(a).split(), normalise(b).split()
    out: list[tuple[str, str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op != "equal":
            out.append((op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    return out


@dataclass
class QuoteGroup:
    """One quote as it appears across articles.

    ``members`` are the input rows, longest text first. ``text`` is the
    fullest wording. ``reworded`` is True when some member is neither equal
    to nor a trimmed version of another (the outlets' wording differs).
    """

    members: list[Any] = field(default_factory=list)
    reworded: bool = False

    @property
    def text(self) -> str:
        return _text(self.members[0]) if self.members else ""

    @property
    def article_ids(self) -> list[int]:
        ids = [_get(m, "article_id") for m in self.members]
        return sorted({i for i in ids if i is not None})

    @property
    def speakers(self) -> list[str]:
        return sorted({s for m in self.members if (s := _get(m, "speaker"))})

    @property
    def sites(self) -> list[str]:
        return sorted({s for m in self.members if (s := _get(m, "site"))})

    def differences(self) -> list[tuple[Any, list[tuple[str, str, str]]]]:
        """For each member worded differently from the fullest one (beyond
        trimming): the member and its word differences."""
        base = self.text
        out = []
        for m in self.members[1:]:
            t = _text(m)
            if normalise(t) == normalise(base) or is_trimmed(t, base):
                continue
            out.append((m, word_diff(base, t)))
        return out


def _get(row: Any, name: str) -> Any:
    if isinstance(row, dict):
        return row.get(name)
    return getattr(row, name, None)


def _text(row: Any) -> str:
    return row if isinstance(row, str) else (_get(row, "text") or "")


def group_quotes(rows: Iterable[Any], threshold: float = CONTAINMENT) -> list[QuoteGroup]:
    """Group rows quoting the same words, across articles.

    Candidate pairs come from an inverted index on shingles, so the work
    grows with the number of shared shingles, not with rows squared. Groups
    are ordered by size (most-quoted first), then by first appearance.
    """
    items = list(rows)
    toks = [words(_text(r)) for r in items]
    shs = [shingles(t) for t in toks]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[tuple[str, ...], list[int]] = {}
    for i, sh in enumerate(shs):
        for s in sh:
            index.setdefault(s, []).append(i)
    for i, sh in enumerate(shs):
        counts: dict[int, int] = {}
        for s in sh:
            for j in index[s]:
                if j > i:
                    counts[j] = counts.get(j, 0) + 1
        for j, shared in counts.items():
            # Every changed word breaks at most SHINGLE shingles: skip pairs
            # that share too few to reach the threshold even in word order.
            if shared + SHINGLE * (1 - threshold) * min(len(toks[i]), len(toks[j])) < threshold * min(len(sh), len(shs[j])) - 1:
                continue
            if _containment(toks[i], toks[j], sh, shs[j]) >= threshold:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[rj] = ri
    buckets: dict[int, list[int]] = {}
    for i in range(len(items)):
        buckets.setdefault(find(i), []).append(i)
    groups: list[tuple[int, QuoteGroup]] = []
    for members in buckets.values():
        members.sort(key=lambda i: (-len(toks[i]), i))
        g = QuoteGroup([items[i] for i in members])
        full = g.text
        g.reworded = any(
            normalise(_text(items[i])) != normalise(full) and not is_trimmed(_text(items[i]), full)
            for i in members[1:]
        )
        groups.append((min(members), g))
    groups.sort(key=lambda x: (-len(x[1].members), x[0]))
    return [g for _, g in groups]


def _surname_key(name: str) -> str:
    parts = [p for p in name.split() if p.rstrip(".").lower() not in ("jr", "sr", "ii", "iii")]
    return parts[-1].lower() if parts else ""


def speaker_aliases(names: Iterable[str]) -> dict[str, list[str]]:
    """Speaker names across articles that are the same person.

    Within an article "Tabler" is already resolved to "Andrew Tabler"; across
    articles, one outlet may only ever write "Tabler". A one-word name joins
    the full name ending in that word when exactly one such full name exists
    (two Clintons stay apart). Descriptions ("spokeswoman") never merge.
    Returns canonical name -> [names], the canonical one first, in input order.
    """
    names = list(dict.fromkeys(n for n in names if n))
    full_by_surname: dict[str, list[str]] = {}
    for n in names:
        if n[:1].isupper() and len(n.split()) > 1:
            full_by_surname.setdefault(_surname_key(n), []).append(n)
    out: dict[str, list[str]] = {}
    for n in names:
        target = n
        if n[:1].isupper() and len(n.split()) == 1:
            fulls = full_by_surname.get(n.lower(), [])
            if len(fulls) == 1:
                target = fulls[0]
        out.setdefault(target, [target])
        if n != target:
            out[target].append(n)
    return out
