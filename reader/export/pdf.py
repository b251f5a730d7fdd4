"""Articles -> PDF: one document per call, or one file per article.

The PDF is painted by ``reader.export.layout`` (shared with printing) on a
96-dpi QPdfWriter, so text stays vector text with embedded, subset fonts
(searchable and copyable). The file is written beside its destination and
renamed into place only when complete: a failed export never leaves half a
PDF, nor replaces a good one.

QtGui only. A QGuiApplication must exist (``ensure_gui_app``). Safe to call
from the main thread or a QThread such as a QThreadPool worker (each call
owns its QTextDocuments and writer; fonts and painting to a PDF work off the
GUI thread). Not from a plain ``threading.Thread``: QTextDocument lays long
documents out in steps driven by a timer, and such a thread has no Qt event
dispatcher for it (Qt warns "QBasicTimer::start: ... event dispatcher").
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QLoggingCategory, qVersion
from PySide6.QtGui import QGuiApplication, QPageLayout, QPdfWriter

from reader import APP_ID, APP_NAME, __version__
from reader.export import compose, layout
from reader.export.errors import ExportError
from reader.export.filenames import safe_filename
from reader.export.highlights import HighlightLike
from reader.export.pdfmeta import PdfMetadata, write_info, xmp_packet
from reader.model import Article
from reader.render import format_datetime

ProgressFn = layout.ProgressFn

_app: QGuiApplication | None = None


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new headless one (for the command line).

    Fonts and painting need a QGuiApplication but no window. On Linux and the
    BSDs the "offscreen" platform is used unless QT_QPA_PLATFORM says
    otherwise, so ``article-reader export`` works over SSH with no display.
    """
    global _app
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    argv = [APP_ID]
    if (sys.platform.startswith("linux") or "bsd" in sys.platform) and not os.environ.get("QT_QPA_PLATFORM"):
        argv += ["-platform", "offscreen"]
    # A missing font is reported once, in words (reader.export.fontcheck), not
    # as one "OpenType support missing" line per font and script.
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    _app = QGuiApplication(argv)
    return _app


def creator() -> str:
    return f"{APP_NAME} {__version__}"


def document_metadata(articles: Sequence[Article]) -> PdfMetadata:
    """Title, author, subject and keywords describing the whole export."""
    titles = [compose.display_title(a) for a in articles]
    if len(articles) == 1:
        title = titles[0]
    else:
        title = f"{titles[0]} and {len(articles) - 1} more article{'s' if len(articles) > 2 else ''}"
    authors = _unique(name for a in articles for name in a.authors)
    sites = _unique(a.site for a in articles if a.site)
    author = ", ".join(authors) or ", ".join(sites)
    if len(articles) == 1:
        a = articles[0]
        subject = "Saved article"
        if a.site:
            subject += f" from {a.site}"
        if a.published:
            subject += f", published {format_datetime(a.published)}"
    else:
        subject = f"{len(articles)} saved articles" + (f" from {', '.join(sites)}" if sites else "")
    keywords = tuple(_unique(t for a in articles for t in a.tags))
    return PdfMetadata(
        title=title,
        author=author,
        subject=subject,
        creator=creator(),
        producer=f"Qt {qVersion()}",
        keywords=keywords,
    )


def _unique(items: Iterable[str]) -> list[str]:
    """Non-empty items, first spelling kept, case-insensitive duplicates dropped."""
    seen: dict[str, str] = {}  # casefolded -> first spelling
    for item in items:
        key = item.strip()
        if key:
            seen.setdefault(key.casefold(), key)
    return list(seen.values())


def export_pdf(
    articles: Sequence[Article],
    out: Path | str,
    options: compose.ExportOptions | None = None,
    *,
    annotations: Mapping[int, Sequence[HighlightLike]] | None = None,
    progress: ProgressFn | None = None,
) -> Path:
    """Write ``articles`` to one PDF at ``out`` and return its path.

    Several articles each start on a new page, after a contents page. ``options``
    says what goes in and on which paper (default: ``ExportOptions()``);
    ``annotations`` maps an index in ``articles`` to the reader's highlights;
    ``progress(done, total)`` is called after each page is painted. Raises
    ``ExportError``.
    """
    if not articles:
        raise ExportError("nothing to export: no article given")
    out = Path(out)
    if not out.parent.is_dir():
        raise ExportError("the folder does not exist", path=out.parent)
    ensure_gui_app()
    options = options or compose.ExportOptions()
    page_layout = layout.page_layout(options.page_size)
    book = layout.build_book(articles, options, page_layout, annotations=annotations)
    return write_book(book, page_layout, document_metadata(articles), out, progress)


def write_book(book: layout.Book, page_layout: QPageLayout, meta: PdfMetadata, out: Path,
               progress: ProgressFn | None = None) -> Path:
    """Paint ``book`` into ``out`` atomically (beside it, then renamed); raises ``ExportError``."""
    part = out.with_name(f".{out.name}.part")
    try:
        writer = QPdfWriter(str(part))
        writer.setResolution(layout.LAYOUT_DPI)
        writer.setPageLayout(page_layout)
        writer.setTitle(meta.title)
        writer.setAuthor(meta.author)
        writer.setCreator(meta.creator)
        writer.setDocumentXmpMetadata(xmp_packet(meta))
        try:
            book.paint(writer, progress=progress)
        except RuntimeError:
            raise ExportError("cannot write the PDF here (permissions or disk full?)", path=out) from None
        del writer  # flushes and closes the file
        if not part.is_file() or part.stat().st_size == 0:
            raise ExportError("the PDF could not be written (disk full?)", path=out)
        write_info(part, meta)
        part.replace(out)
    except PermissionError as exc:
        raise ExportError("cannot write the PDF: permission denied (is it open in another program?)", path=out) from exc
    except OSError as exc:
        raise ExportError(f"cannot write the PDF: {exc.strerror or exc}", path=out) from exc
    finally:
        if part.exists():
            try:
                part.unlink()
            except OSError:
                pass
    return out


def export_each(
    articles: Sequence[Article],
    folder: Path | str,
    options: compose.ExportOptions | None = None,
    *,
    annotations: Mapping[int, Sequence[HighlightLike]] | None = None,
    progress: ProgressFn | None = None,
) -> list[Path]:
    """One PDF per article in ``folder`` (created if needed), named after the titles.

    Existing files are never overwritten: a second "Budget 2005.pdf" becomes
    "Budget 2005 (2).pdf". ``options`` and ``annotations`` as for ``export_pdf``;
    ``progress(done, total)`` counts articles.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the folder: {exc.strerror or exc}", path=folder) from exc
    written: list[Path] = []
    for i, article in enumerate(articles):
        target = safe_filename(compose.display_title(article), folder, unique=True)
        mine = {0: annotations[i]} if annotations and i in annotations else None
        written.append(export_pdf([article], target, options, annotations=mine))
        if progress:
            progress(i + 1, len(articles))
    return written
