"""The PySide6 we allow keeps Python's reference counts straight.

PySide6-Essentials 6.12.0 on Python 3.11 dropped a reference to None for each
call of a C++ method returning nothing (and to True for each signal emit);
after a few thousand calls the interpreter aborts ("none_dealloc"). The pin
in pyproject.toml keeps that version out; this test fails if a release with
the bug is ever installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal(int)


def test_void_calls_and_emits_do_not_lose_references(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(5000):
        label.setText("x")
        emitter.fired.emit(i)
    assert none_before - sys.getrefcount(None) < 100
    assert true_before - sys.getrefcount(True) < 100
