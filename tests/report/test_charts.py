from __future__ import annotations

import pytest

from heuer.model import Contribution
from heuer.report import charts
from tests.report import assessment

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHARTS = [charts.matrix_heatmap, charts.waterfall, charts.timeline]


@pytest.mark.parametrize("draw", CHARTS, ids=lambda f: f.__name__)
def test_chart_is_a_png_with_equal_bytes_for_equal_input(draw):
    first = draw(assessment())
    assert first.startswith(PNG_MAGIC)
    assert draw(assessment()) == first
    assert b"matplotlib" not in first.lower()  # no software stamp that changes with the library version


@pytest.mark.parametrize("draw", CHARTS, ids=lambda f: f.__name__)
def test_chart_changes_when_the_assessment_does(draw):
    a = assessment()
    b = assessment()
    b.evidence[0].ratings["H3"] = "CC"
    b.contributions[0].log_odds = 1.5
    b.evidence[0].claims[0].score["H3"] = 0.9
    assert draw(a) != draw(b)


@pytest.mark.parametrize("draw", CHARTS, ids=lambda f: f.__name__)
def test_chart_draws_an_assessment_without_evidence(draw):
    a = assessment()
    a.evidence, a.contributions, a.inconsistency = [], [], {}
    assert draw(a).startswith(PNG_MAGIC)


def test_waterfall_folds_many_origins_and_shows_the_unitemised_rest():
    a = assessment()
    a.contributions = [
        Contribution(
            group=f"g{i}",
            label=f"origin group number {i} with a long descriptive label",
            evidence=["E1"],
            claims=[1],
            delta={},
            log_odds=0.05 * (i % 5 - 2),
        )
        for i in range(30)
    ]
    steps = charts._waterfall_steps(a)
    assert len(steps) <= charts.MAX_WATERFALL_BARS + 3
    assert any(label.startswith("19 other origins") for label, _, _ in steps)
    assert steps[-2][0].startswith("Not itemised")
    assert sum(v for _, v, kind in steps if kind == "step") + a.prior_log_odds == pytest.approx(a.log_odds)
    assert charts.waterfall(a).startswith(PNG_MAGIC)


def test_timeline_handles_only_undated_claims_and_unreadable_dates():
    a = assessment()
    for ev in a.evidence:
        for c in ev.claims:
            c.published = None
    a.evidence[0].claims[0].published = "last Tuesday"
    assert charts.timeline(a).startswith(PNG_MAGIC)


def test_timeline_spans_months_and_years():
    a = assessment()
    days = ["2024-11-03", "2024-12-20", "2025-02-01T10:00:00Z", "2025-04-14", None]
    for ev, day in zip(a.evidence, days, strict=True):
        ev.claims[0].published = day
    assert charts.timeline(a).startswith(PNG_MAGIC)
