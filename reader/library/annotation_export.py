"""Annotations out of the library: Markdown by article, CSV, W3C Web Annotation JSON-LD.

- Markdown: one section per article (its title linking to its URL), each
  highlight as a block quote with a link that opens the page at the passage
  (a URL text fragment, ``#:~:text=``) and its note below.
- CSV: one row per annotation, every field (spreadsheets, scripts).
- JSON-LD: an ``AnnotationCollection`` of W3C ``Annotation`` objects, each
  targeting the article's URL (or ``urn:article-reader:article:ID``) with a
  ``TextQuoteSelector`` and a ``TextPositionSelector``, the colour as a
  ``styleClass`` with its ``CssStylesheet``, the note as a ``TextualBody``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import quote as urlquote

from reader.library.anchoring import COLOR_HEX
from reader.library.annotations import Annotation

CSV_COLUMNS = ("id", "article", "title", "url", "target", "quote", "note", "color", "state",
               "start", "end", "prefix", "suffix", "created", "modified", "uuid")
#: Words at each end of a quote used in a text-fragment link.
FRAGMENT_WORDS = 4


def _one_line(text: str) -> str:
    return " ".join(text.split())


def fragment_link(url: str, quote: str) -> str:
    """``url`` with a text fragment opening the page at ``quote`` (browsers scroll to it)."""
    words = quote.split()
    if not words:
        return url

    def enc(s: str) -> str:
        return urlquote(s, safe="")

    if len(words) <= FRAGMENT_WORDS * 2:
        frag = enc(" ".join(words))
    else:
        frag = enc(" ".join(words[:FRAGMENT_WORDS])) + "," + enc(" ".join(words[-FRAGMENT_WORDS:]))
    return f"{url.split('#')[0]}#:~:text={frag}"


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def markdown(annotations: Sequence[Annotation], urls: Mapping[int, str | None]) -> str:
    out = ["# Annotations", ""]
    by_article: dict[int, list[Annotation]] = {}
    for a in annotations:
        by_article.setdefault(a.article_id, []).append(a)
    for aid, items in by_article.items():
        title = _md_escape(_one_line(items[0].title) or f"Article {aid}")
        url = urls.get(aid)
        out.append(f"## [{title}]({url})" if url else f"## {title}")
        out.append("")
        out.append(f"Article {aid} · {len(items)} highlight{'s' if len(items) != 1 else ''}")
        out.append("")
        for a in sorted(items, key=lambda a: (a.orphaned, a.target, a.start)):
            quote = "\n> ".join(p.strip() for p in a.quote.strip().split("\n") if p.strip())
            out.append(f"> {quote}")
            out.append("")
            meta = [a.color]
            if a.target != "body":
                meta.append(a.target.replace(":", " "))
            if a.state == "orphaned":
                meta.append("orphaned: no longer found in the text")
            if url and not a.orphaned:
                meta.append(f"[open at the passage]({fragment_link(url, a.quote)})")
            out.append(f"*{' · '.join(meta)}*" if len(meta) == 1 else " · ".join(meta))
            out.append("")
            if a.note.strip():
                out.extend(["**Note:** " + a.note.strip().replace("\n", "  \n"), ""])
    return "\n".join(out).rstrip() + "\n"


def csv_text(annotations: Sequence[Annotation], urls: Mapping[int, str | None]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for a in annotations:
        w.writerow([a.id, a.article_id, a.title, urls.get(a.article_id) or "", a.target, a.quote,
                    a.note, a.color, a.state, a.start, a.end, a.prefix, a.suffix, a.created,
                    a.modified, a.uuid])
    return buf.getvalue()


def article_iri(article_id: int, url: str | None) -> str:
    return url or f"urn:article-reader:article:{article_id}"


def web_annotation(a: Annotation, url: str | None) -> dict[str, object]:
    """One annotation as a W3C Web Annotation (JSON-LD, ``anno.jsonld`` context)."""
    bodies: list[dict[str, str]] = []
    if a.note:
        bodies.append({"type": "TextualBody", "value": a.note, "format": "text/plain",
                       "purpose": "commenting"})
    target: dict[str, object] = {
        "type": "SpecificResource",
        "source": article_iri(a.article_id, url),
        "styleClass": a.color,
        "selector": [
            {"type": "TextQuoteSelector", "exact": a.quote, "prefix": a.prefix, "suffix": a.suffix},
            {"type": "TextPositionSelector", "start": a.start, "end": a.end},
        ],
    }
    if a.target != "body":
        target["scope"] = a.target
    anno: dict[str, object] = {
        "id": f"urn:uuid:{a.uuid}",
        "type": "Annotation",
        "motivation": "commenting" if a.note else "highlighting",
        "created": a.created,
        "modified": a.modified,
        "target": target,
    }
    if bodies:
        anno["body"] = bodies[0] if len(bodies) == 1 else bodies
    anno["stylesheet"] = {"type": "CssStylesheet",
                          "value": f".{a.color} {{ background-color: {COLOR_HEX.get(a.color, '#fff1a8')}; }}"}
    return anno


def jsonld(annotations: Sequence[Annotation], urls: Mapping[int, str | None]) -> str:
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": "Article Reader annotations",
        "total": len(annotations),
        "first": {
            "type": "AnnotationPage",
            "items": [web_annotation(a, urls.get(a.article_id)) for a in annotations],
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Sequence[Annotation], Mapping[int, str | None]], str]] = {
    "markdown": markdown,
    "csv": csv_text,
    "jsonld": jsonld,
}


def render(fmt: str, annotations: Sequence[Annotation], urls: Mapping[int, str | None]) -> str:
    return RENDERERS[fmt](annotations, urls)
