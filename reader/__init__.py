"""Article Reader: read, search and compare saved news articles offline.

The package is split so that a reader of the code knows where things live:

- ``reader.model``     the domain dataclasses (Article, Comment, Quote)
- ``reader.parsing``   files -> Article (decode, text/HTML/JSON pipelines)
- ``reader.quotes``    quoted speech and its speakers
- ``reader.library``   storage (SQLite), the Whoosh index, search and import
- ``reader.export``    article -> HTML/PDF (QtGui only, no widgets)
- ``reader.cli``       the command line (a public, stable interface)
- ``reader.gui``       the Qt shell; the only package that imports QtWidgets

Everything but ``gui`` and ``export`` is Qt-free.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("article-reader")
except _metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+src"

APP_NAME = "Article Reader"
APP_ID = "article-reader"
