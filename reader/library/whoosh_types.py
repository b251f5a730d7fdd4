"""Names for the Whoosh objects the library hands around.

Whoosh ships no type information, so to mypy everything it returns is ``Any``.
Rather than relaxing the strict checks for the modules that talk to Whoosh,
their signatures name what they pass with these aliases: the checks stay on for
our own code, and the boundary (where a value comes from or goes to Whoosh) is
visible in every signature. Values read back from Whoosh are converted
(``int(...)``, ``bool(...)``) or ``cast`` where the code relies on their type.
"""

from __future__ import annotations

from typing import Any, TypeAlias

WhooshIndex: TypeAlias = Any  # whoosh.index.FileIndex
Searcher: TypeAlias = Any  # whoosh.searching.Searcher
IndexReader: TypeAlias = Any  # whoosh.reading.IndexReader (a segment's or the multi-reader)
Schema: TypeAlias = Any  # whoosh.fields.Schema
Field: TypeAlias = Any  # whoosh.fields.FieldType
Query: TypeAlias = Any  # whoosh.query.Query
Matcher: TypeAlias = Any  # whoosh.matching.Matcher
Writer: TypeAlias = Any  # whoosh.writing.SegmentWriter / its field and postings writers
