"""What the story step adds to an import, and whether its decisions changed.

Target (issue 14): joining stories adds <= 20 % to import time.

    python tests/benchmarks/bench_story_step.py [--corpus DIR] [--runs N]
                                                [--dump FILE] [--compare FILE]
    python tests/benchmarks/bench_story_step.py --wall [--pairs N] [--corpus DIR]
                                                [--dump FILE] [--compare FILE]

Two measures. By default (the CPU share) it imports the BBC files (``bbc-news-fulltext``, 2,225) into an empty library in
this one process (parser workers 0, so every step's CPU is counted here) and
times with ``time.process_time``:

- the story signatures (``reader.stories.features.signature`` as the import
  calls it), per article;
- joining stories (``reader.library.stories.assign``: keys, candidates,
  scoring, refreshing the story), per article;
- everything else the import does (parsing, SQLite, the search index).

Prints each run and the median of the runs: signature and join CPU per
article and what the two add to the rest of the import, in per cent.

``--wall`` measures what the user waits for: the wall time of a real import,
``article-reader --library DIR import business entertainment ... tech`` (the
corpus's five article folders; its README files are no articles) run as a
process of its own into a new library, with the default settings (parser
worker processes, which compute the story signatures in parallel). Each pair
runs it once with the story step (A) and once without (B: the private
``codec.STORY_STEP_ENV`` set to "off" in the import's environment, so neither
the workers nor the writer compute signatures or join stories), in alternating
order (AB, BA, AB, ...) so that a changing load on the machine falls on both.
Per run: wall time, CPU of all the import's processes (the CLI and its parser
and index workers: ``RUSAGE_CHILDREN`` of this process, which only waits) and
the load average when it started; then the medians of A and B, what A adds
(wall and CPU, in per cent, from the medians and per pair) and the spread.
B's library must hold the same articles and no story; A's decisions are what
``--dump`` / ``--compare`` see.

``--dump FILE`` writes the decisions of the last run (each story's files, its
headline and first report, and every "same text as" mark, articles named by
their file) as JSON; ``--compare FILE`` checks them against such a dump and
lists what differs, so a speed-up can be shown to change no decision.
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
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from reader.library import Library, codec, store  # noqa: E402
from reader.library.database import DB_FILENAME  # noqa: E402
from reader.stories import features  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bbc-news-fulltext"
TARGET_PERCENT = 20.0


class Timer:
    """Wraps a function and adds up the CPU time spent in it."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.seconds = 0.0
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.seconds += time.process_time() - t0
            self.calls += 1


def decisions(db: Path, corpus: Path) -> dict[str, Any]:
    """The stories of the library at ``db`` named by file: what must not change."""
    conn = sqlite3.connect(db)
    try:
        name = {aid: str(Path(src).relative_to(corpus)) if src.startswith(str(corpus)) else src
                for aid, src in conn.execute("SELECT id, source FROM articles")}
        stories = []
        for sid, title, articles, first_report in conn.execute(
                "SELECT id, title, articles, first_report FROM stories"):
            ids = json.loads(articles)
            copies = {name[a]: name[c] for a, c in conn.execute(
                "SELECT article_id, copy_of FROM story_members WHERE story_id = ? "
                "AND copy_of IS NOT NULL", (sid,))}
            stories.append({"files": [name[a] for a in ids], "title": title,
                            "first_report": name.get(first_report) if first_report else None,
                            "copies": dict(sorted(copies.items()))})
        stories.sort(key=lambda s: s["files"])
        return {"articles": len(name), "stories": stories}
    finally:
        conn.close()


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two ``decisions`` (empty: the same)."""
    out = []
    if old["articles"] != new["articles"]:
        out.append(f"articles: {old['articles']} -> {new['articles']}")
    before = {tuple(s["files"]): s for s in old["stories"]}
    after = {tuple(s["files"]): s for s in new["stories"]}
    for files in sorted(before.keys() - after.keys()):
        out.append(f"story gone: {list(files)}")
    for files in sorted(after.keys() - before.keys()):
        out.append(f"story new: {list(files)}")
    for files in sorted(before.keys() & after.keys()):
        for what in ("title", "first_report", "copies"):
            if before[files][what] != after[files][what]:
                out.append(f"{what} of {list(files)[:3]}: {before[files][what]!r} -> "
                           f"{after[files][what]!r}")
    return out


def one_run(files: list[str], corpus: Path, sig: Timer, join: Timer
            ) -> tuple[float, int, dict[str, Any]]:
    """(import CPU seconds, articles stored, decisions) of one import into a new library."""
    with tempfile.TemporaryDirectory(prefix="bench-story-step-") as tmp:
        root = Path(tmp) / "lib"
        with Library.open(root) as lib:
            t0 = time.process_time()
            report = lib.import_paths(files, workers=0)
            total = time.process_time() - t0
            assert not report.failed, report.failed[:3]
            stored = lib.count()
        return total, stored, decisions(root / DB_FILENAME, corpus)


def cpu_share(args: argparse.Namespace, corpus: Path) -> dict[str, Any] | None:
    """The default measure: the story step's CPU against the rest of an in-process import."""
    files = sorted(str(p) for p in corpus.glob("*/*.txt"))
    if not files:
        return None
    sig = Timer(features.signature)  # codec looks it up there at each call
    join = Timer(store.story_tables.assign)
    features.signature = sig  # type: ignore[assignment]
    store.story_tables.assign = join  # type: ignore[assignment]
    rows = []
    found: dict[str, Any] = {}
    for run in range(args.runs):
        sig.seconds = join.seconds = 0.0
        sig.calls = join.calls = 0
        total, stored, found = one_run(files, corpus, sig, join)
        rest = total - sig.seconds - join.seconds
        pct = 100 * (sig.seconds + join.seconds) / rest
        rows.append((sig.seconds / sig.calls * 1000, join.seconds / join.calls * 1000, rest, pct))
        print(f"run {run + 1}: {stored} articles; signatures {sig.seconds:.2f} s "
              f"({rows[-1][0]:.2f} ms/article), joining {join.seconds:.2f} s "
              f"({rows[-1][1]:.2f} ms/article), rest of the import {rest:.1f} s: +{pct:.1f} %")
    med = [statistics.median(r[i] for r in rows) for i in range(4)]
    print(f"median of {len(rows)}: signature {med[0]:.2f} ms, join {med[1]:.2f} ms per article, "
          f"rest {med[2]:.1f} s: story step +{med[3]:.1f} % of import CPU "
          f"(target +{TARGET_PERCENT:.0f} %: {'met' if med[3] <= TARGET_PERCENT else 'NOT met'})")
    return found


@dataclass
class WallRun:
    """One CLI import into a new library: what it cost and what it stored."""

    story_step: bool
    wall: float  # seconds, the CLI process from start to exit
    cpu: float  # seconds, user + system, of the CLI and every process it waited for
    load: float  # 1-minute load average when the run started
    found: dict[str, Any]


def cli_import(corpus: Path, story_step: bool, workers: int | None = None) -> WallRun:
    """``article-reader --library NEW import FOLDER...`` as a process of its own, timed."""
    folders = sorted(str(p) for p in corpus.iterdir() if p.is_dir())
    env = dict(os.environ)
    if workers is not None:  # (the CLI's own setting for its parser processes)
        env["ARTICLE_READER_IMPORT_WORKERS"] = str(workers)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop(codec.STORY_STEP_ENV, None)
    if not story_step:
        env[codec.STORY_STEP_ENV] = "off"
    with tempfile.TemporaryDirectory(prefix="bench-story-wall-") as tmp:
        root = Path(tmp) / "lib"
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "reader", "--library", str(root), "import", *folders],
            env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"import failed (exit {proc.returncode}):\n{proc.stdout[-2000:]}"
                             f"\n{proc.stderr[-2000:]}")
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return WallRun(story_step, wall, cpu, load, decisions(root / DB_FILENAME, corpus))


def _spread(values: list[float]) -> str:
    return f"{min(values):.1f}-{max(values):.1f}"


def wall_ab(args: argparse.Namespace, corpus: Path) -> dict[str, Any] | None:
    """The ``--wall`` measure: CLI imports with (A) and without (B) the story step, alternated."""
    if not any(corpus.glob("*/*.txt")):
        return None
    print(f"cores: {os.cpu_count()}; warm-up import (not counted) ...", flush=True)
    cli_import(corpus, story_step=False, workers=args.workers)
    runs: list[WallRun] = []
    for pair in range(args.pairs):
        order = (True, False) if pair % 2 == 0 else (False, True)
        for story_step in order:
            run = cli_import(corpus, story_step, args.workers)
            runs.append(run)
            stories = [s for s in run.found["stories"] if len(s["files"]) >= 2]
            print(f"pair {pair + 1} {'A with' if story_step else 'B without'} story step: "
                  f"wall {run.wall:5.1f} s, CPU {run.cpu:5.1f} s (all processes), "
                  f"load {run.load:4.1f}; {run.found['articles']} articles, "
                  f"{len(stories)} stories of >= 2, "
                  f"{sum(len(s['copies']) for s in run.found['stories'])} copies", flush=True)
    a = [r for r in runs if r.story_step]
    b = [r for r in runs if not r.story_step]
    for r in b:  # B must be the same import, only without stories
        assert r.found["articles"] == a[0].found["articles"], (r.found["articles"], a)
        assert not r.found["stories"], "B joined stories: the switch did not reach the import"
    for r in a[1:]:
        assert r.found == a[0].found, "two imports with the story step decided differently"
    print(f"load at the runs: {_spread([r.load for r in runs])} on {os.cpu_count()} cores")
    for what in ("wall", "cpu"):
        va, vb = [getattr(r, what) for r in a], [getattr(r, what) for r in b]
        ma, mb = statistics.median(va), statistics.median(vb)
        pairs = [100 * (getattr(x, what) / getattr(y, what) - 1) for x, y in zip(a, b, strict=True)]
        label = "wall time" if what == "wall" else "CPU, all processes"
        print(f"{label}: A median {ma:.1f} s ({_spread(va)}), B median {mb:.1f} s "
              f"({_spread(vb)}): story step {100 * (ma / mb - 1):+.1f} % (medians); "
              f"per pair median {statistics.median(pairs):+.1f} % "
              f"({', '.join(f'{p:+.1f}' for p in pairs)})")
    return a[-1].found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--runs", type=int, default=3, help="in-process runs (the CPU share)")
    ap.add_argument("--wall", action="store_true",
                    help="wall time of CLI imports with and without the story step, alternated")
    ap.add_argument("--pairs", type=int, default=5, help="--wall: A/B pairs")
    ap.add_argument("--workers", type=int, default=None,
                    help="--wall: parser processes (default: the CLI's own; 0: all in one process)")
    ap.add_argument("--dump", type=Path, help="write the decisions of the last run here")
    ap.add_argument("--compare", type=Path, help="check the decisions against this dump")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    found = wall_ab(args, corpus) if args.wall else cpu_share(args, corpus)
    if found is None:
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    print(f"stories of >= 2 articles: {sum(len(s['files']) >= 2 for s in found['stories'])}, "
          f"copies: {sum(len(s['copies']) for s in found['stories'])}")
    if args.dump:
        args.dump.write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"decisions written to {args.dump}")
    if args.compare:
        diff = compare(json.loads(args.compare.read_text(encoding="utf-8")), found)
        print(f"decisions against {args.compare}: "
              + ("identical" if not diff else f"{len(diff)} differences"))
        for line in diff[:40]:
            print("  " + line)
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
