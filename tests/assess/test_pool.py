"""Pooling: log-odds arithmetic, independence of origin groups, strengths, ICD 203 words, confidence."""

from __future__ import annotations

import math

import pytest

from heuer.assess import pool
from heuer.lexicon import LexiconFileError


def test_binary_pooling_is_log_odds_from_the_prior():
    priors = {"H1": 0.5, "H2": 0.5}
    groups = {"g1": {"H1": 0.5, "H2": -0.5}, "g2": {"H1": 0.25, "H2": -0.25}}
    probs = pool.posterior(priors, groups)
    assert math.isclose(pool.logit(probs["H1"]), 1.5, rel_tol=1e-9)
    assert math.isclose(sum(probs.values()), 1.0)


def test_prior_shifts_the_result():
    groups = {"g": {"H1": 0.5, "H2": -0.5}}
    uniform = pool.posterior({"H1": 0.5, "H2": 0.5}, groups)["H1"]
    sceptical = pool.posterior({"H1": 0.2, "H2": 0.8}, groups)["H1"]
    assert sceptical < uniform
    assert math.isclose(pool.logit(sceptical), pool.logit(0.2) + 1.0, rel_tol=1e-9)


def test_duplicated_evidence_from_one_origin_moves_the_number_once():
    claim = {"H1": 0.6, "H2": -0.6}
    once = pool.posterior({"H1": 0.5, "H2": 0.5}, {"report": pool.group_llr([claim])})
    ten = pool.posterior({"H1": 0.5, "H2": 0.5}, {"report": pool.group_llr([claim] * 10)})
    assert once == pytest.approx(ten, abs=1e-12)
    two_origins = pool.posterior(
        {"H1": 0.5, "H2": 0.5}, {"report": pool.group_llr([claim]), "other": pool.group_llr([claim])}
    )
    assert two_origins["H1"] > once["H1"]


def test_three_hypotheses_softmax_and_favoured_tie_break():
    priors = {"H1": 1 / 3, "H2": 1 / 3, "H3": 1 / 3}
    probs = pool.posterior(priors, {})
    assert pool.favoured(probs) == "H1"
    probs = pool.posterior(priors, {"g": {"H1": -0.5, "H2": 0.0, "H3": 0.5}})
    assert pool.favoured(probs) == "H3" and probs["H3"] > probs["H2"] > probs["H1"]


def test_strength_possibility_never_counts_against():
    could = pool.strength("possibility", 0.4, "could")
    assert not could.flip and could.m > 0
    unlikely = pool.strength("assessment", 0.2, "unlikely")
    assert unlikely.flip and math.isclose(unlikely.m, pool.logit(0.8))
    even = pool.strength("prediction", 0.5, "even chance")
    assert not even.flip and even.m == pool.MIN_STRENGTH
    certain = pool.strength("assessment", 0.999, "certainly")
    assert certain.m == pool.MAX_STRENGTH
    plain = pool.strength("reported_fact", None, None)
    assert math.isclose(plain.m, pool.logit(pool.load_weights().mode_p["reported_fact"]))


def test_weight_is_reliability_times_credibility():
    assert pool.weight("A", 1) == 1.0
    assert pool.weight("F", 6) == pytest.approx(0.25)
    assert pool.weight("B", 2) > pool.weight("D", 2) > pool.weight("E", 2)
    assert pool.weight("A", 1, voice="author_opinion") == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("p", "word"),
    [
        (0.01, "almost no chance"),
        (0.05, "very unlikely"),
        (0.0501, "very unlikely"),
        (0.2, "unlikely"),
        (0.45, "roughly even chance"),
        (0.5, "roughly even chance"),
        (0.55, "roughly even chance"),
        (0.5501, "likely"),
        (0.8, "likely"),
        (0.8001, "very likely"),
        (0.95, "very likely"),
        (0.951, "almost certain"),
        (0.999, "almost certain"),
    ],
)
def test_icd203_word_boundaries(p, word):
    got, band = pool.icd203(p)
    assert got == word
    assert band[0] <= p <= band[1] or p < 0.01 or p > 0.99


def test_confidence_levels_and_reasons():
    high, reasons = pool.confidence(pool.EvidenceBase(groups=5, graded=5, mean_weight=0.8, agreement=0.9))
    assert high == "high" and len(reasons) == 3
    one_channel, reasons = pool.confidence(
        pool.EvidenceBase(groups=6, graded=0, mean_weight=0.25, agreement=1.0, channels=1, effective=3.5)
    )
    assert one_channel == "low" and "one reporting channel" in reasons[0]
    low, reasons = pool.confidence(pool.EvidenceBase(groups=1, graded=0, mean_weight=0.25, agreement=1.0))
    assert low == "low" and any("single" in r for r in reasons)
    ungraded, _ = pool.confidence(pool.EvidenceBase(groups=6, graded=0, mean_weight=0.25, agreement=1.0))
    assert ungraded == "moderate"  # many agreeing origins, but nobody vouches for them
    split, reasons = pool.confidence(pool.EvidenceBase(groups=4, graded=4, mean_weight=0.8, agreement=0.5))
    assert split == "moderate" and any("conflicts" in r for r in reasons)


def test_channel_discount_counts_one_report_s_sources_as_fewer():
    groups = {"a": {"art1"}, "b": {"art1"}, "c": {"art1", "art2"}, "d": {"art2"}, "e": {"art3"}}
    k = pool.channel_factors(groups, correlation=0.5)
    assert k["e"] == 1.0  # alone in its channel
    assert k["a"] == k["d"] == pytest.approx((1 + 3 * 0.5) / 4)
    assert pool.channel_count(groups) == 2
    assert pool.channel_factors(groups, correlation=0.0)["a"] == 1.0


def test_malformed_weights_file_is_reported_with_its_line(tmp_path):
    bad = tmp_path / "w.tsv"
    bad.write_text("axis\tcode\tvalue\tsource\nreliability\tA\tlots\tx\n", encoding="utf-8")
    with pytest.raises(LexiconFileError, match="w.tsv:2"):
        pool.load_weights(str(bad))
    partial = tmp_path / "p.tsv"
    partial.write_text("axis\tcode\tvalue\tsource\nreliability\tA\t1\tx\n", encoding="utf-8")
    with pytest.raises(LexiconFileError, match="missing"):
        pool.load_weights(str(partial))
