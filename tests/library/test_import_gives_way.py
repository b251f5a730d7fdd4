"""An import gives a waiting writer its turn at once, and takes the library back however long
that writer keeps it.

- A table import's index catch-up is written by a worker process (minutes in a big import).
  When another writer (a CLI import) waited, the import used to wait for that worker before
  handing over, and the other writer gave up after 30 s. The test freezes the worker (SIGSTOP):
  an import that waited for it would keep the library until the CLI import gave up.
- An import that handed over between two batches took the library back with the usual time
  limit, so a writer keeping it longer (a search repairing a big index backlog, a check) made
  the import fail in the middle. The test gives the importing library a 1 s limit and the other
  writer keeps the library 3 s.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from reader.library import Library, bulkimport
from reader.library.locking import WriteLock
from reader.paths import sample_library_files
from tests.library.conftest import write_article
from tests.library.test_import_cancel import HANG_SECONDS, ROWS, cli, write_table

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="freezes a process with SIGSTOP")
def test_a_cli_import_goes_ahead_while_a_table_imports_index_catch_up_is_in_flight(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulkimport, "INDEX_EVERY_ARTICLES", 200)  # a catch-up early in the table
    monkeypatch.setattr(bulkimport, "PROGRESS_SECONDS", 0.0)  # progress after every batch
    frozen: list[int] = []
    start = bulkimport._start_background

    def start_frozen(ctx: Any) -> Any:
        flight = start(ctx)
        if flight is not None and not frozen:
            os.kill(flight._proc.pid, signal.SIGSTOP)
            frozen.append(flight._proc.pid)
        return flight

    monkeypatch.setattr(bulkimport, "_start_background", start_frozen)
    table = write_table(tmp_path / "big.csv")
    article = sample_library_files()[0]
    root = tmp_path / "lib"
    cli_done = threading.Event()
    out: dict[str, Any] = {}
    with Library.open(root, create=True) as lib:

        def progress(_p: Any) -> None:
            # Once the catch-up is in flight, the table waits (between two batches) until the CLI
            # import waits for the library, so that it comes while the worker is still writing.
            if frozen and not cli_done.is_set():
                deadline = time.monotonic() + HANG_SECONDS
                while not lib._lock.others_waiting() and not cli_done.is_set():
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)

        def run() -> None:
            out["report"] = lib.import_paths([str(table)], progress=progress, workers=1)

        importing = threading.Thread(target=run)
        importing.start()
        try:
            for _ in range(HANG_SECONDS * 20):
                if frozen or not importing.is_alive():
                    break
                time.sleep(0.05)
            assert frozen, "no index catch-up was started during the import"
            imported = cli(root, "import", "--json", str(article))
        finally:
            cli_done.set()
            for pid in frozen:  # (an import that waits for its worker finishes once it may go on)
                try:
                    os.kill(pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass
            importing.join()
        # Before: exit 2, "another Article Reader (...) is writing to this library (waited 30 s)".
        assert imported.returncode == 0, imported.stderr
        assert json.loads(imported.stdout)["imported"] == 1
        assert len(out["report"].imported) == ROWS and not out["report"].failed
        assert lib.count() == ROWS + 1
    checked = json.loads(cli(root, "check", "--json").stdout)
    assert checked["problems"] == [] and checked["indexed"] == ROWS + 1
    found = json.loads(cli(root, "search", "--json", "number777").stdout)
    assert [x["title"] for x in found] == ["Harbour report 777"]


HOLD_3_S = """
import sys, time
from reader.library.locking import WriteLock
lock = WriteLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
time.sleep(3.0)
lock.release()
"""


def test_an_import_that_gave_a_turn_takes_the_library_back_however_long_the_other_keeps_it(
        tmp_path: Path) -> None:
    for i in range(40):
        write_article(tmp_path / "many", f"{i:03}.txt", f"Many {i}", f"Text {i} about kestrels.")
    root = tmp_path / "lib"
    holder: subprocess.Popen[str] | None = None
    with Library.open(root, create=True, lock_timeout=1.0) as lib:
        handed_over = threading.Event()
        handed_over_at = [0]

        others = WriteLock(root)

        def progress(p: Any) -> None:
            # After the first file the import waits (once) until the other writer waits for
            # the library, so the hand-over falls in the middle of the import however slowly
            # a loaded machine starts the other process (a time per file did not).
            if p.done >= 1 and not handed_over.is_set():
                deadline = time.monotonic() + HANG_SECONDS
                while not others.others_waiting() and time.monotonic() < deadline:
                    time.sleep(0.02)
                handed_over.set()
                handed_over_at[0] = p.done

        out: dict[str, Any] = {}

        def run() -> None:
            try:
                out["report"] = lib.import_paths([tmp_path / "many"], progress=progress)
            except Exception as exc:  # before: LibraryLocked after 1 s
                out["error"] = exc

        importing = threading.Thread(target=run)
        importing.start()
        try:
            holder = subprocess.Popen([sys.executable, "-c", HOLD_3_S, str(root)], stdout=subprocess.PIPE,
                                      text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
            assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        finally:
            handed_over.set()
            importing.join()
            if holder is not None:
                holder.communicate(timeout=HANG_SECONDS)
        assert "error" not in out, out.get("error")
        assert 0 < handed_over_at[0] < 40  # the other writer had the library in the middle
        assert len(out["report"].imported) == 40 and lib.count() == 40
        assert lib.check(repair=False).problems == []


@pytest.fixture
def backlog_costs_minutes_here(monkeypatch: pytest.MonkeyPatch):
    """Indexing the backlog library's 600 articles in this process never ends until released:
    it stands for a backlog of tens of thousands (minutes of indexing). A worker process
    (spawned: not patched) indexes them as fast as ever."""
    from reader.library import sync

    class Here:
        began = threading.Event()  # this process began indexing the backlog
        release = threading.Event()

    real = sync.iter_docs

    def slow(store: Any, ids: Any) -> Any:
        Here.began.set()
        Here.release.wait()
        yield from real(store, ids)

    monkeypatch.setattr(sync, "iter_docs", slow)
    yield Here
    Here.release.set()


def catch_up_began(frozen: Any, here: Any) -> bool:
    """The import began indexing the backlog: in a worker process (frozen) or in this one."""
    for _ in range(HANG_SECONDS * 20):
        if frozen.started.is_set() or here.began.is_set():
            return True
        time.sleep(0.05)
    return False


def import_in_thread(lib: Library, path: Path, cancel: threading.Event | None = None
                     ) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        out["report"] = lib.import_paths([str(path)], cancel=cancel)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def test_an_import_that_first_indexes_a_big_backlog_lets_a_cli_import_go_ahead(
        backlog_library: Path, frozen_catch_up: Any, backlog_costs_minutes_here: Any) -> None:
    """An import after a cancelled big one first indexes what the index lacks. That was done by
    the importing process holding the library, and a CLI import meanwhile gave up after 30 s."""
    window_file, cli_file = sample_library_files()[1], sample_library_files()[0]
    with Library.open(backlog_library, create=False) as lib:
        importing, out = import_in_thread(lib, window_file)
        try:
            assert catch_up_began(frozen_catch_up, backlog_costs_minutes_here)
            imported = cli(backlog_library, "import", "--json", str(cli_file))
        finally:
            backlog_costs_minutes_here.release.set()
            frozen_catch_up.release()
            importing.join()
        assert imported.returncode == 0, imported.stderr  # before: exit 2 after 30 s
        assert json.loads(imported.stdout)["imported"] == 1
        assert len(out["report"].imported) == 1 and not out["report"].cancelled
        assert lib.count() == 602 and lib.index_problem is None
    checked = json.loads(cli(backlog_library, "check", "--json").stdout)
    assert checked["problems"] == [] and checked["indexed"] == 602
    found = json.loads(cli(backlog_library, "search", "--json", "number417").stdout)
    assert [x["title"] for x in found] == ["Harbour report 417"]


def test_cancel_while_an_import_first_indexes_a_big_backlog_returns_at_once(
        backlog_library: Path, frozen_catch_up: Any, backlog_costs_minutes_here: Any) -> None:
    cancel = threading.Event()
    with Library.open(backlog_library, create=False) as lib:
        importing, out = import_in_thread(lib, sample_library_files()[1], cancel)
        try:
            assert catch_up_began(frozen_catch_up, backlog_costs_minutes_here)
            cancel.set()
            importing.join(HANG_SECONDS)  # a hang, not a timing
            waited = importing.is_alive()
        finally:
            backlog_costs_minutes_here.release.set()
            frozen_catch_up.release()
            importing.join()
        assert not waited, "Cancel waited for the backlog to be indexed"
        assert out["report"].cancelled and lib.count() == 600
        assert "not in the search index" in (lib.index_problem or "")  # ... left for later
        assert lib.catch_up(cancel=threading.Event()) == 600
        assert lib.check(repair=False).problems == []


def test_a_cli_import_goes_ahead_while_a_table_import_indexes_its_last_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen_catch_up: Any,
        backlog_costs_minutes_here: Any) -> None:
    """A table's last rows (up to 10,000: minutes) were indexed at its end by the importing
    process holding the library, and a CLI import meanwhile gave up after 30 s."""
    monkeypatch.setattr(bulkimport, "INDEX_EVERY_ARTICLES", 10**9)  # all 1,000 rows are "last"
    table = write_table(tmp_path / "big.csv")
    root = tmp_path / "lib"
    with Library.open(root, create=True) as lib:
        importing, out = import_in_thread(lib, table)
        try:
            assert catch_up_began(frozen_catch_up, backlog_costs_minutes_here)
            imported = cli(root, "import", "--json", str(sample_library_files()[0]))
        finally:
            backlog_costs_minutes_here.release.set()
            frozen_catch_up.release()
            importing.join()
        assert imported.returncode == 0, imported.stderr  # before: exit 2 after 30 s
        assert len(out["report"].imported) == ROWS and lib.count() == ROWS + 1
        assert lib.index_problem is None
    checked = json.loads(cli(root, "check", "--json").stdout)
    assert checked["problems"] == [] and checked["indexed"] == ROWS + 1
    found = json.loads(cli(root, "search", "--json", "number777").stdout)
    assert [x["title"] for x in found] == ["Harbour report 777"]
