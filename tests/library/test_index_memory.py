"""The index written with bounded memory (big imports) finds exactly what it found before."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

from reader.library import Library, bulkwrite
from reader.library.term_table import LeanOrderedHashWriter


def _terms_file(writer_class, keys: list[bytes]) -> bytes:
    storage = RamStorage()
    f = storage.create_file("t")
    writer = OrderedHashWriter(f)
    if writer_class is LeanOrderedHashWriter:  # (as the bulk writer does: Whoosh's, taken over)
        writer = LeanOrderedHashWriter.taking_over(writer)
    writer.extras["fieldmap"] = {"body": 0}
    for key in keys:
        writer.add(key, b"info:" + key[::-1])
    writer.close()
    return bytes(storage.files["t"])


def test_lean_terms_table_is_the_file_whoosh_writes():
    rng = random.Random(7)
    keys = sorted({bytes(rng.choices(b"abcdefghij0123456789", k=rng.randint(1, 12))) for _ in range(5000)})
    lean = _terms_file(LeanOrderedHashWriter, keys)
    assert lean == _terms_file(OrderedHashWriter, keys)
    reader = OrderedHashReader(_open(lean), len(lean))
    assert reader[keys[123]] == b"info:" + keys[123][::-1]
    assert reader.closest_key(keys[10] + b"\x00") == keys[11]
    assert _terms_file(LeanOrderedHashWriter, []) == _terms_file(OrderedHashWriter, [])


def _open(data: bytes):
    storage = RamStorage()
    f = storage.create_file("r")
    f.write(data)
    f.close()
    return storage.open_file("r")


def _write_csv(path: Path, n: int) -> Path:
    words = ["harbour", "council", "river", "budget", "school", "market", "bridge", "election"]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "text", "author", "date"])
        for i in range(1, n + 1):
            body = " ".join(words[(i * k) % len(words)] for k in range(1, 40))
            w.writerow([f"Report {i} on zq{i}x", f"Opening of report zq{i}x. {body}. The {words[i % 8]} "
                        f"vote was {i} to {i + 1}.", f"Writer {i % 5}", f"2021-03-{1 + i % 28:02d}"])
    return path


def _searches(root: Path, src: Path, n: int) -> list[object]:
    with Library.open(root) as lib:
        assert len(lib.import_paths([str(src)], workers=0).imported) == n
        assert lib.check().problems == []
        out: list[object] = []
        for i in (1, 2, n // 2, n):
            out.append([h.title for h in lib.search(f"zq{i}x").hits])
        for q in ("harbour", '"river budget"', "council vote", "writer 3", "report 75"):
            found = lib.search(q)
            out.append((found.total, [(h.title, round(h.score, 4)) for h in found.hits]))
        return out


def test_an_index_written_in_many_small_runs_finds_the_same(tmp_path, monkeypatch):
    """The bulk writer spills its words to run files and starts its term numbers afresh
    after each, and writes a word's postings a chunk at a time: with tiny runs and chunks
    every row is still found, with the same scores, as when written in one piece."""
    n = 150
    src = _write_csv(tmp_path / "t.csv", n)
    whole = _searches(tmp_path / "one", src, n)
    monkeypatch.setattr(bulkwrite, "SPILL_POSTINGS", 700)
    monkeypatch.setattr(bulkwrite, "CHUNK_POSTINGS", bulkwrite.BLOCK_LIMIT)
    runs: list[int] = []
    spill = bulkwrite.BulkSegmentWriter._spill

    def counted(self: bulkwrite.BulkSegmentWriter) -> None:
        spill(self)
        runs.append(len(self._runs))

    monkeypatch.setattr(bulkwrite.BulkSegmentWriter, "_spill", counted)
    pieces = _searches(tmp_path / "many", src, n)
    assert len(runs) >= 10
    assert pieces == whole
    assert whole[0] == ["Report 1 on zq1x"] and whole[3] == [f"Report {n} on zq{n}x"]
    assert whole[4][0] > 0
