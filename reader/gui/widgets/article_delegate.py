"""Paints one article row: the title, a grey metadata line, and in search mode the snippet.

Unread articles have a bold title (read ones a normal one, as in a mail
client) and starred ones a ★ before it. Grouped by story, a story heading row
is drawn on a tinted band (the story's headline, its article count, outlets and
dates) and the articles under it are indented behind an accent bar.

Every row has the same height in a given mode, so the list view can use
``setUniformItemSizes(True)`` and stay instant at 100,000 rows. The snippet
is the core's HTML (escaped text with ``<b class="match">`` around matched
terms) drawn through a QTextDocument so the matched words are highlighted.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.gui.models.article_list import HEADING, MEMBER, GroupRole, MetaRole, SnippetRole, StarredRole, UnreadRole

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

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = option.font
        h = QFontMetrics(self._title_font(base)).height() + GAP + QFontMetrics(self._small_font(base)).height()
        if self.search_mode:
            h += GAP + 1 + SNIPPET_LINES * QFontMetrics(self._small_font(base)).lineSpacing()
        return QSize(200, h + 2 * PAD_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        group = index.data(GroupRole)
        if group == HEADING:
            self._paint_heading(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        fg = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = fg if selected else pal.color(QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)

        painter.save()
        if group == MEMBER:
            bar = pal.color(QPalette.ColorRole.Highlight)
            painter.fillRect(opt.rect.left() + PAD_X // 2, opt.rect.top(), BAR_WIDTH, opt.rect.height(), bar)
            rect.setLeft(rect.left() + GROUP_INDENT)
        tf = self._title_font(opt.font, bool(index.data(UnreadRole)))
        if index.data(StarredRole):
            title = "★ " + title
        painter.setFont(tf)
        painter.setPen(fg)
        tfm = QFontMetrics(tf)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), tfm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            tfm.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        y = rect.top() + tfm.height() + GAP
        sf = self._small_font(opt.font)
        sfm = QFontMetrics(sf)
        painter.setFont(sf)
        painter.setPen(dim)
        meta = index.data(MetaRole) or ""
        painter.drawText(
            QRect(rect.left(), y, rect.width(), sfm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            sfm.elidedText(meta, Qt.TextElideMode.ElideRight, rect.width()),
        )
        y += sfm.height() + GAP + 1
        snippet = index.data(SnippetRole) if self.search_mode else ""
        if snippet:
            self._doc.setDefaultFont(sf)
            self._doc.setDefaultStyleSheet(
                f"b.match {{ background-color: {self.match_color}; font-weight: bold; }}"
                + (f"b.match {{ color: {self.match_text}; }}" if not selected else "")
            )
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
