"""The background catch-up (the window's, after a cancelled import) keeps no other writer
waiting: a CLI import started meanwhile goes ahead at once, and the catch-up goes on after it.

Before, the catch-up held the library's write lock for its whole run (minutes in a big
backlog) and a CLI import gave up after 30 s ("another Article Reader ... is writing to this
library ... (waited 30 s)"). To have a catch-up still running when the other writer comes
(without depending on timing), its first worker is frozen with SIGSTOP: a catch-up that kept
the lock would keep it until the other writer gave up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from reader.library import Library
from reader.paths import sample_library_files

REPO = Path(__file__).resolve().parents[2]
#: The backlog library's rows (tests/conftest.py).
BACKLOG = 600
#: A hang, not a timing.
HANG_SECONDS = 120


def cli(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(library), *args],
                          check=False, capture_output=True, text=True, cwd=REPO, timeout=300)


class CatchUpThread(threading.Thread):
    """``Library.catch_up(cancel=...)`` as the window runs it, on a thread of its own."""

    def __init__(self, lib: Library) -> None:
        super().__init__()
        self.lib, self.cancel = lib, threading.Event()
        self.pauses: list[str | None] = []
        self.added: int | None = None

    def run(self) -> None:
        self.added = self.lib.catch_up(cancel=self.cancel, on_pause=self.pauses.append)


def test_a_cli_import_goes_ahead_during_the_catch_up_which_finishes_after_it(
        backlog_library: Path, frozen_catch_up: Any) -> None:
    frozen = frozen_catch_up
    article = sample_library_files()[0]
    with Library.open(backlog_library, create=False) as lib:
        assert "not in the search index" in (lib.index_problem or "")
        catching_up = CatchUpThread(lib)
        catching_up.start()
        try:
            assert frozen.started.wait(HANG_SECONDS), "the catch-up did not start"
            imported = cli(backlog_library, "import", "--json", str(article))
        finally:
            frozen.release()
            catching_up.join(HANG_SECONDS)
            hung = catching_up.is_alive()
            catching_up.cancel.set()
            catching_up.join()
        assert imported.returncode == 0, imported.stderr  # before: exit 2 after waiting 30 s
        assert "waited" not in imported.stderr
        assert json.loads(imported.stdout)["imported"] == 1
        assert not hung, "the catch-up did not finish after the import"
        assert lib.index_problem is None
        if catching_up.pauses:  # (it waited for the import: it said why, then went on)
            assert catching_up.pauses[-1] is None
            assert all("is writing to this library" in (p or "") for p in catching_up.pauses[:-1])
    title = json.loads(cli(backlog_library, "parse", "--json", str(article)).stdout)["title"]
    (new_id,) = [x["id"] for x in json.loads(cli(backlog_library, "list", "--json").stdout)
                 if x["title"] == title]
    shown = json.loads(cli(backlog_library, "show", "--json", str(new_id)).stdout)
    assert shown["id"] == new_id and shown["title"] == title
    checked = json.loads(cli(backlog_library, "check", "--json", "--no-repair").stdout)
    assert checked["problems"] == [] and checked["indexed"] == BACKLOG + 1
    found = json.loads(cli(backlog_library, "search", "--json", "number417").stdout)
    assert [x["title"] for x in found] == ["Harbour report 417"]


def test_a_catch_up_that_gave_way_indexes_the_whole_backlog_once_the_lock_is_free(
        backlog_library: Path, frozen_catch_up: Any) -> None:
    """The other writer here adds nothing to the index (it only holds the lock a moment):
    the catch-up stops its frozen worker, waits, says who writes, and then indexes it all."""
    frozen = frozen_catch_up
    holder = [sys.executable, "-c", (
        "import sys\n"
        "from reader.library.locking import WriteLock\n"
        "lock = WriteLock(sys.argv[1])\n"
        "lock.acquire(); print('held', flush=True); sys.stdin.readline(); lock.release()\n"
    ), str(backlog_library)]
    with Library.open(backlog_library, create=False) as lib:
        catching_up = CatchUpThread(lib)
        catching_up.start()
        other = None
        try:
            assert frozen.started.wait(HANG_SECONDS), "the catch-up did not start"
            other = subprocess.Popen(holder, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
            assert other.stdout is not None and other.stdout.readline() == "held\n"
            for _ in range(HANG_SECONDS * 10):  # the catch-up says it waits, and for whom
                if catching_up.pauses or not catching_up.is_alive():
                    break
                threading.Event().wait(0.1)
            paused = list(catching_up.pauses)
            other.communicate("go\n", timeout=HANG_SECONDS)
        finally:
            if other is not None and other.poll() is None:
                other.kill()
            frozen.release()
            catching_up.join(HANG_SECONDS)
            hung = catching_up.is_alive()
            catching_up.cancel.set()
            catching_up.join()
        assert other.returncode == 0
        assert len(paused) == 1 and "is writing to this library" in (paused[0] or "")
        assert f"pid {other.pid} " in (paused[0] or "")  # who writes
        assert not hung
        assert catching_up.added == BACKLOG  # by the second worker, after the other writer
        assert catching_up.pauses[1:] == [None]  # it went on
        assert lib.index_problem is None
        assert lib.search("quay", limit=BACKLOG).total == BACKLOG
        report = lib.check(repair=False)
        assert report.indexed == BACKLOG and not report.problems
