"""Shared test settings: no display needed, no user data touched, no leaked threads."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# A loaded machine (2 cores shared by many processes) must not fail a property test:
# no per-example deadline and no "data generation is slow" health check.
settings.register_profile("loaded", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("loaded")

# Qt must never try to reach a display in tests (it aborts the process without one).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_runtime = tempfile.mkdtemp(prefix="article-reader-xdg-")
os.chmod(_runtime, 0o700)
os.environ.setdefault("XDG_RUNTIME_DIR", _runtime)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = Path(os.environ.get("ARTICLE_READER_CORPUS", SHARED / "corpus"))
SEEDS = REPO / "resources" / "sample"
GOLD = SHARED / "gold" / "seeds.json"

#: How long a test waits for a signal, a condition or a thread before failing. A wait ends as
#: soon as what it waits for happens, so this bounds only a real failure; it is long because the
#: machine may be loaded (2 cores shared by many processes: a 1 s step can take 20).
WAIT_MS = 120_000


def import_heron_reports(base: Path, n: int) -> Path:
    """A library of ``n`` short articles ("Heron report I", whose body holds the marker word
    qqIz), imported through the CLI as a user does; returns its folder (``base``/lib)."""
    src = base / "src"
    src.mkdir()
    for i in range(n):
        (src / f"{i:02}.txt").write_text(
            f"Heron report {i}\n\nHerons were counted at site {i}. Marker qq{i}z was noted.\n",
            encoding="utf-8")
    lib = base / "lib"
    proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(lib), "import", str(src)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return lib


@pytest.fixture
def qtbot(qtbot):
    """pytest-qt's ``qtbot`` whose waits give up after ``WAIT_MS`` unless a test says otherwise
    (pytest-qt's own default, 5 s, fails tests on a loaded machine)."""
    for name in ("waitSignal", "waitSignals", "waitUntil", "waitExposed", "waitActive", "waitCallback"):
        setattr(qtbot, name, functools.partial(getattr(qtbot, name), timeout=WAIT_MS))
    return qtbot


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point every user folder (data, config, cache) at a temp dir."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("ARTICLE_READER_LIBRARY", raising=False)
    yield


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail a test that leaves Python threads running (napari does the same)."""
    before = set(threading.enumerate())
    yield
    leaked = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and not t.daemon and t is not threading.current_thread()
    ]
    for t in leaked:
        t.join(timeout=WAIT_MS / 1000)  # a thread that is finishing has its time, however loaded
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"test left threads running: {still}"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present (../shared/corpus)")
    return CORPUS


@pytest.fixture
def gold_seeds() -> dict:
    import json

    if not GOLD.is_file():
        pytest.skip("gold labels not present (../shared/gold/seeds.json)")
    return json.loads(GOLD.read_text(encoding="utf-8"))


#: More articles than a library indexes when it opens (``CATCH_UP_ON_OPEN``): left to a catch-up.
BACKLOG = 600


@pytest.fixture(scope="session")
def _backlog_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of BACKLOG table rows ("Harbour report N", "number{N}" in the text) whose search
    index holds none of them, as a cancelled big import leaves it (built once, ~4 s)."""
    import csv

    from reader.library import Library, sync

    folder = tmp_path_factory.mktemp("backlog")
    table = folder / "harbour.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "text", "author"])
        for i in range(1, BACKLOG + 1):
            w.writerow([f"Harbour report {i}", f"The ferry number{i} left quay {i} before the storm."
                        f"\n\nPassengers of crossing {i} were counted twice.", f"Reporter {i % 7}"])
    root = folder / "library"
    with Library.open(root, create=True) as lib:
        assert len(lib.import_paths([str(table)], workers=0).imported) == BACKLOG
    sync.open_fresh_index(sync.index_dir(root)).close()
    return root


@pytest.fixture
def backlog_library(tmp_path: Path, _backlog_template: Path) -> Path:
    """A copy of the backlog library's folder (not opened)."""
    import shutil

    root = tmp_path / "backlog-library"
    shutil.copytree(_backlog_template, root)
    return root


class FrozenCatchUpWorker:
    """Wraps ``background_index.start_catch_up``: the first catch-up worker process is frozen
    (SIGSTOP) as soon as it starts, so a catch-up is still running when a test needs it to be
    (the later workers run). ``release`` lets it go on (it may have been killed meanwhile)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from reader.library import background_index

        self.pids: list[int] = []
        self.started = threading.Event()
        self._start = background_index.start_catch_up
        monkeypatch.setattr(background_index, "start_catch_up", self)

    def __call__(self, *args, **kwargs):
        import signal

        flight = self._start(*args, **kwargs)
        if flight is not None and not self.pids:
            self.pids.append(flight._proc.pid)
            os.kill(flight._proc.pid, signal.SIGSTOP)
            self.started.set()
        return flight

    def release(self) -> None:
        import signal

        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass


@pytest.fixture
def frozen_catch_up(monkeypatch: pytest.MonkeyPatch):
    import signal

    from reader.library import background_index

    if not hasattr(signal, "SIGSTOP") or not background_index.WAITERS_KNOWN:
        pytest.skip("freezes a process with SIGSTOP; needs shared file locks")
    frozen = FrozenCatchUpWorker(monkeypatch)
    yield frozen
    frozen.release()
