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

APP_NAME = "Article Reader"
APP_ID = "article-reader"


def __getattr__(name: str) -> str:
    """``reader.__version__``, read from the package metadata when first asked for:
    importing importlib.metadata costs every command ~30 ms, and only --version,
    the About box, backups and PDF exports show the version."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("article-reader")
    except metadata.PackageNotFoundError:  # running from a source tree without install
        version = "0.0.0+src"
    globals()["__version__"] = version
    return version
