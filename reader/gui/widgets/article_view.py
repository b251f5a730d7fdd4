"""The detail pane: one article as a readable page, with its matches, quotes and comments.

Safety first: the HTML comes from ``reader.render`` (article text is always
escaped data), the browser never follows a link itself, ``loadResource``
returns nothing so no image or file is ever loaded, and only http(s) links go
out, to the system browser. Typography: a serif at a comfortable size, about
70 characters per line (the column is centred by the root frame's margins),
generous line height. Quotes carry their speaker as a tooltip (the span's
``title`` becomes the char format's tooltip, shown on hover). Search matches
get ``match-N`` anchors; F3 / Shift+F3 step through them with an "n / N"
counter.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.gui.widgets.highlights import BodyMap, HighlightSpan, apply_highlights
from reader.model import Article
from reader.render import MATCH_BG, MATCH_BG_DARK, QUOTE_BG, QUOTE_BG_DARK, body_html, metadata_line

BASE_POINT_SIZE = 12.5
COLUMN_CHARS = 70
SERIF_FAMILIES = ["Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif", "Liberation Serif", "Times New Roman", "serif"]
SAFE_SCHEMES = ("http", "https")


def _optional(module: str, name: str) -> Any | None:
    """A widget another part of the app provides; None while it is not installed."""
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError:
        return None


class ArticleBrowser(QTextBrowser):
    """A QTextBrowser that never loads anything and never navigates by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleText")
        self.setAccessibleName("Article text")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.document().setDocumentMargin(0)
        self.anchorClicked.connect(self._on_anchor)
        self.opened_urls: list[QUrl] = []  # what was handed to the system browser (tests read it)

    def loadResource(self, type: int, name: QUrl) -> Any:  # noqa: A002 - Qt's name
        # No images, no files, no network: ever. Not None: for a null answer
        # QTextDocument falls back to reading file: URLs from disk itself.
        return QByteArray()

    def setSource(self, name: QUrl, type: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource) -> None:  # noqa: A002
        return  # navigation is refused; anchorClicked decides what a click does

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme().lower() in SAFE_SCHEMES:
            self.opened_urls.append(url)
            QDesktopServices.openUrl(url)
        elif not url.scheme() and url.fragment():
            self.scrollToAnchor(url.fragment())
        # javascript:, file:, data: and anything else: ignored on purpose

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip:
            assert isinstance(ev, QHelpEvent)
            tip = self.tooltip_at(ev.pos())
            if tip:
                QToolTip.showText(ev.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(ev)

    def tooltip_at(self, viewport_pos: QPoint) -> str:
        """The quote speaker (the span's title) under a point of the viewport."""
        pos = self.document().documentLayout().hitTest(
            (viewport_pos + QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())).toPointF(),
            Qt.HitTestAccuracy.ExactHit,
        )
        if pos < 0:
            return ""
        cur = QTextCursor(self.document())
        cur.setPosition(pos + 1 if pos + 1 < self.document().characterCount() else pos)
        return cur.charFormat().toolTip()

    def resizeEvent(self, e) -> None:
        super().resizeEvent(e)
        self.update_column()

    def update_column(self) -> None:
        """Centre a ~70-character column by setting the root frame's side margins."""
        doc = self.document()
        fm = QFontMetricsF(doc.defaultFont())
        target = fm.averageCharWidth() * COLUMN_CHARS * 1.12
        avail = self.viewport().width()
        side = max(18.0, (avail - target) / 2)
        fmt = doc.rootFrame().frameFormat()
        if abs(fmt.leftMargin() - side) < 0.5 and fmt.topMargin() == 24:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(24)
        fmt.setBottomMargin(40)
        doc.rootFrame().setFrameFormat(fmt)


#: The narrowest the article gets (px): about 28 characters of the body font a line, as on a phone.
READABLE_MIN_WIDTH = 240


class ArticleView(QWidget):
    """Title, metadata, body with highlights, match navigation and the comment thread."""

    matchChanged = Signal(int, int)  # current (1-based, 0 = none), total
    zoomChanged = Signal(int)  # text size steps (the side-by-side view follows them)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Panels opened beside it (Stories, Annotations) shrink to their own minimum before the
        # text goes below a readable column (it was squeezed to 68 px, a syllable a line).
        self.setMinimumWidth(READABLE_MIN_WIDTH)
        self.article: Article | None = None
        self.article_id: int | None = None
        self._matches: list[tuple[int, int]] = []
        self._match_pos: list[int] = []  # document position of each match
        self._current = -1
        self._highlights: list[HighlightSpan] = []  # the reader's marks, drawn over the rendered page
        self._placed: list[tuple[int, int, HighlightSpan]] = []  # their document ranges
        self._body_map: BodyMap | None = None  # built when first needed, per render
        self._body_first_block = 0
        #: Gives the highlights of an article being opened (the marks controller sets it).
        self.highlight_source: Callable[[int | None], Sequence[HighlightSpan]] | None = None
        self._zoom = 0
        self._dark = False
        self.comments_enabled = True  # View > Comments; the thread also hides when there is none

        self.browser = ArticleBrowser(self)

        # The "n / N" match bar, shown only while the article has search matches.
        self.match_bar = QWidget(self)
        self.prev_button = QToolButton(self.match_bar)
        self.prev_button.setText("▲")
        self.prev_button.setToolTip("Previous match (Shift+F3)")
        self.prev_button.setAccessibleName("Previous match")
        self.next_button = QToolButton(self.match_bar)
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (F3)")
        self.next_button.setAccessibleName("Next match")
        self.match_label = QLabel(self.match_bar)
        self.match_label.setObjectName("matchCounter")
        bar = QHBoxLayout(self.match_bar)
        bar.setContentsMargins(8, 2, 8, 2)
        bar.addStretch(1)
        bar.addWidget(QLabel("Matches:", self.match_bar))
        bar.addWidget(self.match_label)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        self.match_bar.hide()

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("detailSplitter")
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(self.browser)
        thread_cls = _optional("reader.gui.widgets.comment_thread", "CommentThreadView")
        self.comments = thread_cls(self) if thread_cls is not None else None
        if self.comments is not None:
            # Its heading and spam bar ask for ~430 px; a narrow window may squeeze them instead.
            self.comments.setMinimumWidth(160)
            self.splitter.addWidget(self.comments)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.comments.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.match_bar)
        layout.addWidget(self.splitter, 1)

        self.prev_button.clicked.connect(self.previous_match)
        self.next_button.clicked.connect(self.next_match)
        self._apply_fonts()
        self.show_placeholder("No article selected.")

    # -- appearance ------------------------------------------------------------------
    def _apply_fonts(self) -> None:
        f = QFont()
        f.setFamilies(SERIF_FAMILIES)
        f.setStyleHint(QFont.StyleHint.Serif)
        f.setPointSizeF(max(6.0, BASE_POINT_SIZE + self._zoom))
        self.browser.document().setDefaultFont(f)
        quote_bg = QUOTE_BG_DARK if self._dark else QUOTE_BG
        match_bg = MATCH_BG_DARK if self._dark else MATCH_BG
        meta = "#a09d98" if self._dark else "#6b6963"
        self.browser.document().setDefaultStyleSheet(
            f"""
            h1 {{ font-size: 170%; font-weight: 600; margin-bottom: 6px; line-height: 120%; }}
            p {{ line-height: 155%; margin-top: 0px; margin-bottom: 14px; }}
            p.meta {{ color: {meta}; font-size: 88%; margin-bottom: 4px; line-height: 130%; }}
            p.tags {{ color: {meta}; font-size: 85%; margin-bottom: 18px; }}
            .quote {{ background-color: {quote_bg}; }}
            .quote.unattributed {{ background-color: transparent; text-decoration: underline; }}
            .match {{ background-color: {match_bg}; font-weight: bold; }}
            p.placeholder {{ color: {meta}; font-style: italic; margin-top: 40px; }}
            """
        )

    def set_zoom(self, steps: int) -> None:
        self._zoom = steps
        self._rerender()
        self.zoomChanged.emit(steps)

    @property
    def zoom(self) -> int:
        return self._zoom

    def font_point_size(self) -> float:
        return self.browser.document().defaultFont().pointSizeF()

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark:
            self._dark = dark
            self._rerender()

    def _rerender(self) -> None:
        scroll = self.browser.verticalScrollBar().value()
        self._apply_fonts()
        if self.article is not None:
            self._render(keep_scroll=scroll)
        else:
            self.browser.setHtml(self.browser.toHtml())
            self.browser.update_column()

    # -- content ---------------------------------------------------------------------
    def show_placeholder(self, text: str) -> None:
        self.article = None
        self.article_id = None
        self._matches = []
        self._highlights, self._placed, self._body_map = [], [], None
        self._set_matches_ui()
        self.browser.setHtml(f'<p class="placeholder">{html.escape(text)}</p>')
        self.browser.update_column()
        if self.comments is not None:
            self.comments.set_article(None, [], None)
            self.comments.hide()

    def set_article(
        self,
        article_id: int | None,
        article: Article | None,
        matches: Sequence[tuple[int, int]] = (),
        highlights: Sequence[HighlightSpan] = (),
    ) -> None:
        if article is None:
            self.show_placeholder("No article selected.")
            return
        self.article = article
        self.article_id = article_id
        self._matches = sorted(matches)
        if not highlights and self.highlight_source is not None:
            highlights = self.highlight_source(article_id)
        self._highlights = list(highlights)
        self._render()
        if self.comments is not None:
            self.comments.set_article(article_id, article.comments, article.comments_claimed)
            self.comments.setVisible(self.comments_enabled and bool(article.comments))

    def set_comments_enabled(self, on: bool) -> None:
        self.comments_enabled = on
        if self.comments is not None:
            self.comments.setVisible(on and bool(self.article and self.article.comments))

    def set_matches(self, matches: Sequence[tuple[int, int]]) -> None:
        """New search terms for the article already shown."""
        if self.article is not None:
            self._matches = sorted(matches)
            self._render(keep_scroll=self.browser.verticalScrollBar().value())

    def _document_html(self, a: Article) -> str:
        parts = [f"<h1>{html.escape(a.title or '(untitled)')}</h1>"]
        meta = metadata_line(a)
        if meta:
            parts.append(f'<p class="meta">{html.escape(meta)}</p>')
        if a.url and QUrl(a.url).scheme().lower() in SAFE_SCHEMES:
            url = html.escape(a.url, quote=True)
            parts.append(f'<p class="meta"><a href="{url}">{url}</a></p>')
        if a.tags:
            parts.append(f'<p class="tags">Tags: {html.escape(", ".join(a.tags))}</p>')
        self._body_first_block = len(parts)  # one block per heading and paragraph above the body
        if not a.tags:
            parts.append('<p class="tags"></p>')  # spacing only: Qt makes no block of an empty paragraph
        parts.append(body_html(a, quotes=True, matches=self._matches))
        return "\n".join(parts)

    def _render(self, keep_scroll: int | None = None) -> None:
        assert self.article is not None
        self.browser.setHtml(self._document_html(self.article))
        self.browser.update_column()
        self._body_map = None
        self._index_matches()
        self._draw_highlights()
        self._current = -1
        self._set_matches_ui()
        if keep_scroll is not None:
            self.browser.verticalScrollBar().setValue(keep_scroll)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def _index_matches(self) -> None:
        """Document position of each ``match-N`` anchor (F3 selects the match there)."""
        wanted = len(self._matches)
        pos: dict[int, int] = {}
        if wanted:
            block = self.browser.document().begin()
            while block.isValid() and len(pos) < wanted:
                it = block.begin()
                while not it.atEnd():
                    frag = it.fragment()
                    for name in frag.charFormat().anchorNames():
                        if name.startswith("match-"):
                            pos[int(name[6:])] = frag.position()
                    it += 1
                block = block.next()
        self._match_pos = [pos[i] for i in sorted(pos)]

    # -- match navigation ----------------------------------------------------------
    def match_count(self) -> int:
        return len(self._match_pos)

    def current_match(self) -> int:
        """1-based index of the selected match, 0 when none is selected."""
        return self._current + 1

    def _set_matches_ui(self) -> None:
        n = len(self._match_pos) if self.article is not None else 0
        self.match_bar.setVisible(n > 0)
        if not n:
            self.match_label.setText("")
        elif self._current < 0:  # nothing chosen yet: say how many, F3 picks the first
            self.match_label.setText(f"{n} in this article (F3)")
        else:
            self.match_label.setText(f"{self._current + 1} / {n}")
        self.matchChanged.emit(self._current + 1 if n else 0, n)

    def next_match(self) -> None:
        self._go_match(+1)

    def previous_match(self) -> None:
        self._go_match(-1)

    def _go_match(self, step: int) -> None:
        n = len(self._match_pos)
        if not n:
            return
        if self._current < 0:
            self._current = 0 if step > 0 else n - 1
        else:
            self._current = (self._current + step) % n
        s, e = self._matches[self._current]
        cur = QTextCursor(self.browser.document())
        cur.setPosition(self._match_pos[self._current])
        cur.setPosition(self._match_pos[self._current] + (e - s), QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cur)
        self._center_cursor()
        self._set_matches_ui()

    def _center_cursor(self) -> None:
        rect = self.browser.cursorRect()
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.browser.viewport().height() // 2)

    def scroll_to_quote(self, index: int) -> None:
        """Bring quote ``index`` (into ``article.quotes``) into view and select it."""
        if self.article is None or not 0 <= index < len(self.article.quotes):
            return
        name = f"quote-{index}"
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if name in frag.charFormat().anchorNames():
                    q = self.article.quotes[index]
                    cur = QTextCursor(self.browser.document())
                    cur.setPosition(frag.position())
                    end = min(frag.position() + (q.end - q.start), self.browser.document().characterCount() - 1)
                    cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                    self.browser.setTextCursor(cur)
                    self._center_cursor()
                    return
                it += 1
            block = block.next()
        self.browser.scrollToAnchor(name)

    # -- the reader's highlights ------------------------------------------------------
    def body_map(self) -> BodyMap | None:
        """Body offsets <-> document positions (built on first use after each render)."""
        if self.article is None:
            return None
        if self._body_map is None:
            self._body_map = BodyMap.from_document(self.article.body, self.browser.document(), self._body_first_block)
        return self._body_map

    @property
    def highlights(self) -> list[HighlightSpan]:
        return list(self._highlights)

    def set_highlights(self, spans: Sequence[HighlightSpan]) -> None:
        """Replace the drawn highlights (a re-render that keeps the scroll position)."""
        if self.article is None:
            return
        self._highlights = list(spans)
        self._render(keep_scroll=self.browser.verticalScrollBar().value())

    def add_highlight(self, span: HighlightSpan) -> None:
        """Draw one more highlight at once: a char format on its range, no re-render."""
        if self.article is None or self.body_map() is None:
            return
        self._highlights.append(span)
        self._placed.extend(apply_highlights(self.browser.document(), self.body_map(), [span], dark=self._dark))
        self._reapply_matches()

    def _draw_highlights(self) -> None:
        self._placed = []
        if self._highlights and self.body_map() is not None:
            self._placed = apply_highlights(self.browser.document(), self.body_map(), self._highlights, dark=self._dark)
            self._reapply_matches()

    def _reapply_matches(self) -> None:
        """Search matches stay visible on top of highlights."""
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(MATCH_BG_DARK if self._dark else MATCH_BG))
        fmt.setFontWeight(QFont.Weight.Bold)
        doc = self.browser.document()
        for pos, (s, e) in zip(self._match_pos, self._matches):
            cur = QTextCursor(doc)
            cur.setPosition(pos)
            cur.setPosition(min(pos + (e - s), doc.characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
            cur.mergeCharFormat(fmt)

    def selected_body_range(self) -> tuple[int, int] | None:
        """The selection in the article text as body [start, end), or None (nothing, or only the title)."""
        cur = self.browser.textCursor()
        if not cur.hasSelection() or self.body_map() is None:
            return None
        bm = self.body_map()
        assert bm is not None
        return bm.body_range(cur.selectionStart(), cur.selectionEnd())

    def highlight_at_cursor(self) -> HighlightSpan | None:
        """The highlight under the text cursor (or overlapping the selection)."""
        cur = self.browser.textCursor()
        lo, hi = cur.selectionStart(), cur.selectionEnd()
        for a, b, span in reversed(self._placed):
            if a <= hi and lo < b or (lo == hi and a <= lo <= b):
                return span
        return None

    def scroll_to_body_range(self, start: int, end: int) -> None:
        """Select body [start, end) and bring it to the middle of the view."""
        bm = self.body_map()
        if bm is None:
            return
        a, b = bm.doc_range(start, end)
        cur = QTextCursor(self.browser.document())
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cur)
        self._center_cursor()
