"""Snippets find their matches by a plain text search first, and mark exactly what a full analysis marks."""

from __future__ import annotations

from itertools import compress, product
from operator import methodcaller

from hypothesis import example, given, settings
from hypothesis import strategies as st
from whoosh.lang.porter2 import exceptional_forms

from reader.library.analysis import WORD_RE, fold, stem_lead, term_of, terms_of
from reader.library.query import Highlight
from reader.library.snippets import MATCH_OPEN, _scanned_spans, _spans_of, make_snippet


def _window_spans(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """The reference: the spans found by analysing every word of the text (as snippets did before)."""
    words = WORD_RE.findall(text)
    distinct = list(set(words))
    forms = set(compress(distinct, map(highlight.terms.__contains__, terms_of(distinct))))
    if highlight.prefixes:
        forms.update(compress(distinct, map(methodcaller("startswith", tuple(highlight.prefixes)), map(fold, distinct))))
    phrase_runs: list[tuple[str, ...]] = []
    terms = terms_of(words)
    content = [i for i, t in enumerate(terms) if t is not None]
    for phrase in highlight.phrases:
        n = len(phrase)
        for k in range(len(content) - n + 1):
            if all(terms[content[k + j]] == phrase[j] for j in range(n)):
                phrase_runs.append(tuple(words[content[k] : content[k + n - 1] + 1]))
    return _spans_of(text, forms, phrase_runs)

# Roots ending in every kind of letter Porter2 looks at, and the endings its steps rewrite.
ROOTS = [
    "happ", "cr", "hop", "conflat", "possib", "relat", "gener", "commun", "arsen", "nation", "run", "play",
    "sky", "fly", "tr", "agre", "proceed", "inn", "effect", "rational", "sens", "formal", "hope", "sign",
    "ab", "y", "yo", "id", "ugl", "earl", "on", "singl", "gentl", "ski", "d", "l", "t", "electr", "crit",
    "adopt", "nerv", "catalog", "geolog", "harmon", "bl", "iz", "at", "tiz", "fizz", "hopp", "succ",
]
ENDINGS = [
    "", "s", "es", "ies", "ied", "sses", "us", "ss", "'s", "'", "ed", "edly", "ing", "ingly", "eed", "eedly",
    "y", "ly", "li", "ization", "ational", "fulness", "ousness", "iveness", "tional", "bility", "biliti",
    "lessly", "ently", "ation", "alism", "ality", "ously", "ivity", "fully", "ency", "ancy", "ably", "izer",
    "ator", "ally", "bly", "ogy", "alize", "icate", "icity", "ative", "ical", "ness", "ful", "al", "ance",
    "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive",
    "ize", "sion", "tion", "e", "ll", "le",
]


def _vocabulary() -> list[str]:
    words = {root + a + b for root, a, b in product(ROOTS, ENDINGS, ["", *ENDINGS[:20]])}
    words.update(exceptional_forms)
    words.update(w.capitalize() for w in list(words))
    return sorted(w for w in words if WORD_RE.fullmatch(w))


def test_stem_lead_begins_every_ascii_word_stemmed_to_it():
    words = _vocabulary()
    assert len(words) > 100_000
    missed = [w for w in words if (t := term_of(w)) is not None and not w.lower().startswith(stem_lead(t))]
    assert missed == []
    # The lead is as short as it must be: "dying" -> "die" shares one letter, "possibility" -> "possibl" five.
    assert stem_lead(term_of("dying") or "") == "d"
    assert "possibility".startswith(stem_lead(term_of("possibility") or ""))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ROOTS), min_size=1, max_size=3), st.lists(st.sampled_from(ENDINGS), max_size=2))
def test_stem_lead_holds_for_made_up_words(roots, endings):
    word = "".join(roots) + "".join(endings)
    term = term_of(word)
    if term is not None and WORD_RE.fullmatch(word):
        assert word.lower().startswith(stem_lead(term))


# Words and separators that put snippets' corners together: case, apostrophes and dots
# before and inside words, accents, dashes, stop words, numbers, underscores.
PIECES = [
    "running", "Runner", "RUNS", "run", "ran", "happily", "Happy", "happiness", "dying", "die", "Die", "lying",
    "nationality", "national", "nations", "cafe", "café", "Café", "CAFÉ", "naïve", "naive", "über", "uber",
    "don't", "don’t", "Don't", "U.S", "U.S.", "u.s", "the", "of", "a", "I", "policy", "politics", "police",
    "pol", "Pol", "policies", "Policies", "x_ray", "2012", "1st", "straße", "strasse", "İstanbul", "istanbul",
    "ſun", "sun", "Kelvin", "Kelvin", "people", "People's", "the", "The", "e", "mail", "cnn", "com", "½",
]
SEPARATORS = [" ", "  ", ", ", ". ", "...", "'", "’", ".", " '", "' ", " — ", "—", "-", " (", ") ", "\"", "_", ": "]
TEXTS = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts)
)
# Terms no word is analysed into, as a site's or a tag's ("the people", "cnn.com"), may hold anything.
OTHER_TERMS = ["the people", "people", "polic pol", "e-mail", "cnn.com", "u.s", "café", "caf", "nation-al", "1/2"]

def _phrase(words: list[str]) -> list[str]:
    return [t for w in words if (t := term_of(w))]


HIGHLIGHTS = st.builds(
    lambda words, others, phrases, prefixes: Highlight(
        terms={t for w in words if (t := term_of(w))} | set(others),
        phrases=[p for p in map(_phrase, phrases) if len(p) > 1],
        prefixes=set(prefixes),
    ),
    st.lists(st.sampled_from(PIECES), max_size=3),
    st.lists(st.sampled_from(OTHER_TERMS), max_size=2),
    st.lists(st.lists(st.sampled_from(PIECES), min_size=2, max_size=3), max_size=2),
    st.lists(st.sampled_from(["pol", "run", "hap", "caf", "na", "u.s", "don'", "str", "ist", "su", "ke", "é", "e-m",
                              "the p", "pol-"]),
             max_size=2),
)


@settings(max_examples=1500, deadline=None)
@given(text=TEXTS, highlight=HIGHLIGHTS)
# '"the people"' asks for the site term "the people" too: its lead must not swallow the start of "people".
@example(text="Ask the people's view; the People ran.", highlight=Highlight(terms={"the people", "people", "peopl"}))
@example(text="send e-mail to the-people", highlight=Highlight(terms={"mail"}, prefixes={"e-m", "peo"}))
@example(text="The people run; the People's runner ran. People, running!",
         highlight=Highlight(phrases=[["peopl", "run"]], terms={"the people"}))
# "time" inside "rock'time" starts no run: else its pattern would mark "time.them" (one word).
@example(text="rock'time them and time.them", highlight=Highlight(phrases=[["time", "them"]]))
def test_scanned_spans_are_those_of_the_full_analysis(text, highlight):
    text = " ".join(text.split())  # as make_snippet passes it
    assert _scanned_spans(text, highlight) == _window_spans(text, highlight)


def test_snippet_marks_every_form_of_a_word_and_no_look_alike():
    body = ("Police said the policy ran late. Policies, POLICE and 'police' differ; depolicing and "
            "politics do not match. The café's policy was running.")
    snippet = make_snippet(body, Highlight(terms={term_of("police") or "", term_of("policy") or ""}))
    marked = [part.split("</b>")[0] for part in snippet.split(MATCH_OPEN)[1:]]
    # 'police' in quotes follows an apostrophe and stays unmarked, as the full analysis leaves it.
    assert marked == ["Police", "policy", "Policies", "POLICE", "policy"]
    assert make_snippet(body.replace("café", "cafe"), Highlight(terms={term_of("policy") or ""})).count(MATCH_OPEN) == 3
