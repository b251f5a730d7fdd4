"""Container files: one file on disk, many articles (tables, web archives, feeds...).

A container is read in two steps so that a million-record file streams with
flat memory and a second run skips what the library already holds:

1. ``Container.entries()`` walks the file and yields an ``Entry`` per record:
   its stable key inside the file, its provenance (``Article.record``), a
   digest of its raw content and the payload the parser needs. This step is
   cheap (no article parsing) and never holds the whole file.
2. ``Container.parse(payload, record, source)`` turns one entry into an
   ``Article``. It is a top-level function, so the importer can send entries
   to worker processes (pickled by reference).

Which files are containers is data: ``CONTAINER_KINDS`` maps file-name
suffixes (and an optional content sniffer) to the opener of each kind.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from reader.errors import ReaderError
from reader.model import Article

#: Bytes given to a kind's ``sniff`` function.
SNIFF_BYTES = 64 * 1024
#: Names of ordinary article files: never opened to sniff for a container.
NO_SNIFF = (".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".txt", ".md", ".text")


@dataclass
class Entry:
    """One record of a container, read but not parsed (cheap, picklable)."""

    key: str  # stable and unique in the file: "row=12", "line=3", "warc=<record id>"
    record: dict[str, Any]  # becomes Article.record
    digest: str  # sha256 hex of the raw record (+ reading options): same digest, same article
    payload: Any  # what ``Container.parse`` needs


@dataclass
class EntryError:
    """A record that cannot become an article: reported as ``FILE#KEY: reason``, never fatal."""

    key: str
    record: dict[str, Any]
    reason: str


class SkipRecord(ReaderError):
    """Raised by a container's ``parse`` for a record that is no article and no error either
    (a crawl's index page): left out quietly, neither imported nor reported as failed."""


Parser = Callable[[Any, dict[str, Any], str], Article]


class Container:
    """A file holding many articles. Subclasses set ``format``/``parse`` and implement ``entries``."""

    format: str = "text"

    def __init__(self, path: str) -> None:
        self.path = path

    @staticmethod
    def parse(payload: Any, record: dict[str, Any], source: str) -> Article:  # pragma: no cover
        raise NotImplementedError

    @property
    def parser(self) -> Parser:
        """``parse`` as a plain top-level function (picklable by reference)."""
        return type(self).parse

    def total(self) -> int | None:
        """How many records the file holds (an estimate is fine), for progress; None unknown."""
        return None

    def entries(self) -> Iterator[Entry | EntryError]:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class ContainerKind:
    """A kind of container: the names it goes by and how to open it ("module:function")."""

    name: str
    suffixes: tuple[str, ...]
    opener: str  # (path: str, **options) -> Container
    sniff: str | None = None  # (head: bytes, name: str) -> bool, for files with another suffix
    #: (path: str, head: bytes | None) -> bool: a file with one of the suffixes is this kind
    #: only if it says so (a JSON Lines dump only when it is large; smaller ones are one file)
    only_if: str | None = None


CONTAINER_KINDS: tuple[ContainerKind, ...] = (
    ContainerKind("table", (".csv", ".tsv", ".tab", ".csv.gz", ".tsv.gz"),
                  "reader.parsing.table:open_delimited"),
    ContainerKind("parquet", (".parquet", ".pq"), "reader.parsing.table:open_parquet",
                  "reader.parsing.table:sniff_parquet"),
    ContainerKind("warc", (".warc", ".warc.gz", ".wacz"), "reader.parsing.webarchive:open_web_archive",
                  "reader.parsing.webarchive:sniff_web_archive"),
    ContainerKind("jsonl", (".jsonl", ".ndjson", ".json"), "reader.parsing.jsonlines:open_json_lines",
                  only_if="reader.parsing.jsonlines:is_large_json_lines"),
)


def _load(ref: str) -> Callable[..., Any]:
    module, name = ref.split(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return fn


def container_kind(path: str | Path, head: bytes | None = None) -> ContainerKind | None:
    """The kind of container ``path`` is, by its name, else by its first bytes; None if none."""
    name = Path(path).name.lower()
    for kind in CONTAINER_KINDS:
        if name.endswith(kind.suffixes):
            if kind.name == "table" and _comment_table(path, head):
                return None  # reader comments of other articles: a comment file, not a table
            if kind.only_if is not None and not _load(kind.only_if)(str(path), head):
                continue
            return kind
    sniffers = [k for k in CONTAINER_KINDS if k.sniff]
    if not sniffers or name.endswith(NO_SNIFF):
        return None
    if head is None:
        try:
            with open(path, "rb") as fh:
                head = fh.read(SNIFF_BYTES)
        except OSError:
            return None
    for kind in sniffers:
        assert kind.sniff is not None
        if _load(kind.sniff)(head, name):
            return kind
    return None


def _comment_table(path: str | Path, head: bytes | None) -> bool:
    from reader.parsing.threads import is_comment_table

    if head is None:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
    if head[:2] == b"\x1f\x8b":
        return False
    return is_comment_table(head[:4096].decode("utf-8", "replace"))


def open_container(path: str | Path, **options: Any) -> Container | None:
    """The container reader for ``path``, or None for an ordinary one-article file.

    Raises ``ReaderError`` (with the reason) when the file is a container that
    cannot be read at all (unknown columns, damaged file...).
    """
    kind = container_kind(path)
    if kind is None:
        return None
    container: Container = _load(kind.opener)(str(path), **options)
    return container


def iter_container(container: Container) -> Iterator[Article | EntryError]:
    """Every article of a container, parsed and finished, in file order; bad records as errors."""
    from reader.parsing import finish_article

    parse = container.parser
    for entry in container.entries():
        if isinstance(entry, EntryError):
            yield entry
            continue
        try:
            article = parse(entry.payload, entry.record, container.path)
        except SkipRecord:
            continue
        except ReaderError as exc:
            yield EntryError(entry.key, entry.record, exc.reason)
            continue
        article.record = dict(entry.record)
        yield finish_article(article)
