"""Benchmark of your marks in the window: a new highlight, the library-wide view, the filters.

    python tests/benchmarks/bench_marks_gui.py [--articles N] [--annotations M] [--workdir DIR]

Builds (once, then reused) a real library of N synthetic articles imported
from a JSON Lines file, with M annotations made through the core
(``library.annotations.create``, one transaction each), half of the articles
read and a tenth starred. Then, in a real window (offscreen unless a display
is set), it measures:

- highlight: a passage selected, H's handler run, until the article view has
  painted it (median / max over 20 passages); target <= 50 ms;
- library view: All Annotations opened with M annotations until its table has
  painted; target <= 300 ms; then a filter word typed -> table repainted;
- filters: Show = Unread / Starred re-reading the list (one SQLite query,
  ``Library.article_ids(unread=True)``).

Wall and CPU time (``time.process_time``) are printed with the load average:
the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

WORDS = ["the", "minister", "said", "talks", "would", "resume", "after", "a", "week", "of", "protests", "in", "the", "capital", "while", "officials", "denied", "reports", "that", "the", "army", "had", "moved", "troops", "toward", "the", "border", "and", "analysts", "warned", "markets", "could", "fall", "if", "the", "ceasefire", "failed", "again", "before", "elections", "planned", "for", "the", "spring"]


def build(root: Path, articles: int, annotations: int) -> None:
    from reader.library import Library

    lib_dir = root / "library"
    if (root / "done").exists():
        return
    rng = random.Random(13)
    src = root / "articles.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(articles):
            paras = ["\n".join([" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90)))]) for _ in range(6)]
            f.write(json.dumps({"title": f"Story {i}: " + " ".join(rng.sample(WORDS, 5)), "body": "\n\n".join(paras),
                                "date": f"2012-{1 + i % 12:02d}-{1 + i % 28:02d}", "url": f"https://example.com/{i}"}) + "\n")
    t = time.perf_counter()
    with Library.open(lib_dir, create=True) as lib:
        lib.import_paths([str(src)])
        ids = lib.article_ids()
        print(f"imported {len(ids):,} articles in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        per = max(1, annotations // len(ids))
        made = 0
        for aid in ids:
            body = lib.get(aid).body
            for k in range(per):
                if made >= annotations:
                    break
                s = rng.randrange(0, max(1, len(body) - 80))
                s = body.find(" ", s) + 1
                lib.annotations.create(aid, start=s, end=s + 40, note=f"note {made}" if k % 3 == 0 else "",
                                       color=("yellow", "green", "blue", "pink", "purple")[k % 5])
                made += 1
        print(f"made {made:,} annotations in {time.perf_counter() - t:.1f} s")
        lib.marks.set_read(ids[::2], True)
        lib.marks.set_starred(ids[::10], True)
    (root / "done").write_text("ok")


def timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--annotations", type=int, default=10_000)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bench-marks-gui")
    args = ap.parse_args()
    root = args.workdir / f"{args.articles}-{args.annotations}"
    root.mkdir(parents=True, exist_ok=True)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(root / var.lower())
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    build(root, args.articles, args.annotations)

    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    from reader.gui.mainwindow import MainWindow
    from reader.gui.settings import Preferences
    from reader.library import Library

    app = QApplication.instance() or QApplication([])
    lib = Library.open(root / "library", create=False)
    print(f"library: {lib.count():,} articles, {lib.annotations.count():,} annotations; "
          f"load average {os.getloadavg()[0]:.1f}")
    w = MainWindow(lib, prefs=Preferences(), background_check=False)
    w.resize(1280, 820)
    w.show()
    app.processEvents()

    # -- a new highlight ---------------------------------------------------------------
    aid = lib.article_ids()[-1]
    w.side.select_id(aid)
    app.processEvents()
    body = w.view.article.body
    walls, cpus = [], []
    rng = random.Random(5)
    for _ in range(20):
        s = body.find(" ", rng.randrange(0, len(body) - 60)) + 1
        a, b = w.view.body_map().doc_range(s, s + 30)
        cur = QTextCursor(w.view.browser.document())
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        w.view.browser.setTextCursor(cur)

        def highlight() -> None:
            w.marks.highlight()
            w.view.browser.viewport().repaint()

        wall, cpu = timed(highlight)
        walls.append(wall)
        cpus.append(cpu)
    print(f"new highlight drawn: median {statistics.median(walls):.1f} ms, max {max(walls):.1f} ms "
          f"(cpu median {statistics.median(cpus):.1f} ms); target <= 50 ms")

    # -- the library-wide view ------------------------------------------------------------
    def open_view() -> None:
        w.marks.show_all_annotations()
        app.processEvents()
        w.marks.browser.table.viewport().repaint()

    wall, cpu = timed(open_view)
    print(f"All Annotations opened with {w.marks.browser.model.rowCount():,} rows: {wall:.0f} ms "
          f"(cpu {cpu:.0f} ms); target <= 300 ms")

    def filter_note() -> None:
        w.marks.browser.filter_box.setText("note 12")
        w.marks.browser._apply_filter()
        w.marks.browser.table.viewport().repaint()

    wall, cpu = timed(filter_note)
    print(f"filter 'note 12' -> {w.marks.browser.model.rowCount():,} rows: {wall:.0f} ms (cpu {cpu:.0f} ms)")

    # -- side panel filters -------------------------------------------------------------------
    show = w.side.marks_filter.show_combo
    for key in ("unread", "starred", ""):
        wall, cpu = timed(lambda k=key: show.setCurrentIndex(show.findData(k)))
        print(f"Show = {key or 'all'}: {w.model.rowCount():,} rows in {wall:.0f} ms (cpu {cpu:.0f} ms)")
    w.close()
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
