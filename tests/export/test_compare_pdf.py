"""The comparison PDF, read back with pypdf: passages in sequence with their marks, then quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.export.compare_pdf import export_comparison_pdf
from reader.export.errors import ExportError
from reader.model import Article
from reader.render_compare import (
    ONLY,
    REWORDED,
    TINTS,
    CompareData,
    Disagreement,
    QuoteEntry,
    SharedPassage,
)

A_BODY = (
    "Officials said for months that the president's days were numbered.\n\n"
    "The deputy minister flew to Havana with 17 letters from the president.\n\n"
    '"He will huddle with his sect," said Andrew Tabler of the institute.'
)
B_BODY = (
    "Reports: the deputy minister travelled to Havana carrying 70 letters from the president.\n\n"
    '"His mood is that he will be killed," said Fyodor Lukyanov.'
)


@pytest.fixture
def pair() -> tuple[Article, Article, CompareData]:
    a = Article(source="a.txt", format="text", title="Is he seeking asylum?", body=A_BODY, site="cnn.com",
                published="2012-12-05T19:15:00-05:00")
    b = Article(source="b.txt", format="text", title="Seeking asylum in Latin America", body=B_BODY)
    pa = A_BODY.index("The deputy")
    pb = B_BODY.index("the deputy")
    fa, fb = A_BODY.index("17"), B_BODY.index("70")
    qa, qb = A_BODY.index("He will"), B_BODY.index("His mood")
    data = CompareData(
        shared=(SharedPassage((pa, A_BODY.index("\n\n", pa)), (pb, B_BODY.index("\n\n")), REWORDED),),
        only_a=((0, pa - 2), (A_BODY.index('"He'), len(A_BODY))),
        only_b=((B_BODY.index('"His'), len(B_BODY)),),
        quotes={
            "both": (),
            "only_a": (QuoteEntry("He will huddle with his sect,", "Andrew Tabler", (qa, qa + 29)),),
            "only_b": (QuoteEntry("His mood is that he will be killed,", "Fyodor Lukyanov", None, (qb, qb + 35)),),
            "reworded": (),
        },
        disagreements=(Disagreement("number", "17", "70", (fa, fa + 2), (fb, fb + 2)),),
    )
    return a, b, data


def test_comparison_pdf_reads_back_in_sequence_with_marks(pair, tmp_path: Path, pdf_reader) -> None:
    a, b, data = pair
    out = export_comparison_pdf(a, b, data, tmp_path / "cmp.pdf")
    read = pdf_reader(out)
    assert read.metadata["/Title"] == "Comparing coverage: cnn.com and “Seeking asylum in Latin America”"
    assert read.contains_in_order(
        [
            "Comparing coverage",
            "A · Is he seeking asylum?",
            "B · Seeking asylum in Latin America",
            "Only in A (cnn.com)",
            "Officials said for months",
            "In both, reworded · A (cnn.com)",
            "flew to Havana with 17 letters",
            "B (no site given)",
            "carrying 70 letters",
            "Only in B (no site given)",
            "His mood is that he will be killed",
            "Only in A (cnn.com)",
            "He will huddle with his sect",
            "Quotes",
            "Only in A (cnn.com) (1)",
            "Andrew Tabler",
            "Only in B (no site given) (1)",
            "Fyodor Lukyanov",
            "Numbers and dates that differ",
        ]
    ), read.text
    # The tints are painted (as fills) on the page, not only named.
    assert read.has_fill_colour(TINTS[REWORDED]) and read.has_fill_colour(TINTS[ONLY])


def _headers(read) -> list[str]:
    """Each page's running header line, white space folded."""
    return [" ".join(next(ln for ln in raw.splitlines() if ln.strip()).split()) for raw in read.raw_pages]


def test_running_header_names_a_site_less_article_by_its_headline_or_file(
        pair, tmp_path: Path, pdf_reader) -> None:
    a, b, data = pair
    b.title = "Seeking asylum in Latin America: where the president could go next"
    read = pdf_reader(export_comparison_pdf(a, b, data, tmp_path / "long.pdf"))
    name = "“Seeking asylum in Latin America: where…”"
    assert len(name) - 2 <= 40  # the headline cut, with its ellipsis, inside the quotes
    assert read.metadata["/Title"] == f"Comparing coverage: cnn.com and {name}"
    # (The header line elides what does not fit beside the export date.)
    assert all(h.startswith("Comparing coverage: cnn.com and “Seeking asylum in Latin America")
               for h in _headers(read)), _headers(read)
    assert "no site given" not in " ".join(_headers(read))

    b.title = ""
    b.source = "/home/reader/saved/asylum-report.txt"
    read = pdf_reader(export_comparison_pdf(a, b, data, tmp_path / "untitled.pdf"))
    assert all(h.startswith("Comparing coverage: cnn.com and asylum-report.txt") for h in _headers(read)), \
        _headers(read)


def test_missing_folder_is_an_export_error(pair, tmp_path: Path) -> None:
    a, b, data = pair
    with pytest.raises(ExportError):
        export_comparison_pdf(a, b, data, tmp_path / "nope" / "cmp.pdf")
    assert not (tmp_path / "nope").exists()
