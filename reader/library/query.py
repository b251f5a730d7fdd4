"""The search box's query language, on top of Whoosh's parser.

Users type words, "phrases", AND/OR/NOT (or a leading -), field:term,
prefix*, and date ranges. Whatever they type, searching never raises: the
text is first *repaired* (unbalanced quotes closed, stray operators and colons
dropped, unknown fields treated as words, control characters removed, length
capped) and the repair is reported as a quiet hint. The parsed Whoosh query is
then *tamed*: prefixes expand to a bounded set of the most frequent terms,
phrases on fields without positions are dropped, phrases with stop words
inside get the slop those stop words need.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.qparser import FieldAliasPlugin, MultifieldParser
from whoosh.qparser.plugins import EveryPlugin, PlusMinusPlugin, SingleQuotePlugin

from reader.library.analysis import WORD_RE, fold, term_of
from reader.library.query_repair import (
    BODIES_ONLY_FIELDS,
    DEFAULT_FIELDS,
    FIELD_ALIASES,
    FIELD_BOOSTS,
    HINTS,
    MAX_QUERY_WORDS,
    MIN_PREFIX_CHARS,
    PHRASE_FIELDS,
    PREFIX_EXPANSIONS,
    PREFIX_POSTINGS_BUDGET,
    PREFIX_SCAN_LIMIT,
    TEXT_FIELDS,
    DateFilter,
    repair,
)
from reader.library.term_scan import TermScan
from reader.library.whoosh_types import IndexReader, Schema

# How many prefixes' completions a searcher keeps (search as you type repeats them).
PREFIX_CACHE_SIZE = 256


@dataclass
class Highlight:
    """What to mark in a text: single terms, phrases (term lists) and prefixes."""

    terms: set[str] = field(default_factory=set)
    phrases: list[list[str]] = field(default_factory=list)
    prefixes: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases or self.prefixes)


@dataclass
class ParsedQuery:
    """A query ready to run: a Whoosh query template plus highlight data and hint."""

    template: wq.Query | None
    highlight: Highlight
    hint: str | None = None

    def whoosh_query(self, reader: IndexReader, cache: PrefixCache | None = None) -> wq.Query | None:
        """The query with prefixes expanded against ``reader`` (None = matches nothing);
        ``cache`` keeps recent expansions (it must be ``reader``'s own)."""
        if self.template is None:
            return None
        q = _expand_prefixes(self.template, reader, cache)
        q = q.normalize()
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return None
        return q


class BoundedPrefix(wq.Prefix):  # type: ignore[misc]  # Whoosh is untyped: its base classes are Any
    """A prefix placeholder; expanded with ``reader`` to a few frequent terms."""

    def __init__(self, fieldnames: tuple[str, ...], text: str, boosts: dict[str, float]) -> None:
        super().__init__(fieldnames[0], text)
        self.fieldnames = fieldnames
        self.boosts = boosts

    def __repr__(self) -> str:
        return f"BoundedPrefix({self.fieldnames!r}, {self.text!r})"


# --- parsing --------------------------------------------------------------------


class QueryParserFacade:
    """Turns query text into a ``ParsedQuery``; never raises on user input."""

    def __init__(self, schema: Schema) -> None:
        self._schema = schema
        self._parsers = {
            False: self._make_parser(schema, DEFAULT_FIELDS),
            True: self._make_parser(schema, BODIES_ONLY_FIELDS),
        }

    @staticmethod
    def _make_parser(schema: Schema, fieldnames: tuple[str, ...]) -> MultifieldParser:
        boosts = {name: FIELD_BOOSTS.get(name, 1.0) for name in fieldnames}
        parser = MultifieldParser(list(fieldnames), schema, fieldboosts=boosts)
        # A leading "-" is handled by repair(); Whoosh's plugin would also split "e-mail".
        parser.remove_plugin_class(PlusMinusPlugin)
        parser.remove_plugin_class(EveryPlugin)
        parser.remove_plugin_class(SingleQuotePlugin)
        aliases: dict[str, list[str]] = {}
        for alias, name in FIELD_ALIASES.items():
            if alias != name:
                aliases.setdefault(name, []).append(alias)
        parser.add_plugin(FieldAliasPlugin(aliases))
        return parser

    def parse(self, text: str, *, bodies_only: bool = False) -> ParsedQuery:
        try:
            dates: list[DateFilter] = []
            repaired, notes = repair(text, dates)
            parser = self._parsers[bodies_only]
            raw = parser.parse(repaired) if repaired.strip() else None
            return self._tame(raw, repaired, notes, bodies_only, dates)
        except Exception:  # the repair should make this unreachable; never fail a search on it
            parsed = self.parse_plain(text, bodies_only=bodies_only)
            return parsed

    def parse_plain(self, text: str, *, bodies_only: bool = False) -> ParsedQuery:
        """Fallback: the query's words, all required, no syntax at all."""
        words = WORD_RE.findall(text)[:MAX_QUERY_WORDS]
        fields = BODIES_ONLY_FIELDS if bodies_only else DEFAULT_FIELDS
        highlight = Highlight()
        clauses = []
        for word in words:
            term = term_of(word)
            if term is None:
                continue
            highlight.terms.add(term)
            clauses.append(
                wq.Or([wq.Term(f, term, boost=FIELD_BOOSTS.get(f, 1.0)) for f in fields if f != "tags"])
            )
        template = wq.And(clauses) if clauses else None
        return ParsedQuery(template, highlight, HINTS["fallback"])

    def _tame(
        self, raw: wq.Query | None, repaired: str, notes: list[str], bodies_only: bool, dates: list[DateFilter]
    ) -> ParsedQuery:
        highlight = Highlight()
        fields = BODIES_ONLY_FIELDS if bodies_only else DEFAULT_FIELDS
        tamed = _tame_node(raw, repaired, fields, highlight, positive=True) if raw is not None else None
        tamed = tamed.normalize() if tamed is not None else None
        if tamed is wq.NullQuery or isinstance(tamed, type(wq.NullQuery)):
            tamed = None
        if dates:
            clauses = ([tamed] if tamed is not None else []) + [d.query() for d in dates]
            tamed = wq.And(clauses) if len(clauses) > 1 else clauses[0]
        if tamed is None:
            if repaired.strip() and "empty" not in notes:
                notes.append("empty")
        elif _only_negative(tamed):
            notes.append("negative")
            tamed = None
        hint = "; ".join(HINTS[n] for n in notes) if notes else None
        if hint:
            hint = hint[0].upper() + hint[1:] + "."
        return ParsedQuery(tamed, highlight, hint)


def _tame_node(q: wq.Query, text: str, fields: tuple[str, ...], hl: Highlight, positive: bool) -> wq.Query | None:
    """Return a safe copy of ``q`` (None to drop it); gather highlight data."""
    if isinstance(q, wq.Phrase):
        return _tame_phrase(q, text, hl, positive)
    if isinstance(q, (wq.Prefix, wq.Wildcard)):
        prefix = fold(q.text.split("*")[0].split("?")[0])
        if len(prefix) < MIN_PREFIX_CHARS:
            return None
        if positive and q.fieldname in TEXT_FIELDS:
            hl.prefixes.add(prefix)
        boost = q.boost
        return BoundedPrefix((q.fieldname,), prefix, {q.fieldname: boost})
    if isinstance(q, wq.Term):
        if positive and q.fieldname in TEXT_FIELDS and isinstance(q.text, str):
            hl.terms.add(q.text)
        return q
    if isinstance(q, wq.Not):
        inner = _tame_node(q.query, text, fields, hl, positive=not positive)
        return wq.Not(inner) if inner is not None else None
    if isinstance(q, wq.AndNot):
        a = _tame_node(q.a, text, fields, hl, positive)
        b = _tame_node(q.b, text, fields, hl, not positive)
        if a is None:
            return None
        return wq.AndNot(a, b) if b is not None else a
    if isinstance(q, wq.AndMaybe):
        a = _tame_node(q.a, text, fields, hl, positive)
        b = _tame_node(q.b, text, fields, hl, positive)
        if a is None:
            return b
        return wq.AndMaybe(a, b) if b is not None else a
    if isinstance(q, wq.Require):
        a = _tame_node(q.a, text, fields, hl, positive)
        b = _tame_node(q.b, text, fields, hl, positive)
        if a is None or b is None:
            return a or b
        return wq.Require(a, b)
    if isinstance(q, wq.compound.CompoundQuery):
        subqueries = list(q.subqueries)
        phrases = [s for s in subqueries if isinstance(s, wq.Phrase)]
        if isinstance(q, wq.Or) and len(phrases) > 1 and any(p.fieldname in PHRASE_FIELDS for p in phrases):
            # A phrase spread over the default fields: only where positions exist.
            subqueries = [s for s in subqueries if not isinstance(s, wq.Phrase) or s.fieldname in PHRASE_FIELDS]
        subs = [_tame_node(s, text, fields, hl, positive) for s in subqueries]
        subs = [s for s in subs if s is not None]
        if not subs:
            return None
        if isinstance(q, wq.Or):
            return _merge_prefixes(wq.Or(subs, boost=q.boost))
        return q.__class__(subs, boost=q.boost)
    if isinstance(q, (wq.TermRange, wq.NumericRange, wq.DateRange)):
        return q
    if isinstance(q, (wq.Every, wq.Variations, wq.FuzzyTerm)):
        return None
    return q


def _tame_phrase(q: wq.Phrase, text: str, hl: Highlight, positive: bool) -> wq.Query | None:
    words = [w for w in q.words if w]
    if not words:
        return None
    if q.fieldname not in PHRASE_FIELDS:
        # No positions there (comments, site, tags): all the phrase's words.
        if positive and q.fieldname in TEXT_FIELDS:
            hl.terms.update(words)
        if len(words) == 1:
            return wq.Term(q.fieldname, words[0], boost=q.boost)
        return wq.And([wq.Term(q.fieldname, w) for w in words], boost=q.boost)
    if len(words) == 1:
        if positive and q.fieldname in TEXT_FIELDS:
            hl.terms.add(words[0])
        return wq.Term(q.fieldname, words[0], boost=q.boost)
    if positive and words not in hl.phrases:
        hl.phrases.append(list(words))
    slop = q.slop
    ranges = getattr(q, "char_ranges", None)
    if ranges and len(ranges) == len(words):
        gaps = [0]
        for (_, end), (start, _) in zip(ranges, ranges[1:]):
            if end is not None and start is not None:
                gaps.append(len(WORD_RE.findall(text[end:start])))
        slop = max(slop, 1 + max(gaps))
    return wq.Phrase(q.fieldname, words, slop=slop, boost=q.boost)


def _merge_prefixes(q: wq.Or) -> wq.Query:
    """Or(BoundedPrefix per field) -> one BoundedPrefix over those fields (one budget)."""
    prefixes = [s for s in q.subqueries if isinstance(s, BoundedPrefix)]
    if len(prefixes) < 2 or len({p.text for p in prefixes}) != 1:
        return q
    fields = tuple(f for p in prefixes for f in p.fieldnames)
    boosts = {f: b for p in prefixes for f, b in p.boosts.items()}
    merged = BoundedPrefix(fields, prefixes[0].text, boosts)
    rest = [s for s in q.subqueries if not isinstance(s, BoundedPrefix)]
    return wq.Or(rest + [merged], boost=q.boost) if rest else merged


def _only_negative(q: wq.Query) -> bool:
    if isinstance(q, wq.Not):
        return True
    if isinstance(q, wq.And):
        return all(_only_negative(s) for s in q.subqueries)
    if isinstance(q, wq.Or):
        return any(_only_negative(s) for s in q.subqueries) and all(
            _only_negative(s) for s in q.subqueries
        )
    return False


# --- prefix expansion -----------------------------------------------------------


class PrefixCache:
    """The chosen completions of the last ``size`` prefixes, for one index reader.

    Search as you type asks for the same prefix again and again (the title
    preview, then the full query, then the next keystroke's); its expansion
    reads every field's term dictionary. Bounded: memory stays flat whatever
    the library's size; a new reader (after a commit) needs a new cache.
    """

    def __init__(self, size: int = PREFIX_CACHE_SIZE) -> None:
        self._size = size
        self._chosen: OrderedDict[tuple[tuple[str, ...], str], list[tuple[str, bytes]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._chosen)

    def chosen(self, reader: IndexReader, fieldnames: tuple[str, ...], prefix: str) -> list[tuple[str, bytes]]:
        key = (fieldnames, prefix)
        found = self._chosen.get(key)
        if found is None:
            found = self._chosen[key] = _choose_completions(reader, fieldnames, prefix)
            if len(self._chosen) > self._size:
                self._chosen.popitem(last=False)
        else:
            self._chosen.move_to_end(key)
        return found


def _expand_prefixes(q: wq.Query, reader: IndexReader, cache: PrefixCache | None) -> wq.Query:
    if isinstance(q, BoundedPrefix):
        return expand_prefix(reader, q.fieldnames, q.text, q.boosts, cache)
    if isinstance(q, wq.Not):
        return wq.Not(_expand_prefixes(q.query, reader, cache))
    if isinstance(q, (wq.AndNot, wq.AndMaybe, wq.Require)):
        return q.__class__(_expand_prefixes(q.a, reader, cache), _expand_prefixes(q.b, reader, cache))
    if isinstance(q, wq.compound.CompoundQuery):
        return q.__class__([_expand_prefixes(s, reader, cache) for s in q.subqueries], boost=q.boost)
    return q


def expand_prefix(
    reader: IndexReader, fieldnames: tuple[str, ...], prefix: str, boosts: dict[str, float],
    cache: PrefixCache | None = None,
) -> wq.Query:
    """Or of the PREFIX_EXPANSIONS most frequent (field, term) pairs starting with ``prefix``.

    When no indexed word starts with the prefix as typed ("running*"), its
    stem is tried ("run*"), since the index holds stems.
    """
    if cache is not None:
        chosen = cache.chosen(reader, fieldnames, prefix)
    else:
        chosen = _choose_completions(reader, fieldnames, prefix)
    if not chosen:
        return wq.NullQuery
    terms = [wq.Term(fname, text, boost=boosts.get(fname, 1.0)) for fname, text in chosen]
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def _choose_completions(reader: IndexReader, fieldnames: tuple[str, ...], prefix: str) -> list[tuple[str, bytes]]:
    """(field, term) of the most frequent completions, within the postings budget."""
    candidates = _prefix_candidates(reader, fieldnames, prefix)
    if not candidates:
        stemmed = term_of(prefix)
        if stemmed and stemmed != prefix:
            candidates = _prefix_candidates(reader, fieldnames, stemmed)
    candidates.sort(key=lambda c: -c[0])
    chosen: list[tuple[str, bytes]] = []
    postings = 0
    for df, fname, text in candidates[:PREFIX_EXPANSIONS]:
        if chosen and postings + df > PREFIX_POSTINGS_BUDGET:
            continue  # a rarer completion may still fit
        chosen.append((fname, text))
        postings += df
    return chosen


def _prefix_candidates(reader: IndexReader, fieldnames: Iterable[str], prefix: str) -> list[tuple[int, str, bytes]]:
    """(document frequency, field, term) of the first ``PREFIX_SCAN_LIMIT`` terms per field
    starting with ``prefix``, in term order.

    Each segment's term dictionary is mapped once and read from the prefix on, in place
    (``term_scan``), frequencies straight from its entries (no lookup per term); the segments' counts are
    added, as the multi-segment reader's ``doc_frequency`` adds them.
    """
    segments = getattr(reader, "readers", None) or [reader]
    asked: list[tuple[str, bytes]] = []  # (field, prefix as that field's term bytes)
    for fname in fieldnames:
        if fname not in reader.schema or not reader.schema[fname].indexed:
            continue
        try:
            asked.append((fname, reader.schema[fname].to_bytes(prefix)))
        except (TypeError, ValueError):
            continue
    dfs: list[dict[bytes, int]] = [{} for _ in asked]
    for segment in segments:
        with TermScan(segment) as scan:
            for (fname, bprefix), counts in zip(asked, dfs):
                for text, df in scan.prefix_frequencies(fname, bprefix, PREFIX_SCAN_LIMIT):
                    counts[text] = counts.get(text, 0) + df
    found: list[tuple[int, str, bytes]] = []
    for (fname, _bprefix), counts in zip(asked, dfs):
        found.extend((counts[text], fname, text) for text in sorted(counts)[:PREFIX_SCAN_LIMIT])
    return found
