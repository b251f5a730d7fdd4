"""Line features and prose scoring for plain-text dumps.

Pure functions over one normalised line: is it furniture, a dateline, a
byline, a tag list; its features (words, function-word share, sentence end);
and how much it reads like article prose (``prose_score``, weights in
``PROSE_WEIGHTS``). The article region is the maximum-sum run of scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.parsing import cues
from reader.parsing.dates import parse_datetime

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
SPACE_RUNS = re.compile(r"  +")
ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WORDS = re.compile(r"[^\W\d_]+(?:['\u2019.][^\W\d_]+)*", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
#: Characters of scripts written without spaces (Chinese, Japanese, Korean syllables, full-width forms).
WIDE_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)?")
_CAPITALISED = re.compile(r"(?:^|(?<=\s))[\"'\u201c\u2018(]?[A-Z\u00c0-\u00de]")
DOMAIN_NAME = re.compile(r"\w\.(?:com|org|net|co|uk|de|fr|io|news|info)\b", re.IGNORECASE)
TINY_DATE_TOKEN = re.compile(r"^[\w.,/-]{1,12}$")
_STRIP_PUNCT = "\"'“”‘’()[]{}.,;:!?…*-–—"


def norm_line(line: str) -> str:
    return _SPACES.sub(" ", INVISIBLE.sub("", line)).strip()


def is_furniture(line: str) -> bool:
    """True when the whole line is page furniture (share widget, menu item, legal text...)."""
    if len(line) <= cues.FURNITURE_MAX_CHARS and (
        cues.FURNITURE.match(line) is not None or cues.INLINE_FURNITURE.match(line) is not None
    ):
        return True
    return cues.BOILERPLATE_SENTENCE.match(line) is not None


def dateline_iso(line: str) -> str | None:
    """ISO date when the line is a dateline and nothing else, else None."""
    if not line or len(line) > 90 or not cues.DATE_HINT.search(line):
        return None
    other = [w for w in _WORDS.findall(line.lower()) if w.strip(".") not in cues.DATELINE_FILLER]
    if len(other) > 1:
        return None
    return parse_datetime(cues.DATELINE_PREFIX.sub("", line))


def _clean_name(name: str) -> str | None:
    name = cues.NAME_SUFFIXES.sub("", name).strip(" .,:;-|\u2013\u2014")
    words = name.split()
    if not (1 <= len(words) <= 5) or len(name) > 60 or not _LETTERS.search(name):
        return None
    if any(w.lower().strip(_STRIP_PUNCT) in cues.NOT_NAME_WORDS for w in words):
        return None
    if any(ch.isdigit() for ch in name) or "@" in name or "http" in name.lower() or DOMAIN_NAME.search(name):
        return None
    if name.isupper() and len(name) > 4:
        name = name.title()  # "JAMIE CRAWFORD" is typography, not the name
    return name


def split_names(names: str) -> list[str]:
    """"Jane Doe and John Roe" -> ["Jane Doe", "John Roe"].

    All or nothing: one part that is not a name ("By and large, it worked")
    means the line is a sentence, not a byline, and gives [].
    """
    out: list[str] = []
    parts = cues.NAME_SEPARATORS.split(names)
    if not parts[0].strip():
        return []  # starts with "and", "&", ","...
    for part in parts:
        if not cues.NAME_SUFFIXES.sub("", part).strip(" .,:;-|\u2013\u2014") or DOMAIN_NAME.search(part):
            continue  # only a job title ("Staff Writers") or the outlet ("cleveland.com")
        name = _clean_name(part)
        if name is None:
            return []
        if name not in out:
            out.append(name)
    return out


def byline(line: str) -> tuple[list[str], str | None] | None:
    """(authors, date) when the line is a byline, else None."""
    if len(line) > 120:
        return None
    for pat in cues.BYLINE_PATTERNS:
        m = pat.match(line)
        if not m:
            continue
        authors = split_names(m.group("names"))
        if not authors:
            continue
        rest = m.groupdict().get("rest") or ""
        return authors, (parse_datetime(rest) if rest else None)
    return None


def split_tags(tags: str) -> list[str]:
    out: list[str] = []
    for t in cues.TAG_SEPARATORS.split(tags):
        t = t.strip(" .")
        if t and len(t) <= 60 and t not in out:
            out.append(t)
    return out


@dataclass(frozen=True)
class LineFeatures:
    words: int
    stop_ratio: float
    sentence_end: bool
    furniture: bool
    title_case: bool = False
    inline: bool = False  # furniture that sits inside articles (ad slots, captions)
    footer: bool = False  # a cue that opens a footer (share bar, related links, tags)


_NO_FEATURES = LineFeatures(words=0, stop_ratio=0.0, sentence_end=False, furniture=False)
_IS_STOPWORD = cues.STOPWORDS.__contains__


def features(line: str) -> LineFeatures:
    if not line:
        return _NO_FEATURES
    words = line.split()
    n = len(words)
    stops = sum(map(_IS_STOPWORD, _TOKEN.findall(line.lower())))
    wide = len(WIDE_CHARS.findall(line)) if n < len(line) / 12 else 0
    # Only short lines need the menu test; skip the count for paragraphs.
    capitalised = len(_CAPITALISED.findall(line)) if n < 10 else 0
    furniture = is_furniture(line)
    short = len(line) <= cues.FURNITURE_MAX_CHARS
    return LineFeatures(
        # Scripts written without spaces (Chinese, Japanese): about two characters a word.
        words=max(n, wide // 2),
        stop_ratio=stops / n if n else 0.0,
        sentence_end=cues.SENTENCE_END.search(line) is not None,
        furniture=furniture,
        title_case=n > 0 and capitalised >= 0.7 * n,
        inline=furniture and short and cues.INLINE_FURNITURE.match(line) is not None,
        footer=furniture and short and cues.FOOTER_START.match(line) is not None,
    )


@dataclass(frozen=True)
class ProseWeights:
    """The numbers ``prose_score`` gives each kind of line (one named table)."""

    inline_furniture: float = -0.3  # an ad slot inside the article: dropped, but no boundary
    footer_furniture: float = -4.0  # a share bar or "Related articles": a hard boundary
    furniture: float = -1.5
    #: A prose line has at least this many words and this share of function words
    #: (or ends like a sentence); its score grows with its words up to ``prose_max_words``.
    prose_min_words: int = 10
    prose_min_stop_ratio: float = 0.15
    prose_max_words: int = 80
    prose_words_per_point: float = 8.0
    sentence_end_bonus: float = 1.0
    no_sentence_end_bonus: float = 0.6
    stop_ratio_base: float = 0.6
    stop_ratio_cap: float = 0.5
    #: A short sentence ("He declined to comment.").
    short_sentence_min_words: int = 4
    short_sentence_min_stop_ratio: float = 0.1
    short_sentence: float = 0.3
    other_sentence: float = -0.1
    menu_max_words: int = 3
    menu_item: float = -1.0  # menu items, section names, headline lists
    plain_short_line: float = -0.3  # a subheading or list item as often as a link


PROSE_WEIGHTS = ProseWeights()


def prose_score(f: LineFeatures, w: ProseWeights = PROSE_WEIGHTS) -> float:
    """How much a line looks like article prose: positive for prose, negative for menus.

    Long lines full of function words and ending like sentences score high;
    short unpunctuated lines (menu items, link lists) and furniture score low.
    """
    if f.words == 0:
        return 0.0
    if f.furniture:
        if f.inline:
            return w.inline_furniture
        return w.footer_furniture if f.footer else w.furniture
    if f.words >= w.prose_min_words and (f.stop_ratio >= w.prose_min_stop_ratio or f.sentence_end):
        bonus = w.sentence_end_bonus if f.sentence_end else w.no_sentence_end_bonus
        words = min(f.words, w.prose_max_words) / w.prose_words_per_point
        return words * bonus * (w.stop_ratio_base + min(f.stop_ratio, w.stop_ratio_cap))
    if f.words >= w.short_sentence_min_words and f.sentence_end and f.stop_ratio >= w.short_sentence_min_stop_ratio:
        return w.short_sentence
    if f.sentence_end:
        return w.other_sentence
    if f.words <= w.menu_max_words or f.title_case:
        return w.menu_item
    return w.plain_short_line


#: Weight of a prose line inside a run of lines with no blank between them.
DENSE_RUN_WEIGHT = 0.5


def damp_dense_runs(lines: list[str], scores: list[float]) -> list[float]:
    """Halve the prose score of lines packed between non-blank neighbours.

    Page dumps put blank lines between an article's paragraphs but list
    teasers ("Headline Teaser sentence...") and menus line after line; in a
    file that separates its paragraphs with blank lines anyway, a dense run
    is more likely a list of links than the article.
    """
    n = len(lines)
    blank_separated = sum(1 for i in range(1, n - 1) if lines[i] and not lines[i - 1] and not lines[i + 1])
    if blank_separated < 3:
        return scores  # a file without blank-line paragraphs: nothing to compare
    out = list(scores)
    for i in range(1, n - 1):
        if out[i] > 0 and lines[i - 1] and lines[i + 1]:
            out[i] *= DENSE_RUN_WEIGHT
    return out


def is_paragraph(f: LineFeatures) -> bool:
    """A line that is surely body prose, not a title, dateline or byline."""
    return not f.furniture and f.words >= 20 and f.sentence_end and f.stop_ratio >= 0.1


def best_region(scores: list[float]) -> tuple[int, int]:
    """Maximum-sum contiguous run of ``scores`` as [start, end); (0, 0) when all are <= 0."""
    best, best_span = 0.0, (0, 0)
    run, run_start = 0.0, 0
    for i, s in enumerate(scores):
        if run <= 0:
            run, run_start = s, i
        else:
            run += s
        if run > best:
            best, best_span = run, (run_start, i + 1)
    return best_span

