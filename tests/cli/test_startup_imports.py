"""Commands that parse nothing start without loading the parsing pipeline (lxml, the HTML/JSON
parsers and their cue tables), numpy or importlib.metadata (read for --version only): about a
third of their start-up time on a quiet machine.
Each command runs in a fresh interpreter, as a user runs it, and its output is checked too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: Loaded only by an import (parsing) or a search (numpy, under the query executor).
PARSING = ("lxml", "charset_normalizer", "reader.parsing.threads", "reader.parsing.html_meta",
           "reader.parsing.dates", "reader.parsing.jsondump")

RUN = """
import json, sys
from reader.cli import main
out, args = sys.argv[1], sys.argv[2:]
code = main(args)
with open(out, "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""


def run(tmp: Path, *args: str) -> tuple[str, set[str]]:
    out = tmp / "modules.json"
    proc = subprocess.run([sys.executable, "-c", RUN, str(out), *args], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(out.read_text())
    assert found["code"] == 0
    return proc.stdout, set(found["modules"])


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("startup")
    (base / "heron.txt").write_text("Heron count rises\n\nHerons were counted at the lake.\n",
                                    encoding="utf-8")
    lib = base / "lib"
    proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(lib), "import",
                           str(base / "heron.txt")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return lib


@pytest.mark.parametrize("command", [("list", "--json"), ("show", "1", "--json")])
def test_reading_commands_load_neither_parsing_nor_numpy(lib: Path, tmp_path: Path,
                                                         command: tuple[str, ...]) -> None:
    stdout, modules = run(tmp_path, "--library", str(lib), *command)
    assert "Heron count rises" in stdout
    assert sorted(modules & {*PARSING, "numpy", "importlib.metadata"}) == []


def test_quick_check_loads_no_parsing(lib: Path, tmp_path: Path) -> None:
    stdout, modules = run(tmp_path, "--library", str(lib), "check", "--quick", "--json")
    assert json.loads(stdout)["articles"] == 1
    assert sorted(modules & set(PARSING)) == []
