"""The document the plain-text pipeline's steps share, and the shape of a step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from reader.model import Article
from reader.parsing.comment_adapter import CommentReader
from reader.parsing.text_lines import LineFeatures


@dataclass
class TextDocument:
    """A text dump on its way to becoming an ``Article``.

    ``raw_lines`` keep the file's own indentation (comment splitting needs
    it); ``lines`` are the same lines with whitespace normalised, index for
    index. Section bounds are line indices: ``[body_start, body_end)`` is the
    article region, ``comment_start`` (or ``len(lines)``) ends the footer.
    """

    source: str
    text: str
    article: Article
    raw_lines: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    comment_start: int | None = None
    header_end: int = 0
    body_start: int = 0
    body_end: int = 0
    title_line: int | None = None
    title_site: str | None = None  # a "Headline - Site" suffix, confirmed or not
    used: set[int] = field(default_factory=set)  # lines consumed as metadata
    page_dump: bool = False
    date_found: bool = False
    feats: list[LineFeatures] = field(default_factory=list)
    comment_reader: CommentReader | None = None
    scores: list[float] = field(default_factory=list)

    @property
    def content_end(self) -> int:
        return len(self.lines) if self.comment_start is None else self.comment_start


class Step(Protocol):
    name: str

    def run(self, doc: TextDocument) -> None: ...

