"""Crash safety: kill -9 the importer at random points and check nothing committed is lost.

    python tests/benchmarks/kill_loop.py [--kills 50] [--files 300] [--seed 1]

Each round starts an import of a folder of generated articles in a child
process. The child prints ``done=<k>`` (flushed) from its progress callback;
the importer calls it just before storing file ``k``, so ``done=k`` means files
0..k-1 are committed. After a random delay the parent kills the child with
SIGKILL, then checks, in a fresh process state:

- the library opens;
- every article whose file was committed before the kill is present, once;
- after the automatic catch-up on open, ``check(repair=False)`` finds the
  index and the stored articles in agreement.

Prints a line per round and a summary: kills survived, articles lost.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import sys
from reader.library import Library

lib = Library.open(sys.argv[1])
def progress(p):
    sys.stdout.write(f"done={p.done}\n")
    sys.stdout.flush()
report = lib.import_paths([sys.argv[2]], progress=progress)
sys.stdout.write("finished\n")
sys.stdout.flush()
lib.close()
"""

WORDS = (
    "minister said the plan would cut costs across the region while critics warned of delays "
    "in hospitals schools and transport budgets for the coming year officials added"
).split()


def make_articles(folder: Path, n: int, rng: random.Random) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        paras = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + "."
                 for _ in range(rng.randint(3, 8))]
        text = f"Article number {i:05d} on {rng.choice(WORDS)}\n\n" + "\n\n".join(paras) + "\n"
        p = folder / f"a{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def one_round(lib: Path, folder: Path, files: list[Path], rng: random.Random, max_delay: float) -> dict:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(lib), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group: the kill takes its workers too
    )
    time.sleep(rng.uniform(0.5, max_delay))
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    out, _ = proc.communicate()
    done = 0
    finished = False
    for line in out.splitlines():
        if line.startswith("done="):
            done = max(done, int(line[5:]))
        elif line == "finished":
            finished = True
    committed = {str(p.resolve()) for p in files[:done]}

    from reader.library import Library

    problems: list[str] = []
    with Library.open(lib) as library:
        ids = library.article_ids()
        sources = [library.get(i).source for i in ids]
        have = set(sources)
        lost = sorted(committed - have)
        if len(sources) != len(have):
            problems.append(f"{len(sources) - len(have)} duplicate articles")
        report = library.check(repair=False)
        if report.problems:
            problems.extend(report.problems)
        if report.indexed != report.articles:
            problems.append(f"index holds {report.indexed} of {report.articles} articles")
    return {
        "committed_before_kill": done,
        "stored": len(have),
        "lost": lost,
        "problems": problems,
        "finished": finished,
    }


def run(kills: int, nfiles: int, seed: int, max_delay: float, workdir: Path | None = None) -> dict:
    rng = random.Random(seed)
    tmp = Path(workdir or tempfile.mkdtemp(prefix="kill-loop-"))
    folder = tmp / "articles"
    files = sorted(p.resolve() for p in make_articles(folder, nfiles, rng))
    lib = tmp / "library"
    survived = 0
    lost_total = 0
    for k in range(1, kills + 1):
        r = one_round(lib, folder, files, rng, max_delay)
        ok = not r["lost"] and not r["problems"]
        survived += ok
        lost_total += len(r["lost"])
        print(
            f"kill {k:3d}: committed before kill {r['committed_before_kill']:4d}, "
            f"stored {r['stored']:4d}, lost {len(r['lost'])}, "
            f"{'ok' if ok else 'PROBLEMS: ' + '; '.join(r['problems'][:3])}"
            + (" (import had finished)" if r["finished"] else ""),
            flush=True,
        )
        if r["stored"] >= nfiles:
            # Everything is in: start over so later kills hit fresh imports too.
            import shutil

            shutil.rmtree(lib)
    print(f"kills survived: {survived}/{kills}, articles lost: {lost_total}")
    return {"kills": kills, "survived": survived, "lost": lost_total}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-delay", type=float, default=10.0, help="longest wait before a kill (s)")
    args = ap.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    res = run(args.kills, args.files, args.seed, args.max_delay)
    return 0 if res["survived"] == res["kills"] else 1


if __name__ == "__main__":
    sys.exit(main())
