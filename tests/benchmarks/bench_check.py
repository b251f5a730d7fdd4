"""``article-reader check --quick`` (what the window runs at start-up): wall and CPU time.

Runs the CLI as a user would, in a subprocess, ``--rounds`` times per checkout given with
``--code`` (alternated, so the machine's load falls on both alike), and prints for each
run the wall time, the CPU time of the process (user + system), the 1-minute load
average and what the check reported; then the medians per checkout.

    python tests/benchmarks/bench_check.py --library DIR [--code CHECKOUT ...] [--rounds 3]
        [--no-repair] [--full]

The check repairs (and keeps its digests, as the window does) unless ``--no-repair``:
run it on a copy of a library you cannot write to. ``--full``: the full check instead.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    wall: float
    cpu: float
    load: float
    status: int
    report: dict


def run_check(code: Path, library: Path, *, repair: bool, full: bool) -> Run:
    cmd = [sys.executable, "-m", "reader", "--library", str(library), "check", "--json"]
    if not full:
        cmd.append("--quick")
    if not repair:
        cmd.append("--no-repair")
    env = dict(os.environ, PYTHONPATH=str(code))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=code)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    return Run(wall, cpu, os.getloadavg()[0], proc.returncode, report)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--library", type=Path, required=True)
    ap.add_argument("--code", type=Path, action="append",
                    help="a checkout to run (repeat to compare; default: this one)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-repair", action="store_true")
    ap.add_argument("--full", action="store_true", help="the full check instead of --quick")
    args = ap.parse_args(argv)
    codes = args.code or [ROOT]
    what = "check" if args.full else "check --quick"
    print(f"{what} on {args.library} ({'no repair' if args.no_repair else 'repair'}), "
          f"{args.rounds} round(s), {os.cpu_count()} cores")
    results: dict[Path, list[Run]] = {c: [] for c in codes}
    for rnd in range(args.rounds):
        for code in codes:
            r = run_check(code, args.library, repair=not args.no_repair, full=args.full)
            results[code].append(r)
            report = r.report
            shown = (f"articles {report.get('articles')} indexed {report.get('indexed')} "
                     f"problems {len(report.get('problems', []))}" if "error" not in report
                     else report["error"])
            print(f"round {rnd + 1} {code}: wall {r.wall:.2f} s  cpu {r.cpu:.2f} s  "
                  f"load {r.load:.1f}  exit {r.status}  {shown}", flush=True)
    for code, runs in results.items():
        print(f"median {code}: wall {statistics.median(r.wall for r in runs):.2f} s  "
              f"cpu {statistics.median(r.cpu for r in runs):.2f} s  "
              f"load {min(r.load for r in runs):.1f}-{max(r.load for r in runs):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
