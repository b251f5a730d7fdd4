"""Choose a page's authors among every byline it states, with one scorer fitted across sites.

A page names its authors in many places: JSON-LD ``author``, author meta tags,
``twitter:creator``, elements marked as bylines (their whole text, and the links
or ``itemprop="name"`` inside them), "By …" / "Par …" / "Von …" lines printed
near the top, trafilatura's guess, and the hand rule of ``bylines.choose_authors``.
Each distinct list of names is a candidate, described by named features (who
states it, how many independent voices agree on its names, whether they read
as people or as organisations, dates, labels, the site itself or the title).
A linear score over those features (``author_weights.AUTHOR_WEIGHTS``, a
multinomial logistic regression trained by ``tests/benchmarks/train_authors.py``
with folds grouped by site, pulled towards the hand rule) picks the winner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from reader.parsing import bylines, html_meta
from reader.parsing.candidate_scoring import pick
from reader.parsing.html_meta import PageMeta, fold

#: Words that open a printed byline line ("By Jane Doe", "Par Matthieu Hy", "Escribe …").
BY_WORDS = re.compile(
    r"^\s*(?:(?:written|posted|published|story|reporting|words|text)\s+)?"
    r"(?:by|von|par|por|di|door|escribe|escrito por|texte|av|af|autor|autorin|auteur|author|текст|автор)\s*:?(?:\s+|$)",
    re.IGNORECASE,
)
#: Elements whose text may be a printed byline line.
BY_TAGS = frozenset(("p", "div", "span", "li", "small", "address", "em", "strong", "b", "i", "td", "header", "section", "footer", "font", "h4", "h5", "h6"))
#: Ancestors whose text is code or a form, never a byline ("GROUP BY period").
CODE_TAGS = frozenset(("pre", "code", "form", "textarea", "table"))
#: The longest printed byline line read (characters) and how many are kept.
MAX_BY_CHARS = 100
MAX_BY_LINES = 4
#: Links inside byline elements read, at most.
MAX_BYLINE_LINKS = 6


@dataclass
class Candidate:
    """One distinct list of names and the evidence for it."""

    names: list[str]
    sources: set[str] = field(default_factory=set)
    features: dict[str, float] = field(default_factory=dict)


def _in_comments(el: HtmlElement) -> bool:
    return any(
        bylines.COMMENT_AREA.search((a.get("class") or "") + " " + (a.get("id") or ""))
        for a in el.iterancestors()
        if isinstance(a.tag, str)
    )


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def byline_links(tree: HtmlElement) -> list[str]:
    """Texts of the links and ``itemprop=name`` elements inside the page's byline elements."""
    out: list[str] = []
    for el in bylines.byline_elements(tree)[: 3 * bylines.MAX_BYLINE_ELEMENTS]:
        if not isinstance(el.tag, str) or el.tag in ("meta", "link", "script", "style", "body", "html"):
            continue
        if _in_comments(el):
            continue
        for sub in el.xpath(".//a | .//*[@itemprop='name']"):
            text = sub.get("content") or _text(sub)
            if text and len(text) <= 60 and text not in out:
                out.append(text)
            if len(out) >= MAX_BYLINE_LINKS:
                return out
    return out


def by_lines(tree: HtmlElement) -> list[str]:
    """Printed lines that open with a byline word, in page order ("By Jane Doe", "Par Matthieu Hy").

    A lone "by" (a label element) takes the text of the element that follows it.
    """
    out: list[str] = []
    body = tree.find(".//body")
    root = body if body is not None else tree
    for el in root.iter(*BY_TAGS):
        if len(out) >= MAX_BY_LINES:
            break
        own = (el.text or "").strip()
        if not own or not BY_WORDS.match(own):
            continue
        text = _text(el)
        if BY_WORDS.fullmatch(text + " ") or BY_WORDS.fullmatch(text):
            nxt = el.getnext()
            if nxt is None or not isinstance(nxt.tag, str):
                continue
            text = text + " " + _text(nxt)
        else:
            m = BY_WORDS.match(text)
            if m is None or not text[m.end() :][:1].isupper():
                continue  # "by period", "by the time": prose, not a name
        if len(text) > MAX_BY_CHARS or _in_comments(el) or any(a.tag in CODE_TAGS for a in el.iterancestors()):
            continue
        if text not in out:
            out.append(text)
    return out


#: Where a printed byline lists more people: parentheses and "with" words
#: ("Martin Untersinger (avec Damien Leloup et Morgane Tual)").
MORE_PEOPLE = re.compile(r"\s*[()\[\]]\s*(?:(?:with|avec|mit|con|met)\s+)?|(?:^|\s+)(?:with|avec|mit|con|met)\s+", re.IGNORECASE)
#: Sources that are printed text (a name there may carry the publication's name as a tail).
PRINTED = frozenset(("traf", "printed_first", "printed_later", "link_first", "link_later", "by_first", "by_later"))


#: A label glued to the end of a printed name ("Jen MillsPublished 17 July").
GLUED_LABEL = re.compile(r"(?<=[a-z])(?:Published|Updated|Posted|Veröffentlicht|Aktualisiert)\b.*$")


def _clean(name: str) -> str:
    """'Escribe Camila Méndez' -> 'Camila Méndez'; 'John C. Welch Follow' -> 'John C. Welch'."""
    name = GLUED_LABEL.sub("", name)
    m = BY_WORDS.match(name)
    if m and name[m.end() :][:1].isupper():
        name = name[m.end() :]
    words = name.split()
    while len(words) > 2 and words[-1].casefold().strip(".,:") in bylines.BUTTON_WORDS:
        words.pop()
    return " ".join(words).strip(" \u2026.,:;-\u2013\u2014*|")


def _names(raw: Iterable[str]) -> list[str]:
    parts = [GLUED_LABEL.sub("", p) for r in raw for p in MORE_PEOPLE.split(r) if p.strip()]
    names = (_clean(n) for n in bylines._names(parts))
    return [n for n in names if n and any(ch.isalpha() for ch in n)]


def candidates(
    pm: PageMeta,
    traf_author: str | None,
    tree: HtmlElement | None,
    site: str | None,
    url: str | None,
    title: str,
    rule: list[str],
) -> list[Candidate]:
    """Every list of names the page states, with its features."""
    cands: dict[tuple[str, ...], Candidate] = {}

    keys = bylines._site_keys(site, url)

    def add(names: list[str], source: str) -> None:
        names = html_meta.dedupe_names(bylines.without_site_name(n, keys) for n in names if n.strip())
        if source != "rule":  # the hand rule's names stand as it chose them
            names = [n for n in names if len(n.split()) <= 2 * bylines.MAX_NAME_WORDS and not bylines.is_label(n, keys)]
        if source in PRINTED and any(bylines.is_person(n, keys) for n in names):
            # A printed byline's organisation ("…, WebMD Health News") is the publication, not an author.
            names = [n for n in names if bylines.is_person(n, keys)]
        if not names:
            return
        key = tuple(sorted(fold(n) for n in names))
        c = cands.get(key)
        if c is None:
            cands[key] = c = Candidate(names)
        c.sources.add(source)

    for i, obj in enumerate(pm.ld_articles[:2]):
        add(_names(html_meta._ld_names(obj.get("author"), pm)), "ld" if i == 0 else "ld_other")
    for key in html_meta.AUTHOR_META:
        add(_names(pm.meta.get(key, ())), "meta")
    add(_names(v.lstrip("@") for v in pm.meta.get("twitter:creator", ())[:1]), "twitter")
    if traf_author:
        add(_names(traf_author.split(";")), "traf")
    if tree is not None:
        for i, text in enumerate(bylines.page_bylines(tree)[:4]):
            add(_names([text]), "printed_first" if i == 0 else "printed_later")
        for i, text in enumerate(byline_links(tree)):
            add(_names([text]), "link_first" if i == 0 else "link_later")
        for i, text in enumerate(by_lines(tree)):
            add(_names([text]), "by_first" if i == 0 else "by_later")
    if rule:
        add(list(rule), "rule")
    out = list(cands.values())
    _describe(out, site, url, title)
    return out


#: Which voice each source belongs to: sources filled from one field count once.
VOICE = {
    "ld": "structured", "ld_other": "structured", "meta": "meta", "twitter": "twitter", "traf": "traf",
    "printed_first": "printed", "printed_later": "printed", "link_first": "printed", "link_later": "printed",
    "by_first": "by", "by_later": "by",
}
SOURCES = tuple(VOICE) + ("rule",)


def _describe(cands: list[Candidate], site: str | None, url: str | None, title: str) -> None:
    keys = bylines._site_keys(site, url)
    title_words = set(re.findall(r"\w+", title.casefold()))
    # Which voices state each folded name.
    voices_of: dict[str, set[str]] = {}
    for c in cands:
        for name in c.names:
            voices_of.setdefault(fold(name), set()).update(VOICE[s] for s in c.sources if s in VOICE)
    key_sets = [{fold(name) for name in c.names} for c in cands]
    for c, ks in zip(cands, key_sets):
        f = c.features
        n = len(c.names)
        for s in SOURCES:
            f["src_" + s] = 1.0 if s in c.sources else 0.0
        voices = {VOICE[s] for s in c.sources if s in VOICE}
        f["voices"] = float(len(voices))
        f["voices_ge2"] = 1.0 if len(voices) >= 2 else 0.0
        # Names stated by a voice other than this candidate's own ones.
        confirmed = [1.0 if voices_of.get(fold(x), set()) - voices else 0.0 for x in c.names]
        f["names_confirmed"] = sum(confirmed) / n
        f["confirmed_by_structured"] = (
            sum(1.0 for x in c.names if "structured" in voices_of.get(fold(x), set())) / n if "structured" not in voices else 0.0
        )
        people = [bylines.is_person(x, keys) for x in c.names]
        f["all_people"] = 1.0 if all(people) else 0.0
        f["no_people"] = 1.0 if not any(people) else 0.0
        f["labels"] = sum(1.0 for x in c.names if bylines.is_label(x, keys)) / n
        words = [w.casefold().strip(".,'’") for x in c.names for w in x.split()]
        f["one_word"] = sum(1.0 for x in c.names if len(x.split()) == 1) / n
        f["month_word"] = 1.0 if any(w in bylines.MONTH_WORDS for w in words[1:]) else 0.0
        f["upper"] = 1.0 if all(x.isupper() for x in c.names) else 0.0
        f["lower"] = 1.0 if all(x.islower() for x in c.names) else 0.0
        f["names_site"] = 1.0 if any(fold(x) in keys for x in c.names) else 0.0
        f["in_title"] = (
            sum(1.0 for w in words if w in title_words) / len(words) if words and title_words else 0.0
        )
        f["log_names"] = math.log(n)
        f["several"] = 1.0 if n > 1 else 0.0
        others = [o for o in key_sets if o is not ks]
        f["extends_other"] = 1.0 if any(o < ks for o in others) else 0.0
        f["extended_by_other"] = 1.0 if any(ks < o for o in others) else 0.0
        # A longer spelling of a name elsewhere ("Stefanus" / "Stefanus Stahl"; "Joshua Sokol May").
        f["prefix_of_other"] = 1.0 if any(
            k != o and o.startswith(k) for k in ks for o2 in others for o in o2
        ) else 0.0
        f["bias"] = 1.0




#: Sources that alone never name the author of a page where the hand rule found nobody: later
#: links and lines of byline boxes are as often related stories, tags and widgets ("Learned
#: Optimism", "register", "Save to del.icio.us" on blogs never seen).
LATER_SOURCES = ("src_link_later", "src_printed_later", "src_by_later")


def stands_alone(features: dict[str, float]) -> bool:
    """May this candidate be the page's authors when the hand rule found nobody?

    Only names stated by a source other than a later link or line.
    """
    return any(v and k.startswith("src_") and k not in LATER_SOURCES for k, v in features.items())


def choose_authors(
    pm: PageMeta,
    traf_author: str | None,
    tree: HtmlElement | None = None,
    site: str | None = None,
    url: str | None = None,
    title: str = "",
) -> list[str]:
    """The page's authors: the hand rule's choice, overruled where the fitted scorer prefers another."""
    from reader.parsing.author_weights import AUTHOR_WEIGHTS

    rule = bylines.choose_authors(pm, traf_author, tree, site, url)
    cands = candidates(pm, traf_author, tree, site, url, title, rule)
    best = pick(cands, AUTHOR_WEIGHTS)
    if best is None or "rule" in best.sources:
        return rule
    if not rule and not stands_alone(best.features):
        return []
    return best.names
