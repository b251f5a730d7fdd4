"""Page layout shared by PDF export and printing: fonts, pagination, page painting.

Everything is laid out once in 96-dpi units ("px", a 1/96-inch grid, the
unit the HTML uses) and painted with the painter scaled to the target
device, so a 96-dpi PDF and a 1200-dpi printer get the same pages. Each
article is its own QTextDocument paginated by ``setPageSize`` with no
document margin; page furniture (running header, rule, page number) is
drawn here rather than left to ``QTextDocument.print_``, which would add
its own numbers and a 2 cm margin.

QtGui only (no widgets), so it runs in a worker thread and in the CLI
with a bare QGuiApplication.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from reader.export import compose
from reader.export.highlights import HighlightLike
from reader.model import Article
from reader.render import format_datetime

#: The layout grid: CSS px in the HTML are 1/96 inch.
LAYOUT_DPI = 96
#: Page margins (mm): wide sides keep body lines near 75 characters on A4 and Letter.
PAGE_MARGINS_MM = QMarginsF(25.0, 13.0, 25.0, 13.0)
HEADER_H = 36.0  # px from the top of the printable area to the top of the body
FOOTER_H = 32.0  # px from the bottom of the body to the bottom of the printable area
FURNITURE_PX = 11.0  # header/footer text size
EDGE_EPSILON = 0.05  # px; Qt positions lines in 1/64 px steps
#: Preferred families, best first; the first one installed wins. Glyphs a
#: family lacks (Cyrillic in a Latin-only serif, CJK) come from Qt's font
#: fallback, so the list only decides the look, not the coverage.
SERIF_FAMILIES = (
    "Noto Serif",
    "Source Serif 4",
    "Source Serif Pro",
    "Charter",
    "Georgia",
    "Cambria",
    "Liberation Serif",
    "DejaVu Serif",
    "Times New Roman",
)
SANS_FAMILIES = ("Noto Sans", "Source Sans 3", "Segoe UI", "Helvetica Neue", "Liberation Sans", "DejaVu Sans", "Arial")

ProgressFn = Callable[[int, int], None]


def no_ligatures(font: QFont) -> QFont:
    """Turn off "fi"/"fl" ligatures so the PDF's text reads back as the letters, not U+FB01.

    Only the optional Latin ligatures go; scripts that need shaping
    (Arabic's required ligatures) are unaffected.
    """
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def _pick_family(preferences: Sequence[str], hint: QFont.StyleHint) -> str:
    installed = set(QFontDatabase.families())
    for family in preferences:
        if family in installed:
            return family
    font = QFont()
    font.setStyleHint(hint)
    return QFontInfo(font).family()


@dataclass(frozen=True)
class Fonts:
    serif: str
    sans: str

    @classmethod
    def detect(cls) -> Fonts:
        return cls(
            serif=_pick_family(SERIF_FAMILIES, QFont.StyleHint.Serif),
            sans=_pick_family(SANS_FAMILIES, QFont.StyleHint.SansSerif),
        )

    def css(self) -> tuple[str, str]:
        """CSS family lists; the sans family backs up the serif for scripts it lacks."""
        return f"'{self.serif}', '{self.sans}', serif", f"'{self.sans}', sans-serif"


def default_page_size() -> QPageSize:
    """Letter where the locale measures in inches (US), else A4."""
    if QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


#: Paper sizes by the names the command line and settings use.
PAGE_SIZE_NAMES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}


def page_layout(page_size: QPageSize | str | None = None) -> QPageLayout:
    """Portrait page with our margins; ``page_size`` a QPageSize, "a4"/"letter", or None for the locale's."""
    if isinstance(page_size, str):
        if page_size.lower() not in PAGE_SIZE_NAMES:
            raise ValueError(f"unknown page size {page_size!r}")
        page_size = QPageSize(PAGE_SIZE_NAMES[page_size.lower()])
    return QPageLayout(
        page_size or default_page_size(),
        QPageLayout.Orientation.Portrait,
        PAGE_MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


@dataclass(frozen=True)
class Geometry:
    """The printable area in 96-dpi px, split into header, body and footer."""

    width: float
    height: float

    @classmethod
    def of_layout(cls, layout: QPageLayout) -> Geometry:
        r = layout.paintRectPixels(LAYOUT_DPI)
        return cls(float(r.width()), float(r.height()))

    @property
    def body_height(self) -> float:
        return self.height - HEADER_H - FOOTER_H


def _layout_device() -> QImage:
    # A 96-dpi stand-in for the page: the documents are laid out against it, so
    # pagination does not depend on the screen's DPI or the printer's.
    img = QImage(1, 1, QImage.Format.Format_RGB32)
    dpm = round(LAYOUT_DPI / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    return img


@dataclass
class Section:
    """One QTextDocument (an article, or the contents) and where its pages fall."""

    doc: QTextDocument
    running_title: str
    pages: int = 0
    first_page: int = 1  # 1-based, in the whole document


def make_document(
    html: str, fonts: Fonts, geometry: Geometry, device: QImage, *, split: bool = True
) -> QTextDocument:
    """The paginated document; ``split=False`` stops before paragraphs are cut at page edges
    (their lines are where they will be printed either way)."""
    serif, sans = fonts.css()
    doc = QTextDocument()
    doc.setUseDesignMetrics(True)  # glyph advances independent of hinting at 96 dpi
    opt = QTextOption()
    opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long URLs wrap, never overflow
    doc.setDefaultTextOption(opt)
    font = QFont(fonts.serif)
    font.setPixelSize(round(compose.BODY_PX))
    no_ligatures(font)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(compose.stylesheet(serif, sans))
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(geometry.width, geometry.body_height))
    doc.setHtml(html)
    doc.documentLayout().setPaintDevice(device)
    improve_page_breaks(doc)
    if split:
        split_at_page_breaks(doc)
    return doc


#: Never left alone at the foot of a page: section titles (Quotes,
#: Comments: h2) and blocks marked by compose, such as a comment's author line.
KEEP_WITH_NEXT_LEVELS = (2,)
#: Beyond this many moves the rest is left as Qt lays it out (each move costs some layout).
MAX_KEEP_MOVES = 200


def _page_of(layout_y: float, page_h: float) -> int:
    return int((layout_y + EDGE_EPSILON) // page_h)


def _keeps_with_next(block: QTextBlock) -> bool:
    return (
        block.blockFormat().headingLevel() in KEEP_WITH_NEXT_LEVELS
        or block.userState() == compose.KEEP_WITH_NEXT_STATE
    )


def _move_to_next_page(block: QTextBlock) -> None:
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(fmt)


def improve_page_breaks(doc: QTextDocument) -> None:
    """Headings stay with their text; no paragraph leaves a single line alone at a page edge.

    - a heading (or comment author line) that ends a page moves to the next;
    - a paragraph whose first line is the last on a page moves to the next
      (with the heading above it, if any) -- no orphan;
    - a paragraph whose last line would start a page alone takes one more
      line with it -- no widow.
    One forward pass; after each change Qt lays out again only up to the
    block being judged, so the cost stays close to a single layout.
    """
    page_h = doc.pageSize().height()
    layout = doc.documentLayout()
    root = doc.rootFrame()
    doc.pageCount()
    moves = 0
    block = doc.begin()
    while block.isValid() and moves < MAX_KEEP_MOVES:
        layout.blockBoundingRect(block)  # up to date after earlier moves
        nxt = block.next()
        here = block.layout()
        n = here.lineCount() if here is not None else 0
        if n and _keeps_with_next(block) and nxt.isValid():
            layout.blockBoundingRect(nxt)
            there = nxt.layout()
            if there.lineCount():
                last = _page_of(here.position().y() + here.lineAt(n - 1).y(), page_h)
                if _page_of(there.position().y() + there.lineAt(0).y(), page_h) > last:
                    _move_to_next_page(block)
                    moves += 1
        elif n >= 3 and QTextCursor(block).currentFrame() == root:
            y0 = here.position().y()
            pages = [_page_of(y0 + here.lineAt(i).y(), page_h) for i in range(n)]
            if pages[0] != pages[1]:  # orphan: the first line alone at the foot
                prev = block.previous()
                _move_to_next_page(prev if prev.isValid() and _keeps_with_next(prev) else block)
                moves += 1
            elif pages[-1] != pages[-2] and n >= 4:  # widow: the last line alone at the top
                cursor = QTextCursor(block)
                cursor.setPosition(block.position() + here.lineAt(n - 2).textStart())
                tail = QTextBlockFormat(block.blockFormat())
                tail.setTopMargin(0)
                tail.setTextIndent(0)
                tail.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                # (The head keeps its bottom margin: the page ends after it anyway.)
                cursor.insertBlock(tail, cursor.charFormat())
                moves += 1
                nxt = block.next()  # the tail: its own lines are fine, go on after it
        block = nxt


@dataclass
class Book:
    """The laid-out pages of one export, ready to paint on a PDF writer or printer."""

    sections: list[Section]
    geometry: Geometry
    fonts: Fonts
    exported: date = field(default_factory=date.today)

    @property
    def page_count(self) -> int:
        return sum(s.pages for s in self.sections)

    # -- painting ---------------------------------------------------------

    def paint(self, device: QPagedPaintDevice, *, progress: ProgressFn | None = None) -> None:
        """Paint every page on ``device`` (QPdfWriter or QPrinter), starting on its current page."""
        painter = QPainter()
        if not painter.begin(device):
            raise RuntimeError("cannot paint on the output device")
        try:
            scale = device.logicalDpiX() / LAYOUT_DPI
            painter.scale(scale, device.logicalDpiY() / LAYOUT_DPI)
            total = self.page_count
            done = 0
            for section in self.sections:
                for i in range(section.pages):
                    if done:
                        device.newPage()
                    self.paint_page(painter, section, i)
                    done += 1
                    if progress:
                        progress(done, total)
        finally:
            painter.end()

    def paint_page(self, painter: QPainter, section: Section, index: int) -> None:
        """Page ``index`` of ``section``: header, the body slice, footer (painter in 96-dpi units)."""
        g = self.geometry
        self._paint_header(painter, section.running_title)
        body_h = g.body_height
        painter.save()
        painter.translate(0, HEADER_H - index * body_h)
        draw_slice(painter, section.doc, index * body_h, body_h, g.width)
        painter.restore()
        self._paint_footer(painter, section.first_page + index)

    def _furniture_font(self) -> QFont:
        font = QFont(self.fonts.sans)
        font.setPixelSize(round(FURNITURE_PX))
        return no_ligatures(font)

    def _paint_header(self, painter: QPainter, title: str) -> None:
        g = self.geometry
        font = self._furniture_font()
        painter.setFont(font)
        fm = QFontMetricsF(font, painter.device())
        date_text = f"Exported {format_datetime(self.exported.isoformat())}"
        date_w = fm.horizontalAdvance(date_text)
        title_w = max(0.0, g.width - date_w - 24)
        painter.setPen(QColor(compose.MUTED))
        line_h = FURNITURE_PX * 1.6
        painter.drawText(
            QRectF(0, 0, title_w, line_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(title, Qt.TextElideMode.ElideRight, title_w),
        )
        painter.drawText(
            QRectF(g.width - date_w - 1, 0, date_w + 1, line_h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            date_text,
        )
        pen = QPen(QColor(compose.RULE))
        pen.setWidthF(0.75)
        painter.setPen(pen)
        painter.drawLine(QPointF(0, line_h + 3), QPointF(g.width, line_h + 3))

    def _paint_footer(self, painter: QPainter, page: int) -> None:
        g = self.geometry
        painter.setFont(self._furniture_font())
        painter.setPen(QColor(compose.MUTED))
        line_h = FURNITURE_PX * 1.6
        painter.drawText(
            QRectF(0, g.height - line_h, g.width, line_h),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            f"{page} / {self.page_count}",
        )


def split_at_page_breaks(doc: QTextDocument, *, rounds: int = 3) -> None:
    """Split every paragraph that runs over a page break into two blocks, one per page.

    ``drawContents`` with a clip rect is not enough for paper: for a paragraph
    that began above the clip, QTextLayout also draws the last line *above*
    it (its first-visible-line search is off by one). On screen the clip hides
    that line; in a PDF its glyphs are still there, so search and copy would
    find it twice. Once no paragraph crosses a page edge, each page is a
    plain clipped ``drawContents``. The second half keeps the paragraph's
    format minus its top margin and first-line indent, so the lines stay
    exactly where they were.
    """
    # Splitting keeps every line where it was, so one round normally settles
    # it; the extra rounds are a guard should Qt ever reflow a split paragraph.
    for _ in range(rounds):
        if not _split_once(doc):
            return


def _split_once(doc: QTextDocument) -> bool:
    page_h = doc.pageSize().height()
    root = doc.rootFrame()
    doc.pageCount()  # finishes the (lazy) layout
    splits: list[tuple[int, QTextBlock]] = []
    block = doc.begin()
    while block.isValid():
        text_layout = block.layout()
        n = text_layout.lineCount() if text_layout is not None else 0
        if n > 1 and QTextCursor(block).currentFrame() == root:
            origin_y = text_layout.position().y()
            page = int((origin_y + text_layout.lineAt(0).y() + EDGE_EPSILON) // page_h)
            for i in range(1, n):
                line = text_layout.lineAt(i)
                line_page = int((origin_y + line.y() + EDGE_EPSILON) // page_h)
                if line_page != page:  # a paragraph longer than a page splits more than once
                    splits.append((block.position() + line.textStart(), block))
                    page = line_page
        block = block.next()
    if not splits:
        return False
    # One edit block (one relayout), from the end backwards so the positions
    # still to split stay valid.
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    for position, block in reversed(splits):
        fmt = block.blockFormat()
        tail = QTextBlockFormat(fmt)
        tail.setTopMargin(0)
        tail.setTextIndent(0)
        cursor.setPosition(position)
        cursor.insertBlock(tail, cursor.charFormat())
        head = QTextBlockFormat(fmt)
        head.setBottomMargin(0)
        cursor.setPosition(block.position())
        cursor.setBlockFormat(head)
    cursor.endEditBlock()
    return True


def draw_slice(painter: QPainter, doc: QTextDocument, top: float, height: float, width: float) -> None:
    """Draw the lines of ``doc`` that start in [top, top + height) (after ``split_at_page_breaks``).

    A line pushed to the next page starts exactly at the bottom edge and
    Qt's test is "starts after the clip", so the clip stops just short of it.
    """
    doc.drawContents(painter, QRectF(0, top, width, height - EDGE_EPSILON))


def build_book(
    articles: Sequence[Article],
    options: compose.ExportOptions,
    layout: QPageLayout,
    *,
    source_paths: dict[int, str] | None = None,
    exported: date | None = None,
    annotations: Mapping[int, Sequence[HighlightLike]] | None = None,
) -> Book:
    """Lay out ``articles`` (a contents page first when there are several);
    ``annotations`` maps an index in ``articles`` to its highlights."""
    fonts = Fonts.detect()
    geometry = Geometry.of_layout(layout)
    device = _layout_device()
    sections: list[Section] = []
    for i, article in enumerate(articles):
        source = (source_paths or {}).get(i)
        html = compose.article_html(article, options, source_path=source,
                                    annotations=(annotations or {}).get(i, ()))
        doc = make_document(html, fonts, geometry, device)
        sections.append(Section(doc, compose.display_title(article), doc.pageCount()))
    if len(articles) > 1:
        sections[:0] = _contents_sections(articles, sections, fonts, geometry, device)
    page = 1
    for s in sections:
        s.first_page = page
        page += s.pages
    return Book(sections, geometry, fonts, exported or date.today())


def _contents_sections(
    articles: Sequence[Article],
    sections: list[Section],
    fonts: Fonts,
    geometry: Geometry,
    device: QImage,
) -> list[Section]:
    """The contents, one document per page.

    Qt would happily split a table row (title on one page, its page number
    on the next) and, at the edge, paint a row twice; so the rows are dealt
    out to pages here, as many as fit on each. The contents' own length
    shifts every page number after it, so the numbers are settled first.
    """
    toc_pages = 1
    chunks: list[list[compose.TocEntry]] = []
    for _ in range(4):
        page = toc_pages + 1
        entries = []
        for article, s in zip(articles, sections):
            entries.append(compose.TocEntry(compose.display_title(article), compose.toc_meta(article), page))
            page += s.pages
        chunks = _deal_rows(entries, fonts, geometry, device)
        if len(chunks) == toc_pages:
            break
        toc_pages = len(chunks)
    out = []
    first = 1
    for i, chunk in enumerate(chunks):
        doc = make_document(compose.toc_html(chunk, first=first, heading=i == 0), fonts, geometry, device)
        out.append(Section(doc, "Contents", doc.pageCount()))
        first += len(chunk)
    return out


def _deal_rows(
    entries: list[compose.TocEntry], fonts: Fonts, geometry: Geometry, device: QImage
) -> list[list[compose.TocEntry]]:
    def fits(start: int, count: int) -> bool:
        html = compose.toc_html(entries[start : start + count], first=start + 1, heading=start == 0)
        return make_document(html, fonts, geometry, device).pageCount() == 1

    chunks = []
    start = 0
    while start < len(entries):
        lo, hi = 1, len(entries) - start  # at least one row per page, however tall
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(start, mid):
                lo = mid
            else:
                hi = mid - 1
        chunks.append(entries[start : start + lo])
        start += lo
    return chunks
