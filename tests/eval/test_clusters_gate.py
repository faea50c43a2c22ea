"""Eval gate: heuer's claim clusterer on FNC-1 competition-test story clusters.

The floor sits just under what the shipped parameters reach (bench/clusters.py prints the figures), and
the clusterer must beat the TF-IDF average-linkage baseline measured in the same run.
"""

from __future__ import annotations

from heuer.eval.clusters import evaluate
from tests.conftest import need_shared

MIN_BCUBED_F1 = 0.92


def test_claim_clusters_on_fnc_test():
    result = evaluate(need_shared("data", "fnc-1"), "test")
    assert result["clusters_gold"] == 110
    f1 = result["bcubed"]["f1"]
    assert f1 >= MIN_BCUBED_F1, result
    assert f1 > result["baselines"]["tfidf"]["bcubed"]["f1"], result
