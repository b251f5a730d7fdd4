"""Stories benchmark: the stories list of a large library, and joining stories at that size.

Target (issue 14): the stories view of a 100,000-article library opens in <= 500 ms.

    python tests/benchmarks/bench_stories.py [N] [--joins 200]

Builds a library of N articles (default 100,000) quickly: article rows and
story signatures are written in bulk (synthetic news-like words with a Zipf
distribution, topics shared by bursts of articles on nearby days), and the
stories are decided by the real incremental join (``reader.library.stories``)
for the last ``--joins`` articles only, the rest being placed in stories of
1-12 articles directly. Then it times, through ``Library``:
``list_stories`` by size and by recency (all stories and >= 2 articles),
``story_of`` + ``story``, and the join of one more article (the import's story
step) at that size. Prints wall and CPU time; run on a quiet machine if you can.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from reader.library import Library  # noqa: E402
from reader.library import stories as story_tables  # noqa: E402
from reader.stories.features import Signature, signature_of  # noqa: E402

TARGET_MS = 500.0


def vocabulary(rnd: random.Random, n: int = 20000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rnd.choice(letters) for _ in range(rnd.randint(4, 9))) for _ in range(n)]


def build(root: Path, n: int, joins: int) -> Library:
    rnd = random.Random(14)
    vocab = vocabulary(rnd)
    names = [w.capitalize() for w in vocab[:3000]]
    lib = Library.open(root)
    store = lib._store
    topic: list[str] = []
    t0 = time.perf_counter()
    with store.transaction() as conn:
        story_id = 0
        left = 0
        rows, sigs, keys, members, stories = [], [], [], [], []
        for i in range(1, n - joins + 1):
            if left == 0:
                topic = [rnd.choice(vocab[:5000]) for _ in range(6)] + [rnd.choice(names) for _ in range(3)]
                left = rnd.choice([1, 1, 1, 1, 2, 2, 3, 4, 6, 12])
                story_id += 1
                stories.append([story_id, [], set(), None, None, ""])
            left -= 1
            day = 10957 + i * 3650 // n
            date = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(day * 86400 + rnd.randint(0, 86399)))
            words = topic + [vocab[min(int(rnd.paretovariate(1.1)) * 7, len(vocab) - 1)]
                             for _ in range(60)]
            title = " ".join(rnd.sample(topic, 5)).capitalize()
            body = " ".join(words)
            site = f"site{rnd.randint(1, 300)}.example"
            rows.append((f"/bench/{i}.txt", f"h{i}", "text", title, date, date, site, body, "{}",
                         "t", "t", 1))
            # A signature like signature_of() makes, without parsing text (the build stays quick).
            sig = Signature(day=day, title=sorted(set(title.lower().split())),
                            terms={w: 1.0 + (w in topic) for w in words[:60]},
                            names=[n.lower() for n in topic[6:]],
                            sketch=sorted(rnd.getrandbits(32) for _ in range(64)), words=len(words))
            sigs.append((i, sig.day, json.dumps(sig.to_json())))
            keys.extend((k, i) for k in sig.keys())
            members.append((i, story_id, 1.0, None))
            s = stories[-1]
            s[1].append(i)
            s[2].add(site)
            s[3] = s[3] or date
            s[4] = date
            s[5] = title
        conn.executemany(
            "INSERT INTO articles(id, source, content_hash, format, title, published, "
            "published_sort, site, body, data, imported_at, updated_at, seq) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [(k + 1, *r) for k, r in enumerate(rows)])
        conn.executemany("INSERT INTO story_signatures(article_id, day, signature) VALUES (?,?,?)", sigs)
        conn.executemany("INSERT OR IGNORE INTO story_keys(key, article_id) VALUES (?,?)", keys)
        conn.executemany("INSERT INTO story_members(article_id, story_id, score, copy_of) "
                         "VALUES (?,?,?,?)", members)
        conn.executemany(
            "INSERT INTO stories(id, title, size, first, last, last_sort, sites, articles, "
            "first_report) VALUES (?,?,?,?,?,?,?,?,?)",
            [(s[0], s[5], len(s[1]), s[3], s[4], s[4], json.dumps(sorted(s[2])), json.dumps(s[1]),
              s[1][0]) for s in stories])
    print(f"built {n - joins} articles in {len(stories)} stories in {time.perf_counter() - t0:.1f} s")
    # The last articles join through the real incremental step, timed.
    times = []
    with store.transaction() as conn:
        for i in range(n - joins + 1, n + 1):
            src = rnd.randint(1, n - joins)
            title, body, date = conn.execute(
                "SELECT title, body, published FROM articles WHERE id = ?", (src,)).fetchone()
            conn.execute(
                "INSERT INTO articles(id, source, content_hash, format, title, published, "
                "published_sort, site, body, data, imported_at, updated_at, seq) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (i, f"/bench/{i}.txt", f"h{i}", "text", title, date, date, "copy.example", body,
                 "{}", "t", "t", 1))
            sig = json.dumps(signature_of(title, body, date).to_json())
            c0 = time.process_time()
            story_tables.assign(conn, i, sig)
            times.append((time.process_time() - c0) * 1000)
    print(f"joining one article at {n} articles (the import's story step, {joins} joins): "
          f"median {statistics.median(times):.1f} ms CPU, max {max(times):.1f} ms")
    return lib


def timed(label: str, fn, runs: int = 5) -> float:
    walls, cpus = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append((time.perf_counter() - w0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    size = f" ({len(out)} stories)" if isinstance(out, list) else ""
    print(f"  {label:40} {statistics.median(walls):7.1f} ms wall {statistics.median(cpus):7.1f} ms CPU{size}")
    return statistics.median(cpus)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--joins", type=int, default=200)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-stories-"))
    try:
        lib = build(root / "lib", args.n, args.joins)
        print(f"library: {lib.count()} articles; load {os.getloadavg()[0]:.1f}")
        worst = max(
            timed("list_stories(sort='size')", lambda: lib.list_stories(sort="size")),
            timed("list_stories(sort='recent')", lambda: lib.list_stories(sort="recent")),
            timed("list_stories(min_size=2)", lambda: lib.list_stories(min_size=2)),
        )
        timed("story_of + story", lambda: lib.story(lib.story_of(args.n // 2) or 0))
        print(f"stories list: worst median {worst:.0f} ms CPU; target <= {TARGET_MS:.0f} ms: "
              f"{'met' if worst <= TARGET_MS else 'NOT met'}")
        lib.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
