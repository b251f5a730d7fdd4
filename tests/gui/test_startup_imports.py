"""Start-up: the library opens on a thread while the window's modules load (``reader.gui.app``).

The two halves import each other's modules through the ``reader.library`` package. Two
threads importing them at once can each wait for a module the other is running; Python
then hands one of them a partly run module and the app dies at start-up ("partially
initialized module 'reader.library.stories' has no attribute 'SCHEMA'"). The app imports
them one at a time (``_STARTUP_IMPORTS``); these tests launch fresh interpreters that start
the window's import at the worst moment, as the app does: the opener thread of
``reader.gui.app`` and ``import_main_window``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.paths import sample_library_files

REPO = Path(__file__).resolve().parents[2]
#: Fresh interpreters per case; without the lock 7 of 10 died ("package" case).
LAUNCHES = 8

LAUNCH = r"""
import sys
from pathlib import Path

import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets  # (loaded before, as in the app)
from reader.gui import app

moment, root = sys.argv[1], Path(sys.argv[2])
opener = app.LibraryOpener(root)
opener.start()
# "package": while the opener imports the reader.library package; "open": once it has, while
# Library.open runs (its own imports: the index, Whoosh, a catch-up of what the index lacks).
ready = {"package": lambda: "reader.library" in sys.modules,
         "open": lambda: hasattr(sys.modules.get("reader.library"), "Library")}[moment]
while not ready() and opener.is_alive():
    pass
try:
    app.import_main_window()
    library = opener.result()
    print("ok", library.count(), library.index_problem)
    library.close()
except Exception as exc:
    print(f"{type(exc).__name__}: {exc}")
"""


@pytest.fixture(scope="module")
def unindexed_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles the search index lacks: opening the library indexes them."""
    from reader.library import Library

    root = tmp_path_factory.mktemp("startup") / "library"
    with Library.open(root, create=True) as lib:
        assert len(lib.import_paths([str(p) for p in sample_library_files()]).imported) == 2
    shutil.rmtree(root / "index")
    return root


def launch(moment: str, root: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", LAUNCH, moment, str(root)], capture_output=True,
                         text=True, cwd=REPO, env=env, timeout=300, check=False)
    return (out.stdout.strip() or out.stderr.strip()).splitlines()[-1]


@pytest.mark.parametrize("moment", ["package", "open"])
def test_the_window_imports_while_the_library_opens(moment, unindexed_library, tmp_path):
    results = []
    for n in range(LAUNCHES):
        root = tmp_path / f"lib{n}"
        shutil.copytree(unindexed_library, root)
        results.append(launch(moment, root))
    assert results == ["ok 2 None"] * LAUNCHES
