"""Shared helpers of the parsing tests: a page read the way a user reads it (``parse --json``)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def _parse_json(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "parse", str(path), "--json"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def parse_json() -> Callable[[Path], dict]:
    """``article-reader parse PATH --json`` in a subprocess, its answer decoded."""
    return _parse_json
