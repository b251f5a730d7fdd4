"""View preferences from the menus: text zoom, theme, which panels show, how comment threads start.

Kept out of the main window so it stays a composition of widgets; the action
table names these methods as handlers (``reader.gui.actions``), and the
window resolves a handler here when it has none of that name itself.
Every change is saved to the preferences at once. It is handed exactly the
widgets it changes (``ViewParts``), never the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QWidget

from reader.gui.settings import ZOOM_MAX, ZOOM_MIN, Preferences, save_preferences
from reader.gui.theme import ThemeManager
from reader.gui.widgets.article_view import ArticleView
from reader.gui.widgets.side_panel import SidePanel


@dataclass
class ViewParts:
    """What the view preferences act on."""

    view: ArticleView
    side: SidePanel
    prefs: Preferences
    theme: ThemeManager | None
    #: The window's actions by id (filled once the action table is built).
    actions: dict[str, QAction]
    quotes_dock: QDockWidget
    speakers_dock: QDockWidget
    #: Builds the Speakers view on first use and returns it.
    speakers_view: Callable[[], QWidget]
    #: Shows a message in the status bar for some milliseconds.
    show_message: Callable[[str, int], None]


class ViewControls:
    def __init__(self, parts: ViewParts) -> None:
        self.w = parts

    def apply_preferences(self) -> None:
        self.w.view.set_zoom(self.w.prefs.zoom)
        choice = self.w.theme.choice if self.w.theme else self.w.prefs.theme
        self.w.actions[f"theme_{choice}"].setChecked(True)
        dark = self.w.theme.is_dark if self.w.theme else False
        self.w.view.set_dark(dark)
        self.w.side.delegate.set_dark(dark)
        self.w.side.setVisible(self.w.prefs.show_side_panel)
        self.w.actions["toggle_side_panel"].setChecked(self.w.prefs.show_side_panel)

    def _set_zoom(self, steps: int) -> None:
        self.w.prefs.zoom = max(ZOOM_MIN, min(ZOOM_MAX, steps))
        self.w.view.set_zoom(self.w.prefs.zoom)
        save_preferences(self.w.prefs)
        self.w.show_message(f"Text size {self.w.view.font_point_size():g} pt", 2000)

    def zoom_in(self) -> None:
        self._set_zoom(self.w.prefs.zoom + 1)

    def zoom_out(self) -> None:
        self._set_zoom(self.w.prefs.zoom - 1)

    def zoom_reset(self) -> None:
        self._set_zoom(0)

    def _set_theme(self, choice: str) -> None:
        self.w.prefs.theme = choice
        save_preferences(self.w.prefs)
        if self.w.theme is not None:
            self.w.theme.apply(choice)

    def theme_system(self) -> None:
        self._set_theme("system")

    def theme_light(self) -> None:
        self._set_theme("light")

    def theme_dark(self) -> None:
        self._set_theme("dark")

    def on_theme_changed(self, dark: bool) -> None:
        self.w.view.set_dark(dark)
        self.w.side.delegate.set_dark(dark)
        self.w.side.list_view.viewport().update()

    def toggle_side_panel(self, on: bool) -> None:
        self.w.side.setVisible(on)
        self.w.prefs.show_side_panel = on
        save_preferences(self.w.prefs)

    def toggle_quotes(self, on: bool) -> None:
        self.w.quotes_dock.setVisible(on)
        self.w.prefs.show_quotes_panel = on
        save_preferences(self.w.prefs)

    def sync_quotes_action(self, _visible: bool) -> None:
        act = self.w.actions["toggle_quotes"]
        act.blockSignals(True)
        act.setChecked(not self.w.quotes_dock.isHidden())
        act.blockSignals(False)

    def toggle_speakers(self, on: bool) -> None:
        view = self.w.speakers_view() if on else None
        self.w.speakers_dock.setVisible(on)
        if view is not None:
            self.w.speakers_dock.raise_()
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def sync_speakers_action(self, _visible: bool) -> None:
        act = self.w.actions["toggle_speakers"]
        act.blockSignals(True)
        act.setChecked(not self.w.speakers_dock.isHidden())
        act.blockSignals(False)
        if not self.w.speakers_dock.isHidden():
            self.w.speakers_view()

    def apply_comment_prefs(self) -> None:
        self.w.view.set_comments_enabled(self.w.prefs.show_comments)
        c = self.w.view.comments
        if c is not None:
            if hasattr(c, "set_start_collapsed"):
                c.set_start_collapsed(self.w.prefs.comments_start_folded)
            if hasattr(c, "set_section_start_collapsed"):
                c.set_section_start_collapsed(self.w.prefs.comment_section_start_folded)

    def set_comments_folded(self, on: bool) -> None:
        self.w.prefs.comments_start_folded = on
        save_preferences(self.w.prefs)
        self.apply_comment_prefs()

    def set_comment_section_folded(self, on: bool) -> None:
        self.w.prefs.comment_section_start_folded = on
        save_preferences(self.w.prefs)
        self.apply_comment_prefs()

    def toggle_comments(self, on: bool) -> None:
        self.w.view.set_comments_enabled(on)
        self.w.prefs.show_comments = on
        save_preferences(self.w.prefs)
