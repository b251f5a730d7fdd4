"""The two seed articles against the hand-made gold (../shared/gold/seeds.json).

Matching rules from the gold README: quote texts match after folding quote
characters, whitespace and trailing ",."; a speaker matches the gold name, or
its surname when the gold is a full name, or contains the head noun of a
descriptive gold speaker. ``quotes_optional`` neither help nor hurt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.model import Quote
from reader.quotes import find_quotes
from reader.quotes.cues import QUOTE_FOLD


def fold(text: str) -> str:
    t = re.sub(r"\s+", " ", text.translate(QUOTE_FOLD)).strip()
    return t.rstrip(",.").strip()


def speaker_ok(pred: str | None, gold: str) -> bool:
    if pred is None:
        return False
    if pred == gold:
        return True
    gold_words = gold.split()
    if gold[0].isupper() and len(gold_words) > 1 and pred == gold_words[-1]:
        return True  # a full name predicted by surname
    if gold[0].islower():
        head = next(w for w in reversed(gold.split(" in ")[0].split()))
        return head in pred  # "official spokesperson in Caracas" -> "spokesperson"
    return False


def body_of(seeds_dir: Path, name: str, gold: dict) -> str:
    """The clean body, cut out of the seed file with the gold's own markers, so
    this test does not depend on the plain-text parser."""
    raw = (seeds_dir / name).read_text(encoding="utf-8")
    start = raw.index(gold["body_starts_with"])
    end = raw.index(gold["body_ends_with"]) + len(gold["body_ends_with"])
    return raw[start:end]


def check_article(quotes: list[Quote], gold: dict) -> list[str]:
    problems: list[str] = []
    found = {fold(q.text): q for q in quotes}
    for g in gold["quotes"]:
        q = found.get(fold(g["text"]))
        if q is None:
            problems.append(f"missed quote: {g['text'][:60]!r}")
        elif not speaker_ok(q.speaker, g["speaker"]):
            problems.append(f"wrong speaker for {g['text'][:40]!r}: {q.speaker!r}, gold {g['speaker']!r}")
    allowed = {fold(g["text"]) for g in gold["quotes"] + gold["quotes_optional"]}
    for q in quotes:
        if fold(q.text) not in allowed:
            problems.append(f"false quote: {q.text[:60]!r}")
    return problems


@pytest.mark.parametrize("name", ["000_ea50a6bcb4b83b50.txt", "001_0cfd6c238c90542a.txt"])
def test_seed_quotes_match_the_gold(gold_seeds: dict, seeds_dir: Path, name: str):
    gold = gold_seeds[name]
    body = body_of(seeds_dir, name, gold)
    quotes = find_quotes(body)
    for q in quotes:
        assert body[q.start : q.end] == q.text
    assert check_article(quotes, gold) == []


def test_seed_roles_are_kept_apart(gold_seeds: dict, seeds_dir: Path):
    name = "000_ea50a6bcb4b83b50.txt"
    quotes = find_quotes(body_of(seeds_dir, name, gold_seeds[name]))
    roles = {q.speaker: q.role for q in quotes if q.speaker}
    assert roles["Hillary Clinton"] == "Secretary of State"
    assert roles["Victoria Nuland"] == "State Department spokeswoman"
    assert roles["Mark Toner"] == "Deputy State Department spokesman"


def test_checker_catches_a_wrong_speaker(gold_seeds: dict):
    """The comparison itself must be able to fail."""
    gold = gold_seeds["001_0cfd6c238c90542a.txt"]
    g = gold["quotes"][2]
    assert check_article([Quote(g["text"], "Bashar Assad", 0, 1)], {**gold, "quotes": [g]}) != []
    assert check_article([Quote("invented words", None, 0, 1)], {**gold, "quotes": []}) != []
