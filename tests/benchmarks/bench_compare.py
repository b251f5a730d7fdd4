"""Compare benchmark: two 2,000-word articles about the same event, side by side.

Target (issue 14): <= 300 ms per comparison.

    python tests/benchmarks/bench_compare.py [--words 2000] [--runs 20]

Article A is made of BBC article text (``../shared/corpus/bbc-news-fulltext``,
or the bundled seed articles when the corpus is absent) up to ``--words``
words; B keeps a third of A's paragraphs word for word, rewords a third (words
dropped and swapped, numbers changed) and replaces the rest with other text,
so every stage of the alignment has work to do. Prints wall and CPU time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from reader.compare import compare_articles  # noqa: E402
from reader.model import Article  # noqa: E402
from reader.quotes import find_quotes  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "bbc-news-fulltext"
TARGET_MS = 300.0


def paragraphs() -> list[str]:
    files = sorted(CORPUS.glob("*/*.txt"))[:400] or sorted((REPO / "resources" / "sample").glob("*.txt"))
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        out.extend(p.strip() for p in text.split("\n\n")[1:] if len(p.split()) > 20)
    return out


def take(paras: list[str], words: int, rnd: random.Random) -> list[str]:
    out, n = [], 0
    while n < words:
        p = rnd.choice(paras)
        out.append(p)
        n += len(p.split())
    return out


def reword(p: str, rnd: random.Random) -> str:
    ws = p.split()
    for _ in range(max(1, len(ws) // 8)):
        i = rnd.randrange(len(ws))
        if ws[i].isdigit():
            ws[i] = str(int(ws[i]) + 1)
        elif rnd.random() < 0.5 and len(ws) > 5:
            del ws[i]
        else:
            j = rnd.randrange(len(ws))
            ws[i], ws[j] = ws[j], ws[i]
    return " ".join(ws)


def article(paras: list[str]) -> Article:
    body = "\n\n".join(paras)
    return Article(source="bench", format="text", body=body, quotes=find_quotes(body))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    rnd = random.Random(14)
    pool = paragraphs()
    a_paras = take(pool, args.words, rnd)
    b_paras = []
    for k, p in enumerate(a_paras):
        b_paras.append(p if k % 3 == 0 else reword(p, rnd) if k % 3 == 1 else rnd.choice(pool))
    a, b = article(a_paras), article(b_paras)
    print(f"A: {len(a.body.split())} words, {len(a.quotes)} quotes; B: {len(b.body.split())} words, "
          f"{len(b.quotes)} quotes; load {os.getloadavg()[0]:.1f}")
    walls, cpus = [], []
    for _ in range(args.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        c = compare_articles(a, b)
        walls.append((time.perf_counter() - w0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    kinds = {k: sum(1 for p in c.shared if p.kind == k) for k in ("verbatim", "reworded")}
    print(f"shared passages {kinds}, only in A {len(c.only_a)}, only in B {len(c.only_b)}, "
          f"quotes both/only A/only B {len(c.quotes_both)}/{len(c.quotes_only_a)}/"
          f"{len(c.quotes_only_b)}, figures that disagree {len(c.figures)}")
    med = statistics.median(walls)
    print(f"compare: median {med:.0f} ms wall ({statistics.median(cpus):.0f} ms CPU), "
          f"max {max(walls):.0f} ms; target <= {TARGET_MS:.0f} ms: "
          f"{'met' if statistics.median(cpus) <= TARGET_MS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
