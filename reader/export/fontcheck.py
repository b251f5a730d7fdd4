"""Which scripts in the articles no installed font can show.

Qt embeds whatever font covers a character; when none does, the PDF gets
empty boxes and Qt says nothing useful. We bundle no fonts, so the honest
thing is to tell the user which scripts will not print and what to install.
The table is data: Unicode block -> the Qt writing systems that would cover it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QFontDatabase

from reader.model import Article

#: (script shown to the user, first code point, last code point, Qt writing systems, any of which will do)
SCRIPT_BLOCKS: tuple[tuple[str, int, int, tuple[str, ...]], ...] = (
    ("Greek", 0x0370, 0x03FF, ("Greek",)),
    ("Cyrillic", 0x0400, 0x04FF, ("Cyrillic",)),
    ("Armenian", 0x0530, 0x058F, ("Armenian",)),
    ("Hebrew", 0x0590, 0x05FF, ("Hebrew",)),
    ("Arabic", 0x0600, 0x06FF, ("Arabic",)),
    ("Syriac", 0x0700, 0x074F, ("Syriac",)),
    ("Thaana", 0x0780, 0x07BF, ("Thaana",)),
    ("Devanagari", 0x0900, 0x097F, ("Devanagari",)),
    ("Bengali", 0x0980, 0x09FF, ("Bengali",)),
    ("Gurmukhi", 0x0A00, 0x0A7F, ("Gurmukhi",)),
    ("Gujarati", 0x0A80, 0x0AFF, ("Gujarati",)),
    ("Oriya", 0x0B00, 0x0B7F, ("Oriya",)),
    ("Tamil", 0x0B80, 0x0BFF, ("Tamil",)),
    ("Telugu", 0x0C00, 0x0C7F, ("Telugu",)),
    ("Kannada", 0x0C80, 0x0CFF, ("Kannada",)),
    ("Malayalam", 0x0D00, 0x0D7F, ("Malayalam",)),
    ("Sinhala", 0x0D80, 0x0DFF, ("Sinhala",)),
    ("Thai", 0x0E00, 0x0E7F, ("Thai",)),
    ("Lao", 0x0E80, 0x0EFF, ("Lao",)),
    ("Tibetan", 0x0F00, 0x0FFF, ("Tibetan",)),
    ("Myanmar", 0x1000, 0x109F, ("Myanmar",)),
    ("Georgian", 0x10A0, 0x10FF, ("Georgian",)),
    ("Khmer", 0x1780, 0x17FF, ("Khmer",)),
    ("Japanese kana", 0x3040, 0x30FF, ("Japanese",)),
    ("Chinese/Japanese characters", 0x4E00, 0x9FFF, ("SimplifiedChinese", "TraditionalChinese", "Japanese")),
    ("Korean", 0xAC00, 0xD7AF, ("Korean",)),
)
#: What to install on Debian/Ubuntu; other systems name their Noto packages similarly.
FONT_HINT = "install a font that covers it (on Debian/Ubuntu: fonts-noto-core, or fonts-noto-cjk for Chinese/Japanese/Korean)"


def _texts(article: Article, comments: bool) -> Iterable[str]:
    yield article.title
    yield article.body
    for q in article.quotes:
        if q.speaker:
            yield q.speaker
    if comments:
        for _, c in article.iter_comments():
            yield c.author or ""
            yield c.text


def scripts_without_font(articles: Sequence[Article], *, comments: bool = False) -> list[str]:
    """Names of the scripts used in ``articles`` that no installed font covers, in table order."""
    used: set[int] = set()
    for article in articles:
        for text in _texts(article, comments):
            for ch in text:
                cp = ord(ch)
                if cp < 0x0370:
                    continue
                for i, (_name, lo, hi, _systems) in enumerate(SCRIPT_BLOCKS):
                    if lo <= cp <= hi:
                        used.add(i)
                        break
    missing = []
    for i in sorted(used):
        name, _lo, _hi, systems = SCRIPT_BLOCKS[i]
        if not any(QFontDatabase.families(getattr(QFontDatabase.WritingSystem, s)) for s in systems):
            missing.append(name)
    return missing


def font_warning(articles: Sequence[Article], *, comments: bool = False) -> str | None:
    """A sentence for the user, or None when every script has a font."""
    missing = scripts_without_font(articles, comments=comments)
    if not missing:
        return None
    return f"No font on this system shows {', '.join(missing)}: that text prints as empty boxes; {FONT_HINT}."
