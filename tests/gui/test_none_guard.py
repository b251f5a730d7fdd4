"""PySide6 6.12.0 on Python 3.11 drops a reference to None per void call; the GUI must survive it."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

import reader.gui  # noqa: F401 - importing the package installs the guard
from reader.gui._none_guard import _HEADROOM


def test_many_void_calls_do_not_exhaust_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20000):  # far more than None's natural ~5,000 references
        label.setText("x")
    after = sys.getrefcount(None)
    assert after > 1000  # still alive (the interpreter aborts when it reaches zero)
    if sys.version_info < (3, 12):
        assert after > _HEADROOM // 2
    assert before - after <= 20000
