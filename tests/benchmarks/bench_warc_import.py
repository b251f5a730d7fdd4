"""Import a generated web archive: pages/second and peak memory of the import process.

Run: ``python tests/benchmarks/bench_warc_import.py [--pages N]``. Writes a WARC.gz of N
article pages (the two test pages with varied words and URLs) among as many scripts,
styles and redirects, imports it into a fresh library with ``article-reader import`` and
prints wall and CPU time, pages/second and the peak RSS of the import (children included).
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "containers" / "fixtures"
WORDS = ["harbour", "council", "ferry", "marsh", "heron", "tolls", "budget", "island", "lighthouse", "winter", "crowns"]


def write_archive(path: Path, pages: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rnd = random.Random(7)
    template = (FIXTURES / "heron.html").read_text(encoding="utf-8")
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i in range(pages):
            extra = " ".join(rnd.choice(WORDS) for _ in range(60))
            html = template.replace("Herons return", f"Story {i}: herons return").replace(
                "</article>", f"<p>{extra.capitalize()}.</p></article>").encode()
            for uri, ctype, body, status in (
                (f"https://courier.example/story/{i}", "text/html; charset=utf-8", html, "200 OK"),
                (f"https://courier.example/s{i}.js", "application/javascript", b"var a=1;" * 50, "200 OK"),
                (f"https://courier.example/old/{i}", "text/html", b"moved", "301 Moved Permanently"),
            ):
                headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                                           protocol="HTTP/1.1")
                w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                                    http_headers=headers))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "crawl.warc.gz"
        write_archive(archive, args.pages)
        print(f"archive: {args.pages} pages + {2 * args.pages} other records, "
              f"{archive.stat().st_size / 1e6:.1f} MB")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(Path(tmp) / "lib"), "import",
                               str(archive)], capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(proc.stdout.strip().replace("\n", "; "))
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"wall {wall:.1f} s, CPU {cpu:.1f} s (import and its workers), "
              f"{args.pages / wall:.1f} pages/s, peak RSS {after.ru_maxrss / 1024:.0f} MB")
        return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
