"""Story clusters from FNC-1, and the scores of heuer's claim clusterer against them.

Gold. In FNC-1 a headline is "related" (agree, disagree or discuss) to the bodies of its own story and
"unrelated" to bodies of other stories. So the headlines related to one body tell one story, and the
connected components of the related (headline, body) graph are the gold story clusters: 191 in train
and 110 in the competition test. The nodes are the distinct headlines that occur in at least one
related pair. A headline seen only in unrelated pairs would carry no story and would be left out; in
both splits every headline has at least one related pair, so none is.

Scores. B-cubed precision, recall and F1 (per item: the share of its predicted cluster that is in its
gold cluster, and the reverse; averaged over items), pairwise F1 (over pairs of items put together),
and the adjusted Rand index. Two baselines are measured in the same run: every headline alone, and
TF-IDF cosine with average linkage at a threshold chosen on train.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rich.table import Table

from heuer.link.cluster import ClaimClusterer, ClaimRef
from heuer.unionfind import UnionFind

SPLITS = {"train": "train_stances.csv", "test": "competition_test_stances.csv"}

# Chosen on FNC-1 train only (scripts/tune_clusters.py): the cosine threshold at which TF-IDF average
# linkage reaches its best B-cubed F1 on train.
TFIDF_THRESHOLD = 0.15


def load_gold(fnc_dir: Path | str, split: str = "test") -> tuple[list[str], list[int]]:
    """Distinct related headlines (sorted) and their gold story label (0-based, by first headline)."""
    path = Path(fnc_dir) / SPLITS[split]
    uf = UnionFind()
    headlines: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Stance"] == "unrelated":
                continue
            uf.union(("b", row["Body ID"]), ("h", row["Headline"]))
            headlines.add(row["Headline"])
    ordered = sorted(headlines)
    ids: dict[tuple[str, str], int] = {}
    labels = [ids.setdefault(uf.find(("h", h)), len(ids)) for h in ordered]
    return ordered, labels


# --- scores ---------------------------------------------------------------------------------------


def _contingency(
    gold: Sequence[int], predicted: Sequence[int]
) -> tuple[dict[tuple[int, int], int], dict[int, int], dict[int, int]]:
    """Items per (gold, predicted) cell, per gold cluster and per predicted cluster."""
    joint: dict[tuple[int, int], int] = defaultdict(int)
    gsize: dict[int, int] = defaultdict(int)
    psize: dict[int, int] = defaultdict(int)
    for g, p in zip(gold, predicted, strict=True):
        joint[g, p] += 1
        gsize[g] += 1
        psize[p] += 1
    return joint, gsize, psize


def bcubed(gold: Sequence[int], predicted: Sequence[int]) -> tuple[float, float, float]:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted label different numbers of items")
    if not gold:
        return 1.0, 1.0, 1.0
    joint, gsize, psize = _contingency(gold, predicted)
    # every item in cell (g, p) sees the same overlap, so sum per cell
    precision = sum(n * n / psize[p] for (_, p), n in joint.items()) / len(gold)
    recall = sum(n * n / gsize[g] for (g, _), n in joint.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pairwise_f1(gold: Sequence[int], predicted: Sequence[int]) -> float:
    """F1 over unordered item pairs that a clustering puts in one cluster."""

    def pairs(counts: dict) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    joint, gsize, psize = _contingency(gold, predicted)
    both, gold_pairs, pred_pairs = pairs(joint), pairs(gsize), pairs(psize)
    if gold_pairs == 0 and pred_pairs == 0:
        return 1.0
    if both == 0:
        return 0.0
    p, r = both / pred_pairs, both / gold_pairs
    return 2 * p * r / (p + r)


def ari(gold: Sequence[int], predicted: Sequence[int]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(list(gold), list(predicted)))


def scores(gold: Sequence[int], predicted: Sequence[int]) -> dict:
    p, r, f1 = bcubed(gold, predicted)
    return {
        "bcubed": {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)},
        "pairwise_f1": round(pairwise_f1(gold, predicted), 4),
        "ari": round(ari(gold, predicted), 4),
    }


# --- clusterings ----------------------------------------------------------------------------------


def heuer_labels(headlines: Sequence[str], clusterer: ClaimClusterer | None = None) -> list[int]:
    """heuer's clusterer on the headlines, each one claim of its own article, added in one batch."""
    if clusterer is None:
        clusterer = ClaimClusterer()
    refs = [ClaimRef(key=f"h{i:06d}", article_id=f"h{i:06d}", proposition=h) for i, h in enumerate(headlines)]
    out = clusterer.add(refs)
    return [out[r.key] for r in refs]


def tfidf_similarity(headlines: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(list(headlines))
    return (x @ x.T).toarray()


def average_linkage(similarity: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage clusters of a similarity matrix, merging while the mean similarity >= threshold."""
    from sklearn.cluster import AgglomerativeClustering

    if len(similarity) < 2:
        return list(range(len(similarity)))
    distance = 1.0 - np.clip(similarity, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold
    )
    return [int(x) for x in model.fit_predict(distance)]


def evaluate(fnc_dir: Path | str, split: str = "test", method: str = "lexical") -> dict:
    """heuer's clusterer and both baselines on one split's gold story clusters.

    ``method`` picks the clusterer's pair similarity (``ClaimClusterer(method=...)``); "semantic" needs
    the ``semantic`` extra. Baselines are the same whichever method is scored, so runs compare directly.
    """
    headlines, gold = load_gold(fnc_dir, split)
    predicted = heuer_labels(headlines, ClaimClusterer(method=method))
    result = scores(gold, predicted)
    tfidf = scores(gold, average_linkage(tfidf_similarity(headlines), TFIDF_THRESHOLD))
    tfidf["threshold"] = TFIDF_THRESHOLD
    result["baselines"] = {"singletons": scores(gold, list(range(len(gold)))), "tfidf": tfidf}
    result["split"] = split
    result["method"] = method
    result["headlines"] = len(headlines)
    result["clusters_gold"] = len(set(gold))
    result["clusters_predicted"] = len(set(predicted))
    return result


def render_table(result: dict) -> Table:
    table = Table(
        title=(
            f"Claim clusters, FNC-1 {result['split']}: {result['headlines']} headlines, "
            f"{result['clusters_gold']} gold / {result['clusters_predicted']} predicted clusters"
        )
    )
    table.add_column("method")
    for col in ("B3 P", "B3 R", "B3 F1", "pairwise F1", "ARI"):
        table.add_column(col, justify="right")
    rows = [
        (f"heuer ({result.get('method', 'lexical')})", result),
        ("singletons", result["baselines"]["singletons"]),
        (f"TF-IDF avg-link @{result['baselines']['tfidf']['threshold']}", result["baselines"]["tfidf"]),
    ]
    for name, m in rows:
        b = m["bcubed"]
        table.add_row(
            name,
            f"{b['p']:.3f}",
            f"{b['r']:.3f}",
            f"{b['f1']:.3f}",
            f"{m['pairwise_f1']:.3f}",
            f"{m['ari']:.3f}",
        )
    return table
