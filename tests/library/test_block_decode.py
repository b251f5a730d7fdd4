"""Posting blocks read from their pickles' bytes (``reader.library.blockdecode``) hold exactly
what Whoosh's own reader finds in them: the same documents, weights and positions, in segments
whose blocks were pickled with protocol 5 (the bulk writer), protocol 2 (libraries indexed
before) and by Whoosh's own writer, and for blocks that do not follow the layout read from the
bytes (a long or huge value, a delta of 256 or more, a short last block)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np
import pytest

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
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """One segment pickled with protocol 5, one with protocol 2, one written by Whoosh's writer."""
    index = SearchIndex.open(tmp_path_factory.mktemp("blocks") / "ix")
    saved = bulkwrite.BLOCK_PROTOCOL
    try:
        for k, protocol in enumerate((5, 2)):
            bulkwrite.BLOCK_PROTOCOL = protocol
            index.add(corpus(k * N), procs=1)
    finally:
        bulkwrite.BLOCK_PROTOCOL = saved
    writer = index._ix.writer()
    for doc in corpus(2 * N):
        writer.add_document(**fields_of(doc))
    writer.commit(merge=False)
    index._mark_stale()
    yield index
    index.close()


def segments(index: SearchIndex) -> list:
    readers = [sub.reader() for sub, _offset in index._get_searcher().leaf_searchers()]
    assert len(readers) == 3
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

    new, old, whoosh = segments(index)
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
