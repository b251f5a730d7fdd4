"""Scripts no installed font can show are named, so the user is not left with empty boxes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase

from reader.export.fontcheck import SCRIPT_BLOCKS, font_warning, scripts_without_font
from reader.model import Article, Comment


def _article(body: str, comment: str = "") -> Article:
    return Article(source="s", format="text", title="t", body=body, comments=[Comment("a", None, comment)] if comment else [])


def test_latin_greek_cyrillic_need_nothing_more() -> None:
    # fonts-dejavu-core (a test requirement, see PLATFORM.md) covers all three.
    assert scripts_without_font([_article("café Γειά Привет “quotes”")]) == []
    assert font_warning([_article("plain text")]) is None


def test_a_script_without_any_font_is_named_once_with_advice() -> None:
    uncovered = [
        (name, lo)
        for name, lo, _hi, systems in SCRIPT_BLOCKS
        if not any(QFontDatabase.families(getattr(QFontDatabase.WritingSystem, s)) for s in systems)
    ]
    if not uncovered:
        pytest.skip("every script in the table has a font on this machine")
    name, first = uncovered[0]
    text = chr(first + 0x10) * 3
    assert scripts_without_font([_article(f"Latin then {text} and {text}")]) == [name]
    warning = font_warning([_article(text)])
    assert warning is not None and name in warning and "fonts-noto" in warning
    # Comments count only when they are exported.
    assert scripts_without_font([_article("Latin", comment=text)]) == []
    assert scripts_without_font([_article("Latin", comment=text)], comments=True) == [name]
