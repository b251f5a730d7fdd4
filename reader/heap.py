"""The C heap of a long-running process: give freed memory back to the system.

Searching a million articles decodes the postings of frequent words into
arrays of several megabytes; a search frees them when it ends. With glibc's
defaults that memory stays in the process: each thread that allocates gets
a malloc arena of its own (up to eight per core), and a freed block larger
than the mmap threshold raises the threshold to its size, so that the next
ones come from an arena too and are never unmapped. The window's resident
size then climbs with every new word searched, to the largest mix of
transient arrays it has seen in every arena at once (issue 16: 630 MB at
1,000,000 articles for a window that needs far less).

``tune()`` sets, once at start-up before the worker threads exist, the
settings in ``SETTINGS`` (kept as data): two arenas, and a fixed mmap
threshold so that large blocks are mapped and returned whole when freed.
It also puts them in the environment (glibc's ``MALLOC_*`` variables), so
that the import's parser and index worker processes, which start as new
interpreters, run with them too.
``release()`` hands the free pages of every arena back (``malloc_trim``);
the window calls it when it goes idle after searching or reading.

Both do nothing where the C library is not glibc (macOS, Windows, musl):
there the allocators already return large blocks, or offer no such knobs.
"""

from __future__ import annotations

import logging
import os
import platform
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

#: glibc's mallopt() parameters (malloc.h) and the values we set.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
#: The same settings as glibc's environment variables, read by a process when it starts.
ENVIRONMENT = {"arena_max": "MALLOC_ARENA_MAX", "mmap_threshold": "MALLOC_MMAP_THRESHOLD_",
               "trim_threshold": "MALLOC_TRIM_THRESHOLD_"}
SETTINGS: dict[str, tuple[int, int]] = {
    # Two arenas: the GUI thread and the search/import workers share them. Each
    # further arena keeps its own high-water mark of freed blocks.
    "arena_max": (M_ARENA_MAX, 2),
    # Blocks of 1 MiB and more are mmap()ed and unmapped on free (setting it
    # also stops glibc from raising the threshold after each large free).
    "mmap_threshold": (M_MMAP_THRESHOLD, 1 << 20),
    # Free memory at the top of the main heap beyond 8 MiB goes back at once.
    "trim_threshold": (M_TRIM_THRESHOLD, 8 << 20),
}


@cache
def _glibc() -> Any:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        import ctypes  # (here: a Python built without it, or unable to load it, runs untuned)

        libc = ctypes.CDLL("libc.so.6")  # (glibc's name on every Linux architecture)
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.mallopt.restype = ctypes.c_int
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
    except (ImportError, OSError, AttributeError):
        return None
    return libc


def tune() -> list[str]:
    """Apply ``SETTINGS``; the names of those the C library accepted (none off glibc)."""
    libc = _glibc()
    if libc is None:
        return []
    applied = []
    for name, (param, value) in SETTINGS.items():
        os.environ.setdefault(ENVIRONMENT[name], str(value))  # (for the worker processes)
        if libc.mallopt(param, value) == 1:
            applied.append(name)
        else:
            log.debug("mallopt(%s) refused", name)
    return applied


def release() -> bool:
    """Give the free pages of every malloc arena back to the system; True if any went."""
    libc = _glibc()
    return bool(libc is not None and libc.malloc_trim(0))
