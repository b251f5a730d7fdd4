"""A guard for a PySide6 6.12 bug on Python 3.11: every call of a C++ method that
returns nothing (``painter.save()``, ``cursor.setPosition()``...) drops one
reference to ``None`` that it never took.

On Python 3.12+ ``None`` is immortal and nothing happens. On 3.11 the lost
references add up (a 50-page export loses about a thousand) until the
interpreter deallocates ``None`` and aborts -- usually at exit, after the PDF
was written, so ``article-reader export`` would end with status 134.
Measured here: PySide6-Essentials 6.11.3 does not have the bug; pinning
below 6.12 is the real fix, this guard makes export safe either way.

``keep_none_alive()`` measures what a block of Qt calls lost and gives that
many references back with ``Py_IncRef`` -- references nobody owns, so they
survive interpreter shutdown, when a list holding them would be emptied
before the last references to None go. Other threads can only make the
measurement err towards giving back too many, which is harmless.

Qt-free.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

#: None is immortal from Python 3.12 (PEP 683); only older interpreters need the guard.
AFFECTED = sys.version_info < (3, 12)

_lock = threading.Lock()
_given_back = 0


def _incref_none(times: int) -> None:
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    for _ in range(times):
        incref(None)


@contextmanager
def keep_none_alive() -> Iterator[None]:
    """Give back, after the block, the references to None that Qt calls in it dropped."""
    if not AFFECTED:
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        lost = before - sys.getrefcount(None)
        if lost > 0:
            global _given_back
            with _lock:
                _incref_none(lost)
                _given_back += lost


def given_back() -> int:
    """How many references to None the guard has given back (for tests and diagnostics)."""
    return _given_back
