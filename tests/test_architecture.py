"""The house shape: a Qt-free core with a thin Qt shell.

Only ``reader/gui`` may import QtWidgets; ``reader/export`` may use QtGui (PDF
painting) but no widgets, apart from its GUI glue which lives in ``reader/gui``.
Everything else must import no PySide6 at all, so it runs and tests headless.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

READER = Path(__file__).resolve().parent.parent / "reader"


def _qt_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("PySide6"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6"):
            found.add(node.module)
    return found


def test_core_packages_import_no_qt() -> None:
    offenders = {}
    for path in READER.rglob("*.py"):
        rel = path.relative_to(READER).parts
        if rel[0] in ("gui", "export"):
            continue
        qt = _qt_imports(path)
        if qt:
            offenders[str(path.relative_to(READER))] = sorted(qt)
    assert offenders == {}


def test_export_uses_no_widgets() -> None:
    offenders = {
        str(p.relative_to(READER)): sorted(q)
        for p in (READER / "export").rglob("*.py")
        if (q := {m for m in _qt_imports(p) if "QtWidgets" in m or "QtPrintSupport" in m})
    }
    assert offenders == {}


def test_cli_parse_does_not_load_qt_or_whoosh(tmp_path: Path) -> None:
    sample = next((READER.parent / "resources" / "sample").glob("*.txt"))
    code = (
        "import sys; from reader.cli import main; main(['parse', %r, '--json']);"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT', file=sys.stderr)"
        % str(sample)
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().endswith("NOQT")
