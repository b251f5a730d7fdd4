"""Stories and comparison from the command line: import the two seed articles, then
``stories``, ``story`` and ``compare --json`` show what a reader comparing coverage needs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def seeds_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    lib = tmp_path_factory.mktemp("stories") / "lib"
    proc = run_cli("--library", str(lib), "import", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    listing = json.loads(run_cli("--library", str(lib), "list", "--json").stdout)
    cnn = next(r["id"] for r in listing if r["site"] == "CNN")
    repost = next(r["id"] for r in listing if r["id"] != cnn)
    return lib, cnn, repost


def _body(lib: Path, article_id: int) -> str:
    return json.loads(run_cli("--library", str(lib), "show", str(article_id), "--json").stdout)["body"]


def test_the_two_seed_articles_form_one_story(seeds_library) -> None:
    lib, cnn, repost = seeds_library
    proc = run_cli("--library", str(lib), "stories", "--json")
    assert proc.returncode == 0, proc.stderr
    stories = json.loads(proc.stdout)
    assert len(stories) == 1
    story = stories[0]
    assert set(story) == {"id", "title", "articles", "sites", "first", "last"}
    assert sorted(story["articles"]) == sorted([cnn, repost])
    assert story["sites"] == ["CNN"]
    assert story["first"].startswith("2012-12-05")
    detail = json.loads(run_cli("--library", str(lib), "story", str(story["id"]), "--json").stdout)
    assert detail["first_report"] == cnn  # the dated CNN article; the repost has no date
    assert [m["id"] for m in detail["members"]] == story["articles"]
    text = run_cli("--library", str(lib), "story", str(repost), "--article").stdout
    assert "first report" in text and "Is Assad seeking asylum?" in text
    assert text.splitlines()[1] == "2 articles from 1 site"  # (it said "1 sites")


def test_compare_json_aligns_the_al_miqdad_passage_and_splits_the_quotes(seeds_library) -> None:
    lib, cnn, repost = seeds_library
    proc = run_cli("--library", str(lib), "compare", str(cnn), str(repost), "--json")
    assert proc.returncode == 0, proc.stderr
    c = json.loads(proc.stdout)
    assert {"a", "b", "shared", "only_a", "only_b", "quotes"} <= set(c)
    assert (c["a"], c["b"]) == (cnn, repost)
    assert set(c["quotes"]) == {"both", "only_a", "only_b"}
    body_a, body_b = _body(lib, cnn), _body(lib, repost)
    # The passage about al-Miqdad carrying Assad's letters is in both, aligned.
    place_a = body_a.index("Cuba, Venezuela and Ecuador")
    place_b = re.search(r"Cuba,? Venezuela,? and Ecuador|Venezuela, Cuba and Ecuador", body_b)
    assert place_b is not None
    hits = [p for p in c["shared"] if p["a"][0] <= place_a < p["a"][1]]
    assert hits, "the al-Miqdad passage of CNN is not aligned"
    p = hits[0]
    assert p["kind"] in ("verbatim", "reworded")
    assert "al-Miqdad" in body_a[p["a"][0]:p["a"][1]]
    assert "al-Miqdad" in body_b[p["b"][0]:p["b"][1]] or p["b"][0] <= place_b.start() < p["b"][1]
    # Spans are offsets into the bodies `show --json` gives, and never overlap the shared part.
    for s, e in c["only_a"]:
        assert 0 <= s < e <= len(body_a)
        assert not (s < p["a"][1] and p["a"][0] < e)
    # Quotes: Clinton, Nuland, Toner, Tabler and Horton only in CNN; Lukyanov only in the repost.
    speakers_a = {q["speaker"] for q in c["quotes"]["only_a"]}
    speakers_b = {q["speaker"] for q in c["quotes"]["only_b"]}
    for name in ("Hillary Clinton", "Victoria Nuland", "Mark Toner", "Andrew Tabler", "Scott Horton"):
        assert name in speakers_a
        assert name not in speakers_b
    assert "Fyodor Lukyanov" in speakers_b and "Fyodor Lukyanov" not in speakers_a
    for q in c["quotes"]["only_a"]:
        assert body_a[q["a"][0]:q["a"][1]] == q["text"]
    for q in c["quotes"]["only_b"]:
        assert body_b[q["b"][0]:q["b"][1]] == q["text"]


def test_compare_text_output_and_unknown_ids(seeds_library) -> None:
    lib, cnn, repost = seeds_library
    out = run_cli("--library", str(lib), "compare", str(cnn), str(repost)).stdout
    assert "In both" in out and "Only in B" in out and "Fyodor Lukyanov" in out
    bad = run_cli("--library", str(lib), "compare", str(cnn), "999")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "999" in bad.stderr
    missing = run_cli("--library", str(lib), "story", "999")
    assert missing.returncode == 1 and "no story with id 999" in missing.stderr


def test_compare_text_counts_passages_in_the_singular(seeds_library) -> None:
    lib, cnn, repost = seeds_library
    proc = run_cli("--library", str(lib), "compare", str(cnn), str(repost))
    assert proc.returncode == 0, proc.stderr
    assert "\nIn both (1 passage):\n" in proc.stdout  # (it said "1 passages")
    assert re.search(r"\nOnly in A \(\d+ passages\):\n", proc.stdout)
