"""Choose the claim clusterer's pair weights and threshold, and the TF-IDF baseline's threshold, on
FNC-1 train only (the competition test split is never read here).

1. Pair weights: logistic regression of "same story" on the clusterer's own three overlap figures
   (``heuer.link.cluster.pair_features``) over every pair of train headlines sharing a token, with the
   inverse document frequencies the clusterer uses when all train headlines come in one batch.
2. Threshold: the average-linkage threshold on a grid that maximises B-cubed F1 of the clusterer on train.
3. TF-IDF baseline: the same grid search for the baseline's cosine threshold.

Usage: python scripts/tune_clusters.py [FNC_DIR]; it prints the constants to paste into
``src/heuer/link/cluster.py`` and ``src/heuer/eval/clusters.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from heuer.eval.clusters import average_linkage, bcubed, heuer_labels, load_gold, tfidf_similarity
from heuer.link.cluster import ClaimClusterer, content_tokens, pair_features

GRID = [round(x, 3) for x in np.arange(0.05, 0.501, 0.025)]


def fit_pair_weights(headlines: list[str], gold: list[int]) -> tuple[list[float], float]:
    vocab: dict[str, int] = {}
    tokens = [[vocab.setdefault(t, len(vocab)) for t in content_tokens(h)] for h in headlines]
    rows = [i for i, ts in enumerate(tokens) for _ in ts]
    cols = [t for ts in tokens for t in ts]
    b = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(tokens), len(vocab)))
    df = np.asarray(b.sum(axis=0)).ravel()
    idf = np.log((len(tokens) + 1) / (df + 0.5))
    i, j = sparse.triu(b @ b.T, k=1).nonzero()
    x = np.stack(pair_features(b, b, i, j, idf), axis=1)
    labels = np.asarray(gold)
    y = labels[i] == labels[j]
    model = LogisticRegression(max_iter=1000).fit(x, y)
    return [round(float(w), 2) for w in model.coef_[0]], round(float(model.intercept_[0]), 2)


def main(fnc_dir: str) -> None:
    headlines, gold = load_gold(fnc_dir, "train")
    weights, bias = fit_pair_weights(headlines, gold)
    print(f"PAIR_WEIGHTS = {tuple(weights)}\nPAIR_BIAS = {bias}")
    best = max(
        (bcubed(gold, heuer_labels(headlines, ClaimClusterer(t, weights=weights, bias=bias)))[2], t)
        for t in GRID
    )
    print(f"THRESHOLD = {best[1]}  # train B-cubed F1 {best[0]:.4f}")
    sim = tfidf_similarity(headlines)
    base = max((bcubed(gold, average_linkage(sim, t))[2], t) for t in GRID)
    print(f"TFIDF_THRESHOLD = {base[1]}  # train B-cubed F1 {base[0]:.4f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "shared/data/fnc-1"))
