"""Quoted speech and its speakers (first cut: none found)."""

from __future__ import annotations

from reader.model import Quote


def find_quotes(body: str) -> list[Quote]:
    return []
