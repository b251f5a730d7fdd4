"""Joining a story that keeps growing: N near-copies of one report, imported in one process.

    python tests/benchmarks/bench_story_growth.py [--articles 1500] [--code CHECKOUT ...] [--rounds 2]

Writes N JSON Lines rows that all retell the CNN sample article (``resources/sample``):
the same body after an opening line of their own, the headline's words shuffled,
40 outlets, dates spread over 28 days. So every row joins the one story, which grows
by one article per row and is refreshed at each join (its copy marks, its central
headline). Each checkout given with ``--code`` imports them into a new library with
``article-reader import`` (parser workers 0: every step's CPU is in that one process),
``--rounds`` times, alternated; prints the CPU (user + system) and wall time of each
run, the medians per checkout, and whether every checkout found the same story with
the same members and "same text as" marks (``story ID --json``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTLETS = 40


def write_rows(path: Path, n: int) -> None:
    sample = sorted((ROOT / "resources" / "sample").glob("*.txt"))[0]
    lines = [ln for ln in sample.read_text(encoding="utf-8").splitlines() if ln.strip()]
    title, body = lines[2], "\n\n".join(ln for ln in lines[3:] if len(ln) > 80)
    rnd = random.Random(7)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            words = title.split()
            rnd.shuffle(words)
            site = f"outlet{i % OUTLETS}.example"
            fh.write(json.dumps({
                "id": i, "title": " ".join(words), "author": "Staff",
                "date": f"2013-01-{1 + i * 28 // n:02d}",
                "body": f"Update {i} from the {site} desk.\n\n{body}",
                "url": f"https://{site}/story/{i}",
            }) + "\n")


def run(code: Path, rows: Path, work: Path) -> tuple[float, float, str]:
    library = work / "library"
    shutil.rmtree(library, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(code), ARTICLE_READER_IMPORT_WORKERS="0")

    def cli(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "reader", "--library", str(library), *args],
                              cwd=code, env=env, capture_output=True, text=True, check=True).stdout

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    cli("import", str(rows), "--json")
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    biggest = max(json.loads(cli("stories", "--json")), key=lambda s: len(s["articles"]))
    return cpu, wall, cli("story", str(biggest["id"]), "--json")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--code", type=Path, nargs="*", default=[ROOT])
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-story-growth-"))
    try:
        rows = work / "rows.jsonl"
        write_rows(rows, args.articles)
        cpus: dict[Path, list[float]] = {c: [] for c in args.code}
        stories: set[str] = set()
        for r in range(args.rounds):
            for code in args.code:
                cpu, wall, story = run(code, rows, work)
                cpus[code].append(cpu)
                stories.add(story)
                print(f"round {r + 1} {code}: CPU {cpu:.1f} s, wall {wall:.1f} s, "
                      f"load {os.getloadavg()[0]:.1f}, largest story "
                      f"{len(json.loads(story)['members'])} articles", flush=True)
        for code, values in cpus.items():
            print(f"median CPU {code}: {statistics.median(values):.1f} s "
                  f"({args.articles} articles, {1000 * statistics.median(values) / args.articles:.1f} ms each)")
        print("the same story, members and copy marks in every run:", len(stories) == 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
