"""Questions: statements from yes/no questions, hypotheses and priors, suggestions from claims."""

from __future__ import annotations

import pytest

from heuer.assess.questions import (
    QuestionError,
    make_question,
    negation_of,
    question_from_claim,
    statement_of,
    suggest_questions,
)
from heuer.model import Claim, Horizon


def test_yes_no_question_becomes_statement_and_its_negation(nlp):
    assert statement_of("Will the central bank raise interest rates before June?") == (
        "the central bank will raise interest rates before June"
    )
    assert statement_of("Is the ceasefire holding?") == "the ceasefire is holding"
    assert statement_of("Will dock workers strike at the ports?") == "dock workers will strike at the ports"
    assert statement_of("Is Belarus at war?") == "Belarus is at war"
    assert negation_of("The ceasefire is holding") == "The ceasefire is not holding"
    assert negation_of("The bank will raise rates") == "The bank will not raise rates"


def test_default_hypotheses_are_yes_and_no_with_uniform_priors(nlp):
    q = make_question("Will the miners' union call a national strike?")
    assert [h.label for h in q.hypotheses] == ["H1", "H2"]
    assert q.hypotheses[0].text.startswith("the miners' union will call")
    assert q.hypotheses[1].negates == "H1" and "will not call" in q.hypotheses[1].text
    assert [h.prior for h in q.hypotheses] == [0.5, 0.5]


def test_custom_hypotheses_and_priors():
    q = make_question(
        "Who will win the mayoral race?",
        ["Ortiz wins", "Lam wins", "Neither: a run-off"],
        [0.5, 0.3, 0.2],
        by="2025-06-01",
    )
    assert [h.prior for h in q.hypotheses] == [0.5, 0.3, 0.2]
    assert all(h.negates is None for h in q.hypotheses) and q.by == "2025-06-01"


@pytest.mark.parametrize(
    ("hyps", "priors", "message"),
    [
        (["only one"], [], "at least two"),
        (["a", "b"], [0.5], "2 hypotheses"),
        (["a", "b"], [0.7, 0.7], "sum to"),
        (["a", "b"], [1.0, 0.0], "strictly between"),
        (["a", "A"], [], "same text"),
    ],
)
def test_bad_hypotheses_are_refused(hyps, priors, message):
    with pytest.raises(QuestionError, match=message):
        make_question("Which way?", hyps, priors)


def test_open_question_needs_hypotheses_and_dates_must_be_iso():
    with pytest.raises(QuestionError, match="not a yes/no question"):
        make_question("Who will win the mayoral race?")
    with pytest.raises(QuestionError, match="ISO date"):
        make_question("Which way?", ["a", "b"], by="next week")


def test_question_from_predicted_claim():
    assert question_from_claim("the dockers could soon walk out of the southern terminals") == (
        "Will the dockers walk out of the southern terminals?"
    )
    assert question_from_claim("the minister resigned") is None
    assert question_from_claim("it may rain") is None
    assert (
        question_from_claim("Ferry crews could strike at the terminals")
        == "Will ferry crews strike at the terminals?"
    )
    assert (
        question_from_claim("It is likely that the union will call a strike")
        == "Will the union call a strike?"
    )
    assert (
        question_from_claim("In her view, this would hurt the harbour") is None
    )  # no subject before the modal
    assert question_from_claim("The mayor may have misled the council") is None  # a past possibility


def _claim(prop: str, mode: str, due: str | None = None) -> Claim:
    horizon = Horizon(text="next week", start=0, end=1, date_to=due) if due else None
    return Claim(
        article_id="a", sentence=(0, 1), content=(0, 1), proposition=prop, mode=mode, horizon=horizon
    )


def test_suggestions_rank_by_independent_origins_and_take_the_horizon():
    items = [
        (1, _claim("the dockers could walk out of the terminals", "possibility", "2024-05-10"), 7, 1),
        (2, _claim("the dockers will walk out of the terminals", "prediction"), 7, 1),
        (3, _claim("the ferry operator will cancel the summer timetable", "prediction"), 8, 3),
        (4, _claim("the minister resigned on Tuesday", "reported_fact"), 9, 5),
    ]
    found = suggest_questions(items)
    assert [s.cluster_id for s in found] == [8, 7]
    assert found[0].question == "Will the ferry operator cancel the summer timetable?"
    assert found[1].by == "2024-05-10" and found[1].claims == 2
