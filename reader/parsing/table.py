"""Tables (CSV, TSV, Parquet) as containers: one article per row, streamed.

Delimited text is read in a single pass with the ``csv`` module over a
decoding stream, so quoted fields may span lines and a file of any size is
never held in memory. The encoding is the one ``reader.parsing.decode``
detects on the first megabyte (UTF-8 with stray Windows-1252 bytes stays
readable further on); the delimiter and quoting are the reading under which
the first rows have the header's number of cells (``DELIMITERS``), so a
spreadsheet's ``;`` + Windows-1252 + CRLF export reads as well as a CSV.

Parquet is read with pyarrow one record batch at a time, only the mapped
columns. Row numbers count data rows from 1 (the header is not a row).
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator, Mapping
from typing import IO, Any

from reader.errors import UnreadableFile, UnsupportedFormat
from reader.parsing.containers import Container, Entry, EntryError
from reader.parsing.decode import decode_text
from reader.parsing.table_columns import (
    ColumnMap,
    parse_row,
    resolve_columns,
    row_digest,
    row_payload,
)

#: Bytes read to detect the encoding and the delimiter.
SAMPLE_BYTES = 1024 * 1024
#: Rows of the sample used to choose the delimiter and quoting.
SAMPLE_ROWS = 50
#: Candidate delimiters, most usual first (ties go to the earlier one).
DELIMITERS = (",", "\t", ";", "|")
#: Rows shown in the column-mapping preview.
PREVIEW_ROWS = 3
#: Parquet rows per batch read from disk, and the read buffer of a column chunk.
PARQUET_BATCH = 1024
PARQUET_BUFFER = 1024 * 1024
#: A cell may hold a whole HTML page.
FIELD_LIMIT = 64 * 1024 * 1024
#: So many unreadable rows in a row and the file is not a table after all.
MAX_BAD_IN_A_ROW = 1000

csv.field_size_limit(FIELD_LIMIT)


def _row_record(n: int) -> dict[str, Any]:
    return {"kind": "row", "row": n}


class DelimitedTable(Container):
    """A CSV/TSV file (optionally gzip-compressed)."""

    format = "table"
    parse = staticmethod(parse_row)

    def __init__(self, path: str, *, columns: Mapping[str, str] | None = None, **_: Any) -> None:
        super().__init__(path)
        self.gzipped = path.lower().endswith(".gz")
        sample = self._sample()
        self.encoding, self.errors = _encoding(sample, path)
        text = sample.decode(self.encoding, self.errors)
        if len(sample) >= SAMPLE_BYTES:  # cut at the last line end: the rest is a partial row
            text = text[: max(text.rfind("\n"), 0)] or text
        tab_first = path.lower().endswith((".tsv", ".tab", ".tsv.gz"))
        self.delimiter, self.quoting = _dialect(text, tab_first)
        rows = list(_reader(io.StringIO(text), self.delimiter, self.quoting, PREVIEW_ROWS + 1))
        rows = [r for r in rows if r]
        if not rows:
            raise UnsupportedFormat("the table is empty (no header row)", path=path)
        self.header = [h.strip().lstrip("\ufeff") for h in rows[0]]
        if len(self.header) < 2:
            raise UnsupportedFormat(
                "not a table: its first line has one column (no , ; tab or | between columns)",
                path=path)
        preview = [[c[:300] for c in r] for r in rows[1:]]
        self.mapping: ColumnMap = resolve_columns(self.header, columns, path=path,
                                                  preview=preview)
        self._total: int | None = None

    # -- reading ------------------------------------------------------------
    def _open_binary(self) -> IO[bytes]:
        try:
            raw: IO[bytes] = open(self.path, "rb")  # noqa: SIM115 - the caller closes it
            if self.gzipped:
                return gzip.open(raw)  # type: ignore[return-value]
            return raw
        except PermissionError:
            raise UnreadableFile("permission denied: the file cannot be read", path=self.path) from None
        except OSError as exc:
            raise UnreadableFile(f"cannot be read ({exc.strerror or exc})", path=self.path) from None

    def _sample(self) -> bytes:
        with self._open_binary() as fh:
            try:
                return fh.read(SAMPLE_BYTES)
            except (OSError, EOFError) as exc:
                raise UnreadableFile(f"the file is damaged ({exc})", path=self.path) from None

    def total(self) -> int | None:
        """Rows in the file: line ends outside quotes, counted on the raw bytes."""
        if self._total is None and self.quoting != csv.QUOTE_NONE and "16" not in self.encoding \
                and "32" not in self.encoding:
            self._total = _count_rows(self._open_binary())
        return self._total

    def entries(self) -> Iterator[Entry | EntryError]:
        index: dict[str, int] = {}
        for i, name in enumerate(self.header):
            index.setdefault(name, i)
        columns = [(field, index[col]) for field, col in self.mapping.fields]
        width = len(self.header)
        with self._open_binary() as raw:
            stream = io.TextIOWrapper(raw, encoding=self.encoding, errors=self.errors, newline="")
            reader = _reader(stream, self.delimiter, self.quoting)
            n = 0
            bad_run = 0
            header_seen = False
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except (csv.Error, OSError, EOFError, UnicodeError) as exc:
                    n += 1
                    bad_run += 1
                    if bad_run > MAX_BAD_IN_A_ROW or isinstance(exc, (OSError, EOFError)):
                        yield EntryError(f"row={n}", _row_record(n),
                                         f"reading stopped here: {exc}")
                        return
                    yield EntryError(f"row={n}", _row_record(n), f"not a readable row ({exc})")
                    continue
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue  # a blank line is not a row
                if not header_seen:
                    header_seen = True
                    continue
                n += 1
                key, record = f"row={n}", _row_record(n)
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    bad_run += 1
                    yield EntryError(key, record,
                                     f"{len(cells)} cells where the header has {width} "
                                     "(a stray delimiter or quote?)")
                    continue
                bad_run = 0
                values = {field: (cells[i] if i < len(cells) else None) for field, i in columns}
                payload = row_payload(values, _identity(self.mapping))
                yield Entry(key, record, row_digest(payload), payload)


class ParquetTable(Container):
    """A Parquet file, read one record batch at a time."""

    format = "table"
    parse = staticmethod(parse_row)

    def __init__(self, path: str, *, columns: Mapping[str, str] | None = None, **_: Any) -> None:
        super().__init__(path)
        try:
            import pyarrow.parquet as pq

            # Buffered column reads: a row group is streamed, not loaded whole (a file
            # written as one row group of a million rows stays within memory).
            self._file = pq.ParquetFile(path, pre_buffer=False, buffer_size=PARQUET_BUFFER)
            self.header = list(self._file.schema_arrow.names)
            first = next(self._file.iter_batches(batch_size=PREVIEW_ROWS), None)
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise UnreadableFile(f"not a readable Parquet file ({exc})", path=path) from None
        preview = [[_preview(r.get(c)) for c in self.header] for r in
                   (first.to_pylist() if first is not None else [])]
        self.mapping = resolve_columns(self.header, columns, path=path, preview=preview)

    def total(self) -> int | None:
        return int(self._file.metadata.num_rows)

    def entries(self) -> Iterator[Entry | EntryError]:
        wanted = list(dict.fromkeys(col for _f, col in self.mapping.fields))
        n = 0
        try:
            for batch in self._file.iter_batches(batch_size=PARQUET_BATCH, columns=wanted):
                for row in batch.to_pylist():
                    n += 1
                    values = {field: row.get(col) for field, col in self.mapping.fields}
                    payload = row_payload(values, _identity(self.mapping))
                    yield Entry(f"row={n}", _row_record(n), row_digest(payload), payload)
        except (OSError, ValueError) as exc:
            yield EntryError(f"row={n + 1}", _row_record(n + 1), f"reading stopped here: {exc}")

    def close(self) -> None:
        try:
            self._file.close()
        except (AttributeError, OSError):
            pass


def _identity(mapping: ColumnMap) -> ColumnMap:
    """The map from field to itself (``values`` are already keyed by field)."""
    return ColumnMap(tuple((f, f) for f, _c in mapping.fields))


def _preview(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)[:300]
    return str(value)[:300]


def _reader(stream: IO[str], delimiter: str, quoting: Any,
            limit: int | None = None) -> Iterator[list[str]]:
    reader = csv.reader(stream, delimiter=delimiter, quotechar='"', doublequote=True,
                        quoting=quoting, skipinitialspace=False, strict=False)
    if limit is None:
        return reader
    return _take(reader, limit)


def _take(reader: Iterator[list[str]], limit: int) -> Iterator[list[str]]:
    n = 0
    for row in reader:
        if not row:
            continue
        yield row
        n += 1
        if n >= limit:
            return


def _encoding(sample: bytes, path: str) -> tuple[str, str]:
    """(codec, error handler) for the whole file, from its first megabyte."""
    cut = sample
    if len(sample) >= SAMPLE_BYTES and sample.rfind(b"\n") > 0 and b"\x00" not in sample[:4096]:
        cut = sample[: sample.rfind(b"\n") + 1]
    _text, enc = decode_text(cut, path=path)  # raises for binary and empty files
    if enc in ("utf-8", "utf-8+cp1252"):
        return "utf-8", "reader-cp1252"  # a stray legacy byte later on stays readable
    if enc == "utf-8-sig":
        return "utf-8-sig", "reader-cp1252"
    if enc.startswith("utf-16") and sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16", "replace"
    if enc.startswith("utf-32") and sample[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "utf-32", "replace"
    return enc, "replace"


def _dialect(text: str, tab_first: bool) -> tuple[str, int]:
    """The delimiter and quoting under which the sample's rows have the header's width."""
    delimiters = ("\t",) + tuple(d for d in DELIMITERS if d != "\t") if tab_first else DELIMITERS
    best: tuple[float, int, int] | None = None
    choice = (delimiters[0], csv.QUOTE_MINIMAL)
    for rank, delimiter in enumerate(delimiters):
        for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):
            try:
                rows = [r for r in _reader(io.StringIO(text), delimiter, quoting, SAMPLE_ROWS + 1)]
            except csv.Error:
                continue
            if len(rows) > 2:
                rows = rows[:-1]  # the last row of a sample may be cut short
            width = len(rows[0]) if rows else 0
            if width < 2:
                continue
            body = rows[1:] or rows
            fit = sum(1 for r in body if len(r) == width) / len(body)
            score = (fit, width if fit >= 0.9 else 0, -rank * 2 - (quoting == csv.QUOTE_NONE))
            if best is None or score > best:
                best, choice = score, (delimiter, quoting)
    return choice


def _count_rows(raw: IO[bytes]) -> int:
    """Data rows of a CSV: line ends outside double quotes, less the header."""
    lines = 0
    in_quote = False
    last = b"\n"
    with raw:
        while True:
            try:
                chunk = raw.read(4 * 1024 * 1024)
            except (OSError, EOFError):
                break
            if not chunk:
                break
            last = chunk[-1:]
            if b'"' not in chunk and not in_quote:
                lines += chunk.count(b"\n")
                continue
            for j, part in enumerate(chunk.split(b'"')):
                if j:
                    in_quote = not in_quote
                if not in_quote:
                    lines += part.count(b"\n")
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)


def open_delimited(path: str, **options: Any) -> DelimitedTable:
    return DelimitedTable(path, **options)


def open_parquet(path: str, **options: Any) -> ParquetTable:
    return ParquetTable(path, **options)


def sniff_parquet(head: bytes, name: str) -> bool:
    return head.startswith(b"PAR1")
