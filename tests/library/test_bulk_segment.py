"""The bulk writer's segment holds what Whoosh's own writer writes for the same articles:
every term's statistics and every posting block (documents, weights, positions, block
headers), read back as the search reads them. Only the bytes may differ (the block pickle's
protocol, the compressor), never what they decode to."""

from __future__ import annotations

import io
import pickle
import random
import zlib
from pathlib import Path

import pytest
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filestore import FileStorage

from reader.library import bulkwrite
from reader.library.bulkwrite import BulkSegmentWriter
from reader.library.index_schema import DERIVED_FIELDS, INDEX_NAME, IndexDoc, build_schema, fast_fields, fields_of

WORDS = [
    "council", "river", "budget", "harbour", "school", "election", "café", "naïve", "don't",
    "U.S", "running", "runs", "ran", "the", "and", "of", "a", "x", "2021", "3.5", "Zürich",
    "résumé", "bridge", "markets", "marketing", "weather", "generously", "communication",
]


def _articles(n: int) -> list[IndexDoc]:
    """``n`` articles with every kind of field, some left empty; "weather" in most (its postings
    run over many blocks), word counts from a few to ~3,000 (field length bytes of all sizes)."""
    rng = random.Random(16)
    docs = []
    for i in range(1, n + 1):
        size = rng.choice([3, 40, 200, 3000])
        body = " ".join(rng.choice(WORDS) for _ in range(size))
        if i % 7:
            body += " weather" * rng.randint(1, 4)
        docs.append(IndexDoc(
            id=i, version=f"v{i}", title=f"Report {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}", body=body,
            authors=[f"Writer {i % 5}", "Ann Lee"] if i % 3 else [],
            site=rng.choice(["edition.cnn.com", "www.bbc.co.uk", "BBC News", None]),
            tags=rng.sample(["politics", "sport", "a,b", "Science"], k=i % 3),
            quotes=[f"{rng.choice(WORDS)} {rng.choice(WORDS)} weather"] if i % 4 == 0 else [],
            speakers=["Jo Smith"] if i % 4 == 0 else [],
            comments="\n\n".join(" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(i % 6)),
            published=rng.choice([f"20{10 + i % 12}-0{1 + i % 9}-1{i % 10}T0{i % 10}:30:00+02:00", None, "not a date"]),
        ))
    return docs


def _new_index(path: Path):
    path.mkdir()
    storage = FileStorage(str(path))
    storage.create_index(build_schema(), indexname=INDEX_NAME)
    return storage.open_index(INDEX_NAME)


def _blocks(postings: bytes, raw: list[tuple[bool, int]]) -> list[tuple[object, object]]:
    """A posting list's blocks as (header, data) tuples, unpickled (and inflated), the header
    without its compression level; ``raw`` gets each block's (compressed?, pickle's length)."""
    assert postings[:4] == WHOOSH3_HEADER_MAGIC
    out = []
    pos = 4
    last = False
    while not last:
        size = int.from_bytes(postings[pos:pos + 4], "big", signed=True)
        last = size < 0
        block = io.BytesIO(postings[pos + 4:pos + 4 + abs(size)])
        head = pickle.load(block)
        data = block.read()
        pickled = zlib.decompress(data) if head[3] else data
        raw.append((bool(head[3]), len(pickled)))
        out.append((head[:3] + head[4:], pickle.loads(pickled)))
        pos += 4 + abs(size)
    assert pos == len(postings)
    return out


def _contents(ix, raw: list[tuple[bool, int]]) -> tuple[dict[tuple[str, bytes], object], list[object], dict[str, list[int]]]:
    """Every term's statistics and blocks, the stored fields and the field lengths."""
    [segment] = ix._segments()
    storage = ix.storage
    terms = segment.codec().terms_reader(storage, segment)
    with storage.open_file(segment.make_filename(".pst")) as f:
        pst = f.read()
    found: dict[tuple[str, bytes], object] = {}
    for (field, term), info in terms.items():
        assert isinstance(info, W3TermInfo) and not info.is_inlined()
        offset, length = info.extent()
        length = length[0] if isinstance(length, tuple) else length  # (Whoosh reads it as a 1-tuple)
        stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                 info.max_weight(), info.min_id(), info.max_id())
        found[(field, term)] = (stats, _blocks(pst[offset:offset + length], raw))
    terms.close()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        stored = [reader.stored_fields(d) for d in range(reader.doc_count_all())]
        lengths = {f: [reader.doc_field_length(d, f, 0) for d in range(reader.doc_count_all())]
                   for f in ("title", "body", "body_pos", "authors", "quote", "speaker", "comments", "tags")}
    return found, stored, lengths


@pytest.mark.parametrize("spill", [None, 2_000])
def test_the_bulk_segment_holds_what_whoosh_writes(tmp_path, monkeypatch, spill):
    docs = _articles(400)
    whoosh_ix = _new_index(tmp_path / "whoosh")
    with whoosh_ix.writer(compound=False) as w:  # (its files readable one by one, as the bulk writer's)
        for doc in docs:
            w.add_document(**fields_of(doc))
    if spill:  # spilled to run files many times: a term's postings come in parts
        monkeypatch.setattr(bulkwrite, "SPILL_POSTINGS", spill)
        monkeypatch.setattr(bulkwrite, "CHUNK_POSTINGS", bulkwrite.BLOCK_LIMIT)
    bulk_ix = _new_index(tmp_path / "bulk")
    bulk = BulkSegmentWriter(bulk_ix, fast_fields(bulk_ix.schema), derived=DERIVED_FIELDS)
    for doc in docs:
        bulk.add_document(fields_of(doc))
    if spill:
        assert len(bulk._runs) >= 10
    bulk.commit()

    whoosh_raw: list[tuple[bool, int]] = []
    raw: list[tuple[bool, int]] = []
    expected_terms, expected_stored, expected_lengths = _contents(whoosh_ix, whoosh_raw)
    terms, stored, lengths = _contents(bulk_ix.refresh(), raw)
    assert sorted(terms) == sorted(expected_terms)
    for key, value in expected_terms.items():
        assert terms[key] == value, key
    assert stored == expected_stored
    assert lengths == expected_lengths
    # what the comparison covered: every kind of field, common words over many blocks
    fields = {field for field, _term in terms}
    assert fields >= {"id", "title", "body", "body_pos", "authors", "site", "tags", "quote", "speaker",
                      "comments", "published"}
    (_stats, weather_blocks) = terms[("body_pos", b"weather")]
    assert len(weather_blocks) >= 3
    assert max(lengths["body"]) > 2000
    # Whoosh deflates every block; the bulk writer those whose pickle is not too short to gain
    assert all(compressed for compressed, _size in whoosh_raw)
    assert all(compressed == (size >= bulkwrite.RAW_BELOW) for compressed, size in raw)
    assert {compressed for compressed, _size in raw} == {True, False}
