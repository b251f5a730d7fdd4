"""Helpers shared by the command modules: output and library opening."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def unicode_output() -> bool:
    """Can standard output take any character? Not when it is a file or pipe on Windows (the
    locale's code page, cp1252) or under an ASCII locale: JSON is then written with \\u escapes
    (the same values), text with "?" for what the encoding lacks (see ``main``)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def print_json_line(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=not unicode_output()) + "\n")


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=not unicode_output(), indent=2) + "\n")


def error(msg: str) -> None:
    print(f"article-reader: {msg}", file=sys.stderr)


def counted(n: int, thing: str) -> str:
    """ "1 site", "2 sites", "0 passages" (the plural with an s)."""
    return f"{n} {thing}{'' if n == 1 else 's'}"


#: SQLite's integers are 64-bit: a larger number reaches no row (sqlite3 refuses to pass it on).
_SQLITE_MAX_INT = 2**63 - 1


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None


def record_id(text: str) -> int:
    """An argparse type for the id of an article, story or annotation: a whole number
    SQLite can hold (a larger one printed a traceback: "int too large to convert")."""
    value = _whole_number(text)
    if abs(value) > _SQLITE_MAX_INT:
        raise argparse.ArgumentTypeError(f"{text!r} is too large to be an id")
    return value


def count(text: str) -> int:
    """An argparse type for ``--limit N`` and ``--min-size N``: not negative (``--limit -1``
    cut the last row off some lists and emptied others); past SQLite's range, "all"."""
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative; give a number of 0 or more")
    return min(value, _SQLITE_MAX_INT)


def path_given(text: str) -> str:
    """An argparse type for a file or folder argument: not empty. "" is the current folder to
    pathlib, so ``import "$DIR"`` with DIR unset imported everything below the working folder,
    and ``export --pdf ""`` ended in a traceback."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path (is a variable in the command unset?)")
    return text
