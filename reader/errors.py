"""Typed errors: what the user can fix, kept apart from bugs.

Every error a person can act on derives from ``ReaderError`` and carries a
plain-language ``reason``; the CLI prints it and the GUI shows it. Anything
else that escapes is a bug and is logged with its traceback.
"""

from __future__ import annotations

from pathlib import Path


class ReaderError(Exception):
    """An error the user can understand and act on."""

    def __init__(self, reason: str, *, path: str | Path | None = None) -> None:
        self.reason = reason
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class UnreadableFile(ReaderError):
    """A file that cannot be turned into an article (binary, empty, too big, ...)."""


class UnsupportedFormat(UnreadableFile):
    """The file is readable but holds no article we know how to read."""


class LibraryError(ReaderError):
    """The library folder cannot be used as asked."""


class LibraryLocked(LibraryError):
    """Another process is writing to the library."""


class CorruptLibrary(LibraryError):
    """The library database is damaged; it is never overwritten automatically."""


class ReadOnlyLibrary(LibraryError):
    """The library folder cannot be written (permissions or full disk)."""


class ArticleNotFound(ReaderError):
    """No article with that id."""
