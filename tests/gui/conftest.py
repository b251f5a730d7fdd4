"""Fixtures for the window tests: a real library on disk with the seed articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from reader.paths import sample_library_files


@pytest.fixture
def light_theme(qapp: QApplication):
    """A theme manager pinned to light; reset afterwards so no test leaks a dark palette."""
    from reader.gui.theme import ThemeManager

    theme = ThemeManager(qapp, "light")
    yield theme
    theme.apply("light")
    theme.deleteLater()


@pytest.fixture(scope="session")
def _seed_library_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds imported once (a real import, ~1.5 s); each test gets a copy of the folder."""
    from reader.library import Library

    root = tmp_path_factory.mktemp("seed-template") / "library"
    with Library.open(root, create=True) as lib:
        report = lib.import_paths([str(p) for p in sample_library_files()])
        assert len(report.imported) == 2, report
    return root


@pytest.fixture
def seeded_library(tmp_path: Path, _seed_library_template: Path):
    from reader.library import Library

    root = tmp_path / "library"
    shutil.copytree(_seed_library_template, root)
    lib = Library.open(root, create=False)
    assert lib.count() == 2
    yield lib
    lib.close()


@pytest.fixture
def empty_library(tmp_path: Path):
    from reader.library import Library

    lib = Library.open(tmp_path / "empty-library", create=True)
    yield lib
    lib.close()


def make_window(qtbot, library, theme, *, size: tuple[int, int] | None = (1100, 760)):
    """A shown, active window; ``size=None`` keeps the geometry it restored."""
    from reader.gui.mainwindow import MainWindow

    w = MainWindow(library, theme=theme, background_check=False)
    qtbot.addWidget(w)
    if library.count():
        # Site and tag choices are counted on the pool (no event has run yet, so none is missed).
        with qtbot.waitSignal(w.filtersLoaded):
            pass
    if size is not None:
        w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()  # window shortcuts need the active window
    qtbot.waitUntil(w.isActiveWindow)
    return w


@pytest.fixture
def window(qtbot, seeded_library, light_theme):
    w = make_window(qtbot, seeded_library, light_theme)
    yield w
    w.close()


def cnn_id(library) -> int:
    for row in library.rows(library.article_ids()):
        if "Is Assad seeking asylum" in row.title:
            return row.id
    raise AssertionError("CNN seed not in the library")


def haaretz_id(library) -> int:
    for row in library.rows(library.article_ids()):
        if "Latin America" in row.title:
            return row.id
    raise AssertionError("second seed not in the library")
