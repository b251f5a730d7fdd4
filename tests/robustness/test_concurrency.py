"""The CLI importing while the window has the library open for reading.

The window keeps one ``Library`` open for hours; a CLI import in another
process writes to the same folder. While it runs, the reader must only ever
see whole articles and a list that agrees with itself; afterwards its searches
must find the new articles without reopening, and the library must check clean.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.library import Library

WORDS = ("minister said the plan would cut costs across the region while critics warned "
         "of delays in hospitals schools and transport budgets").split()


def write_articles(folder: Path, prefix: str, n: int) -> dict[str, str]:
    """Files whose body names their own title's marker, so a torn read would show."""
    folder.mkdir(parents=True, exist_ok=True)
    bodies = {}
    for i in range(n):
        title = f"{prefix.title()} article {i}"
        body = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(120)) + f" marker {prefix}{i}x."
        (folder / f"{prefix}{i:03}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        bodies[title] = body
    return bodies


@pytest.mark.slow
def test_reader_sees_consistent_data_during_a_cli_import_and_the_new_articles_after(
    tmp_path: Path,
) -> None:
    old = write_articles(tmp_path / "old", "old", 20)
    new = write_articles(tmp_path / "new", "new", 150)
    bodies = {**old, **new}
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        assert len(lib.import_paths([tmp_path / "old"]).imported) == 20

    with Library.open(root) as reader:  # as the window holds it
        assert reader.search("old3x").total == 1
        assert reader.search("new3x").total == 0  # searched once: a searcher is cached
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", "--library", str(root), "import",
             str(tmp_path / "new")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        counts, totals, rounds = [], [], 0
        try:
            while proc.poll() is None or rounds < 3:
                rounds += 1
                ids = reader.article_ids()
                rows = reader.rows(ids)
                assert [r.id for r in rows] == ids  # the list agrees with itself
                counts.append(len(ids))
                for row in rows[:: max(1, len(rows) // 15)]:
                    article = reader.get(row.id)
                    assert article.title == row.title
                    assert article.body == bodies[row.title]  # whole articles only
                res = reader.search("minister", limit=5)
                assert all(h.id in set(ids) or reader.get(h.id) for h in res.hits)
                totals.append(res.total)
                time.sleep(0.05)
        finally:
            out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        assert counts == sorted(counts), "the article count went backwards"
        assert totals == sorted(totals), "search totals went backwards"

        # Later searches see the new articles: no reopening, no restart.
        assert reader.count() == 170
        assert [h.title for h in reader.search("new123x").hits] == ["New article 123"]
        assert reader.search("minister", limit=1).total == 170
        assert reader.check(repair=False).problems == []

    with Library.open(root) as again:
        assert again.count() == 170 and again.check(repair=False).problems == []
