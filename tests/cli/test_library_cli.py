"""The library commands are a public interface: JSON shapes, exit codes, messages without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PARSE_KEYS = {
    "source", "format", "title", "published", "authors", "site", "tags", "url", "body",
    "quotes", "comments", "comments_claimed", "warnings", "record",
}


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=300,
        env=env,
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, request) -> tuple[Path, Path]:
    """A library holding the two seed articles, a JSON Lines dump and one bad file."""
    base = tmp_path_factory.mktemp("cli")
    src = base / "src"
    src.mkdir()
    seeds = Path(__file__).resolve().parents[2] / "resources" / "sample"
    for seed in sorted(seeds.glob("*.txt")):
        (src / seed.name).write_bytes(seed.read_bytes())
    (src / "dump.jsonl").write_text(
        json.dumps({"title": "Egrets return", "body": "Egrets returned to the marsh, "
                    "flocking along the shore.", "author": "Ann Lee", "date": "2021-03-04",
                    "tags": ["birds"]}) + "\n"
        + json.dumps({"title": "Heron census", "body": "The heron census was finished.",
                      "date": "2020-01-01"}) + "\n",
        encoding="utf-8")
    (src / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    lib = base / "lib"
    proc = run_cli("--library", str(lib), "import", str(src))
    return lib, src, proc  # type: ignore[return-value]


def test_import_prints_a_summary_with_reasons_and_fails_for_bad_files(imported) -> None:
    lib, src, proc = imported
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:4] == ["imported: 4", "updated: 0", "unchanged: 0", "failed: 1"]
    assert str(src / "photo.png") in lines[4] and "PNG" in lines[4]
    assert "Traceback" not in proc.stderr


def test_reimport_reports_unchanged_as_json(imported) -> None:
    lib, src, _ = imported
    proc = run_cli("--library", str(lib), "import", str(src / "dump.jsonl"), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"imported": 0, "updated": 0, "unchanged": 2,
                                       "failed": [], "cancelled": False}


def test_list_json_shape_newest_first(imported) -> None:
    lib, _, _ = imported
    proc = run_cli("--library", str(lib), "list", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 4
    for row in rows:
        assert {"id", "title", "published", "site"} <= set(row)
    dated = [r["published"] for r in rows if r["published"]]
    assert dated == sorted(dated, reverse=True)
    assert "Egrets return" in {r["title"] for r in rows}


def test_list_site_and_tag_filters_match_in_any_case(imported) -> None:
    """As --label, --collection and site: in a search do: "--site cnn" printed nothing."""
    lib, _, _ = imported

    def listed(*args: str) -> list[int]:
        proc = run_cli("--library", str(lib), "list", "--json", *args)
        assert proc.returncode == 0, proc.stderr
        return [r["id"] for r in json.loads(proc.stdout)]

    cnn = listed("--site", "CNN")
    assert len(cnn) == 1
    assert listed("--site", "cnn") == cnn and listed("--tag", "SYRIA") == cnn
    assert listed("--site", "cnn", "--tag", "syria") == cnn
    assert listed("--tag", "BIRDS") == listed("--tag", "birds") != []
    assert listed("--site", "cnn", "--tag", "birds") == []


def test_show_json_is_the_parse_object_plus_id(imported) -> None:
    lib, src, _ = imported
    rows = json.loads(run_cli("--library", str(lib), "list", "--json").stdout)
    egrets = next(r for r in rows if r["title"] == "Egrets return")
    proc = run_cli("--library", str(lib), "show", str(egrets["id"]), "--json")
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert PARSE_KEYS | {"id"} <= set(obj)
    assert obj["id"] == egrets["id"]
    assert obj["authors"] == ["Ann Lee"] and obj["tags"] == ["birds"]
    assert obj["body"].startswith("Egrets returned")
    seed = next(r for r in rows if r["site"] == "CNN")
    shown = json.loads(run_cli("--library", str(lib), "show", str(seed["id"]), "--json").stdout)
    parsed = json.loads(run_cli("parse", shown["source"], "--json").stdout)
    assert {k: v for k, v in shown.items() if k != "id"} == parsed  # same object as parse


def test_show_unknown_id_is_a_plain_error(imported) -> None:
    lib, _, _ = imported
    proc = run_cli("--library", str(lib), "show", "999999")
    assert proc.returncode == 2
    assert "999999" in proc.stderr and "Traceback" not in proc.stderr


TOO_LARGE = str(2**64)  # past SQLite's 64-bit integers


@pytest.mark.parametrize("args", [
    ["show", TOO_LARGE], ["delete", TOO_LARGE], ["story", TOO_LARGE],
    ["story", "--article", TOO_LARGE], ["compare", "1", TOO_LARGE],
    ["annotate", TOO_LARGE, "--quote", "Assad"], ["annotate", "--delete", TOO_LARGE],
    ["annotations", TOO_LARGE], ["label", TOO_LARGE, "--add", "x"], ["mark", TOO_LARGE, "--read"],
    ["collection", "c", "--add", TOO_LARGE],
])
def test_an_id_too_large_for_sqlite_is_a_plain_error(imported, args: list[str]) -> None:
    """It printed sqlite3's OverflowError with a traceback (status 1)."""
    lib, _, _ = imported
    proc = run_cli("--library", str(lib), *args)
    assert proc.returncode == 2
    assert f"'{TOO_LARGE}' is too large to be an id" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [["list", "--json"], ["speakers", "--json"],
                                  ["stories", "--json", "--min-size", "1"]])
def test_limits_past_sqlite_mean_all_and_negative_ones_are_refused(imported, args) -> None:
    lib, _, _ = imported
    everything = json.loads(run_cli("--library", str(lib), *args).stdout)
    assert everything
    huge = run_cli("--library", str(lib), *args, "--limit", TOO_LARGE)
    assert huge.returncode == 0, huge.stderr  # (stories: an OverflowError traceback)
    assert json.loads(huge.stdout) == everything
    negative = run_cli("--library", str(lib), *args, "--limit", "-1")
    # (speakers left out its last speaker, list printed nothing, search gave one match)
    assert negative.returncode == 2 and "'-1' is negative" in negative.stderr
    assert negative.stdout == ""


def test_search_json_shape_and_stemming(imported) -> None:
    lib, _, _ = imported
    proc = run_cli("--library", str(lib), "search", "flock", "--json")
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)
    assert [h["title"] for h in hits] == ["Egrets return"]  # "flock" finds "flocking"
    assert {"id", "title", "published", "site", "score", "snippet"} <= set(hits[0])
    assert '<b class="match">' in hits[0]["snippet"]


def test_search_limit_zero_gives_the_count_alone(imported) -> None:
    """--limit 0 showed one match (the index is asked for at least one)."""
    lib, _, _ = imported
    proc = run_cli("--library", str(lib), "search", "egrets OR heron", "--limit", "0", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
    text = run_cli("--library", str(lib), "search", "egrets OR heron", "--limit", "0").stdout
    assert text == "(0 of 2 matches; --limit shows more)\n"


def test_a_leading_minus_excludes_a_word_without_quoting_the_query(imported) -> None:
    """The README's "ceasefire -obama", typed as separate words: argparse refused the excluded
    word as an unknown option ("unrecognized arguments: -obama", status 2)."""
    lib, _, _ = imported

    def titles(*words: str) -> list[str]:
        proc = run_cli("--library", str(lib), "search", *words, "--json")
        assert proc.returncode == 0, proc.stderr
        return [h["title"] for h in json.loads(proc.stdout)]

    assert titles("egrets OR heron") == titles("egrets", "OR", "heron") and len(titles("egrets OR heron")) == 2
    assert titles("egrets", "OR", "heron", "-census") == ["Egrets return"]
    assert titles("-egrets", "heron") == ["Heron census"]
    typo = run_cli("--library", str(lib), "search", "heron", "--jsn")  # an option is still checked
    assert typo.returncode == 2 and "unrecognized arguments: --jsn" in typo.stderr


@pytest.mark.parametrize("query", ['"unbalanced', "title:", "((", "AND", "NOT", "nofield:x*",
                                   "x" * 5000])
def test_malformed_queries_never_print_a_traceback(imported, query: str) -> None:
    lib, _, _ = imported
    proc = run_cli("--library", str(lib), "search", query, "--json")
    assert proc.returncode == 0, proc.stderr
    assert isinstance(json.loads(proc.stdout), list)
    assert "Traceback" not in proc.stderr


def test_check_json_shape(imported) -> None:
    lib, _, _ = imported
    proc = run_cli("--library", str(lib), "check", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"articles": 4, "indexed": 4, "repaired": 0,
                                       "problems": []}


def test_speakers_json_lists_the_seed_speakers(imported) -> None:
    lib, _, _ = imported
    proc = run_cli("--library", str(lib), "speakers", "--json")
    assert proc.returncode == 0, proc.stderr
    speakers = json.loads(proc.stdout)
    for s in speakers:
        assert set(s) == {"name", "quotes", "articles"}
    if speakers:  # quotes come from the quotes step; when it finds any, drill down works
        name = speakers[0]["name"]
        quotes = json.loads(run_cli("--library", str(lib), "speakers", name, "--json").stdout)
        assert len(quotes) == speakers[0]["quotes"]


def test_a_speaker_named_in_another_case_is_found(imported) -> None:
    """"speakers 'andrew tabler'" said "no quotes by andrew tabler" (status 1)."""
    lib, _, _ = imported
    speakers = json.loads(run_cli("--library", str(lib), "speakers", "--json").stdout)
    name = next(s["name"] for s in speakers if s["name"] != s["name"].lower())
    exact = json.loads(run_cli("--library", str(lib), "speakers", name, "--json").stdout)
    assert exact
    lower = run_cli("--library", str(lib), "speakers", name.lower(), "--json")
    assert lower.returncode == 0 and json.loads(lower.stdout) == exact
    text = run_cli("--library", str(lib), "speakers", name.upper())
    assert text.returncode == 0 and f"— {name}" in text.stdout


def test_delete_reindex_and_check_after_index_loss(tmp_path: Path, imported) -> None:
    _, src, _ = imported
    lib = tmp_path / "lib"
    run_cli("--library", str(lib), "import", str(src / "dump.jsonl"))
    ids = [r["id"] for r in json.loads(run_cli("--library", str(lib), "list", "--json").stdout)]
    proc = run_cli("--library", str(lib), "delete", str(ids[0]), "--json")
    assert json.loads(proc.stdout) == {"deleted": 1}
    proc = run_cli("--library", str(lib), "reindex", "--json")
    assert json.loads(proc.stdout) == {"indexed": 1}
    for f in (lib / "index").iterdir():  # every segment file (the index keeps them separate)
        if f.is_file() and not f.name.startswith(".") and f.suffix not in (".toc", ".json") \
                and "LOCK" not in f.name:
            f.unlink()
    proc = run_cli("--library", str(lib), "check", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert (report["articles"], report["indexed"], report["repaired"]) == (1, 0, 1)
    assert report["problems"] and "rebuilt" in report["problems"][0]


def test_output_in_a_code_page_without_the_article_s_script(tmp_path: Path) -> None:
    """``list > out.txt`` on Windows writes in the locale's code page (cp1252): a Chinese title
    ended every command with UnicodeEncodeError. JSON now has \\u escapes (the same values),
    text has "?" where the code page lacks the character."""
    article = tmp_path / "zh.txt"
    title = "中国经济增长放缓"
    article.write_text(f"{title}\n\n国家统计局周一公布的数据显示，第三季度经济增长率为百分之六。\n",
                       encoding="utf-8")
    lib = tmp_path / "lib"
    env = dict(os.environ, PYTHONIOENCODING="cp1252")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True,
                              timeout=300, env=env)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        return subprocess.CompletedProcess(proc.args, 0, proc.stdout.decode("cp1252"), "")

    assert json.loads(run("parse", str(article), "--json").stdout)["title"] == title
    run("--library", str(lib), "import", str(article))
    [row] = json.loads(run("--library", str(lib), "list", "--json").stdout)
    assert row["title"] == title
    assert json.loads(run("--library", str(lib), "show", str(row["id"]), "--json").stdout)["title"] == title
    assert run("--library", str(lib), "list").stdout.rstrip().endswith("?" * len(title))


@pytest.mark.parametrize("args", [["import", ""], ["parse", ""], ["export", "1", "--pdf", ""],
                                  ["export", "1", "--each", ""], ["backup", ""], ["restore", ""],
                                  ["compare", "1", "2", "--pdf", ""],
                                  ["annotations", "--format", "csv", "--output", ""],
                                  ["--library", "", "import", "stray.txt"]])
def test_an_empty_path_is_refused(tmp_path: Path, args: list[str]) -> None:
    """'import "$DIR"' with DIR unset imported everything below the working folder (pathlib
    reads "" as "."); 'export --pdf ""' and '--each ""' ended in tracebacks."""
    (tmp_path / "stray.txt").write_text("A stray file\n\nIt was never meant to be imported.\n")
    lib = tmp_path / "lib"
    if args[0] != "--library":
        args = ["--library", str(lib), *args]
    # (--library "" was the default library, the user's own: here the environment's)
    env = dict(os.environ, ARTICLE_READER_LIBRARY=str(lib))
    proc = subprocess.run([sys.executable, "-m", "reader", *args],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert proc.returncode == 2
    assert "an empty path" in proc.stderr and "Traceback" not in proc.stderr
    assert not lib.exists()


def test_library_from_environment_and_damaged_database_message(tmp_path: Path) -> None:
    lib = tmp_path / "envlib"
    lib.mkdir()
    (lib / "library.sqlite3").write_bytes(b"garbage, not a database" * 10)
    env = dict(os.environ, ARTICLE_READER_LIBRARY=str(lib))
    proc = run_cli("list", env=env)
    assert proc.returncode == 2
    assert str(lib / "library.sqlite3") in proc.stderr and "damaged" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (lib / "library.sqlite3").read_bytes() == b"garbage, not a database" * 10


def test_commands_on_a_missing_library_say_so(tmp_path: Path) -> None:
    proc = run_cli("--library", str(tmp_path / "none"), "list")
    assert proc.returncode == 2 and "no library" in proc.stderr
    assert not (tmp_path / "none").exists()
