"""PolNeAR direct quotes as gold, and how predicted quotes are scored against them.

Shared by the corpus test (tests/quotes/test_corpus_polnear.py) and the
benchmark (tests/benchmarks/eval_quotes.py); loaded by path, not imported as
a package, because pytest runs with ``--import-mode=importlib``.

Gold (per article, the first annotation file alphabetically when several
annotators labelled it):

* a *direct-quote unit* is a ``Content`` annotation whose text holds a double
  quotation mark; its quoted *segments* are the stretches between the marks
  (a piece that opens without closing runs to the piece end, as in
  multi-paragraph quotes); its speaker is the linked ``Source`` span.
* recall: share of gold segments of which a predicted quote covers >= 50 %;
* precision: share of predicted quotes lying >= 50 % inside annotated
  Content (any content: PolNeAR marks what is attributed to someone);
* speaker accuracy: over found segments whose gold source is a name (its
  head, before the first comma, ends in a capitalised word and is not a
  pronoun), the predicted speaker matches when its last word (the surname)
  is a word of the source head, or the head's last word is a word of the
  prediction ("Donald Trump" ~ "Mr. Trump").
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DOUBLE = "\"“”«»„"
OPENERS = "“«„"
CLOSERS = "”»"
PRONOUNS = {"i", "we", "you", "he", "she", "they", "it", "me", "us", "him", "her", "them", "who", "which", "that"}


@dataclass
class Segment:
    start: int
    end: int
    sources: list[str] = field(default_factory=list)


@dataclass
class Doc:
    name: str
    text: str
    segments: list[Segment]
    content_cover: bytearray


def _load_ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[dict[str, str]]]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            typ, rest = parts[1].split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in rest.split(";")]
            spans[parts[0]] = (typ, pieces, parts[2] if len(parts) > 2 else "")  # type: ignore[assignment]
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(a.split(":", 1) for a in parts[1].split()))
    return spans, events


def _segments_in_piece(text: str, a: int, b: int) -> list[tuple[int, int]]:
    marks = [i for i in range(a, b) if text[i] in DOUBLE]
    segs: list[tuple[int, int]] = []
    opened: int | None = None
    for k, i in enumerate(marks):
        ch = text[i]
        if opened is None:
            is_close = ch in CLOSERS or (ch == '"' and i > a and not text[i - 1].isspace() and k == 0)
            if is_close and k == 0:
                segs.append((a, i))  # the piece started inside the quote
            else:
                opened = i + 1
        else:
            segs.append((opened, i))
            opened = None
    if opened is not None:
        segs.append((opened, b))
    out = []
    for s, e in segs:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def source_head(source: str) -> str:
    head = re.sub(r"\([^)]*\)", " ", source).split(",")[0].strip()
    return head


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'.\-]+", text)


def _name_chunks(source: str) -> list[str]:
    """Comma chunks of a source that are names: they end in a capitalised word
    and are not a lone pronoun ("Sen. Ted Cruz (R-Tex.)", "Jonathan Greenblatt")."""
    out = []
    for chunk in re.sub(r"\([^)]*\)", " ", source).split(","):
        words = _words(chunk)
        if not words or (len(words) == 1 and words[0].lower() in PRONOUNS):
            continue
        last = words[-1].rstrip(".")
        if last and last[0].isupper() and not re.fullmatch(r"[RDI]-[A-Z][\w.]*", words[-1]):
            out.append(chunk.strip())
    return out


def source_is_name(source: str) -> bool:
    """The source names someone: its head (before the first comma) ends in a
    capitalised word, or one of its comma chunks is such a name."""
    return bool(_name_chunks(source))


def speaker_matches(pred: str | None, source: str) -> bool:
    """The predicted speaker's surname is a word of one of the source's names,
    or a name's last word is a word of the prediction."""
    if not pred:
        return False
    pred_words = [w.lower().rstrip(".") for w in _words(pred)]
    if not pred_words:
        return False
    for chunk in _name_chunks(source):
        words = [w.lower().rstrip(".").removesuffix("’s").removesuffix("'s") for w in _words(chunk)]
        if pred_words[-1] in words or words[-1] in pred_words:
            return True
    return False


def load(corpus: Path) -> list[Doc]:
    root = corpus / "polnear-quote-attribution"
    docs: list[Doc] = []
    for txt in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        spans, events = _load_ann(anns[0])
        cover = bytearray(len(text) + 1)
        segs: dict[tuple[int, int], Segment] = {}
        for ev in events:
            content = spans.get(ev.get("Content", ""))
            if content is None:
                continue
            _, pieces, _ = content
            for a, b in pieces:
                for i in range(a, min(b, len(text))):
                    cover[i] = 1
            if not any(text[i] in DOUBLE for a, b in pieces for i in range(a, min(b, len(text)))):
                continue
            src = spans.get(ev.get("Source", ""))
            src_text = " ".join(text[a:b] for a, b in src[1]) if src else ""
            for a, b in pieces:
                for s, e in _segments_in_piece(text, a, min(b, len(text))):
                    seg = segs.setdefault((s, e), Segment(s, e))
                    if src_text:
                        seg.sources.append(src_text)
        docs.append(Doc(txt.stem, text, sorted(segs.values(), key=lambda s: s.start), cover))
    return docs


@dataclass
class Scores:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct_spans: int = 0
    named: int = 0
    named_correct: int = 0
    seconds: float = 0.0
    articles: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)
    false: list[tuple[str, str]] = field(default_factory=list)
    wrong_speaker: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct_spans / self.predicted if self.predicted else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.named_correct / self.named if self.named else 0.0

    def summary(self) -> str:
        return (
            f"PolNeAR: {self.articles} articles, {self.gold} gold quote segments, {self.predicted} predicted\n"
            f"  quote recall     {self.recall:.3f}  (target >= 0.90)\n"
            f"  quote precision  {self.precision:.3f}  (target >= 0.85)\n"
            f"  speaker accuracy {self.speaker_accuracy:.3f}  over {self.named} found quotes with a named "
            f"gold speaker (target >= 0.80)\n"
            f"  time             {1000 * self.seconds / max(1, self.articles):.2f} ms/article (wall clock)"
        )


def score(docs: list[Doc], find: Callable[[str], list]) -> Scores:
    sc = Scores()
    for doc in docs:
        body = doc.text
        t0 = time.perf_counter()
        quotes = find(body)
        sc.seconds += time.perf_counter() - t0
        sc.articles += 1
        sc.predicted += len(quotes)
        for q in quotes:
            inside = sum(doc.content_cover[q.start : q.end])
            if inside >= 0.5 * (q.end - q.start):
                sc.correct_spans += 1
            else:
                sc.false.append((doc.name, q.text))
        for seg in doc.segments:
            sc.gold += 1
            best = None
            best_ov = 0
            for q in quotes:
                ov = min(q.end, seg.end) - max(q.start, seg.start)
                if ov > best_ov:
                    best, best_ov = q, ov
            if best is None or best_ov < 0.5 * (seg.end - seg.start):
                sc.misses.append((doc.name, body[seg.start : seg.end]))
                continue
            sc.found += 1
            named = [s for s in seg.sources if source_is_name(s)]
            if named:
                sc.named += 1
                if any(speaker_matches(best.speaker, s) for s in named):
                    sc.named_correct += 1
                else:
                    sc.wrong_speaker.append((doc.name, body[seg.start : seg.end][:80], str(best.speaker), named[0]))
    return sc
