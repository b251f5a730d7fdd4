"""The timeline widget: who published when, for a story or a search result set.

Painting is ``reader.export.timeline`` (QtGui only); this widget adds a
caption, hover tooltips (outlet, time, headline) and a click on a dot that
asks for its article (``articleRequested``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.export.timeline import (
    DARK_COLORS,
    TimelineColors,
    TimelineLayout,
    TimelinePoint,
    paint_timeline,
    preferred_height,
)
from reader.render import format_datetime


class TimelineChart(QWidget):
    articleRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineChart")
        self.setAccessibleName("Timeline: who published when")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.points: list[TimelinePoint] = []
        self.caption = ""
        self.dark = False
        self.layout_info: TimelineLayout | None = None

    def set_points(self, points: Sequence[TimelinePoint], caption: str = "") -> None:
        self.points = list(points)
        self.caption = caption
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.update()

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        self.update()

    def summary(self) -> str:
        """What the chart shows, in words (screen readers, tests)."""
        outlets = {p.outlet for p in self.points}
        return f"{self.caption}: {len(self.points)} articles from {len(outlets)} outlets".lstrip(": ")

    def sizeHint(self) -> QSize:
        return QSize(420, int(preferred_height(self.points, self.font()) + self._caption_h()))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 80)

    def _caption_h(self) -> float:
        return self.fontMetrics().height() + 6 if self.caption else 0.0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        colors = DARK_COLORS if self.dark else TimelineColors()
        top = 4.0
        if self.caption:
            painter.setPen(self.palette().windowText().color())
            bold = self.font()
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(
                QRectF(8, top, self.width() - 16, self._caption_h()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                self.fontMetrics().elidedText(self.caption, Qt.TextElideMode.ElideRight, self.width() - 16),
            )
            top += self._caption_h()
        rect = QRectF(8, top, max(10, self.width() - 16), max(10, self.height() - top - 4))
        self.layout_info = paint_timeline(painter, rect, self.points, self.font(), colors)
        painter.end()

    def _dot(self, pos: QPointF):
        return self.layout_info.dot_at(pos) if self.layout_info is not None else None

    def event(self, ev) -> bool:
        if ev.type() == ev.Type.ToolTip:
            assert isinstance(ev, QHelpEvent)
            dot = self._dot(QPointF(ev.pos()))
            if dot is not None:
                p = dot.point
                lines = [f"{p.outlet} · {format_datetime(p.published)}"]
                if p.title:
                    lines.append(p.title)
                if dot.first:
                    lines.append("Earliest here (the first report of a story)")
                QToolTip.showText(ev.globalPos(), "\n".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(ev)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        dot = self._dot(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if dot and dot.point.article_id is not None else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        dot = self._dot(event.position())
        if event.button() == Qt.MouseButton.LeftButton and dot is not None and dot.point.article_id is not None:
            self.articleRequested.emit(dot.point.article_id)
            return
        super().mouseReleaseEvent(event)
