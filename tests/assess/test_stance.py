"""The stance model on pairs written here: a text that backs the statement, one that refutes it, one
about something else; the loader's choice between the semantic and lexical models; the batch shape.
The feature helpers (sentence splitting, stemming, cues, the embedding cache) are tested without a model.
"""

from __future__ import annotations

import numpy as np
import pytest

from heuer.assess import stance_features as sf
from heuer.assess.stance import LABELS, StanceModel, StancePrediction, decide
from heuer.link.semantic import available

STATEMENT = "Giant squid washed up on beach in Perth"
AGREE = (
    "Marine biologists in Perth confirmed on Monday that a giant squid had washed up on the city's main "
    "beach. The squid, which measured eight metres, was found by a jogger at dawn. Scientists from the "
    "university said the giant squid was the largest ever found on the beach in Perth."
)
REFUTE = (
    "Reports that a giant squid washed up on a beach in Perth are false. The photo that went viral on "
    "Monday is a hoax. Marine scientists at the university said no squid was found and the image had been "
    "doctored. The picture was taken from a film, they said, and the story has been debunked."
)
UNRELATED = (
    "The central bank raised its interest rate by a quarter point on Thursday, citing inflation in the "
    "housing market. Economists had expected the move. Mortgage lenders said repayments would rise."
)
KINDS = ["lexical"] + (["semantic"] if available() else [])


@pytest.fixture(scope="module", params=KINDS)
def model(request) -> StanceModel:
    return StanceModel.load(request.param)


def test_predictions_on_clear_pairs(model):
    agree, refute, other = model.predict([(STATEMENT, AGREE), (STATEMENT, REFUTE), (STATEMENT, UNRELATED)])
    assert other.label == "unrelated", other
    assert agree.label == "agree", agree
    assert refute.label == "disagree", refute
    assert refute.probs["disagree"] > agree.probs["disagree"]


def test_batch_shape_and_probabilities(model):
    pairs = [(STATEMENT, AGREE), (STATEMENT, UNRELATED), ("", ""), (STATEMENT, "Short text.")] * 3
    out = model.predict(pairs)
    assert len(out) == len(pairs)
    for p in out:
        assert isinstance(p, StancePrediction)
        assert p.label in LABELS
        assert set(p.probs) == set(LABELS)
        assert sum(p.probs.values()) == pytest.approx(1.0, abs=1e-6)
    assert [p.label for p in out[:4]] == [p.label for p in out[4:8]]
    assert model.predict([]) == []


def test_single_sentence_text(model):
    [p] = model.predict([("The mayor resigned", "The mayor did not resign, her office said.")])
    assert p.label != "unrelated", p


def test_loader_picks_by_extra(monkeypatch):
    import heuer.link.semantic as semantic

    monkeypatch.setattr(semantic, "available", lambda: False)
    assert StanceModel.load("auto").kind == "lexical"
    with pytest.raises(ImportError, match="pip install"):
        StanceModel.load("semantic")
    monkeypatch.setattr(semantic, "available", lambda: True)
    assert StanceModel.load("auto").kind == "semantic"  # loading does not import the extra
    assert StanceModel.load("lexical") is StanceModel.load("lexical")
    with pytest.raises(ValueError, match="unknown"):
        StanceModel.load("neural")  # type: ignore[arg-type]


def test_decide_weights_move_the_choice():
    probs = np.array([[0.5, 0.3, 0.1, 0.1], [0.0, 0.0, 0.2, 0.8]])
    assert decide(probs, [1, 1, 1, 1]) == ["agree", "unrelated"]
    assert decide(probs, [1, 2, 1, 1]) == ["disagree", "unrelated"]
    assert decide(np.zeros((0, 4)), [1, 1, 1, 1]) == []


def test_split_sentences_and_tokens():
    text = "He said it is over. Then he left.\n\nU.S. officials (in Kyiv) disagreed! 3 more died."
    assert sf.split_sentences(text) == [
        "He said it is over.",
        "Then he left.",
        "U.S. officials (in Kyiv) disagreed!",
        "3 more died.",
    ]
    assert sf.split_sentences("no end here") == ["no end here"]
    assert "not" in sf.tokens("It isn't true")
    assert {sf.stem(w) for w in ("denies", "denied", "deny")} == {"deny"}


def test_cue_counts_use_the_lexicon():
    counts = dict(
        zip(sf.CUE_KINDS, sf.cue_counts(sf.tokens("The report is a hoax, not true, allegedly")), strict=True)
    )
    assert counts["refute"] >= 2  # "hoax", "not true" (and the baseline's "not")
    assert counts["negation"] == 1
    assert counts["hedge"] == 1


def test_embedding_cache_embeds_each_text_once(tmp_path):
    calls: list[list[str]] = []

    def fake_embed(texts):
        calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    cache = sf.EmbeddingCache(tmp_path)
    first = cache.lookup(["a", "bb", "a"], fake_embed)
    assert first.shape == (3, 2) and first[0, 0] == first[2, 0] == 1
    again = sf.EmbeddingCache(tmp_path).lookup(["bb", "a"], fake_embed)
    assert again[:, 0].tolist() == [2, 1]
    assert len(calls) == 1 and sorted(calls[0]) == ["a", "bb"]
