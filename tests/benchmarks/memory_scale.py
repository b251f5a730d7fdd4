"""Scale: a large library opens, searches and imports more without a memory climb.

    python tests/benchmarks/memory_scale.py [--articles 20000] [--searches 1000] [--more 500]
        [--corpus /tmp/bench100k.jsonl] [--library DIR]

Builds (or reuses, with ``--library``) a library of ``--articles`` articles from
the benchmark corpus (/work/shared/bench/gen_corpus.py JSON Lines; a smaller
corpus is a prefix of a larger one), imported with ``article-reader import``
from JSON Lines files of 2,000 articles each (one file holds many articles,
and each stays under the 64 MB file limit). Then, in this process, as the
window would: open it, run ``--searches`` searches from the benchmark query
mix, import ``--more`` new articles, run the searches again. Prints resident
memory (RSS) at each step; the figures to compare are after the first pass of
searches (warm) and at the end: no climb means the end is within a few MB of
the warm figure.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench"
LINES_PER_FILE = 2000


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * resource.getpagesize() / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def anon_mb() -> float:
    """Private anonymous memory (RSS minus the mapped index files, which are page cache)."""
    try:
        with open("/proc/self/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Anonymous:"):
                    return int(line.split()[1]) / 1e3
    except OSError:
        pass
    return float("nan")


def corpus_lines(corpus: Path | None, needed: int, workdir: Path) -> Path:
    """A JSON Lines corpus with at least ``needed`` articles."""
    if corpus is not None and corpus.exists():
        return corpus
    out = workdir / f"corpus{needed}.jsonl"
    if not out.exists():
        print(f"generating {needed} articles with gen_corpus.py ...", flush=True)
        subprocess.run([sys.executable, str(BENCH / "gen_corpus.py"), str(needed), str(out)],
                       check=True)
    return out


def split(corpus: Path, start: int, count: int, folder: Path) -> Path:
    """Lines start..start+count of the corpus as JSON Lines files of LINES_PER_FILE each."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(corpus, encoding="utf-8") as fh:
        lines = itertools.islice(fh, start, start + count)
        for n in itertools.count():
            chunk = list(itertools.islice(lines, LINES_PER_FILE))
            if not chunk:
                break
            (folder / f"part{start + n * LINES_PER_FILE:07d}.jsonl").write_text(
                "".join(chunk), encoding="utf-8")
    return folder


def queries() -> list[str]:
    out = []
    for q in json.loads((BENCH / "queries.json").read_text(encoding="utf-8")):
        terms = q["terms"]
        if q["kind"] == "phrase":
            out.append('"' + " ".join(terms) + '"')
        elif q["kind"] == "prefix":
            out.append(terms[0] + "*")
        elif q["kind"] == "title":
            out.append("title:" + terms[0])
        else:
            out.append(" ".join(terms))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--searches", type=int, default=1000)
    ap.add_argument("--more", type=int, default=500)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/bench100k.jsonl"))
    ap.add_argument("--library", type=Path, help="reuse (or build and keep) this library")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="memory-scale-"))
    corpus = corpus_lines(args.corpus, args.articles + args.more, work)
    root = args.library or work / "library"
    if not (root / "library.sqlite3").exists():
        src = split(corpus, 0, args.articles, work / "base")
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(root), "import",
                               "--json", str(src)], capture_output=True, text=True)
        report = json.loads(proc.stdout) if proc.stdout.strip() else {}
        imported = report.get("imported", 0)
        imported = imported if isinstance(imported, int) else len(imported)
        print(f"built {root}: {imported} articles imported in "
              f"{time.monotonic() - t0:.0f} s (exit {proc.returncode})", flush=True)
        if proc.returncode not in (0, 1):
            print(proc.stderr, file=sys.stderr)
            return 2

    from reader.library import Library

    mix = queries()
    print(f"RSS before opening: {rss_mb():7.1f} MB", flush=True)
    t0 = time.monotonic()
    lib = Library.open(root)
    print(f"opened {lib.count()} articles in {time.monotonic() - t0:.1f} s; "
          f"RSS {rss_mb():7.1f} MB (anonymous {anon_mb():.1f})", flush=True)
    marks: dict[str, float] = {}

    def search_pass(label: str) -> None:
        t = time.monotonic()
        slowest = 0.0
        for k in range(args.searches):
            s = time.perf_counter()
            lib.search(mix[k % len(mix)], limit=20)
            slowest = max(slowest, time.perf_counter() - s)
            if (k + 1) % 250 == 0:
                print(f"  {label}: {k + 1} searches, RSS {rss_mb():7.1f} MB (anonymous {anon_mb():.1f})", flush=True)
        marks[label] = rss_mb()
        print(f"{label}: {args.searches} searches in {time.monotonic() - t:.0f} s "
              f"(slowest {slowest * 1000:.0f} ms); RSS {marks[label]:7.1f} MB", flush=True)

    search_pass("searches 1")
    more = split(corpus, args.articles, args.more, work / "more")
    t = time.monotonic()
    report = lib.import_paths([more])
    marks["import"] = rss_mb()
    print(f"imported {len(report.imported)} more in {time.monotonic() - t:.0f} s "
          f"({len(report.failed)} failed); RSS {marks['import']:7.1f} MB", flush=True)
    search_pass("searches 2")
    search_pass("searches 3")
    count = lib.count()
    problems = lib.check(repair=False).problems
    lib.close()
    warm, end = marks["searches 1"], marks["searches 3"]
    print(f"memory_scale: {count} articles; RSS warm {warm:.1f} MB, after import "
          f"{marks['import']:.1f} MB, end {end:.1f} MB ({end - warm:+.1f} MB; anonymous "
          f"{anon_mb():.1f} MB, the rest is mapped index files); "
          f"check problems: {len(problems)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
