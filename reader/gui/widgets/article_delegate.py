"""Paints one article row: the title, a grey metadata line, and in search mode the snippet.

Unread articles have a bold title (read ones a normal one, as in a mail
client) and starred ones a ★ before it. Grouped by story, a story heading row
is drawn on a tinted band (the story's headline, its article count, outlets and
dates) and the articles under it are indented behind an accent bar.

Every row has the same height in a given mode, so the list view can use
``setUniformItemSizes(True)`` and stay instant at 100,000 rows. The snippet
is the core's HTML (escaped text with ``<b class="match">`` around matched
terms) drawn through a QTextDocument so the matched words are highlighted.

A search repaints the whole list, so a row costs one model call
(``ArticleListModel.row_look``, not one ``data()`` round trip per role), fonts
and metrics are made once per base font, and the snippet document's default
font and style sheet are set only when they change.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.gui.models.article_list import HEADING, MEMBER, ArticleListModel, MetaRole

PAD_X, PAD_Y, GAP = 10, 7, 2
GROUP_INDENT, BAR_WIDTH = 12, 3
SNIPPET_LINES = 2


class ArticleDelegate(QStyledItemDelegate):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.search_mode = False
        self.match_color = "#ffd166"
        self.match_text = "#1d1d1f"
        self._doc = QTextDocument()
        self._doc.setDocumentMargin(0)
        self._doc_look: tuple[str, str] | None = None  # (font key, style sheet) the document has
        self._fonts: dict[str, tuple[QFont, QFont, QFont, QFontMetrics, QFontMetrics]] = {}

    def set_dark(self, dark: bool) -> None:
        self.match_color = "#8a6a00" if dark else "#ffd166"
        self.match_text = "#fff6d5" if dark else "#1d1d1f"

    # -- fonts -------------------------------------------------------------------
    @staticmethod
    def _title_font(base: QFont, bold: bool = True) -> QFont:
        f = QFont(base)
        f.setBold(bold)
        return f

    @staticmethod
    def _small_font(base: QFont) -> QFont:
        f = QFont(base)
        if f.pointSizeF() > 0:
            f.setPointSizeF(max(7.0, f.pointSizeF() - 1))
        return f

    def _fonts_for(self, base: QFont) -> tuple[QFont, QFont, QFont, QFontMetrics, QFontMetrics]:
        """(bold title, plain title, small font, title metrics, small metrics) for ``base``."""
        key = base.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            bold, plain, small = self._title_font(base), self._title_font(base, False), self._small_font(base)
            fonts = self._fonts[key] = (bold, plain, small, QFontMetrics(bold), QFontMetrics(small))
        return fonts

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = option.font
        h = QFontMetrics(self._title_font(base)).height() + GAP + QFontMetrics(self._small_font(base)).height()
        if self.search_mode:
            h += GAP + 1 + SNIPPET_LINES * QFontMetrics(self._small_font(base)).lineSpacing()
        return QSize(200, h + 2 * PAD_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        assert isinstance(model, ArticleListModel)
        look = model.row_look(index.row())
        if look.group == HEADING:
            self._paint_heading(painter, option, index)
            return
        # The row's panel (background, selection, focus) as QStyledItemDelegate draws it with no
        # text: the model gives no font, colour, alignment, icon or check state to take from it.
        opt = QStyleOptionViewItem(option)
        opt.index = QModelIndex(index) if isinstance(index, QPersistentModelIndex) else index
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        fg = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = fg if selected else pal.color(QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)

        painter.save()
        if look.group == MEMBER:
            bar = pal.color(QPalette.ColorRole.Highlight)
            painter.fillRect(opt.rect.left() + PAD_X // 2, opt.rect.top(), BAR_WIDTH, opt.rect.height(), bar)
            rect.setLeft(rect.left() + GROUP_INDENT)
        bold, plain, sf, bold_fm, sfm = self._fonts_for(opt.font)
        tf = bold if look.unread else plain
        tfm = bold_fm if look.unread else QFontMetrics(plain)
        title = "★ " + look.title if look.starred else look.title
        painter.setFont(tf)
        painter.setPen(fg)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), tfm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            tfm.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        y = rect.top() + tfm.height() + GAP
        painter.setFont(sf)
        painter.setPen(dim)
        painter.drawText(
            QRect(rect.left(), y, rect.width(), sfm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            sfm.elidedText(look.meta, Qt.TextElideMode.ElideRight, rect.width()),
        )
        y += sfm.height() + GAP + 1
        snippet = look.snippet if self.search_mode else ""
        if snippet:
            sheet = f"b.match {{ background-color: {self.match_color}; font-weight: bold; }}" + (
                f"b.match {{ color: {self.match_text}; }}" if not selected else ""
            )
            doc_look = (sf.key(), sheet)
            if doc_look != self._doc_look:
                self._doc.setDefaultFont(sf)
                self._doc.setDefaultStyleSheet(sheet)
                self._doc_look = doc_look
            self._doc.setHtml(snippet)
            self._doc.setTextWidth(rect.width())
            clip = QRect(rect.left(), y, rect.width(), SNIPPET_LINES * sfm.lineSpacing())
            painter.translate(rect.left(), y)
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.palette.setColor(QPalette.ColorRole.Text, fg if selected else pal.color(QPalette.ColorRole.Text))
            ctx.clip = clip.translated(-rect.left(), -y).toRectF()
            painter.setClipRect(ctx.clip)
            self._doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def _paint_heading(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """A story heading: headline in the accent colour on a tinted band, then the story's figures."""
        pal = option.palette
        pal.setCurrentColorGroup(QPalette.ColorGroup.Active)  # a heading is not selectable, yet not greyed out
        accent = pal.color(QPalette.ColorRole.Highlight)
        band = QColor(accent)
        band.setAlpha(40)
        painter.save()
        painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Base))
        painter.fillRect(option.rect, band)
        painter.fillRect(option.rect.left(), option.rect.bottom(), option.rect.width(), 1, accent)
        rect = option.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        tf = self._title_font(option.font)
        tfm = QFontMetrics(tf)
        painter.setFont(tf)
        text = pal.color(QPalette.ColorRole.Text)
        painter.setPen(text)
        title = "Story: " + (index.data() or "")
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), tfm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            tfm.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        sf = self._small_font(option.font)
        sfm = QFontMetrics(sf)
        painter.setFont(sf)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRect(rect.left(), rect.top() + tfm.height() + GAP, rect.width(), sfm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            sfm.elidedText(index.data(MetaRole) or "", Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()
