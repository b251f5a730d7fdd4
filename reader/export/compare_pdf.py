"""A comparison of two articles -> one PDF (the passages in sequence with their marks).

Laid out and painted like an article export (``reader.export.layout``: 96-dpi
QPdfWriter, embedded fonts, running header and page numbers), from the HTML
of ``reader.export.compare_compose``. Written beside its destination and
renamed into place when complete. QtGui only; runs on a worker thread or
from the command line.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import qVersion
from PySide6.QtGui import QPageLayout

from reader.export import layout
from reader.export.compare_compose import comparison_html, outlet
from reader.export.compose import ExportOptions
from reader.export.errors import ExportError
from reader.export.pdf import creator, ensure_gui_app, write_book
from reader.export.pdfmeta import PdfMetadata
from reader.model import Article
from reader.render_compare import CompareData

#: A headline naming a site-less article is cut to this many characters (with the ellipsis).
HEADLINE_NAME_MAX = 40


def header_name(article: Article) -> str:
    """The article in the running header: its site, else its quoted headline (cut with an
    ellipsis), else its file name."""
    if article.site:
        return article.site
    title = " ".join(article.title.split())
    if title:
        if len(title) > HEADLINE_NAME_MAX:
            title = title[:HEADLINE_NAME_MAX - 1].rstrip() + "…"
        return f"“{title}”"
    name = Path(article.source).name if article.source else ""
    return name or outlet(article)


def comparison_title(a: Article, b: Article) -> str:
    return f"Comparing coverage: {header_name(a)} and {header_name(b)}"


def build_comparison_book(a: Article, b: Article, data: CompareData, page_layout: QPageLayout) -> layout.Book:
    fonts = layout.Fonts.detect()
    geometry = layout.Geometry.of_layout(page_layout)
    device = layout._layout_device()
    doc = layout.make_document(comparison_html(a, b, data), fonts, geometry, device)
    section = layout.Section(doc, comparison_title(a, b), doc.pageCount())
    return layout.Book([section], geometry, fonts)


def export_comparison_pdf(
    a: Article, b: Article, data: CompareData, out: Path | str, options: ExportOptions | None = None
) -> Path:
    """Write the comparison of ``a`` and ``b`` to ``out`` on ``options.page_size``'s paper
    (a comparison always shows its passages and quotes); raises ``ExportError``."""
    out = Path(out)
    if not out.parent.is_dir():
        raise ExportError("the folder does not exist", path=out.parent)
    ensure_gui_app()
    page_layout = layout.page_layout((options or ExportOptions()).page_size)
    book = build_comparison_book(a, b, data, page_layout)
    meta = PdfMetadata(
        title=comparison_title(a, b),
        author=", ".join(s for s in (a.site, b.site) if s),
        subject=f"“{a.title}” compared with “{b.title}”",
        creator=creator(),
        producer=f"Qt {qVersion()}",
        keywords=("comparison",),
    )
    return write_book(book, page_layout, meta, out)
