"""The reader's highlights drawn into the article document, and selections read back as body offsets.

The article HTML comes from ``reader.render`` (quotes, search matches); the
reader's highlights are laid over the finished document with char formats
rather than rendered into the HTML, so a new highlight shows at once (one
``mergeCharFormat`` on its range, no re-render) and the shared renderer
stays as the PDF export needs it.

Offsets: annotations are stored as ``[start, end)`` offsets into
``article.body``. The document shows the same text with whitespace folded
("\\n\\n" becomes a block break, runs of spaces one space, leading spaces
dropped), so ``BodyMap`` aligns the two once per render: the non-space
characters are identical in both, whitespace may shrink or vanish.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument

#: Screen fills per colour name (the names are the core's ``anchoring.COLORS``), light and dark
#: theme. Stronger than the paper fills so a highlight stands out from the pale quote background.
HIGHLIGHT_COLORS: dict[str, tuple[str, str]] = {
    "yellow": ("#ffe066", "#6b5a00"),
    "green": ("#b7eb8f", "#2f5d1e"),
    "blue": ("#a5d8ff", "#1c4a6e"),
    "pink": ("#ffc2d6", "#6e2440"),
    "purple": ("#d0bfff", "#4a3578"),
}
DEFAULT_COLOR = "yellow"
_WS = frozenset(" \t\n\r\f\v\u00a0\u2028\u2029")
_TOKENS = re.compile(r"[ \t\n\r\f\v\u00a0\u2028\u2029]+|[^ \t\n\r\f\v\u00a0\u2028\u2029]+")


def highlight_color(name: str, dark: bool = False) -> QColor:
    """The background for colour ``name`` (unknown names draw as the default colour)."""
    light, darkc = HIGHLIGHT_COLORS.get(name, HIGHLIGHT_COLORS[DEFAULT_COLOR])
    return QColor(darkc if dark else light)


@dataclass(frozen=True)
class HighlightSpan:
    """One highlight to draw: ``[start, end)`` in the body, its colour and note."""

    start: int
    end: int
    color: str = DEFAULT_COLOR
    note: str = ""
    id: int | None = None


class BodyMap:
    """Body offsets <-> document positions for the article body shown in a QTextDocument.

    ``pos[i]`` is the document position of ``body[i]`` (for a whitespace
    character that was folded away: the position of the next shown character),
    and ``pos[len(body)]`` the position just after the body.
    """

    def __init__(self, body: str, doc_text: str, doc_start: int) -> None:
        self.body = body
        pos: list[int] = []
        j = doc_start
        n = len(doc_text)
        for m in _TOKENS.finditer(body):
            tok = m.group()
            if tok[0] in _WS:
                # A whitespace run shows as one separator at most (or none at a paragraph start).
                shown = 1 if j < n and doc_text[j] in _WS else 0
                pos.extend([j] * len(tok))
                j += shown
                continue
            while j < n and doc_text[j] in _WS:
                j += 1  # whitespace the document shows and the body does not (rare)
            if doc_text.startswith(tok, j):  # the usual case: the word as it is
                pos.extend(range(j, j + len(tok)))
                j += len(tok)
                continue
            for ch in tok:
                if j < n and doc_text[j] != ch:
                    # A character the document shows differently: find it just ahead, else
                    # take it as replaced one for one (positions stay monotone either way).
                    k = doc_text.find(ch, j, j + 8)
                    j = k if k >= 0 else j
                pos.append(j)
                j = min(n, j + 1)
        pos.append(j)
        self.pos = pos
        self.doc_start = doc_start
        self.doc_end = j

    @classmethod
    def from_document(cls, body: str, doc: QTextDocument, first_block: int) -> BodyMap:
        """Map ``body`` onto ``doc`` where the body starts at block number ``first_block``."""
        block = doc.findBlockByNumber(first_block)
        lead = body.lstrip()[:1]
        probe = block
        while lead and probe.isValid() and not probe.text().lstrip().startswith(lead):
            probe = probe.next()  # the header had a block more or less than expected
        block = probe if probe.isValid() else block
        start = block.position() if block.isValid() else doc.characterCount() - 1
        # toPlainText() turns block breaks into "\n" one for one; positions stay the same.
        text = doc.toPlainText().replace("\n", "\u2029")
        return cls(body, text, start)

    def doc_range(self, start: int, end: int) -> tuple[int, int]:
        """Document [from, to) for body [start, end) (clamped to the body)."""
        n = len(self.body)
        s = max(0, min(n, start))
        e = max(s, min(n, end))
        if e == s:
            return self.pos[s], self.pos[s]
        return self.pos[s], self.pos[e - 1] + 1

    def body_range(self, doc_from: int, doc_to: int) -> tuple[int, int] | None:
        """Body [start, end) for a document selection, trimmed of surrounding whitespace.

        None when the selection holds no body text (the title, the metadata lines).
        """
        lo, hi = sorted((doc_from, doc_to))
        lo, hi = max(lo, self.doc_start), min(hi, self.doc_end)
        if hi <= lo:
            return None
        s = bisect_left(self.pos, lo)
        e = bisect_right(self.pos, hi - 1)
        e = min(e, len(self.body))
        while s < e and self.body[s] in _WS:
            s += 1
        while e > s and self.body[e - 1] in _WS:
            e -= 1
        return (s, e) if e > s else None


def apply_highlights(
    doc: QTextDocument,
    body_map: BodyMap,
    spans: Sequence[HighlightSpan],
    *,
    dark: bool,
) -> list[tuple[int, int, HighlightSpan]]:
    """Draw ``spans`` into ``doc``; returns (doc from, doc to, span) for hit-testing.

    The note (or the highlighted quote's speaker, when there is no note)
    becomes the tooltip; a note is marked with a dotted underline so the
    reader can see which highlights carry one.
    """
    placed: list[tuple[int, int, HighlightSpan]] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        a, b = body_map.doc_range(span.start, span.end)
        if b <= a:
            continue
        cur = QTextCursor(doc)
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(highlight_color(span.color, dark))
        if dark:
            fmt.setForeground(QColor("#f4f1ea"))
        if span.note:
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setToolTip(_note_tip(span.note))
        cur.mergeCharFormat(fmt)
        placed.append((a, b, span))
    return placed


def _note_tip(note: str) -> str:
    """Rich text with the note escaped: a note is data, never markup."""
    flat = note.strip()
    if len(flat) > 600:
        flat = flat[:600].rstrip() + "…"
    return f"<p style='white-space:pre-wrap'><b>Note:</b> {html.escape(flat)}</p>"
