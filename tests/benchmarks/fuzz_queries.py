"""Fuzzing the search box: thousands of hostile queries against a real library.

    python tests/benchmarks/fuzz_queries.py [--queries 5000] [--articles 300] [--seed 1]

Builds a library from the two seed articles plus ``--articles`` generated ones
(the benchmark corpus, /work/shared/bench/gen_corpus.py, when wordfreq is
installed; otherwise a small built-in generator), then runs random queries:
random unicode, unbalanced quotes and brackets, lone AND/OR/NOT, unknown and
known ``field:`` prefixes, wildcards, garbage date ranges, control characters
and huge (10,000-character) queries. Every search goes through
``Library.search`` as the window's does. Prints how many ran, how many raised
(must be 0), and the max and p99 time; exits 1 on any exception.

``tests/robustness/test_query_fuzz.py`` runs the same pieces through
hypothesis in the suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

#: Pieces of query syntax, so random strings hit the parser's corners often.
SYNTAX = (
    '"', '"', "(", ")", "((", "))", "[", "]", "{", "}", ":", "*", "?", "**", "*?", "-", "+", "^",
    "~", "~2", "\\", "/", "!", "&&", "||",
    " AND ", " OR ", " NOT ", "AND", "OR", "NOT", "and", "not", " TO ", " to ", "..", ">", "<",
    ">=", "title:", "date:", "speaker:", "quote:", "tag:", "site:", "comments:", "author:",
    "body:", "id:", "version:", "bogus:", "TITLE:", "nosuchfield:", ":title", "date:[", "date:{",
    "date:[2012 TO", "date:[2012-13-45 TO 1999]", "date:>2012", "date:<=yesterday",
    "date:[garbage TO ]", "date:20120", "date:-5", "date:9999999999", "date:2012..2011",
    "2012", "2012-06", "minister", "plan", "run*", "pol?", "*", "?", "a", "the", "é", "ß", "İ",
    "ǅ", "\u0301", "\x00", "\x07", "\x1b[31m", "\n", "\t", "\r", "\u200b", "\u202e", "\ufeff",
    "\ud7ff", "🙂", "👩‍👩‍👧", "中文", "עברית", "%s", "{0}", "'", "`", "$(rm -rf ~)", "<script>",
    "&amp;", "NULL", "None",
)
UNICODE_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF),
                  (0x4E00, 0x4FFF), (0x1F300, 0x1F64F), (0x0, 0x1F), (0xE000, 0xE0FF))


def random_text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        lo, hi = rng.choice(UNICODE_RANGES)
        out.append(chr(rng.randint(lo, hi)))
    return "".join(out)


def random_query(rng: random.Random) -> str:
    """One hostile query; about 1 in 50 is huge."""
    roll = rng.random()
    if roll < 0.02:
        unit = rng.choice([lambda: random_text(rng, 8), lambda: rng.choice(SYNTAX),
                           lambda: "minister ", lambda: "(" * 50, lambda: '"plan '])
        parts: list[str] = []
        size = 0
        while size < 10_000:
            parts.append(unit())
            size += len(parts[-1])
        return "".join(parts)[:10_000 + rng.randint(0, 50)]
    if roll < 0.25:
        return random_text(rng, rng.randint(0, 40))
    pieces = []
    for _ in range(rng.randint(0, 20)):
        r = rng.random()
        if r < 0.6:
            pieces.append(rng.choice(SYNTAX))
        elif r < 0.8:
            pieces.append(random_text(rng, rng.randint(1, 5)))
        else:
            pieces.append(" ")
    return "".join(pieces)


def build_library(root: Path, articles: int, seed: int, *, bench_corpus: bool = True) -> None:
    """Seeds plus ``articles`` generated ones, imported the way a user would.

    ``bench_corpus=False`` skips the benchmark generator (its word list takes
    ~20 s to load) for the small built-in one.
    """
    from reader.library import Library

    src = root.parent / "fuzz-src"
    src.mkdir(parents=True, exist_ok=True)
    seeds = Path(__file__).resolve().parents[2] / "resources" / "sample"
    for seed_file in sorted(seeds.glob("*.txt")):
        (src / seed_file.name).write_bytes(seed_file.read_bytes())
    gen = Path(__file__).resolve().parents[3] / "shared" / "bench" / "gen_corpus.py"
    out = src / "generated.jsonl"
    made = False
    if bench_corpus and gen.exists():
        proc = subprocess.run([sys.executable, str(gen), str(articles), str(out)],
                              capture_output=True, text=True)
        made = proc.returncode == 0 and out.exists()
    if not made:
        rng = random.Random(seed)
        words = ("minister said the plan would cut costs across the region while critics "
                 "warned of delays in hospitals schools transport budgets police").split()
        with open(out, "w", encoding="utf-8") as fh:
            for i in range(articles):
                body = " ".join(rng.choice(words) for _ in range(rng.randint(100, 400)))
                fh.write(json.dumps({"title": f"Generated {i}", "body": body,
                                     "date": f"20{rng.randint(0, 23):02}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                     "author": "Fuzz Writer"}) + "\n")
    with Library.open(root) as lib:
        report = lib.import_paths([src])
        if report.failed:
            print("import failures:", report.failed, file=sys.stderr)


def run(queries: int, articles: int, seed: int, workdir: Path | None = None) -> dict:
    from reader.library import Library

    tmp = Path(workdir or tempfile.mkdtemp(prefix="fuzz-queries-"))
    root = tmp / "library"
    t0 = time.perf_counter()
    build_library(root, articles, seed)
    print(f"library built in {time.perf_counter() - t0:.1f} s", flush=True)
    rng = random.Random(seed)
    times: list[tuple[float, str]] = []
    errors: list[tuple[str, str]] = []
    with Library.open(root) as lib:
        print(f"{lib.count()} articles", flush=True)
        for k in range(queries):
            q = random_query(rng)
            start = time.perf_counter()
            try:
                res = lib.search(q, limit=20, bodies_only=rng.random() < 0.2)
                assert res.total >= len(res.hits)
                lib.match_spans(q, "The minister said the plan would cut costs.")
            except Exception:  # counted and shown: none may reach the user
                errors.append((q, traceback.format_exc(limit=4)))
            times.append((time.perf_counter() - start, q))
            if (k + 1) % 1000 == 0:
                print(f"  {k + 1} queries", flush=True)
    durations = sorted(t for t, _ in times)
    p99 = durations[int(0.99 * (len(durations) - 1))] if durations else 0.0
    slowest = max(times) if times else (0.0, "")
    for q, tb in errors[:5]:
        print(f"EXCEPTION for {q[:80]!r}:\n{tb}")
    print(f"queries run: {len(times)}, exceptions: {len(errors)}, "
          f"max {slowest[0] * 1000:.0f} ms (query {slowest[1][:40]!r}), "
          f"p99 {p99 * 1000:.0f} ms, median {durations[len(durations) // 2] * 1000:.1f} ms")
    return {"queries": len(times), "exceptions": len(errors), "max": slowest[0], "p99": p99}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=5000)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    res = run(args.queries, args.articles, args.seed)
    return 0 if res["exceptions"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
