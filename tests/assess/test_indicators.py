"""Indicators: due dates from horizons, and pending / borne out / not borne out / open."""

from __future__ import annotations

from heuer.assess.indicators import Report, indicators
from heuer.model import EvidenceClaim


def _ev(cid: int, mode: str = "prediction", published: str | None = "2024-05-01", polarity="affirmed"):
    return EvidenceClaim(
        claim_id=cid,
        article_id="a1",
        published=published,
        sentence=(0, 10),
        content=(0, 10),
        sentence_text=f"claim {cid}",
        proposition=f"claim {cid}",
        source="a union leader",
        source_kind="named_person",
        group="g",
        group_label="g",
        polarity=polarity,
        mode=mode,
        score={"H1": 0.6, "H2": -0.6},
        strength=1.0,
        weight=0.5,
    )


def test_status_follows_due_date_and_later_reports():
    ev = [_ev(1), _ev(2), _ev(3), _ev(4), _ev(5, mode="reported_fact"), _ev(6, polarity="negated")]
    horizons = {1: ("next week", "2024-05-08"), 2: ("next week", "2024-05-08"), 3: ("soon", None)}
    horizons[4] = ("by June", "2024-06-30")
    ev.append(_ev(7))  # "may have survived 2023": its horizon ended before the article appeared
    horizons[7] = ("2023", "2023-12-31")
    clusters = {1: 10, 2: 20, 3: 30, 4: 40}
    reports = [
        Report(11, 10, "2024-05-06", "affirmed", "reported_fact"),  # bears out 1
        Report(12, 40, "2024-05-20", "negated", "reported_fact"),  # says 4 did not happen
        Report(13, 20, "2024-06-02", "affirmed", "reported_fact"),  # after the as-of date: unseen
        Report(14, 30, "2024-04-01", "affirmed", "reported_fact"),  # before the prediction: not evidence
    ]
    found = {i.claim_id: i for i in indicators(ev, horizons, clusters, reports, as_of="2024-05-31")}
    assert set(found) == {1, 2, 3, 4}  # facts and negated claims are not indicators
    assert found[1].status == "borne_out" and "2024-05-06" in found[1].basis
    assert found[2].status == "not_borne_out" and found[2].due == "2024-05-08"
    assert found[3].status == "open" and found[3].due is None
    assert found[4].status == "not_borne_out" and "not so" in found[4].basis
    assert all(i.points_to == "H1" for i in found.values())
    early = {i.claim_id: i for i in indicators(ev, horizons, clusters, reports, as_of="2024-05-03")}
    assert early[1].status == "pending" and early[2].status == "pending"
