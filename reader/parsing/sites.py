"""Site naming: a printed outlet name or URL -> the name readers know (aliases are data in ``cues``)."""

from __future__ import annotations

import re

from reader.parsing import cues

KNOWN_SITES = frozenset(
    name.lower() for table in (cues.SITE_ALIASES, cues.DOMAIN_SITES) for pair in table.items() for name in pair
)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\d?\.)?(?P<host>[\w.-]+\.[a-z]{2,})(?:[/:?#]|$)", re.IGNORECASE)


def site_name(raw: str) -> str | None:
    """A printed outlet name or URL -> the name readers know (aliases are data)."""
    raw = raw.strip(" .,:;|-")
    if not raw:
        return None
    m = _DOMAIN.match(raw)
    if m and "." in raw and " " not in raw:
        host = m.group("host").lower()
        return _known_domain(host) or host
    # "CNN.com Blogs": a known domain inside a printed name.
    for word in raw.split():
        if "." in word and (name := _known_domain(word.lower().strip(".,"))):
            return name
    return cues.SITE_ALIASES.get(raw.lower(), raw)


def _known_domain(host: str) -> str | None:
    for domain, name in cues.DOMAIN_SITES.items():
        if host == domain or host.endswith("." + domain):
            return name
    return None
