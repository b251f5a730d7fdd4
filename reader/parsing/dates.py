"""Dates as pages print them -> ISO 8601.

"December 5th, 2012" + "07:15 PM ET" -> "2012-12-05T19:15:00-05:00"
(US Eastern, with daylight saving from the tz database);
"December 11, 2012 at 10:21 am" -> "2012-12-11T10:21" (local, no zone given).

The zone abbreviations pages use are data (``ZONE_ABBREVIATIONS``), mapped
to tz database names so summer/winter offsets come out right.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as du_parser

ZONE_ABBREVIATIONS: dict[str, str] = {
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CT": "America/Chicago",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "MT": "America/Denver",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "GMT": "Etc/GMT",
    "UTC": "UTC",
    "BST": "Europe/London",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "JST": "Asia/Tokyo",
}

#: Words dateutil trips over and that carry no date information.
_NOISE = re.compile(r"\b(?:at|on|posted|updated|published|by)\b|\|", re.IGNORECASE)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_ZONE_RE = re.compile(r"\b(" + "|".join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True)) + r")\b")
_HAS_DIGIT = re.compile(r"\d")
_SECOND_ZONE = re.compile(r"\(\s*\d{3,4}\s*[A-Z]{2,5}\s*\)")
_MILITARY_TIME = re.compile(r"\b([01]\d|2[0-3])([0-5]\d)\s*(GMT|UTC)\b")
_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")

MIN_YEAR, MAX_YEAR = 1800, 2199
#: The year a date printed without one ("Aug 9, 10:14 AM", ``require_year=False``) is
#: given; ``complete_year`` replaces it once the article's own date is known.
YEARLESS = 1900


def _tzinfo(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's zone hook: numeric offsets and UTC are kept; unknown names
    ("AMT") give a naive time instead of an UnknownTimezoneWarning."""
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    if name and name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    return None


def parse_datetime(text: str, *, require_year: bool = True) -> str | None:
    """Parse a printed date (and optional time and zone) to ISO 8601, or None.

    Without a time, returns a date ("2012-12-05"). Without a zone, returns a
    naive local time. Never raises.
    """
    if not text or not _HAS_DIGIT.search(text) or len(text) > 120:
        return None
    if require_year and not _HAS_YEAR.search(text):
        return None
    # "1915 GMT (0315 HKT)": a 24-hour time before a zone, and a second zone's time in brackets.
    text = _MILITARY_TIME.sub(r"\1:\2 \3", _SECOND_ZONE.sub(" ", text))
    zone_name = None
    m = _ZONE_RE.search(text)
    if m:
        zone_name = ZONE_ABBREVIATIONS[m.group(1)]
        text = _ZONE_RE.sub(" ", text)
    cleaned = _NOISE.sub(" ", _ORDINAL.sub(r"\1", text))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,.-")
    try:
        dt: datetime = du_parser.parse(
            cleaned,
            fuzzy=True,
            default=datetime(YEARLESS, 1, 1),
            tzinfos=_tzinfo,
            dayfirst=bool(_DOTTED_DATE.search(cleaned)),  # 05.12.2012 is 5 December
        )
    except (ValueError, OverflowError, TypeError):
        return None
    if not (MIN_YEAR <= dt.year <= MAX_YEAR):
        return None
    has_time = bool(_HAS_TIME.search(text))
    if dt.tzinfo is None and zone_name:
        dt = dt.replace(tzinfo=ZoneInfo(zone_name))
    if not has_time:
        return dt.date().isoformat()
    if dt.tzinfo is not None:
        return dt.isoformat(timespec="seconds")
    return dt.isoformat(timespec="minutes")


def complete_year(iso: str | None, reference: str | None) -> str | None:
    """A date parsed without its year (``YEARLESS``), dated by ``reference`` (the article's
    date): that year, or the next when the day falls before the article's (a reader's
    comment follows its article). Without a reference, or on a 29 February the year
    lacks, the date is dropped: no date is better than a wrong year. Other dates are
    returned as they are.
    """
    if not iso or not iso.startswith(f"{YEARLESS}-"):
        return iso
    try:
        ref = datetime.fromisoformat(reference) if reference else None
        if ref is None:
            return None
        dated = f"{ref.year:04d}{iso[4:]}"
        if datetime.fromisoformat(dated).date() < ref.date():
            dated = f"{ref.year + 1:04d}{iso[4:]}"
        datetime.fromisoformat(dated)  # 29 February of a year without one
    except ValueError:
        return None
    return dated


def parse_epoch_ms(ms: int | float | str) -> str | None:
    try:
        dt = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=float(ms))
    except (ValueError, OverflowError, TypeError):
        return None
    return dt.isoformat(timespec="seconds")


def sort_key(iso: str | None) -> str:
    """A string that sorts chronologically across naive and zoned ISO values (UTC where zoned)."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.isoformat(timespec="seconds")
