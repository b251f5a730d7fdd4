"""Benchmark: the Stories view and the side-by-side comparison on big inputs.

    python tests/benchmarks/bench_stories_gui.py [STORIES] [--words N]

1. Stories view: a real library whose ``stories`` table holds STORIES rows
   (default 100,000: more stories than a 100,000-article library has, since
   most stories hold several articles), written straight into SQLite so the
   benchmark does not spend an hour importing. Measured: building the view
   (one id query), showing it and painting the first screen of rows, then
   switching the sort (target: opens in <= 500 ms, issue 14).
2. Side by side: two synthetic articles of N words (default 2,000) sharing
   half their paragraphs, some reworded: the core's comparison, then the
   view laying out both panes with their tints and anchors.

Wall and CPU time (``time.process_time``) are printed with the load average:
the machine is shared.
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


def fill_stories(lib, n: int) -> None:
    rnd = random.Random(14)
    rows = []
    for i in range(1, n + 1):
        size = rnd.choice((1, 1, 1, 2, 2, 3, 5, 8))
        day = f"20{rnd.randint(10, 23):02d}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        title = " ".join(rnd.choice(WORDS) for _ in range(8)).capitalize()
        sites = rnd.sample(SITES, min(size, len(SITES)))
        rows.append((i, title, size, day, day, day, json.dumps(sites), json.dumps(list(range(i * 10, i * 10 + size)))))
    with lib._store.transaction() as conn:
        conn.executemany(
            "INSERT INTO stories (id, title, size, first, last, last_sort, sites, articles) VALUES (?,?,?,?,?,?,?,?)", rows
        )


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, (time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000


def synthetic_pair(words: int) -> tuple:
    from reader.model import Article

    rnd = random.Random(3)
    vocab = [f"{w}{k}" for w in WORDS for k in range(40)]

    def para() -> str:
        return " ".join(rnd.choice(vocab) for _ in range(40)).capitalize() + "."

    n = words // 40
    shared = [para() for _ in range(n // 2)]
    a_paras, b_paras = [], []
    for i, p in enumerate(shared):
        a_paras += [p, para()]
        q = p.split()
        if i % 3 == 0:
            q[5], q[17] = "reworded", "differently"
        b_paras += [" ".join(q), para()]
    a = Article(source="a", format="text", title="A", body="\n\n".join(a_paras), site="a.example")
    b = Article(source="b", format="text", title="B", body="\n\n".join(b_paras), site="b.example")
    return a, b


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("stories", nargs="?", type=int, default=100_000)
    ap.add_argument("--words", type=int, default=2000)
    args = ap.parse_args()

    from PySide6.QtWidgets import QApplication

    from reader.compare import compare_articles
    from reader.gui.widgets.compare_view import CompareView
    from reader.gui.widgets.stories_view import StoriesView
    from reader.library import Library
    from reader.render_compare import from_comparison

    app = QApplication(sys.argv)
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores shared)")
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "lib", create=True)
        _, ms, _ = timed(lambda: fill_stories(lib, args.stories))
        print(f"stories table filled: {args.stories:,} rows in {ms / 1000:.1f} s")

        def open_view():
            v = StoriesView(lib)
            v.resize(480, 700)
            v.show()
            v.table.viewport().repaint()
            app.processEvents()
            return v

        view, ms, cpu = timed(open_view)
        print(f"stories view open ({view.model.rowCount():,} stories of 2+ articles listed, first screen painted): "
              f"{ms:.0f} ms wall, {cpu:.0f} ms CPU  (target <= 500 ms)")

        def singles():
            view.singles.setChecked(True)
            view.table.viewport().repaint()
            app.processEvents()

        _, ms, cpu = timed(singles)
        print(f"single-article stories too ({view.model.rowCount():,} listed): {ms:.0f} ms wall, {cpu:.0f} ms CPU")

        def resort():
            view.set_sort("recent")
            view.table.viewport().repaint()
            app.processEvents()

        _, ms, cpu = timed(resort)
        print(f"re-sort by recency: {ms:.0f} ms wall, {cpu:.0f} ms CPU")
        view.close()
        lib.close()

    a, b = synthetic_pair(args.words)
    comp, ms, cpu = timed(lambda: compare_articles(a, b))
    print(f"compare two {len(a.body.split()):,}/{len(b.body.split()):,}-word articles (core): "
          f"{ms:.0f} ms wall, {cpu:.0f} ms CPU  (target <= 300 ms); "
          f"{len(comp.shared)} shared passages, {len(comp.only_a)} only in A")
    data = from_comparison(comp)
    cv = CompareView()
    cv.resize(1200, 800)
    cv.show()

    def show():
        cv.set_comparison(1, a, 2, b, data)
        cv.positions("a")
        cv.positions("b")
        app.processEvents()

    _, ms, cpu = timed(show)
    print(f"side-by-side view laid out with tints and anchors: {ms:.0f} ms wall, {cpu:.0f} ms CPU; "
          f"{len(cv.diffs)} differences")
    _, ms, cpu = timed(lambda: [cv.pane_a.browser.verticalScrollBar().setValue(v) for v in range(0, 5000, 50)])
    print(f"synchronised scrolling: {ms / 100:.2f} ms per scroll step (100 steps)")


if __name__ == "__main__":
    main()
