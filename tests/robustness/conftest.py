"""Fixtures for the robustness tests: the window's theme fixture, shared with tests/gui."""

from __future__ import annotations

from tests.gui.conftest import light_theme  # noqa: F401 - a fixture, used by name
