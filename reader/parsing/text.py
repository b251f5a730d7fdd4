"""Plain-text dumps of article pages -> Article (first cut: title line + body)."""

from __future__ import annotations

from reader.model import Article


def parse_text(text: str, *, source: str) -> Article:
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    title = paras[0].split("\n")[0] if paras else ""
    return Article(source=source, format="text", title=title, body="\n\n".join(paras[1:]))
