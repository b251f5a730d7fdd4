"""One writer at a time, across processes; a waiting writer says so; a crashed writer's lock is free."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.errors import LibraryLocked
from reader.library import Library
from reader.library.locking import WAITERS_KNOWN, WriteLock
from tests.library.conftest import write_article

HOLDER = """
import sys, time
from reader.library.locking import WAITERS_KNOWN, WriteLock
lock = WriteLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
time.sleep(120)
"""


def start_holder(root: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(root)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def stop_holder(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    proc.send_signal(sig)
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def one_article_library(tmp_path: Path) -> Path:
    write_article(tmp_path / "src", "a.txt", "Only", "Only article, about wagtails.")
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.import_paths([tmp_path / "src"])
    return root


def test_a_writer_waits_says_so_and_gives_up_with_a_clear_message(tmp_path: Path) -> None:
    root = one_article_library(tmp_path)
    holder = start_holder(root)
    messages: list[str] = []
    try:
        with Library.open(root, lock_timeout=0.5, on_wait=messages.append) as lib:
            assert lib.count() == 1  # readers are never blocked
            assert lib.search("wagtails").hits
            with pytest.raises(LibraryLocked) as info:
                lib.delete(lib.article_ids())
            assert lib.count() == 1
    finally:
        stop_holder(holder)
    assert len(messages) == 1 and "waiting" in messages[0]
    assert f"pid {holder.pid}" in messages[0]  # says who holds it
    assert "another Article Reader" in str(info.value) and "Try again" in str(info.value)


def test_a_lock_left_by_a_killed_process_is_free_at_once(tmp_path: Path) -> None:
    root = one_article_library(tmp_path)
    holder = start_holder(root)
    stop_holder(holder)
    assert (root / "write.lock").exists()  # the file stays; the OS lock went with the process
    messages: list[str] = []
    with Library.open(root, lock_timeout=2, on_wait=messages.append) as lib:
        assert lib.delete(lib.article_ids()) == 1
    assert messages == []  # it never had to wait (no clock: the machine may be loaded)


def test_a_waiting_writer_goes_ahead_when_the_other_finishes(tmp_path: Path) -> None:
    root = one_article_library(tmp_path)
    other = WriteLock(root)  # another handle: as good as another process
    held = threading.Event()
    waiting = threading.Event()
    messages: list[str] = []

    def on_wait(message: str) -> None:
        messages.append(message)
        waiting.set()

    def hold_until_the_other_waits() -> None:
        with other:
            held.set()
            waiting.wait(timeout=60)  # however loaded the machine: the writer has said it waits

    holder = threading.Thread(target=hold_until_the_other_waits)
    holder.start()
    held.wait()
    try:
        with Library.open(root, lock_timeout=60, on_wait=on_wait) as lib:
            assert lib.delete(lib.article_ids()) == 1
    finally:
        holder.join()
        other.close()
    assert len(messages) == 1


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    root = one_article_library(tmp_path)
    lock = WriteLock(root)
    inside = 0
    overlaps: list[int] = []

    def work() -> None:
        nonlocal inside
        for _ in range(20):
            with lock:
                inside += 1
                if inside > 1:
                    overlaps.append(inside)
                time.sleep(0.001)
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lock.close()
    assert not overlaps


@pytest.mark.skipif(os.name != "posix", reason="fork-free POSIX subprocess check")
def test_two_processes_importing_at_once_do_not_corrupt_the_library(tmp_path: Path) -> None:
    for part in ("a", "b"):
        for i in range(60):
            write_article(tmp_path / part, f"{i:02}.txt", f"{part} article {i}",
                          f"Text of {part} article {i} about plovers. Marker {part}{i}m.")
    root = tmp_path / "lib"
    Library.open(root).close()
    env = dict(os.environ, ARTICLE_READER_IMPORT_WORKERS="1")
    procs = [subprocess.Popen([sys.executable, "-m", "reader", "--library", str(root),
                               "import", str(tmp_path / part)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for part in ("a", "b")]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "imported: 60" in out
    with Library.open(root) as lib:
        assert lib.count() == 120
        assert lib.check(repair=False).problems == []
        assert len(lib.search("plovers", limit=200).hits) == 120


def test_a_reader_sees_what_another_process_imported(tmp_path: Path) -> None:
    root = one_article_library(tmp_path)
    write_article(tmp_path / "more", "b.txt", "Later", "Imported by the command line: dippers.")
    with Library.open(root) as window:
        assert not window.search("dippers").hits
        proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(root), "import",
                               str(tmp_path / "more")], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert window.count() == 2
        assert [h.title for h in window.search("dippers").hits] == ["Later"]


def test_a_long_import_gives_a_waiting_writer_a_turn(tmp_path: Path) -> None:
    root = one_article_library(tmp_path)
    for i in range(200):
        write_article(tmp_path / "many", f"{i:03}.txt", f"Many {i}", f"Text {i} about rooks.")
    deleted_at: dict[str, int] = {}
    with Library.open(root) as importing, Library.open(root, lock_timeout=120) as other:
        victim = other.article_ids()
        started = threading.Event()
        deleted = threading.Event()
        files_done = [0]

        def delete_while_importing() -> None:
            started.wait()
            assert other.delete(victim) == 1
            deleted_at["files"] = files_done[0]
            deleted.set()

        def progress(p) -> None:
            files_done[0] = p.done
            if p.done == 1:
                started.set()
            if p.done >= 1 and not deleted.is_set():
                # Until the waiting writer has had its turn each file takes a little while, so
                # the import outlasts LOCK_TURN_SECONDS however fast or loaded the machine is.
                deleted.wait(timeout=0.05)

        t = threading.Thread(target=delete_while_importing)
        t.start()
        try:
            report = importing.import_paths([tmp_path / "many"], progress=progress)
        finally:
            t.join()
        assert deleted_at["files"] < 200  # it did not wait for the whole import
        assert len(report.imported) == 200 and importing.count() == 200
        assert importing.check(repair=False).problems == []


@pytest.mark.skipif(not WAITERS_KNOWN, reason="waiting writers cannot be told apart here")
def test_two_writers_asking_at_once_whether_anyone_waits_do_not_see_each_other(tmp_path: Path) -> None:
    """An import asks between batches whether a writer waits, and a window's background index
    catch-up asks before it takes a turn; asked at the same moment, neither is a waiting writer,
    so each must hear "nobody" (a "yes" makes the import hand over and drop its index catch-up
    in flight for nobody)."""
    root = tmp_path / "lib"
    root.mkdir()
    go = threading.Barrier(2)
    said_yes = [0, 0]

    def ask(k: int) -> None:
        lock = WriteLock(root)
        go.wait()
        for _ in range(3000):
            said_yes[k] += lock.others_waiting()
        lock.close()

    threads = [threading.Thread(target=ask, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert said_yes == [0, 0]
    waiter = WriteLock(root, timeout=5)
    holder = WriteLock(root)
    holder.acquire()
    t = threading.Thread(target=lambda: (waiter.acquire(), waiter.release()))
    t.start()
    try:
        deadline = time.monotonic() + 5
        while not holder.others_waiting() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert holder.others_waiting()  # a real waiter is still seen
    finally:
        holder.release()
        t.join()
    assert not holder.others_waiting()
