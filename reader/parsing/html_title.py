"""The page's title: which of its voices (``<title>``, og:/twitter: titles, JSON-LD
headlines, the ``<h1>``) to trust, with the site name and section labels
stripped, and the site's own name.

The declarations come from ``html_meta.collect``; this module only chooses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlparse

from reader.parsing.html_meta import (
    DATE_STAMP,
    DC_TITLE_META,
    DOMAIN_NAME,
    HEADLINE_KEYS,
    MAX_LABEL_WORDS,
    QUOTE_FOLD,
    SITE_META,
    TITLE_META,
    TITLE_SEPARATOR,
    TITLE_SOURCE_NOTE,
    TRIM_FOREIGN_WORDS,
    TRIM_MIN_SHARE,
    TRIM_MIN_WORDS,
    PageMeta,
    clean_value,
    fold,
)


def site_name(pm: PageMeta, fallback: str | None, url: str | None) -> str | None:
    name = pm.first_meta(("og:site_name",))
    if not name:
        for obj in pm.ld_articles:
            pub = obj.get("publisher")
            if isinstance(pub, dict) and clean_value(pub.get("name")):
                name = clean_value(pub.get("name"))
                break
    if not name:
        name = pm.first_meta(SITE_META[1:])
        if name and name.startswith("@"):
            name = None
    if not name and fallback:
        name = fallback
    if not name and url:
        host = urlparse(url).hostname or ""
        name = host[4:] if host.startswith("www.") else host or None
    return name or None


def _site_keys(site: str | None, url: str | None, names: Iterable[str] = ()) -> set[str]:
    keys = {fold(n) for n in names}
    if site:
        keys.add(fold(site))
    if url:
        host = (urlparse(url).hostname or "").lower()
        parts = [p for p in host.split(".") if p not in ("www", "com", "co", "uk", "org", "net", "de")]
        keys.update(fold(p) for p in parts if len(p) > 2)
    keys.discard("")
    return keys


def _is_site_segment(segment: str, keys: set[str]) -> bool:
    f = fold(segment)
    if not f:
        return True
    for k in keys:
        if f == k or (len(k) >= 3 and (f.startswith(k) or f.endswith(k) or k in f and len(f) <= len(k) + 8)):
            return True
        if len(f) >= 3 and k.startswith(f):
            return True
    return False


def _is_stamp(segment: str) -> bool:
    """A date or time stamp ("31.10.2023, 10.19 Uhr", "2020-09-28"): never part of a headline."""
    return bool(DATE_STAMP.match(segment.strip()))


def strip_site(title: str, site: str | None, url: str | None, names: Iterable[str] = ()) -> str:
    """Drop leading/trailing " | Site" segments that name the site (its name, its domain, or
    ``names``: the page's headings that link to its front page), and the date and time stamps
    some sites add to their titles ("Headline : 31.10.2023, 10.19 Uhr")."""
    title = clean_value(title)
    keys = _site_keys(site, url, names)
    if not title:
        return title
    parts = TITLE_SEPARATOR.split(title)
    seps = TITLE_SEPARATOR.findall(title)
    if len(parts) < 2:
        return title
    lo, hi = 0, len(parts)
    while hi - lo > 1 and (bool(keys) and _is_site_segment(parts[hi - 1], keys) or _is_stamp(parts[hi - 1])):
        hi -= 1
    while hi - lo > 1 and (bool(keys) and _is_site_segment(parts[lo], keys) or _is_stamp(parts[lo])):
        lo += 1
    if (lo, hi) == (0, len(parts)):
        return title
    out = parts[lo]
    for i in range(lo + 1, hi):
        out += seps[i - 1] + parts[i]
    return out.strip()


def _is_label(part: str) -> bool:
    """A site or section label: a domain, or a few capitalised words ("icCoventry",
    "The Bellingham Herald", "DNA", "Daily News & Analysis")."""
    words = part.split()
    if not words or len(words) > MAX_LABEL_WORDS:
        return False
    if DOMAIN_NAME.match(part.strip()):
        return True
    if re.fullmatch(r"[\d./-]+", part.strip()):
        return True  # a date: "01/12/2008"
    return all(not w[0].isalpha() or any(ch.isupper() for ch in w) for w in words)


def _title_parts(title: str, *, at_colons: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each part of a <title> between separators ("Site » Section » Headline")."""
    cuts = [m for m in TITLE_SEPARATOR.finditer(title) if at_colons or m.group().strip() != ":"]
    starts = [0] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [len(title)]
    return list(zip(starts, ends))


def strip_labels(title: str) -> str:
    """An unconfirmed <title> without its site and section labels.

    With no headline on the page to match, the parts at the ends of the
    <title> that read as labels are dropped, one at a time, while the part
    left in the middle is longer than the label (so "Obama Wins - Clinton
    Concedes" stays whole). Colons are not cut at here: "Cole: Winning the
    Cup" is a headline. A "(from The Herald)" note goes too.
    """
    title = TITLE_SOURCE_NOTE.sub("", title).strip()
    bounds = _title_parts(title, at_colons=False)
    words = [len(title[a:b].split()) for a, b in bounds]
    lo, hi = 0, len(bounds)
    while hi - lo > 1:
        if _is_label(title[slice(*bounds[hi - 1])]) and max(words[lo : hi - 1]) > words[hi - 1]:
            hi -= 1
        elif _is_label(title[slice(*bounds[lo])]) and max(words[lo + 1 : hi]) > words[lo]:
            lo += 1
        else:
            break
    return title[bounds[lo][0] : bounds[hi - 1][1]].strip()


def _headline_candidates(pm: PageMeta) -> list[str]:
    """Headlines the page shows or declares, to confirm a part of the <title> with.

    <h2>/<h3> count too: older pages set the headline there (and the site's
    name in the <h1>); matching a part of the <title> is the evidence.
    """
    out = [clean_value(o.get("headline") or o.get("name")) for o in pm.ld_articles]
    out += pm.h1 + pm.subheadings
    return [h for h in out if len(h) >= 8]


def _doc_title_part(doc: str, headline: str) -> str | None:
    """The run of ``doc``'s separator-delimited parts that is ``headline``, if any:
    "Headline | Site", "Site » Headline" and "Section - Headline - Site" alike."""
    fh = fold(headline)
    if not doc or not fh:
        return None
    if fold(doc) == fh:
        return doc
    if fh not in fold(doc):
        return None
    bounds = _title_parts(doc)
    for i, (a, _end) in enumerate(bounds):
        for _start, b in bounds[i:]:
            if fold(doc[a:b]) == fh:
                return doc[a:b].strip()
    return None


def _confirmed_doc_title(pm: PageMeta) -> str | None:
    """The <title>'s headline part, if a headline the page shows elsewhere matches it.

    Of several matching parts the longest wins: a logo <h1> matches the site's
    part of "Harbour Times » Ferry fares to rise", the <h2> the headline's.
    """
    parts = [p for p in (_doc_title_part(pm.doc_title, h) for h in _headline_candidates(pm)) if p]
    return max(parts, key=len) if parts else None


def _main_ld_headlines(pm: PageMeta) -> list[str]:
    """The headline fields of the first article object that has a headline."""
    for obj in pm.ld_articles:
        values = [clean_value(obj.get(k)) for k in HEADLINE_KEYS]
        if values[0]:
            return [v for v in values if v]
    return []


def _title_voices(pm: PageMeta, site: str | None, url: str | None) -> dict[str, list[str]]:
    """Where the page states its headline, grouped by who writes each statement.

    Meta tags (og:title, twitter:title, sailthru.title ...) are usually filled
    from one CMS field, and JSON-LD and microdata from one article record, so
    each group is one voice however many tags repeat it. The document
    <title> and the visible <h1> are written separately.
    """
    meta = [strip_site(v, site, url, pm.site_headings) for k in TITLE_META for v in pm.meta.get(k, ())]
    structured = [strip_site(v, site, url, pm.site_headings) for v in _main_ld_headlines(pm) + pm.microdata_headlines]
    return {
        "meta": meta,
        "structured": structured,
        "document": [pm.doc_title],
        "visible": [strip_site(h, site, url, pm.site_headings) for h in pm.h1],
    }


def _supports(voice: str, values: list[str], title: str) -> bool:
    if voice == "document":
        return any(_doc_title_part(v, title) for v in values)
    key = fold(title)
    return any(fold(v) == key for v in values)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKD", text).casefold())


def is_trimmed_form(short: str, long: str) -> bool:
    """``short`` is ``long`` with words cut (one word may be reworded).

    "Chelsea send clear message at Cobham" / "Chelsea send clear message at
    Cobham in battling win over Tottenham": the same headline, shortened.
    """
    s, l_ = _words(short), _words(long)
    if len(s) < TRIM_MIN_WORDS or len(s) >= len(l_) or len(s) < TRIM_MIN_SHARE * len(l_):
        return False
    pool = list(l_)
    foreign = 0
    for w in s:
        if w in pool:
            pool.remove(w)
        else:
            foreign += 1
    return foreign <= TRIM_FOREIGN_WORDS


def _arbitrate(pm: PageMeta, social: str, headline: str, site: str | None, url: str | None) -> str:
    """og:title and the JSON-LD headline disagree: which one is the article's title?

    Publishers often write two headlines: one for the page and search engines,
    one for sharing. A social title that is just the headline with words cut
    is the short title the publisher settled on. Otherwise each voice of the
    page (meta tags, structured data, <title>, visible <h1>) supports the
    candidates it states; the one with more support wins, and on a tie the
    JSON-LD headline does (it is the field meant to hold the headline, where
    social titles are often rewritten for clicks).
    """
    if is_trimmed_form(social, headline):
        return social
    voices = _title_voices(pm, site, url)
    votes = {
        cand: sum(_supports(voice, values, cand) for voice, values in voices.items())
        for cand in (social, headline)
    }
    return social if votes[social] > votes[headline] else headline


def _quote_key(text: str) -> str:
    return " ".join(text.translate(QUOTE_FOLD).split())


def house_spelling(title: str, spellings: Iterable[Iterable[str]]) -> str:
    """Spell ``title`` with the quote marks most voices use ("Swift’s" vs "Swift's").

    ``spellings`` holds each voice's statements; a voice whose statement is
    the same title in other quote marks votes for its marks. On a tie the
    chosen title keeps its own.
    """
    key = _quote_key(title)
    counts: dict[str, int] = {title: 0}
    for values in spellings:
        for v in values:
            v = " ".join(v.split())
            if _quote_key(v) == key:
                counts[v] = counts.get(v, 0) + 1
                break
    best = max(counts.values())
    return title if counts[title] == best else max(counts, key=counts.__getitem__)


def choose_title(pm: PageMeta, traf_title: str | None, site: str | None, url: str | None) -> str:
    """The headline the publisher declares (a Dublin Core title, og:title), else the page's own.

    ``og:title`` is the one title field nearly every news page fills in for
    exactly this purpose (a headline without the site's name); the rarer
    Dublin Core title, where there is one, is the bare headline and comes first. Where the
    JSON-LD headline says something else, the page's voices decide
    (``_arbitrate``). Without a social title, the ``<title>`` is trusted where
    a visible or structured headline confirms it.
    """
    title = ""
    social = ""
    for name in DC_TITLE_META + TITLE_META[:2]:
        value = pm.first_meta((name,))
        if value and len(fold(value)) >= 3:
            social = strip_site(value, site, url, pm.site_headings)
            break
    ld = _main_ld_headlines(pm)
    headline = strip_site(ld[0], site, url, pm.site_headings) if ld else ""
    if social and headline and fold(social) != fold(headline) and len(fold(headline)) >= 3:
        title = _arbitrate(pm, social, headline, site, url)
    elif social:
        title = social
    else:
        confirmed = _confirmed_doc_title(pm)
        if confirmed:
            title = strip_site(confirmed, site, url, pm.site_headings)
        else:
            for candidate in (pm.doc_title, traf_title, *(pm.h1[:1])):
                if candidate and clean_value(candidate):
                    title = strip_labels(strip_site(candidate, site, url, pm.site_headings))
                    break
    if not title:
        return ""
    voices = _title_voices(pm, site, url)
    doc_parts = [p for p in (_doc_title_part(pm.doc_title, title),) if p]
    return house_spelling(title, [voices["meta"], voices["structured"], doc_parts, voices["visible"]])
