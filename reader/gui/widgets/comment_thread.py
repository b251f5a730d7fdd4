"""The reader-comment thread under the article: collapsible, keyboard-driven, spam folded.

A tree view over ``CommentTreeModel`` (QTextBrowser has no <details>, so a
thread that folds needs a real tree). Comment text is plain text painted by
a delegate that wraps it to the view's width; nothing is ever read as HTML.

What the reader sees:
- a header "6 of 176 comments saved" that folds the whole section;
- "2 spam comments hidden — show": spam is folded away by default, never deleted;
- each comment as "Author · 2012-12-11 10:21" over its text; a folded comment
  is one line, "Smokey — 3 hidden replies" (all descendants counted).

Keys inside the thread (documented in the README):
    J / Down, K / Up          next / previous comment (N / P from the Go menu too)
    ] / [                     next / previous top-level comment
    Left / Right              fold / unfold the current comment (Left on a folded
                              comment goes to its parent)
    Space / Enter             fold or unfold the current comment
    - (minus)                 fold every top-level comment
    + / =                     unfold everything
    S                         show or hide the spam comments
    Ctrl+Shift+Space          fold or unfold the whole comment section

Folds, the section fold and the spam toggle are remembered per article in a
small JSON file in the config folder; for an article seen for the first
time, the preferences decide whether the thread and the section start folded.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.gui.models.comment_tree import (
    CommentRole,
    CommentTreeModel,
    DepthRole,
    FoldedRole,
    HeaderRole,
    SpamRole,
)
from reader.model import Comment
from reader.paths import config_dir

STATE_FILE = "comment_state.json"
#: Articles whose thread state is remembered (the oldest are forgotten first).
MAX_REMEMBERED_ARTICLES = 2000
MARGIN = 6
HEIGHT_CACHE_SIZE = 50_000
HEADER_GAP = 2


def comments_heading(count: int, claimed: int | None) -> str:
    """"6 of 176 comments saved", or "6 comments" when the page announced no more."""
    if claimed is not None and claimed > count:
        return f"{count} of {claimed} comments saved"
    if count == 0:
        return "No comments saved"
    return f"{count} comment{'s' if count != 1 else ''}"


def spam_bar_text(n: int, shown: bool, *, short: bool = False) -> str:
    """"2 spam comments hidden — show"; ``short`` ("2 spam — show") where the bar is narrow."""
    if short:
        return f"{n} spam — {'hide' if shown else 'show'}"
    noun = f"{n} spam comment{'s' if n != 1 else ''}"
    return f"{noun} shown — hide" if shown else f"{noun} hidden — show"


class CommentStateStore:
    """Per-article thread state in one small JSON file; losing it only loses folds."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (config_dir() / STATE_FILE)
        self._data: dict[str, Any] | None = None

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self._data = raw if isinstance(raw, dict) else {}
            except (OSError, ValueError):
                self._data = {}
        return self._data

    def get(self, article_id: int) -> dict[str, Any] | None:
        entry = self._load().get(str(article_id))
        return entry if isinstance(entry, dict) else None

    def put(self, article_id: int, state: dict[str, Any]) -> None:
        data = self._load()
        data.pop(str(article_id), None)
        data[str(article_id)] = state  # most recent last
        while len(data) > MAX_REMEMBERED_ARTICLES:
            data.pop(next(iter(data)))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".comment_state-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only config folder: folds are just not remembered


class CommentDelegate(QStyledItemDelegate):
    """Paints a comment as a bold header over word-wrapped plain text."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        # wrapped-text heights by (comment, width, font): a relayout at the same width is free
        self._heights: dict[tuple[int, int, str], int] = {}

    def _text_height(self, index: QModelIndex, text: str, width: int, font: QFont) -> int:
        key = (id(index.data(CommentRole)), width, font.key())
        h = self._heights.get(key)
        if h is None:
            if len(self._heights) > HEIGHT_CACHE_SIZE:
                self._heights.clear()
            rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 1_000_000), int(Qt.TextFlag.TextWordWrap), text)
            h = self._heights[key] = rect.height()
        return h

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        body = QFont(option.font)
        head = QFont(option.font)
        head.setBold(True)
        return head, body

    def _text_width(self, index: QModelIndex) -> int:
        depth = int(index.data(DepthRole) or 0)
        indent = self._view.indentation() * (depth + (1 if self._view.rootIsDecorated() else 0))
        return max(80, self._view.viewport().width() - indent - 2 * MARGIN)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        head, body = self._fonts(option)
        width = self._text_width(index)
        h = QFontMetrics(head).height() + 2 * MARGIN
        if not index.data(FoldedRole):
            comment = index.data(Qt.ItemDataRole.DisplayRole).split("\n", 1)
            text = comment[1] if len(comment) > 1 else ""
            if text:
                h += HEADER_GAP + self._text_height(index, text, width, body)
        return QSize(width + 2 * MARGIN, h)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        head, body = self._fonts(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = option.palette.color(role)
        if index.data(SpamRole) and not selected:
            color = option.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        painter.save()
        painter.setPen(color)
        r = option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        folded = bool(index.data(FoldedRole))
        header = index.data(Qt.ItemDataRole.DisplayRole) if folded else index.data(HeaderRole)
        painter.setFont(head)
        hm = QFontMetrics(head)
        painter.drawText(
            QRect(r.left(), r.top(), r.width(), hm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            hm.elidedText(header, Qt.TextElideMode.ElideRight, r.width()),
        )
        if not folded:
            comment = index.data(Qt.ItemDataRole.DisplayRole).split("\n", 1)
            text = comment[1] if len(comment) > 1 else ""
            painter.setFont(body)
            top = r.top() + hm.height() + HEADER_GAP
            mark = getattr(self._view, "marked", {}).get(id(index.data(CommentRole)))
            if mark is not None and not selected:  # the reader highlighted this comment
                painter.fillRect(QRect(r.left() - 2, top, r.width() + 4, r.bottom() - top + 2), mark)
            painter.drawText(
                QRect(r.left(), top, r.width(), r.bottom() - top + 1),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                text,
            )
        painter.restore()


class CommentTree(QTreeView):
    """The tree with the thread's keyboard commands."""

    def __init__(self, owner: CommentThreadView) -> None:
        super().__init__(owner)
        self._owner = owner
        self.marked: dict[int, QColor] = {}  # id(Comment) -> highlight colour (the reader's marks)
        self.setObjectName("commentTree")
        self.setAccessibleName("Reader comments")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAnimated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # a scroll bar that comes and goes changes the width, so every wrapped height twice
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(CommentDelegate(self))

    def drawBranches(self, painter: QPainter, rect: QRect, index: QModelIndex | QPersistentModelIndex) -> None:
        # the fold arrow sits beside the author line, not halfway down a long comment
        head = QFontMetrics(self.font()).height() + 2 * MARGIN
        super().drawBranches(painter, QRect(rect.left(), rect.top(), rect.width(), min(rect.height(), head)), index)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # wrapped heights depend on the width

    def keyPressEvent(self, event: QKeyEvent) -> None:
        o = self._owner
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        handled = True
        if key == Qt.Key.Key_Space and mods == (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            o.toggle_section()
        elif key == Qt.Key.Key_BracketRight and plain:
            o.next_thread()
        elif key == Qt.Key.Key_BracketLeft and plain:
            o.previous_thread()
        elif key == Qt.Key.Key_J and plain:
            o.next_comment()
        elif key == Qt.Key.Key_K and plain:
            o.previous_comment()
        elif key == Qt.Key.Key_Left and not mods:
            o.fold_current()
        elif key == Qt.Key.Key_Right and not mods:
            o.unfold_current()
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            o.toggle_current()
        elif key == Qt.Key.Key_Minus and plain:
            o.collapse_all()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and plain:
            o.expand_all()
        elif key == Qt.Key.Key_S and plain:
            o.set_show_spam(not o.model.show_spam)
        else:
            handled = False
        if handled:
            event.accept()
        else:
            super().keyPressEvent(event)


class CommentThreadView(QWidget):
    """The comment section of the detail pane. ``set_article`` shows one article's thread."""

    #: Emitted after folds, the section fold or the spam toggle change (state was saved).
    stateChanged = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        start_collapsed: bool = False,
        section_start_collapsed: bool = False,
        state_store: CommentStateStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("commentThread")
        self._start_collapsed = start_collapsed
        self._section_start_collapsed = section_start_collapsed
        self._store = state_store or CommentStateStore()
        self._article_id: int | None = None
        self._restoring = False
        self._claimed: int | None = None

        self.model = CommentTreeModel(self)
        self.heading = QToolButton(self)
        self.heading.setObjectName("commentHeading")
        self.heading.setCheckable(True)
        self.heading.setChecked(True)
        self.heading.setAutoRaise(True)
        self.heading.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.heading.setArrowType(Qt.ArrowType.DownArrow)
        self.heading.setToolTip("Show or hide the comments (Ctrl+Shift+Space)")
        f = self.heading.font()
        f.setBold(True)
        self.heading.setFont(f)
        self.heading.toggled.connect(self._on_section_toggled)

        self.spam_button = QPushButton(self)
        self.spam_button.setObjectName("spamToggle")
        self.spam_button.setFlat(True)
        self.spam_button.setToolTip("Spam is folded away, never deleted (S)")
        self.spam_button.clicked.connect(lambda: self.set_show_spam(not self.model.show_spam))

        self.tree = CommentTree(self)
        self.tree.setModel(self.model)
        self.tree.expanded.connect(self._on_expanded)
        self.tree.collapsed.connect(self._on_collapsed)
        self.setFocusProxy(self.tree)
        # Tab reaches the thread (its proxy, the tree) first, then the heading and spam buttons;
        # ahead of the tree in the chain they were passed over by Tab (Shift+Tab only).
        QWidget.setTabOrder(self.tree, self.heading)
        QWidget.setTabOrder(self.heading, self.spam_button)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.spam_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self._refresh_labels()

    # --- preferences ---------------------------------------------------------

    def set_start_collapsed(self, on: bool) -> None:
        """Whether a thread not seen before starts with its top-level comments folded."""
        self._start_collapsed = on

    def set_section_start_collapsed(self, on: bool) -> None:
        """Whether the whole comment section of an article not seen before starts folded."""
        self._section_start_collapsed = on

    # --- content -------------------------------------------------------------

    def set_article(self, article_id: int | None, comments: list[Comment], claimed: int | None) -> None:
        self._article_id = article_id
        self._claimed = claimed
        state = self._store.get(article_id) if article_id is not None else None
        show_spam = bool(state.get("spam", False)) if state else False
        self._restoring = True
        try:
            self.model.set_comments(comments, show_spam=show_spam)
            if state is not None:
                folded = [p for p in state.get("folded", []) if isinstance(p, str)]
                section_collapsed = bool(state.get("section", False))
            else:
                folded = [self.model.path_of(self.model.index(r, 0)) for r in range(self.model.rowCount())] if self._start_collapsed else []
                section_collapsed = self._section_start_collapsed
            self.model.set_folded_many([self.model.index_for_path(p) for p in folded], True)
            self._apply_folds()
            self.heading.setChecked(not section_collapsed)
            self._on_section_toggled(not section_collapsed)
            first = self.model.index(0, 0)
            if first.isValid():  # current for the keys, not selected: nothing is highlighted yet
                self.tree.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.tree.scrollToTop()
        finally:
            self._restoring = False
        self._refresh_labels()

    @property
    def article_id(self) -> int | None:
        return self._article_id

    def _apply_folds(self) -> None:
        """Make the view's expansion match the model's folds (after a reset)."""
        self._restoring, was = True, self._restoring
        try:
            self.tree.expandAll()  # one pass; then fold what is folded
            for path in self.model.folded_paths():
                idx = self.model.index_for_path(path)
                if self.model.hasChildren(idx):
                    self.tree.setExpanded(idx, False)
        finally:
            self._restoring = was

    def _refresh_labels(self) -> None:
        total = self.model.comment_total()
        self.heading.setText(comments_heading(total, self._claimed))
        n = self.model.spam_total
        self.spam_button.setVisible(n > 0 and self.heading.isChecked())
        text = spam_bar_text(n, self.model.show_spam)
        # In a narrow pane the short form, so that the heading is not cut ("6 of 176…ts saved").
        fm = self.spam_button.fontMetrics()
        short = spam_bar_text(n, self.model.show_spam, short=True)
        self.spam_button.setMinimumWidth(fm.horizontalAdvance(short) + 24)  # (the pane may narrow to it)
        room = self.width() - self.heading.sizeHint().width() - 4 * self.layout().spacing() - 24
        self.spam_button.setText(text if fm.horizontalAdvance(text) <= room else short)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._refresh_labels()

    def _save(self) -> None:
        if self._restoring:
            return
        if self._article_id is not None:
            self._store.put(
                self._article_id,
                {
                    "folded": self.model.folded_paths(),
                    "section": not self.heading.isChecked(),
                    "spam": self.model.show_spam,
                },
            )
        self.stateChanged.emit()

    # --- folding -------------------------------------------------------------

    def _on_expanded(self, index: QModelIndex) -> None:
        if not self._restoring:  # while restoring, the model's folds are the truth
            self.model.set_folded(index, False)
            self._save()

    def _on_collapsed(self, index: QModelIndex) -> None:
        if not self._restoring:
            self.model.set_folded(index, True)
            self._save()

    def _set_folded(self, index: QModelIndex | QPersistentModelIndex, folded: bool) -> None:
        if not index.isValid():
            return
        if self.model.hasChildren(index):
            self.tree.setExpanded(QModelIndex(index), not folded)  # the signal updates the model
        else:
            self.model.set_folded(index, folded)
            self.tree.scheduleDelayedItemsLayout()
            self._save()

    def fold_current(self) -> None:
        idx = self.tree.currentIndex()
        if not idx.isValid():
            return
        if self.model.is_folded(idx):
            parent = idx.parent()
            if parent.isValid():
                self.tree.setCurrentIndex(parent)
        else:
            self._set_folded(idx, True)

    def unfold_current(self) -> None:
        idx = self.tree.currentIndex()
        if idx.isValid() and self.model.is_folded(idx):
            self._set_folded(idx, False)

    def toggle_current(self) -> None:
        idx = self.tree.currentIndex()
        if idx.isValid():
            self._set_folded(idx, not self.model.is_folded(idx))

    def collapse_all(self) -> None:
        """Fold every top-level comment to one line."""
        self._restoring = True
        try:
            tops = [self.model.index(r, 0) for r in range(self.model.rowCount())]
            self.model.set_folded_many(tops, True)
            for idx in tops:
                if self.model.hasChildren(idx):
                    self.tree.setExpanded(idx, False)
        finally:
            self._restoring = False
        self.tree.scheduleDelayedItemsLayout()
        self._save()

    def expand_all(self) -> None:
        """Unfold every comment at every depth."""
        self._restoring = True
        try:
            self.model.unfold_all()
            self.tree.expandAll()
        finally:
            self._restoring = False
        self.tree.scheduleDelayedItemsLayout()
        self._save()

    def toggle_section(self) -> None:
        self.heading.toggle()

    def section_collapsed(self) -> bool:
        return not self.heading.isChecked()

    def _on_section_toggled(self, expanded: bool) -> None:
        self.heading.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.tree.setVisible(expanded)
        # Focus (Tab, Ctrl+3) goes to the tree, or to the heading while the tree is folded away:
        # a hidden proxy held Tab on the article text for good.
        self.setFocusProxy(self.tree if expanded else self.heading)
        self._refresh_labels()
        self._save()

    # --- spam ----------------------------------------------------------------

    def set_show_spam(self, show: bool) -> None:
        current = self.model.path_of(self.tree.currentIndex()) if self.tree.currentIndex().isValid() else None
        self.model.set_show_spam(show)
        self._apply_folds()
        idx = self.model.index_for_path(current) if current else QModelIndex()
        if not idx.isValid():
            idx = self.model.index(0, 0)
        if idx.isValid():
            self.tree.setCurrentIndex(idx)
        self._refresh_labels()
        self._save()

    def set_marked(self, marked: dict[int, QColor]) -> None:
        """Comments the reader highlighted: id(Comment) -> colour, painted behind their text."""
        self.tree.marked = marked
        self.tree.viewport().update()

    def current_comment(self) -> Comment | None:
        idx = self.tree.currentIndex()
        return idx.data(CommentRole) if idx.isValid() else None

    def select_comment(self, comment: Comment) -> bool:
        """Make ``comment`` current and scroll to it (False when it is hidden, e.g. spam)."""
        pending = [self.model.index(r, 0) for r in range(self.model.rowCount())]
        while pending:
            idx = pending.pop(0)
            if idx.data(CommentRole) is comment:
                self._go(idx)
                return True
            pending.extend(self.model.index(r, 0, idx) for r in range(self.model.rowCount(idx)))
        return False

    # --- moving ----------------------------------------------------------------

    def _go(self, idx: QModelIndex) -> None:
        if idx.isValid():
            self.tree.setCurrentIndex(idx)
            self.tree.scrollTo(idx)

    def next_comment(self) -> None:
        cur = self.tree.currentIndex()
        self._go(self.tree.indexBelow(cur) if cur.isValid() else self.model.index(0, 0))

    def previous_comment(self) -> None:
        cur = self.tree.currentIndex()
        if cur.isValid():
            self._go(self.tree.indexAbove(cur))

    def _top_level(self, idx: QModelIndex) -> QModelIndex:
        while idx.isValid() and idx.parent().isValid():
            idx = idx.parent()
        return idx

    def next_thread(self) -> None:
        top = self._top_level(self.tree.currentIndex())
        row = top.row() + 1 if top.isValid() else 0
        self._go(self.model.index(row, 0))

    def previous_thread(self) -> None:
        cur = self.tree.currentIndex()
        top = self._top_level(cur)
        if not top.isValid():
            return
        if top != cur:
            self._go(top)
        elif top.row() > 0:
            self._go(self.model.index(top.row() - 1, 0))
