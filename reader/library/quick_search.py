"""The fast path of search as you type: titles matching the words typed so far.

While a word is being typed ("climate cha"), the full query (eight fields,
the last word taken as a whole word) is the slow part of a keystroke. This
module turns the text into a much cheaper query that answers first: every
finished word must be in the title, and the word being typed is a prefix of
a title word (expanded, as any prefix, to a bounded set of the most frequent
completions). Titles are short, so their postings are a small fraction of
the bodies'. The window shows these rows at once and replaces them with the
full query's results when those arrive; nothing about the full query changes.

Only plain words qualify: text ending in a space (the word is finished),
quotes, field names, operators, parentheses or dates go straight to the full
query (``typed_title_query`` returns None).
"""

from __future__ import annotations

import re

from whoosh import query as wq

from reader.library.analysis import WORD_RE, fold, term_of
from reader.library.query import BoundedPrefix, Highlight, ParsedQuery
from reader.library.query_repair import FIELD_BOOSTS, MAX_QUERY_WORDS

TITLE = "title"
# Shorter words go straight to the full query: two letters complete to so many
# title words that the preview (and its snippets) cost more than the word query.
MIN_PREVIEW_CHARS = 3
# Text the fast path leaves to the full query: syntax a title prefix would misread.
_SYNTAX = re.compile(r"""["':()\[\]{}^~]|(?:^|\s)[-+]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b""")
HINT = "Titles so far; searching every field…"


def typed_title_query(text: str) -> ParsedQuery | None:
    """Title query for ``text`` while its last word is being typed, or None.

    "climate cha" -> title has "climate" and a word starting with "cha";
    "pol*" -> a title word starting with "pol".
    """
    if not text or text[-1].isspace() or _SYNTAX.search(text):
        return None
    body = text[:-1] if text.endswith("*") else text
    if "*" in body or "?" in body:
        return None
    words = WORD_RE.findall(body)
    if not words or len(words) > MAX_QUERY_WORDS or not body.rstrip().endswith(words[-1]):
        return None
    prefix = fold(words[-1])
    if len(prefix) < MIN_PREVIEW_CHARS:
        return None
    boost = FIELD_BOOSTS.get(TITLE, 1.0)
    highlight = Highlight(prefixes={prefix})
    clauses: list[wq.Query] = []
    for word in words[:-1]:
        term = term_of(word)
        if term is not None:
            highlight.terms.add(term)
            clauses.append(wq.Term(TITLE, term, boost=boost))
    clauses.append(BoundedPrefix((TITLE,), prefix, {TITLE: boost}))
    template = clauses[0] if len(clauses) == 1 else wq.And(clauses)
    return ParsedQuery(template, highlight, HINT)
