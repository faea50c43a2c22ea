"""Metadata normalisation: dates to ISO 8601, outlets from URLs.

Missing stays missing. Relative dates ("2 hours ago") are not parsed because without the moment of
scraping they would be invented, and a wrong date would later leak into as-of filtering.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser
from courlan import extract_domain

_SETTINGS = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
}
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")


def normalize_date(value: str | None) -> str | None:
    """An ISO date (``YYYY-MM-DD``) or datetime when the input gives a time; None when it is not a date."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    parsed: datetime | date | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = dateparser.parse(value, languages=None, settings=_SETTINGS)
    if parsed is None:
        return None
    if isinstance(parsed, datetime) and _HAS_TIME.search(value):
        return parsed.isoformat(timespec="seconds")
    return parsed.date().isoformat() if isinstance(parsed, datetime) else parsed.isoformat()


def outlet_from_url(url: str | None) -> str | None:
    """The registrable domain (``bbc.co.uk`` for ``news.bbc.co.uk``), the most stable name of an outlet."""
    if not url:
        return None
    domain = extract_domain(url)
    return domain or None
