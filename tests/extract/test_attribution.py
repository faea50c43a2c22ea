"""Attribution extraction on sentences written here, one construction a test, plus the PolNeAR dev gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from heuer.eval.attribution import load_gold, score
from heuer.extract.attribution import (
    ACCURATE,
    attributions_from_table,
    encoder_for,
    extract_attributions,
    predict_article,
    to_gold,
)
from heuer.extract.attribution_features import LexiconError, default_lexicon, load_cue_lexicon
from heuer.extract.attribution_tokens import from_doc
from heuer.model import Attribution
from tests.conftest import need_shared


def run(nlp, text: str) -> tuple[str, list[Attribution]]:
    return text, extract_attributions(nlp(text), "t")


def seg(text: str, segs) -> str:
    return " | ".join(text[s:e] for s, e in segs or [])


def find(text: str, atts: list[Attribution], cue: str) -> Attribution:
    for a in atts:
        if cue in seg(text, a.cue):
            return a
    raise AssertionError(f"no attribution with cue {cue!r}: {[seg(text, a.cue) for a in atts]}")


def test_direct_quote(nlp):
    text, atts = run(nlp, "“We will finish the bridge before the winter,” the mayor said on Monday.")
    a = find(text, atts, "said")
    assert seg(text, a.content) == "“We will finish the bridge before the winter,”"
    assert seg(text, a.source) == "the mayor"
    assert a.kind == "direct" and a.cue_lemma == "say"


def test_split_quote_across_sentences(nlp):
    text, atts = run(
        nlp, "“The budget is tight this year,” she said. “We will have to cancel the summer parade.”"
    )
    a = find(text, atts, "said")
    content = seg(text, a.content)
    assert "The budget is tight" in content and "cancel the summer parade" in content
    assert a.kind == "direct"


def test_quote_continuing_the_previous_speaker(nlp):
    text, atts = run(
        nlp,
        "The harbour master, Ruth Okafor, spoke to reporters on the quay.\n\n"
        "“Nobody wants the ferries to stop,” Okafor said. “The boats are old. The engines are older.”",
    )
    a = find(text, atts, "said")
    assert "The engines are older" in seg(text, a.content)
    assert "Okafor" in seg(text, a.source)


def test_indirect_speech_includes_that(nlp):
    text, atts = run(nlp, "The port authority said that the ferry would resume service on Friday.")
    a = find(text, atts, "said")
    assert seg(text, a.content) == "that the ferry would resume service on Friday"
    assert seg(text, a.source) == "The port authority"
    assert a.kind == "indirect"


@pytest.mark.xfail(reason="the shipped cue tagger misses this noun cue", strict=False)
def test_noun_cue(nlp):
    text, atts = run(
        nlp, "The ministry repeated its assessment that grain prices would keep rising until May."
    )
    a = find(text, atts, "assessment")
    assert seg(text, a.content).startswith("that grain prices would keep rising")


def test_according_to(nlp):
    text, atts = run(nlp, "According to the weather service, the storm will reach the coast tonight.")
    a = find(text, atts, "According to")
    assert "the storm will reach the coast" in seg(text, a.content)
    assert seg(text, a.source) == "the weather service"


def test_belief_and_assessment(nlp):
    text, atts = run(nlp, "The agency assesses that the drought will last for another year.")
    a = find(text, atts, "assesses")
    assert seg(text, a.content) == "that the drought will last for another year"
    assert seg(text, a.source) == "The agency"
    text, atts = run(nlp, "Investigators said the fire is believed to have started in the kitchen.")
    assert any("believed" in seg(text, a.cue) or "said" in seg(text, a.cue) for a in atts)


def test_source_after_the_cue(nlp):
    text, atts = run(nlp, "The ferry will not run on Sunday, a spokeswoman for the port said.")
    a = find(text, atts, "said")
    assert seg(text, a.source) == "a spokeswoman for the port"
    assert "The ferry will not run on Sunday" in seg(text, a.content)


def test_indirect_content_stops_before_the_period(nlp):
    text, atts = run(nlp, "The harbour board said the new pier would open in the spring.")
    a = find(text, atts, "said")
    assert seg(text, a.content) == "the new pier would open in the spring"


def test_content_stays_in_the_cue_paragraph(nlp):
    text, atts = run(
        nlp,
        "“The tunnel will close for a week,” the engineer said.\n\n"
        "The city council met on Thursday to discuss the bus timetable.",
    )
    a = find(text, atts, "said")
    assert seg(text, a.content) == "“The tunnel will close for a week,”"
    assert seg(text, a.source) == "the engineer"


def test_passive_without_source(nlp):
    text, atts = run(nlp, "It was announced on Tuesday that the museum would close for repairs.")
    a = find(text, atts, "announced")
    assert a.source is None
    assert "the museum would close for repairs" in seg(text, a.content)


def test_intermediary(nlp):
    text, atts = run(nlp, "Two senior officials told the Daily Planet that the minister would resign.")
    a = find(text, atts, "told")
    assert a.via == "the Daily Planet"
    assert "the minister would resign" in seg(text, a.content)
    assert "officials" in seg(text, a.source)


def test_pronoun_source_is_resolved(nlp):
    text, atts = run(
        nlp,
        "Maria Lopez warned on Monday that the pension fund was nearly empty. "
        "She said the council had ignored every warning.",
    )
    a = find(text, atts, "said")
    assert seg(text, a.source) == "She"
    assert seg(text, a.resolved_from) == "Maria Lopez"


def test_predict_article_returns_the_gold_format(nlp):
    out = predict_article("The council said that the road would reopen next week.", nlp)
    assert out and set(out[0]) == {"source", "cue", "content", "kind"}
    assert all(isinstance(s, list) and len(s) == 2 for s in out[0]["cue"])


def test_shipped_lexicon_loads():
    lex = default_lexicon()
    assert "say" in lex.verbs and "assessment" in lex.nouns and ("according", "to") in lex.phrases


def test_malformed_lexicon_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "cues.tsv"
    path.write_text("cue\tkind\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="header"):
        load_cue_lexicon(path)
    path.write_text("cue\tkind\tsource\nsay\tverb\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cues.tsv:2: expected 3"):
        load_cue_lexicon(path)
    path.write_text("cue\tkind\tsource\nsay\tadverb\tmine\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="kind must be one of"):
        load_cue_lexicon(path)


# what the shipped model must keep on PolNeAR dev (a little below what it reaches), and the bars it is
# meant to reach; the second test is an expected failure until a model reaches them
GATE = {"source": 0.725, "cue": 0.68, "content": 0.575, "relation": 0.69}
BARS = {"source": 0.76, "cue": 0.72, "content": 0.62, "relation": 0.75}


# the accurate mode's gate (the semantic extra): what it reaches on dev, a little lower
ACCURATE_GATE = {"source": 0.735, "cue": 0.68, "content": 0.578, "relation": 0.69}


@pytest.fixture(scope="module")
def dev_parsed(nlp):
    """PolNeAR dev, parsed once for both modes."""
    gold = load_gold(need_shared("data", "polnear", "dev.jsonl"))
    tables = [from_doc(doc) for doc in nlp.pipe([d["text"] for d in gold], batch_size=16)]
    return gold, tables


def _dev_scores(gold, tables, encoder=None) -> dict[str, float]:
    preds = [
        {"id": d["id"], "attributions": [to_gold(a) for a in attributions_from_table(t, encoder=encoder)]}
        for d, t in zip(gold, tables, strict=True)
    ]
    result = score(gold, preds)
    span = result["span"]
    return {
        "source": span["source"]["exact"]["f1"],
        "cue": span["cue"]["exact"]["f1"],
        "content": span["content"]["exact"]["f1"],
        "relation": result["relation"]["overall"]["f1"],
    }


@pytest.fixture(scope="module")
def dev_scores(dev_parsed):
    return _dev_scores(*dev_parsed)


@pytest.mark.slow
def test_eval_gate_on_polnear_dev(dev_scores):
    low = {k: v for k, v in dev_scores.items() if v < GATE[k]}
    assert not low, f"below the gate: {low} (all: {dev_scores})"


@pytest.mark.slow
@pytest.mark.xfail(
    reason="the shipped model is below the target bars on PolNeAR dev (0.736 / 0.689 / 0.586 / 0.699)",
    strict=False,
)
def test_target_bars_on_polnear_dev(dev_scores):
    low = {k: v for k, v in dev_scores.items() if v < BARS[k]}
    assert not low, f"below the bars: {low}"


@pytest.mark.slow
def test_accurate_mode_gate_on_polnear_dev(dev_parsed, dev_scores):
    from heuer.extract import attribution_encoder

    if not attribution_encoder.available():
        pytest.skip(f"accurate mode unavailable: {attribution_encoder.missing()}")
    accurate = _dev_scores(*dev_parsed, encoder=encoder_for(ACCURATE))
    low = {k: v for k, v in accurate.items() if v < ACCURATE_GATE[k]}
    assert not low, f"below the gate: {low} (all: {accurate})"
    # the accurate mode is worth its cost only while it is not worse than the fast one anywhere
    worse = {k: (v, dev_scores[k]) for k, v in accurate.items() if v < dev_scores[k] - 0.002}
    assert not worse, f"accurate below fast: {worse}"


def test_a_content_segment_holding_another_attributions_cue_is_dropped():
    from heuer.extract.attribution import RawAttribution, _without_foreign_segments

    # token spans: "The sources(0,2) stressed(2,3) that X(3,9) , and an official(10,13) said(13,14) Y(14,20)"
    stressed = RawAttribution(cue=(2, 3), source=(0, 2), content=[(3, 9)])
    said = RawAttribution(cue=(13, 14), source=(11, 13), content=[(0, 9), (14, 20)])
    cleaned = _without_foreign_segments(said, [stressed, said])
    assert cleaned.content == [(14, 20)]
    # a split quote's first part holds no other cue and stays
    split = RawAttribution(cue=(5, 6), source=(4, 5), content=[(0, 4), (7, 12)])
    assert _without_foreign_segments(split, [split]).content == [(0, 4), (7, 12)]
    assert _without_foreign_segments(stressed, [stressed, said]) is stressed
