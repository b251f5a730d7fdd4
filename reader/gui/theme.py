"""Light and dark themes that follow the system, with a manual override.

The look is Fusion plus an explicit palette (so dark works on every platform,
including ones whose theme reports no colour scheme), refined by a small
stylesheet from ``resources/styles/<light|dark>.qss``. With the "system"
choice the theme follows ``QStyleHints.colorScheme`` live.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from reader.paths import resources_dir

_LIGHT = {
    "Window": "#f4f2ee",
    "WindowText": "#1d1d1f",
    "Base": "#ffffff",
    "AlternateBase": "#f0ede6",
    "Text": "#1d1d1f",
    "Button": "#ebe8e1",
    "ButtonText": "#1d1d1f",
    "Highlight": "#2b6cb0",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#fffbe6",
    "ToolTipText": "#1d1d1f",
    "PlaceholderText": "#7a7873",
    "Link": "#1f5aa6",
    "Mid": "#c9c5bb",
}
_DARK = {
    "Window": "#202124",
    "WindowText": "#e8e6e3",
    "Base": "#181a1b",
    "AlternateBase": "#24272a",
    "Text": "#e8e6e3",
    "Button": "#2c2f33",
    "ButtonText": "#e8e6e3",
    "Highlight": "#3d7bd9",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#2c2f33",
    "ToolTipText": "#e8e6e3",
    "PlaceholderText": "#8f8c87",
    "Link": "#8ab4f8",
    "Mid": "#45484c",
}


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _palette(colors: dict[str, str]) -> QPalette:
    pal = QPalette()
    for role_name, hex_color in colors.items():
        role = getattr(QPalette.ColorRole, role_name)
        pal.setColor(QPalette.ColorGroup.All, role, QColor(hex_color))
    disabled = QColor(colors["PlaceholderText"])
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def stylesheet(name: str) -> str:
    try:
        return (resources_dir() / "styles" / f"{name}.qss").read_text(encoding="utf-8")
    except (OSError, FileNotFoundError):
        return ""  # a missing stylesheet leaves the palette, which is enough to read


class ThemeManager(QObject):
    """Applies the chosen theme and re-applies it when the system switches."""

    changed = Signal(bool)  # is_dark

    def __init__(self, app: QApplication, choice: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self._choice = choice
        self._dark: bool | None = None
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_changed)
        self.apply(choice)

    @property
    def choice(self) -> str:
        return self._choice

    @property
    def is_dark(self) -> bool:
        return bool(self._dark)

    def apply(self, choice: str) -> None:
        self._choice = choice if choice in ("system", "light", "dark") else "system"
        dark = system_is_dark() if self._choice == "system" else self._choice == "dark"
        if dark == self._dark:
            return
        self._dark = dark
        self._app.setPalette(_palette(_DARK if dark else _LIGHT))
        self._app.setStyleSheet(stylesheet("dark" if dark else "light"))
        self.changed.emit(dark)

    def _on_system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._choice == "system":
            self.apply("system")
