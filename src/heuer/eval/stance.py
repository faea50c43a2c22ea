"""Scores of the stance model on FNC-1: the official FNC score, per-class and macro F1, speed.

The FNC score gives +0.25 for each pair whose related/unrelated decision is right and +0.75 more for a
related pair whose exact label is right, reported as a percentage of the best possible score. It rewards
the easy related/unrelated split and hides the rare classes (1.7% of the test pairs are "disagree"), so
macro-F1 over the four labels is reported beside it: that is where a model that never says "disagree"
shows.

``evaluate_stance`` scores the shipped model on the competition test pairs, which no training or tuning
step reads (``scripts/train_stance.py`` chooses everything on a story split of train).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from rich.table import Table

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(LABELS[:3])
TEST_FILES = ("competition_test_bodies.csv", "competition_test_stances.csv")
TRAIN_FILES = ("train_bodies.csv", "train_stances.csv")


def fnc_raw(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """The FNC score of ``predicted`` and the best score possible on ``gold``."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        g_rel, p_rel = g in RELATED, p in RELATED
        best += 1.0 if g_rel else 0.25
        if g_rel == p_rel:
            score += 0.25
            if g_rel and g == p:
                score += 0.75
    return score, best


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The FNC score as a percentage of the maximum (100.0 for an empty list)."""
    score, best = fnc_raw(gold, predicted)
    return 100.0 * score / best if best else 100.0


def per_class(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of each label (0.0 where undefined)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    out = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = {"p": p, "r": r, "f1": f1}
    return out


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The unweighted mean of the four labels' F1."""
    scores = per_class(gold, predicted)
    return sum(s["f1"] for s in scores.values()) / len(LABELS)


def load_pairs(
    fnc_dir: Path | str, split: Literal["train", "test"] = "test"
) -> tuple[list[tuple[str, str]], list[str]]:
    """(headline, body) pairs and their gold labels, in file order; ValueError naming what is missing."""
    root = Path(fnc_dir)
    if not root.is_dir():
        raise ValueError(f"{root}: not a directory (expected the FNC-1 data folder)")
    bodies_name, stances_name = TEST_FILES if split == "test" else TRAIN_FILES
    for name in (bodies_name, stances_name):
        if not (root / name).is_file():
            raise ValueError(f"{root / name}: missing (expected the FNC-1 {split} CSVs in {root})")
    with (root / bodies_name).open(encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    pairs, gold = [], []
    with (root / stances_name).open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            if row.get("Stance") not in LABELS or row.get("Body ID") not in bodies:
                raise ValueError(f"{root / stances_name}:{number}: unknown stance or Body ID")
            pairs.append((row["Headline"], bodies[row["Body ID"]]))
            gold.append(row["Stance"])
    return pairs, gold


def score(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """FNC score, macro-F1 and per-class figures, rounded for reports."""
    classes = per_class(gold, predicted)
    return {
        "fnc_score": round(fnc_score(gold, predicted), 2),
        "macro_f1": round(sum(c["f1"] for c in classes.values()) / len(LABELS), 4),
        "per_class": {k: {m: round(v, 4) for m, v in c.items()} for k, c in classes.items()},
    }


def evaluate_stance(
    fnc_dir: Path | str,
    kind: Literal["auto", "semantic", "lexical"] = "auto",
    *,
    embedding_cache: Path | str | None = None,
) -> dict:
    """Score the shipped stance model on the FNC-1 competition test.

    ``embedding_cache`` (a folder) keeps the sentence vectors of the test bodies between runs, which is
    most of the semantic model's time; the figures are the same with or without it.
    """
    from heuer.assess.stance import StanceModel

    pairs, gold = load_pairs(fnc_dir, "test")
    model = StanceModel.load(kind)
    t0 = time.perf_counter()
    predicted = [p.label for p in model.predict(pairs, embedding_cache=embedding_cache)]
    seconds = time.perf_counter() - t0
    return {
        **score(gold, predicted),
        "pairs_per_s": round(len(pairs) / seconds, 1) if seconds else 0.0,
        "model": model.kind,
        "pairs": len(pairs),
    }


def stance_table(result: dict, title: str | None = None) -> Table:
    """The result of ``evaluate_stance`` as a table: one row per label, then the summary figures."""
    table = Table(
        title=title
        or (
            f"stance ({result.get('model', '?')}): FNC score {result['fnc_score']:.2f}, "
            f"macro-F1 {result['macro_f1']:.3f}"
        )
    )
    table.add_column("label")
    for col in ("precision", "recall", "F1"):
        table.add_column(col, justify="right")
    for label in LABELS:
        c = result["per_class"][label]
        table.add_row(label, f"{c['p']:.3f}", f"{c['r']:.3f}", f"{c['f1']:.3f}")
    table.add_section()
    table.add_row("macro-F1", "", "", f"{result['macro_f1']:.3f}")
    table.add_row("FNC score %", "", "", f"{result['fnc_score']:.2f}")
    if "pairs" in result:
        table.add_row("pairs", "", "", f"{result['pairs']:,}")
    if "pairs_per_s" in result:
        table.add_row("pairs/s", "", "", f"{result['pairs_per_s']:,.1f}")
    return table
