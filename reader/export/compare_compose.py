"""A comparison of two articles -> the HTML its PDF is set from (Qt-free).

The passages come in sequence, in A's reading order, each with its mark:
"In both, word for word" (the text once), "In both, reworded" (A's words,
then B's), "Only in A", and "Only in B" placed after the passage that
precedes it in B. Numbers and dates that disagree are red and underlined
inside their passage. Then the quotes, split into quoted by both, only in
A, only in B and worded differently, with speakers.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.export.compose import (
    INK,
    KEEP_WITH_NEXT_STATE,
    MUTED,
    RULE,
    display_title,
    metadata_rows,
)
from reader.model import Article
from reader.render import escape
from reader.render_compare import (
    FLAG,
    KIND_LABELS,
    ONLY,
    REWORDED,
    TINTS,
    VERBATIM,
    CompareData,
    Mark,
    Span,
    merge_runs,
    tinted_body_html,
)

STYLESHEET_EXTRA = f"""
p.plabel {{ font-family: sans-serif; font-size: 11px; color: {MUTED}; margin-top: 10px; margin-bottom: 3px; }}
p.legend {{ font-family: sans-serif; font-size: 11.5px; color: {INK}; margin-bottom: 10px; }}
p.summary {{ font-family: sans-serif; font-size: 12px; color: {INK}; margin-bottom: 6px; }}
h2.side {{ font-size: 15px; margin-top: 12px; margin-bottom: 4px; }}
"""


def outlet(article: Article) -> str:
    return article.site or "no site given"


def _piece(body: str, span: Span, kind: str, flags: list[Span]) -> str:
    """body[span] tinted as ``kind``, its disagreeing figures flagged."""
    s, e = span
    marks = [Mark(0, e - s, kind)]
    marks += [Mark(fs - s, fe - s, FLAG) for fs, fe in flags if s <= fs and fe <= e]
    return tinted_body_html(body[s:e].strip("\n"), marks)


def _label(text: str) -> str:
    return f'<p class="plabel" style="-qt-user-state: {KEEP_WITH_NEXT_STATE};">{escape(text)}</p>'


def passages_html(a: Article, b: Article, data: CompareData) -> str:
    flags_a = [d.a for d in data.disagreements]
    flags_b = [d.b for d in data.disagreements]
    na, nb = outlet(a), outlet(b)
    items: list[tuple[float, int, str]] = []
    for p in data.shared:
        if p.kind == REWORDED:
            html = (
                _label(f"In both, reworded · A ({na})")
                + _piece(a.body, p.a, REWORDED, flags_a)
                + _label(f"B ({nb})")
                + _piece(b.body, p.b, REWORDED, flags_b)
            )
        else:
            html = _label("In both, word for word") + _piece(a.body, p.a, VERBATIM, flags_a)
        items.append((p.a[0], 0, html))
    for s in merge_runs(data.only_a, a.body):
        items.append((s[0], 0, _label(f"Only in A ({na})") + _piece(a.body, s, ONLY, flags_a)))
    by_b = sorted(data.shared, key=lambda p: p.b)
    for s in merge_runs(data.only_b, b.body):
        before = [p for p in by_b if p.b[1] <= s[0]]
        key = before[-1].a[1] + 0.5 if before else 0.0
        items.append((key, 1, _label(f"Only in B ({nb})") + _piece(b.body, s, ONLY, flags_b)))
    items.sort(key=lambda t: (t[0], t[1]))
    return "".join(h for _k, _o, h in items)


def _quotes_html(a: Article, b: Article, data: CompareData) -> str:
    groups = (
        ("both", "Quoted by both"),
        ("only_a", f"Only in A ({outlet(a)})"),
        ("only_b", f"Only in B ({outlet(b)})"),
        ("reworded", "Worded differently"),
    )
    out = ["<h2>Quotes</h2>"]
    for key, label in groups:
        entries = data.quote_group(key)
        out.append(f'<p class="summary"><b>{escape(label)}</b> ({len(entries)})</p>')
        for q in entries:
            who = escape(q.speaker) if q.speaker else "<i>no speaker</i>"
            text = f"“{escape(q.text)}”"
            if q.other_text:
                text = f"A: “{escape(q.text)}”<br>B: “{escape(q.other_text)}”"
            out.append(f'<p class="aq">{text} <span class="speaker">— {who}</span></p>')
    if data.disagreements:
        out.append("<h2>Numbers and dates that differ</h2>")
        for d in data.disagreements:
            out.append(
                f'<p class="aq">A ({escape(outlet(a))}): <b>{escape(d.a_text)}</b> · '
                f'B ({escape(outlet(b))}): <b>{escape(d.b_text)}</b> <span class="speaker">({escape(d.kind)})</span></p>'
            )
    return "".join(out)


def _side_html(side: str, article: Article) -> str:
    rows = metadata_rows(article, None)
    cells = "".join(f'<tr><td class="label">{label}</td><td class="value">{value}</td></tr>' for label, value in rows)
    return (
        f'<h2 class="side">{side} · {escape(display_title(article))}</h2>'
        + (f'<table class="meta" cellspacing="0" cellpadding="1">{cells}</table>' if cells else "")
    )


def _words(texts: Iterable[str]) -> int:
    return sum(len(t.split()) for t in texts)


def comparison_html(a: Article, b: Article, data: CompareData) -> str:
    """The whole comparison as one HTML fragment for QTextDocument."""
    legend = " &nbsp; ".join(
        f'<span style="background-color: {TINTS[k]};">&nbsp;{KIND_LABELS[k]}&nbsp;</span>' for k in (VERBATIM, REWORDED, ONLY)
    )
    legend += f' &nbsp; <span style="color: #b3261e; font-weight: bold; text-decoration: underline;">{KIND_LABELS[FLAG]}</span>'
    shared_a = _words(a.body[p.a[0] : p.a[1]] for p in data.shared)
    only_a = _words(a.body[s:e] for s, e in data.only_a)
    only_b = _words(b.body[s:e] for s, e in data.only_b)
    summary = (
        f"{len(data.shared)} passages in both ({sum(p.kind == VERBATIM for p in data.shared)} word for word, "
        f"{sum(p.kind == REWORDED for p in data.shared)} reworded; {shared_a:,} words of A); "
        f"{only_a:,} words only in A, {only_b:,} only in B; "
        f"{len(data.disagreements)} number{'s' if len(data.disagreements) != 1 else ''} or dates that differ."
    )
    return "".join(
        [
            f"<style>{STYLESHEET_EXTRA}</style>",
            "<h1>Comparing coverage</h1>",
            _side_html("A", a),
            _side_html("B", b),
            f'<hr style="background-color: {RULE}; margin-top: 8px; margin-bottom: 10px;">',
            f'<p class="summary">{escape(summary)}</p>',
            f'<p class="legend">{legend}</p>',
            "<h2>Passages</h2>",
            passages_html(a, b, data),
            _quotes_html(a, b, data),
        ]
    )
