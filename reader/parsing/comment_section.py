"""Where a plain-text dump's reader-comment section starts, and the count it claims.

Each line is classified (signature, date line, header, page furniture, text)
with the cue tables of ``reader.parsing.comment_cues``; the section starts at
the run of signatures (or bare name lines) that reaches the end of the page
and reads as a thread, not as the article's own lists, datelines or story
links. The thread itself is built by ``reader.parsing.comment_thread``.
"""

from __future__ import annotations

import re
import statistics

from reader.parsing import comment_cues as cues
from reader.parsing.comment_layout import (
    SUBJECT_MAX_WORDS,
    bare_name,
    is_title_above,
    name_lines,
    orientation,
    titled_layout,
)
from reader.parsing.comment_lines import (
    BLANK,
    CLOCK_RE,
    DATE,
    DATE_RE,
    FURNITURE,
    HEADER,
    NAME,
    SIGNATURE,
    TEXT,
    Line,
    classify_lines,
    looks_like_name,
)

_I = re.IGNORECASE
_HEADER_RES = tuple(re.compile(p, _I) for p in cues.SECTION_HEADERS)
_CLAIMED_RES = tuple(re.compile(p, _I) for p in cues.CLAIMED_COUNT)
_RELATIVE_RE = re.compile(cues.RELATIVE_TIME, _I)
_PINGBACK_RE = re.compile("|".join(f"(?:{p})" for p in cues.PINGBACK), _I)
_POST_FOOTER_RE = re.compile(cues.POST_FOOTER, _I)
_RELATED_RE = re.compile("|".join(f"(?:{p})" for p in cues.RELATED_HEADERS), _I)
_WEAK_HEADER_RE = re.compile("|".join(f"(?:{p})" for p in cues.WEAK_SECTION_HEADERS), _I)

_NUMBER_WORDS = {
    "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

#: A line of body text (not a title, byline or caption) has at least this many words.
BODY_LINE_WORDS = 15
#: Words of text two signatures of one thread may be apart, at least.
MIN_THREAD_GAP_WORDS = 400

#: Bare name lines ("Torgo" / text / "Doug Drabek" / text) make a thread only when
#: several follow each other closely up to the end of the page.
MIN_NAME_RUN = 2
NAME_RUN_GAP_WORDS = 250
NAME_RUN_MAX_TAIL_WORDS = 400
#: A thread of bare names follows an article of at least this many words: names near the
#: top of a page are the article's own sub-headings ("Ingredients", "Analoge Prozesse").
NAME_RUN_MIN_ARTICLE_WORDS = 60
#: Under a bare-name heading, comments run to a paragraph or two; a section of this many
#: lines (on more than half of the run) is an article section under its heading.
NAME_RUN_MAX_SECTION_LINES = 3
#: Comments are written in sentences: more than this share of the sections under bare
#: names must hold one (a name over an address and opening times is a listing).
NAME_RUN_SENTENCE_SHARE = 0.5
#: A sentence line ends in sentence punctuation and has this many lowercase words.
SENTENCE_MIN_WORDS = 3
#: An earlier cluster of marks joins the thread across a long comment when it has this many.
MIN_JOIN_CLUSTER = 3
#: ... or this many when one of its commenters also writes in the thread below.
MIN_JOIN_SHARED = 2
#: This many same-kind marks stacked with no text between them make a table of dates.
MIN_LIST_MARKS = 3
#: A story link under a date holds at most this many short lines (section, headline, counts).
TITLE_MAX_LINES = 4
#: Without a section header, at least this share of the comments must say something.
THREAD_SPOKEN_SHARE = 0.5
#: A lone signed comment (no section header) has at most this many words after its mark.
LONE_COMMENT_MAX_WORDS = 300
#: Share of a thread's marks with a clock time above which an undated-clock mark is the article's.
CLOCKED_THREAD_SHARE = 0.75



# --- Counts ------------------------------------------------------------------


def _to_int(s: str) -> int | None:
    s = s.strip().lower()
    if s in _NUMBER_WORDS:
        return _NUMBER_WORDS[s]
    digits = re.sub(r"[,.]", "", s)
    return int(digits) if digits.isdigit() else None


def comment_count_claimed(text: str) -> int | None:
    """The number of comments a page announces ("soundoff (176 Responses)" -> 176).

    Only short lines count, so a sentence in a comment ("my 2 comments") does not.
    """
    for line in text.splitlines() or [text]:
        t = line.strip()
        if not t or len(t) > 160:
            continue
        for r in _HEADER_RES:
            m = r.match(t)
            if m and m.groupdict().get("count"):
                n = _to_int(m.group("count"))
                if n is not None:
                    return n
        for r in _CLAIMED_RES:
            m = r.search(t)
            if m:
                n = _to_int(m.group("count"))
                if n is not None:
                    return n
    return None


# --- Locating the section ---------------------------------------------------


def _anchor_lines(cls: list[Line]) -> list[Line]:
    """Lines that mark comments: signatures, date lines, and numbered names with a date.

    An undated "Written by X" line and a numbered list item with no date
    line after it mark article text as often as comments, so they do not count.
    """
    marks = [c for c in cls if c.kind in (SIGNATURE, DATE, NAME)]
    out = []
    for i, c in enumerate(marks):
        if c.kind == SIGNATURE and c.by_line and not c.fixed_head and c.date is None:
            continue
        if c.kind == NAME and not (i + 1 < len(marks) and marks[i + 1].kind == DATE):
            continue
        if c.kind == DATE and not DATE_RE.search(c.date or "") and not _RELATIVE_RE.search(c.date or ""):
            continue  # a clock alone ("9:42 p.m.") stamps live-blog entries as often as comments
        out.append(c)
    return out


def _family(line: Line) -> tuple[str, bool, bool]:
    """The kind of mark a line is. One thread marks every comment the same way;
    the article's own byline ("by John on July 14, 2012") is usually of another kind."""
    return (line.kind, line.by_line, line.fixed_head)


def _gap_words(cls: list[Line], start: int, end: int) -> int:
    return sum(c.words for c in cls[start:end] if c.kind == TEXT)


def _first_body_index(cls: list[Line]) -> int | None:
    return next((c.index for c in cls if c.kind == TEXT and c.words >= BODY_LINE_WORDS), None)


def _clusters(cls: list[Line], anchors: list[Line], min_gap: int) -> list[list[Line]]:
    """Marks grouped where the text between neighbours stays comment-sized."""
    groups: list[list[Line]] = [[anchors[0]]]
    for prev, nxt in zip(anchors, anchors[1:]):
        if _gap_words(cls, prev.index + 1, nxt.index) > min_gap:
            groups.append([nxt])
        else:
            groups[-1].append(nxt)
    return groups


def _run_from_end(cls: list[Line], anchors: list[Line], *, min_gap: int) -> list[Line]:
    """The marks that form one thread reaching the end of the page.

    Marks close together form clusters; the last cluster is the thread, and
    an earlier cluster joins it across a long comment when it is marked the
    same way and is itself a thread (several marks). A byline of another
    kind just above a thread is the article's own and ends it.
    """
    if not anchors:
        return []
    groups = _clusters(cls, anchors, min_gap)
    run = list(groups[-1])
    for group in reversed(groups[:-1]):
        families = {_family(a) for a in run}
        same_kind = sum(_family(a) in families for a in group) >= MIN_JOIN_CLUSTER
        # the same commenter on both sides of a long comment: one thread
        shared = len(group) >= MIN_JOIN_SHARED and bool(_authors(group) & _authors(run))
        if (len(group) >= MIN_JOIN_CLUSTER and same_kind) or shared:
            run = list(group) + run
        else:
            break
    # trim article marks off the top: a byline of another kind than the thread's,
    # or an undated-clock mark above a thread whose marks carry clock times
    while len(run) > 1:
        first, rest = run[0], run[1:]
        families = {_family(a) for a in rest}
        other_byline = first.by_line and _family(first) not in families and not any(a.by_line for a in rest)
        clocks = sum(1 for a in rest if CLOCK_RE.search(a.date or ""))
        no_clock = (
            first.date is not None
            and not CLOCK_RE.search(first.date)
            and clocks >= max(1, CLOCKED_THREAD_SHARE * len(rest))
        )
        if other_byline or (no_clock and first.kind == SIGNATURE):
            run.pop(0)
        else:
            break
    # An undated "by Name" line cannot open a thread (it may be the article's byline).
    while run and run[0].kind == SIGNATURE and run[0].date is None and run[0].by_line and len(run) > 1:
        run.pop(0)
    # A lone "Posted by Name on DATE" without a time signs the article, not a comment.
    if len(run) == 1 and run[0].by_line and not CLOCK_RE.search(run[0].date or ""):
        return []
    return run


def _authors(marks: list[Line]) -> set[str]:
    out = set()
    for a in marks:
        name = a.author or bare_name(a)
        if name:
            out.add(name.lower())
    return out


def _thread_anchors(cls: list[Line]) -> list[Line]:
    """The run of comment marks that reaches the end of the page.

    Marks above the article's first body line (its dateline and byline)
    never count.
    """
    first_body = _first_body_index(cls)
    anchors = [a for a in _anchor_lines(cls) if first_body is None or a.index > first_body]
    anchors = _without_lists(cls, _outside_related(cls, anchors))
    run = _run_from_end(cls, anchors, min_gap=MIN_THREAD_GAP_WORDS)
    run = _without_article_dateline(cls, run)
    if run and not _header_above(cls, run[0].index, first_body) and not _reads_as_thread(cls, run):
        return []
    return run


def _without_article_dateline(cls: list[Line], run: list[Line]) -> list[Line]:
    """Drop a first mark whose "comment" outweighs everything above it.

    The article's own dateline in a page dump ("Nov. 19, 2019 8:03 am ET")
    sits under the site's menus and over the whole story; a comment follows
    the story and is shorter than it.
    """
    while run and orientation(cls, run[0].index, len(cls)) == "head":
        groups = _mark_groups(cls, run)
        end = groups[1][0].index if len(groups) > 1 else len(cls)
        first = _gap_words(cls, groups[0][-1].index + 1, end)
        if first <= _gap_words(cls, 0, run[0].index):
            break
        run = [a for g in groups[1:] for a in g]
    return run


def _mark_groups(cls: list[Line], marks: list[Line]) -> list[list[Line]]:
    """Marks with no text between them sign one comment ("Name says:" / "DATE")."""
    groups: list[list[Line]] = []
    for a in marks:
        if groups and _gap_words(cls, groups[-1][-1].index + 1, a.index) == 0:
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


def _without_lists(cls: list[Line], anchors: list[Line]) -> list[Line]:
    """Drop stacks of same-kind marks with no text between them.

    A comment always says something; three dated lines in a row ("June 17 --
    Bridgestone Arena, Nashville, TN") are a table of dates, not a thread.
    """
    out: list[Line] = []
    for group in _mark_groups(cls, anchors):
        families = [_family(a) for a in group]
        if max(families.count(f) for f in families) >= MIN_LIST_MARKS:
            continue
        out.extend(group)
    return out


def _outside_related(cls: list[Line], anchors: list[Line]) -> list[Line]:
    """Drop marks under a related-stories header ("More from Dana Whitfield") that
    date a headline: they are links to other stories. The list ends at a
    comment-section header or a line of prose; a mark over a real comment stays."""
    out: list[Line] = []
    related = False
    marks = {a.index for a in anchors}
    bounds = [a.index for a in anchors] + [len(cls)]
    following = {a: b for a, b in zip(bounds, bounds[1:])}
    for c in cls:
        if c.kind == HEADER or (c.kind == TEXT and c.words >= BODY_LINE_WORDS):
            related = False
        elif c.kind == TEXT and c.words <= SUBJECT_MAX_WORDS and _RELATED_RE.match(c.text):
            related = True
        if c.index in marks and not (related and _is_title(cls[c.index + 1 : following[c.index]])):
            out.append(c)
    return out


def _header_above(cls: list[Line], index: int, first_body: int | None) -> bool:
    """Whether a comment-section header ("12 Comments", "Leave a Reply") stands above a line."""
    return any(
        c.kind == HEADER and not _WEAK_HEADER_RE.match(c.text)
        for c in cls[(first_body or 0) : index]
    )


def _reads_as_thread(cls: list[Line], run: list[Line]) -> bool:
    """Whether marks found without a section header sign real comments.

    Comments say something: at least half of them must hold more than a
    label (a stack of dated links, "Twitter", "Share", holds none). A lone signed comment is short and closes the page; a lone
    dateline followed by the rest of the page is the article's own.
    """
    groups = _mark_groups(cls, run)
    orient = orientation(cls, run[0].index, len(cls))
    spoken = titles = filled = 0
    for i, group in enumerate(groups):
        if orient == "head":
            end = groups[i + 1][0].index if i + 1 < len(groups) else len(cls)
            segment = cls[group[-1].index + 1 : end]
        else:
            start = groups[i - 1][-1].index + 1 if i else _paragraph_start(cls, group[0].index)
            segment = cls[start : group[0].index]
        spoken += _says_something(segment)
        titles += _is_title(segment)
        filled += any(c.kind == TEXT for c in segment)
    if spoken < THREAD_SPOKEN_SHARE * len(groups):
        return False
    if len(groups) >= MIN_LIST_MARKS and titles == filled >= MIN_LIST_MARKS - 1:
        return False  # a headline under every date: a list of stories
    if len(groups) == 1 and any(_POST_FOOTER_RE.match(a.text) for a in groups[0]):
        return False  # "Posted on DATE by NAME" closing the article's last paragraph
    if len(groups) == 1:
        before = _gap_words(cls, 0, run[0].index)
        after = _gap_words(cls, run[-1].index + 1, len(cls))
        return after <= LONE_COMMENT_MAX_WORDS and after < before
    return True


def _is_title(lines: list[Line]) -> bool:
    """A few short lines without sentence punctuation (a headline, its section, a
    view count): a link to a story, not a comment."""
    texts = [c for c in lines if c.kind == TEXT]
    return 0 < len(texts) <= TITLE_MAX_LINES and all(
        c.words <= SUBJECT_MAX_WORDS and c.text[-1] not in cues.SENTENCE_END and not cues.EMOTICON_RE.search(c.text)
        for c in texts
    )


def _paragraph_start(cls: list[Line], index: int) -> int:
    """First line of the paragraph just above a line."""
    i = index - 1
    while i >= 0 and cls[i].kind == BLANK:
        i -= 1
    while i > 0 and cls[i - 1].kind == TEXT:
        i -= 1
    return max(i, 0)


def _name_run(cls: list[Line]) -> list[Line]:
    first_body = _first_body_index(cls)
    names = [c for c in name_lines(cls) if first_body is None or c.index > first_body]
    if not names:
        return []
    tail_words = _gap_words(cls, names[-1].index + 1, len(cls))
    if tail_words > NAME_RUN_MAX_TAIL_WORDS:
        return []
    run = _run_from_end(cls, names, min_gap=NAME_RUN_GAP_WORDS)
    if len(run) < MIN_NAME_RUN or _headings_not_names(cls, run):
        return []
    return run


def _headings_not_names(cls: list[Line], run: list[Line]) -> bool:
    """Whether a run of bare name lines is an article's sub-headings.

    Headings stand over sections of several paragraphs or list lines and
    start near the top; commenters' names stand over a paragraph or two,
    after a whole article.
    """
    before = _gap_words(cls, 0, run[0].index)
    if before < NAME_RUN_MIN_ARTICLE_WORDS or _gap_words(cls, run[0].index + 1, run[1].index) > before:
        return True
    bounds = [a.index for a in run] + [len(cls)]
    spoken = sum(_has_sentence(cls[a + 1 : b]) for a, b in zip(bounds, bounds[1:]))
    if spoken <= NAME_RUN_SENTENCE_SHARE * len(run):
        return True
    sizes = [sum(1 for c in cls[a.index + 1 : b.index] if c.kind != BLANK) for a, b in zip(run, run[1:])]
    return sum(n >= NAME_RUN_MAX_SECTION_LINES for n in sizes) > len(sizes) / 2


def _has_sentence(lines: list[Line]) -> bool:
    """Whether some line reads as a sentence: sentence punctuation and a few lowercase words."""
    for c in lines:
        if c.kind != TEXT or c.text[-1] not in cues.SENTENCE_END:
            continue
        if sum(1 for w in c.text.split() if any(ch.islower() for ch in w)) >= SENTENCE_MIN_WORDS:
            return True
    return False


def _says_something(lines: list[Line]) -> bool:
    """Whether some line reads as something a reader wrote ("Adorable!", "Samsung has the Ativ S"),
    not a label ("Twitter", "Sport"): sentence punctuation, or a few words in lowercase."""
    for c in lines:
        if c.kind != TEXT or not any(ch.isalpha() for ch in c.text):
            continue
        if c.text[-1] in cues.SENTENCE_END or cues.EMOTICON_RE.search(c.text):
            return True
        if sum(1 for w in c.text.split() if w.islower()) >= SENTENCE_MIN_WORDS - 1:
            return True
    return False


def _typical_blank_run(cls: list[Line]) -> int:
    runs: list[int] = []
    n = 0
    for c in cls:
        if c.kind == BLANK:
            n += 1
        elif n:
            runs.append(n)
            n = 0
    return statistics.mode(runs) if runs else 0


def _first_comment_start_tail(cls: list[Line], first_sig: Line, run: list[Line]) -> int:
    """Where the text closed by the first footer signature begins.

    Nothing marks it, so: a section break (a taller gap of blank lines than
    the page uses between paragraphs), else as many paragraphs as the
    thread's comments typically have.
    """
    typical = _typical_blank_run(cls)
    paras_per_comment: list[int] = []
    for a, b in zip(run, run[1:]):
        paras_per_comment.append(_count_paragraphs(cls, a.index + 1, b.index))
    budget = max(1, int(statistics.median(paras_per_comment))) if paras_per_comment else 1
    i = first_sig.index - 1
    blank = 0
    paras = 0
    start = first_sig.index
    limit = max(budget * 3, 4)
    while i >= 0:
        c = cls[i]
        if c.kind == BLANK:
            blank += 1
        else:
            if blank > typical and blank >= 2:
                return start
            if c.kind in (HEADER, SIGNATURE, DATE) or (c.kind == FURNITURE and paras > 0):
                return start
            if blank or paras == 0:
                paras += 1 if c.kind == TEXT else 0
            blank = 0
            if paras > limit:
                break
            start = i
        i -= 1
    # No section break: take the thread's typical number of paragraphs.
    i = first_sig.index - 1
    paras = 0
    start = first_sig.index
    in_para = False
    while i >= 0:
        c = cls[i]
        if c.kind == BLANK:
            in_para = False
        elif c.kind in (HEADER, SIGNATURE, DATE):
            break
        else:
            if not in_para:
                paras += 1
                in_para = True
                if paras > budget:
                    break
            start = i
        i -= 1
    return start


def _count_paragraphs(cls: list[Line], start: int, end: int) -> int:
    n = 0
    in_para = False
    for c in cls[start:end]:
        if c.kind == TEXT:
            if not in_para:
                n += 1
            in_para = True
        elif c.kind == BLANK:
            in_para = False
    return n


def _extend_over_headers(cls: list[Line], start: int) -> int:
    """Include the section header ("12 Comments", "Leave a Reply") above the start."""
    best = start
    i = start - 1
    while i >= 0 and cls[i].kind in (BLANK, HEADER, FURNITURE):
        if cls[i].kind in (HEADER, FURNITURE):
            best = i
        i -= 1
    return best


def locate_comments(lines: list[str]) -> int | None:
    """Index of the first line of the comment section (its header if any), or None."""
    cls = classify_lines(lines)
    return _locate(cls)


def _locate(cls: list[Line]) -> int | None:
    run = _thread_anchors(cls)
    names = _name_run(cls)
    if run and names and names[0].index > run[-1].index:
        run = []  # marks above a thread of bare names belong to the article
    if run:
        end = len(cls)
        orient = orientation(cls, run[0].index, end)
        first = run[0]
        if orient == "tail" and first.kind == SIGNATURE and not first.fixed_head:
            start = _first_comment_start_tail(cls, first, run)
        else:
            start = first.index
            if orient == "head" and titled_layout(cls, run) and is_title_above(cls, first):
                start = first.index - 1
            prev = _prev_nonblank(cls, start)
            if first.kind == DATE or (first.kind == SIGNATURE and not first.author):
                if prev is not None and cls[prev].kind in (TEXT, NAME) and looks_like_name(cls[prev].text):
                    start = prev
            # a numbered or "says" author line just above belongs to the comment
            if prev is not None and cls[prev].kind == NAME:
                start = prev
        return _extend_over_headers(cls, start)
    if names:
        return _extend_over_headers(cls, names[0].index)
    pingbacks = _trailing_pingbacks(cls)
    if pingbacks is not None:
        return _extend_over_headers(cls, pingbacks)
    # Announced comments but no recognisable signatures: the header opens the section.
    # Only a header that is surely about comments, in the last part of the page: a
    # "Discussion" heading in the middle of an essay must not cut the essay short.
    first_body = _first_body_index(cls) or 0
    for h in cls:
        if h.kind != HEADER or h.index <= first_body or _WEAK_HEADER_RE.match(h.text):
            continue
        before = _gap_words(cls, 0, h.index)
        after = _gap_words(cls, h.index + 1, len(cls))
        if after <= before:
            return h.index
    return None


def _trailing_pingbacks(cls: list[Line]) -> int | None:
    """First line of the pingbacks that close the page after the article, if any."""
    first_body = _first_body_index(cls)
    start = None
    for c in reversed(cls):
        if c.kind == BLANK:
            continue
        if c.kind == FURNITURE and _PINGBACK_RE.match(c.text):
            start = c.index
        elif c.kind not in (FURNITURE, HEADER) or start is not None:
            break
    if start is None or first_body is None or start <= first_body:
        return None
    return start


def _prev_nonblank(cls: list[Line], i: int) -> int | None:
    j = i - 1
    while j >= 0 and cls[j].kind == BLANK:
        j -= 1
    return j if j >= 0 else None
