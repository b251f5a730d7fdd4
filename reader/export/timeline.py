"""Who published when: outlets on rows, a dot at each publish time (QPainter, QtGui only).

Shared by the window's timeline widget and anything that paints on paper.
``layout_timeline`` decides where every dot goes (also used for hit-testing
hover and clicks); ``paint_timeline`` draws it. Times with a zone are put on
UTC; times without one are taken as they are (a dump rarely says), and
articles with no date are counted below the chart rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

MAX_ROWS = 12  # further outlets are summed up in one line ("+ 5 more outlets")
ROW_MIN, ROW_MAX = 16.0, 24.0
AXIS_H = 22.0
DOT_R = 4.0


@dataclass(frozen=True)
class TimelinePoint:
    outlet: str
    published: str | None  # ISO 8601 as the library keeps it
    title: str = ""
    article_id: int | None = None


@dataclass(frozen=True)
class TimelineColors:
    ink: str = "#1a1a1a"
    muted: str = "#6b6963"
    grid: str = "#dcdad5"
    dot: str = "#2f6db5"
    first: str = "#c0392b"


DARK_COLORS = TimelineColors(ink="#e6e3de", muted="#a09d98", grid="#3c3b39", dot="#7fb0ef", first="#ff8a80")


def parse_time(value: str | None) -> datetime | None:
    """ISO 8601 -> naive UTC datetime (a date alone is its midnight); None when unreadable."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


@dataclass
class PlacedDot:
    center: QPointF
    point: TimelinePoint
    when: datetime
    first: bool = False


@dataclass
class TimelineLayout:
    outlets: list[str]  # the rows shown, earliest outlet first
    hidden_outlets: int
    undated: int
    dots: list[PlacedDot] = field(default_factory=list)
    label_w: float = 0.0
    row_h: float = ROW_MIN
    start: datetime | None = None
    end: datetime | None = None
    plot: QRectF = field(default_factory=QRectF)

    def dot_at(self, pos: QPointF, slack: float = DOT_R + 3) -> PlacedDot | None:
        best, best_d = None, slack * slack
        for d in self.dots:
            dx, dy = d.center.x() - pos.x(), d.center.y() - pos.y()
            if dx * dx + dy * dy <= best_d:
                best, best_d = d, dx * dx + dy * dy
        return best


def layout_timeline(points: Sequence[TimelinePoint], rect: QRectF, font: QFont) -> TimelineLayout:
    dated = [(p, t) for p in points if (t := parse_time(p.published)) is not None]
    undated = len(points) - len(dated)
    first_seen: dict[str, datetime] = {}
    for p, t in dated:
        name = p.outlet or "(no site)"
        if name not in first_seen or t < first_seen[name]:
            first_seen[name] = t
    order = sorted(first_seen, key=lambda o: (first_seen[o], o.lower()))
    fm = QFontMetricsF(font)
    note_h = fm.height() + 4  # the "+ 3 more outlets · 2 without a date" line under the axis
    # As many rows as fit at their smallest (a short dock): the others go to the note.
    rows = MAX_ROWS
    for footer in (note_h if undated else 0.0, note_h):
        rows = min(rows, max(1, int((rect.height() - AXIS_H - footer) // ROW_MIN)))
        if len(order) <= rows:
            break
    shown = order[:rows]
    hidden = len(order) - len(shown)
    label_w = min(max((fm.horizontalAdvance(o) for o in shown), default=0.0) + 12, rect.width() * 0.35)
    footer = note_h if (hidden or undated) else 0.0
    rows_h = max(1.0, min(rect.height() - AXIS_H - footer, ROW_MAX * max(1, len(shown))))
    row_h = max(ROW_MIN, min(ROW_MAX, rows_h / max(1, len(shown))))
    plot = QRectF(rect.left() + label_w, rect.top(), max(10.0, rect.width() - label_w - 10), row_h * len(shown))
    out = TimelineLayout(shown, hidden, undated, [], label_w, row_h, plot=plot)
    if not dated:
        return out
    start = min(t for _p, t in dated)
    end = max(t for _p, t in dated)
    if end - start < timedelta(hours=1):
        start -= timedelta(minutes=30)
        end += timedelta(minutes=30)
    out.start, out.end = start, end
    span = (end - start).total_seconds()
    earliest = min(t for _p, t in dated)
    row_of = {o: i for i, o in enumerate(shown)}
    inset = DOT_R + 2
    for p, t in dated:
        row = row_of.get(p.outlet or "(no site)")
        if row is None:
            continue
        x = plot.left() + inset + (plot.width() - 2 * inset) * ((t - start).total_seconds() / span)
        y = plot.top() + row_h * (row + 0.5)
        out.dots.append(PlacedDot(QPointF(x, y), p, t, first=t == earliest))
    return out


def _add_months(t: datetime, months: int) -> datetime:
    m = t.month - 1 + months
    return t.replace(year=t.year + m // 12, month=m % 12 + 1, day=1)


def _ticks(start: datetime, end: datetime) -> tuple[list[datetime], str, str]:
    """Round tick times across [start, end], the strftime format of their labels, and the
    fuller format of the first label (so a chart of hours still says which day)."""
    span = end - start
    steps: list[tuple[timedelta, str, str]] = [
        (timedelta(hours=1), "%H:%M", "%d %b %Y %H:%M"),
        (timedelta(hours=3), "%H:%M", "%d %b %Y %H:%M"),
        (timedelta(hours=6), "%d %b %H:%M", "%d %b %Y %H:%M"),
        (timedelta(hours=12), "%d %b %H:%M", "%d %b %Y %H:%M"),
        (timedelta(days=1), "%d %b", "%d %b %Y"),
        (timedelta(days=2), "%d %b", "%d %b %Y"),
        (timedelta(days=7), "%d %b", "%d %b %Y"),
        (timedelta(days=30), "%b", "%b %Y"),
        (timedelta(days=91), "%b %Y", "%b %Y"),
        (timedelta(days=365), "%Y", "%Y"),
    ]
    step, fmt, first_fmt = steps[-1]
    for candidate, f, ff in steps:
        if span / candidate <= 6:
            step, fmt, first_fmt = candidate, f, ff
            break
    months = {timedelta(days=30): 1, timedelta(days=91): 3, timedelta(days=365): 12}.get(step, 0)
    base = start.replace(minute=0, second=0, microsecond=0)
    if step >= timedelta(days=1):
        base = base.replace(hour=0)
    if months:
        base = base.replace(day=1, month=1 if months == 12 else base.month)
    ticks: list[datetime] = []
    t = base
    while t <= end and len(ticks) < 14:
        if t >= start:
            ticks.append(t)
        t = _add_months(t, months) if months else t + step
    return ticks, fmt, first_fmt


def paint_timeline(
    painter: QPainter,
    rect: QRectF,
    points: Sequence[TimelinePoint],
    font: QFont,
    colors: TimelineColors = TimelineColors(),
) -> TimelineLayout:
    """Paint the chart inside ``rect`` and return where everything went."""
    lay = layout_timeline(points, rect, font)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setFont(font)
    fm = QFontMetricsF(font)
    if not lay.outlets:
        painter.setPen(QColor(colors.muted))
        text = "No dated articles to place on a timeline." if points else "No articles."
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()
        return lay
    plot = lay.plot
    grid = QPen(QColor(colors.grid))
    grid.setWidthF(1.0)
    for i, outlet in enumerate(lay.outlets):
        y = plot.top() + lay.row_h * (i + 0.5)
        painter.setPen(grid)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QColor(colors.ink))
        painter.drawText(
            QRectF(rect.left(), y - lay.row_h / 2, lay.label_w - 8, lay.row_h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(outlet, Qt.TextElideMode.ElideMiddle, lay.label_w - 8),
        )
    # the time axis
    axis_y = plot.bottom() + 2
    painter.setPen(grid)
    painter.drawLine(QPointF(plot.left(), axis_y), QPointF(plot.right(), axis_y))
    if lay.start is not None and lay.end is not None:
        ticks, fmt, first_fmt = _ticks(lay.start, lay.end)
        span = (lay.end - lay.start).total_seconds()
        inset = DOT_R + 2
        last_right = -1e9
        for n, t in enumerate(ticks):
            x = plot.left() + inset + (plot.width() - 2 * inset) * ((t - lay.start).total_seconds() / span)
            painter.setPen(grid)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, axis_y + 3))
            new_year = fmt == "%b" and t.month == 1  # monthly ticks name the year at January
            label = t.strftime(first_fmt if n == 0 or new_year else fmt)
            w = fm.horizontalAdvance(label)
            left = min(max(x - w / 2, plot.left() - lay.label_w / 2), rect.right() - w)
            if left > last_right + 6:
                painter.setPen(QColor(colors.muted))
                painter.drawText(QPointF(left, axis_y + 4 + fm.ascent()), label)
                last_right = left + w
    # dots: the first report drawn last, ringed
    for d in sorted(lay.dots, key=lambda d: d.first):
        color = QColor(colors.first if d.first else colors.dot)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(d.center, DOT_R, DOT_R)
        if d.first:
            ring = QPen(color)
            ring.setWidthF(1.5)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(d.center, DOT_R + 3, DOT_R + 3)
    notes = []
    if lay.hidden_outlets:
        notes.append(f"+ {lay.hidden_outlets} more outlet{'s' if lay.hidden_outlets != 1 else ''}")
    if lay.undated:
        notes.append(f"{lay.undated} without a date")
    if notes:
        painter.setPen(QColor(colors.muted))
        top = min(rect.bottom() - fm.height(), plot.bottom() + AXIS_H + 2)
        painter.drawText(
            QRectF(rect.left(), top, rect.width(), fm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            " · ".join(notes),
        )
    painter.restore()
    return lay


def preferred_height(points: Sequence[TimelinePoint], font: QFont) -> float:
    """Height that gives every shown outlet a comfortable row."""
    outlets = {p.outlet or "(no site)" for p in points if parse_time(p.published) is not None}
    rows = min(MAX_ROWS, max(1, len(outlets)))
    fm = QFontMetricsF(font)
    return rows * ROW_MAX + AXIS_H + fm.height() + 8
