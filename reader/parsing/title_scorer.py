"""Choose a page's title among every headline it states, with one scorer fitted across sites.

A page states its headline in many places: ``og:title``, ``twitter:title``,
the JSON-LD headline, microdata, the ``<title>`` (whole, one of its parts
between separators, or either side of a "Site: Headline" colon), the ``<h1>``,
``<h2>``/``<h3>`` and elements classed as headlines, trafilatura's guess, the
hand rule of ``html_title.choose_title``, and the title a browser's reader view
would show (``reader_view_title``: the declared title kept whole, else the
``<title>`` cut by Readability.js's rules).
Each distinct text is a candidate, described by named features (who states it,
how many independent voices agree, where it sits, its length, whether it still
carries the site's name, how much of it the URL slug and the opening paragraph
share). A linear score over those features (``title_weights.TITLE_WEIGHTS``,
a multinomial logistic regression trained by
``tests/benchmarks/train_titles.py`` with folds grouped by site) picks the
winner. Scoring is a dot product per candidate: microseconds per page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from reader.parsing import html_meta, html_title
from reader.parsing.candidate_scoring import pick
from reader.parsing.html_meta import PageMeta, fold
from reader.parsing.reader_view_title import reader_view_title

#: Characters that separate a headline from site and section names.
SEPARATOR_CHARS = re.compile(r"\s[|\u2013\u2014\u00bb\u00b7\u2022~/]\s|\s-\s|::")
#: A colon that ends a word ("NDTV.com: Modi ...", "Headline: Site"): the <title> parts on
#: either side are candidates of their own (the separators above want a space before it).
COLON = re.compile(r"(?<=\w):\s+")
#: How much of the body's opening is compared with a candidate (in words).
OPENING_WORDS = 80
#: Candidates longer than this (in words) are not headlines.
MAX_WORDS = 40


@dataclass
class Candidate:
    """One distinct headline text and the evidence for it."""

    text: str
    sources: set[str] = field(default_factory=set)
    features: dict[str, float] = field(default_factory=dict)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _slug_words(url: str | None) -> set[str]:
    """Words of the URL path's longest segment ("/2019/05/ferry-fares-to-rise.html")."""
    if not url:
        return set()
    path = unquote(urlparse(url).path or "")
    segs = [s for s in re.split(r"[/]", path) if s]
    if not segs:
        return set()
    seg = max(segs, key=lambda s: len(re.findall(r"[A-Za-z]+", s)))
    seg = re.sub(r"\.\w{2,5}$", "", seg)
    return {w for w in re.split(r"[-_+.,\s]+", seg.casefold()) if w.isalpha() and len(w) > 1}


def _add(cands: dict[str, Candidate], text: str, source: str) -> None:
    text = " ".join(text.split())
    key = fold(text)
    if len(key) < 3 or len(text.split()) > MAX_WORDS:
        return
    c = cands.get(key)
    if c is None:
        cands[key] = c = Candidate(text)
    c.sources.add(source)


def _doc_runs(doc: str) -> list[str]:
    """Every run of consecutive parts of the <title> ("A | B | C" -> A, B, C, A | B, B | C)."""
    bounds = html_title._title_parts(doc)
    if len(bounds) > 8:
        bounds = bounds[:8]
    out = []
    for i, (a, _e) in enumerate(bounds):
        for _s, b in bounds[i:]:
            if (a, b) != (0, len(doc)):
                out.append(doc[a:b].strip())
    return out


def candidates(
    pm: PageMeta, traf_title: str | None, site: str | None, url: str | None, body: str, rule_title: str
) -> list[Candidate]:
    """Every headline the page states, with its features."""
    cands: dict[str, Candidate] = {}

    def both(raw: str, source: str) -> None:
        raw = html_meta.clean_value(raw)
        if not raw:
            return
        _add(cands, raw, source)
        stripped = html_title.strip_site(raw, site, url, pm.site_headings)
        if stripped and fold(stripped) != fold(raw):
            _add(cands, stripped, source)

    for v in pm.meta.get("og:title", ())[:1]:
        both(v, "og")
    for v in pm.meta.get("twitter:title", ())[:1]:
        both(v, "twitter")
    for name in html_meta.TITLE_META[2:]:
        for v in pm.meta.get(name, ())[:1]:
            both(v, "dc" if name in html_meta.DC_TITLE_META else "meta")
    for v in html_title._main_ld_headlines(pm)[:1]:
        both(v, "ld")
    for v in html_title._main_ld_headlines(pm)[1:]:
        both(v, "ld_other")
    for v in pm.microdata_headlines[:1]:
        both(v, "microdata")
    if pm.doc_title:
        both(pm.doc_title, "doc")
        for part in _doc_runs(pm.doc_title):
            _add(cands, part, "doc_part")
        labels_off = html_title.strip_labels(html_title.strip_site(pm.doc_title, site, url, pm.site_headings))
        _add(cands, labels_off, "doc_labels_off")
        for m in COLON.finditer(pm.doc_title):
            _add(cands, pm.doc_title[: m.start()], "doc_colon")
            _add(cands, pm.doc_title[m.end() :], "doc_colon")
    for i, h in enumerate(pm.h1[:3]):
        both(h, "h1" if i == 0 else "h1_later")
    for i, h in enumerate(pm.subheadings):
        both(h, "sub_first" if i == 0 else "sub")
    if traf_title:
        both(traf_title, "traf")
    if rule_title:
        _add(cands, rule_title, "rule")
    rv, origin = reader_view_title(pm)
    if rv:
        _add(cands, rv, "rv_" + origin)
    out = list(cands.values())
    _describe(out, pm, site, url, body)
    return out


#: Which voice each source belongs to: tags filled from one CMS field count once.
VOICE = {
    "og": "meta", "twitter": "meta", "meta": "meta", "dc": "meta", "ld": "structured", "ld_other": "structured",
    "microdata": "structured", "doc": "document", "doc_part": "document", "doc_labels_off": "document",
    "h1": "visible", "h1_later": "visible", "sub_first": "sub", "sub": "sub", "traf": "traf",
}
SOURCES = tuple(VOICE) + ("rule", "rv_meta", "rv_doc", "rv_doc_cut", "doc_colon")


def _describe(cands: list[Candidate], pm: PageMeta, site: str | None, url: str | None, body: str) -> None:
    slug = _slug_words(url)
    paras = [p for p in body.split("\n\n") if p.strip()]
    first_para = paras[0] if paras else ""
    opening = set(_words(" ".join(body.split()[:OPENING_WORDS])))
    site_keys = {k for k in html_title._site_keys(site, url, pm.site_headings) if len(k) >= 4}
    doc_fold = fold(pm.doc_title)
    doc_words = len(_words(pm.doc_title))
    folds = {id(c): fold(c.text) for c in cands}
    for c in cands:
        f = c.features
        words = _words(c.text)
        n = max(1, len(words))
        for s in SOURCES:
            f["src_" + s] = 1.0 if s in c.sources else 0.0
        voices = {VOICE[s] for s in c.sources if s in VOICE}
        f["voices"] = float(len(voices))
        f["voices_ge2"] = 1.0 if len(voices) >= 2 else 0.0
        f["voices_ge3"] = 1.0 if len(voices) >= 3 else 0.0
        key = folds[id(c)]
        f["in_doc_title"] = 1.0 if key and key in doc_fold else 0.0
        f["log_words"] = math.log(n)
        f["short"] = 1.0 if n <= 2 else 0.0
        f["one_word"] = 1.0 if n == 1 else 0.0
        f["share_of_doc_title"] = min(1.0, n / doc_words) if doc_words else 0.0
        f["long"] = 1.0 if n > 20 else 0.0
        f["over_15_words"] = 1.0 if n > 15 else 0.0
        f["sentence"] = 1.0 if n > 10 and c.text.rstrip().endswith(".") else 0.0
        f["has_separator"] = 1.0 if SEPARATOR_CHARS.search(c.text) else 0.0
        f["names_site"] = 1.0 if any(k in key for k in site_keys) else 0.0
        f["slug_overlap"] = len(set(words) & slug) / n if slug else 0.0
        f["slug_cover"] = len(set(words) & slug) / len(slug) if slug else 0.0
        f["no_slug"] = 0.0 if slug else 1.0
        f["opening_overlap"] = len(set(words) & opening) / n if opening else 0.0
        f["is_first_para"] = 1.0 if first_para and fold(first_para) == key else 0.0
        f["ellipsis"] = 1.0 if c.text.rstrip().endswith(("...", "\u2026")) else 0.0
        f["upper"] = 1.0 if c.text.isupper() and n > 1 else 0.0
        longer = [o for o in cands if o is not c and key and key in folds[id(o)] and folds[id(o)] != key]
        shorter = [o for o in cands if o is not c and folds[id(o)] and folds[id(o)] in key and folds[id(o)] != key]
        f["extended_by_other"] = 1.0 if longer else 0.0
        f["extends_other"] = 1.0 if shorter else 0.0
        f["bias"] = 1.0




def choose_title(pm: PageMeta, traf_title: str | None, site: str | None, url: str | None, body: str) -> str:
    """The page's title: the hand rule's choice, overruled where the fitted scorer prefers another."""
    from reader.parsing.title_weights import TITLE_WEIGHTS

    rule = html_title.choose_title(pm, traf_title, site, url)
    cands = candidates(pm, traf_title, site, url, body, rule)
    best = pick(cands, TITLE_WEIGHTS)
    if best is None or "rule" in best.sources:
        return rule
    return spelled(best.text, pm, site, url)


def spelled(title: str, pm: PageMeta, site: str | None, url: str | None) -> str:
    """``title`` in the quote marks most of the page's voices use."""
    voices = html_title._title_voices(pm, site, url)
    doc_parts = [p for p in (html_title._doc_title_part(pm.doc_title, title),) if p]
    return html_title.house_spelling(title, [voices["meta"], voices["structured"], doc_parts, voices["visible"]])
