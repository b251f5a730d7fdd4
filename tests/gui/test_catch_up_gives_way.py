"""The window's background catch-up (articles a cancelled import left out of the search index)
gives way to another writer: a CLI import started meanwhile finishes instead of giving up after
30 s, the window says indexing is paused, and the catch-up goes on after it.

The library here has 600 articles its index lacks (tests/conftest.py); the window adds them at
start-up in its background catch-up, whose first worker process is frozen (SIGSTOP) so that it
is still running when the other writer comes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from reader.gui import mainwindow
from reader.library import Library
from reader.paths import sample_library_files

REPO = Path(__file__).resolve().parents[2]
BACKLOG = 600  # the backlog library's rows (tests/conftest.py)


def cli(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(library), *args],
                          check=False, capture_output=True, text=True, cwd=REPO, timeout=300)


def open_window(qtbot, lib: Library, theme, monkeypatch) -> mainwindow.MainWindow:
    monkeypatch.setattr(mainwindow, "CHECK_DELAY_MS", 0)
    w = mainwindow.MainWindow(lib, theme=theme, background_check=True)
    qtbot.addWidget(w)
    w.show()
    return w


def hold_the_library(root: Path) -> subprocess.Popen[str]:
    """Another process that takes the library's write lock (waiting for it, as a writer does)
    and keeps it until it reads a line."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys\n"
        "from reader.library.locking import WriteLock\n"
        "lock = WriteLock(sys.argv[1])\n"
        "lock.acquire(); print('held', flush=True); sys.stdin.readline(); lock.release()\n"
    ), str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def search_titles(qtbot, w: mainwindow.MainWindow, lib: Library, query: str) -> list[str]:
    box = w.side.search_box
    box.clear()
    box.setFocus()
    with qtbot.waitSignal(w.search.resultsReady):
        qtbot.keyClicks(box, query)
    qtbot.waitUntil(lambda: w.search.idle)
    return [lib.get(w.model.id_at(r)).title for r in range(w.model.rowCount())]


def test_a_cli_import_during_the_windows_catch_up_finishes_and_the_catch_up_goes_on_after_it(
        qtbot, backlog_library, frozen_catch_up, light_theme, monkeypatch):
    article = sample_library_files()[0]
    with Library.open(backlog_library, create=False) as lib:
        w = open_window(qtbot, lib, light_theme, monkeypatch)
        done: list[bool] = []
        checked: list = []
        w.imports.indexed.connect(lambda _added, up_to_date: done.append(up_to_date))
        w.checkDone.connect(checked.append)
        qtbot.waitUntil(frozen_catch_up.started.is_set)  # the start-up catch-up is running
        status = w.import_status
        assert status.isVisible() and "search index" in status.label.text()
        assert status.cancel_button.text() == "&Stop Indexing"

        importing = subprocess.Popen(
            [sys.executable, "-m", "reader", "--library", str(backlog_library), "import", "--json",
             str(article)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
        try:
            qtbot.waitUntil(lambda: importing.poll() is not None)
            out, err = importing.communicate()
        finally:
            if importing.poll() is None:
                importing.kill()
                importing.communicate()
        # Before: exit 2, "another Article Reader (... the window) is writing to this library
        # (waited 30 s)".
        assert importing.returncode == 0, err
        assert json.loads(out)["imported"] == 1 and "waited" not in err

        qtbot.waitUntil(lambda: bool(done))
        assert done == [True]
        assert not status.isVisible()
        assert w.statusBar().currentMessage() == "Search index up to date"
        qtbot.waitUntil(lambda: bool(checked))  # the start-up check, after the catch-up
        assert checked[0].repaired == 0 and not checked[0].problems
        assert search_titles(qtbot, w, lib, "number417") == ["Harbour report 417"]
        w.close()
    checked = json.loads(cli(backlog_library, "check", "--json").stdout)
    assert checked["problems"] == [] and checked["indexed"] == BACKLOG + 1
    title = json.loads(cli(backlog_library, "parse", "--json", str(article)).stdout)["title"]
    (new_id,) = [x["id"] for x in json.loads(cli(backlog_library, "list", "--json").stdout)
                 if x["title"] == title]
    assert json.loads(cli(backlog_library, "show", "--json", str(new_id)).stdout)["title"] == title


def _paused_behind_another_writer(qtbot, lib, root, frozen_catch_up, light_theme, monkeypatch):
    """The window open on ``lib``, its catch-up's worker frozen, another process holding the
    library until told to go, and the status bar saying the index waits: (window, the
    up-to-date flags of its 'indexed' signals, the holder)."""
    w = open_window(qtbot, lib, light_theme, monkeypatch)
    done: list[bool] = []
    w.imports.indexed.connect(lambda _added, up_to_date: done.append(up_to_date))
    qtbot.waitUntil(frozen_catch_up.started.is_set)
    holder = hold_the_library(root)
    try:
        qtbot.waitUntil(lambda: "paused" in w.import_status.label.text())
    except BaseException:
        holder.kill()
        holder.communicate()
        raise
    return w, done, holder


def test_the_window_says_indexing_is_paused_for_another_writer_and_goes_on_after_it(
        qtbot, backlog_library, frozen_catch_up, light_theme, monkeypatch):
    """The other writer holds the library until the window has said it waits for it."""
    holder = None
    try:
        with Library.open(backlog_library, create=False) as lib:
            w, done, holder = _paused_behind_another_writer(
                qtbot, lib, backlog_library, frozen_catch_up, light_theme, monkeypatch)
            status = w.import_status
            assert status.label.text().startswith("Search index: paused while another Article Reader")
            assert f"pid {holder.pid} " in status.label.toolTip()  # who writes
            assert status.isVisible() and status.cancel_button.isEnabled()
            holder.communicate("go\n", timeout=120)
            qtbot.waitUntil(lambda: bool(done))
            assert done == [True] and not status.isVisible()
            assert search_titles(qtbot, w, lib, "number599") == ["Harbour report 599"]
            assert lib.check(repair=False).indexed == BACKLOG
            w.close()
    finally:
        if holder is not None and holder.poll() is None:
            holder.kill()
            holder.communicate()


def test_stop_indexing_while_paused_stops_the_catch_up(qtbot, backlog_library, frozen_catch_up,
                                                        light_theme, monkeypatch):
    holder = None
    try:
        with Library.open(backlog_library, create=False) as lib:
            w, done, holder = _paused_behind_another_writer(
                qtbot, lib, backlog_library, frozen_catch_up, light_theme, monkeypatch)
            status = w.import_status
            qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: bool(done))  # while the other writer still holds the library
            assert done == [False] and not status.isVisible()
            assert "not all articles" in w.statusBar().currentMessage()
            assert "not in the search index" in (lib.index_problem or "")
            w.close()
    finally:
        if holder is not None and holder.poll() is None:
            holder.communicate("go\n", timeout=120)
