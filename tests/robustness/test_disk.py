"""A full disk or a read-only library folder: a clear message, nothing half-written left behind.

A full disk is simulated with ``RLIMIT_FSIZE`` in a child process (SIGXFSZ
ignored, so a write past the limit fails with EFBIG, the way a write to a full
disk fails with ENOSPC). The library must then open with every article that
was committed before, agree with its index, and hold no temporary or
half-written files.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from reader.library import Library
from reader.library.codec import PreparedFile, prepare_article
from reader.library.index import INDEX_NAME
from reader.library.store import Store
from reader.model import Article

#: Runs the CLI with a file size limit: argv = limit, CLI arguments...
FULL_DISK_CHILD = r"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from reader.cli import main
sys.exit(main(sys.argv[2:]))
"""

WORDS = ("minister said the plan would cut costs across the region while critics warned "
         "of delays in hospitals schools and transport budgets").split()


def write_articles(folder: Path, prefix: str, n: int, words: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(words))
        (folder / f"{prefix}{i:03}.txt").write_text(
            f"{prefix.title()} article {i}\n\n{body} marker {prefix}{i}x.\n", encoding="utf-8")


def run_with_file_limit(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", FULL_DISK_CHILD, str(limit), *args],
                          capture_output=True, text=True, timeout=300)


def assert_no_leftovers(root: Path) -> None:
    """Only the library's own files: no temp files, no uncommitted index segments."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    allowed = {"library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm", "write.lock",
               "write.wait", "write.ask",
               "index"}
    assert {p.name for p in root.iterdir()} <= allowed
    storage = FileStorage(str(root / "index"))
    gen = TOC._latest_generation(storage, INDEX_NAME)
    segments = {s.segment_id() for s in TOC.read(storage, INDEX_NAME, gen).segments}
    for p in (root / "index").iterdir():
        assert p.is_file(), f"left-over folder {p.name}"
        if p.name in (f"_{INDEX_NAME}_{gen}.toc", f"{INDEX_NAME}_WRITELOCK", "library-seq.json",
                      "check-digests.json"):
            continue
        assert p.name.split(".")[0] in segments, f"uncommitted index file {p.name}"


def titles_and_check(root: Path) -> tuple[list[str], list[str]]:
    with Library.open(root) as lib:
        titles = [r.title for r in lib.rows(lib.article_ids(sort="title", descending=False))]
        report = lib.check(repair=False)
        assert report.indexed == report.articles
        return titles, report.problems


@pytest.mark.slow
def test_disk_full_during_import_keeps_the_library_whole(tmp_path: Path) -> None:
    write_articles(tmp_path / "old", "old", 20, 300, seed=1)
    write_articles(tmp_path / "new", "new", 120, 600, seed=2)
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        assert len(lib.import_paths([tmp_path / "old"]).imported) == 20
    before = (root / "library.sqlite3").stat().st_size

    proc = run_with_file_limit(before + 200_000, "--library", str(root), "import",
                               str(tmp_path / "new"))

    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "disk" in proc.stderr and "full" in proc.stderr
    assert_no_leftovers(root)
    titles, problems = titles_and_check(root)
    assert problems == []
    old = [t for t in titles if t.startswith("Old")]
    assert len(old) == 20
    assert 0 < len(titles) - 20 < 120  # some new articles went in before the disk filled
    with Library.open(root) as lib:
        assert [h.title for h in lib.search("old7x").hits] == ["Old article 7"]
        assert lib.search("new0x").hits  # the ones stored before the disk filled are searchable
    assert_no_leftovers(root)


def test_disk_full_while_the_index_catches_up_says_so_and_tidies_up(tmp_path: Path) -> None:
    """Articles stored but not yet indexed (a crash earlier); the disk is full at the next start."""
    write_articles(tmp_path / "old", "old", 10, 200, seed=3)
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.import_paths([tmp_path / "old"])
    store = Store(root)
    rng = random.Random(4)
    for i in range(60):  # varied words, so the new index segment is bigger than the limit
        body = " ".join(f"{rng.choice(WORDS)}{rng.randint(0, 500)}" for _ in range(300))
        article = Article(source=f"/late/{i}.txt", format="text", title=f"Late {i}",
                          body=body + f" marker late{i}x.")
        store.store_file(PreparedFile(f"/late/{i}.txt", "text", f"late-{i}",
                                      [prepare_article(article)]))
    store.close()

    proc = run_with_file_limit(40_000, "--library", str(root), "check", "--json")  # > the -shm file

    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "search index cannot be written (the disk is full)" in proc.stderr
    assert "stored articles are safe" in proc.stderr
    assert proc.stdout == ""
    assert_no_leftovers(root)
    # With room again, the next start indexes what the journal holds.
    titles, problems = titles_and_check(root)
    assert problems == [] and len(titles) == 70
    with Library.open(root) as lib:
        assert [h.title for h in lib.search("late42x").hits] == ["Late 42"]


READ_ONLY_CHILD = r"""
import os, sys
# Everything the command needs is loaded while still root: the interpreter lives
# in a folder "nobody" may not read.
import reader.cli, reader.cli.import_cmd, reader.cli.list_cmd, reader.library
import reader.library.importer, reader.library.index, reader.library.sync, reader.parsing
os.setgid(65534)
os.setuid(65534)
sys.exit(reader.cli.main(sys.argv[1:]))
"""


def digest_tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs root to drop to 'nobody'; as a normal user "
                           "tests/library/test_check.py::test_read_only_library_folder_is_reported "
                           "covers a chmod'ed folder")
def test_read_only_library_folder_as_another_user(tmp_path: Path) -> None:
    """Root ignores chmod, so the child drops to 'nobody', who may read but not write."""
    write_articles(tmp_path / "old", "old", 3, 50, seed=5)
    write_articles(tmp_path / "new", "new", 3, 50, seed=6)
    # pytest's own temp folders are private to root: 'nobody' needs a path it may walk.
    base = Path(tempfile.mkdtemp(prefix="ro-library-"))
    try:
        root = base / "lib"
        with Library.open(root) as lib:
            lib.import_paths([tmp_path / "old"])
        for p in [base, tmp_path / "new", *base.rglob("*"), *(tmp_path / "new").iterdir()]:
            p.chmod(0o755 if p.is_dir() else 0o644)  # readable by all, writable by root only
        before = digest_tree(root)

        for args in (["import", str(tmp_path / "new")], ["list"]):
            proc = subprocess.run([sys.executable, "-c", READ_ONLY_CHILD, "--library", str(root),
                                   *args], capture_output=True, text=True, timeout=120)
            assert proc.returncode == 2, proc.stderr
            assert "Traceback" not in proc.stderr
            assert "read-only" in proc.stderr and str(root) in proc.stderr

        assert digest_tree(root) == before
        assert titles_and_check(root)[0] == ["Old article 0", "Old article 1", "Old article 2"]
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_library_behind_a_folder_nobody_may_enter_is_a_plain_message(tmp_path: Path) -> None:
    """The path itself cannot be looked at (a parent folder without search permission)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to drop to 'nobody'")
    private = tmp_path / "private"  # pytest's temp folders are root's own (mode 700)
    proc = subprocess.run([sys.executable, "-c", READ_ONLY_CHILD, "--library",
                           str(private / "lib"), "list"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "permission denied" in proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["list", "--json"], ["list"], ["show", "1", "--json"],
                                  ["search", "assad", "--json"], ["parse-seed", "--json"]])
def test_output_to_a_full_disk_is_a_message_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    """``article-reader list --json > out.json`` with the disk full: one message and status 1
    (it was an OSError traceback, then "Exception ignored" from Python's flush at exit)."""
    seeds = sorted((Path(__file__).resolve().parents[2] / "resources" / "sample").glob("*.txt"))
    library = tmp_path / "lib"
    if args[0] == "parse-seed":
        args = ["parse", *map(str, seeds), *args[1:]]
    else:
        done = subprocess.run([sys.executable, "-m", "reader", "--library", str(library), "import",
                               *map(str, seeds)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        args = ["--library", str(library), *args]
    with open("/dev/full", "w", encoding="utf-8") as full:
        proc = subprocess.run([sys.executable, "-m", "reader", *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 1
    assert proc.stderr.startswith("article-reader: the disk is full (No space left on device)"), \
        proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
