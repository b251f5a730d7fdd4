"""The ``parse`` command is a public interface: shape, order, and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PARSE_KEYS = {
    "source", "format", "title", "published", "authors", "site", "tags", "url", "body",
    "quotes", "comments", "comments_claimed", "warnings", "record",
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=120
    )


def test_parse_prints_one_object_per_file_in_input_order(seeds_dir: Path) -> None:
    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    proc = run_cli("parse", *reversed(files), "--json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    objs = [json.loads(line) for line in lines]
    assert [o["source"] for o in objs] == list(reversed(files))
    for o in objs:
        assert PARSE_KEYS <= set(o)
        assert o["format"] == "text"


def test_unreadable_file_yields_error_line_and_status_1(tmp_path: Path, seeds_dir: Path) -> None:
    bad = tmp_path / "image.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    good = next(seeds_dir.glob("*.txt"))
    proc = run_cli("parse", str(bad), str(good), "--json")
    assert proc.returncode == 1
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert first["source"] == str(bad)
    assert "PNG" in first["error"]
    assert second["source"] == str(good) and second["title"]


def test_version_matches_pyproject() -> None:
    import tomllib

    version = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"][
        "version"
    ]
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert version in proc.stdout


def test_deep_json_without_a_json_suffix_parses(tmp_path: Path) -> None:
    deep = tmp_path / "thread.txt"
    opening = "".join('{"author": "a", "text": "t", "replies": [' for _ in range(5000))
    deep.write_text(
        '{"title": "Deep", "body": "Text about a deep thread.", "comments": ['
        + opening + '{"text": "leaf"}' + "]}" * 5000 + "]}",
        encoding="utf-8",
    )
    proc = run_cli("parse", str(deep), "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    obj = json.loads(proc.stdout)
    assert obj["format"] == "json" and obj["title"] == "Deep"
