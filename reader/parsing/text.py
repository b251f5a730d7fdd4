"""Plain-text dumps of article pages -> ``Article``.

The pipeline reads like its stages (Python-Markdown style): each step is a
small named object with ``run(doc)`` working on a shared ``TextDocument``.

    normalise -> comments (where they start) -> header (title, dateline,
    byline) -> body region -> nearby metadata -> footer (tags, post-by) ->
    site and url -> title (page dumps) -> body paragraphs -> comments
    (split) -> warnings

The decode step ran before (``reader.parsing.decode``). Every cue phrase
and boilerplate pattern lives in ``reader.parsing.cues``; this module holds
the methods only, so teaching it a new kind of page furniture means adding a
row there.

Layouts it is built for: a clean dump (title line, maybe dateline and
byline, paragraphs, footer, comments), and a full-page dump (the visible
text of a whole web page, menus and all), where the article is the densest
run of prose lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from reader.model import Article, Comment
from reader.parsing import cues
from reader.parsing.dates import parse_datetime

# ---------------------------------------------------------------------------
# The document the steps share
# ---------------------------------------------------------------------------


@dataclass
class TextDocument:
    """A text dump on its way to becoming an ``Article``.

    ``raw_lines`` keep the file's own indentation (comment splitting needs
    it); ``lines`` are the same lines with whitespace normalised, index for
    index. Section bounds are line indices: ``[body_start, body_end)`` is the
    article region, ``comment_start`` (or ``len(lines)``) ends the footer.
    """

    source: str
    text: str
    article: Article
    raw_lines: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    comment_start: int | None = None
    header_end: int = 0
    body_start: int = 0
    body_end: int = 0
    title_line: int | None = None
    title_site: str | None = None  # a "Headline - Site" suffix, confirmed or not
    used: set[int] = field(default_factory=set)  # lines consumed as metadata
    page_dump: bool = False
    date_found: bool = False
    feats: list[LineFeatures] = field(default_factory=list)
    comment_reader: CommentReader | None = None
    scores: list[float] = field(default_factory=list)

    @property
    def content_end(self) -> int:
        return len(self.lines) if self.comment_start is None else self.comment_start


class Step(Protocol):
    name: str

    def run(self, doc: TextDocument) -> None: ...


# ---------------------------------------------------------------------------
# Small line classifiers (pure functions over one normalised line)
# ---------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SPACE_RUNS = re.compile(r"  +")
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WORDS = re.compile(r"[^\W\d_]+(?:['\u2019.][^\W\d_]+)*", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_WIDE_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)?")
_CAPITALISED = re.compile(r"(?:^|(?<=\s))[\"'\u201c\u2018(]?[A-Z\u00c0-\u00de]")
_DOMAIN_NAME = re.compile(r"\w\.(?:com|org|net|co|uk|de|fr|io|news|info)\b", re.IGNORECASE)
_TINY_DATE_TOKEN = re.compile(r"^[\w.,/-]{1,12}$")
_STRIP_PUNCT = "\"'“”‘’()[]{}.,;:!?…*-–—"
_INNER_SENTENCE_END = re.compile(r"[a-z\u2019'\"\u201d][.!?] [A-Z\u2018\u201c]")
_TITLE_END_PERIOD = re.compile(r"(?<![A-Z]\.[A-Z])(?<!\b[A-Z])\.(?=[\"'\u201d\u2019]*$)")


def _norm(line: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


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
    if any(ch.isdigit() for ch in name) or "@" in name or "http" in name.lower() or _DOMAIN_NAME.search(name):
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
        if not cues.NAME_SUFFIXES.sub("", part).strip(" .,:;-|\u2013\u2014") or _DOMAIN_NAME.search(part):
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
    wide = len(_WIDE_CHARS.findall(line)) if n < len(line) / 12 else 0
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


def prose_score(f: LineFeatures) -> float:
    """How much a line looks like article prose: positive for prose, negative for menus.

    Long lines full of function words and ending like sentences score high;
    short unpunctuated lines (menu items, link lists) and furniture score low.
    """
    if f.words == 0:
        return 0.0
    if f.furniture:
        if f.inline:
            return -0.3  # an ad slot inside the article: dropped, but no boundary
        return -4.0 if f.footer else -1.5
    if f.words >= 10 and (f.stop_ratio >= 0.15 or f.sentence_end):
        bonus = 1.0 if f.sentence_end else 0.6
        return min(f.words, 80) / 8.0 * bonus * (0.6 + min(f.stop_ratio, 0.5))
    if f.words >= 4 and f.sentence_end and f.stop_ratio >= 0.1:
        return 0.3
    if f.sentence_end:
        return -0.1
    if f.words <= 3 or f.title_case:
        return -1.0  # menu items, section names, headline lists
    return -0.3  # a short plain line: a subheading or list item as often as a link


#: Weight of a prose line inside a run of lines with no blank between them.
DENSE_RUN_WEIGHT = 0.5


def _damp_dense_runs(lines: list[str], scores: list[float]) -> list[float]:
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


# ---------------------------------------------------------------------------
# Comment section: the COMMENTS helper's module when present, else a fallback
# ---------------------------------------------------------------------------


class CommentReader:
    """The comments module behind one small interface, with a fallback.

    ``reader.parsing.comments`` (owned by the comment-thread work) splits the
    thread; until it is importable the cue tables here still find where the
    section starts and the count it claims, so the body stays clean. An error
    inside it costs the comments (with a warning), never the article.
    """

    def __init__(self, doc: TextDocument) -> None:
        self.doc = doc
        self._sections: dict[int, list[Comment] | None] = {}
        try:
            self.mod = self._module()
        except Exception as exc:  # noqa: BLE001 - a broken module must not lose the article
            self.mod = None
            self._failed("loading", exc)

    @staticmethod
    def _module():
        try:
            from reader.parsing import comments
        except ModuleNotFoundError as exc:  # only "the module is not there yet"
            if exc.name != "reader.parsing.comments":
                raise
            return None
        return comments

    def _failed(self, what: str, exc: Exception) -> None:
        msg = f"comment section not read ({what}: {type(exc).__name__})"
        if msg not in self.doc.article.warnings:
            self.doc.article.warnings.append(msg)
        self.mod = None

    def locate(self, lines: list[str]) -> int | None:
        if self.mod is not None:
            try:
                return self.mod.locate_comments(lines)
            except Exception as exc:  # noqa: BLE001 - a bug there must not lose the article
                self._failed("locating", exc)
        return _fallback_locate_comments(lines)

    def comments(self, start: int, *, reference: str | None = None) -> list[Comment] | None:
        """The comments from line ``start`` on; None when they cannot be split.

        ``reference`` (the article's date) dates comments printed without a
        year; it is known only once the header is read, so a split made
        before is redone with it when the thread has undated comments.
        """
        if start in self._sections:
            cached = self._sections[start]
            if reference is None or not cached or all(c.published for c in cached):
                return cached
            del self._sections[start]
        found: list[Comment] | None = None
        if self.mod is not None:
            try:
                section = self.mod.comments_from_text(self.doc.raw_lines[start:], reference=reference)
                found = list(section.comments)
                if section.claimed is not None and self.doc.article.comments_claimed is None:
                    self.doc.article.comments_claimed = section.claimed
            except Exception as exc:  # noqa: BLE001
                self._failed("splitting", exc)
        self._sections[start] = found
        return found

    def claimed(self, text: str) -> int | None:
        if self.mod is not None:
            try:
                return self.mod.comment_count_claimed(text)
            except Exception as exc:  # noqa: BLE001
                self._failed("counting", exc)
        return _fallback_claimed(text)


_COMMENT_HEADER = re.compile("|".join(f"(?:{p.pattern})" for p in cues.COMMENT_SECTION_START), re.IGNORECASE)


def _fallback_locate_comments(lines: list[str]) -> int | None:
    for i, raw in enumerate(lines):
        line = _norm(raw)
        if line and len(line) <= 120 and _COMMENT_HEADER.match(line):
            return i
    return None


def _fallback_claimed(text: str) -> int | None:
    for raw in text.split("\n"):
        line = _norm(raw)
        if len(line) > 80:
            continue
        for pat in cues.COMMENT_COUNT_PATTERNS:
            m = pat.match(line)
            if m:
                return int(m.group("n").replace(",", ""))
    return None


# ---------------------------------------------------------------------------
# The steps
# ---------------------------------------------------------------------------


class Normalise:
    """Unify whitespace; keep the raw lines alongside for comment splitting."""

    name = "normalise"

    def run(self, doc: TextDocument) -> None:
        text = _INVISIBLE.sub("", doc.text.replace("\r\n", "\n").replace("\r", "\n"))
        doc.raw_lines = [ln.rstrip() for ln in text.replace("\u00a0", " ").split("\n")]
        doc.lines = [ln.strip() for ln in _SPACE_RUNS.sub(" ", _ODD_SPACE.sub(" ", text)).split("\n")]
        doc.feats = [features(ln) for ln in doc.lines]
        doc.scores = _damp_dense_runs(doc.lines, [prose_score(f) for f in doc.feats])


class FindComments:
    """Where the comment section starts, so nothing after it reaches the body.

    A comment cue with no prose before it (a "Comments" menu item at the top
    of a page dump) is skipped and the search goes on after it.
    """

    name = "comments"
    MAX_TRIES = 5
    #: A comment section must follow an article: the prose before it must be
    #: at least this share of the page's densest prose run, or this much prose.
    MIN_SHARE_BEFORE = 0.25
    MIN_PROSE_BEFORE = 8.0

    def run(self, doc: TextDocument) -> None:
        reader = doc.comment_reader = CommentReader(doc)
        scores = doc.scores
        lo, hi = best_region(scores)
        total = sum(scores[lo:hi])
        # Ad slots and captions are never a commenter's name line: hide them.
        lines = ["" if f.inline else raw for raw, f in zip(doc.raw_lines, doc.feats)]
        found = [i for i in (self._by_splitter(doc, reader, lines, total), self._by_header(doc, total)) if i is not None]
        doc.comment_start = min(found) if found else None

    def _prose_before(self, doc: TextDocument, idx: int) -> float:
        b_lo, b_hi = best_region(doc.scores[:idx])
        return sum(doc.scores[b_lo:b_hi])

    def _by_splitter(self, doc: TextDocument, reader: CommentReader, lines: list[str], total: float) -> int | None:
        """The comments module's answer, checked against the prose before it."""
        offset = 0
        for _ in range(self.MAX_TRIES):
            idx = reader.locate(lines[offset:])
            if idx is None:
                return None
            idx += offset
            before = self._prose_before(doc, idx)
            if (
                before >= self.MIN_SHARE_BEFORE * total
                or (before >= self.MIN_PROSE_BEFORE and self._signed_share(reader, idx) >= 0.5)
                or (before > 0 and self._dated_thread(reader, idx))
            ):
                return idx
            offset = idx + 1
        return None

    def _by_header(self, doc: TextDocument, total: float) -> int | None:
        """A comment-section header from the cue table ("[ 167 comments ]",
        "Leave a Reply") after the article, for threads the splitter misses."""
        for i, line in enumerate(doc.lines):
            if line and len(line) <= 80 and _COMMENT_HEADER.match(line):
                before = self._prose_before(doc, i)
                if before >= self.MIN_SHARE_BEFORE * total and before >= self.MIN_PROSE_BEFORE:
                    return i
        return None

    @staticmethod
    def _dated_thread(reader: CommentReader, start: int) -> bool:
        """Several people's comments, nearly all with a name and a date: a thread even
        after a short post. (One author over and over is a list of that author's
        other articles, not a conversation.)"""
        found = reader.comments(start) or []
        full = [c for c in found if c.published and c.author and _name_like(c.author)]
        return len(full) >= 2 and len(full) >= 0.8 * len(found) and len({c.author for c in full}) >= 2

    @staticmethod
    def _signed_share(reader: CommentReader, start: int) -> float:
        """Share of the section's comments signed with a date or a person's name.

        Real threads are signed; "comments" whose authors read like phrases
        ("Ditch the diet") are the article's own numbered list, and a section
        with no signature at all is no thread. A cue-only section (no splitter
        to ask, or a "Leave a Reply" with nothing under it) counts as signed.
        """
        found = reader.comments(start)
        if not found:
            return 1.0
        signed = sum(1 for c in found if c.published or (c.author and _name_like(c.author)))
        return signed / len(found)


def _name_like(author: str) -> bool:
    """A person's name or handle, not a sentence-case phrase or a heading."""
    words = author.split()
    if len(words) == 1:
        return True
    if len(words) > 4 or any(w.lower() in cues.STOPWORDS for w in words):
        return False
    sentence_case = words[0][:1].isupper() and all(w[:1].islower() for w in words[1:])
    return not sentence_case


class ReadHeader:
    """Title, dateline and byline at the top of the file.

    Reads down from the first line while lines look like header material:
    datelines (also split over tiny lines, "11 / July / 2012"), a time line
    after a date, bylines, furniture, and the first other line as the title.
    The header ends at the first line that is none of these.
    """

    name = "header"
    MAX_TITLE_CHARS = 250

    def run(self, doc: TextDocument) -> None:
        lines, end = doc.lines, doc.content_end
        art = doc.article
        i = 0
        date_text: str | None = None
        while i < end:
            line = lines[i]
            if not line:
                i += 1
                continue
            f = doc.feats[i]
            if is_paragraph(f):
                break
            iso = dateline_iso(line)
            if iso is None and not doc.date_found:
                iso, used = self._tiny_date_run(lines, i, end)
                if iso:
                    doc.used.update(range(i, i + used))
                    self._set_date(doc, iso)
                    i += used
                    continue
            if iso is not None:
                if not doc.date_found:
                    date_text = line
                    iso = self._with_time(doc, lines, i, end, line) or iso
                    self._set_date(doc, iso)
                doc.used.add(i)
                i += 1
                continue
            if cues.TIME_ONLY.match(line) and date_text is not None:
                doc.used.add(i)
                i += 1
                continue
            by = byline(line)
            if by is not None and not art.authors:
                art.authors, by_date = by
                if by_date and not doc.date_found:
                    self._set_date(doc, by_date)
                doc.used.add(i)
                i += 1
                continue
            if cues.BYLINE_ALONE.match(line) and i + 1 < end:
                names = split_names(self._next_nonblank(lines, i, end)[1])
                if names and not art.authors:
                    art.authors = names
                    j = self._next_nonblank(lines, i, end)[0]
                    doc.used.update((i, j))
                    i = j + 1
                    continue
            if f.furniture and doc.title_line is None:
                i += 1
                continue
            if self._combined_meta(doc, line):
                doc.used.add(i)
                i += 1
                continue
            if doc.title_line is None and len(line) <= self.MAX_TITLE_CHARS:
                i = self._take_title(doc, i, end)
                continue
            break
        doc.header_end = i

    @staticmethod
    def _next_nonblank(lines: list[str], i: int, end: int) -> tuple[int, str]:
        for j in range(i + 1, min(end, i + 4)):
            if lines[j]:
                return j, lines[j]
        return i, ""

    @staticmethod
    def _set_date(doc: TextDocument, iso: str) -> None:
        doc.article.published = iso
        doc.date_found = True

    def _with_time(self, doc: TextDocument, lines: list[str], i: int, end: int, date_line: str) -> str | None:
        """A date line followed by a time line ("07:15 PM ET") -> one timestamp."""
        j, nxt = self._next_nonblank(lines, i, end)
        if j != i and cues.TIME_ONLY.match(nxt):
            doc.used.add(j)
            return parse_datetime(f"{cues.DATELINE_PREFIX.sub('', date_line)} {nxt}")
        return None

    @staticmethod
    def _tiny_date_run(lines: list[str], i: int, end: int) -> tuple[str | None, int]:
        """A date printed one part per line ("11", "July", "2012")."""
        parts: list[str] = []
        j = i
        while j < end and len(parts) < 5 and lines[j] and _TINY_DATE_TOKEN.match(lines[j]):
            parts.append(lines[j])
            j += 1
        if len(parts) < 2:
            return None, 0
        iso = dateline_iso(" ".join(parts))
        return (iso, j - i) if iso else (None, 0)

    @staticmethod
    def _combined_meta(doc: TextDocument, line: str) -> bool:
        """A dateline and a byline on one line, joined by a dash or bar."""
        parts = cues.META_PART_SEPARATOR.split(line)
        if len(parts) < 2 or len(line) > 120:
            return False
        dates = [d for d in map(dateline_iso, parts) if d]
        bylines = [b for b in map(byline, parts) if b]
        if not dates or not bylines or len(dates) + len(bylines) != len(parts):
            return False
        if not doc.date_found:
            doc.article.published, doc.date_found = dates[0], True
        if not doc.article.authors:
            doc.article.authors = bylines[0][0]
        return True

    def _take_title(self, doc: TextDocument, i: int, end: int) -> int:
        lines = doc.lines
        title = lines[i]
        m = cues.TITLE_TRAILING_DATE.match(title)
        if m and (iso := dateline_iso(m.group("date"))):
            title = m.group("title")
            if not doc.date_found:
                doc.article.published, doc.date_found = iso, True
        doc.title_line = i
        doc.used.add(i)
        nxt = i + 1
        # A headline ending in ";" continues on the next line (news-archive dumps).
        if title.endswith(";") and nxt < end and lines[nxt] and len(lines[nxt]) <= self.MAX_TITLE_CHARS:
            title = f"{title} {lines[nxt]}"
            doc.used.add(nxt)
            nxt += 1
        m = cues.TITLE_SITE_SUFFIX.match(title)
        if m:
            doc.title_site = m.group("site").strip()
        doc.article.title = clean_title(title)
        return nxt


def clean_title(title: str) -> str:
    """Headlines carry no full stop; drop one (not an abbreviation's) at the end.

    A headline of several sentences ("Virginian could make history. Again.")
    keeps its stops, and an ellipsis stays an ellipsis.
    """
    title = title.strip()
    core = title.rstrip("\"'\u201d\u2019")
    if not core.endswith(".") or core.endswith("...") or _INNER_SENTENCE_END.search(core):
        return title
    return _TITLE_END_PERIOD.sub("", title, count=1)


class LocateBody:
    """Find the article region: the densest run of prose lines after the header.

    For a clean dump this is every line between the header and the footer;
    for a full-page dump it skips the menus before and the link lists after
    (the maximum-sum run of per-line prose scores, as boilerpipe/jusText do
    for blocks).
    """

    name = "body-region"
    PAGE_DUMP_SKIPPED = 6
    LIST_LINE_SCORE = -0.3

    def run(self, doc: TextDocument) -> None:
        start, end = doc.header_end, doc.content_end
        feats = doc.feats[start:end]
        scores = doc.scores[start:end]
        lo, hi = best_region(scores)
        if hi == 0:  # no prose at all: keep what there is
            lo, hi = 0, len(scores)
        skipped = [f for f in feats[:lo] if f.words]
        # Many menu-like lines before the article: a whole-page dump. Otherwise
        # the dump is clean and everything between header and footer is the
        # article (lists and tables included), up to the first furniture line.
        if len(skipped) >= self.PAGE_DUMP_SKIPPED and sum(1 for f in skipped if prose_score(f) < 0) >= 0.6 * len(skipped):
            doc.page_dump = True
            lo, hi = self._split_at_footers(feats, scores, lo, hi)
            # Tables and bullet lists at the article's edges: plain short lines
            # (not menu items, not furniture) continue the article.
            while lo > 0 and not feats[lo - 1].furniture and scores[lo - 1] >= self.LIST_LINE_SCORE:
                lo -= 1
            while hi < len(feats) and not feats[hi].furniture and scores[hi] >= self.LIST_LINE_SCORE:
                hi += 1
        else:
            # Back over a standfirst or an opening list (a venue, a kick-off time).
            while lo > 0 and not feats[lo - 1].furniture:
                lo -= 1
            # On over closing lists and tables, up to the footer. A lone weak
            # furniture word with text after it ("EMAIL" as a list heading) is
            # passed (and dropped later); a footer cue or a run of furniture stops.
            while hi < len(feats) and (not feats[hi].furniture or feats[hi].inline or self._lone_word(feats, hi)):
                hi += 1
        doc.body_start, doc.body_end = lo + start, hi + start


    @staticmethod
    def _lone_word(feats: list[LineFeatures], k: int) -> bool:
        f = feats[k]
        if f.footer or f.words > 2:
            return False
        nxt = next((g for g in feats[k + 1 : k + 4] if g.words), None)
        return nxt is not None and not nxt.furniture

    #: A part of the region beyond a "Related articles" / "Most read" line stays
    #: only if it holds at least this share of the strongest part's prose.
    SEGMENT_KEEP_SHARE = 0.25

    def _split_at_footers(self, feats: list[LineFeatures], scores: list[float], lo: int, hi: int) -> tuple[int, int]:
        """In a page dump, footer cues inside the region ("Related articles",
        "Most read") separate the article from link lists. Keep the strongest
        part and the neighbours that carry real prose (an in-article "Related"
        box has article text on both sides; a "Most read" list does not)."""
        cuts = [k for k in range(lo, hi) if feats[k].footer]
        if not cuts:
            return lo, hi
        bounds = [lo, *cuts, hi]
        parts = [(bounds[j] + (j > 0), bounds[j + 1]) for j in range(len(bounds) - 1)]
        mass = [sum(s for s in scores[a:b] if s > 0) for a, b in parts]
        best = max(range(len(parts)), key=mass.__getitem__)
        first = last = best
        while first > 0 and mass[first - 1] >= self.SEGMENT_KEEP_SHARE * mass[best]:
            first -= 1
        while last < len(parts) - 1 and mass[last + 1] >= self.SEGMENT_KEEP_SHARE * mass[best]:
            last += 1
        return parts[first][0], parts[last][1]


class NearbyMetadata:
    """In a page dump the dateline and byline sit just above the article."""

    name = "nearby-metadata"
    WINDOW = 15

    def run(self, doc: TextDocument) -> None:
        art = doc.article
        lo = max(doc.header_end, doc.body_start - self.WINDOW)
        # Also look into the top of the region: datelines and bylines often open it.
        hi = min(doc.body_end, doc.body_start + self.WINDOW)
        for i in sorted(range(lo, hi), key=lambda j: abs(j - doc.body_start)):
            line = doc.lines[i]
            if not line or i in doc.used or doc.scores[i] > 0.3:
                continue
            if not doc.date_found:
                iso = dateline_iso(line)
                if iso:
                    doc.article.published = iso
                    doc.date_found = True
                    doc.used.add(i)
                    continue
            if not art.authors:
                by = byline(line)
                if by:
                    art.authors = by[0]
                    doc.used.add(i)
                    if by[1] and not doc.date_found:
                        art.published, doc.date_found = by[1], True
                    continue
                if cues.BYLINE_ALONE.match(line) and i + 1 < len(doc.lines):
                    names = split_names(doc.lines[i + 1])
                    if names:
                        art.authors = names
                        doc.used.update((i, i + 1))


class RefineTitle:
    """A page dump's first line is the browser title ("Opinion | Headline - Site");
    the headline itself is printed again just above the article. When that
    line is part of the first one, it is the cleaner title."""

    name = "title"
    WINDOW = 15

    def run(self, doc: TextDocument) -> None:
        title = doc.article.title
        if not doc.page_dump or not title:
            return
        folded = title.casefold()
        lo = max(doc.header_end, doc.body_start - self.WINDOW)
        for i in range(min(doc.body_end, doc.body_start + 3) - 1, lo - 1, -1):
            line = doc.lines[i]
            if i in doc.used or not (10 <= len(line) < len(title)) or doc.feats[i].furniture:
                continue
            if line.casefold() in folded and len(line.split()) >= 3:
                doc.article.title = clean_title(line)
                doc.used.add(i)
                return


class ReadFooter:
    """Tags, post-by authors and a late dateline between the body and the comments."""

    name = "footer"

    def run(self, doc: TextDocument) -> None:
        art = doc.article
        for i in range(doc.body_end, doc.content_end):
            line = doc.lines[i]
            if not line or len(line) > 300:
                continue
            tag_line = False
            for pat in cues.TAG_PATTERNS:
                m = pat.match(line)
                if m:
                    tag_line = True
                    tags = m.group("tags").strip()
                    if not tags:  # "Filed under:" with the tags on the next line
                        j, nxt = ReadHeader._next_nonblank(doc.lines, i, doc.content_end)
                        if j != i and len(nxt.split()) <= cues.TAG_LIST_MAX_WORDS and not is_furniture(nxt):
                            tags = nxt
                    for t in split_tags(tags):
                        if t not in art.tags:
                            art.tags.append(t)
            if not tag_line:
                m = cues.POSTED_BY.match(line)
                if m:
                    names = split_names(m.group("names")) if m.group("names") else []
                    if names and not art.authors:
                        art.authors = names
                    continue
                if not doc.date_found:
                    iso = dateline_iso(line)
                    if iso:
                        art.published, doc.date_found = iso, True


class FindSite:
    """The outlet, only where the text names it outside the article body.

    Order of trust: explicit cues (a "X welcomes a lively discussion" notice,
    a copyright line, a "Source:" URL), then a page-title suffix confirmed by
    the headline appearing again without it. A name mentioned in the body
    ("Haaretz reports:") is never taken: the body may be a repost.
    """

    name = "site"

    def run(self, doc: TextDocument) -> None:
        art = doc.article
        outside = [
            doc.lines[i]
            for i in (*range(0, doc.body_start), *range(doc.body_end, len(doc.lines)))
            if doc.lines[i]
        ]
        art.url = self._url(outside)
        suffix_site = self._strip_title_suffix(doc)
        art.site = (
            self._match(cues.SITE_NOTICE_PATTERNS, outside)
            or suffix_site
            or self._match(cues.SITE_LEGAL_PATTERNS, outside)
            or (site_name(art.url) if art.url else None)
        )

    @staticmethod
    def _url(outside: list[str]) -> str | None:
        edge = cues.URL_EDGE_LINES
        for k, line in enumerate(outside):
            if len(line) > 300:
                continue
            m = cues.URL_LINE.match(line)
            if m is None and (k < edge or k >= len(outside) - edge):
                m = cues.BARE_URL_LINE.match(line)
            if m:
                return m.group("url").rstrip(".,)")
        return None

    @staticmethod
    def _match(patterns: tuple[re.Pattern[str], ...], lines: list[str]) -> str | None:
        for pat in patterns:
            for line in lines:
                m = pat.match(line)
                if m and (site := site_name(m.group("site"))):
                    return site
        return None

    @staticmethod
    def _strip_title_suffix(doc: TextDocument) -> str | None:
        """ "Headline - Site" as the first line, and the bare headline again below it:
        the suffix is the site's name, not part of the headline."""
        if not doc.title_site or doc.title_line is None:
            return None
        head = cues.TITLE_SITE_SUFFIX.match(doc.article.title)
        bare = head.group("title") if head else None
        if not bare:
            return None
        suffix = doc.title_site.strip()
        known = suffix.lower() in _KNOWN_SITES or _DOMAIN_NAME.search(suffix) is not None
        if known or any(ln.startswith(bare) for ln in doc.lines[doc.title_line + 1 :]):
            doc.article.title = clean_title(bare)
            return site_name(suffix)
        return None


_KNOWN_SITES = frozenset(
    name.lower() for table in (cues.SITE_ALIASES, cues.DOMAIN_SITES) for pair in table.items() for name in pair
)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\d?\.)?(?P<host>[\w.-]+\.[a-z]{2,})(?:[/:?#]|$)", re.IGNORECASE)


def site_name(raw: str) -> str | None:
    """A printed outlet name or URL -> the name readers know (aliases are data)."""
    raw = raw.strip(" .,:;|-")
    if not raw:
        return None
    m = _DOMAIN.match(raw)
    if m and "." in raw and " " not in raw:
        host = m.group("host").lower()
        return _known_domain(host) or host
    # "CNN.com Blogs": a known domain inside a printed name.
    for word in raw.split():
        if "." in word and (name := _known_domain(word.lower().strip(".,"))):
            return name
    return cues.SITE_ALIASES.get(raw.lower(), raw)


def _known_domain(host: str) -> str | None:
    for domain, name in cues.DOMAIN_SITES.items():
        if host == domain or host.endswith("." + domain):
            return name
    return None


class BuildBody:
    """The article region -> paragraphs, furniture and metadata lines dropped.

    Each line is a paragraph (dumps put one block per line), unless the file
    is hard-wrapped, in which case blank-line-separated blocks are joined.
    """

    name = "body"
    MIN_SENTENCE_WORDS = 6

    def run(self, doc: TextDocument) -> None:
        art = doc.article
        keep: list[list[str]] = [[]]
        title_key = art.title.lower()
        in_link_box = False
        for i in range(doc.body_start, doc.body_end):
            line, f = doc.lines[i], doc.feats[i]
            if not line:
                keep.append([])
                continue
            if i in doc.used or f.furniture or cues.MARKER_PARAGRAPHS.match(line):
                # In a page dump, "Related articles" / "Don't miss" open a box of
                # headline links inside the article: drop it up to the next sentence.
                in_link_box = doc.page_dump and f.furniture and not f.inline
                continue
            if in_link_box:
                if not (f.sentence_end and f.words >= self.MIN_SENTENCE_WORDS):
                    continue
                in_link_box = False
            if title_key and line.lower().rstrip(".") == title_key:
                continue  # the headline repeated above the article in page dumps
            keep[-1].append(line)
        blocks = [b for b in keep if b]
        if _hard_wrapped(blocks):
            paras = [" ".join(b) for b in blocks]
        else:
            paras = [ln for b in blocks for ln in b]
        art.body = "\n\n".join(paras)


def _hard_wrapped(blocks: list[list[str]]) -> bool:
    """True when blocks are paragraphs broken at a fixed width (e-mail style)."""
    inner = [ln for b in blocks if len(b) > 1 for ln in b[:-1]]
    if len(inner) < 2:
        return False
    wrapped = sum(1 for ln in inner if 40 <= len(ln) <= 90 and not cues.SENTENCE_END.search(ln))
    return wrapped >= 0.6 * len(inner)


class ReadComments:
    """Hand the comment section to the comments module; record the claimed count."""

    name = "comments-split"

    def run(self, doc: TextDocument) -> None:
        art = doc.article
        reader = doc.comment_reader or CommentReader(doc)
        if doc.comment_start is not None:
            art.comments = reader.comments(doc.comment_start, reference=art.published) or []
        if art.comments_claimed is None:
            art.comments_claimed = reader.claimed("\n".join(doc.raw_lines[doc.body_end :]))
        if art.comments_claimed is None:  # "334 comments" under the byline
            art.comments_claimed = reader.claimed("\n".join(doc.raw_lines[: doc.body_start]))


class Warn:
    """Say what was guessed or missing, so the reader can judge the result."""

    name = "warnings"

    def run(self, doc: TextDocument) -> None:
        art, w = doc.article, doc.article.warnings
        if not art.title:
            w.append("no title line found")
        if not art.body:
            w.append("no article text found")
        if art.published is None:
            w.append("no publication date in the text")
        if doc.page_dump:
            w.append("full-page text: the article was located by prose density; check its first and last paragraphs")
        found = _count(art.comments)
        if art.comments_claimed is not None and art.comments_claimed != found:
            w.append(f"the page claims {art.comments_claimed} comments; {found} are in the file")


def _count(comments: list[Comment]) -> int:
    return sum(1 + c.descendant_count() for c in comments)


PIPELINE: tuple[Step, ...] = (
    Normalise(),
    FindComments(),
    ReadHeader(),
    LocateBody(),
    NearbyMetadata(),
    ReadFooter(),
    FindSite(),
    RefineTitle(),
    BuildBody(),
    ReadComments(),
    Warn(),
)


def split_comment_section(text: str, *, source: str) -> tuple[str, list[Comment], int | None] | None:
    """An extracted main text that runs on into the reader comments -> (article text, comments, claimed).

    HTML extractors keep a comment thread that carries no comment markup
    (names in ``<b>``, comments between ``<hr>``s) as part of the main text.
    The text pipeline's own comment finder, with its checks that a real
    article comes first, decides where the thread starts. None when it finds
    no thread.
    """
    doc = TextDocument(source=source, text=text, article=Article(source=source, format="text"))
    for step in (Normalise(), FindComments()):
        step.run(doc)
    if doc.comment_start is None or doc.comment_reader is None:
        return None
    comments = doc.comment_reader.comments(doc.comment_start) or []
    if not comments:
        return None
    return "\n".join(doc.raw_lines[: doc.comment_start]), comments, doc.article.comments_claimed


def parse_text(text: str, *, source: str) -> Article:
    """Run the plain-text pipeline over decoded text. Never returns None."""
    doc = TextDocument(source=source, text=text, article=Article(source=source, format="text"))
    for step in PIPELINE:
        step.run(doc)
    return doc.article
