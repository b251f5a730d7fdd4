"""Comment files of their own, through `import` then `show --json` / `search`: attached to
their article in the same import or later, waiting when the article is not there yet, two
scrapes merged without duplicates, nesting kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.containers.conftest import (
    FERRY_URL,
    FIXTURES,
    HERON_URL,
    json_lines,
    run_cli,
)

SFU_MINI = FIXTURES / "sfu_mini"


def _flat(comments: list[dict], depth: int = 0) -> list[tuple[int, str | None, str]]:
    out = []
    for c in comments:
        out.append((depth, c["author"], c["text"]))
        out.extend(_flat(c["replies"], depth + 1))
    return out


def _shown(lib: Path) -> dict[str, dict]:
    rows = json.loads(run_cli("--library", str(lib), "list", "--json").stdout)
    shown = [json.loads(run_cli("--library", str(lib), "show", str(r["id"]), "--json").stdout) for r in rows]
    return {s["title"]: s | {"id": r["id"]} for s, r in zip(shown, rows)}


EXPECTED_7001 = [
    (0, "Rotary", "Tolls pay for the dredging.\n\nSomeone has to."),
    (1, "Jimbo5", "The clubs do pay already, through their lease."),
    (2, "Rotary", "Their lease has not changed since 1998."),
    (0, "SeaDog", "Across the bay it's half the price & twice the space."),
    (0, "Harbourmaster", "The dredging contract was signed in January."),
    (0, "Jimbo5", "Yes."),
    (0, "Jimbo5", "Yes."),
]


def test_sfu_layout_threads_attach_to_their_article_in_one_import(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(SFU_MINI))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "waiting" not in proc.stdout
    shown = _shown(lib)
    harbour = shown["Harbour tolls to double"]
    # both scrapes, each comment once, at its depth in the thread with the full structure
    assert _flat(harbour["comments"]) == EXPECTED_7001
    assert shown["Lighthouse reopens to visitors"]["comments"] == []
    rows = {r["title"]: r for r in json.loads(run_cli("--library", str(lib), "list", "--json").stdout)}
    assert rows["Harbour tolls to double"]["comment_count"] == 7
    # the comments are searchable on their article
    found = json.loads(run_cli("--library", str(lib), "search", "comments:dredging", "--json").stdout)
    hits = found["results"] if isinstance(found, dict) else found
    assert [h["id"] for h in hits] == [harbour["id"]]


def test_a_thread_waits_for_its_article_and_is_not_doubled(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    src = tmp_path / "src"
    shutil.copytree(SFU_MINI, src)
    proc = run_cli("--library", str(lib), "import", str(src / "comments"), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["imported"] == 0
    assert report["waiting"] == [{"path": str(src / "comments" / "article_7001_comments.json"),
                                  "article": "article 7001"}]
    assert json.loads(run_cli("--library", str(lib), "list", "--json").stdout) == []
    # the article arrives: its waiting comments come with it
    proc = run_cli("--library", str(lib), "import", str(src / "articles"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    harbour = _shown(lib)["Harbour tolls to double"]
    assert len(_flat(harbour["comments"])) == 6
    # the same thread again, and the second scrape: no comment twice
    again = json.loads(run_cli("--library", str(lib), "import", str(src / "comments"), "--json").stdout)
    assert again["unchanged"] == 1 and again["updated"] == 0
    run_cli("--library", str(lib), "import", str(src / "comment_reactions"))
    # (the new comment of the second scrape comes last: the order of arrival)
    assert sorted(_flat(_shown(lib)["Harbour tolls to double"]["comments"])) == sorted(EXPECTED_7001)
    # deleting the article sends its comments back to waiting; importing it brings them back
    run_cli("--library", str(lib), "delete", str(harbour["id"]))
    run_cli("--library", str(lib), "import", str(src / "articles" / "article_7001.json"))
    assert sorted(_flat(_shown(lib)["Harbour tolls to double"]["comments"])) == sorted(EXPECTED_7001)


def test_parse_says_a_comment_file_is_not_an_article(tmp_path: Path) -> None:
    proc = run_cli("parse", str(SFU_MINI / "comments" / "article_7001_comments.json"), "--json")
    assert proc.returncode == 1
    (line,) = json_lines(proc.stdout)
    assert "only reader comments (6, for article 7001)" in line["error"]


def test_disqus_export_attaches_by_page_link(tmp_path: Path, warc_gz_file: Path) -> None:
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(warc_gz_file), str(FIXTURES / "disqus.xml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    by_url = {s["url"]: s for s in _shown(lib).values()}
    # www. and a trailing slash in the export, a tracking parameter in the crawl: same pages
    assert _flat(by_url[HERON_URL]["comments"]) == [
        (0, "Jonas", "Wonderful news for the marsh.\n\nWell done, volunteers!"),
        (1, "Ebba N.", "Eleven nests is more than I hoped for."),
    ]  # the spam and the deleted post are left out
    assert by_url[HERON_URL]["comments"][0]["published"].startswith("2021-04-12T10:00:00")
    assert _flat(by_url[FERRY_URL]["comments"]) == [
        (0, "Islander", "Ninety-six crowns for a return is too much in winter.")]


def test_thread_records_naming_the_article_url(tmp_path: Path) -> None:
    """A flat JSON Lines scrape: one comment per line, with the page URL and parent ids."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIXTURES / "heron.html", src / "heron.html")
    lines = [
        {"id": 1, "article_url": HERON_URL + "?utm_source=x", "author": "Ann", "text": "Lovely birds.",
         "created_at": "2021-04-12T12:00:00Z"},
        {"id": 2, "parent_id": 1, "article_url": HERON_URL, "author": "Bo", "text": "They are herons."},
        {"id": 3, "parent_id": 2, "article_url": HERON_URL, "author": "Ann", "text": "I know!"},
    ]
    (src / "scrape.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(src))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (heron,) = _shown(lib).values()
    assert _flat(heron["comments"]) == [(0, "Ann", "Lovely birds."), (1, "Bo", "They are herons."),
                                        (2, "Ann", "I know!")]


BOT = "Wonderful information, I will share it with my friends on every social network I use."


def test_comments_from_a_comment_file_count_as_copies_across_articles(tmp_path: Path) -> None:
    """The copied-comment spam signal sees comments that came in a file of their own."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "park.json").write_text(json.dumps({
        "title": "News about the park", "url": "https://news.example/park",
        "body": "The council met on Tuesday to discuss the park. Residents spoke for hours.",
        "comments": [{"author": "Ann", "text": BOT}]}))
    (src / "bridge.json").write_text(json.dumps({
        "title": "News about the bridge", "url": "https://news.example/bridge",
        "body": "The council met on Tuesday to discuss the bridge. Residents spoke for hours."}))
    lib = tmp_path / "lib"
    assert run_cli("--library", str(lib), "import", str(src)).returncode == 0
    shown = _shown(lib)
    assert shown["News about the park"]["comments"][0]["spam"] is False  # one article holds it
    thread = tmp_path / "bridge-comments.jsonl"
    thread.write_text(json.dumps({"id": 1, "article_url": "https://news.example/bridge/", "author": "Bot",
                                  "text": BOT, "parent_id": None}) + "\n"
                      + json.dumps({"id": 2, "parent_id": 1, "article_url": "https://news.example/bridge",
                                    "author": "Eva", "text": "Bots again."}) + "\n")
    proc = run_cli("--library", str(lib), "import", str(thread))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    shown = _shown(lib)
    bridge_bot = shown["News about the bridge"]["comments"][0]
    assert bridge_bot["author"] == "Bot" and bridge_bot["spam"] is True
    assert shown["News about the park"]["comments"][0]["spam"] is True  # the earlier copy too
    assert any("same text in" in r for r in bridge_bot["spam_reasons"])


def test_a_comment_table_attaches_rows_as_a_thread_not_as_articles(tmp_path: Path) -> None:
    """The SFU CSV shape: one comment per row, the article's id, the position in the thread."""
    src = tmp_path / "src"
    shutil.copytree(SFU_MINI / "articles", src / "articles")
    (src / "comments.csv").write_text(
        "id,article_id,comment_counter,comment_id,text,reactions,post_time,author,replies\r\n"
        '1,7002,source2_7002_0,11_0,"The lantern room looks splendid, well worth the climb.",{},"Mar 2, 2016",Ebba,Yes\r\n'
        "2,7002,source2_7002_0_0,12_0,Agreed: go early before the crowds.,{},\"Mar 2, 2016\",Jonas,No\r\n"
        "3,7002,source2_7002_1,13_0,Is it open in winter?,{},\"Mar 3, 2016\",Ann,No\r\n"
        "4,9999,source2_9999_0,14_0,A comment on an article that is not here.,{},\"Mar 3, 2016\",Bo,No\r\n",
        encoding="utf-8")
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(src), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["imported"] == 2  # the two articles; no row became an article
    assert [w["article"] for w in report["waiting"]] == ["article 9999"]
    lighthouse = _shown(lib)["Lighthouse reopens to visitors"]
    assert _flat(lighthouse["comments"]) == [
        (0, "Ebba", "The lantern room looks splendid, well worth the climb."),
        (1, "Jonas", "Agreed: go early before the crowds."),
        (0, "Ann", "Is it open in winter?"),
    ]
