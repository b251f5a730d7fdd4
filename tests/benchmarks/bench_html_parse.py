"""CPU per HTML page of ``parse_html`` on 60 Zyte benchmark pages (every second file).

    python tests/benchmarks/bench_html_parse.py [--rounds N]

Prints the CPU milliseconds per page of each round and their median: run it on two
checkouts (PYTHONPATH=...) to compare a change. Pages are decoded before timing;
the first round warms trafilatura's caches and is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from reader.errors import ReaderError
from reader.parsing.decode import decode_text, normalise_newlines, read_bytes
from reader.parsing.html import parse_html

#: Only what every checkout has is imported, so an older one can be timed too.
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def page(path: Path) -> str:
    data, _name = read_bytes(path)
    return normalise_newlines(decode_text(data, path=path)[0])

PAGES = 60


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    files = sorted((CORPUS / "zyte-article-extraction-benchmark" / "html").glob("*.html.gz"))[::2][:PAGES]
    texts = [(f.name, page(f)) for f in files]
    rounds = []
    for r in range(args.rounds + 1):
        t0 = time.process_time()
        for name, text in texts:
            try:
                parse_html(text, source=name)
            except ReaderError:
                pass
        ms = (time.process_time() - t0) * 1000 / len(texts)
        if r:
            rounds.append(ms)
        print(f"round {r}{' (warm-up)' if not r else ''}: {ms:.1f} ms CPU per page", flush=True)
    print(f"{len(texts)} Zyte pages: median {statistics.median(rounds):.1f} ms CPU per HTML page")


if __name__ == "__main__":
    main()
