"""Export errors a person can act on (a folder that cannot be written, a full disk)."""

from __future__ import annotations

from reader.errors import ReaderError


class ExportError(ReaderError):
    """The PDF could not be written; ``reason`` says why, ``path`` where."""
