from __future__ import annotations

import pytest

from heuer.ingest.meta import normalize_date, outlet_from_url


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2022-03-14", "2022-03-14"),
        ("March 14, 2022", "2022-03-14"),
        ("14 March 2022", "2022-03-14"),
        ("2022-03-14T09:30:00Z", "2022-03-14T09:30:00+00:00"),
        ("Mon, 14 Mar 2022 09:30:00 +0100", "2022-03-14T09:30:00+01:00"),
    ],
)
def test_dates_normalise_to_iso(raw, iso):
    assert normalize_date(raw) == iso


@pytest.mark.parametrize("raw", [None, "", "   ", "March 2022", "2 hours ago", "yesterday", "not a date"])
def test_missing_or_vague_dates_stay_missing(raw):
    assert normalize_date(raw) is None


def test_outlet_is_the_registrable_domain():
    assert outlet_from_url("https://news.example.co.uk/world/1") == "example.co.uk"
    assert outlet_from_url("http://www.example.com/a") == "example.com"
    assert outlet_from_url(None) is None
