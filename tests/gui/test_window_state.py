"""What users expect to find again: size, splitters, sort, last article; and the theme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from reader.render import QUOTE_BG_DARK

from .conftest import cnn_id, haaretz_id, make_window


def test_geometry_splitters_sort_and_article_are_restored(qtbot, seeded_library, light_theme):
    first = make_window(qtbot, seeded_library, light_theme, size=(720, 540))
    qtbot.waitUntil(lambda: (first.width(), first.height()) == (720, 540))
    first.splitter.setSizes([260, 460])
    first.side.sort_combo.setCurrentIndex(2)  # Title A-Z
    first.side.select_id(haaretz_id(seeded_library))
    sizes = first.splitter.sizes()
    size = (first.width(), first.height())
    first.close()

    second = make_window(qtbot, seeded_library, light_theme, size=None)
    assert (second.width(), second.height()) == size
    assert second.splitter.sizes() == sizes
    assert second.side.sort() == ("title", False)
    assert second.view.article_id == haaretz_id(seeded_library)
    second.close()


def test_unreadable_saved_state_falls_back_to_defaults(qtbot, seeded_library, light_theme):
    from PySide6.QtCore import QByteArray

    from reader.gui.settings import WindowState

    state = WindowState(seeded_library.root)
    state.set_blob("geometry", QByteArray(b"not a geometry"))
    state.set_blob("main_splitter", QByteArray(b"garbage"))
    state._s.setValue(f"{state._lib}/last_article", "not a number")
    state.sync()
    w = make_window(qtbot, seeded_library, light_theme, size=None)
    assert w.width() > 600 and w.splitter.sizes()[0] > 100
    assert w.view.article_id is not None  # first article shown instead
    w.close()


def test_dark_theme_switch_recolours_window_and_article(qtbot, window, seeded_library, light_theme):
    window.side.select_id(cnn_id(seeded_library))
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 128
    window.actions_by_id["theme_dark"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 100
    assert QUOTE_BG_DARK in window.view.browser.document().defaultStyleSheet()
    assert "#181a1b" in QApplication.instance().styleSheet()
    assert window.prefs.theme == "dark"
    window.actions_by_id["theme_light"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 128
    assert QApplication.palette().color(QPalette.ColorRole.Base) == QColor("#ffffff")


def test_system_theme_follows_the_colour_scheme(qapp, light_theme, monkeypatch):
    from reader.gui import theme as theme_mod

    monkeypatch.setattr(theme_mod, "system_is_dark", lambda: True)
    light_theme.apply("system")
    assert light_theme.is_dark
    monkeypatch.setattr(theme_mod, "system_is_dark", lambda: False)
    light_theme._on_system_changed(None)
    assert not light_theme.is_dark


def _contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    def lum(c: QColor) -> float:
        def ch(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_an_empty_check_box_is_visible_in_the_dark_theme(qtbot, window):
    # The Stories dock's "Single articles too", unticked, in the dark theme: Fusion drew its box
    # in a shade of the window colour (1.1:1, the box all but invisible). Its edge must stand out
    # from the window at 3:1 at least (WCAG's figure for the edges of controls).
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    window.actions_by_id["theme_dark"].trigger()
    qtbot.keyClick(window.side.list_view, Qt.Key.Key_F4)
    box = window.coverage.stories.singles
    assert not box.isChecked() and box.isVisible()
    opt = QStyleOptionButton()
    box.initStyleOption(opt)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, opt, box)
    image = box.grab().toImage()
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    best = max(_contrast(QColor(image.pixel(x, y)), window_colour)
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))
    assert best >= 3.0, best
    window.actions_by_id["theme_light"].trigger()


def test_hidden_comments_stay_hidden_after_a_restart(qtbot, seeded_library, light_theme):
    # View > Comments (Ctrl+Shift+C) hides the reader comments; like the panels, the choice is
    # remembered (the next start showed them again).
    first = make_window(qtbot, seeded_library, light_theme)
    first.side.select_id(cnn_id(seeded_library))
    assert first.view.comments.isVisible()
    qtbot.keyClick(first.view.browser, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not first.view.comments.isVisible()
    first.close()

    second = make_window(qtbot, seeded_library, light_theme, size=None)
    assert second.view.article_id == cnn_id(seeded_library)
    assert not second.view.comments.isVisible()
    assert not second.actions_by_id["toggle_comments"].isChecked()
    qtbot.keyClick(second.view.browser, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert second.view.comments.isVisible()
    second.close()
