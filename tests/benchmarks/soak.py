"""Soak: repeated import / search / delete cycles must keep memory flat.

    python tests/benchmarks/soak.py [--seconds 3600] [--library DIR] [--batch 40]

Works on its own temporary library (or ``--library``), importing a batch of
generated articles, running a few dozen searches, then deleting the batch,
over and over. Prints resident memory (RSS) at the start, once a minute and at
the end, with the number of cycles done. Not part of CI.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

QUERIES = [
    "minister", "budget AND hospitals", '"transport budgets"', "crit*", "title:article",
    "schools OR delays", "NOT region", 'said "the plan', "date:2012", "officials -critics",
]
WORDS = (
    "minister said the plan would cut costs across the region while critics warned of delays "
    "in hospitals schools and transport budgets for the coming year officials added"
).split()


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * resource.getpagesize() / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def write_batch(folder: Path, cycle: int, n: int, rng: random.Random) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for i in range(n):
        paras = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + "."
                 for _ in range(rng.randint(3, 8))]
        (folder / f"c{cycle}-{i}.txt").write_text(
            f"Soak article {cycle}-{i}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3600)
    ap.add_argument("--library", type=Path)
    ap.add_argument("--batch", type=int, default=40)
    args = ap.parse_args()

    from reader.library import Library

    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    lib_dir = args.library or tmp / "library"
    rng = random.Random(5)
    start = time.monotonic()
    next_report = start
    cycles = searches = 0
    rss_start = rss_warm = None
    with Library.open(lib_dir) as lib:
        base_count = lib.count()
        while True:
            now = time.monotonic()
            if now >= next_report:
                rss = rss_mb()
                if rss_start is None:
                    rss_start = rss
                elif rss_warm is None:
                    rss_warm = rss  # after a minute: caches and the index reader are warm
                print(f"t={now - start:7.0f}s cycles={cycles:5d} searches={searches:7d} "
                      f"articles={lib.count():6d} rss={rss:7.1f} MB", flush=True)
                next_report += 60
            if now - start >= args.seconds:
                break
            batch = tmp / "batch"
            write_batch(batch, cycles, args.batch, rng)
            report = lib.import_paths([batch])
            for q in QUERIES:
                lib.search(q, limit=20)
                searches += 1
            lib.delete(report.imported + report.updated)
            cycles += 1
        rss_end = rss_mb()
        check = lib.check(repair=False)
        end_count = lib.count()
    print(f"soak: {cycles} cycles, {searches} searches in {time.monotonic() - start:.0f} s; "
          f"RSS start {rss_start:.1f} MB, after warm-up {rss_warm or rss_start:.1f} MB, "
          f"end {rss_end:.1f} MB ({rss_end - (rss_warm or rss_start):+.1f} MB since warm-up); "
          f"articles {base_count} -> {end_count}; "
          f"check problems: {len(check.problems)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
