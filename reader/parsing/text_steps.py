"""Plain-text pipeline steps for the article's regions: normalise, where the
comments start, the body region, the body paragraphs, the comments, warnings."""

from __future__ import annotations

from reader.model import Comment
from reader.parsing import cues
from reader.parsing.comment_adapter import COMMENT_HEADER, CommentReader
from reader.parsing.text_document import TextDocument
from reader.parsing.text_lines import (
    INVISIBLE,
    ODD_SPACE,
    SPACE_RUNS,
    LineFeatures,
    best_region,
    damp_dense_runs,
    features,
    prose_score,
)


class Normalise:
    """Unify whitespace; keep the raw lines alongside for comment splitting."""

    name = "normalise"

    def run(self, doc: TextDocument) -> None:
        text = INVISIBLE.sub("", doc.text.replace("\r\n", "\n").replace("\r", "\n"))
        doc.raw_lines = [ln.rstrip() for ln in text.replace("\u00a0", " ").split("\n")]
        doc.lines = [ln.strip() for ln in SPACE_RUNS.sub(" ", ODD_SPACE.sub(" ", text)).split("\n")]
        doc.feats = [features(ln) for ln in doc.lines]
        doc.scores = damp_dense_runs(doc.lines, [prose_score(f) for f in doc.feats])


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
        reader = doc.comment_reader = CommentReader(doc.raw_lines, doc.article)
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
            if line and len(line) <= 80 and COMMENT_HEADER.match(line):
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
        reader = doc.comment_reader or CommentReader(doc.raw_lines, doc.article)
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
