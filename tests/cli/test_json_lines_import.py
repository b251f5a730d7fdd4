"""A large JSON Lines dump is imported like a table: streamed, each record on its own line,
bad records listed by line, and a second run (after a crash) continues without duplicates."""

from __future__ import annotations

import json
from pathlib import Path

from reader.parsing.jsonlines import STREAM_BYTES
from tests.cli.test_library_cli import run_cli

#: Each record carries this much that no article field reads (a scraper's raw HTML), so
#: that a few hundred records make a dump large enough to be streamed.
PAD = "x" * 20_000


def _records(n: int) -> list[dict | list | str]:
    out: list[dict | list | str] = []
    for i in range(1, n + 1):
        out.append({"title": f"Heron report {i}", "body": f"Herons were counted at site {i}.\n\n"
                    f"\u201cWe saw {i} nests,\u201d the warden said.", "author": "Ann Lee",
                    "date": f"2021-03-{1 + i % 28:02d}", "url": f"https://example.org/herons/{i}",
                    "raw": PAD})
    out[9] = {"title": "No text", "summary": None, "raw": PAD}  # line 10: no article text
    out[19] = {"author": "Zed", "text": "a reader's comment", "parent_id": 4}  # line 20: a comment
    out[29] = [{"title": "Pair A", "body": "First of a pair."},  # line 30: two articles
               {"title": "Pair B", "body": "Second of a pair."}]
    return out


def _write(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _listed(lib: Path) -> dict[str, int]:
    """Stored articles: id by title (list --json)."""
    rows = json.loads(run_cli("--library", str(lib), "list", "--json", "--limit", "100000").stdout)
    assert len({r["title"] for r in rows}) == len(rows)
    return {r["title"]: r["id"] for r in rows}


def _show(lib: Path, aid: int) -> dict:
    return json.loads(run_cli("--library", str(lib), "show", str(aid), "--json").stdout)


def test_a_large_dump_is_streamed_record_by_record(tmp_path: Path) -> None:
    records = _records(220)
    dump = _write(tmp_path / "dump.jsonl", records)
    assert dump.stat().st_size > STREAM_BYTES
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(dump), "--json")
    summary = json.loads(proc.stdout)
    assert summary["imported"] == 219  # 220 lines: one without text, one comment, one holding two
    assert [f["path"] for f in summary["failed"]] == [f"{dump}#line=10"]
    assert "no article text" in summary["failed"][0]["reason"]
    assert "/220 rows" in proc.stderr  # progress counts the records
    stored = _listed(lib)
    assert len(stored) == 219 and {"Pair A", "Pair B"} <= set(stored) and "No text" not in stored
    pair = _show(lib, stored["Pair B"])
    assert pair["record"] == {"kind": "line", "line": 30} and pair["body"] == "Second of a pair."
    one = _show(lib, stored["Heron report 5"])
    assert one["source"] == str(dump) and one["format"] == "json"
    assert one["record"] == {"kind": "line", "line": 5}
    assert one["authors"] == ["Ann Lee"] and one["published"] == "2021-03-06"
    assert one["quotes"] and one["quotes"][0]["text"].startswith("We saw 5 nests")
    # The same article as when the file is small enough to be read whole.
    small = _write(tmp_path / "small.jsonl", records[:6])
    parsed = json.loads(run_cli("parse", str(small), "--json").stdout.splitlines()[4])
    assert parsed["record"] == one["record"]
    assert {k: v for k, v in one.items() if k not in ("id", "source")} == {
        k: v for k, v in parsed.items() if k != "source"}

    again = run_cli("--library", str(lib), "import", str(dump), "--json")
    assert json.loads(again.stdout)["unchanged"] == 219
    assert json.loads(again.stdout)["imported"] == 0


def test_a_dump_interrupted_halfway_is_completed_without_duplicates(tmp_path: Path) -> None:
    records = [r for r in _records(300) if isinstance(r, dict) and "title" in r and "body" in r]
    lib = tmp_path / "lib"
    # What an import killed halfway leaves: the records of the first lines stored.
    dump = _write(tmp_path / "dump.jsonl", records[:240])
    assert dump.stat().st_size > STREAM_BYTES
    first = json.loads(run_cli("--library", str(lib), "import", str(dump), "--json").stdout)
    assert first["imported"] == 240
    _write(dump, records)
    second = json.loads(run_cli("--library", str(lib), "import", str(dump), "--json").stdout)
    assert (second["imported"], second["unchanged"]) == (len(records) - 240, 240)
    assert sorted(_listed(lib)) == sorted(r["title"] for r in records)
    hits = json.loads(run_cli("--library", str(lib), "search", "herons", "--json",
                              "--limit", "1000").stdout)
    assert len(hits) == len(records)
    assert run_cli("--library", str(lib), "check").returncode == 0


def test_a_small_dump_with_a_broken_line_keeps_its_other_records(tmp_path: Path) -> None:
    """A scraper stopped while writing (its last line cut off), a garbled line between: the
    records on the other lines are imported, as from a dump large enough to be streamed, and
    the article says which line was left out. The whole file was refused ("not valid JSON")."""
    records = _records(30)[:4]
    lines = [json.dumps(r) for r in records]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join([lines[0], '{"title": "garbled', *lines[1:], lines[0][:30]]) + "\n",
                    encoding="utf-8")
    assert dump.stat().st_size < STREAM_BYTES  # (read whole, in one transaction)
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(dump), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["imported"] == 4
    stored = _listed(lib)
    assert sorted(stored) == sorted(r["title"] for r in records)
    first = _show(lib, stored["Heron report 1"])
    assert first["record"] == {"kind": "line", "line": 1}
    assert _show(lib, stored["Heron report 2"])["record"] == {"kind": "line", "line": 3}
    assert any(w.startswith("2 lines are not JSON and were left out (the first, line 2: ")
               for w in first["warnings"]), first["warnings"]
