"""The article library: durable storage (SQLite) plus a Whoosh search index.

Qt-free. The GUI and the CLI use only ``Library`` and the value types
re-exported here; see ``reader.library.library`` for the façade.
"""

from reader.library.cancel import SearchCancelled
from reader.library.library import Library
from reader.library.records import (
    ArticleRow,
    CheckReport,
    ImportProgress,
    ImportReport,
    QuoteRow,
    SpeakerRow,
)

__all__ = [
    "ArticleRow",
    "CheckReport",
    "ImportProgress",
    "ImportReport",
    "Library",
    "QuoteRow",
    "SearchCancelled",
    "SpeakerRow",
]
