"""A small made-up assessment over three made-up articles, built by hand for the report tests.

Offsets are found in the article texts with ``str.find`` so they are real character spans, as the
pipeline would store them.
"""

from __future__ import annotations

from heuer.model import (
    Article,
    Assessment,
    Contribution,
    Evidence,
    EvidenceClaim,
    Hypothesis,
    Indicator,
    Question,
    Sensitivity,
)
from heuer.report import ReportInput

GAZETTE = (
    "NORVALE - Talks between the dockworkers' union and the Norvale port authority resumed on Wednesday "
    "after a week-long pause.\n\n"
    'Union negotiator Mara Lindqvist said the two sides were "close to a deal on overtime pay".\n\n'
    "A port authority spokesperson said it was unlikely that an agreement would be reached before the "
    "end of the month.\n\n"
    "Container ships have been diverted to Eastham since the strike began on 2 April."
)
TIMES = (
    "The Norvale port authority has asked the regional court to order striking dockworkers back to "
    "work.\n\n"
    "A hearing is set for 24 April, court records show.\n\n"
    "Labour lawyers said courts in the region have rarely granted such injunctions.\n\n"
    "The union said its members would stay out until pay is settled."
)
BLOG = (
    "Shipping agents told this blog that several lines have already booked berths in Eastham for May.\n\n"
    "That suggests they expect the strike to last."
)


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.find(sentence)
    assert start >= 0, sentence
    return start, start + len(sentence)


def articles() -> dict[str, Article]:
    return {
        "a-gazette": Article(
            id="a-gazette",
            origin="gazette.txt",
            url="https://gazette.example/norvale-talks",
            outlet="Harbour Gazette",
            title="Dockworkers and port authority return to talks",
            published="2025-04-10",
            text=GAZETTE,
        ),
        "a-times": Article(
            id="a-times",
            origin="times.txt",
            url="https://times.example/injunction",
            outlet="Coastal Times",
            title="Court to hear port authority's injunction request",
            published="2025-04-14T09:30:00+00:00",
            text=TIMES,
        ),
        "a-blog": Article(
            id="a-blog",
            origin="blog.txt",
            outlet="Quayside blog",
            title="Why the strike will drag on",
            text=BLOG,
        ),
    }


def _claim(
    claim_id: int,
    article: Article,
    sentence: str,
    source: str,
    group: str,
    score: dict[str, float],
    **extra,
) -> EvidenceClaim:
    span = _span(article.text, sentence)
    return EvidenceClaim(
        claim_id=claim_id,
        article_id=article.id,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        sentence=span,
        content=span,
        sentence_text=sentence,
        proposition=extra.pop("proposition", sentence),
        source=source,
        source_kind=extra.pop("source_kind", "named_person"),
        group=group,
        group_label=extra.pop("group_label", source),
        stance={
            k: ("supports" if v > 0 else "contradicts" if v < 0 else "discusses") for k, v in score.items()
        },
        score=score,
        strength=extra.pop("strength", 1.0),
        weight=extra.pop("weight", 0.5),
        llr={k: round(v * 0.4, 3) for k, v in score.items()},
        method="test",
        **extra,
    )


def assessment() -> Assessment:
    arts = articles()
    gz, tm, bl = arts["a-gazette"], arts["a-times"], arts["a-blog"]
    c1 = _claim(
        1,
        gz,
        'Union negotiator Mara Lindqvist said the two sides were "close to a deal on overtime pay".',
        "Mara Lindqvist",
        "g-lindqvist",
        {"H1": 0.8, "H2": 0.0, "H3": -0.7},
    )
    c2 = _claim(
        2,
        gz,
        "A port authority spokesperson said it was unlikely that an agreement would be reached before the "
        "end of the month.",
        "a port authority spokesperson",
        "g-authority",
        {"H1": -0.6, "H2": 0.0, "H3": 0.5},
        source_kind="anonymous_official",
        certainty_cue="unlikely",
        certainty_p=0.3,
    )
    c3 = _claim(
        3,
        tm,
        "The union said its members would stay out until pay is settled.",
        "Dockworkers' union",
        "g-union",
        {"H1": -0.5, "H2": 0.0, "H3": 0.9},
        source_kind="organisation",
    )
    c4 = _claim(
        4,
        tm,
        "Labour lawyers said courts in the region have rarely granted such injunctions.",
        "Labour lawyers",
        "g-lawyers",
        {"H1": 0.0, "H2": -0.8, "H3": 0.3},
        source_kind="anonymous_source",
    )
    c5 = _claim(
        5,
        bl,
        "Shipping agents told this blog that several lines have already booked berths in Eastham for May.",
        "Shipping agents",
        "g-agents",
        {"H1": -0.3, "H2": -0.3, "H3": 0.6},
        source_kind="anonymous_source",
    )
    hearing = "A hearing is set for 24 April, court records show."
    evidence = [
        Evidence(
            id="E1",
            cluster_id=11,
            text="The two sides are close to a deal on overtime pay",
            claims=[c1],
            groups=["g-lindqvist"],
            ratings={"H1": "C", "H2": "N", "H3": "I"},
            strength=1.0,
            reliability="F",
            credibility=3,
            credibility_reason="one origin affirms it",
            weight=0.45,
            diagnosticity=0.62,
        ),
        Evidence(
            id="E2",
            cluster_id=12,
            text="An agreement before the end of the month is unlikely",
            claims=[c2],
            groups=["g-authority"],
            ratings={"H1": "I", "H2": "N", "H3": "C"},
            strength=0.8,
            reliability="F",
            credibility=3,
            credibility_reason="one origin affirms it",
            weight=0.4,
            diagnosticity=0.48,
        ),
        Evidence(
            id="E3",
            cluster_id=13,
            text="Union members will stay out until pay is settled",
            claims=[c3],
            groups=["g-union"],
            ratings={"H1": "I", "H2": "N", "H3": "CC"},
            strength=1.2,
            reliability="C",
            credibility=2,
            credibility_reason="one origin graded C affirms it",
            weight=0.6,
            diagnosticity=0.71,
        ),
        Evidence(
            id="E4",
            cluster_id=14,
            text="Courts in the region have rarely granted such injunctions",
            claims=[c4],
            groups=["g-lawyers"],
            ratings={"H1": "NA", "H2": "II", "H3": "C"},
            strength=0.9,
            reliability="F",
            credibility=3,
            credibility_reason="one origin affirms it",
            weight=0.35,
            diagnosticity=0.55,
        ),
        Evidence(
            id="E5",
            cluster_id=15,
            text="Shipping lines have booked berths elsewhere for May",
            claims=[c5],
            groups=["g-agents"],
            ratings={"H1": "I", "H2": "I", "H3": "C"},
            strength=0.7,
            reliability="F",
            credibility=3,
            credibility_reason="one origin affirms it",
            weight=0.3,
            diagnosticity=0.4,
        ),
    ]
    contributions = [
        Contribution(
            group="g-union",
            label="Dockworkers' union",
            evidence=["E3"],
            claims=[3],
            delta={"H1": -0.2, "H2": 0.0, "H3": 0.3},
            log_odds=0.42,
        ),
        Contribution(
            group="g-lindqvist",
            label="Mara Lindqvist",
            evidence=["E1"],
            claims=[1],
            delta={"H1": 0.3, "H2": 0.0, "H3": -0.25},
            log_odds=-0.38,
        ),
        Contribution(
            group="g-agents",
            label="Shipping agents (via Quayside blog)",
            evidence=["E5"],
            claims=[5],
            delta={"H1": -0.1, "H2": -0.1, "H3": 0.2},
            log_odds=0.31,
        ),
        Contribution(
            group="g-authority",
            label="Port authority spokesperson",
            evidence=["E2"],
            claims=[2],
            delta={"H1": -0.2, "H2": 0.0, "H3": 0.2},
            log_odds=0.29,
        ),
        Contribution(
            group="g-lawyers",
            label="Labour lawyers",
            evidence=["E4"],
            claims=[4],
            delta={"H1": 0.0, "H2": -0.3, "H3": 0.05},
            log_odds=0.088,
        ),
    ]
    question = Question(
        id=1,
        text="Will the Norvale port strike end before 1 May 2025?",
        hypotheses=[
            Hypothesis(label="H1", text="The strike ends by a negotiated agreement before 1 May", prior=0.4),
            Hypothesis(label="H2", text="The strike ends by court order before 1 May", prior=0.2),
            Hypothesis(label="H3", text="The strike continues past 1 May", prior=0.4),
        ],
        since="2025-04-01",
        by="2025-05-01",
        created="2025-04-15T08:00:00+00:00",
    )
    return Assessment(
        question=question,
        as_of="2025-04-15",
        created="2025-04-15T08:05:00+00:00",
        articles=["a-gazette", "a-times", "a-blog"],
        left_out={"published after as_of": 2, "non-English": 1},
        headline="H3",
        probabilities={"H1": 0.30, "H2": 0.12, "H3": 0.58},
        prior_log_odds=-0.405,
        log_odds=0.323,
        favoured="H3",
        word="likely",
        band=(0.55, 0.8),
        confidence="low",
        confidence_reasons=[
            "five independent origins, none confirmed by another",
            "four of the five origins cannot be graded (F)",
            "the call rests on one linchpin origin (the union)",
        ],
        formula="log-odds(H3) = logit(prior) + sum_g w_g * s_g * llr_g(H3)",
        evidence=evidence,
        inconsistency={"H1": 2.6, "H2": 2.9, "H3": 0.8},
        contributions=contributions,
        indicators=[
            Indicator(
                claim_id=6,
                article_id="a-times",
                text=hearing,
                sentence=_span(TIMES, hearing),
                source="court records",
                published="2025-04-14",
                horizon="24 April",
                due="2025-04-24",
                status="pending",
                basis="horizon of the claim",
                points_to="H2",
            )
        ],
        sensitivity=[
            Sensitivity(
                group="g-union", label="Dockworkers' union", evidence=["E3"], removed="H1", reversed="H1"
            )
        ],
        would_change=[
            "A union vote to accept an offer would move the call toward H1.",
            "The court granting the injunction at the 24 April hearing would move it toward H2.",
        ],
        stance_model="stance-lexicon-v1 (cue words, test build)",
        summary="It is likely (58%) that the strike continues past 1 May (H3).",
        confidence_statement="We have low confidence in this judgement.",
    )


def sources() -> list[dict]:
    return [
        {
            "source": "Dockworkers' union",
            "kind": "organisation",
            "actor": "dockworkers-union",
            "claims": 1,
            "reliability": "C",
            "reason": "graded by the desk: accurate on past strike dates",
        },
        {
            "source": "Harbour Gazette",
            "kind": "media",
            "actor": "harbour-gazette",
            "claims": [1, 2],
            "reliability": "F",
            "reason": "not graded",
        },
        {
            "source": "Quayside blog",
            "kind": "media",
            "actor": None,
            "claims": 1,
            "reliability": "F",
            "reason": "not graded",
        },
    ]


def report_input() -> ReportInput:
    return ReportInput(assessment=assessment(), articles=articles(), sources=sources())
