"""Side by side: two articles in synchronised panes, their shared passages tinted.

The view shows what ``reader.render_compare`` made of the core's comparison:
passages in both (word for word, or reworded: two tints), passages only in
one article, numbers and dates that disagree (red, underlined); a table of
quotes split into "quoted by both", "only in A", "only in B" and "worded
differently", with speakers; and a difference counter that next/previous
difference (the window's actions) step through.

Scrolling one pane scrolls the other to the aligned passage: both panes
know where each shared passage starts and ends (``<a name>`` anchors in the
HTML, found again in the laid-out document), and the line a third of the way
down one pane is mapped through the passage it falls in, or between, to the
same place in the other.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.gui.widgets.article_view import (
    BASE_POINT_SIZE,
    SERIF_FAMILIES,
    ArticleBrowser,
)
from reader.gui.widgets.quotes_panel import quote_preview
from reader.model import Article
from reader.render import metadata_line
from reader.render_compare import (
    FLAG,
    KIND_LABELS,
    ONLY,
    QUOTE_GROUPS,
    REWORDED,
    TINTS,
    TINTS_DARK,
    VERBATIM,
    CompareData,
    Difference,
    differences,
    side_marks,
    tinted_body_html,
)

SpanARole = Qt.ItemDataRole.UserRole + 31
SpanBRole = Qt.ItemDataRole.UserRole + 32
KeyRole = Qt.ItemDataRole.UserRole + 33  # the anchor name of the row's place in the panes
READING_LINE = 0.3  # the line a third of the way down a pane is the one kept aligned


def outlet_name(article: Article) -> str:
    return article.site or (article.title[:30] + "…" if len(article.title) > 30 else article.title) or "untitled"


@dataclass
class _Positions:
    """Document positions and y of anchors in one pane (recomputed after layout changes)."""

    pos: dict[str, int]
    y: dict[str, float]


class ComparePane(QWidget):
    """One side: a heading (title, outlet, date) and the tinted body."""

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.heading = QLabel(self)
        self.heading.setObjectName(f"compareHeading{side.upper()}")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.choice = QComboBox(self)  # B only: which other article of the story
        self.choice.setObjectName("compareChoice")
        self.choice.setAccessibleName("Compare with")
        # Sized by a few characters, not by its longest "outlet — headline": the labels would
        # widen this pane and squeeze the other one to a strip (the popup still shows them whole).
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(16)
        self.choice.hide()
        self.browser = ArticleBrowser(self)
        self.browser.setObjectName(f"compareText{side.upper()}")
        self.browser.setAccessibleName(f"Article {side.upper()} text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QVBoxLayout()  # the choice under the heading: beside it, it would take the width of B's text
        top.setContentsMargins(8, 4, 8, 0)
        top.addWidget(self.heading)
        top.addWidget(self.choice)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)


class CompareView(QWidget):
    """Two articles side by side; ``closeRequested`` when the user closes it."""

    closeRequested = Signal()
    exportRequested = Signal()
    otherChosen = Signal(int)  # B article id picked in the "compare with" choice
    differenceChanged = Signal(int, int)  # current (1-based, 0 = none), total

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.a: Article | None = None
        self.b: Article | None = None
        self.a_id: int | None = None
        self.b_id: int | None = None
        self.data = CompareData()
        self.diffs: list[Difference] = []
        self.current = -1
        self._dark = False
        self._zoom = 0
        self._syncing = False
        self._positions: dict[str, _Positions | None] = {"a": None, "b": None}

        self.pane_a = ComparePane("a", self)
        self.pane_b = ComparePane("b", self)
        self.legend = QLabel(self)
        self.legend.setObjectName("compareLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # a narrow window wraps the key instead of growing wider than the screen
        self.counter = QLabel(self)
        self.counter.setObjectName("differenceCounter")
        self.prev_button = self._button("▲", "Previous difference (Shift+F6)")
        self.next_button = self._button("▼", "Next difference (F6)")
        self.export_button = self._button("PDF…", "Export this comparison as a PDF")
        self.close_button = self._button("✕", "Close the comparison (Esc)")

        self.quote_model = QStandardItemModel(0, 2, self)
        self.quote_model.setHorizontalHeaderLabels(["Quote", "Speaker"])
        self.quotes = QTreeView(self)
        self.quotes.setObjectName("compareQuotes")
        self.quotes.setAccessibleName("Quotes compared")
        self.quotes.setModel(self.quote_model)
        self.quotes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.quotes.setUniformRowHeights(True)
        self.quotes.setAlternatingRowColors(True)
        header = self.quotes.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.legend, 1)
        bar.addSpacing(12)
        bar.addWidget(QLabel("Differences:", self))
        bar.addSpacing(4)
        bar.addWidget(self.counter)
        bar.addSpacing(4)
        for b in (self.prev_button, self.next_button, self.export_button, self.close_button):
            bar.addWidget(b)
        panes = QSplitter(Qt.Orientation.Horizontal, self)
        panes.setObjectName("compareSplitter")
        panes.addWidget(self.pane_a)
        panes.addWidget(self.pane_b)
        panes.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(panes)
        self.splitter.addWidget(self.quotes)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self.prev_button.clicked.connect(self.previous_difference)
        self.next_button.clicked.connect(self.next_difference)
        self.close_button.clicked.connect(self.closeRequested)
        self.export_button.clicked.connect(self.exportRequested)
        self.quotes.activated.connect(self._quote_activated)
        self.quotes.clicked.connect(self._quote_activated)
        self.pane_b.choice.activated.connect(self._other_chosen)
        for side in ("a", "b"):
            pane = self._pane(side)
            pane.browser.verticalScrollBar().valueChanged.connect(lambda _v, s=side: self._sync_from(s))
        self._apply_fonts()
        self._update_legend()
        self._set_counter()

    def focus_chain(self) -> list[QWidget]:
        """Its controls in Tab order: the two texts (and B's choice), the bar's buttons, the quotes."""
        return [self.pane_a.browser, self.pane_b.choice, self.pane_b.browser, self.prev_button,
                self.next_button, self.export_button, self.close_button, self.quotes]

    def _button(self, text: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(tip.split(" (")[0])
        return b

    def _pane(self, side: str) -> ComparePane:
        return self.pane_a if side == "a" else self.pane_b

    # -- content ------------------------------------------------------------------------
    def set_comparison(
        self,
        a_id: int | None,
        a: Article,
        b_id: int | None,
        b: Article,
        data: CompareData,
        others: list[tuple[int, str]] | None = None,
    ) -> None:
        """Show ``a`` and ``b`` compared; ``others`` (id, label) fill the "compare with" choice."""
        self.a, self.b, self.a_id, self.b_id, self.data = a, b, a_id, b_id, data
        self.diffs = differences(data, a.body, b.body)
        self.current = -1
        self._fill_choice(others or [])
        self._render()
        self._fill_quotes()
        self._set_counter()

    def _fill_choice(self, others: list[tuple[int, str]]) -> None:
        combo = self.pane_b.choice
        combo.blockSignals(True)
        combo.clear()
        for oid, label in others:
            combo.addItem(label, oid)
        i = combo.findData(self.b_id)
        combo.setCurrentIndex(max(0, i))
        combo.blockSignals(False)
        combo.setVisible(len(others) > 1)

    def _other_chosen(self, index: int) -> None:
        oid = self.pane_b.choice.itemData(index)
        if oid is not None and oid != self.b_id:
            self.otherChosen.emit(int(oid))

    def _heading_html(self, side: str, article: Article) -> str:
        meta = metadata_line(article)
        label = f"{side.upper()} · {html.escape(article.site)}" if article.site else side.upper()
        return (
            f"<b>{label}</b> — {html.escape(article.title or '(untitled)')}"
            + (f"<br><span style='color: gray'>{html.escape(meta)}</span>" if meta else "")
        )

    def _anchors(self, side: str) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for i, p in enumerate(self.data.shared):
            s = p.a if side == "a" else p.b
            out += [(s[0], f"s{i}"), (s[1], f"se{i}")]
        for k, d in enumerate(self.diffs):
            s = d.a if side == "a" else d.b
            if s is not None:
                out += [(s[0], f"d{k}"), (s[1], f"ed{k}")]
        for g, group in enumerate(QUOTE_GROUPS):
            for i, q in enumerate(self.data.quote_group(group)):
                s = q.a if side == "a" else q.b
                if s is not None:
                    out += [(s[0], f"q{g}-{i}"), (s[1], f"eq{g}-{i}")]
        return out

    def _render(self) -> None:
        if self.a is None or self.b is None:
            return
        for side, article, other in (("a", self.a, self.b), ("b", self.b, self.a)):
            pane = self._pane(side)
            pane.heading.setText(self._heading_html(side, article))
            marks = side_marks(self.data, side, other_name=outlet_name(other), body=article.body)
            body = tinted_body_html(article.body, marks, self._anchors(side), dark=self._dark)
            pane.browser.setHtml(body)
            pane.browser.update_column()
            self._positions[side] = None
        self._update_legend()

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark:
            self._dark = dark
            self._apply_fonts()
            self._render()

    def set_zoom(self, steps: int) -> None:
        self._zoom = steps
        self._apply_fonts()
        self._render()

    def _apply_fonts(self) -> None:
        f = QFont()
        f.setFamilies(SERIF_FAMILIES)
        f.setStyleHint(QFont.StyleHint.Serif)
        f.setPointSizeF(max(6.0, BASE_POINT_SIZE - 1 + self._zoom))
        for side in ("a", "b"):
            doc = self._pane(side).browser.document()
            doc.setDefaultFont(f)
            doc.setDefaultStyleSheet("p { line-height: 150%; margin-top: 0px; margin-bottom: 12px; }")

    def _update_legend(self) -> None:
        tints = TINTS_DARK if self._dark else TINTS
        parts = []
        for kind in (VERBATIM, REWORDED, ONLY):
            parts.append(f"<span style='background-color: {tints[kind]}; white-space: nowrap;'>&nbsp;{KIND_LABELS[kind]}&nbsp;</span>")
        flag = "#ff8a80" if self._dark else "#b3261e"
        parts.append(f"<span style='color: {flag}; font-weight: bold; text-decoration: underline; white-space: nowrap;'>{KIND_LABELS[FLAG]}</span>")
        self.legend.setText("&nbsp; ".join(parts))

    def _fill_quotes(self) -> None:
        m = self.quote_model
        m.removeRows(0, m.rowCount())
        if self.a is None or self.b is None:
            return
        na, nb = outlet_name(self.a), outlet_name(self.b)
        groups = (
            ("both", "Quoted by both"),
            ("only_a", f"Only in A ({na})"),
            ("only_b", f"Only in B ({nb})"),
            ("reworded", "Worded differently"),
        )
        for key, label in groups:
            g = QUOTE_GROUPS.index(key)
            entries = self.data.quote_group(key)
            head = QStandardItem(f"{label} ({len(entries)})")
            head.setData(key, Qt.ItemDataRole.UserRole)
            bold = head.font()
            bold.setBold(True)
            head.setFont(bold)
            head.setSelectable(False)
            for i, q in enumerate(entries):
                text = QStandardItem(quote_preview(q.text))
                tip = f"“{q.text}”"
                if q.other_text:
                    tip = f"A: “{q.text}”\nB: “{q.other_text}”"
                text.setToolTip(tip)
                speaker = QStandardItem(q.speaker or "no speaker")
                for item in (text, speaker):
                    item.setData(q.a, SpanARole)
                    item.setData(q.b, SpanBRole)
                    item.setData(f"q{g}-{i}", KeyRole)
                head.appendRow([text, speaker])
            m.appendRow([head, QStandardItem("")])
        if self.data.disagreements:
            head = QStandardItem(f"Numbers and dates that differ ({len(self.data.disagreements)})")
            bold = head.font()
            bold.setBold(True)
            head.setFont(bold)
            head.setSelectable(False)
            keys = {(d.a, d.b): f"d{k}" for k, d in enumerate(self.diffs) if d.kind in ("number", "date")}
            for d in self.data.disagreements:
                text = QStandardItem(f"{d.a_text}  ≠  {d.b_text}")
                text.setToolTip(f"A ({na}) says {d.a_text}; B ({nb}) says {d.b_text}")
                kind = QStandardItem(d.kind)
                for item in (text, kind):
                    item.setData(d.a, SpanARole)
                    item.setData(d.b, SpanBRole)
                    item.setData(keys.get((d.a, d.b)), KeyRole)
                head.appendRow([text, kind])
            m.appendRow([head, QStandardItem("")])
        self.quotes.expandAll()

    def quote_rows(self, group: str) -> list[tuple[str, str]]:
        """(quote, speaker) listed under a group ("both", "only_a", "only_b", "reworded")."""
        m = self.quote_model
        for r in range(m.rowCount()):
            head = m.index(r, 0)
            if head.data(Qt.ItemDataRole.UserRole) == group:
                return [(m.index(c, 0, head).data(), m.index(c, 1, head).data()) for c in range(m.rowCount(head))]
        return []

    # -- positions -----------------------------------------------------------------------
    def positions(self, side: str) -> _Positions:
        """Where each anchor landed in the laid-out document of one pane."""
        cached = self._positions[side]
        if cached is not None:
            return cached
        doc = self._pane(side).browser.document()
        layout = doc.documentLayout()
        pos: dict[str, int] = {}
        y: dict[str, float] = {}
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                names = frag.charFormat().anchorNames()
                if names:
                    top = layout.blockBoundingRect(block).top()
                    tl = block.layout()
                    line = tl.lineForTextPosition(frag.position() - block.position())
                    ly = top + (line.y() if line.isValid() else 0.0)
                    for name in names:
                        pos[name] = frag.position()
                        y[name] = ly
                it += 1
            block = block.next()
        result = _Positions(pos, y)
        self._positions[side] = result
        return result

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._positions = {"a": None, "b": None}

    def _segments(self, side: str) -> list[tuple[float, float, float, float]]:
        """(y0, y1) in ``side`` and (y0, y1) in the other pane for each shared passage, sorted."""
        other = "b" if side == "a" else "a"
        mine, theirs = self.positions(side).y, self.positions(other).y
        segs = []
        for i in range(len(self.data.shared)):
            k0, k1 = f"s{i}", f"se{i}"
            if k0 in mine and k1 in mine and k0 in theirs and k1 in theirs:
                segs.append((mine[k0], mine[k1], theirs[k0], theirs[k1]))
        segs.sort()
        return segs

    def aligned_y(self, side: str, y: float) -> float:
        """The y in the other pane aligned with ``y`` in ``side``."""
        segs = self._segments(side)
        if not segs:
            return y
        starts = [s[0] for s in segs]
        i = bisect_right(starts, y) - 1
        if i < 0:
            s0 = segs[0]
            return s0[2] - (s0[0] - y)
        y0, y1, o0, o1 = segs[i]
        if y <= y1 and y1 > y0:
            return o0 + (y - y0) / (y1 - y0) * (o1 - o0)
        if i + 1 < len(segs):
            n0, _n1, p0, _p1 = segs[i + 1]
            if p0 >= o1 and n0 > y1:  # a gap in both texts: share it out
                return o1 + (y - y1) / (n0 - y1) * (p0 - o1)
        return o1 + (y - y1)

    def _sync_from(self, side: str) -> None:
        if self._syncing or self.a is None:
            return
        src = self._pane(side).browser
        dst = self._pane("b" if side == "a" else "a").browser
        line = src.viewport().height() * READING_LINE
        target = self.aligned_y(side, src.verticalScrollBar().value() + line)
        self._syncing = True
        try:
            dst.verticalScrollBar().setValue(round(target - dst.viewport().height() * READING_LINE))
        finally:
            self._syncing = False

    # -- differences ------------------------------------------------------------------------
    def _set_counter(self) -> None:
        n = len(self.diffs)
        if not n:
            self.counter.setText("none" if self.a is not None else "")
        elif self.current < 0:
            self.counter.setText(f"{n} (F6)")
        else:
            self.counter.setText(f"{self.current + 1} / {n}")
        self.prev_button.setEnabled(n > 0)
        self.next_button.setEnabled(n > 0)
        self.differenceChanged.emit(self.current + 1 if n else 0, n)

    def next_difference(self) -> None:
        self._go(+1)

    def previous_difference(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        n = len(self.diffs)
        if not n:
            return
        self.current = (0 if step > 0 else n - 1) if self.current < 0 else (self.current + step) % n
        k = self.current
        d = self.diffs[k]
        self._show_spans(f"d{k}", f"ed{k}", d.a is not None, d.b is not None)
        self._set_counter()

    def _select(self, side: str, start_key: str, end_key: str) -> bool:
        pos = self.positions(side).pos
        if start_key not in pos or end_key not in pos:
            return False
        browser = self._pane(side).browser
        cur = QTextCursor(browser.document())
        start, end = pos[start_key], max(pos[start_key], pos[end_key])
        if end > start and browser.document().findBlock(end).position() == end:
            end -= 1  # the end anchor moved to the next paragraph: stop before the break
        cur.setPosition(start)
        cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        browser.setTextCursor(cur)
        return True

    def _center(self, side: str, key: str) -> None:
        browser = self._pane(side).browser
        y = self.positions(side).y.get(key)
        if y is not None:
            browser.verticalScrollBar().setValue(int(y - browser.viewport().height() * READING_LINE))

    def _show_spans(self, start_key: str, end_key: str, in_a: bool, in_b: bool) -> None:
        """Select a stretch in the pane(s) holding it; the other pane follows by alignment."""
        self._syncing = True
        try:
            for side, present in (("a", in_a), ("b", in_b)):
                if present:
                    self._select(side, start_key, end_key)
                    self._center(side, start_key)
                else:
                    browser = self._pane(side).browser
                    cur = browser.textCursor()
                    cur.clearSelection()
                    browser.setTextCursor(cur)
        finally:
            self._syncing = False
        if in_a != in_b:
            self._sync_from("a" if in_a else "b")

    def _quote_activated(self, index: QModelIndex) -> None:
        key = index.data(KeyRole)
        if not key:
            return
        has_a, has_b = index.data(SpanARole) is not None, index.data(SpanBRole) is not None
        self._show_spans(key, "e" + key, has_a, has_b)

    def selected_text(self, side: str) -> str:
        return self._pane(side).browser.textCursor().selectedText().replace("\u2029", "\n")
