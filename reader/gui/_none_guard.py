"""Keep ``None`` alive under PySide6 6.12.0 on Python 3.11.

PySide6/shiboken6 6.12.0 (an abi3 wheel) returns ``None`` from every void
method without taking a reference, as if ``None`` were immortal (it is only
from Python 3.12 on, PEP 683). On Python 3.11 each call such as
``label.setText(...)`` or ``painter.drawText(...)`` therefore drops one
reference to ``None``; after a few thousand calls its count reaches zero
and the interpreter aborts with "Fatal Python error: none_dealloc". A window
that paints a list makes that many calls in seconds. 6.11.3 does not have the
bug (measured here), so ``pyproject.toml`` pins ``PySide6-Essentials<6.12``;
this guard keeps the window safe should 6.12.0 be installed anyway.

The guard does for ``None`` what Python 3.12 does: it gives it a reference
count so large that it can never reach zero. It changes nothing else and is
a no-op on Python 3.12+ and on interpreters other than CPython.
"""

from __future__ import annotations

import sys

_HEADROOM = 1 << 40  # a trillion void calls before the count could fall back to its start


def protect_none() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field of every object
    if refcnt.value < _HEADROOM:
        refcnt.value += _HEADROOM
