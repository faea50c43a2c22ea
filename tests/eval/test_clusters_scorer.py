"""Cluster scores on tiny clusterings whose answers are worked out by hand."""

from __future__ import annotations

import csv

import pytest

from heuer.eval.clusters import ari, bcubed, load_gold, pairwise_f1, render_table, scores


def test_perfect_clustering_scores_one_whatever_the_label_names():
    gold = [0, 0, 1, 1, 2]
    pred = [7, 7, 3, 3, 9]
    assert bcubed(gold, pred) == (1.0, 1.0, 1.0)
    assert pairwise_f1(gold, pred) == 1.0
    assert ari(gold, pred) == pytest.approx(1.0)


def test_bcubed_by_hand():
    # gold {a,b,c} {d}; predicted {a,b} {c,d}
    gold = [0, 0, 0, 1]
    pred = [0, 0, 1, 1]
    p, r, f1 = bcubed(gold, pred)
    # precision: a 1, b 1, c 1/2, d 1/2 -> 3/4; recall: a 2/3, b 2/3, c 1/3, d 1 -> 2/3
    assert p == pytest.approx(0.75)
    assert r == pytest.approx(2 / 3)
    assert f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_pairwise_f1_by_hand():
    # gold pairs: ab ac bc; predicted pairs: ab cd; shared: ab -> P 1/2, R 1/3, F1 0.4
    assert pairwise_f1([0, 0, 0, 1], [0, 0, 1, 1]) == pytest.approx(0.4)


def test_singletons_and_one_big_cluster():
    gold = [0, 0, 1, 1]
    assert bcubed(gold, [0, 1, 2, 3]) == pytest.approx((1.0, 0.5, 2 / 3))
    assert bcubed(gold, [0, 0, 0, 0]) == pytest.approx((0.5, 1.0, 2 / 3))
    assert pairwise_f1(gold, [0, 1, 2, 3]) == 0.0
    assert ari(gold, [0, 1, 2, 3]) == pytest.approx(0.0)


def test_ari_by_hand():
    # contingency [[2,0],[1,1]] -> index 1, expected 3*2/6 = 1, max (3+2)/2 = 2.5 -> ARI 0
    assert ari([0, 0, 1, 1], [0, 0, 0, 1]) == pytest.approx(0.0)


def test_gold_is_components_of_related_pairs(tmp_path):
    rows = [
        ("Dam opened", "1", "agree"),
        ("Dams opened in Gaza", "1", "discuss"),
        ("Dams opened in Gaza", "2", "disagree"),
        ("Floods in Gaza", "2", "agree"),
        ("Lizard escapes", "3", "agree"),
        ("Lizard escapes", "1", "unrelated"),
    ]
    with (tmp_path / "train_stances.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows(rows)
    headlines, labels = load_gold(tmp_path, "train")
    assert headlines == ["Dam opened", "Dams opened in Gaza", "Floods in Gaza", "Lizard escapes"]
    assert labels[0] == labels[1] == labels[2] != labels[3]


def test_render_table_has_all_methods():
    s = scores([0, 0, 1], [0, 0, 1])
    result = {**s, "split": "x", "headlines": 3, "clusters_gold": 2, "clusters_predicted": 2}
    result["baselines"] = {"singletons": s, "tfidf": {**s, "threshold": 0.15}}
    table = render_table(result)
    assert table.row_count == 3
