"""Large JSON Lines dumps as containers: one article per record, streamed like a table.

A dump of a few megabytes is read whole, as one file (``jsondump.parse_json``:
one transaction, all of its articles or none). From ``STREAM_BYTES`` on, a file
whose first line is a JSON value of its own is read line by line instead, so a
scraper's million-article dump goes through the bulk importer: batches, parse
workers, progress, Cancel, and a second run that skips the records already
stored. Each record keeps the line it came from (``"record": {"kind": "line",
"line": 12}``, as when the file is read whole) and is stored under
``FILE#line=12`` (``FILE#line=12.2`` for the second article of a line holding a
list).

The records are the ones ``parse_json`` reads from the same file: a line is
unwrapped the same way (``jsondump._records``), reader comments and non-objects
are left out quietly, and a record without article text is reported with its
line. A file whose first records are reader comments is not streamed: it is a
comment file of its own and goes to the comment-file reader.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import IO, Any

import reader.parsing.decode  # noqa: F401 - registers the "reader-cp1252" error handler
from reader.errors import UnreadableFile
from reader.model import Article
from reader.parsing import jsondump
from reader.parsing.containers import Container, Entry, EntryError, SkipRecord
from reader.parsing.jsonload import loads

#: Dumps from this size on are streamed; smaller ones are read whole (one transaction).
STREAM_BYTES = 4 * 1024 * 1024
#: Records looked at to tell an article dump from a comment file.
HEAD_RECORDS = 50
#: Bytes read to find the first line (a longer first line is read to its end).
HEAD_BYTES = 1024 * 1024
#: The longest first line considered (a bigger one: the file is read whole as before).
MAX_FIRST_LINE = 64 * 1024 * 1024
#: Lines counted per read for the progress total.
COUNT_CHUNK = 4 * 1024 * 1024


def _record(line: int) -> dict[str, Any]:
    return {"kind": "line", "line": line}


def parse_record(payload: Any, record: dict[str, Any], source: str) -> Article:
    """One record of a dump -> an Article (runs in a worker process); reader comments
    and non-objects are skipped quietly, as when the file is read whole."""
    if not isinstance(payload, dict) or _comment_record(payload):
        raise SkipRecord("not an article record", path=source)
    # The article's source is the file, as when the file is read whole (stored as FILE#line=N).
    path, _hash, key = source.rpartition("#")
    return jsondump.article_from_record(payload, source=path if key.startswith("line=") else source)


def _comment_record(obj: dict[str, Any]) -> bool:
    return jsondump._is_comment_like(obj) or (
        not jsondump._looks_like_article(obj) and isinstance(obj.get("comments"), (list, dict)))


class JsonLinesDump(Container):
    """A JSON Lines file of articles, read one line at a time."""

    format = "json"
    parse = staticmethod(parse_record)

    def __init__(self, path: str, **_: Any) -> None:
        super().__init__(path)
        self._total: int | None = None

    def _open(self) -> IO[bytes]:
        try:
            return open(self.path, "rb")  # noqa: SIM115 - the caller closes it
        except PermissionError:
            raise UnreadableFile("permission denied: the file cannot be read", path=self.path) from None
        except OSError as exc:
            raise UnreadableFile(f"cannot be read ({exc.strerror or exc})", path=self.path) from None

    def total(self) -> int | None:
        """Lines holding something (blank lines aside), counted on the raw bytes."""
        if self._total is None:
            lines = blank = 0
            last = b"\n"
            with self._open() as fh:
                while chunk := fh.read(COUNT_CHUNK):
                    lines += chunk.count(b"\n")
                    blank += chunk.count(b"\n\n")
                    last = chunk[-1:]
            self._total = max(lines - blank + (last != b"\n"), 0)
        return self._total

    def entries(self) -> Iterator[Entry | EntryError]:
        with self._open() as fh:
            for n, raw in enumerate(fh, 1):
                if n == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                raw = raw.strip()
                if not raw:
                    continue
                key, record = f"line={n}", _record(n)
                try:
                    value = loads(raw.decode("utf-8", "reader-cp1252"))
                except ValueError as exc:
                    yield EntryError(key, record, f"line {n} is not JSON ({exc})")
                    continue
                records = jsondump._records([value])
                if len(records) == 1:
                    yield Entry(key, record, hashlib.sha256(raw).hexdigest(), records[0])
                    continue
                for k, rec in enumerate(records, 1):
                    digest = hashlib.sha256(raw + b"\n#%d" % k).hexdigest()
                    yield Entry(key if k == 1 else f"{key}.{k}", record, digest, rec)


def _first_records(path: str) -> list[Any] | None:
    """The records of the file's first lines; None when its first line is no JSON value of
    its own (a pretty-printed document) or it has one line (one document): read whole."""
    out: list[Any] = []
    lines = 0
    with open(path, "rb") as fh:
        for i, raw in enumerate(fh):
            if i == 0:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
                if len(raw) > MAX_FIRST_LINE:
                    return None
            raw = raw.strip()
            if not raw:
                continue
            try:
                value = loads(raw.decode("utf-8", "reader-cp1252"))
            except (ValueError, RecursionError):
                if not out:
                    return None
                continue
            lines += 1
            out.extend(jsondump._records([value]))
            if len(out) >= HEAD_RECORDS and lines >= 2:
                break
    return out if lines >= 2 else None


def is_large_json_lines(path: str, head: bytes | None = None) -> bool:
    """Whether ``path`` is a JSON Lines dump of articles large enough to stream."""
    try:
        if os.path.getsize(path) < STREAM_BYTES:
            return False
        first = _first_records(path)
    except OSError:
        return False
    objects = [r for r in first or () if isinstance(r, dict)]
    if not objects:
        return False
    titled = any(jsondump._first(o, jsondump.TITLE_KEYS[:2]) for o in objects)
    return titled or 2 * sum(map(jsondump._is_comment_like, objects)) < len(objects)


def open_json_lines(path: str, **options: Any) -> JsonLinesDump:
    return JsonLinesDump(path, **options)
