"""kill -9 in the middle of a table import, then the same import again: every row once."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ROWS = 1500  # below bulkimport.POOL_MIN_RECORDS: parsed in the importing process itself


def _table(path: Path, rows: int = ROWS) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["headline", "article_text", "byline", "pub_date"])
        for i in range(1, rows + 1):
            body = " ".join(f"Paragraph {p} of report {i} on the harbour works and the river, "
                            f"said an official." for p in range(4))
            w.writerow([f"Report {i}", body, f"Writer {i % 7}", f"2021-02-{1 + i % 28:02d}"])


def _count(library: Path) -> int:
    with sqlite3.connect(library / "library.sqlite3") as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def _import_under_way(tmp_path: Path) -> tuple[subprocess.Popen[str], Path, list[str], dict[str, str]]:
    """``import big.csv`` of ROWS rows started in a session of its own, returned once its first
    progress line says a batch of rows is committed: (the process, the library, the command, its env)."""
    table = tmp_path / "big.csv"
    _table(table)
    library = tmp_path / "lib"
    env = dict(os.environ, ARTICLE_READER_IMPORT_WORKERS="1")
    cmd = [sys.executable, "-m", "reader", "--library", str(library), "import", str(table), "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=env, start_new_session=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert "rows" in line, line
    return proc, library, cmd, env


@pytest.mark.slow
def test_a_killed_table_import_continues_without_duplicates(tmp_path: Path) -> None:
    # Killed once the first batch of rows is committed.
    proc, library, cmd, env = _import_under_way(tmp_path)
    table = tmp_path / "big.csv"
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


# The child of the next test: an import whose end splits the rows the index lacks between two
# index worker processes (thresholds lowered for a small table); it says when they have started.
_TAIL_CHILD = """
import sys
from reader.library import background_index, bulkimport, import_end
bulkimport.INDEX_EVERY_ARTICLES = 10**9  # (no catch-up while rows are stored: all at the end)
import_end.REST_IN_WORKER_MIN = 100
start = background_index.start_catch_ups
def started(*args):
    flights = start(*args)
    print(f"tail workers {len(flights)}", file=sys.stderr, flush=True)
    return flights
background_index.start_catch_ups = started
from reader.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_a_kill_while_index_workers_write_the_last_rows_loses_nothing(tmp_path: Path) -> None:
    """kill -9 while two worker processes write the index segments of a table's rows (the end
    of a big import): the rows are all stored; the next start indexes them, once each."""
    table = tmp_path / "big.csv"
    _table(table)
    library = tmp_path / "lib"
    env = dict(os.environ, ARTICLE_READER_IMPORT_WORKERS="1", ARTICLE_READER_INDEX_PROCS="2")
    cmd = [sys.executable, "-c", _TAIL_CHILD, "--library", str(library), "import", str(table)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=env, start_new_session=True)
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("tail workers"):
            break
    assert line.strip() == "tail workers 2", line
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert _count(library) == ROWS

    def check() -> dict:
        done = subprocess.run([sys.executable, "-m", "reader", "--library", str(library), "check",
                               "--json"], check=False, capture_output=True, text=True, cwd=REPO,
                              timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout)

    # The segments written were never listed: the index lacks the rows, and check adds them.
    first = check()
    assert first["articles"] == ROWS and first["repaired"] == ROWS
    again = check()
    assert again["indexed"] == ROWS and not again["problems"]
    found = subprocess.run([sys.executable, "-m", "reader", "--library", str(library), "search",
                            '"Report 1234"', "--json"], check=False, capture_output=True, text=True,
                           cwd=REPO, timeout=600)
    assert [hit["title"] for hit in json.loads(found.stdout)] == ["Report 1234"]


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in found.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ")[-1][:1] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and pgrep")
def test_parser_workers_end_with_an_importer_killed_outright(tmp_path: Path) -> None:
    """SIGTERM to the importing process alone (not its group): its parser worker processes end
    too, within seconds, instead of waiting for work for ever."""
    table = tmp_path / "big.csv"
    _table(table, rows=2500)  # (from bulkimport.POOL_MIN_RECORDS rows on: parser processes)
    env = dict(os.environ, ARTICLE_READER_IMPORT_WORKERS="2")
    cmd = [sys.executable, "-m", "reader", "--library", str(tmp_path / "lib"), "import", str(table)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=env, start_new_session=True)
    assert proc.stderr is not None
    try:
        line = proc.stderr.readline()  # (the first batch is stored: the parsers are working)
        assert "rows" in line, line
        workers = _children(proc.pid)
        assert len(workers) >= 2, workers
        proc.terminate()
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)]
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()


@pytest.mark.slow
def test_ctrl_c_in_a_table_import_keeps_the_batches_and_exits_130(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the terminal's process group) stops the import after the batch it is
    storing: the summary says so and the exit status is 130, so that a script does not go on as
    if every row were in (it was 0, the status of a complete import)."""
    proc, library, _cmd, _env = _import_under_way(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    summary = json.loads(out)
    assert summary["cancelled"] is True and not summary["failed"]
    assert 0 < summary["imported"] == _count(library) < ROWS
