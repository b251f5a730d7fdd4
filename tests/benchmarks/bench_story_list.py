"""Benchmark: the article list grouped by story at 100,000 articles (issue 14).

    python tests/benchmarks/bench_story_list.py [ARTICLES]

A real library whose ``articles``, ``stories`` and ``story_members`` tables hold
ARTICLES articles (default 100,000) in stories of 1 to 8 articles, written
straight into SQLite (an import of that size takes an hour here). Measured in a
real side panel (offscreen unless a display is set): the plain list shown and
painted, View > Group Articles by Story switched on (the one-query article ->
story map, the grouping, the first screen painted), a jump to the middle, and a
re-read as a filter change does it. Wall and CPU time (``time.process_time``)
with the load average: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SITES = ["cnn.com", "bbc.co.uk", "haaretz.com", "reuters.com", "apnews.com", "aljazeera.com", "lemonde.fr"]
WORDS = "minister president officials said letters asylum talks border city council bridge storm market".split()


def fill(lib, n: int) -> int:
    """n articles in stories of 1-8 articles a few days apart; returns how many stories."""
    rnd = random.Random(14)
    articles, stories, members = [], [], []
    aid, sid = 0, 0
    while aid < n:
        sid += 1
        size = min(n - aid, rnd.choice((1, 1, 1, 2, 2, 3, 5, 8)))
        day = f"20{rnd.randint(10, 23):02d}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 25):02d}"
        title = " ".join(rnd.choice(WORDS) for _ in range(8)).capitalize()
        ids = list(range(aid + 1, aid + size + 1))
        sites = rnd.sample(SITES, min(size, len(SITES)))
        for k, a in enumerate(ids):
            pub = f"{day[:-2]}{int(day[-2:]) + k % 3:02d}T{rnd.randint(0, 23):02d}:00:00"
            articles.append((a, f"bench/{a}.txt", f"h{a}", "text", f"{title} ({k + 1})", pub, pub,
                             sites[k % len(sites)], "{}", pub, pub, a))
            members.append((a, sid))
        stories.append((sid, title, size, day, day, day, json.dumps(sites), json.dumps(ids)))
        aid += size
    with lib._store.transaction() as conn:
        conn.executemany(
            "INSERT INTO articles (id, source, content_hash, format, title, published, published_sort, site, data,"
            " imported_at, updated_at, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", articles)
        conn.executemany(
            "INSERT INTO stories (id, title, size, first, last, last_sort, sites, articles) VALUES (?,?,?,?,?,?,?,?)",
            stories)
        conn.executemany("INSERT INTO story_members (article_id, story_id) VALUES (?,?)", members)
    return sid


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, (time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("articles", nargs="?", type=int, default=100_000)
    args = ap.parse_args()

    from PySide6.QtWidgets import QApplication

    from reader.gui.models.article_list import ArticleListModel
    from reader.gui.widgets.side_panel import SidePanel
    from reader.library import Library

    app = QApplication(sys.argv)
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores shared)")
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "lib", create=True)
        n_stories, ms, _ = timed(lambda: fill(lib, args.articles))
        print(f"library filled: {args.articles:,} articles in {n_stories:,} stories, {ms / 1000:.1f} s")
        model = ArticleListModel(lib)
        panel = SidePanel(model)
        panel.resize(380, 760)

        def step(label: str, fn) -> None:
            def run():
                fn()
                panel.list_view.viewport().repaint()
                app.processEvents()

            _, ms, cpu = timed(run)
            print(f"{label}: {ms:.0f} ms wall, {cpu:.0f} ms CPU ({model.rowCount():,} rows)")

        ids, ms, cpu = timed(lambda: lib.article_ids())
        print(f"article ids, newest first (one query): {ms:.0f} ms wall, {cpu:.0f} ms CPU")
        step("plain list shown and painted", lambda: (model.set_ids(ids), panel.show(), panel.select_row(0)))
        step("group by story switched on, first screen painted",
             lambda: (model.set_group_by_story(True), panel.select_row(0)))
        step("jump to the middle", lambda: panel.select_row(model.rowCount() // 2))
        step("re-read grouped (a filter change)", lambda: (model.set_ids(ids), panel.select_row(0)))
        _, ms, cpu = timed(lib.shared_stories)
        print(f"  of which the article -> story map, unchanged since the last read (a count over an index): {ms:.0f} ms wall, {cpu:.0f} ms CPU")
        step("group by story switched off", lambda: (model.set_group_by_story(False), panel.select_row(0)))
        panel.close()
        lib.close()


if __name__ == "__main__":
    main()
