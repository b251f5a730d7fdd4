"""Comment spam flags (first cut: none)."""

from __future__ import annotations

from reader.model import Article


def flag_spam(article: Article) -> None:
    return None
