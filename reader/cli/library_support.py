"""What the library commands share: opening the library, progress lines, safe JSON.

Every library command runs through ``with_library`` so that a problem the
user can fix (damaged database, read-only folder, library busy) is printed
as one plain message with exit status 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from reader.cli.common import error, unicode_output
from reader.errors import ReaderError

EXIT_LIBRARY_ERROR = 2


def open_library(args: argparse.Namespace, *, create: bool = True):
    from reader.library import Library
    from reader.paths import resolve_library_dir

    root = resolve_library_dir(getattr(args, "library", None))
    return Library.open(root, create=create, on_wait=lambda msg: error(msg))


def with_library(
    args: argparse.Namespace, body: Callable[[Any], int], *, create: bool = True
) -> int:
    """Open the library, run ``body(library)``, close it; typed errors become one message."""
    try:
        library = open_library(args, create=create)
    except ReaderError as exc:
        error(str(exc))
        return EXIT_LIBRARY_ERROR
    try:
        return body(library)
    except ReaderError as exc:
        error(str(exc))
        return EXIT_LIBRARY_ERROR
    finally:
        library.close()


def ensure_index(library) -> None:
    """Before a search: finish indexing left over from a crash, or rebuild a damaged index."""
    if library.index_problem is None:
        return
    error(f"{library.index_problem}; repairing the search index first")
    library.check(repair=True, progress=ProgressLine("repairing the search index"))


def _count(p) -> str:
    """"12/40", or just "12" when the total is not known (0); rows with their rate; the
    articles added to the search index at the end of a big import."""
    if getattr(p, "unit", "files") == "index":
        return f"search index, {p.total:,} articles" + (" added" if p.done >= p.total else "")
    if getattr(p, "unit", "files") == "rows":
        name = p.current.replace("\\", "/").rsplit("/", 1)[-1]
        count = f"{p.done:,}/{p.total:,}" if p.total else f"{p.done:,}"
        rate = f" ({p.rate:,.0f} rows/s)" if getattr(p, "rate", 0) else ""
        return f"{name} {count} rows{rate}"
    return f"{p.done}/{p.total}" if p.total else str(p.done)


class ProgressLine:
    """Progress on stderr: one self-overwriting line on a terminal, a few lines otherwise."""

    def __init__(self, what: str, *, quiet_interval: float = 10.0) -> None:
        self.what = what
        self.tty = sys.stderr.isatty()
        self.quiet_interval = quiet_interval
        self._start: float | None = None
        self._last = 0.0
        self._shown = False
        self._rows_shown = False

    def __call__(self, p) -> None:
        now = time.monotonic()
        rows = getattr(p, "unit", "files") == "rows"
        final = bool(p.total) and p.done >= p.total and not rows
        if self._start is None:
            self._start = self._last = now
        if rows and not self.tty and p.done and not self._rows_shown:
            # A table's first committed rows are said at once (a log shows the import started).
            self._rows_shown = True
            self._last = 0.0
        if getattr(p, "unit", "files") == "index" and not p.done:
            self._last = 0.0  # (the end's indexing is said at once: minutes at a million rows)
        if self.tty:
            if now - self._last < 0.1 and not final and self._shown:
                return
            current = "" if rows else (p.current[-50:] if p.current else "")
            sys.stderr.write(f"\r\x1b[K{self.what}: {_count(p)} {current}")
            sys.stderr.flush()
            self._shown = True
            self._last = now
            return
        # Not a terminal (a log, a pipe): a line every ``quiet_interval`` seconds, and
        # nothing at all for a job quicker than that.
        if final:
            if self._shown:
                sys.stderr.write(f"{self.what}: {_count(p)}\n")
                self._shown = False
            return
        if now - self._last >= self.quiet_interval:
            sys.stderr.write(f"{self.what}: {_count(p)}\n")
            self._shown = True
            self._last = now

    def finish(self) -> None:
        """End the progress display (clears the terminal line)."""
        if self.tty and self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._shown = False


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """``json.dumps``, but also for structures deeper than the recursion limit (comment threads)."""
    ascii_only = not unicode_output()
    try:
        return json.dumps(obj, ensure_ascii=ascii_only, indent=indent)
    except RecursionError:
        return _dumps_iterative(obj, ascii_only)


def _dumps_iterative(obj: Any, ascii_only: bool) -> str:
    out: list[str] = []
    # Stack of pending work: either a value to encode or a literal string to emit.
    stack: list[tuple[bool, Any]] = [(False, obj)]
    while stack:
        literal, item = stack.pop()
        if literal:
            out.append(item)
        elif isinstance(item, dict):
            parts: list[tuple[bool, Any]] = [(True, "{")]
            for i, (k, v) in enumerate(item.items()):
                if i:
                    parts.append((True, ", "))
                parts.append((True, json.dumps(str(k), ensure_ascii=ascii_only) + ": "))
                parts.append((False, v))
            parts.append((True, "}"))
            stack.extend(reversed(parts))
        elif isinstance(item, (list, tuple)):
            parts = [(True, "[")]
            for i, v in enumerate(item):
                if i:
                    parts.append((True, ", "))
                parts.append((False, v))
            parts.append((True, "]"))
            stack.extend(reversed(parts))
        else:
            out.append(json.dumps(item, ensure_ascii=ascii_only))
    return "".join(out)


def print_json(obj: Any) -> None:
    sys.stdout.write(dumps(obj, indent=2) + "\n")
