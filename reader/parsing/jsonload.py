"""JSON text -> Python values, without a nesting limit.

The standard ``json`` module recurses once per nesting level and gives up at
about 1,000 levels, yet a comment thread dump can nest replies far deeper.
``loads`` tries the fast C decoder first and falls back to the iterative
decoder below only when the document is too deep for it. ``load_records``
also reads JSON Lines (one value per line).
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # public since 2.6, missing from typeshed
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")


def _skip_ws(text: str, pos: int) -> int:
    """The index of the first non-blank character at or after ``pos``."""
    m = _WS.match(text, pos)
    return m.end() if m else pos
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None, "NaN": float("nan")}


class JSONSyntaxError(ValueError):
    """Malformed JSON, with the character offset where reading stopped."""

    def __init__(self, msg: str, pos: int) -> None:
        super().__init__(f"{msg} at character {pos}")
        self.pos = pos


def loads(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        return loads_iterative(text)


def loads_iterative(text: str) -> Any:
    """A complete JSON document, parsed with an explicit stack (any depth)."""
    value, end = _decode(text, _skip_ws(text, 0))
    end = _skip_ws(text, end)
    if end != len(text):
        raise JSONSyntaxError("extra data after the JSON value", end)
    return value


def _decode(text: str, pos: int) -> tuple[Any, int]:
    # Each frame: [container, pending_key]; containers are filled in place.
    stack: list[list[Any]] = []
    root: Any = None
    n = len(text)
    while True:
        pos = _skip_ws(text, pos)
        if pos >= n:
            raise JSONSyntaxError("unexpected end of JSON", pos)
        ch = text[pos]
        # 1. Read one value (or open a container).
        opened = False
        if ch == "{":
            value: Any = {}
            pos = _skip_ws(text, pos + 1)
            if text.startswith("}", pos):
                pos += 1
            else:
                opened = True
        elif ch == "[":
            value = []
            pos = _skip_ws(text, pos + 1)
            if text.startswith("]", pos):
                pos += 1
            else:
                opened = True
        elif ch == '"':
            value, pos = scanstring(text, pos + 1, True)
        else:
            m = _NUMBER.match(text, pos)
            if m:
                value = float(m.group()) if (m.group(1) or m.group(2)) else int(m.group())
                pos = m.end()
            else:
                for lit, lv in _LITERALS.items():
                    if text.startswith(lit, pos):
                        value, pos = lv, pos + len(lit)
                        break
                else:
                    raise JSONSyntaxError("unexpected character", pos)
        # 2. Store it in the enclosing container.
        if stack:
            container, key = stack[-1]
            if isinstance(container, dict):
                container[key] = value
            else:
                container.append(value)
        else:
            root = value
        if opened:
            stack.append([value, None])
            if isinstance(value, dict):
                pos = _read_key(text, pos, stack[-1])
            continue
        # 3. Close finished containers, move to the next element.
        while True:
            if not stack:
                return root, pos
            pos = _skip_ws(text, pos)
            container = stack[-1][0]
            closer = "}" if isinstance(container, dict) else "]"
            if text.startswith(",", pos):
                pos += 1
                if isinstance(container, dict):
                    pos = _read_key(text, _skip_ws(text, pos), stack[-1])
                break
            if text.startswith(closer, pos):
                pos += 1
                stack.pop()
                continue
            raise JSONSyntaxError(f"expected ',' or '{closer}'", pos)


def _read_key(text: str, pos: int, frame: list[Any]) -> int:
    pos = _skip_ws(text, pos)
    if not text.startswith('"', pos):
        raise JSONSyntaxError("expected a quoted property name", pos)
    key, pos = scanstring(text, pos + 1, True)
    pos = _skip_ws(text, pos)
    if not text.startswith(":", pos):
        raise JSONSyntaxError("expected ':'", pos)
    frame[1] = key
    return pos + 1


def load_records(text: str) -> tuple[list[Any], str]:
    """Values in a JSON or JSON Lines document, and which of the two it was.

    Raises ``ValueError`` (``JSONSyntaxError`` or ``json.JSONDecodeError``)
    when it is neither, or when a line of a JSON Lines document is not JSON.
    """
    values, kind, _lines, bad = load_records_with_lines(text)
    if bad:
        line, reason = bad[0]
        raise JSONSyntaxError(f"line {line} of the JSON Lines file is not JSON ({reason})", 0)
    return values, kind


def load_records_with_lines(text: str) -> tuple[list[Any], str, list[int], list[tuple[int, str]]]:
    """``load_records`` plus, for JSON Lines, the line (1-based, in the file) of each value,
    and the lines that are not JSON (line, reason), left out.

    A line that is not JSON is left out once the first line has shown the file to be JSON
    Lines (a value of its own), as a streamed dump leaves it out: a scraper stopped while
    writing its last line must not cost every record before it. A broken first line raises.
    """
    stripped = text.strip().lstrip("\ufeff")
    try:
        return [loads(stripped)], "json", [1], []
    except ValueError as whole_error:
        numbered = [(i, ln) for i, ln in enumerate(text.lstrip("\ufeff").splitlines(), 1)
                    if ln.strip()]
        if len(numbered) < 2:
            raise whole_error
        values = []
        lines = []
        bad: list[tuple[int, str]] = []
        for i, line in numbered:
            try:
                values.append(loads(line))
            except ValueError as exc:
                if not values:
                    raise JSONSyntaxError(f"line {i} of the JSON Lines file is not JSON ({exc})", 0) from None
                bad.append((i, str(exc)))
                continue
            lines.append(i)
        return values, "jsonl", lines, bad
