"""Preferences (what the user chose) kept apart from state (where things were left).

Preferences are a typed schema with defaults; state is window geometry,
splitter sizes, sort order and the last article, saved on close and restored
with a fallback when missing or unreadable (qutebrowser's ``StateConfig``).
Both are INI files under the user config folder, opened by explicit path so
tests that point ``XDG_CONFIG_HOME`` elsewhere never touch the real ones.
Never pickled: everything is stored as strings, ints and byte arrays.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from reader.paths import config_dir

THEMES = ("system", "light", "dark")
SORTS = ("date", "title", "site")
ZOOM_MIN, ZOOM_MAX = -6, 20


@dataclass
class Preferences:
    """What the user chose; every field has a default that works."""

    theme: str = "system"  # one of THEMES
    zoom: int = 0  # text size steps (points) relative to the default
    show_quotes_panel: bool = True
    show_annotations_panel: bool = True
    show_side_panel: bool = True
    show_comments: bool = True  # View > Comments: the reader comments under the article
    comments_start_folded: bool = False  # a thread seen for the first time opens with replies folded
    comment_section_start_folded: bool = False  # ... or with the whole comment section folded
    group_by_story: bool = False  # the article list brings each story's articles together

    def clamp(self) -> None:
        if self.theme not in THEMES:
            self.theme = "system"
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, int(self.zoom)))


def _settings(name: str) -> QSettings:
    path = config_dir() / name
    return QSettings(str(path), QSettings.Format.IniFormat)


def _to_bool(v: object, default: bool) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        return v.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(v, int):
        return bool(v)
    return default


def load_preferences() -> Preferences:
    s = _settings("preferences.ini")
    prefs = Preferences()
    for f in fields(Preferences):
        raw = s.value(f.name)
        if raw is None:
            continue
        default = getattr(prefs, f.name)
        try:
            if isinstance(default, bool):
                value: object = _to_bool(raw, default)
            elif isinstance(default, int):
                value = int(raw)  # type: ignore[arg-type]
            else:
                value = str(raw)
        except (TypeError, ValueError):
            continue  # a hand-edited bad value falls back to the default
        setattr(prefs, f.name, value)
    prefs.clamp()
    return prefs


def save_preferences(prefs: Preferences) -> None:
    s = _settings("preferences.ini")
    for f in fields(Preferences):
        s.setValue(f.name, getattr(prefs, f.name))
    s.sync()


class WindowState:
    """Geometry, splitters, sort and last article; per library where it matters."""

    def __init__(self, library_root: Path | str | None = None) -> None:
        self._s = _settings("state.ini")
        key = str(Path(library_root).resolve()) if library_root else ""
        self._lib = "library-" + hashlib.sha1(key.encode()).hexdigest()[:12]

    # -- byte blobs (geometry, window state, splitters) -------------------------
    def blob(self, name: str) -> QByteArray | None:
        v = self._s.value(f"window/{name}")
        return v if isinstance(v, QByteArray) and not v.isEmpty() else None

    def set_blob(self, name: str, value: QByteArray) -> None:
        self._s.setValue(f"window/{name}", value)

    # -- per-library values --------------------------------------------------------
    def sort(self) -> tuple[str, bool]:
        sort = str(self._s.value(f"{self._lib}/sort", "date"))
        desc = _to_bool(self._s.value(f"{self._lib}/descending", True), True)
        return (sort if sort in SORTS else "date"), desc

    def set_sort(self, sort: str, descending: bool) -> None:
        self._s.setValue(f"{self._lib}/sort", sort)
        self._s.setValue(f"{self._lib}/descending", descending)

    def stories_view(self) -> tuple[str, bool]:
        """The Stories view's sort key ("size", "recent") and whether it lists single articles."""
        sort = str(self._s.value(f"{self._lib}/stories_sort", "size"))
        return sort, _to_bool(self._s.value(f"{self._lib}/stories_singles", False), False)

    def set_stories_view(self, sort: str, singles: bool) -> None:
        self._s.setValue(f"{self._lib}/stories_sort", sort)
        self._s.setValue(f"{self._lib}/stories_singles", singles)

    def last_article(self) -> int | None:
        v = self._s.value(f"{self._lib}/last_article")
        try:
            return int(v) if v is not None else None  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None

    def set_last_article(self, article_id: int | None) -> None:
        if article_id is None:
            self._s.remove(f"{self._lib}/last_article")
        else:
            self._s.setValue(f"{self._lib}/last_article", int(article_id))

    def sync(self) -> None:
        self._s.sync()
