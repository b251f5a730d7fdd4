"""Default export file names from article titles, safe on every file system.

Titles are data from the web: they can hold "../", slashes, control
characters, bidi overrides that disguise an extension, Windows device names
(CON, NUL, COM1...) or run to a thousand characters. The name we propose
must be a plain file name that stays inside the chosen folder on Linux,
macOS and Windows alike, so the rules are the union of theirs.

Qt-free.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

#: Characters no file system we support accepts in a name (Windows is the strictest).
FORBIDDEN_CHARS = '<>:"/\\|?*'
#: Windows device names; reserved with any extension ("CON.pdf" opens the console).
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{i}" for i in "123456789¹²³"]
    + [f"LPT{i}" for i in "123456789¹²³"]
)
#: Unicode categories dropped outright: controls, format characters (bidi
#: overrides such as U+202E, zero-width joiners), separators that are line
#: breaks, surrogates and private use.
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: Longest stem we propose, in characters and in UTF-8 bytes (most file
#: systems allow 255 bytes per name; leave room for the suffix and " (99)").
MAX_STEM_CHARS = 100
MAX_STEM_BYTES = 200
DEFAULT_STEM = "article"

_SPACES = re.compile(r"\s+")
_DASH_RUNS = re.compile(r"-{2,}")


def _clean_stem(title: str) -> str:
    text = unicodedata.normalize("NFC", title)
    out: list[str] = []
    for ch in text:
        if ch in FORBIDDEN_CHARS:
            out.append("-" if ch in "/\\|" else " ")
        elif unicodedata.category(ch) in DROPPED_CATEGORIES:
            out.append(" " if ch in "\t\n\r\x0b\x0c\u2028\u2029" else "")
        else:
            out.append(ch)
    stem = _SPACES.sub(" ", "".join(out))
    stem = _DASH_RUNS.sub("-", stem)
    # Leading dots hide the file (and ".." is the parent); Windows drops
    # trailing dots and spaces silently, so two names could collide.
    return stem.strip(" .-_")


def _truncate(stem: str) -> str:
    if len(stem) > MAX_STEM_CHARS:
        cut = stem[:MAX_STEM_CHARS]
        # Prefer to end on a word boundary when one is reasonably near.
        space = cut.rfind(" ")
        stem = cut[:space] if space > MAX_STEM_CHARS * 0.6 else cut
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    return stem.rstrip(" .-_")


def safe_stem(title: str) -> str:
    """The title as a file name stem: no separators, reserved names or control characters."""
    stem = _truncate(_clean_stem(title or "")) or DEFAULT_STEM
    # Windows reads the part before the first dot (trailing spaces ignored) as
    # the device name: "PRN.txt" is PRN, so the mark goes on that part.
    base = stem.split(".")[0]
    if base.strip().upper() in RESERVED_NAMES:
        stem = f"{base.rstrip()}_{stem[len(base):]}"
    return stem


def safe_filename(title: str, folder: Path | str, *, suffix: str = ".pdf", unique: bool = False) -> Path:
    """A path inside ``folder`` named after ``title``, e.g. ``"Asylum in Latin America.pdf"``.

    With ``unique=True`` an existing file is never proposed: " (2)", " (3)"...
    are appended, which is what one-PDF-per-article export needs when two
    articles share a title.
    """
    folder = Path(folder)
    stem = safe_stem(title)
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while unique and candidate.exists():
        candidate = folder / f"{stem} ({n}){suffix}"
        n += 1
    # Belt and braces: the name must be a single component of ``folder``.
    if candidate.parent != folder or candidate.name in ("", ".", ".."):
        raise ValueError(f"unsafe file name derived from {title!r}")
    return candidate
