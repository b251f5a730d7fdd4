"""Comment times printed without a year ("Oct 18, 9:05 AM") as ``parse --json`` shows them:
dated by the article, never by a placeholder year."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def _thread_page(tmp_path: Path, *, byline: str, first: str, second: str, middle: str = "October 20, 2012") -> Path:
    # A blog thread whose signature lines say "written by NAME, DATE" (span_wrapped_thread.html).
    page = (FIXTURES / "span_wrapped_thread.html").read_text(encoding="utf-8")
    page = page.replace("on 17/10/12", byline)
    page = page.replace(", October 20, 2012", f", {middle}")
    page = page.replace(", October 18, 2012", f", {first}").replace(", October 24, 2012", f", {second}")
    path = tmp_path / "thread.html"
    path.write_text(page, encoding="utf-8")
    return path


def _dates(out: dict) -> dict[str | None, str | None]:
    return {c["author"]: c["published"] for c in out["comments"]}


def test_a_time_without_a_year_takes_the_article_s_year(tmp_path: Path, parse_json) -> None:
    out = parse_json(_thread_page(tmp_path, byline="on 17/10/12", first="Oct 18, 9:05 AM", second="Oct 24, 2012"))
    assert out["published"] == "2012-10-17"
    dates = _dates(out)
    assert dates["Green Business Watch"] == "2012-10-18T09:05"
    assert dates["pete"] == "2012-10-24"  # a printed year is kept


def test_a_day_before_the_article_s_falls_in_the_next_year(tmp_path: Path, parse_json) -> None:
    # An article of 28 December; a comment on "Jan 3" was written the January after.
    out = parse_json(_thread_page(tmp_path, byline="on 28/12/12", first="Jan 3, 8:00 PM", second="Dec 29, 7:15 AM"))
    assert out["published"] == "2012-12-28"
    dates = _dates(out)
    assert dates["Green Business Watch"] == "2013-01-03T20:00"
    assert dates["pete"] == "2012-12-29T07:15"


def test_without_the_article_s_date_no_year_is_made_up(tmp_path: Path, parse_json) -> None:
    out = parse_json(_thread_page(tmp_path, byline="", first="Oct 18, 9:05 AM", second="Oct 24, 10:00 PM",
                                        middle="Oct 20, 6:40 PM"))
    assert out["published"] is None
    dates = _dates(out)
    assert dates["Green Business Watch"] is None and dates["pete"] is None
    assert all(not (c["published"] or "").startswith("1900") for c in out["comments"])
