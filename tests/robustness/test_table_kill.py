"""kill -9 in the middle of a table import, then the same import again: every row once."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ROWS = 1500  # below bulkimport.POOL_MIN_RECORDS: parsed in the importing process itself


def _table(path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["headline", "article_text", "byline", "pub_date"])
        for i in range(1, ROWS + 1):
            body = " ".join(f"Paragraph {p} of report {i} on the harbour works and the river, "
                            f"said an official." for p in range(4))
            w.writerow([f"Report {i}", body, f"Writer {i % 7}", f"2021-02-{1 + i % 28:02d}"])


def _count(library: Path) -> int:
    with sqlite3.connect(library / "library.sqlite3") as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


@pytest.mark.slow
def test_a_killed_table_import_continues_without_duplicates(tmp_path: Path) -> None:
    table = tmp_path / "big.csv"
    _table(table)
    library = tmp_path / "lib"
    env = dict(os.environ, ARTICLE_READER_IMPORT_WORKERS="1")
    cmd = [sys.executable, "-m", "reader", "--library", str(library), "import", str(table), "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=env, start_new_session=True)
    assert proc.stderr is not None
    # The first progress line comes once a batch of rows is committed: kill then.
    line = proc.stderr.readline()
    assert "rows" in line, line
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()  # reads and closes the pipes
    assert proc.returncode == -signal.SIGKILL
    stored = _count(library)
    assert 0 < stored < ROWS  # the kill came mid-import and the batches before it stayed

    rerun = subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=REPO, env=env, timeout=900)
    summary = json.loads(rerun.stdout)
    assert rerun.returncode == 0, rerun.stderr
    assert summary["unchanged"] == stored  # skipped, not parsed again
    assert summary["imported"] == ROWS - stored
    assert _count(library) == ROWS
    with sqlite3.connect(library / "library.sqlite3") as conn:
        sources = {r[0] for r in conn.execute("SELECT source FROM articles")}
    assert sources == {f"{table}#row={i}" for i in range(1, ROWS + 1)}
    check = subprocess.run([sys.executable, "-m", "reader", "--library", str(library), "check",
                            "--json"], check=False, capture_output=True, text=True, cwd=REPO, timeout=600)
    assert check.returncode == 0, check.stdout + check.stderr
    report = json.loads(check.stdout)
    assert report["articles"] == ROWS and report["indexed"] == ROWS and not report["problems"]
