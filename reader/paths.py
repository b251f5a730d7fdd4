"""Where things live on disk: the library folder and bundled resources."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from reader import APP_ID

LIBRARY_ENV = "ARTICLE_READER_LIBRARY"


def default_library_dir() -> Path:
    """``ARTICLE_READER_LIBRARY`` if set, else the platform's user data folder."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / "library"


def resolve_library_dir(cli_value: str | os.PathLike[str] | None) -> Path:
    """``--library DIR``, else the environment, else the platform default."""
    if cli_value:
        return Path(cli_value).expanduser()
    return default_library_dir()


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def resources_dir() -> Path:
    """The ``resources/`` folder: inside the installed package, or the source tree's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("resources folder not found next to the reader package")


def sample_library_files() -> list[Path]:
    """The bundled sample articles (the two seed pages)."""
    return sorted((resources_dir() / "sample").glob("*.txt"))
