"""Start the desktop app: QApplication, theme, library, window.

``article-reader`` with no command lands here (see ``reader.cli``). On first
run (no ``--library`` and the default library is missing or empty) the
bundled sample articles are imported so a new user sees something at once.
Files given on the command line ("Open with Article Reader") are imported and
shown; if a window is already open on that library they are handed to it.
Library errors a user can act on (damaged, locked, read-only) appear in a
message box with the reason, never as a traceback.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from reader import APP_ID, APP_NAME, heap
from reader.errors import CorruptLibrary, LibraryLocked, ReaderError, ReadOnlyLibrary
from reader.paths import resolve_library_dir, resources_dir, sample_library_files

log = logging.getLogger(__name__)

#: Said after the reason when the reason alone does not tell the user what to do.
_ADVICE = {
    CorruptLibrary: "Nothing in the folder has been changed.",
    LibraryLocked: "Another program is using this library. Close it and try again.",
    ReadOnlyLibrary: "The library folder cannot be written. Check its permissions and the free disk space.",
}


def app_icon() -> QIcon:
    icon = QIcon()
    try:
        folder = resources_dir() / "icons"
    except FileNotFoundError:
        return icon
    for png in sorted(folder.glob(f"{APP_ID}-*.png")):
        icon.addFile(str(png))
    svg = folder / f"{APP_ID}.svg"
    if icon.isNull() and svg.is_file():
        icon.addFile(str(svg))
    return icon


def make_application(qt_args: list[str]) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_ID, *qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return app


def is_new_library(root: Path) -> bool:
    """True when the folder does not exist yet or holds nothing: the first run."""
    try:
        return not root.exists() or not any(root.iterdir())
    except OSError:
        return False


def library_error_text(exc: ReaderError) -> str:
    advice = next((text for cls, text in _ADVICE.items() if isinstance(exc, cls)), "")
    where = f"\n\nLibrary: {exc.path}" if exc.path and exc.path not in exc.reason else ""
    return f"{exc.reason}{where}" + (f"\n\n{advice}" if advice else "")


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """A bug escaped a slot: log the traceback, tell the user in one sentence, keep running."""
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    if isinstance(exc, ReaderError):
        text = exc.reason
    else:
        text = f"Something went wrong ({exc_type.__name__}: {exc}). Your library was not changed."
    if QApplication.instance() is not None:
        QMessageBox.warning(None, APP_NAME, text)


#: Held while either thread imports reader modules at start-up. The library's modules and the
#: window's import each other through the ``reader.library`` package; two threads importing
#: both halves at once can each wait for a module the other is running, and Python then hands
#: one of them a partly run module (AttributeError: partially initialized module).
_STARTUP_IMPORTS = threading.Lock()


def import_main_window() -> Any:
    """The window's class, imported while the library opener imports no reader module."""
    with _STARTUP_IMPORTS:
        from reader.gui.mainwindow import MainWindow  # loads while the library opens
    return MainWindow


class LibraryOpener(threading.Thread):
    """Opens the library on a thread while the GUI modules load: start-up overlaps its I/O."""

    def __init__(self, root: Path) -> None:
        super().__init__(name="open-library", daemon=True)
        self.root = root
        self.library: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with _STARTUP_IMPORTS:
                from reader.library import Library

            self.library = Library.open(self.root, create=True)
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.error = exc

    def result(self) -> Any:
        self.join()
        if self.error is not None:
            raise self.error
        return self.library


def _close_on_signals(window: Any) -> None:
    """Ctrl+C in the terminal or a SIGTERM (logout) closes the window properly, saving its state.

    Python only runs signal handlers between bytecodes, so a slow timer gives it the chance
    while Qt's event loop waits.
    """
    import signal

    from PySide6.QtCore import QTimer

    def close(_signum: int, _frame: object) -> None:
        window.close()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(sig, close)
        except (ValueError, OSError):  # not the main thread, or not supported here
            return
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(300)


#: This long after the last search result or article shown, freed memory goes back to the system.
HEAP_RELEASE_IDLE_MS = 1500


def _release_heap_when_idle(window: Any) -> None:
    """Once the window rests after searching or reading, hand the C heap's free pages back
    (``heap.release``): a million-article search frees arrays of tens of megabytes."""
    from PySide6.QtCore import QTimer

    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.setInterval(HEAP_RELEASE_IDLE_MS)
    timer.timeout.connect(heap.release)
    window.search.resultsReady.connect(timer.start)
    window.articleShown.connect(timer.start)


def run_app(
    library: str | None,
    files: list[str],
    qt_args: list[str],
    *,
    on_shown: Callable[[Any], None] | None = None,
) -> int:
    """Open the window and run until it closes; the exit status for the shell.

    ``on_shown(window)`` runs once the window is shown (benchmarks and
    embedding scripts use it to drive the real launch path).
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    heap.tune()  # before any thread allocates: freed search arrays go back to the system
    root = resolve_library_dir(library)
    first_run = library is None and is_new_library(root)
    opener = LibraryOpener(root)
    opener.start()
    app = make_application(qt_args)

    from reader.gui.settings import load_preferences
    from reader.gui.theme import ThemeManager

    prefs = load_preferences()
    theme = ThemeManager(app, prefs.theme)

    instance = None
    try:
        from reader.gui.single_instance import SingleInstance

        instance = SingleInstance(root)
        if instance.forward(files):
            try:
                opener.result().close()
            except ReaderError:
                pass
            return 0  # the running window imports and shows them
        instance.listen()
    except ImportError:
        instance = None

    MainWindow = import_main_window()  # noqa: N806 (a class)

    try:
        lib = opener.result()
    except ReaderError as exc:
        QMessageBox.critical(None, f"{APP_NAME}: cannot open the library", library_error_text(exc))
        if instance is not None:
            instance.close()
        return 1

    sys.excepthook = _excepthook
    window = MainWindow(lib, prefs=prefs, theme=theme)
    if instance is not None:

        def _received(paths: list[str]) -> None:
            if paths:
                window.import_paths(paths)
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
            window.raise_()
            window.activateWindow()

        instance.filesReceived.connect(_received)
    _close_on_signals(window)
    _release_heap_when_idle(window)
    window.show()
    if on_shown is not None:
        on_shown(window)
    if first_run:
        window.import_paths([str(p) for p in sample_library_files()], show_first=not files)
    if files:
        window.import_paths([str(Path(f).expanduser()) for f in files], show_first=True)
    try:
        return app.exec()
    finally:
        import signal

        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sys.excepthook = sys.__excepthook__
        if instance is not None:
            instance.close()
        lib.close()
