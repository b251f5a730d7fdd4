"""Posting blocks read from their pickles' bytes (``reader.library.blockdecode``) hold exactly
what Whoosh's own reader finds in them: the same documents, weights and positions, in segments
whose blocks were pickled with protocol 5 (the bulk writer), protocol 2 (libraries indexed
before) and by Whoosh's own writer, and for blocks that do not follow the layout read from the
bytes (a long or huge value, a delta of 256 or more, a short last block)."""

from __future__ import annotations

import pickle
import random
from array import array
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.library import blockdecode, bulkwrite, phrases
from reader.library.index import IndexDoc, SearchIndex
from reader.library.index_schema import fields_of

WORDS = ["market", "council", "river", "engine", "garden", "letter", "winter", "doctor", "station", "harbour"]
N = 640


def corpus(offset: int) -> list[IndexDoc]:
    """Articles ``offset + 1``..: words with every kind of block in their postings."""
    rng = random.Random(offset)
    docs = []
    for i in range(offset + 1, offset + N + 1):
        words = [rng.choice(WORDS) for _ in range(30)]
        words += ["weather"] * rng.randint(1, 3)  # a weight each
        words.append("calm")  # weights None: all 1.0
        if i % 3 == 0:
            words += ["storm", "storm"]  # one weight for the block: 2.0
        if i - offset < 100 or i - offset > 420:
            words.append("gap")  # a delta of 321 inside a block
        if i - offset <= 131:
            words.append("hail")  # a last block of 3 postings
        if i % 2:
            words.append("loud")
        if i - offset == 51:
            words += ["loud"] * 70  # 280 bytes of positions: BINBYTES
        if i - offset == 77:
            words += ["echo"] * 20_000  # 80,000 bytes of positions
        elif i % 2 == 0:
            words.append("echo")
        rng.shuffle(words)
        docs.append(IndexDoc(id=i, version=f"v{i}", title=f"{rng.choice(WORDS)} weather {i}", body=" ".join(words)))
    return docs


@pytest.fixture(scope="module")
def monkeypatch_blocks() -> Iterator[None]:
    """Every term's blocks read from their bytes, however few (module-wide, for hypothesis)."""
    saved = blockdecode.FAST_MIN_POSTINGS
    blockdecode.FAST_MIN_POSTINGS = 0
    yield
    blockdecode.FAST_MIN_POSTINGS = saved


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """One segment pickled with protocol 5, one with protocol 2, one written by Whoosh's writer,
    one whose blocks and block headers were all pickled with protocol 4."""
    index = SearchIndex.open(tmp_path_factory.mktemp("blocks") / "ix")
    saved = bulkwrite.BLOCK_PROTOCOL, bulkwrite.dumps
    try:
        for k, protocol in enumerate((5, 2)):
            bulkwrite.BLOCK_PROTOCOL = protocol
            index.add(corpus(k * N), procs=1)
        writer = index._ix.writer()
        for doc in corpus(2 * N):
            writer.add_document(**fields_of(doc))
        writer.commit(merge=False)
        bulkwrite.dumps = lambda value, protocol: pickle.dumps(value, 4)
        index.add(corpus(3 * N), procs=1)
    finally:
        bulkwrite.BLOCK_PROTOCOL, bulkwrite.dumps = saved
    index._mark_stale()
    yield index
    index.close()


def segments(index: SearchIndex) -> list:
    readers = [sub.reader() for sub, _offset in index._get_searcher().leaf_searchers()]
    assert len(readers) == 4
    return readers


def whoosh_postings(reader, field: str, btext: bytes, positions: bool) -> list[tuple[int, float, bytes | None]]:
    matcher = reader.postings(field, btext)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value() if positions else None))
        matcher.next()
    return found


def decoded(blocks: phrases.TermBlocks, wanted: list[int], positions: bool) -> list[tuple[int, float, bytes | None]]:
    got = blocks.arrays(wanted, positions=positions)
    docs = blocks.docs(wanted, got)
    assert docs.dtype == np.int64 and got.tfs.dtype == np.float64
    if not positions:
        return [(d, w, None) for d, w in zip(docs.tolist(), got.tfs.tolist())]
    assert got.positions.dtype == np.uint32 and int(got.counts.sum()) == got.positions.shape[0]
    ends = np.cumsum(got.counts)
    values = [got.positions[e - c : e].tobytes() for c, e in zip(got.counts.tolist(), ends.tolist())]
    return list(zip(docs.tolist(), got.tfs.tolist(), values))


@pytest.mark.parametrize("fast", [True, False], ids=["from the bytes", "unpickled"])
def test_every_term_decodes_as_whoosh_reads_it(index, monkeypatch, fast):
    monkeypatch.setattr(blockdecode, "FAST_MIN_POSTINGS", 0 if fast else 1 << 60)
    monkeypatch.setattr(phrases, "HEADERS_AT_ONCE", 1 if fast else 1 << 60)
    checked = 0
    for reader in segments(index):
        for field, positions in (("body_pos", True), ("body", False), ("title", True), ("title", False)):
            for btext in reader.lexicon(field):
                blocks = phrases.term_blocks(reader, field, btext)
                assert blocks is not None
                expected = whoosh_postings(reader, field, btext, positions)
                assert decoded(blocks, list(range(len(blocks.lastids))), positions) == expected, (field, btext)
                checked += 1
    assert checked > 100


def test_blocks_read_apart_decode_as_whoosh_reads_them(index, monkeypatch):
    """A phrase reads only some of a word's blocks: their postings, and no others."""
    monkeypatch.setattr(blockdecode, "FAST_MIN_POSTINGS", 0)
    for reader in segments(index):
        for word in (b"weather", b"echo", b"gap"):
            blocks = phrases.term_blocks(reader, "body_pos", word)
            assert blocks is not None and len(blocks.lastids) >= 3
            expected = whoosh_postings(reader, "body_pos", word, True)
            for wanted in ([0, 2], [1, len(blocks.lastids) - 1], [len(blocks.lastids) - 1], [1]):
                lows = [blocks.lastids[i - 1] if i else -1 for i in wanted]
                inside = [p for p in expected if any(lo < p[0] <= blocks.lastids[i] for lo, i in zip(lows, wanted))]
                assert decoded(blocks, wanted, True) == inside, (word, wanted)


def test_the_bytes_are_read_where_the_layout_holds(index):
    """Protocol 5 blocks of a frequent word are read from their bytes, not unpickled; blocks the
    layout does not describe are recognised as such: protocol 2 positions, a block holding a
    delta of 256 or more, a 280-byte value, an 80,000-byte one, a last block of 3 postings."""

    def layout_ok(reader, field: str, word: bytes, positions: bool) -> list[bool]:
        blocks = phrases.term_blocks(reader, field, word)
        assert blocks is not None
        pickles = [blocks.pickled(i) for i in range(len(blocks.lastids))]
        ok: list[bool] = blockdecode._Layout(pickles, np.array(blocks.counts), positions).ok.tolist()
        return ok

    new, old, whoosh, other = segments(index)
    assert layout_ok(new, "body_pos", b"weather", True) == [True] * 5
    assert layout_ok(new, "body_pos", b"calm", True) == [True] * 5  # weights None
    assert layout_ok(new, "body_pos", b"storm", True) == [True, True]  # one weight a block
    assert layout_ok(new, "body_pos", b"gap", True) == [False, True, True]
    assert layout_ok(new, "body_pos", b"loud", True) == [False, True, True]
    assert layout_ok(new, "body_pos", b"echo", True) == [False, True, True]
    assert layout_ok(new, "body_pos", b"hail", True) == [True, False]
    for reader in (new, old, whoosh):
        assert layout_ok(reader, "body", b"loud", False) == [True] * 3  # the values are not read
        assert layout_ok(reader, "body", b"gap", False) == [False, True, True]
    for reader in (old, whoosh):
        assert layout_ok(reader, "body_pos", b"weather", True) == [False] * 5  # positions in protocol 2
        assert layout_ok(reader, "body", b"weather", False) == [True] * 5  # documents and weights only
    assert layout_ok(other, "body", b"weather", False) == [False] * 5  # protocol 4


def test_block_headers_are_read_where_the_layout_holds(index):
    """Headers pickled by Whoosh's way (protocol 2) are read from their bytes; others are not."""
    for reader, protocol in zip(segments(index), (2, 2, 2, 4)):
        blocks = phrases.term_blocks(reader, "body_pos", b"weather")
        assert blocks is not None
        data = blocks._data
        heads = [start - len(pickle.dumps((c, last, 1.0, 1, 1, 1), protocol)) for (start, _s, _c), c, last
                 in zip(blocks._spans, blocks.counts, blocks.lastids)]
        fits = protocol == 2
        ends = [start + size for start, size, _c in blocks._spans]
        found = blockdecode.block_headers(data, heads, ends)
        assert found[4] == [fits] * 5
        if fits:
            assert (found[0], found[1], found[3]) == (blocks.counts, blocks.lastids, [s for s, _z, _c in blocks._spans])


@st.composite
def blocks(draw: st.DrawFn) -> tuple[tuple[int, ...], object, tuple[bytes, ...], list[int]]:
    """One block's tuple as Whoosh's writers make it: (document numbers, first whole; weights; values)."""
    n = draw(st.integers(1, 130))
    first = draw(st.sampled_from([0, 7, 255, 256, 65_535, 65_536, 1_000_000, 2**31 - 1]))
    deltas = draw(st.lists(st.sampled_from([1, 2, 3, 9, 255, 256, 300, 70_000]), min_size=n - 1, max_size=n - 1))
    kind = draw(st.sampled_from(["ones", "same", "each"]))
    if kind == "ones":
        counts = [1] * n
    elif kind == "same":
        counts = [draw(st.sampled_from([1, 2, 63, 64, 100]))] * n
    else:
        counts = draw(st.lists(st.sampled_from([1, 2, 5, 63, 64, 70]), min_size=n, max_size=n))
    weights = None if max(counts) == 1 else float(counts[0]) if min(counts) == max(counts) else tuple(map(float, counts))
    values = tuple(bytes(draw(st.binary(min_size=4 * c, max_size=4 * c))) for c in counts)
    return (first, *deltas), weights, values, counts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(blocks(), min_size=1, max_size=5), st.sampled_from([2, 5]), st.booleans())
def test_any_block_decodes_as_unpickled(monkeypatch_blocks, made, protocol, positions):
    """Blocks of any shape (first numbers of every width, deltas under and over 256, weights None,
    one or each, values short and long, blocks of 1 to 130 postings), pickled with protocol 2 or 5:
    the arrays are those of the unpickled tuples."""
    pickles = []
    for ids, weights, values, counts in made:
        stored = values if positions else array("I", counts).tobytes()
        pickles.append(pickle.dumps((ids, weights, stored), protocol))
    got = blockdecode.decode_blocks(pickles, [len(m[0]) for m in made], positions=positions)
    assert got.deltas.tolist() == [d for ids, *_ in made for d in ids]
    assert got.tfs.tolist() == [float(c) for *_, counts in made for c in counts]
    assert got.sizes.tolist() == [len(m[0]) for m in made]
    if positions:
        assert got.counts.tolist() == [c for *_, counts in made for c in counts]
        assert got.positions.tobytes() == b"".join(v for _ids, _w, values, _c in made for v in values)


@pytest.mark.parametrize("weight", [2.0**40, 1e300, -5.0, -1.5e16, float("nan")])
def test_a_block_whose_weights_are_no_position_counts_decodes_as_unpickled(monkeypatch_blocks, weight):
    """A block that fails the layout's checks, here with weights that cannot be counts of positions
    (seen at 1,000,000 articles: the phrase "tone want" failed with an IndexError and the search
    fell back to plain words), is unpickled like any other; its neighbours are still read from
    the bytes."""
    good = [((5, *[1] * 99), None, tuple(bytes(4) for _ in range(100))) for _ in range(3)]
    odd = ((900, *[1] * 99), (weight,) * 100, tuple(bytes(4) for _ in range(100)))
    made = [good[0], odd, *good[1:]]
    pickles = [pickle.dumps(block, 5) for block in made]
    got = blockdecode.decode_blocks(pickles, [100] * 4, positions=True)
    assert got.deltas.tolist() == [d for ids, *_ in made for d in ids]
    assert got.counts.tolist() == [1] * 400
    assert got.positions.tobytes() == bytes(4 * 400)
