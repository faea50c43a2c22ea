"""ACH ratings, diagnosticity, Heuer's inconsistency score and sensitivity (linchpins)."""

from __future__ import annotations

from heuer.assess import ach
from heuer.model import Evidence


def _row(rid: str, ratings: dict[str, str], weight: float = 1.0) -> Evidence:
    return Evidence(
        id=rid,
        text=rid,
        claims=[],
        groups=[rid],
        ratings=ratings,
        strength=1.0,
        reliability="F",
        credibility=6,
        weight=weight,
        diagnosticity=0.0,
    )


def test_ratings_from_stance_and_strength():
    assert ach.rating(None, 2.0) == "NA"
    assert ach.rating(0.05, 2.0) == "N"
    assert ach.rating(0.8, 2.0) == "CC"
    assert ach.rating(0.8, 0.5) == "C"
    assert ach.rating(0.3, 2.0) == "C"
    assert ach.rating(-0.8, 2.0) == "II"
    assert ach.rating(-0.3, 2.0) == "I"


def test_diagnosticity_is_zero_for_evidence_that_fits_every_hypothesis():
    assert ach.diagnosticity({"H1": 0.3, "H2": 0.3, "H3": 0.3}) == 0
    assert ach.diagnosticity({"H1": 0.5, "H2": -0.5}) == 1.0


def test_least_inconsistent_hypothesis_is_favoured_not_the_most_consistent():
    rows = [
        _row("E1", {"H1": "C", "H2": "C"}),
        _row("E2", {"H1": "CC", "H2": "C"}),
        _row("E3", {"H1": "II", "H2": "N"}),
        _row("E4", {"H1": "C", "H2": "I"}, weight=0.5),
    ]
    scores = ach.inconsistency(rows, ["H1", "H2"])
    assert scores == {"H1": 2.0, "H2": 0.5}
    assert ach.least_inconsistent(scores) == ["H2"]


def test_sensitivity_names_the_linchpin():
    priors = {"H1": 0.5, "H2": 0.5}
    groups = {
        "strong": {"H1": 1.0, "H2": -1.0},
        "weak-against": {"H1": -0.3, "H2": 0.3},
        "weak-against-2": {"H1": -0.3, "H2": 0.3},
    }
    found = ach.sensitivity(priors, groups, {"strong": "the strong one"}, {"strong": ["E1"]})
    by = {s.group: s for s in found}
    assert by["strong"].removed == "H2" and by["strong"].reversed == "H2"
    assert by["strong"].label == "the strong one" and by["strong"].evidence == ["E1"]
    # reversing a weak one pushes the call further the same way: not a linchpin
    assert "weak-against" not in by
