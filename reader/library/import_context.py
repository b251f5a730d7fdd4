"""What an import needs from its library, and nothing more.

The importer used to reach into ``Library``'s private parts (its lock, store,
index and catch-up); it now gets them through this small object, which
``Library.import_context()`` builds, so ``importer`` does not import
``library`` (no cycle) and can be tested against any store and index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.library.locking import WriteLock
from reader.library.store import Store


@dataclass(frozen=True)
class ImportContext:
    root: Path
    store: Store
    #: The library's write lock: held for the whole import, handed over between batches.
    lock: WriteLock
    #: The search index now (None when it could not be opened: articles are stored anyway).
    index: Callable[[], Any]
    #: Index what the journal holds beyond the index; the caller holds ``lock``.
    catch_up: Callable[[], int]
    #: Tell the library (and so the window) that indexing failed during the import.
    index_failed: Callable[[str], None]
    #: ``catch_up`` writing one segment in this process (a bulk import, whose worker
    #: processes are busy parsing); None: use ``catch_up``.
    catch_up_bulk: Callable[[], int] | None = None
    #: Start ``catch_up`` in a worker process (``background_index.BackgroundCatchUp``, to
    #: commit later); returns None when it is to be done here. None: not offered.
    catch_up_background: Callable[[], Any] | None = None
