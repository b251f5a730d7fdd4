"""A comparison of two articles -> what the side-by-side panes and the PDF show.

The comparison itself is computed by the core (``compare_articles``); this
module only turns its result into plain data the window and the PDF export
share: ``CompareData`` (passages, quotes, disagreements with offsets into
each body), the ordered list of differences that next/previous difference
steps through, and each body as safe HTML with its passages tinted.

Qt-free. Article text is always escaped data (``reader.render.escape``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.render import escape

Span = tuple[int, int]

VERBATIM = "verbatim"
REWORDED = "reworded"
ONLY = "only"
FLAG = "flag"

#: Tints shared by screen and paper (light) and the dark screen theme.
TINTS = {
    VERBATIM: "#cdeccf",
    REWORDED: "#d6e4fa",
    ONLY: "#fbe0cc",
}
TINTS_DARK = {
    VERBATIM: "#23482b",
    REWORDED: "#1f3a5c",
    ONLY: "#553221",
}
FLAG_INK = "#b3261e"
FLAG_INK_DARK = "#ff8a80"

#: What a reader sees in the legend and in the hover tooltip of a passage.
KIND_LABELS = {
    VERBATIM: "Same words in both",
    REWORDED: "In both, reworded",
    ONLY: "Only in this article",
    FLAG: "Number or date differs",
}

#: Quote groups in the order the quotes table lists them.
QUOTE_GROUPS = ("both", "only_a", "only_b", "reworded")


@dataclass(frozen=True)
class SharedPassage:
    a: Span
    b: Span
    kind: str  # VERBATIM | REWORDED


@dataclass(frozen=True)
class QuoteEntry:
    text: str  # as A words it (as B words it for "only_b")
    speaker: str | None
    a: Span | None = None
    b: Span | None = None
    other_text: str | None = None  # B's wording of a quote worded differently


@dataclass(frozen=True)
class Disagreement:
    kind: str  # "number" | "date"
    a_text: str
    b_text: str
    a: Span
    b: Span


@dataclass(frozen=True)
class CompareData:
    shared: tuple[SharedPassage, ...] = ()
    only_a: tuple[Span, ...] = ()
    only_b: tuple[Span, ...] = ()
    quotes: dict[str, tuple[QuoteEntry, ...]] = field(default_factory=dict)  # QUOTE_GROUPS keys
    disagreements: tuple[Disagreement, ...] = ()

    def quote_group(self, name: str) -> tuple[QuoteEntry, ...]:
        return self.quotes.get(name, ())


@dataclass(frozen=True)
class Difference:
    """One stop of next/previous difference: where it is in A and/or B."""

    kind: str  # "only_a" | "only_b" | "reworded" | "number" | "date"
    a: Span | None
    b: Span | None
    label: str


# -- from the core's Comparison --------------------------------------------------------------
def _span(value: Any) -> Span | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = (value.get("start"), value.get("end"))
    s, e = value[0], value[1]
    return (int(s), int(e)) if s is not None and e is not None else None


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _quote(obj: Any, side: str) -> QuoteEntry:
    text = " ".join(str(_get(obj, "text") or "").split())
    other = _get(obj, "text_b", None)
    other = " ".join(str(other).split()) if other else None
    return QuoteEntry(
        text=text,
        speaker=_get(obj, "speaker") or _get(obj, "speaker_b") or None,
        a=_span(_get(obj, "a")) if side != "only_b" else None,
        b=_span(_get(obj, "b")) if side != "only_a" else None,
        other_text=other if other and other != text else None,
    )


_WORD = re.compile(r"\w")
_DATE_WORDS = re.compile(
    r"^(1[89]\d\d|20\d\d)$|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|yesterday|today|tomorrow",
    re.IGNORECASE,
)


def figure_kind(a_text: str, b_text: str) -> str:
    """ "date" when either side reads as a year or a day, else "number"."""
    return "date" if any(_DATE_WORDS.search(t.strip()) for t in (a_text, b_text)) else "number"


def from_comparison(comp: Any) -> CompareData:
    """The core's ``Comparison`` (``reader.compare``) or its ``compare --json`` dict, as ``CompareData``.

    Quotes both articles give are split: the same words ("both") and
    "worded differently" (the core's ``worded_differently`` flag).
    """
    shared = tuple(
        SharedPassage(_span(_get(p, "a")) or (0, 0), _span(_get(p, "b")) or (0, 0), str(_get(p, "kind", VERBATIM)))
        for p in _get(comp, "shared", ()) or ()
    )
    only_a = tuple(s for s in (_span(x) for x in _get(comp, "only_a", ()) or ()) if s)
    only_b = tuple(s for s in (_span(x) for x in _get(comp, "only_b", ()) or ()) if s)
    raw = _get(comp, "quotes", None)
    if raw is not None:  # the JSON shape
        both_raw, only_a_raw, only_b_raw = (raw.get(k, ()) for k in ("both", "only_a", "only_b"))
    else:
        both_raw = _get(comp, "quotes_both", ()) or ()
        only_a_raw = _get(comp, "quotes_only_a", ()) or ()
        only_b_raw = _get(comp, "quotes_only_b", ()) or ()
    differ = [bool(_get(q, "worded_differently", False)) for q in both_raw]
    quotes = {
        "both": tuple(_quote(q, "both") for q, d in zip(both_raw, differ) if not d),
        "only_a": tuple(_quote(q, "only_a") for q in only_a_raw),
        "only_b": tuple(_quote(q, "only_b") for q in only_b_raw),
        "reworded": tuple(_quote(q, "both") for q, d in zip(both_raw, differ) if d),
    }
    disagreements = []
    for f in _get(comp, "figures", ()) or ():
        a, b = _span(_get(f, "a")), _span(_get(f, "b"))
        if a and b:
            a_text, b_text = str(_get(f, "a_text", "") or ""), str(_get(f, "b_text", "") or "")
            disagreements.append(Disagreement(figure_kind(a_text, b_text), a_text, b_text, a, b))
    return CompareData(shared, only_a, only_b, quotes, tuple(disagreements))


# -- differences in reading order ----------------------------------------------------------------
def differences(data: CompareData, body_a: str, body_b: str) -> list[Difference]:
    """Every place the two articles differ, in A's reading order.

    Passages only in B are placed after the shared passage that precedes
    them in B, so stepping through goes down both texts together.
    """
    by_b = sorted(data.shared, key=lambda p: p.b)

    def a_position_of_b(offset: int) -> float:
        before = [p for p in by_b if p.b[1] <= offset]
        return before[-1].a[1] + 0.5 if before else 0.0

    items: list[tuple[float, int, Difference]] = []
    for s in merge_runs(data.only_a, body_a):
        items.append((s[0], 0, Difference("only_a", s, None, f"Only in A: “{_excerpt(body_a, s)}”")))
    for s in merge_runs(data.only_b, body_b):
        items.append((a_position_of_b(s[0]), 1, Difference("only_b", None, s, f"Only in B: “{_excerpt(body_b, s)}”")))
    for p in data.shared:
        if p.kind == REWORDED:
            items.append((p.a[0], 2, Difference("reworded", p.a, p.b, f"Reworded: “{_excerpt(body_a, p.a)}”")))
    for d in data.disagreements:
        items.append((d.a[0], 3, Difference(d.kind, d.a, d.b, f"{d.kind.capitalize()} differs: {d.a_text} / {d.b_text}")))
    items.sort(key=lambda t: (t[0], t[1]))
    return [d for _k, _o, d in items]


def merge_runs(spans: Iterable[Span], body: str) -> list[Span]:
    """Spans with no word between them (only spaces, breaks, quote marks) joined into one:
    one stop per stretch a reader sees."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and not _WORD.search(body[out[-1][1] : s]):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _excerpt(body: str, span: Span, n: int = 60) -> str:
    text = " ".join(body[span[0] : span[1]].split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# -- tinted HTML ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # VERBATIM | REWORDED | ONLY | FLAG
    tip: str = ""


def side_marks(
    data: CompareData, side: str, *, other_name: str = "the other article", body: str | None = None
) -> list[Mark]:
    """The tints of one side ("a" or "b"); with ``body``, only-here stretches are tinted whole
    (the quote marks and breaks between their pieces too)."""
    marks: list[Mark] = []
    for p in data.shared:
        s = p.a if side == "a" else p.b
        tip = f"Also in {other_name}, word for word" if p.kind == VERBATIM else f"Also in {other_name}, reworded"
        marks.append(Mark(s[0], s[1], p.kind if p.kind in (VERBATIM, REWORDED) else REWORDED, tip))
    only = data.only_a if side == "a" else data.only_b
    for s in merge_runs(only, body) if body is not None else only:
        marks.append(Mark(s[0], s[1], ONLY, f"Not in {other_name}"))
    for d in data.disagreements:
        s = d.a if side == "a" else d.b
        mine, theirs = (d.a_text, d.b_text) if side == "a" else (d.b_text, d.a_text)
        marks.append(Mark(s[0], s[1], FLAG, f"{d.kind.capitalize()} differs: {mine} here, {theirs} in {other_name}"))
    return marks


def tinted_body_html(
    body: str,
    marks: Sequence[Mark],
    anchors: Iterable[tuple[int, str]] = (),
    *,
    dark: bool = False,
) -> str:
    """The body as ``<p>`` paragraphs, each marked stretch in its tint.

    Marks may overlap (a flagged number inside a shared passage): the text is
    cut at every mark boundary and each piece gets the style of all marks
    over it (the flag's ink on the passage's tint). ``anchors`` are
    (offset, name) pairs emitted as ``<a name>`` for scrolling.
    """
    tints = TINTS_DARK if dark else TINTS
    flag_ink = FLAG_INK_DARK if dark else FLAG_INK
    n = len(body)
    # A cut between the two newlines of a paragraph break would turn it into two line breaks.
    inside_break = {m.start() + 1 for m in re.finditer("\n\n", body)}

    def snap(offset: int) -> int:
        return offset + 1 if offset in inside_break else offset

    cuts = {0, n}
    valid = [Mark(snap(m.start), snap(m.end), m.kind, m.tip) for m in marks if 0 <= m.start < m.end <= n]
    valid = [m for m in valid if m.start < m.end]
    for m in valid:
        cuts.update((m.start, m.end))
    anchor_at: dict[int, list[str]] = {}
    for off, name in anchors:
        if 0 <= off <= n:
            # An empty anchor names the next character: at a paragraph's end there is none,
            # so the anchor goes to the start of the next paragraph.
            off = snap(off)
            while body.startswith("\n\n", off):
                off += 2
            cuts.add(off)
            anchor_at.setdefault(off, []).append(name)
    points = sorted(cuts)
    out: list[str] = ["<p>"]
    for s, e in zip(points, points[1:] + [n + 1]):
        for name in anchor_at.get(s, ()):
            out.append(f'<a name="{escape(name)}"></a>')
        if s >= n:
            if anchor_at.get(s):
                out.append("\u200b")  # something for the last anchors to name
            break
        over = [m for m in valid if m.start <= s and e <= m.end]
        style = []
        tips = []
        tint = next((tints[m.kind] for m in over if m.kind in tints), None)
        if tint:
            style.append(f"background-color: {tint};")
        if any(m.kind == FLAG for m in over):
            style.append(f"color: {flag_ink}; font-weight: bold; text-decoration: underline;")
        for m in over:
            if m.tip:
                tips.append(m.tip)
        open_tag = ""
        if style or tips:
            title = f' title="{escape(" · ".join(tips))}"' if tips else ""
            open_tag = f'<span style="{" ".join(style)}"{title}>'
        close_tag = "</span>" if open_tag else ""
        parts = body[s:e].split("\n\n")
        for k, part in enumerate(parts):
            if k:
                out.append("</p>\n<p>")
            if part:
                out.append(open_tag + escape(part).replace("\n", "<br>") + close_tag)
    out.append("</p>")
    return "".join(out).replace("<p></p>", "")
