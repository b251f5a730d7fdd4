"""Search benchmark: build, open and query the Whoosh index on the synthetic corpus.

    python tests/benchmarks/bench_search.py [N] [--corpus FILE] [--workdir DIR] [--reuse]

Uses ../shared/bench (gen_corpus.py, queries.json) so figures compare with the
reference table in its README. The index is built through SearchIndex.rebuild
exactly as the library does it; bodies live in a SQLite side table and reach
the snippet code through ``body_loader``, as in the app. Prints build time,
open time (in a fresh process), median/p95 per query kind and peak RSS.

The machine is shared: note the load average printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from reader.library.index import IndexDoc, SearchIndex

BENCH_DIR = Path(__file__).resolve().parents[3] / "shared" / "bench"
TARGETS = {"build_s_100k": 600.0, "median_ms": 50.0, "p95_ms": 150.0, "open_ms": 300.0}
REFERENCE = """Reference (bench/README.md, 2-core machine, top 20 with snippets, median / p95):
  articles | plain Whoosh tuned writer          | SQLite FTS5                 | tantivy
  20,000   | 40 / 914 ms; build 141 s           | 5.1 / 57 ms; build 9.4 s    | 3.9 / 5.2 ms; build 6.3 s
  100,000  | 103 / 6,651 ms; build 742 s, 1.6GB | 6.7 / 156 ms; build 44 s    | 4.5 / 7.1 ms; build 38 s
Targets: build <= 600 s at 100k; search median <= 50 ms, p95 <= 150 ms; open <= 300 ms."""


def query_text(kind: str, terms: list[str]) -> str:
    if kind == "phrase":
        return '"' + " ".join(terms) + '"'
    if kind == "prefix":
        return terms[0] + "*"
    if kind == "title":
        return "title:" + terms[0]
    return " ".join(terms)


def read_corpus(path: Path, n: int):
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            yield json.loads(line)


def to_doc(rec: dict) -> IndexDoc:
    return IndexDoc(
        id=int(rec["id"]),
        version=str(rec["id"]),
        title=rec["title"],
        body=rec["body"],
        authors=[rec["author"]] if rec.get("author") else [],
        site=None,
        tags=[],
        quotes=[],
        speakers=[],
        comments="\n\n".join(rec.get("comments") or []),
        published=rec.get("date"),
    )


def ensure_corpus(n: int, corpus: Path | None) -> Path:
    if corpus and corpus.exists():
        return corpus
    for size in (n, 100_000):
        candidate = Path(f"/tmp/bench{size // 1000}k.jsonl")
        if candidate.exists():
            return candidate
    out = Path(f"/tmp/bench{n // 1000}k.jsonl")
    print(f"generating {n} articles into {out} ...", flush=True)
    subprocess.run([sys.executable, str(BENCH_DIR / "gen_corpus.py"), str(n), str(out)], check=True)
    return out


def build(workdir: Path, corpus: Path, n: int) -> tuple[float, float]:
    db = sqlite3.connect(workdir / "bodies.sqlite")
    db.execute("DROP TABLE IF EXISTS bodies")
    db.execute("CREATE TABLE bodies (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    t0 = time.perf_counter()
    db.executemany("INSERT INTO bodies VALUES (?, ?)", ((r["id"], r["body"]) for r in read_corpus(corpus, n)))
    db.commit()
    db.close()
    store_s = time.perf_counter() - t0

    index = SearchIndex.open(workdir / "index", reset=True)
    last = [time.perf_counter()]

    def progress(done: int, total: int | None) -> None:
        if done % 10_000 == 0 or done == total:
            now = time.perf_counter()
            print(f"  indexed {done}/{total}  ({now - t0:.0f} s)", flush=True)
            last[0] = now

    t0 = time.perf_counter()
    c0 = time.process_time()
    index.rebuild((to_doc(r) for r in read_corpus(corpus, n)), total=n, progress=progress)
    build_s = time.perf_counter() - t0
    cpu_s = time.process_time() - c0
    index.close()
    print(f"index build CPU time: {cpu_s:.1f} s (wall {build_s:.1f} s; the difference is other helpers' load)")
    return store_s, build_s


OPEN_SNIPPET = """
import sys, time
t0 = time.perf_counter()
from reader.library.index import SearchIndex
t1 = time.perf_counter()
c1 = time.process_time()
ix = SearchIndex.open(sys.argv[1])
t2 = time.perf_counter()
c2 = time.process_time()
ix.search("people", limit=20)
t3 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000, (c2 - c1) * 1000)
"""


def measure_open(workdir: Path) -> tuple[float, float, float, float]:
    out = subprocess.run(
        [sys.executable, "-c", OPEN_SNIPPET, str(workdir / "index")], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), float(out[3])


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_queries(workdir: Path, rounds: int) -> None:
    queries = json.loads((BENCH_DIR / "queries.json").read_text())
    db = sqlite3.connect(workdir / "bodies.sqlite")

    def body_loader(ids: list[int]) -> dict[int, str]:
        marks = ",".join("?" * len(ids))
        return dict(db.execute(f"SELECT id, body FROM bodies WHERE id IN ({marks})", ids))

    index = SearchIndex.open(workdir / "index")
    print(f"documents: {index.doc_count()}")
    for rnd in range(rounds):
        times: dict[str, list[float]] = defaultdict(list)
        totals: dict[str, list[int]] = defaultdict(list)
        slow: list[tuple[float, str]] = []
        cpu: dict[str, list[float]] = defaultdict(list)
        for q in queries:
            text = query_text(q["kind"], q["terms"])
            t0 = time.perf_counter()
            c0 = time.process_time()
            res = index.search(text, limit=20, body_loader=body_loader)
            ms = (time.perf_counter() - t0) * 1000
            cpu[q["kind"]].append((time.process_time() - c0) * 1000)
            times[q["kind"]].append(ms)
            totals[q["kind"]].append(res.total)
            slow.append((ms, text))
        label = "first pass (cold searcher)" if rnd == 0 else f"pass {rnd + 1} (warm)"
        print(f"\n{label}: top 20 with snippets, ms")
        print(f"  {'kind':8} {'median':>8} {'p95':>8} {'max':>8} {'avg hits':>10}   CPU median/p95")
        for kind, values in times.items():
            print(
                f"  {kind:8} {statistics.median(values):8.1f} {pct(values, 0.95):8.1f} {max(values):8.1f}"
                f" {statistics.mean(totals[kind]):10.0f}   {statistics.median(cpu[kind]):6.1f} / {pct(cpu[kind], 0.95):6.1f}"
            )
        every = [v for values in times.values() for v in values]
        every_cpu = [v for values in cpu.values() for v in values]
        print(
            f"  {'ALL':8} {statistics.median(every):8.1f} {pct(every, 0.95):8.1f} {max(every):8.1f}"
            f" {'':10}   {statistics.median(every_cpu):6.1f} / {pct(every_cpu, 0.95):6.1f}"
        )
        print("  slowest:", ", ".join(f"{t!r} {ms:.0f}" for ms, t in sorted(slow, reverse=True)[:5]))
    index.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=100_000)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--reuse", action="store_true", help="skip the build, query an existing index")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    workdir = args.workdir or Path(f"/tmp/bench_search_{args.n}")
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"N={args.n} workdir={workdir} cpus={os.cpu_count()} load={os.getloadavg()}")
    if not args.reuse:
        corpus = ensure_corpus(args.n, args.corpus)
        store_s, build_s = build(workdir, corpus, args.n)
        size = sum(p.stat().st_size for p in (workdir / "index").iterdir()) / 1e6
        print(f"bodies into SQLite: {store_s:.1f} s; index build: {build_s:.1f} s; index size {size:.0f} MB")
        print(f"peak RSS after build: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    imp, opn, first, opn_cpu = measure_open(workdir)
    print(
        f"open (fresh process): import {imp:.0f} ms, SearchIndex.open {opn:.0f} ms"
        f" (CPU {opn_cpu:.0f} ms), first query {first:.0f} ms"
    )
    run_queries(workdir, args.rounds)
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; load={os.getloadavg()}")
    print()
    print(REFERENCE)


if __name__ == "__main__":
    main()
