"""kill -9 while annotating loses nothing: every highlight reported as made is there, whole.

A child process makes highlights (and marks) in a loop, printing each id once its
transaction has committed; the test kills it with SIGKILL after a number of lines
(not after a sleep), then checks the library: sound database, every reported
highlight present with its quote and note, no half-written row.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.library import Library

CHILD = textwrap.dedent("""
    import sys
    from reader.library import Library
    lib = Library.open(sys.argv[1])
    aid = int(sys.argv[2])
    words = lib.get(aid).body.split()
    n = 0
    while True:
        quote = " ".join(words[n % 40: n % 40 + 3])
        a = lib.annotations.create(aid, quote=quote, note=f"note {n}", color="green")
        lib.marks.add_labels(aid, [f"label {n}"])
        print(a.id, n, flush=True)
        n += 1
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killing_the_annotating_process_loses_nothing(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Kill test\n\n" + " ".join(f"word{i}" for i in range(200)) + "\n", encoding="utf-8")
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        [aid] = lib.import_paths([src]).imported
    reported: dict[int, int] = {}
    for after in (1, 5, 13):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(aid)],
                                 stdout=subprocess.PIPE, text=True, env={**os.environ})
        assert child.stdout is not None
        for _ in range(after):
            line = child.stdout.readline()
            assert line, "the child stopped early"
            hid, n = map(int, line.split())
            reported[hid] = n
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        child.stdout.close()
        with Library.open(root) as lib:
            assert lib._store.quick_check() == []
            stored = {a.id: a for a in lib.annotations.for_article(aid)}
            labels = set(lib.marks.get(aid).labels)
            for hid, n in reported.items():
                a = stored[hid]
                assert a.note == f"note {n}" and a.color == "green"
                assert lib.get(aid).body[a.start:a.end] == a.quote
                assert f"label {n}" in labels
            assert all(a.note.startswith("note ") for a in stored.values())
    assert len(reported) == 19


RESTORE_CHILD = textwrap.dedent("""
    import sys
    from reader.library import Library
    from reader.library.backup import restore_backup
    lib = Library.open(sys.argv[1])
    restore_backup(lib, sys.argv[2], lambda p: print(p.done, flush=True) if p.current else None)
    print("finished", flush=True)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_restore_completes_when_run_again_without_duplicates(tmp_path: Path) -> None:
    from reader.library.backup import restore_backup, write_backup

    src = tmp_path / "src"
    src.mkdir()
    for i in range(30):
        (src / f"{i:02d}.txt").write_text(f"Article number {i}\n\nThe story number {i} about "
                                          f"harbours and budgets, told at length.\n", encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        ids = lib.import_paths([src]).imported
        for aid in ids:
            lib.annotations.create(aid, quote="harbours and budgets", note=f"n{aid}")
        lib.marks.add_to_collection("All", ids)
        backup = tmp_path / "b.arbackup"
        write_backup(lib, backup)
    target = tmp_path / "target"
    Library.open(target).close()
    child = subprocess.Popen([sys.executable, "-c", RESTORE_CHILD, str(target), str(backup)],
                             stdout=subprocess.PIPE, text=True, env={**os.environ})
    assert child.stdout is not None
    for _ in range(7):
        assert child.stdout.readline().strip().isdigit()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()
    with Library.open(target) as lib:
        assert lib._store.quick_check() == []
        partial = lib.count()
        assert 7 <= partial < 30
        report = restore_backup(lib, backup)
        assert report.articles_added == 30 - partial and report.failed == []
        assert lib.count() == 30 and lib.annotations.count() == 30
        assert lib.marks.collections() == [("All", 30)]
        assert restore_backup(lib, backup).articles_added == 0
        assert len({a.uuid for a in lib.annotations.list_all()}) == 30
