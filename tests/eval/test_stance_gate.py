"""Eval gate: the shipped stance model on the FNC-1 competition test, and the scorers on hand-made lists.

The floors sit just under what the shipped models reach (bench/stance.py prints the current figures); the
gate checks the model that ``StanceModel.load("auto")`` picks here, so each kind has its own pins. The
semantic model's sentence vectors of the test bodies are kept in a disk cache (HEUER_STANCE_CACHE, by
default /tmp/heuer_stance_cache), so only the first run on a machine pays for embedding them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from heuer.eval.stance import evaluate_stance, fnc_score, macro_f1, per_class, stance_table
from tests.conftest import need_shared

# kind: (FNC score %, macro-F1, disagree F1)
PINS = {
    "semantic": (84.0, 0.63, 0.22),  # reached 84.45, 0.641, 0.243
    "lexical": (82.8, 0.61, 0.20),  # reached 83.27, 0.625, 0.222
}
CACHE = Path(os.environ.get("HEUER_STANCE_CACHE", "/tmp/heuer_stance_cache")) / "embeddings"


def test_stance_model_on_fnc_test():
    result = evaluate_stance(need_shared("data", "fnc-1"), "auto", embedding_cache=CACHE)
    min_fnc, min_macro, min_disagree = PINS[result["model"]]
    assert result["pairs"] == 25413
    assert result["fnc_score"] >= min_fnc, result
    assert result["macro_f1"] >= min_macro, result
    assert result["per_class"]["disagree"]["f1"] >= min_disagree, result
    assert set(result) == {"fnc_score", "macro_f1", "per_class", "pairs_per_s", "model", "pairs"}
    assert stance_table(result).row_count == 8


def test_missing_data_names_the_path(tmp_path):
    with pytest.raises(ValueError, match=str(tmp_path / "nope")):
        evaluate_stance(tmp_path / "nope")
    with pytest.raises(ValueError, match="competition_test_bodies.csv"):
        evaluate_stance(tmp_path)


def test_fnc_score_by_hand():
    gold = ["agree", "disagree", "discuss", "unrelated"]
    # best: 1 + 1 + 1 + 0.25 = 3.25
    assert fnc_score(gold, gold) == 100.0
    # agree->discuss 0.25, disagree->unrelated 0, discuss right 1, unrelated->agree 0: 1.25 / 3.25
    assert fnc_score(gold, ["discuss", "unrelated", "discuss", "agree"]) == pytest.approx(100 * 1.25 / 3.25)
    assert fnc_score(["unrelated"] * 4, ["unrelated"] * 4) == 100.0
    assert fnc_score([], []) == 100.0
    with pytest.raises(ValueError):
        fnc_score(gold, gold[:2])


def test_f1_by_hand():
    gold = ["agree", "agree", "disagree", "discuss", "unrelated", "unrelated"]
    pred = ["agree", "discuss", "disagree", "discuss", "unrelated", "agree"]
    scores = per_class(gold, pred)
    # agree: tp 1, predicted 2, gold 2 -> p = r = f1 = 0.5
    assert scores["agree"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    assert scores["disagree"]["f1"] == 1.0
    # discuss: tp 1, predicted 2, gold 1 -> p 0.5, r 1, f1 2/3
    assert scores["discuss"]["f1"] == pytest.approx(2 / 3)
    # unrelated: tp 1, predicted 1, gold 2 -> p 1, r 0.5, f1 2/3
    assert scores["unrelated"]["f1"] == pytest.approx(2 / 3)
    assert macro_f1(gold, pred) == pytest.approx((0.5 + 1 + 2 / 3 + 2 / 3) / 4)
    assert macro_f1(["agree"], ["disagree"]) == 0.0
