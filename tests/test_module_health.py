"""Code health that a reader of the code would notice: short modules, no import cycles.

Cycles are looked for over every import in ``reader/``, including the late
imports inside functions (a cycle hidden in a function is still a cycle: the
two modules cannot be understood, tested or moved apart).
"""

from __future__ import annotations

import ast
from pathlib import Path

READER = Path(__file__).resolve().parent.parent / "reader"
#: No module in reader/ is longer than this (issue 17: modules that do one thing).
MAX_MODULE_LINES = 600
#: Cycles still to untangle (none left; the list may only shrink).
KNOWN_CYCLES: list[list[str]] = []


def _module_name(path: Path) -> str:
    parts = path.relative_to(READER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in READER.rglob("*.py")}


def _imports(name: str, path: Path) -> set[str]:
    """The reader modules ``name`` imports, anywhere in its code (TYPE_CHECKING blocks too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_is_longer_than_the_limit() -> None:
    long = {
        str(p.relative_to(READER.parent)): n
        for p in MODULES.values()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_no_import_cycles_even_through_late_imports() -> None:
    # A package's __init__ re-exporting its own modules is how packages are built,
    # not a cycle between two jobs: leave the edges from a package to its children out.
    graph = {
        name: {m for m in _imports(name, path) if not m.startswith(name + ".")} for name, path in MODULES.items()
    }
    assert all(c in KNOWN_CYCLES for c in _cycles(graph)), _cycles(graph)


def test_the_cycle_finder_sees_a_cycle_through_a_late_import() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
