"""Search benchmark: build, open and query the Whoosh index on the synthetic corpus,
beside an SQLite FTS5 table of the same corpus built and queried in the same run.

    python tests/benchmarks/bench_search.py [N] [--corpus FILE] [--workdir DIR] [--reuse]
        [--baseline FILE] [--save-baseline] [--no-fts5] [--procs K]

Uses ../shared/bench (gen_corpus.py, queries.json) so figures compare with the
reference table in its README. The index is built through SearchIndex.rebuild
exactly as the library does it; bodies live in a SQLite side table and reach
the snippet code through ``body_loader``, as in the app. Prints build time,
open time (in a fresh process), median/p95 per query kind and peak RSS, each
with its ratio to FTS5 (porter tokenizer, bm25 rank, top 20 with snippet())
measured in the same run under the same load.

Results: the top 20 ids of each of the 204 queries are compared with a saved
baseline (``tests/benchmarks/baselines/top20_N.json``, the index's results
before the speed work of issue 16); the overlap is printed as a percentage.
``--save-baseline`` writes the current results as the baseline.

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


def build(workdir: Path, corpus: Path, n: int) -> tuple[float, float, float]:
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
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_s = children.ru_utime + children.ru_stime
    print(
        f"index build CPU time: {cpu_s:.1f} s here + {child_s:.1f} s in worker processes"
        f" (wall {build_s:.1f} s; load {os.getloadavg()[0]:.1f})"
    )
    return store_s, build_s, cpu_s + child_s


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


# --- SQLite FTS5, the yardstick -------------------------------------------------


def build_fts5(workdir: Path, corpus: Path, n: int) -> tuple[float, float]:
    """The same corpus in an FTS5 table (porter stemming); returns (wall s, CPU s)."""
    path = workdir / "fts5.sqlite"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(title, body, author, comments, tokenize='porter unicode61')"
    )
    t0 = time.perf_counter()
    c0 = time.process_time()
    db.executemany(
        "INSERT INTO fts(rowid, title, body, author, comments) VALUES (?, ?, ?, ?, ?)",
        (
            (r["id"], r["title"], r["body"], r.get("author") or "", "\n\n".join(r.get("comments") or []))
            for r in read_corpus(corpus, n)
        ),
    )
    db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    db.commit()
    db.close()
    return time.perf_counter() - t0, time.process_time() - c0


def fts5_query(kind: str, terms: list[str]) -> str:
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if kind == "phrase":
        return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'
    if kind == "prefix":
        return quoted[0] + "*"
    if kind == "title":
        return "title : " + quoted[0]
    return " AND ".join(quoted)


FTS5_SQL = (
    "SELECT rowid, title, snippet(fts, 1, '<b>', '</b>', '…', 16) FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20"
)


# --- results against the baseline ------------------------------------------------


def baseline_path(n: int) -> Path:
    return Path(__file__).resolve().parent / "baselines" / f"top20_{n}.json"


def overlap_report(current: dict[str, list[int]], baseline: dict[str, list[int]]) -> dict[str, float]:
    """Share of the baseline's top-20 ids found in today's top 20, per kind and overall (%)."""
    kinds: dict[str, list[float]] = defaultdict(list)
    same_order = 0
    for key, base in baseline.items():
        kind = key.split("|", 1)[0]
        now = current.get(key, [])
        if not base:
            kinds[kind].append(100.0 if not now else 0.0)
        else:
            kinds[kind].append(100.0 * len(set(base) & set(now)) / len(base))
        same_order += now == base
    out = {kind: statistics.mean(v) for kind, v in kinds.items()}
    out["ALL"] = statistics.mean(v for vs in kinds.values() for v in vs)
    out["identical_lists_%"] = 100.0 * same_order / max(1, len(baseline))
    return out


# --- queries --------------------------------------------------------------------


def run_queries(workdir: Path, rounds: int, *, fts5: bool, baseline: Path | None, save_baseline: bool) -> None:
    queries = json.loads((BENCH_DIR / "queries.json").read_text())
    db = sqlite3.connect(workdir / "bodies.sqlite")
    fts = sqlite3.connect(workdir / "fts5.sqlite") if fts5 and (workdir / "fts5.sqlite").exists() else None

    def body_loader(ids: list[int]) -> dict[int, str]:
        marks = ",".join("?" * len(ids))
        return dict(db.execute(f"SELECT id, body FROM bodies WHERE id IN ({marks})", ids))

    index = SearchIndex.open(workdir / "index")
    print(f"documents: {index.doc_count()}")
    top20: dict[str, list[int]] = {}
    for rnd in range(rounds):
        times: dict[str, list[float]] = defaultdict(list)
        ftimes: dict[str, list[float]] = defaultdict(list)
        fcpu: dict[str, list[float]] = defaultdict(list)
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
            top20[q["kind"] + "|" + text] = [h.id for h in res.hits]
            if fts is not None:
                t0 = time.perf_counter()
                c0 = time.process_time()
                fts.execute(FTS5_SQL, (fts5_query(q["kind"], q["terms"]),)).fetchall()
                ftimes[q["kind"]].append((time.perf_counter() - t0) * 1000)
                fcpu[q["kind"]].append((time.process_time() - c0) * 1000)
        label = "first pass (cold searcher)" if rnd == 0 else f"pass {rnd + 1} (warm)"
        print(f"\n{label}: top 20 with snippets, ms (x = ratio to FTS5 in this run; CPU = process time)")
        print(
            f"  {'kind':8} {'median':>8} {'p95':>8} {'max':>8} {'avg hits':>10}   CPU median/p95"
            + ("    FTS5 median/p95     ratio median/p95   FTS5 CPU med/p95  CPU ratio med/p95" if fts else "")
        )
        rows = list(times.items()) + [("ALL", [v for values in times.values() for v in values])]
        for kind, values in rows:
            kcpu = cpu[kind] if kind != "ALL" else [v for vs in cpu.values() for v in vs]
            hits = f"{statistics.mean(totals[kind]):10.0f}" if kind != "ALL" else " " * 10
            line = (
                f"  {kind:8} {statistics.median(values):8.1f} {pct(values, 0.95):8.1f} {max(values):8.1f}"
                f" {hits}   {statistics.median(kcpu):6.1f} / {pct(kcpu, 0.95):6.1f}"
            )
            if fts:
                fv = ftimes[kind] if kind != "ALL" else [v for vs in ftimes.values() for v in vs]
                fm, fp = statistics.median(fv), pct(fv, 0.95)
                fc = fcpu[kind] if kind != "ALL" else [v for vs in fcpu.values() for v in vs]
                cm, cp = max(statistics.median(fc), 0.01), max(pct(fc, 0.95), 0.01)
                line += (
                    f"    {fm:6.1f} / {fp:6.1f}     {statistics.median(values) / fm:5.1f}x / {pct(values, 0.95) / fp:5.1f}x"
                    f"     {cm:6.1f} / {cp:6.1f}    {statistics.median(kcpu) / cm:5.1f}x / {pct(kcpu, 0.95) / cp:5.1f}x"
                )
            print(line)
        print("  slowest:", ", ".join(f"{t!r} {ms:.0f}" for ms, t in sorted(slow, reverse=True)[:5]))
    index.close()
    if save_baseline and baseline is not None:
        baseline.parent.mkdir(parents=True, exist_ok=True)
        baseline.write_text(json.dumps(top20, indent=0, sort_keys=True) + "\n")
        print(f"\nbaseline of today's top 20 written to {baseline}")
    elif baseline is not None and baseline.exists():
        report = overlap_report(top20, json.loads(baseline.read_text()))
        print(f"\ntop-20 overlap with the baseline {baseline.name} (% of baseline ids still in the top 20):")
        print("  " + ", ".join(f"{k} {v:.1f}%" for k, v in report.items()))
    else:
        print("\n(no baseline to compare the results with: run once with --save-baseline before changing the index)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=100_000)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--reuse", action="store_true", help="skip the build, query an existing index")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-fts5", action="store_true", help="do not build or query the FTS5 yardstick")
    ap.add_argument("--baseline", type=Path, help="top-20 baseline JSON (default baselines/top20_N.json)")
    ap.add_argument("--save-baseline", action="store_true", help="write this run's top 20 as the baseline")
    args = ap.parse_args()
    workdir = args.workdir or Path(f"/tmp/bench_search_{args.n}")
    workdir.mkdir(parents=True, exist_ok=True)
    fts5 = not args.no_fts5
    print(f"N={args.n} workdir={workdir} cpus={os.cpu_count()} load={os.getloadavg()}")
    if not args.reuse:
        corpus = ensure_corpus(args.n, args.corpus)
        store_s, build_s, build_cpu = build(workdir, corpus, args.n)
        size = sum(p.stat().st_size for p in (workdir / "index").iterdir()) / 1e6
        print(f"bodies into SQLite: {store_s:.1f} s; index build: {build_s:.1f} s; index size {size:.0f} MB")
        print(f"peak RSS after build: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        if fts5:
            f_wall, f_cpu = build_fts5(workdir, corpus, args.n)
            print(
                f"FTS5 build: {f_wall:.1f} s (CPU {f_cpu:.1f} s); index build ratio to FTS5:"
                f" {build_s / f_wall:.1f}x wall, {build_cpu / f_cpu:.1f}x CPU"
            )
    imp, opn, first, opn_cpu = measure_open(workdir)
    print(
        f"open (fresh process): import {imp:.0f} ms, SearchIndex.open {opn:.0f} ms"
        f" (CPU {opn_cpu:.0f} ms), first query {first:.0f} ms"
    )
    run_queries(
        workdir,
        args.rounds,
        fts5=fts5,
        baseline=args.baseline or baseline_path(args.n),
        save_baseline=args.save_baseline,
    )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; load={os.getloadavg()}")
    print()
    print(REFERENCE)


if __name__ == "__main__":
    main()
