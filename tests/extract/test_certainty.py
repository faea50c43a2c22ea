"""Estimative words to probabilities: survey numbers, combination rules, ICD 203 words, lexicon checks."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from heuer.extract.certainty import (
    default_lexicon,
    default_modifiers,
    find_certainty,
    icd203_word,
    load_lexicon,
)
from heuer.lexicon import LexiconFileError, data_path
from tests.conftest import REPO, need_shared


def certainty(nlp, text: str, content: str | None = None):
    doc = nlp(text)
    if content is None:
        return find_certainty(doc)
    start = text.index(content)
    return find_certainty(doc, start, start + len(content))


# --- the shipped numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "median"),
    [("likely", 0.75), ("unlikely", 0.20), ("highly likely", 0.90), ("almost certain", 0.95), ("may", 0.40)],
)
def test_common_words_carry_the_capphrase_medians(phrase, median):
    reading = default_lexicon()[phrase]
    assert reading.p == pytest.approx(median)
    assert reading.low <= reading.p <= reading.high
    assert "CAPphrase" in reading.source


def test_unsurveyed_phrases_say_where_their_numbers_come_from():
    lex = default_lexicon()
    assert lex["expected to"].basis == "as 'likely'"
    assert lex["very likely"].basis == "ICD 203 band"
    assert (lex["very likely"].low, lex["very likely"].high) == (0.80, 0.95)
    assert lex["probably"].basis == "survey" and lex["probably"].n == 46
    needed = ["almost certainly", "probably", "poised to", "on the verge of", "believed to", "might", "would"]
    needed += [
        "will",
        "possibly",
        "perhaps",
        "reportedly",
        "allegedly",
        "no doubt",
        "be preparing to",
        "be set to",
    ]
    assert not [p for p in needed if p not in lex]


def test_the_build_script_reproduces_the_shipped_tables(tmp_path: Path):
    data = need_shared("data", "estimative")
    spec = importlib.util.spec_from_file_location(
        "build_estimative", REPO / "scripts" / "build_estimative.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--data", str(data), "--out", str(tmp_path)]) == 0
    for name in ("estimative.tsv", "icd203.tsv", "estimative_modifiers.tsv"):
        assert (tmp_path / name).read_text() == data_path("lexicons", name).read_text(), name


# --- cues in sentences ----------------------------------------------------------------------------------


def test_a_plain_estimative_word(nlp):
    c = certainty(nlp, "The strike is likely to end before the harvest.")
    assert c.cue == "likely"
    assert (c.p, c.low, c.high) == (0.75, 0.67, 0.80)
    assert c.band == "likely"
    assert "CAPphrase" in c.basis


def test_offsets_point_at_the_cue(nlp):
    text = "Officials said that the ferry service could resume next month."
    c = certainty(nlp, text, "that the ferry service could resume next month")
    assert text[c.start : c.end] == c.cue == "could"


def test_a_modal_with_a_time_word_stays_a_possibility(nlp):
    plain = certainty(nlp, "The union could strike.")
    soon = certainty(nlp, "The union could soon strike.")
    quoted = certainty(nlp, "The union could “soon” strike.")
    assert soon.cue == "could soon"
    assert quoted.cue.startswith("could “soon")
    assert (soon.p, soon.low, soon.high) == (plain.p, plain.low, plain.high) == (0.40, 0.25, 0.50)


def test_a_trend_word_moves_up_from_the_base_word(nlp):
    base = certainty(nlp, "It is likely that the mill will close.")
    trend = certainty(nlp, "It is increasingly likely that the mill will close.")
    very = certainty(nlp, "It is extremely likely that the mill will close.")
    assert trend.cue == "increasingly likely"
    assert base.p < trend.p < very.p < 0.99
    assert trend.low > base.low and trend.high > base.high
    assert "increasingly" in trend.basis


def test_a_trend_on_a_negative_word_moves_further_down(nlp):
    base = certainty(nlp, "It is unlikely that the deal survives.")
    trend = certainty(nlp, "It is increasingly unlikely that the deal survives.")
    assert trend.p < base.p == 0.20


def test_an_intensifier_step_is_the_surveys_own(nlp):
    step = default_modifiers()["extremely"].weight
    assert 1.0 < step < 1.7  # between the survey's likely->highly likely and unlikely->highly unlikely
    assert certainty(nlp, "The talks are highly likely to fail.").p == 0.90  # surveyed phrase wins


def test_a_downtoner_moves_toward_even(nlp):
    c = certainty(nlp, "The firm is somewhat likely to default.")
    assert 0.5 < c.p < 0.75


def test_negation_flips_to_the_event_and_mirrors_the_range(nlp):
    yes = certainty(nlp, "The bridge will almost certainly open in May.")
    no = certainty(nlp, "The bridge will almost certainly not open in May.")
    assert no.p == pytest.approx(1 - yes.p)
    assert no.low == pytest.approx(1 - yes.high) and no.high == pytest.approx(1 - yes.low)
    assert "negated" in no.basis
    assert no.band == "very unlikely"


def test_not_likely_and_unlikely(nlp):
    assert certainty(nlp, "The council is not likely to approve the plan.").p == pytest.approx(0.25)
    unlikely = certainty(nlp, "The council is unlikely to approve the plan.")
    assert unlikely.p == 0.20 and "negated" not in unlikely.basis


def test_the_flip_rule_agrees_with_the_survey_of_probably_not(nlp):
    surveyed = certainty(nlp, "The strike is probably not over.")
    assert surveyed.cue == "probably not" and "negated" not in surveyed.basis
    flipped = 1 - default_lexicon()["probably"].p
    assert abs(surveyed.p - flipped) < 0.05


def test_negated_modals(nlp):
    assert certainty(nlp, "The firm may not survive the winter.").p == pytest.approx(0.60)
    assert certainty(nlp, "Farmers cannot plant this year.").p == 0.02
    assert certainty(nlp, "The ferry couldn't sail.").p == 0.02
    assert certainty(nlp, "The ferry won't sail.").p == 0.01


def test_hedges_lower_a_reported_fact(nlp):
    fact = certainty(nlp, "The minister took bribes.")
    reported = certainty(nlp, "The minister reportedly took bribes.")
    alleged = certainty(nlp, "The minister allegedly took bribes.")
    assert alleged.p < reported.p < fact.p
    assert reported.cue == "reportedly"


def test_a_hedge_on_another_cue_multiplies(nlp):
    c = certainty(nlp, "The minister reportedly could resign.")
    assert c.p == pytest.approx(0.75 * 0.40)
    assert c.low == pytest.approx(0.65 * 0.25)
    assert "reportedly" in c.basis


def test_plain_assertions_are_near_certain(nlp):
    has = certainty(nlp, "The mayor has resigned.")
    will = certainty(nlp, "The bridge will open.")
    assert has.cue == "has" and has.band == "almost certain" and 0.95 <= has.p < 1
    assert will.cue == "will" and will.p == 0.99  # the survey's 100 % capped at ICD 203's 99 %
    negated = certainty(nlp, "The mayor has not resigned.")
    assert negated.p == pytest.approx(1 - has.p)


def test_a_frame_outside_the_content_governs_it(nlp):
    text = "It is not likely that the plant will reopen."
    c = certainty(nlp, text, "that the plant will reopen")
    assert c.cue == "not likely" and c.p == pytest.approx(0.25)


def test_a_reporting_verbs_hedge_does_not_reach_the_report(nlp):
    text = "The mayor probably said that the plan had passed."
    c = certainty(nlp, text, "that the plan had passed")
    assert c.basis.startswith("plain assertion")


def test_be_phrases_take_any_form_of_be(nlp):
    assert certainty(nlp, "The ministry was preparing to raise taxes.").cue == "was preparing to"
    assert certainty(nlp, "The plan is now set to pass.").cue == "is now set to"
    assert certainty(nlp, "Rain is expected to date.").basis.startswith("plain assertion")


def test_questions_and_conditions_estimate_nothing(nlp):
    assert certainty(nlp, "Will the mayor resign?") is None
    text = "If the mayor resigns, the council will meet."
    assert certainty(nlp, text, "the mayor resigns") is None


def test_a_noun_is_not_a_modal(nlp):
    c = certainty(nlp, "The will of the voters decides the matter.")
    assert c is None or c.cue != "will"


# --- ICD 203 words ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "word"),
    [
        (0.0, "almost no chance"),
        (0.01, "almost no chance"),
        (0.049, "almost no chance"),
        (0.05, "very unlikely"),
        (0.20, "unlikely"),
        (0.199, "very unlikely"),
        (0.45, "roughly even chance"),
        (0.5, "roughly even chance"),
        (0.55, "roughly even chance"),
        (0.551, "likely"),
        (0.80, "likely"),
        (0.801, "very likely"),
        (0.95, "very likely"),
        (0.951, "almost certain"),
        (0.99, "almost certain"),
        (1.0, "almost certain"),
    ],
)
def test_icd203_boundaries_belong_to_the_band_nearer_even(p, word):
    assert icd203_word(p) == word


def test_icd203_words_are_symmetric():
    mirror = {
        "almost no chance": "almost certain",
        "very unlikely": "very likely",
        "unlikely": "likely",
        "roughly even chance": "roughly even chance",
    }
    mirror |= {v: k for k, v in mirror.items()}
    for i in range(0, 1001):
        p = i / 1000
        assert icd203_word(1 - p) == mirror[icd203_word(p)], p


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_icd203_refuses_non_probabilities(bad):
    with pytest.raises(ValueError):
        icd203_word(bad)


# --- malformed lexicons ------------------------------------------------------------------------------------

HEADER = "phrase\tp\tlow\thigh\tn\tbasis\tsource\n"
GOOD = "likely\t0.75\t0.67\t0.8\t10\tsurvey\ta test\n"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("phrase\tp\tlow\thigh\tsource\n" + GOOD, ":1: header"),
        (HEADER + GOOD + "probably\tabout 0.7\t0.6\t0.8\t10\tsurvey\ta test\n", ":3: p is 'about 0.7'"),
        (HEADER + GOOD + "probably\t0.7\t0.8\t0.6\t10\tsurvey\ta test\n", ":3: low 0.8 > high 0.6"),
        (HEADER + GOOD + "probably\t70\t60\t80\t10\tsurvey\ta test\n", ":3: p = 70.0 is outside [0, 1]"),
        (HEADER + GOOD + "probably\t0.9\t0.6\t0.8\t10\tsurvey\ta test\n", ":3: p 0.9 is outside its range"),
        (HEADER + GOOD + "probably\t0.7\t0.6\t0.8\tmany\tsurvey\ta test\n", ":3: n is 'many'"),
    ],
)
def test_a_malformed_lexicon_names_file_and_line(tmp_path: Path, body: str, problem: str):
    path = tmp_path / "estimative.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconFileError) as err:
        load_lexicon(path)
    assert str(path) in str(err.value)
    assert problem in str(err.value)


def test_a_custom_lexicon_replaces_the_shipped_one(nlp, tmp_path: Path):
    path = tmp_path / "estimative.tsv"
    path.write_text(HEADER + GOOD.replace("0.75\t0.67\t0.8", "0.6\t0.5\t0.7"), encoding="utf-8")
    c = find_certainty(nlp("The strike is likely to end."), lexicon=path)
    assert (c.p, c.low, c.high) == (0.6, 0.5, 0.7)
