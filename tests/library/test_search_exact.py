"""The search executor returns exactly what a straightforward evaluation returns.

A small generated library on disk (several segments, replaced and deleted
articles) is searched with hundreds of queries of every kind (words, AND, OR,
NOT, ANDNOT, ANDMAYBE, phrases with and without stop words inside, prefixes,
fields, dates, a marks filter). Each query's results through
``SearchIndex.search`` are compared with a reference that walks Whoosh's own
postings one document at a time into dicts, checks phrase positions word by
word and scores BM25F per document: the same articles, the same total, the
same scores, best first, and the same best few when the list is cut short.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from math import log
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from reader.library import postings_cache
from reader.library.executor import K1, POSITION_FIELDS, B
from reader.library.index import INDEX_NAME, IndexDoc, SearchIndex
from reader.library.query import PrefixCache, QueryParserFacade
from reader.library.term_scan import TermScan, walked

WORDS = [
    "river", "bridge", "council", "budget", "police", "policy", "politics", "running", "runner", "runs",
    "storm", "harbour", "school", "teacher", "election", "vote", "voters", "market", "price", "prices",
    "winter", "garden", "tomato", "museum", "painting", "court", "judge", "trial", "energy", "solar",
]
STOP = ["the", "of", "and", "a", "in", "to", "was"]
AUTHORS = ["Ann Smith", "Bo Lee", "Cara Jones", "Dev Patel"]
TAGS = ["Local", "World", "Science", "Arts"]
SEED = 16


def _text(rng: random.Random, lo: int, hi: int) -> str:
    words = []
    for _ in range(rng.randint(lo, hi)):
        words.append(rng.choice(STOP) if rng.random() < 0.3 else rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def _doc(rng: random.Random, article_id: int, version: str) -> IndexDoc:
    body = "\n\n".join(_text(rng, 8, 40) for _ in range(rng.randint(1, 4)))
    quote = _text(rng, 3, 8) if rng.random() < 0.3 else None
    return IndexDoc(
        id=article_id,
        version=version,
        title=_text(rng, 2, 6),
        body=body,
        authors=rng.sample(AUTHORS, rng.randint(0, 2)),
        site=rng.choice(["example.com", "news.example.org", None]),
        tags=rng.sample(TAGS, rng.randint(0, 2)),
        quotes=[quote] if quote else [],
        speakers=[rng.choice(AUTHORS)] if quote else [],
        comments=_text(rng, 3, 20) if rng.random() < 0.5 else "",
        published=f"{rng.randint(2010, 2014)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    )


def _queries(rng: random.Random, docs: list[IndexDoc]) -> list[str]:
    def w() -> str:
        return rng.choice(WORDS)

    def pair_from_text() -> str:
        words = rng.choice(docs).body.replace(".", "").split()
        i = rng.randrange(len(words) - 1)
        return f'"{words[i]} {words[i + 1]}"'

    makers = [
        lambda: w(),
        lambda: f"{w()} {w()}",
        lambda: f"{w()} OR {w()}",
        lambda: f"{w()} AND NOT {w()}",
        lambda: f"{w()} -{w()}",
        lambda: f"{w()} ANDNOT {w()}",
        lambda: f"{w()} ANDMAYBE {w()}",
        lambda: f"({w()} OR {w()}) {w()}",
        lambda: f"{w()} ({w()} OR NOT {w()})",
        lambda: f'"{w()} {w()}"',
        pair_from_text,
        lambda: f'"{w()} {rng.choice(STOP)} {w()}"',
        lambda: f'"{w()} {w()} {w()}"',
        lambda: f"{w()[:3]}*",
        lambda: f"{w()[:4]}* {w()}",
        lambda: f"title:{w()}",
        lambda: f"author:{rng.choice(AUTHORS).split()[1]}",
        lambda: f"comments:{w()} OR quote:{w()}",
        lambda: f"tag:{rng.choice(TAGS)} {w()}",
        lambda: f"site:example {w()}",
        lambda: f"{w()} date:{rng.randint(2010, 2014)}",
        lambda: f'title:"{w()} {w()}" OR body:{w()}',
        lambda: f"{w()} OR {w()} OR {w()[:3]}*",
    ]
    return [rng.choice(makers)() for _ in range(250)]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, SearchIndex, list[IndexDoc]]]:
    rng = random.Random(SEED)
    path = tmp_path_factory.mktemp("exact") / "index"
    ix = SearchIndex.open(path, reset=True)
    docs = [_doc(rng, i, "v1") for i in range(1, 181)]
    for start in range(0, 180, 60):  # three commits: three segments
        ix.add(docs[start : start + 60])
    replaced = [_doc(rng, i, "v2") for i in rng.sample(range(1, 181), 15)]
    ix.add(replaced)  # deletions in the old segments
    ix.delete(rng.sample(range(1, 181), 8))
    yield path, ix, docs + replaced
    ix.close()


class Reference:
    """Query evaluation one document at a time, from Whoosh's own postings matchers."""

    def __init__(self, searcher: Any) -> None:
        self.s = searcher
        self.r = searcher.reader()
        self.n = max(1, searcher.doc_count_all())
        self.stats: dict[tuple[str, str], tuple[float, float]] = {}

    def postings(self, field: str, text: str) -> dict[int, tuple[float, list[int] | None]]:
        """docnum -> (term frequency, positions or None) of the live documents holding the term."""
        if field not in self.r.schema or (field, text) not in self.r:
            return {}
        fmt = self.r.schema[field].format
        m = self.r.postings(field, text)
        out = {}
        while m.is_active():
            d = m.id()
            if not self.r.is_deleted(d):
                positions = fmt.decode_positions(m.value()) if fmt.supports("positions") else None
                out[d] = (m.weight(), positions)
            m.next()
        return out

    def score(self, field: str, text: str, boost: float, d: int, tf: float) -> float:
        if (field, text) not in self.stats:
            idf = log(self.n / (self.s.doc_frequency(field, text) + 1)) + 1.0
            self.stats[field, text] = idf, self.s.field_length(field) / self.n or 1.0
        idf, avg = self.stats[field, text]
        length = self.r.doc_field_length(d, field, 0)
        return boost * idf * (K1 + 1) * tf / (tf + K1 * ((1 - B) + B * length / avg))

    def eval(self, q: wq.Query) -> dict[int, float]:
        if isinstance(q, wq.Term):
            return {d: self.score(q.fieldname, q.text, q.boost, d, tf)
                    for d, (tf, _) in self.postings(q.fieldname, q.text).items()}
        if isinstance(q, wq.Phrase):
            return self.phrase(q)
        if isinstance(q, wq.Or):
            out: dict[int, float] = {}
            for sub in q.subqueries:
                for d, s in self.eval(sub).items():
                    out[d] = out.get(d, 0.0) + s
            return out
        if isinstance(q, wq.And):
            parts = [self.eval(s) for s in q.subqueries if not isinstance(s, wq.Not)]
            if not parts:
                return {}
            out = {d: sum(p[d] for p in parts) for d in parts[0] if all(d in p for p in parts)}
            for neg in (s.query for s in q.subqueries if isinstance(s, wq.Not)):
                for d in self.eval(neg):
                    out.pop(d, None)
            return out
        if isinstance(q, wq.AndNot):
            out, remove = self.eval(q.a), self.eval(q.b)
            return {d: s for d, s in out.items() if d not in remove}
        if isinstance(q, wq.AndMaybe):
            out, extra = self.eval(q.a), self.eval(q.b)
            return {d: s + extra.get(d, 0.0) for d, s in out.items()}
        if isinstance(q, wq.Require):
            out, keep = self.eval(q.a), self.eval(q.b)
            return {d: s for d, s in out.items() if d in keep}
        if isinstance(q, wq.Not):
            return {}
        m = q.matcher(self.s)
        return {d: 0.0 for d in m.all_ids() if not self.r.is_deleted(d)} if m.is_active() else {}

    def phrase(self, q: wq.Phrase) -> dict[int, float]:
        posfield = POSITION_FIELDS.get(q.fieldname, q.fieldname)
        lists = [self.postings(posfield, w) for w in q.words]
        slop = max(1, q.slop)
        out = {}
        for d in lists[0]:
            if not all(d in lst for lst in lists):
                continue
            ends = set(lists[0][d][1] or [])
            for lst in lists[1:]:
                ends = {p for p in lst[d][1] or [] if any(0 < p - e <= slop for e in ends)}
            if ends:
                out[d] = sum(self.score(q.fieldname, w, q.boost, d, lst[d][0]) for w, lst in zip(q.words, lists))
        return out


def _check_every_query(path: Path, ix: SearchIndex, docs: list[IndexDoc], passes: int = 1) -> None:
    """Each generated query's results through ``ix`` equal the reference's, ``passes`` times over."""
    wix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    with wix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) >= 2 and searcher.reader().has_deletions()
        ref = Reference(searcher)
        parser = QueryParserFacade(wix.schema)
        rng = random.Random(SEED + 1)
        queries = _queries(rng, docs)
        nonempty = 0
        for _ in range(passes):
            for text in queries:
                q = parser.parse(text).whoosh_query(searcher.reader())
                expected = ref.eval(q) if q is not None else {}
                by_id = {int(searcher.stored_fields(d)["id"]): s for d, s in expected.items()}
                got = ix.search(text, limit=1000)
                assert got.total == len(expected), text
                assert {h.id: h.score for h in got.hits} == pytest.approx(by_id, rel=1e-12, abs=1e-12), text
                scores = [h.score for h in got.hits]
                assert scores == sorted(scores, reverse=True), text
                best = sorted(by_id.values(), reverse=True)[:3]
                assert [h.score for h in ix.search(text, limit=3).hits] == pytest.approx(best, rel=1e-12), text
                nonempty += bool(expected)
        assert nonempty > passes * len(queries) // 2  # the queries mostly find something: the comparison has teeth


@pytest.mark.slow
def test_every_query_matches_the_reference_evaluation(library: tuple[Path, SearchIndex, list[IndexDoc]]) -> None:
    path, ix, docs = library
    _check_every_query(path, ix, docs)


@pytest.mark.slow
def test_postings_from_the_cache_give_the_same_results(
    library: tuple[Path, SearchIndex, list[IndexDoc]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every term kept (none is frequent in so small a library) in a budget so small that terms
    are evicted all along: the same results the first time and the second."""
    path, _, docs = library
    monkeypatch.setattr(postings_cache, "CACHE_MIN_POSTINGS", 1)
    monkeypatch.setattr(postings_cache, "POSTINGS_CACHE_BYTES", 24_000)
    with SearchIndex.open(path) as ix:
        _check_every_query(path, ix, docs, passes=2)
        executor = ix._executor
        assert executor is not None
        kept = executor._postings_cache
        assert len(kept) > 10 and 0 < kept.nbytes <= 24_000


def test_a_marks_filter_keeps_the_same_scores(library: tuple[Path, SearchIndex, list[IndexDoc]]) -> None:
    _, ix, _ = library
    for text in ["police", "running OR storm", '"market price"', "pol*"]:
        full = {h.id: h.score for h in ix.search(text, limit=1000).hits}
        marked = set(sorted(full)[::2])
        got = ix.search(text, limit=1000, only_ids=marked)
        assert got.total == len(marked)
        assert {h.id: h.score for h in got.hits} == {i: full[i] for i in marked}


def test_prefix_completions_kept_are_bounded_and_the_same(library: tuple[Path, SearchIndex, list[IndexDoc]]) -> None:
    path, _, _ = library
    wix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    parser = QueryParserFacade(wix.schema)
    cache = PrefixCache(size=4)
    with wix.searcher() as searcher:
        reader = searcher.reader()
        prefixes = sorted({w[:n] for w in WORDS for n in (2, 3, 4)})
        for prefix in prefixes:
            parsed = parser.parse(prefix + "*")
            for _ in range(2):  # the second time from the cache
                assert parsed.whoosh_query(reader, cache) == parsed.whoosh_query(reader), prefix
            assert len(cache) <= 4
        assert len(prefixes) > 40


def test_a_prefix_s_terms_read_in_bulk_are_those_whoosh_walks(library: tuple[Path, SearchIndex, list[IndexDoc]]) -> None:
    """term_scan reads the term dictionary in place: same terms, order and frequencies as iter_from,
    in every segment and field, for short and long prefixes, absent ones and limits."""
    path, _, _ = library
    wix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    with wix.searcher() as searcher:
        segments = searcher.reader().readers
        assert len(segments) >= 3
        fields = [name for name, f in wix.schema.items() if f.indexed and name in segments[0]._terms._fieldmap]
        prefixes = sorted({w[:n] for w in WORDS + STOP + AUTHORS + TAGS for n in (0, 1, 2, 3, 5)} | {"zz", "é", "2012"})
        checked = 0
        for segment in segments:
            with TermScan(segment) as scan:
                assert scan.mapped  # the dictionary read in place, not Whoosh's walk
                for fname in fields:
                    for prefix in prefixes:
                        bprefix = prefix.lower().encode("utf-8")
                        for limit in (1, 7, 1000):
                            expected = list(walked(segment, fname, bprefix, limit))
                            assert list(scan.prefix_frequencies(fname, bprefix, limit)) == expected
                            checked += len(expected)
            assert not scan.mapped  # unmapped once the lookups are done
        assert checked > 5000
