"""Choose the claim clusterer's pair weights and threshold, and the TF-IDF baseline's threshold, on
FNC-1 train only (the competition test split is never read here).

1. Pair weights: logistic regression of "same story" on the clusterer's own three overlap figures
   (``heuer.link.cluster.pair_features``) over every pair of train headlines sharing a token, with the
   inverse document frequencies the clusterer uses when all train headlines come in one batch. With
   ``--method semantic`` the embedding cosine is a fourth figure, and pairs whose embedding cosine
   reaches ``EMBED_MIN`` are fitted on too, since the semantic clusterer scores those as well.
2. Threshold: the average-linkage threshold on a grid that maximises B-cubed F1 of the clusterer on train.
3. TF-IDF baseline: the same grid search for the baseline's cosine threshold.

Usage: python scripts/tune_clusters.py [FNC_DIR] [--method lexical|semantic]; it prints the constants to
paste into ``src/heuer/link/cluster.py`` and ``src/heuer/eval/clusters.py``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from heuer.eval.clusters import average_linkage, bcubed, heuer_labels, load_gold, tfidf_similarity
from heuer.link.cluster import EMBED_MIN, ClaimClusterer, content_tokens, pair_features

GRID = [round(x, 3) for x in np.arange(0.05, 0.501, 0.025)]


def fit_pair_weights(
    headlines: list[str], gold: list[int], embeddings: np.ndarray | None = None
) -> tuple[list[float], float]:
    vocab: dict[str, int] = {}
    tokens = [[vocab.setdefault(t, len(vocab)) for t in content_tokens(h)] for h in headlines]
    rows = [i for i, ts in enumerate(tokens) for _ in ts]
    cols = [t for ts in tokens for t in ts]
    b = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(tokens), len(vocab)))
    df = np.asarray(b.sum(axis=0)).ravel()
    idf = np.log((len(tokens) + 1) / (df + 0.5))
    candidates = b @ b.T
    if embeddings is not None:
        close = sparse.csr_matrix(embeddings @ embeddings.T >= EMBED_MIN)
        candidates = candidates + close
    i, j = sparse.triu(candidates, k=1).nonzero()
    features = list(pair_features(b, b, i, j, idf))
    if embeddings is not None:
        features.append(np.einsum("ij,ij->i", embeddings[i], embeddings[j]).astype(np.float64))
    x = np.stack(features, axis=1)
    labels = np.asarray(gold)
    y = labels[i] == labels[j]
    model = LogisticRegression(max_iter=1000).fit(x, y)
    return [round(float(w), 2) for w in model.coef_[0]], round(float(model.intercept_[0]), 2)


def main(fnc_dir: str, method: str = "lexical") -> None:
    headlines, gold = load_gold(fnc_dir, "train")
    embedder = None
    embeddings = None
    if method == "semantic":
        from heuer.link.semantic import embed

        start = time.perf_counter()
        embeddings = embed(headlines)
        print(f"# embedded {len(headlines)} train headlines in {time.perf_counter() - start:.1f}s")
        row = {h: k for k, h in enumerate(headlines)}

        def embedder(texts):  # the clusterer asks for the same headlines at every grid point
            return embeddings[[row[t] for t in texts]]

    weights, bias = fit_pair_weights(headlines, gold, embeddings)
    prefix = "SEMANTIC" if method == "semantic" else "PAIR"
    print(f"{prefix}_WEIGHTS = {tuple(weights)}\n{prefix}_BIAS = {bias}")

    def f1(t: float) -> float:
        clusterer = ClaimClusterer(t, weights=weights, bias=bias, method=method, embedder=embedder)
        return bcubed(gold, heuer_labels(headlines, clusterer))[2]

    best = max((f1(t), t) for t in GRID)
    name = "SEMANTIC_THRESHOLD" if method == "semantic" else "THRESHOLD"
    print(f"{name} = {best[1]}  # train B-cubed F1 {best[0]:.4f}")
    sim = tfidf_similarity(headlines)
    base = max((bcubed(gold, average_linkage(sim, t))[2], t) for t in GRID)
    print(f"TFIDF_THRESHOLD = {base[1]}  # train B-cubed F1 {base[0]:.4f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "fnc_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/data/fnc-1")
    )
    parser.add_argument("--method", choices=("lexical", "semantic"), default="lexical")
    args = parser.parse_args()
    main(args.fnc_dir, args.method)
