"""The timeline chart: outlets on rows (earliest first), a dot per article, the first report ringed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from reader.export.timeline import TimelinePoint, parse_time
from reader.gui.widgets.timeline_view import TimelineChart

POINTS = [
    TimelinePoint("cnn.com", "2012-12-05T19:15:00-05:00", "Is Assad seeking asylum?", 1),
    TimelinePoint("haaretz.com", "2012-12-05T09:00:00+02:00", "Assad seeking asylum in Latin America", 2),
    TimelinePoint("cnn.com", "2012-12-06T08:00:00-05:00", "Follow-up", 3),
    TimelinePoint("blog.example", None, "Undated repost", 4),
]


def _chart(qtbot, points=POINTS) -> TimelineChart:
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.resize(600, 200)
    chart.set_points(points, "Who published when")
    chart.show()
    qtbot.waitExposed(chart)
    qtbot.waitUntil(lambda: chart.layout_info is not None)
    return chart


def test_zones_are_put_on_utc():
    assert parse_time("2012-12-05T19:15:00-05:00").isoformat() == "2012-12-06T00:15:00"
    assert parse_time("2012-12-05").isoformat() == "2012-12-05T00:00:00"
    assert parse_time("5th December") is None


def test_rows_dots_and_first_report(qtbot):
    chart = _chart(qtbot)
    lay = chart.layout_info
    assert lay.outlets == ["haaretz.com", "cnn.com"]  # Haaretz published first (07:00 UTC)
    assert lay.undated == 1
    assert len(lay.dots) == 3
    first = [d for d in lay.dots if d.first]
    assert [d.point.article_id for d in first] == [2]
    xs = {d.point.article_id: d.center.x() for d in lay.dots}
    assert xs[2] < xs[1] < xs[3]  # time runs left to right
    assert "4 articles from 3 outlets" in chart.summary()


def test_clicking_a_dot_asks_for_its_article(qtbot):
    chart = _chart(qtbot)
    dot = next(d for d in chart.layout_info.dots if d.point.article_id == 3)
    with qtbot.waitSignal(chart.articleRequested) as sig:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(int(dot.center.x()), int(dot.center.y())))
    assert sig.args == [3]


def test_no_dated_articles_paints_a_message(qtbot):
    chart = _chart(qtbot, [TimelinePoint("x", None, "t", 1)])
    assert chart.layout_info.outlets == [] and chart.layout_info.undated == 1
    chart.grab()  # paints without error


def test_a_short_chart_shows_the_rows_that_fit_and_counts_the_rest(qtbot):
    # The Timeline dock opens 190 px high: fourteen outlets do not fit at their smallest row
    # height. The rows that fit are drawn; the others are counted in the note under the axis,
    # which must not be painted over the last rows' names.
    from PySide6.QtGui import QFontMetricsF

    from reader.export.timeline import AXIS_H

    points = [TimelinePoint(f"outlet{i:02}.example", f"2018-02-{i + 1:02}T10:00:00", f"Story {i}", i)
              for i in range(14)] + [TimelinePoint("undated.example", None, "No date", 99)]
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.resize(600, 190)
    chart.set_points(points, "The article list")
    chart.show()
    qtbot.waitExposed(chart)
    qtbot.waitUntil(lambda: chart.layout_info is not None)
    lay = chart.layout_info
    fm = QFontMetricsF(chart.font())
    assert 1 <= len(lay.outlets) < 14
    assert lay.hidden_outlets == 14 - len(lay.outlets)
    # the note's line ("+ N more outlets · 1 without a date") starts below the axis labels
    assert lay.plot.bottom() + AXIS_H + fm.height() <= chart.height()
    assert all(lay.plot.top() <= d.center.y() <= lay.plot.bottom() for d in lay.dots)


def _stories_view(qtbot, library, width: int):
    """The Stories view on ``library``, shown at ``width`` x 560 (the dock's first height)."""
    from reader.gui.widgets.stories_view import StoriesView

    view = StoriesView(library)
    qtbot.addWidget(view)
    view.resize(width, 560)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_stories_view_gives_its_timeline_a_row_per_outlet(qtbot, seeded_library):
    # A story told by four outlets, in the Stories dock at its first size (480 x 560): the
    # "Who published when" chart shows all four rows and its time axis, not one row and a note.
    from PySide6.QtGui import QFontMetricsF

    from reader.export.timeline import AXIS_H
    view = _stories_view(qtbot, seeded_library, 480)
    points = [TimelinePoint(site, f"2017-12-31T{10 + i}:00:00", f"Report {i}", i)
              for i, site in enumerate(["washingtonpost.com", "edition.cnn.com", "nytimes.com", "chinadaily.com.cn"])]
    view.timeline.set_points(points, "Who published when")
    qtbot.waitUntil(lambda: view.timeline.layout_info is not None and bool(view.timeline.layout_info.outlets))
    lay = view.timeline.layout_info
    assert len(lay.outlets) == 4 and lay.hidden_outlets == 0
    assert lay.plot.bottom() + AXIS_H <= view.timeline.height()
    assert view.members.height() > 4 * QFontMetricsF(view.font()).height()  # the list keeps room too



def test_a_narrow_stories_dock_keeps_the_story_column_readable(qtbot, seeded_library):
    # Beside the list and the article in a 1024 px window the Stories dock is ~310 px wide: the
    # fixed Outlets, Articles and Dates columns left the headline ~40 px ("Um…"). Narrow, the
    # Outlets column steps aside (the story's outlets are listed under it); wide, it is back.
    view = _stories_view(qtbot, seeded_library, 310)
    assert view.table.isColumnHidden(1)
    assert view.table.horizontalHeader().sectionSize(0) >= 110
    view.resize(480, 560)
    qtbot.waitUntil(lambda: view.width() == 480)
    assert not view.table.isColumnHidden(1)
    assert view.table.horizontalHeader().sectionSize(0) >= 110
