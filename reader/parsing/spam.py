"""Comment spam: signals that generalise, weighed together.

A comment is spam when its signals add up to ``SPAM_THRESHOLD``: one
strong signal (a commercial author name, text copied into several
articles, praise stuffed with site-talk) or two weak ones (a phrase for a
name, generic praise, links, another language than the article's). An
ordinary comment ("ZacUSA", "Smokey") has none of them. Spam is flagged,
never removed: ``Comment.spam`` and ``Comment.spam_reasons`` say why.

All vocabularies are data tables below; the scoring functions are small.

The library can add the "same text in other articles" signal, which needs
more than one article: it keeps ``spam_fingerprint(comment.text)`` per
article and calls ``flag_repeated(comment, seen_count)`` with the number of
*other* articles holding the same fingerprint.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cached_property

from reader.model import Article, Comment

# --- Vocabulary -------------------------------------------------------------

#: Commercial words seen in spam author names, in several languages.
COMMERCIAL_WORDS: frozenset[str] = frozenset(
    """
    cheap cheapest buy discount discounts deals offer offers coupon coupons promo
    prices shop outlet wholesale replica replicas loan loans payday mortgage
    insurance casino casinos poker bet betting slots viagra cialis pharmacy pills pill diet weight
    seo backlinks backlink marketing hosting download downloads online porn dating escort escorts
    forex bitcoin crypto rental rentals hotel hotels cruise cruises booking tickets jerseys handbags
    louboutin vuitton gucci rolex ugg uggs nike jordans oakley kors
    ofertas oferta barato baratos baratas cruceros crucero viajes comprar venta ventas descuento
    prestamos préstamos seguros hoteles vuelos
    acheter soldes voyage croisière croisieres croisières crédit assurance
    günstig kaufen billig angebot angebote rabatt kredit versicherung reisen kreuzfahrt
    offerte sconto comprare economici crociere
    """.split()
)

#: Function words of several languages: a "name" made of them is a phrase.
PHRASE_WORDS: frozenset[str] = frozenset(
    """
    the of for in on at to and with best top online your how
    de del la las los el en por para y con un una
    du des le les pour et sur au aux avec
    der die das und für mit von im zum zur
    di della per con il
    """.split()
)

#: Praise that fits any article ("Great job!", "I've joined your rss feed"), written in lower case
#: (matched against lower-cased text; any case is found).
GENERIC_PRAISE: tuple[str, ...] = (
    r"\bgreat (?:job|post|article|work|blog|site|read)\b",
    r"\bnice (?:post|article|blog|site|one|work)\b",
    r"\b(?:awesome|excellent|wonderful|fantastic|amazing|informative|useful|helpful) (?:post|article|blog|site|website|write-?up|information|info)\b",
    r"\byour (?:website|web site|blog|site|web page|webpage|website page)\b",
    r"\bblogger\b",
    r"\brss feed\b",
    r"\b(?:bookmark(?:ed)?|subscribed|joined your)\b",
    r"\bsocial networks?\b",
    r"\bkeep up the (?:good|great) work\b",
    r"\bthanks? (?:you )?for (?:sharing|this post|the post|this article|posting)\b",
    r"\b(?:first time i (?:visited|frequented)|i (?:will|'ll) be back|come back (?:later|again))\b",
    r"\battention-grabbing\b",
    r"\b(?:this|the) (?:actual )?(?:post|article) (?:is )?amazing\b",
    r"\bi (?:am )?amazed\b",
    r"\bprofessional blogger\b",
)

#: Common words that say nothing about what an article is about (left out of the overlap).
COMMON_WORDS: frozenset[str] = frozenset(
    """
    that this with from have been were will would could should there their they them then than
    what when where which while about after before again also always because being both each
    even every first just know like made make many more most much must never only other over
    same some such take time very well what your yours into just good great really thing things
    think said says post posts article page website blog site read reading here thanks thank
    """.split()
)

#: Stopwords for a cheap language guess (no model downloads).
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and is are was were of to in that it for with on as this be have not but you they".split()),
    "es": frozenset("el la los las de que y en un una es por para con no se del al lo como pero más muy".split()),
    "fr": frozenset("le la les de des et est un une du en que qui pas pour dans sur au avec ce il elle".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den mit von sich auf für es ich sie im dem".split()),
    "it": frozenset("il lo la gli le di che e è un una per non con del della sono anche più".split()),
    "pt": frozenset("o a os as de que e é um uma para com não do da em no na por mais muito".split()),
    "nl": frozenset("de het een en van is dat niet op te zijn voor met die ook als maar".split()),
}

LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "de": "German",
    "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
}  # fmt: skip

# --- Weights ----------------------------------------------------------------

STRONG, WEAK = 2, 1
SPAM_THRESHOLD = 2
#: Author names with at least this many words that read like a phrase.
PHRASE_NAME_WORDS = 4
#: ... and at least this share of lowercase words (people capitalise their names).
PHRASE_LOWERCASE_SHARE = 0.75
#: A comment this short with one praise phrase is nothing but praise.
SHORT_PRAISE_WORDS = 25
#: Links that make a comment a link list: this many, one per fewer than LINK_WORDS words.
MANY_LINKS = 3
LINK_WORDS = 10
#: Share of a comment's content words found in the article below which praise is generic.
GENERIC_OVERLAP = 0.2
#: Fewer words than this: too short to guess a language or fingerprint.
MIN_LANGUAGE_WORDS = 8
MIN_STOPWORD_HITS = 3
MIN_FINGERPRINT_WORDS = 8
#: Other articles with the same comment text needed to call it copied spam.
REPEAT_MIN_ARTICLES = 1
#: Every spam reason about copies starts with this, so re-flagging keeps it.
REPEATED_REASON_PREFIX = "same text in"
#: Copies are counted up to this many other articles, then read "N or more": a bot's
#: text pasted under thousands of articles then stops changing the reason, so the
#: library need not rewrite every earlier copy each time another one is imported.
REPEAT_COUNT_SHOWN = 20

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_URL_RE = re.compile(r"\bhttps?://\S+|\bwww\.[\w-]+\.\w+\S*", re.IGNORECASE)
_PRAISE_RES = tuple(re.compile(p, re.IGNORECASE) for p in GENERIC_PRAISE)
_CONTENT_MIN_LEN = 4
#: Each stopword's languages (a word can be a stopword of several: "de", "la", "en").
_STOPWORD_LANGUAGES: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, stop in STOPWORDS.items() if word in stop) for word in set().union(*STOPWORDS.values())
}


#: Any of the praise patterns (one search: most comments hold none of them).
_ANY_PRAISE_RE = re.compile("|".join(f"(?:{p})" for p in GENERIC_PRAISE), re.IGNORECASE)
#: The same for lower-cased ASCII text, where matching without IGNORECASE finds the same and is 3x faster.
_ANY_PRAISE_ASCII_RE = re.compile("|".join(f"(?:{p})" for p in GENERIC_PRAISE))


def _may_link(text: str) -> bool:
    """Whether the text holds "://" or "www." (in any case): ``_URL_RE`` finds no link without
    one, and they are quicker to look for than the pattern is to try at every word."""
    return "://" in text or "www." in text.lower()


def _any_link(text: str) -> bool:
    return _may_link(text) and _URL_RE.search(text) is not None


def _words(text: str) -> list[str]:
    text = text or ""
    if text.isascii():  # lower-casing ASCII changes no letter into a non-letter: one pass
        return _WORD_RE.findall(text.lower())
    return [w.lower() for w in _WORD_RE.findall(text)]


# --- Signals ----------------------------------------------------------------


def commercial_author(author: str | None) -> tuple[int, str | None]:
    """Commercial vocabulary in the name: nobody is called "ofertas ... cruceros"."""
    words = _words(author or "")
    hits = sorted({w for w in words if w in COMMERCIAL_WORDS})
    if not hits:
        return 0, None
    weight = STRONG if len(hits) >= 2 else WEAK
    return weight, f"commercial words in the author name ({', '.join(hits)})"


def phrase_author(author: str | None) -> tuple[int, str | None]:
    """A long name made with function words reads like a search phrase, not a person."""
    words = (author or "").split()
    if len(words) < PHRASE_NAME_WORDS:
        return 0, None
    low = [w.lower() for w in words]
    function = sum(1 for w in low if w in PHRASE_WORDS)
    lowercase = sum(1 for w in words if w[:1].islower())
    if function >= 1 and lowercase >= PHRASE_LOWERCASE_SHARE * len(words):
        return WEAK, "the author name reads like a phrase"
    return 0, None


def _any_praise(text: str) -> bool:
    """Whether any praise pattern is in the text (as a whole: a match never spans a line break)."""
    if text.isascii():  # (the patterns are lower case)
        return _ANY_PRAISE_ASCII_RE.search(text.lower()) is not None
    return _ANY_PRAISE_RE.search(text) is not None


def generic_praise(text: str, article: _ArticleFacts) -> tuple[int, str | None]:
    """Praise that fits any page and shares almost no words with the article."""
    text = text or ""
    if not _any_praise(text):
        return 0, None
    hits = sum(1 for r in _PRAISE_RES if r.search(text or ""))
    if not hits:
        return 0, None
    all_words = _words(text)
    if hits == 1 and len(all_words) > SHORT_PRAISE_WORDS:
        return 0, None
    content = [w for w in all_words if len(w) >= _CONTENT_MIN_LEN and w not in COMMON_WORDS]
    if content:
        overlap = sum(1 for w in content if w in article.words) / len(content)
        if overlap >= GENERIC_OVERLAP:
            return 0, None
    weight = STRONG if hits >= 3 else WEAK
    return weight, "generic praise that does not mention the article"


def links(text: str) -> tuple[int, str | None]:
    found = _URL_RE.findall(text) if text and _may_link(text) else []
    if not found:
        return 0, None
    words = max(1, len(_words(text)))
    weight = STRONG if len(found) >= MANY_LINKS and len(found) * LINK_WORDS >= words else WEAK
    return weight, f"links in the text ({len(found)})"


def guess_language(text: str) -> str | None:
    """The language whose stopwords are most frequent, when the text says clearly."""
    return _language_of(_words(_URL_RE.sub(" ", text or "")))


def _language_of(words: list[str]) -> str | None:
    """``guess_language`` of a text already split into lower-case words, links left out."""
    if len(words) < MIN_LANGUAGE_WORDS:
        return None
    scores = dict.fromkeys(STOPWORDS, 0)  # (in STOPWORDS' order: ties rank as they always did)
    for word in words:
        for lang in _STOPWORD_LANGUAGES.get(word, ()):
            scores[lang] += 1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_second, runner) = ranked[0], ranked[1]
    if top < MIN_STOPWORD_HITS or top < 1.5 * runner:
        return None
    return best


def other_language(text: str, article_language: str | None, words: list[str] | None = None) -> tuple[int, str | None]:
    """Written in another language than the article (``words``: the text's words, links left out)."""
    if not article_language:
        return 0, None
    lang = guess_language(text) if words is None else _language_of(words)
    if lang is None or lang == article_language:
        return 0, None
    name = LANGUAGE_NAMES.get(lang, lang)
    other = LANGUAGE_NAMES.get(article_language, article_language)
    return WEAK, f"written in {name}, the article in {other}"


# --- Copies across the library ----------------------------------------------


def spam_fingerprint(text: str) -> str:
    """A key that equal comment texts share (case, punctuation and spacing ignored).

    Empty for texts too short to tell a copy from a coincidence ("Thanks!").
    """
    words = _words(text)
    if len(words) < MIN_FINGERPRINT_WORDS:
        return ""
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:20]


def flag_repeated(comment: Comment, seen_count: int) -> bool:
    """Mark a comment whose text also appears in ``seen_count`` other articles.

    Returns whether the comment is spam afterwards. Idempotent.
    """
    if seen_count < REPEAT_MIN_ARTICLES or not spam_fingerprint(comment.text):
        return comment.spam
    comment.spam_reasons = [r for r in comment.spam_reasons if not r.startswith(REPEATED_REASON_PREFIX)]
    comment.spam_reasons.append(repeated_reason(seen_count))
    comment.spam = True
    return True


def repeated_reason(seen_count: int) -> str:
    """The spam reason for text found in ``seen_count`` other articles."""
    if seen_count >= REPEAT_COUNT_SHOWN:
        return f"{REPEATED_REASON_PREFIX} {REPEAT_COUNT_SHOWN} or more other articles"
    return f"{REPEATED_REASON_PREFIX} {seen_count} other article{'s' if seen_count != 1 else ''}"


def clear_repeated(comment: Comment) -> bool:
    """Take back the copy flag (the other copies were deleted); returns whether it was there.

    The comment stays spam only if other reasons remain: per-article signals
    are recorded only when they add up to spam on their own.
    """
    rest = [r for r in comment.spam_reasons if not r.startswith(REPEATED_REASON_PREFIX)]
    if len(rest) == len(comment.spam_reasons):
        return False
    comment.spam_reasons = rest
    comment.spam = bool(rest)
    return True


def comment_fingerprints(article: Article) -> set[str]:
    """The fingerprints of an article's comments, to keep beside it in the library."""
    return {fp for _d, c in article.iter_comments() if (fp := spam_fingerprint(c.text))}


def flag_copies(articles: Iterable[Article]) -> int:
    """Flag every comment whose text also appears in another of these articles.

    For a whole library in one pass (the library can instead keep
    ``comment_fingerprints`` per article and call ``flag_repeated``). Returns
    how many comments were flagged.
    """
    articles = list(articles)
    where: dict[str, set[int]] = {}
    for i, article in enumerate(articles):
        for fp in comment_fingerprints(article):
            where.setdefault(fp, set()).add(i)
    flagged = 0
    for article in articles:
        for _d, c in article.iter_comments():
            others = len(where.get(spam_fingerprint(c.text), ())) - 1
            if others >= REPEAT_MIN_ARTICLES and flag_repeated(c, others):
                flagged += 1
    return flagged


# --- Per article -------------------------------------------------------------


class _ArticleFacts:
    """What an article's comments are weighed against, worked out when a comment first needs it:
    its content words (for praise) and its language (for a comment whose other signals let one
    more tip it into spam). Most comments have no signal at all, and then neither is needed."""

    def __init__(self, article: Article) -> None:
        self.article = article

    @cached_property
    def body_words(self) -> list[str]:
        return _words(self.article.body or "")

    @cached_property
    def words(self) -> set[str]:
        words = {w for w in self.body_words if len(w) >= _CONTENT_MIN_LEN and w not in COMMON_WORDS}
        words |= {w for w in _words(self.article.title) if len(w) >= _CONTENT_MIN_LEN and w not in COMMON_WORDS}
        return words

    @cached_property
    def language(self) -> str | None:
        body = self.article.body or ""
        return self.article.language or _language_of(
            _words(_URL_RE.sub(" ", body)) if _any_link(body) else self.body_words)


def comment_signals(comment: Comment, article: _ArticleFacts, every: bool = True) -> list[tuple[int, str]]:
    """The signals that fire for one comment, as (weight, reason). With ``every`` False, the
    language is guessed only when it can matter: when the other signals weigh enough that
    one more weak signal makes spam (its reasons are recorded only then)."""
    text = comment.text or ""
    out: list[tuple[int, str]] = []
    for weight, reason in (
        commercial_author(comment.author),
        phrase_author(comment.author),
        generic_praise(text, article),
        links(text),
    ):
        if weight and reason:
            out.append((weight, reason))
    if every or sum(w for w, _ in out) + WEAK >= SPAM_THRESHOLD:
        language = article.language
        if language:
            # The guess reads the words outside links; most comments hold none, so one split serves.
            words = _words(_URL_RE.sub(" ", text)) if _any_link(text) else _words(text)
            weight, reason = other_language(text, language, words)
            if weight and reason:
                out.append((weight, reason))
    return out


def is_spam(signals: Iterable[tuple[int, str]]) -> bool:
    return sum(w for w, _ in signals) >= SPAM_THRESHOLD


def flag_spam(article: Article) -> None:
    """Set ``spam`` and ``spam_reasons`` on every comment of the article, in place."""
    if not article.comments:
        return
    facts = _ArticleFacts(article)
    comments = [c for _d, c in article.iter_comments()]
    # Most comments have no signal: praise and links are first looked for in all the texts at
    # once (neither pattern matches across a line break), and a comment without an author
    # then has none unless one of them was found.
    texts = "\n".join([c.text or "" for c in comments])
    none_in_texts = not _any_link(texts) and not _any_praise(texts)
    for comment in comments:
        kept = [r for r in comment.spam_reasons if r.startswith(REPEATED_REASON_PREFIX)]
        if none_in_texts and not kept and not comment.author:
            comment.spam, comment.spam_reasons = False, []
            continue
        # A copy keeps every signal beside its reason; otherwise they are kept only when they make spam.
        signals = comment_signals(comment, facts, every=bool(kept))
        spam = is_spam(signals) or bool(kept)
        comment.spam = spam
        comment.spam_reasons = ([r for _w, r in signals] + kept) if spam else []
