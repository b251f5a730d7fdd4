"""Cancel during a big table import: it stops at once, however long the index catch-up in
flight would take; the committed rows stay, and the index catches up later.

The index catch-up of a big import is written by a worker process and can take minutes.
To have one still running when Cancel comes (without depending on timing), the test
freezes that worker (SIGSTOP) as soon as it starts: an import that waited for it would
never return.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from reader.library import Library, bulkimport

REPO = Path(__file__).resolve().parents[2]
ROWS = 1_000
#: A hang, not a timing: the import returns within seconds once it does not wait.
HANG_SECONDS = 120

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="freezes a process with SIGSTOP")


def cli(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(library), *args],
                          check=False, capture_output=True, text=True, cwd=REPO, timeout=600)


def write_table(path: Path, rows: int = ROWS) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "text", "author"])
        for i in range(1, rows + 1):
            w.writerow([f"Harbour report {i}", f"The ferry number{i} left quay {i} before the storm.\n\n"
                        f"Passengers of crossing {i} were counted twice.", f"Reporter {i % 7}"])
    return path


class FrozenCatchUp:
    """Wraps ``bulkimport._start_background``: the first catch-up's worker is frozen as soon
    as it starts and Cancel is pressed (``cancel`` set) at that moment."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, cancel: Any) -> None:
        self.pids: list[int] = []
        self._cancel = cancel
        self._start = bulkimport._start_background
        monkeypatch.setattr(bulkimport, "_start_background", self)

    def __call__(self, ctx: Any) -> Any:
        flight = self._start(ctx)
        if flight is not None and not self.pids:
            self.pids.append(flight._proc.pid)
            os.kill(flight._proc.pid, signal.SIGSTOP)
            self._cancel()
        return flight

    def release(self) -> None:
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass


def frozen_worker_gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.fixture
def small_catch_ups(monkeypatch: pytest.MonkeyPatch) -> None:
    # A catch-up after every 200 rows, so one is in flight early in a small table.
    monkeypatch.setattr(bulkimport, "INDEX_EVERY_ARTICLES", 200)


def import_cancelled_during_catch_up(lib: Library, table: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> tuple[Any, FrozenCatchUp]:
    """Import ``table``, pressing Cancel while the first index catch-up is in flight (frozen)."""
    cancel = threading.Event()
    frozen = FrozenCatchUp(monkeypatch, cancel.set)
    out: dict[str, Any] = {}

    def run() -> None:
        out["report"] = lib.import_paths([str(table)], cancel=cancel, workers=1)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(HANG_SECONDS)
    waited = thread.is_alive()
    frozen.release()  # (a broken import finishes once its catch-up may go on)
    thread.join()
    assert frozen.pids, "no index catch-up was started during the import"
    assert not waited, "Cancel waited for the index catch-up in flight"
    return out["report"], frozen


def test_cancel_does_not_wait_for_the_catch_up_and_the_index_catches_up_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_catch_ups: None) -> None:
    table = write_table(tmp_path / "big.csv")
    root = tmp_path / "lib"
    with Library.open(root, create=True) as lib:
        report, frozen = import_cancelled_during_catch_up(lib, table, monkeypatch)
        assert report.cancelled
        kept = lib.count()
        assert 0 < kept < ROWS and len(report.imported) == kept
        assert frozen_worker_gone(frozen.pids[0])
        assert lib.index_problem is not None and "not in the search index" in lib.index_problem
    # Later, from the command line: every committed row is listed, found, and the library is sound.
    listed = json.loads(cli(root, "list", "--json").stdout)
    assert len(listed) == kept
    last = max(int(x["title"].rsplit(" ", 1)[1]) for x in listed)
    found = cli(root, "search", "--json", f"number{last}")
    assert [x["title"] for x in json.loads(found.stdout)] == [f"Harbour report {last}"]
    checked = cli(root, "check")
    assert checked.returncode == 0 and "the library is sound" in checked.stdout, checked.stdout
    assert f"indexed: {kept}" in checked.stdout


def test_a_cancelled_catch_up_changes_nothing_and_the_next_one_indexes_everything(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_catch_ups: None) -> None:
    table = write_table(tmp_path / "big.csv")
    with Library.open(tmp_path / "lib", create=True) as lib:
        import_cancelled_during_catch_up(lib, table, monkeypatch)
        kept = lib.count()
        assert lib.search("quay", limit=ROWS).total < kept  # the cancelled import left some out

        stop = threading.Event()
        stop.set()  # Cancel pressed before the catch-up could finish
        assert lib.catch_up(cancel=stop) == 0
        assert lib.index_problem is not None and "not in the search index" in lib.index_problem

        assert lib.catch_up(cancel=threading.Event()) == kept
        assert lib.index_problem is None
        assert lib.search("quay", limit=ROWS).total == kept
        report = lib.check(repair=False)
        assert report.indexed == kept and not report.problems
