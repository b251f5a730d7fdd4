"""Datelines as plain-text dumps print them, through ``dateline_iso`` (text) and ``parse_datetime`` (dates)."""

from __future__ import annotations

import pytest

from reader.parsing.text_lines import byline, dateline_iso


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("December 5th, 2012", "2012-12-05"),
        ("December 5th, 2012 07:15 PM ET", "2012-12-05T19:15:00-05:00"),
        ("July 4th, 2012 10:00 AM ET", "2012-07-04T10:00:00-04:00"),  # daylight saving
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19T08:03:00-05:00"),
        ("Updated 1915 GMT (0315 HKT) December 5, 2012", "2012-12-05T19:15:00+00:00"),
        ("Posted: 12/05/2012 7:15 pm", "2012-12-05T19:15"),
        ("05.12.2012", "2012-12-05"),  # dotted dates are day first
        ("Thursday, 6 December 2012", "2012-12-06"),
        ("Last updated: 5 December 2012", "2012-12-05"),
        ("November 1, 2012 2:33 am AEST", "2012-11-01T02:33:00+11:00"),
        ("2019-11-19T08:03:00Z", "2019-11-19T08:03:00+00:00"),
    ],
)
def test_datelines(line: str, iso: str) -> None:
    assert dateline_iso(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "11. Jul, 2012 / The Young Bigmouth says:",  # a comment signature, not a dateline
        "The council met on December 5, 2012 to vote on the budget.",
        "July",
        "Posted by timothy on Tuesday July 24, @09:04AM",  # no year: not a date we can place
    ],
)
def test_not_datelines(line: str) -> None:
    assert dateline_iso(line) is None


@pytest.mark.parametrize(
    ("line", "authors", "iso"),
    [
        ("By Jamie Crawford", ["Jamie Crawford"], None),
        ("By JAMIE CRAWFORD", ["Jamie Crawford"], None),
        ("By Elise Labott, CNN", ["Elise Labott"], None),
        ("by randfish on January 31, 2011", ["randfish"], "2011-01-31"),
        ("by Jamie Crawford | December 5, 2012", ["Jamie Crawford"], "2012-12-05"),
        ("Written by Jamie Crawford on December 5, 2012 at 7:15 pm", ["Jamie Crawford"], "2012-12-05T19:15"),
    ],
)
def test_bylines(line: str, authors: list[str], iso: str | None) -> None:
    assert byline(line) == (authors, iso)


@pytest.mark.parametrize("line", ["By the time we arrived it was over.", "By and large, it worked.", "By 2020"])
def test_not_bylines(line: str) -> None:
    assert byline(line) is None
