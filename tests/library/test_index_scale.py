"""Issue 16: the index built on every core and phrases read through a cheap filter
find exactly what the single-process index and the full phrase check found."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.library import index as index_module
from reader.library.index import IndexDoc, SearchIndex

VOCAB = [
    "market", "council", "river", "engine", "garden", "letter", "winter", "doctor", "station", "harbour",
    "ticket", "orchard", "violin", "meadow", "lantern", "canyon", "pepper", "saddle", "glacier", "marble",
]


def corpus(n: int, seed: int = 7) -> list[IndexDoc]:
    """``n`` articles; "weather" in nearly all (postings over many blocks), "brakes" in a few,
    sometimes right after "weather", sometimes apart or before it."""
    rng = random.Random(seed)
    docs = []
    for i in range(1, n + 1):
        words = [rng.choice(VOCAB) for _ in range(60)]
        if i % 9:
            for _ in range(rng.randint(1, 3)):
                words.insert(rng.randrange(len(words)), "weather")
        if i % 23 == 0:
            words.insert(rng.randrange(len(words)), "weather brakes")
        elif i % 23 == 5:
            words.insert(rng.randrange(len(words)), "brakes weather")
        elif i % 23 == 11:
            words.insert(rng.randrange(len(words)), "brakes council weather")
        if i % 31 == 0:
            words.insert(rng.randrange(len(words)), "weather brakes failed")
        docs.append(
            IndexDoc(id=i, version=f"v{i}", title=f"Report {i} {rng.choice(VOCAB)}", body=" ".join(words),
                     published=f"20{10 + i % 10}-0{1 + i % 9}-1{i % 10}")
        )
    return docs


def with_phrase(docs: list[IndexDoc], phrase: str) -> set[int]:
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b")
    return {d.id for d in docs if pattern.search(d.body) or pattern.search(d.title.lower())}


def found(index: SearchIndex, query: str) -> tuple[set[int], int]:
    res = index.search(query, limit=10_000)
    return {h.id for h in res.hits}, res.total


@pytest.fixture(scope="module")
def docs() -> list[IndexDoc]:
    return corpus(700)


def test_phrase_finds_exactly_the_articles_holding_the_words_in_order(tmp_path, docs):
    index = SearchIndex.open(tmp_path / "ix")
    index.rebuild(docs, total=len(docs), procs=1)
    try:
        for phrase in ("weather brakes", "brakes weather", "weather brakes failed", "council weather"):
            expected = with_phrase(docs, phrase)
            ids, total = found(index, f'"{phrase}"')
            assert ids == expected, phrase
            assert total == len(expected)
        # the common word alone is in hundreds of articles: many posting blocks were skipped
        assert found(index, "weather")[1] > 600
        assert found(index, '"weather marble"')[0] == with_phrase(docs, "weather marble")
        # a stop word inside the phrase stands for one word, whichever
        one_between = re.compile(r"\bbrakes\s+(?:\w+\s+)?weather\b")
        assert found(index, '"brakes of weather"')[0] == {d.id for d in docs if one_between.search(d.body)}
    finally:
        index.close()


def ranked(index: SearchIndex, query: str) -> list[tuple[int, float]]:
    return [(h.id, round(h.score, 6)) for h in index.search(query, limit=10_000).hits]


QUERIES = ["weather", "brakes", "weather brakes", '"weather brakes"', "marb*", "title:report", "canyon -violin",
           "date:2012", "meadow OR glacier"]


def test_a_build_on_two_processes_finds_and_ranks_like_one(tmp_path, docs, monkeypatch):
    monkeypatch.setattr(index_module, "PARALLEL_MIN_DOCS", 100)
    results = []
    for procs in (1, 2):
        index = SearchIndex.open(tmp_path / f"ix{procs}")
        assert index.rebuild(docs, total=len(docs), procs=procs) == len(docs)
        assert len(index._ix._segments()) == procs  # one segment per worker process
        results.append({q: (found(index, q), sorted(ranked(index, q), key=lambda r: (-r[1], r[0])))
                        for q in QUERIES})
        assert index.doc_count() == len(docs)
        index.close()
    single, parallel = results
    for q in QUERIES:
        assert parallel[q][0] == single[q][0], q  # same articles, same count
        # same scores; articles with equal scores may come in another order
        assert parallel[q][1] == single[q][1], q
    # after a reopen too
    index = SearchIndex.open(tmp_path / "ix2")
    assert found(index, '"weather brakes"')[0] == with_phrase(docs, "weather brakes")
    index.close()


def test_a_big_add_shared_with_workers_replaces_and_keeps_the_last_copy(tmp_path, docs, monkeypatch):
    monkeypatch.setattr(index_module, "PARALLEL_MIN_DOCS", 150)
    index = SearchIndex.open(tmp_path / "ix")
    try:
        index.add(docs[:300], procs=2)
        # the same articles again, changed, plus a copy of one twice within the add (the last wins)
        changed = [IndexDoc(id=d.id, version="w", title=d.title, body=d.body + " zeppelin") for d in docs[:300]]
        twice = IndexDoc(id=5, version="x", title="Twice", body="only the last copy says quokka")
        index.add(changed[:200] + [IndexDoc(id=5, version="y", title="Twice", body="first copy")]
                  + changed[200:] + [twice] + docs[300:], procs=2)
        assert index.doc_count() == len(docs)
        assert found(index, "zeppelin")[1] == 299  # id 5 was replaced by its last copy
        assert found(index, "quokka")[0] == {5}
        assert found(index, '"first copy"')[0] == set()
        assert index.indexed_versions()[5] == "x"
    finally:
        index.close()


KILLED_REBUILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from test_index_scale import corpus
    from reader.library import index as index_module
    from reader.library.index import SearchIndex

    def slow_docs():
        for n, doc in enumerate(corpus(900, seed=3)):
            if n == 600:
                print("half", flush=True)
                time.sleep(600)
            yield doc

    if __name__ == "__main__":
        index_module.PARALLEL_MIN_DOCS = 100
        ix = SearchIndex.open(sys.argv[1])
        ix.rebuild(slow_docs(), total=900, procs=2)
    """
)


def test_a_killed_parallel_rebuild_leaves_the_index_as_it_was(tmp_path, docs):
    index = SearchIndex.open(tmp_path / "ix")
    index.rebuild(docs[:50], total=50, procs=1)
    before = found(index, "weather")
    index.close()
    script = tmp_path / "rebuild.py"
    script.write_text(KILLED_REBUILD)
    child = subprocess.Popen([sys.executable, str(script), str(tmp_path / "ix"), str(Path(__file__).parent)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "half"  # the workers hold 600 articles
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    index = SearchIndex.open(tmp_path / "ix")
    try:
        assert found(index, "weather") == before
        # and the next rebuild works
        index.rebuild(docs, total=len(docs), procs=1)
        assert found(index, "weather")[1] > 600
    finally:
        index.close()


def test_a_rebuild_killed_between_its_renames_leaves_the_old_index(tmp_path, docs):
    index = SearchIndex.open(tmp_path / "ix")
    index.rebuild(docs[:50], total=50, procs=1)
    before = found(index, "weather")
    index.close()
    (tmp_path / "ix").rename(tmp_path / "ix.old")  # the swap's first rename, then killed
    index = SearchIndex.open(tmp_path / "ix")
    try:
        assert found(index, "weather") == before
    finally:
        index.close()


def test_a_posting_list_read_in_one_piece_decodes_as_whoosh_reads_it(tmp_path, docs, monkeypatch):
    """TermBlocks reads a term's whole posting list at once and cuts the blocks from it: the same
    documents and positions as Whoosh's matcher gives, also when the list's length is not in the
    term info or its block headers were pickled some other way."""
    import pickle

    from reader.library import phrases

    index = SearchIndex.open(tmp_path / "ix")
    index.rebuild(docs, total=len(docs), procs=1)
    try:
        reader = index._get_searcher().reader()
        expected = []
        matcher = reader.postings("body_pos", b"weather")
        while matcher.is_active():
            expected.append((matcher.id(), list(phrases.array("I", matcher.value()))))
            matcher.next()
        assert len(expected) > 600

        def decoded() -> list[tuple[int, list[int]]]:
            blocks = phrases.term_blocks(reader, "body_pos", b"weather")
            assert blocks is not None and len(blocks.lastids) > 4
            got = blocks.positions(range(len(blocks.lastids)))
            ends = got.counts.cumsum()
            return [(int(d), got.positions[e - c : e].tolist()) for d, c, e in zip(got.docs, got.counts, ends)]

        assert decoded() == expected
        monkeypatch.setattr(phrases, "_extent_length", lambda m, walk=phrases._extent_length: walk(
            type("NoLength", (), {"_length": None, "_postfile": m._postfile, "_startoffset": m._startoffset})()))
        assert decoded() == expected
        monkeypatch.setattr(phrases, "dumps", lambda value, protocol: pickle.dumps(value, 4))
        assert decoded() == expected
    finally:
        index.close()


def test_segments_of_either_block_pickle_find_and_rank_alike(tmp_path, docs, monkeypatch):
    """The bulk writer pickles its blocks with protocol 5 (positions as bytes); libraries indexed
    before hold protocol 2 blocks (Whoosh's). An index of both kinds, one of each, finds, counts,
    scores and highlights exactly as either kind alone: words, AND, phrases (read block by block)."""
    import zlib

    from reader.library import bulkwrite, phrases

    queries = ['"weather brakes"', '"brakes weather"', '"weather brakes failed"', '"brakes council weather"',
               "weather", "brakes", "weather brakes", "brakes NOT council", "title:report"]
    by_id = {d.id: d.body for d in docs}

    def build(name: str, protocols: tuple[int, int]) -> SearchIndex:
        index = SearchIndex.open(tmp_path / name)
        for chunk, protocol in zip((docs[:350], docs[350:]), protocols):
            monkeypatch.setattr(bulkwrite, "BLOCK_PROTOCOL", protocol)
            index.add(chunk)
        return index

    def results(index: SearchIndex, query: str) -> tuple[int, list[tuple[int, float, str]]]:
        res = index.search(query, limit=60, body_loader=lambda ids: {i: by_id[i] for i in ids})
        return res.total, [(h.id, h.score, h.snippet) for h in res.hits]

    old, mixed, new = build("old", (2, 2)), build("mixed", (2, 5)), build("new", (5, 5))
    try:
        first_bytes = []
        for sub, _offset in mixed._get_searcher().leaf_searchers():
            blocks = phrases.term_blocks(sub.reader(), "body_pos", b"weather")
            assert blocks is not None
            offset, size, compressed = blocks._spans[0]
            data = bytes(blocks._data[offset : offset + size])
            first_bytes.append((zlib.decompress(data) if compressed else data)[:2])
        assert first_bytes == [b"\x80\x02", b"\x80\x05"]
        for query in queries:
            expected = results(old, query)
            assert expected[0] > 0, query
            assert results(mixed, query) == expected, query
            assert results(new, query) == expected, query
        assert found(mixed, '"weather brakes"')[0] == with_phrase(docs, "weather brakes")
    finally:
        for index in (old, mixed, new):
            index.close()
