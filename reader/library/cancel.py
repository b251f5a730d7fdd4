"""Cancelling a running search (a newer keystroke replaced it).

Apart from the executor so that importing the library (and the window)
does not load the executor's numpy: that waits for the first search.
"""

from __future__ import annotations

import threading


class SearchCancelled(Exception):
    """The search was cancelled before it finished (a newer query replaced it)."""


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise ``SearchCancelled`` when ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise SearchCancelled
