"""kill -9 of the importer never loses committed articles or desyncs the index.

A short run of tests/benchmarks/kill_loop.py (the long one is run by hand).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

LOOP = Path(__file__).resolve().parents[1] / "benchmarks" / "kill_loop.py"


def _kill_loop():
    spec = importlib.util.spec_from_file_location("kill_loop", LOOP)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_killed_imports_lose_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = _kill_loop().run(kills=3, nfiles=80, seed=7, max_delay=5.0, workdir=tmp_path)
    out = capsys.readouterr().out
    assert result["lost"] == 0, out
    assert result["survived"] == result["kills"], out
