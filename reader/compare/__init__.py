"""Comparing the coverage of two articles (Qt-free).

``compare_articles(a, b)`` returns a ``Comparison``: the passages both
articles carry (verbatim or reworded), the passages only one carries, the
quotes quoted by both / only one (and whether worded differently), and the
figures (numbers, dates) that disagree between aligned passages. Its
``to_dict()`` is the JSON of ``article-reader compare A B --json``.
"""

from reader.compare.comparison import (
    Comparison,
    FigureConflict,
    QuoteEntry,
    compare_articles,
)
from reader.compare.passages import SharedPassage, align

__all__ = [
    "Comparison",
    "FigureConflict",
    "QuoteEntry",
    "SharedPassage",
    "align",
    "compare_articles",
]
