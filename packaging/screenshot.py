"""Take the README screenshot: the CNN seed open, a search for "asylum".

    xvfb-run -a python packaging/screenshot.py [OUT.png] [--theme light|dark]

Builds a throwaway library from the bundled sample articles in a temp folder
(with its own config folder, so the user's settings are untouched), drives the
real window the way a reader would, and saves ``QWidget.grab()`` of it to
``resources/screenshot.png`` by default.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(REPO / "resources" / "screenshot.png"))
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--query", default="asylum")
    parser.add_argument("--size", default="1440x900", help="window size WxH")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="article-reader-shot-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(tmp / var.lower())
    sys.path.insert(0, str(REPO))

    from PySide6.QtCore import QTimer

    from reader.gui.app import make_application
    from reader.gui.mainwindow import MainWindow
    from reader.gui.settings import Preferences
    from reader.gui.theme import ThemeManager
    from reader.library import Library
    from reader.paths import sample_library_files

    app = make_application([])
    theme = ThemeManager(app, args.theme)
    library = Library.open(tmp / "Sample library", create=True)
    library.import_paths([str(p) for p in sample_library_files()])
    window = MainWindow(library, prefs=Preferences(theme=args.theme), theme=theme, background_check=False)
    width, height = (int(v) for v in args.size.lower().split("x"))
    window.resize(width, height)
    window.show()

    cnn = next(r.id for r in library.rows(library.article_ids()) if "Is Assad seeking asylum" in r.title)
    state = {"done": False}

    def search() -> None:
        window.side.search_box.setFocus()
        window.side.search_box.setText(args.query)

    def on_results(_outcome) -> None:
        if state["done"]:
            return
        state["done"] = True
        window.side.select_id(cnn)
        QTimer.singleShot(400, shoot)

    def shoot() -> None:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out))
        print(f"{'saved' if ok else 'could not save'} {out}")
        window.close()
        app.quit()

    window.search.resultsReady.connect(on_results)
    QTimer.singleShot(300, search)
    QTimer.singleShot(20000, app.quit)  # never hang a build
    app.exec()
    library.close()
    return 0 if Path(args.out).is_file() else 1


if __name__ == "__main__":
    sys.exit(main())
