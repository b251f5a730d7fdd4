"""Quoted speech and its speakers.

``find_quotes(body)`` runs a pipeline of small named steps:

1. ``finder``      quoted spans (straight/curly marks, multi-paragraph quotes)
2. ``sentences``   mask the quotes, split the rest into sentences
3. ``attribution`` the speaker phrase each span's cue points at
4. ``context``     spans without a cue borrow one (same paragraph, colon
                   intro, a sentence after naming the speaker (``named_after``),
                   earlier paragraphs of the same quote)
5. ``resolve``     pronouns, surnames and descriptions -> canonical speakers
6. ``kinds``       scare quotes and titles lose their speaker

Qt-free and dependency-free; every heuristic word list is in ``cues.py``.
"""

from __future__ import annotations

from reader.model import Quote
from reader.quotes.attribution import Attribution, Attributor
from reader.quotes.finder import Paragraph, QuoteSpan, find_spans, paragraphs
from reader.quotes.kinds import SPEECH, classify
from reader.quotes.named_after import following_sentence
from reader.quotes.resolve import resolve_speakers
from reader.quotes.sentences import Sentences, mask

__all__ = ["find_quotes", "QuoteFinder"]

#: Bodies longer than this are cut for quote finding (a pathological file
#: must not stall an import); quotes past the limit are not found.
MAX_BODY = 2_000_000
#: How many earlier quotes a quote without a cue looks back over.
LOOK_BACK = 12


class QuoteFinder:
    """The pipeline for one body; each step is a method so tests can look inside."""

    def __init__(self, body: str) -> None:
        self.body = body[:MAX_BODY]
        self.paras: list[Paragraph] = paragraphs(self.body)
        self.spans: list[QuoteSpan] = []
        self.attributions: list[Attribution | None] = []

    def find(self) -> list[Quote]:
        self.spans = find_spans(self.body, self.paras)
        if not self.spans:
            return []
        masked = mask(self.body, self.spans)
        sents = Sentences(masked, self.body, self.paras, self.spans)
        attributor = Attributor(self.body, masked, self.paras, self.spans, sents)
        self.attributions = self.attribute(attributor)
        speakers = resolve_speakers(self.spans, self.attributions, masked, sents)
        quotes: list[Quote] = []
        for span, att, (speaker, role) in zip(self.spans, self.attributions, speakers):
            kind = classify(self.body, span, att)
            if kind != SPEECH:
                speaker, role = None, None
            quotes.append(Quote(self.body[span.start : span.end], speaker, span.start, span.end, role))
        return quotes

    # -- steps ---------------------------------------------------------------

    def attribute(self, attributor: Attributor) -> list[Attribution | None]:
        spans = self.spans
        self._by_paragraph: dict[int, list[int]] = {}
        for i, span in enumerate(spans):
            self._by_paragraph.setdefault(span.paragraph, []).append(i)
        out: list[Attribution | None] = []
        for i, span in enumerate(spans):
            a = attributor.trailing(span) or attributor.leading(span)
            if a is not None and a.strength == "participle":
                prev = self._previous_in_paragraph(out, i)
                a = Attribution(prev.ref, "sentence", prev.pos) if prev is not None else None
            out.append(a)
        self._share_chains(out)
        for i in range(len(spans)):
            if out[i] is not None:
                continue
            out[i] = self._from_context(attributor, out, i)
        return out

    def _previous_in_paragraph(self, out: list[Attribution | None], i: int) -> Attribution | None:
        para = self.spans[i].paragraph
        for j in range(i - 1, max(-1, i - 1 - LOOK_BACK), -1):
            if self.spans[j].paragraph != para:
                return None
            a = out[j]
            if a is not None and a.ref is not None:
                return a
        return None

    def _share_chains(self, out: list[Attribution | None]) -> None:
        """All paragraphs of one multi-paragraph quote share its attribution."""
        chains: dict[int, list[int]] = {}
        for i, span in enumerate(self.spans):
            if span.chain >= 0:
                chains.setdefault(span.chain, []).append(i)
        for members in chains.values():
            found = next((a for i in members if (a := out[i]) is not None and a.ref is not None), None)
            if found is None:
                continue
            for i in members:
                if out[i] is None:
                    out[i] = Attribution(found.ref, "context", found.pos)

    def _from_context(self, attributor: Attributor, out: list[Attribution | None], i: int) -> Attribution | None:
        span = self.spans[i]
        prev = self._previous_in_paragraph(out, i)
        if prev is not None:
            return Attribution(prev.ref, "context", prev.pos)
        announced = attributor.previous_sentence(span)
        if announced is not None:
            return announced
        p = span.paragraph
        first_in_para = i == 0 or self.spans[i - 1].paragraph != p
        para = self.paras[p]
        opens_para = first_in_para and p > 0 and span.open_mark is not None
        if opens_para and not self.body[para.start : span.open_mark].strip():
            intro = attributor.colon_intro(self.paras[p - 1])
            if intro is not None:
                return intro
        else:
            opens_para = False
        named_after = following_sentence(attributor, span)
        if named_after is not None:
            return named_after
        return self._previous_paragraph_speaker(out, i) if opens_para else None

    def _previous_paragraph_speaker(self, out: list[Attribution | None], i: int) -> Attribution | None:
        """A paragraph of bare quotes right after a paragraph that quoted
        someone continues that speaker (a common web-news habit)."""
        p = self.spans[i].paragraph
        own = self._by_paragraph.get(p, [])
        if any((a := out[k]) is not None and a.strength != "context" for k in own[:LOOK_BACK]):
            return None
        prev = next((self._by_paragraph[q][-1] for q in (p - 1, p - 2) if q in self._by_paragraph), None)
        if prev is None:
            return None
        a = out[prev]
        if a is None or a.ref is None:
            return None
        return Attribution(a.ref, "context", a.pos)


def find_quotes(body: str) -> list[Quote]:
    """Every quoted span of ``body`` with its speaker (``None`` for scare
    quotes, titles and unattributed quotes). ``body[q.start:q.end] == q.text``."""
    if not body or not isinstance(body, str):
        return []
    return QuoteFinder(body).find()
