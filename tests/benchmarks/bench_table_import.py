"""Benchmark: import a generated table of N rows (issue 12, bulk).

    python tests/benchmarks/bench_table_import.py [--rows 50000] [--format csv|parquet]
        [--kill-after SECONDS] [--stop-after SECONDS] [--checkpoint SECONDS] [--workdir DIR] [--keep]

Generates N news-like rows (``gen_corpus.py`` of the shared bench folder: words
by real English frequency, 400-900 word bodies, an author and a date per row;
the same seed, so a smaller table is the prefix of a larger one), imports them
with ``article-reader import`` in a child process and prints rows/second, wall
and CPU time and the peak resident memory of the import (its own process plus
its worker processes, sampled every 0.2 s, and the largest single process). With
``--checkpoint`` each checkpoint also gives the CPU and the peak RSS since the last one
per kind of process (the importer, its parse workers, its index workers), so that runs
can be compared at the same rows: memory that grows with the library shows there.

``--kill-after 25`` is the crash scenario of the issue: the import is killed
with SIGKILL after 25 s, run again, and the library must then hold exactly N
articles and pass ``check``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GEN = Path(os.environ.get("ARTICLE_READER_SHARED", REPO.parent / "shared")) / "bench" / "gen_corpus.py"
SITES = ("example-news.com", "daily-planet.example", "the-courier.example", "globe.example")


#: Rows generated word by word (gen_corpus.py makes ~300 a second); beyond them the bodies
#: of these rows come round again, each with its own opening sentence, title, date and URL.
GENERATED_ROWS = 50_000


def generate(rows: int, out: Path, fmt: str) -> None:
    """N rows in ``out`` (CSV with the usual export column names, or Parquet)."""
    base = min(rows, GENERATED_ROWS)
    jsonl = out.parent / f"corpus-{base}.jsonl"
    if not jsonl.exists() or _lines(jsonl) < base:
        subprocess.run([sys.executable, str(GEN), str(base), str(jsonl)], check=True)
    records = _records(jsonl, rows, base)
    if fmt == "csv":
        with open(out, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "headline", "article_text", "byline", "publish_date", "url", "outlet"])
            for r in records:
                w.writerow(r)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ["id", "headline", "article_text", "byline", "publish_date", "url", "outlet"]
    writer = None
    batch: list[list] = []

    def flush() -> None:
        nonlocal writer
        table = pa.table({n: [row[i] for row in batch] for i, n in enumerate(names)})
        if writer is None:
            writer = pq.ParquetWriter(str(out), table.schema)
        writer.write_table(table, row_group_size=5_000)
        batch.clear()

    for r in records:
        batch.append(r)
        if len(batch) >= 5_000:
            flush()
    if batch:
        flush()
    if writer is not None:
        writer.close()


def _lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def _records(jsonl: Path, rows: int, base: int):
    n = 0
    while n < rows:
        with open(jsonl, encoding="utf-8") as fh:
            for line in islice(fh, base):
                if n >= rows:
                    return
                d = json.loads(line)
                n += 1
                title, body, date = d["title"], d["body"], d["date"]
                if n > base:  # a later round: the same story, reported again on another day
                    day = datetime.date.fromisoformat(date) + datetime.timedelta(days=n // base)
                    title = f"{title} (update {n // base})"
                    body = f"Update {n} on {day:%B %d}, from the {SITES[n % len(SITES)]} desk.\n\n{body}"
                    date = day.isoformat()
                site = SITES[n % len(SITES)]
                yield [n, title, body, d["author"], date, f"https://{site}/story/{n}", site]


class Sampler(threading.Thread):
    """Peak RSS of a process and its children, sampled from /proc; with ``checkpoint``
    seconds and a ``library``, prints the rows stored, their rate and the memory at each
    checkpoint (a long run shows whether memory stays flat and the rate holds).

    Memory is also kept by role, the peak since the last checkpoint: the importing
    process, its parse workers (the first ``parse_workers`` processes it spawns: the pool
    starts them together) and its index workers (those spawned later, one per catch-up)."""

    def __init__(self, pid: int, library: Path | None = None, checkpoint: float | None = None,
                 parse_workers: int = 2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_total = 0
        self.peak_single = 0
        self.stop = threading.Event()
        self.library = library
        self.checkpoint = checkpoint
        self.checkpoints: list[tuple[float, int, float, int, int]] = []  # s, rows, cpu, rss, peak
        self.parse_workers = parse_workers
        self.roles: dict[int, str] = {pid: "importer"}
        self.role_peak: dict[str, int] = dict.fromkeys(ROLES, 0)  # whole run
        self.interval_peak: dict[str, int] = dict.fromkeys(ROLES, 0)  # since the last checkpoint
        self.role_cpu: dict[int, float] = {}  # last CPU seen per process
        self.intervals: list[dict[str, int]] = []

    def _role(self, pid: int) -> str:
        role = self.roles.get(pid)
        if role is None:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    cmd = fh.read()
            except OSError:
                cmd = b""
            if b"spawn_main" not in cmd:
                role = "other"  # the resource tracker
            else:
                spawned = sum(1 for r in self.roles.values() if r in ("parse", "index"))
                role = "parse" if spawned < self.parse_workers else "index"
            self.roles[pid] = role
        return role

    def run(self) -> None:
        start = time.monotonic()
        next_at = start + (self.checkpoint or 0)
        first_rows = count(self.library) if self.library is not None and self.checkpoint else 0
        while not self.stop.is_set():
            by_pid = _tree_rss_by_pid(self.pid)
            rss = list(by_pid.values())
            if rss:
                self.peak_total = max(self.peak_total, sum(rss))
                self.peak_single = max(self.peak_single, max(rss))
                for p, r in by_pid.items():
                    role = self._role(p)
                    self.role_peak[role] = max(self.role_peak[role], r)
                    self.interval_peak[role] = max(self.interval_peak[role], r)
            self.role_cpu.update(_tree_cpu(self.pid))
            now = time.monotonic()
            if self.checkpoint and self.library is not None and now >= next_at:
                next_at += self.checkpoint
                self._print_checkpoint(now - start, count(self.library) - first_rows,
                                       sum(self.role_cpu.values()), sum(rss))
            time.sleep(0.2)

    def cpu_by_role(self) -> dict[str, float]:
        out = dict.fromkeys(ROLES, 0.0)
        for p, cpu in self.role_cpu.items():
            out[self.roles.get(p, "other")] += cpu
        return out

    def _print_checkpoint(self, elapsed: float, rows: int, cpu: float, rss: int) -> None:
        prev = self.checkpoints[-1] if self.checkpoints else (0.0, 0, 0.0, 0, 0)
        self.checkpoints.append((elapsed, rows, cpu, rss, self.peak_total))
        self.intervals.append(dict(self.interval_peak))
        rate = rows / elapsed if elapsed else 0.0
        recent = (rows - prev[1]) / (elapsed - prev[0]) if elapsed > prev[0] else 0.0
        per_row = 1000 * cpu / rows if rows else 0.0
        roles = self.cpu_by_role()
        peaks = ", ".join(f"{r} {self.interval_peak[r] / 1e6:,.0f}" for r in ROLES[:3])
        print(f"  checkpoint {elapsed / 60:5.1f} min: {rows:>9,} rows stored, {rate:5.1f} rows/s "
              f"(last interval {recent:5.1f}), CPU {cpu:,.0f} s ({per_row:.1f} ms/row, all processes; "
              f"importer {roles['importer']:,.0f}, parse {roles['parse']:,.0f}, index {roles['index']:,.0f}), "
              f"RSS now {rss / 1e6:,.0f} MB, peak {self.peak_total / 1e6:,.0f} MB; "
              f"interval peak per process MB: {peaks}; load {os.getloadavg()[0]:.1f}", flush=True)
        self.interval_peak = dict.fromkeys(ROLES, 0)


ROLES = ("importer", "parse", "index", "other")


def _tree_rss_by_pid(pid: int) -> dict[int, int]:
    out = {}
    for p in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        out[p] = int(line.split()[1]) * 1024
        except OSError:
            pass
    return out


def _tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) of a process and its children, by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, float] = {}
    for p in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            out[p] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError, IndexError):
            pass
    return out


def _children(pid: int) -> list[int]:
    found = []
    try:
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                            found.append(int(entry))
                except (OSError, ValueError, IndexError):
                    pass
    except OSError:
        pass
    return found


def run_import(library: Path, table: Path, kill_after: float | None = None,
               stop_after: float | None = None, checkpoint: float | None = None) -> dict:
    cmd = [sys.executable, "-m", "reader", "--library", str(library), "import", str(table), "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
                            start_new_session=True, text=True)
    sampler = Sampler(proc.pid, library if checkpoint else None, checkpoint)
    sampler.start()
    killed = False
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
    elif stop_after is not None:
        try:
            proc.wait(timeout=stop_after)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGINT)  # Cancel: the import stops after its batch
    out, err = proc.communicate()
    wall = time.monotonic() - start
    sampler.stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = json.loads(out) if out.strip() and not killed else {}
    return {"wall": wall, "cpu": cpu, "peak_total": sampler.peak_total, "checkpoints": sampler.checkpoints,
            "peak_single": sampler.peak_single, "role_peak": sampler.role_peak,
            "role_cpu": sampler.cpu_by_role(), "killed": killed, "summary": summary,
            "stderr": err[-2000:], "rc": proc.returncode}


def count(library: Path) -> int:
    """Articles stored in the library (0 while it does not exist yet); read-only."""
    import sqlite3

    db = library / "library.sqlite3"
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(db.as_uri() + "?mode=ro", uri=True, timeout=30)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--kill-after", type=float, default=None, metavar="SECONDS")
    ap.add_argument("--stop-after", type=float, default=None, metavar="SECONDS",
                    help="cancel the import (Ctrl-C) after this long and report the rate so far")
    ap.add_argument("--checkpoint", type=float, default=None, metavar="SECONDS",
                    help="print rows stored, rate, CPU and memory this often during the (last) import")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the generated table and library")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-table-"))
    work.mkdir(parents=True, exist_ok=True)
    table = work / f"rows-{args.rows}.{args.format}"
    t0 = time.monotonic()
    if not table.exists():  # written under another name first: an interrupted run leaves no half table
        part = table.with_name(table.name + ".part")
        generate(args.rows, part, args.format)
        part.rename(table)
    print(f"table: {table} ({table.stat().st_size / 1e6:,.0f} MB, generated in {time.monotonic() - t0:.0f} s)")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)")
    library = work / f"library-{args.rows}-{args.format}"
    if library.exists():
        import shutil

        shutil.rmtree(library)
    runs = []
    count_before = 0
    if args.kill_after is not None:
        first = run_import(library, table, kill_after=args.kill_after)
        runs.append(first)
        count_before = count(library)
        print(f"run 1: killed={first['killed']} after {first['wall']:.1f} s; "
              f"{count_before:,} articles stored before the kill")
    second = run_import(library, table, stop_after=args.stop_after, checkpoint=args.checkpoint)
    runs.append(second)
    n = count(library)
    s = second["summary"]
    done = n - count_before  # rows this run stored (the rows of a killed run are skipped, not parsed)
    rate = done / second["wall"] if second["wall"] else 0
    cpu_ms = 1000 * second["cpu"] / done if done else 0
    if s.get("cancelled"):
        print(f"cancelled after {second['wall']:.0f} s with {n:,} of {args.rows:,} rows stored")
        points = second["checkpoints"]
        if len(points) >= 2 and points[-1][1] > points[-2][1]:
            (t1, r1, *_), (t2, r2, *_) = points[-2], points[-1]
            recent = (r2 - r1) / (t2 - t1)
            print(f"EXTRAPOLATED, not measured: the remaining {args.rows - n:,} rows at the last "
                  f"interval's {recent:.1f} rows/s would take {(args.rows - n) / recent / 3600:.1f} h more "
                  f"({(second['wall'] + (args.rows - n) / recent) / 3600:.1f} h in all)")
    print(f"run {len(runs)}: {second['wall']:.1f} s wall, {second['cpu']:.1f} s CPU (all processes); "
          f"{done:,} rows stored: {rate:,.1f} rows/s, {cpu_ms:.1f} ms CPU/row; imported {s.get('imported')}, "
          f"unchanged {s.get('unchanged')}, failed {len(s.get('failed', []))}")
    for i, r in enumerate(runs, 1):
        print(f"run {i}: peak RSS {r['peak_total'] / 1e6:,.0f} MB (all processes), "
              f"{r['peak_single'] / 1e6:,.0f} MB (largest process); per process: "
              + ", ".join(f"{k} {v / 1e6:,.0f} MB" for k, v in r["role_peak"].items() if k != "other")
              + "; CPU by role (s, sampled): "
              + ", ".join(f"{k} {v:,.0f}" for k, v in r["role_cpu"].items() if k != "other"))
    chk = subprocess.run([sys.executable, "-m", "reader", "--library", str(library), "check", "--json"],
                         check=False, capture_output=True, text=True, cwd=REPO)
    print(f"articles: {n:,} (expected {args.rows:,}); check exit {chk.returncode}: {chk.stdout.strip()[:300]}")
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if not args.keep and args.workdir is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    peak = max(r["peak_total"] for r in runs)
    ok = (n == args.rows or s.get("cancelled")) and chk.returncode == 0 and peak <= 1e9
    if args.kill_after is not None:
        print(f"bulk target (kill -9 after {args.kill_after:.0f} s, run again): exactly {args.rows:,} "
              f"articles {'yes' if n == args.rows else 'NO'} ({n:,}); check clean "
              f"{'yes' if chk.returncode == 0 else 'NO'}; peak RSS <= 1 GB {'yes' if peak <= 1e9 else 'NO'} "
              f"({peak / 1e6:,.0f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
