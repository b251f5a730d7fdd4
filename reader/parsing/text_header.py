"""Plain-text pipeline steps for the article's metadata: header (title, dateline,
byline), nearby metadata in page dumps, the footer, the site and a refined title."""

from __future__ import annotations

import re

from reader.parsing import cues
from reader.parsing.dates import parse_datetime
from reader.parsing.sites import KNOWN_SITES, site_name
from reader.parsing.text_document import TextDocument
from reader.parsing.text_lines import (
    DOMAIN_NAME,
    TINY_DATE_TOKEN,
    byline,
    dateline_iso,
    is_furniture,
    is_paragraph,
    split_names,
    split_tags,
)

_INNER_SENTENCE_END = re.compile(r"[a-z\u2019'\"\u201d][.!?] [A-Z\u2018\u201c]")
_TITLE_END_PERIOD = re.compile(r"(?<![A-Z]\.[A-Z])(?<!\b[A-Z])\.(?=[\"'\u201d\u2019]*$)")


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
        while j < end and len(parts) < 5 and lines[j] and TINY_DATE_TOKEN.match(lines[j]):
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
        known = suffix.lower() in KNOWN_SITES or DOMAIN_NAME.search(suffix) is not None
        if known or any(ln.startswith(bare) for ln in doc.lines[doc.title_line + 1 :]):
            doc.article.title = clean_title(bare)
            return site_name(suffix)
        return None
