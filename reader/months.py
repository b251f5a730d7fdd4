"""The one month table: names and the abbreviations printed dates use.

Parsing (datelines, bylines, comment signatures) and the renderer read it;
each builds the pattern it needs from these names.
"""

from __future__ import annotations

MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: Printed abbreviations, per month (both "Sep" and "Sept").
MONTH_ABBREVIATIONS: tuple[tuple[str, ...], ...] = (
    ("Jan",), ("Feb",), ("Mar",), ("Apr",), (), ("Jun",),
    ("Jul",), ("Aug",), ("Sep", "Sept"), ("Oct",), ("Nov",), ("Dec",),
)  # fmt: skip

#: Lower-case names then abbreviations: the words a dateline may hold for its month.
MONTH_WORDS: tuple[str, ...] = tuple(n.lower() for n in MONTH_NAMES) + tuple(
    a.lower() for abbrs in MONTH_ABBREVIATIONS for a in abbrs
)

#: The prefixes every printed form of a month starts with ("jan", "may", "sep", "sept").
MONTH_PREFIXES: tuple[str, ...] = tuple(
    p for name, abbrs in zip(MONTH_NAMES, MONTH_ABBREVIATIONS) for p in (abbrs or (name,))
)


def month_alternation(*, lower: bool = True) -> str:
    """A regex alternation of every month name and abbreviation, longest form first."""
    forms = []
    for name, abbrs in zip(MONTH_NAMES, MONTH_ABBREVIATIONS):
        for form in sorted({name, *abbrs}, key=len, reverse=True):
            forms.append(form.lower() if lower else form)
    return "|".join(forms)
