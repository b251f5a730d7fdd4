"""What the story step adds to an import, and whether its decisions changed.

Target (issue 14): joining stories adds <= 20 % to import time.

    python tests/benchmarks/bench_story_step.py [--corpus DIR] [--runs N]
                                                [--dump FILE] [--compare FILE]

Imports the BBC files (``bbc-news-fulltext``, 2,225) into an empty library in
this one process (parser workers 0, so every step's CPU is counted here) and
times with ``time.process_time``:

- the story signatures (``reader.stories.features.signature`` as the import
  calls it), per article;
- joining stories (``reader.library.stories.assign``: keys, candidates,
  scoring, refreshing the story), per article;
- everything else the import does (parsing, SQLite, the search index).

Prints each run and the median of the runs: signature and join CPU per
article and what the two add to the rest of the import, in per cent.

``--dump FILE`` writes the decisions of the last run (each story's files, its
headline and first report, and every "same text as" mark, articles named by
their file) as JSON; ``--compare FILE`` checks them against such a dump and
lists what differs, so a speed-up can be shown to change no decision.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from reader.library import Library, codec, store  # noqa: E402
from reader.library.database import DB_FILENAME  # noqa: E402

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dump", type=Path, help="write the decisions of the last run here")
    ap.add_argument("--compare", type=Path, help="check the decisions against this dump")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    files = sorted(str(p) for p in corpus.glob("*/*.txt"))
    if not files:
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    sig = Timer(codec.signature)
    join = Timer(store.story_tables.assign)
    codec.signature = sig  # type: ignore[assignment]
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
