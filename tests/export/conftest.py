"""Fixtures for export tests: articles to export and a real PDF read back with pypdf."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from reader.model import Article, Comment, Quote

NON_ASCII = "Привет, мир — Γειά σου κόσμε — “curly” ‘quotes’ — café naïve"


@pytest.fixture(autouse=True)
def _qt_application(qapp):
    """pytest-qt's QApplication, so export never creates a bare QGuiApplication in the test process."""
    yield qapp


def squash(text: str) -> str:
    """Text with all whitespace removed: the comparison survives line wrapping and pypdf's
    habit of separating words with tabs and text runs with newlines."""
    return re.sub(r"\s+", "", text)


def norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class PdfReadBack:
    path: Path
    reader: pypdf.PdfReader
    pages: list[str]  # text of each page, whitespace-normalised
    raw_pages: list[str]  # text of each page as laid out (lines kept)

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    def body_text(self) -> str:
        """The text with each page's running header (first line) and footer (last line) removed."""
        out = []
        for raw in self.raw_pages:
            lines = [ln for ln in raw.splitlines() if ln.strip()]
            out.extend(lines[1:-1])
        return norm(" ".join(out))

    def page_of(self, needle: str, start: int = 0) -> int:
        """Index of the first page from ``start`` whose text contains ``needle``."""
        return next(i for i in range(start, len(self.pages)) if squash(needle) in squash(self.pages[i]))

    @property
    def metadata(self) -> dict[str, str]:
        return {k: str(v) for k, v in (self.reader.metadata or {}).items()}

    def content_stream(self, index: int) -> bytes:
        """The decompressed drawing operators of one page."""
        return self.reader.pages[index].get_contents().get_data()

    def has_fill_colour(self, hex_colour: str, index: int | None = None) -> bool:
        """Whether any page (or page ``index``) sets ``hex_colour`` as its fill colour."""
        pattern = rgb_fill_operator(hex_colour)
        indices = range(len(self.pages)) if index is None else [index]
        return any(pattern.search(self.content_stream(i)) for i in indices)

    squash = staticmethod(squash)

    def contains_in_order(self, needles: list[str], haystack: str | None = None) -> bool:
        hay = squash(haystack if haystack is not None else self.text)
        pos = 0
        for needle in needles:
            at = hay.find(squash(needle), pos)
            if at < 0:
                return False
            pos = at + len(squash(needle))
        return True


def read_pdf(path: Path) -> PdfReadBack:
    reader = pypdf.PdfReader(str(path), strict=True)
    raw = [p.extract_text(extraction_mode="layout") for p in reader.pages]
    return PdfReadBack(path, reader, [norm(t) for t in raw], raw)


@pytest.fixture
def pdf_reader() -> Callable[[Path], PdfReadBack]:
    return read_pdf


def quoted_article() -> Article:
    """A hand-made article: quotes with speakers, full metadata, a nested thread with spam."""
    paras = [
        'The mayor opened the bridge on Monday. "This bridge joins two halves of one city," '
        "said Ann Lee, the mayor, to a crowd of several hundred.",
        'Critics were less sure. "It cost twice what we were promised," said Bob Stone, '
        'a councillor, adding that the council had "no plan for the traffic".',
        f"Visitors came from far away: {NON_ASCII}.",
        'A spokesperson said the works "finished on time and on budget".',
    ]
    body = "\n\n".join(paras)
    quotes = []
    for text, speaker, role in (
        ("This bridge joins two halves of one city,", "Ann Lee", "mayor"),
        ("It cost twice what we were promised,", "Bob Stone", "councillor"),
        ("no plan for the traffic", "Bob Stone", "councillor"),
        ("finished on time and on budget", None, None),
    ):
        start = body.index(text)
        quotes.append(Quote(text, speaker, start, start + len(text), role=role))
    comments = [
        Comment(
            "Carol",
            "2024-03-04T10:15:00",
            "Lovely bridge, I walked it twice.",
            replies=[
                Comment("Dan", "2024-03-04T11:00:00", "Same here, the view is great."),
                Comment(
                    "CheapPills",
                    None,
                    "BUY CHEAP WATCHES at spam-shop dot example",
                    spam=True,
                    spam_reasons=["link farm"],
                ),
            ],
        ),
        Comment("Erin", None, "Too expensive for what it is."),
    ]
    return Article(
        source="/home/me/news/bridge.html",
        format="html",
        title="City opens its new bridge — “at last”",
        published="2024-03-04T09:30:00+01:00",
        authors=["Jane Doe", "Ivan Petrov"],
        site="example-news.org",
        tags=["city", "transport"],
        url="https://example-news.org/2024/03/bridge",
        body=body,
        quotes=quotes,
        comments=comments,
        comments_claimed=5,
    )


@pytest.fixture
def article_with_quotes() -> Article:
    return quoted_article()


def rgb_fill_operator(hex_colour: str) -> re.Pattern[bytes]:
    """A regex for the PDF fill-colour operator Qt writes for ``hex_colour`` ("r g b scn")."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def num(v: float) -> str:
        if v in (0.0, 1.0):
            return f"{int(v)}(?:\\.0+)?"
        return re.escape(f"{v:.4f}"[:-1]) + r"\d*"

    return re.compile(f"{num(r)} {num(g)} {num(b)} (?:scn|rg)".encode())
