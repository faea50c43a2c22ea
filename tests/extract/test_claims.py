"""Claims: polarity with negation scope, mode, voice. Sentences written here, parsed by the real model."""

from __future__ import annotations

import pytest

from heuer.extract.claims import (
    asserts_something,
    commentary_markers,
    load_claim_cues,
    mode_of,
    polarity_of,
    proposition_text,
)
from heuer.lexicon import LexiconFileError


def pol(nlp, text):
    doc = nlp(text)
    p = polarity_of(doc[:])
    return p, proposition_text(doc, p)


def test_negated_evidence_is_about_the_embedded_proposition(nlp):
    p, prop = pol(nlp, "The ministry had not seen any indications that the rebels are moving north.")
    assert p.negated and p.evidential
    assert prop == "the rebels are moving north"
    assert p.negation == "had not seen any indications"


def test_existential_no_evidence(nlp):
    p, prop = pol(nlp, "There is no evidence that the vaccine caused the outbreak.")
    assert p.negated and p.evidential and prop == "the vaccine caused the outbreak"


def test_affirmed_evidence_stays_affirmed(nlp):
    p, prop = pol(nlp, "There are signs that the army is regrouping near the border.")
    assert not p.negated and p.evidential and prop == "the army is regrouping near the border"


def test_plain_negation_keeps_the_clause_without_not(nlp):
    p, prop = pol(nlp, "The company has not paid its suppliers since May.")
    assert p.negated and not p.evidential
    assert prop == "The company has paid its suppliers since May"


def test_negation_inside_a_complement_is_not_the_main_clause(nlp):
    doc = nlp("The mayor confirmed that the bridge did not collapse.")
    assert not polarity_of(doc[:]).negated


def test_affirmed_sentence(nlp):
    p, prop = pol(nlp, "The port reopened on Friday.")
    assert not p.negated and prop == "The port reopened on Friday"


@pytest.mark.parametrize(
    ("text", "cue", "voice", "mode"),
    [
        ("Will the talks resume next week?", None, "author", "question"),
        ("The council could approve the budget soon.", None, "author", "possibility"),
        ("The strike will end on Monday.", None, "author", "prediction"),
        ("the economy is slowing", "assess", "attributed", "assessment"),
        ("We should stop pretending the plan works.", None, "author", "opinion"),
        ("The port reopened on Friday.", None, "author", "reported_fact"),
    ],
)
def test_modes(nlp, text, cue, voice, mode):
    assert mode_of(nlp(text)[:], cue, voice) == mode


def test_commentary_markers_and_assertions(nlp):
    assert commentary_markers(nlp("Frankly, I think this is absurd!")[:]) >= 3
    assert commentary_markers(nlp("The port reopened on Friday.")[:]) == 0
    assert not asserts_something(nlp("How good is the army? Not very, says one expert:")[-8:])
    assert asserts_something(nlp("The port reopened on Friday after repairs.")[:])


def test_malformed_cue_lexicon_fails_loudly(tmp_path):
    bad = tmp_path / "cues.tsv"
    bad.write_text("phrase\tkind\tsource\nnot\tnegator\n", encoding="utf-8")
    with pytest.raises(LexiconFileError, match=r"cues.tsv:2: 2 columns, expected 3"):
        load_claim_cues(str(bad))
    bad.write_text("phrase\tkind\tsource\nnot\tnonsense\tx\n", encoding="utf-8")
    with pytest.raises(LexiconFileError, match="unknown kind"):
        load_claim_cues(str(bad))
    bad.write_text("word\tkind\tsource\n", encoding="utf-8")
    with pytest.raises(LexiconFileError, match="header"):
        load_claim_cues(str(bad))


def test_contracted_negation_leaves_a_readable_proposition(nlp):
    p, prop = pol(nlp, "The new law wouldn't change the tax rate.")
    assert p.negated and prop == "The new law would change the tax rate"


def test_negation_on_the_cue_negates_the_claim(nlp):
    from heuer.extract.claims import build_claims
    from heuer.model import Attribution

    text = "The inspectors have not found any proof that the plant leaked."
    doc = nlp(text)
    cue_start = text.index("have not found")
    content_start = text.index("any proof")
    att = Attribution(
        article_id="a",
        source=[(0, 14)],
        cue=[(cue_start, cue_start + len("have not found"))],
        content=[(content_start, len(text) - 1)],
        kind="indirect",
        cue_lemma="find",
    )
    claims = build_claims(doc, [att], "a")
    first = claims[0]
    assert first.polarity == "negated" and first.negation == "have not found"
    assert first.voice == "attributed" and first.attribution == 0


def test_evidence_frame_that_starts_at_the_noun(nlp):
    p, prop = pol(nlp, "any evidence that the cranes were damaged")
    assert p.evidential and prop == "the cranes were damaged"


def test_quoted_first_person_is_not_the_authors_voice(nlp):
    assert commentary_markers(nlp('"We are nearly done," said the harbour master.')[:]) == 0
    assert commentary_markers(nlp("We are nearly done, I think.")[:]) >= 2
