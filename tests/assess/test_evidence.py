"""Evidence from claims with the shipped stance model: polarity, hedges, relevance, the mirrored "no"."""

from __future__ import annotations

import pytest

from heuer.assess.evidence import ClaimContext, hedge_free, judge
from heuer.assess.pipeline import model_stance
from heuer.model import Hypothesis

HYPS = [
    Hypothesis(label="H1", text="the miners will strike at the northern pits", prior=0.5),
    Hypothesis(label="H2", text="the miners will not strike at the northern pits", prior=0.5, negates="H1"),
]


def _ctx(cid: int, proposition: str, polarity="affirmed", mode="reported_fact", cue=None, p=None, rel="F"):
    return ClaimContext(
        claim_id=cid,
        article_id="a1",
        outlet="Valley Courier",
        title=None,
        published="2024-03-01",
        sentence=(0, len(proposition)),
        content=(0, len(proposition)),
        sentence_text=proposition,
        proposition=proposition,
        source="a union spokeswoman",
        source_kind="named_person",
        voice="attributed",
        polarity=polarity,
        mode=mode,
        certainty_cue=cue,
        certainty_p=p,
        group=f"g{cid}",
        group_label=f"origin {cid}",
        reliability=rel,
        credibility=3,
    )


@pytest.fixture(scope="module")
def stance():
    fn, name = model_stance()
    assert "stance model" in name
    return fn


def test_hedges_become_will_only_for_modals():
    assert hedge_free("the miners could soon strike", "could soon") == "the miners will strike"
    assert hedge_free("the miners may “soon” strike", "may “soon”") == "the miners will strike"
    assert (
        hedge_free("it is likely that the miners strike", "likely") == "it is likely that the miners strike"
    )
    assert hedge_free("the miners strike", None) == "the miners strike"


def test_negation_flips_and_the_no_hypothesis_mirrors(stance):
    claims = [
        _ctx(1, "the miners will strike at the northern pits next week"),
        _ctx(2, "the miners will strike at the northern pits next week", polarity="negated"),
        _ctx(3, "the orchestra has cancelled its summer tour of the coastal towns"),
    ]
    found = {c.claim_id: c for c in judge(claims, HYPS, stance)}
    assert 3 not in found  # unrelated to every hypothesis: not evidence
    assert found[1].score["H1"] > 0 and found[1].stance["H1"] == "supports"
    assert found[2].score["H1"] < 0 and found[2].stance["H1"] == "contradicts"
    for c in found.values():
        assert c.score["H2"] == -c.score["H1"]
        assert c.llr["H1"] == pytest.approx(0.5 * c.weight * c.strength * c.score["H1"], abs=1e-3)


def test_a_possibility_supports_weakly_and_an_unlikely_estimate_counts_against(stance):
    claims = [
        _ctx(
            1,
            "the miners will strike at the northern pits",
            mode="prediction",
            cue="almost certainly",
            p=0.95,
        ),
        _ctx(2, "the miners could strike at the northern pits", mode="possibility", cue="could", p=0.4),
        _ctx(3, "the miners will strike at the northern pits", mode="assessment", cue="unlikely", p=0.2),
    ]
    found = {c.claim_id: c for c in judge(claims, HYPS, stance)}
    assert found[1].llr["H1"] > found[2].llr["H1"] > 0
    assert found[3].llr["H1"] < 0


def test_reliability_scales_the_weight(stance):
    text = "the miners will strike at the northern pits next week"
    graded = judge([_ctx(1, text, rel="A"), _ctx(2, text, rel="E")], HYPS, stance)
    assert graded[0].llr["H1"] > graded[1].llr["H1"] > 0
    assert graded[0].reliability == "A" and graded[1].reliability == "E"


def test_relevance_is_the_share_of_the_hypothesis_a_claim_speaks_to():
    from heuer.assess.evidence import relevance

    h = "the miners will strike at the northern pits"
    assert relevance(h, "miners at the northern pits walked out on strike") == 1.0
    assert relevance(h, "the northern region had a dry summer") == pytest.approx(0.25 / 0.5)
    assert relevance(h, "the orchestra cancelled its tour") == 0.0
    assert relevance("", "anything") == 1.0
