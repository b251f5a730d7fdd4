"""Step 1: find the quoted spans in a body, paragraph by paragraph.

Reporters' prose has three habits a naive "pair every two marks" approach
gets wrong, so pairing works on classified marks:

* straight ``"`` marks do not say whether they open or close: the context
  (space before, letter after, ...) decides, alternation breaks ties;
* a quote running over several paragraphs repeats the opening mark at each
  paragraph and closes only at the end: an unterminated span followed by a
  paragraph that opens with a mark is a *continued* quote;
* apostrophes look like closing single quotes, so single marks are primary
  quotes only in bodies that use no double marks at all (some British
  outlets), and nested single quotes simply stay inside their double quote.

Markup that leaked into a body (``<tweet tweet-id="...">``) and inch marks
(``5'10"``) are not quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.quotes import cues

_DOUBLE_RE = re.compile("[" + re.escape(cues.DOUBLE_MARKS) + "]")
_SINGLE_RE = re.compile("[‘’']")
_TAG_RE = re.compile(r"<[^<>\n]{0,400}>")
_PARAGRAPH_RE = re.compile(r"[^\n]+")

_OPEN_BEFORE = set(" \t\u00a0([{—–-/\u2014\u2013:;") | {""}
_CLOSE_AFTER = set(" \t\u00a0)]},.;:!?—–-/\u2014\u2013…") | {""}


@dataclass
class Paragraph:
    """A line of the body with its offset; quotes are found inside one paragraph."""

    index: int
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class QuoteSpan:
    """One quoted span, offsets into the body, quote marks excluded.

    ``open_mark``/``close_mark`` are the body offsets of the marks (``None``
    when the span runs to the paragraph edge without one). ``continues`` is
    set on the span that continues an earlier paragraph's unterminated quote,
    ``chain`` numbers spans that belong to one multi-paragraph quote.
    """

    start: int
    end: int
    paragraph: int
    open_mark: int | None
    close_mark: int | None
    continues: bool = False
    chain: int = -1


def paragraphs(body: str) -> list[Paragraph]:
    return [Paragraph(i, m.start(), m.group()) for i, m in enumerate(_PARAGRAPH_RE.finditer(body))]


def _masked_tags(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TAG_RE.finditer(text)]


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _classify_double(text: str, i: int) -> str:
    """'open', 'close' or 'either' for the double mark at ``text[i]``."""
    ch = text[i]
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    open_ctx = before in _OPEN_BEFORE or before in cues.DOUBLE_MARKS or before in "‘'"
    open_ctx = open_ctx and after not in (" ", "\t", "")
    close_ctx = after in _CLOSE_AFTER or after in cues.DOUBLE_MARKS or after in "’'"
    close_ctx = close_ctx and before not in (" ", "\t", "")
    if ch in cues.OPEN_DOUBLE:
        # A mis-typed curly mark (“ where a closing one belongs) is trusted less
        # than its surroundings.
        return "close" if close_ctx and not open_ctx else "open"
    if ch in cues.CLOSE_DOUBLE:
        return "open" if open_ctx and not close_ctx else "close"
    if open_ctx and not close_ctx:
        return "open"
    if close_ctx and not open_ctx:
        return "close"
    return "either"


def _double_marks(text: str) -> list[tuple[int, str]]:
    tags = _masked_tags(text) if "<" in text else []
    marks: list[tuple[int, str]] = []
    for mm in _DOUBLE_RE.finditer(text):
        i = mm.start()
        if tags and _in_spans(i, tags):
            continue
        if i > 0 and text[i - 1] == "=":
            continue  # attribute="value" in leaked markup
        marks.append((i, _classify_double(text, i)))
    straight = [m for m in marks if text[m[0]] == '"']
    if len(straight) % 2 == 1:
        # An odd count: drop an inch/second mark (6'2", 12") if there is one.
        for i, kind in straight:
            if i > 0 and text[i - 1].isdigit() and kind != "open":
                marks.remove((i, kind))
                break
    return marks


def _single_marks(text: str) -> list[tuple[int, str]]:
    """Single marks that can only be quotes, not apostrophes (it's, voters')."""
    marks: list[tuple[int, str]] = []
    n = len(text)
    for mm in _SINGLE_RE.finditer(text):
        i, ch = mm.start(), mm.group()
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < n else ""
        if before.isalnum() and after.isalnum():
            continue  # it's, Assad's, O'Neill
        if ch != "’" and before in _OPEN_BEFORE and after and (after.isalnum() or after in "“\"…"):
            if re.match(r"\d\d?s\b|em\b|til\b|n\b|cause\b", text[i + 1 : i + 5]):
                continue  # '90s, 'em, rock 'n' roll
            marks.append((i, "open"))
        elif ch != "‘" and after in _CLOSE_AFTER and before and not before.isspace():
            if before in "sS" and re.match(r"\s+[a-z]", text[i + 1 : i + 3]):
                continue  # plural possessive: voters' rights
            marks.append((i, "close"))
    return marks


def _pair(text: str, marks: list[tuple[int, str]]) -> tuple[list[tuple[int | None, int | None]], bool]:
    """Pair classified marks; returns (open, close) index pairs and whether the
    paragraph ends inside an unterminated quote."""
    pairs: list[tuple[int | None, int | None]] = []
    opened: int | None = None
    for i, kind in marks:
        if opened is None:
            if kind in ("open", "either"):
                opened = i
            # a stray closing mark outside a quote is ignored
        else:
            if kind in ("close", "either"):
                pairs.append((opened, i))
                opened = None
            else:
                # Two opening marks in a row: the first quote never closed;
                # it ends where the next one opens.
                pairs.append((opened, -i))  # negative: ends before mark i
                opened = i
    if opened is not None:
        pairs.append((opened, None))
        return pairs, True
    return pairs, False


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _starts_with_open(text: str, marks: list[tuple[int, str]]) -> bool:
    first = len(text) - len(text.lstrip())
    return bool(marks) and marks[0][0] == first and marks[0][1] in ("open", "either")


def find_spans(body: str, paras: list[Paragraph] | None = None) -> list[QuoteSpan]:
    """Every quoted span of the body, in order."""
    paras = paras if paras is not None else paragraphs(body)
    use_double = any(ch in body for ch in cues.DOUBLE_MARKS)
    mark_fn = _double_marks if use_double else _single_marks
    spans: list[QuoteSpan] = []
    pending_chain: int | None = None  # chain id of an unterminated quote
    chain_counter = 0
    for para in paras:
        text = para.text
        marks = mark_fn(text)
        if not marks:
            pending_chain = None
            continue
        continuing = pending_chain is not None and _starts_with_open(text, marks)
        pairs, unterminated = _pair(text, marks)
        for k, (o, c) in enumerate(pairs):
            assert o is not None
            if c is None:
                a, b = _trimmed(text, o + 1, len(text))
                close_mark = None
            elif c < 0:
                a, b = _trimmed(text, o + 1, -c)
                close_mark = None
            else:
                a, b = _trimmed(text, o + 1, c)
                close_mark = para.start + c
            if b <= a or not any(ch.isalnum() for ch in text[a:b]):
                continue
            span = QuoteSpan(
                start=para.start + a,
                end=para.start + b,
                paragraph=para.index,
                open_mark=para.start + o,
                close_mark=close_mark,
            )
            if k == 0 and continuing:
                span.continues = True
                span.chain = pending_chain  # type: ignore[assignment]
            elif c is None:
                span.chain = chain_counter
                chain_counter += 1
            spans.append(span)
        if unterminated and spans and spans[-1].paragraph == para.index:
            last = spans[-1]
            if last.chain < 0:
                last.chain = chain_counter
                chain_counter += 1
            pending_chain = last.chain
        else:
            pending_chain = None
    return spans
