"""Train the stance models (semantic and lexical) on FNC-1 train and write src/heuer/data/models/stance/.

Everything is chosen on a split of train by story: the connected components of the graph of headlines
and Body IDs over related pairs (agree, disagree, discuss) are dealt into folds, and a pair goes to the
fold of its body's story. A hold-out by Body ID would leave other bodies of the same story, with the
same headlines, in training, and rate models far too high. Out-of-fold probabilities over the five
folds give the validation figures and the per-class decision weights (the probabilities are multiplied
by them before the arg-max, which buys "disagree" recall that plain arg-max never gives). The shipped
models are then fitted on all of train. The competition test is never read here.

    python scripts/train_stance.py [--fnc DIR] [--out DIR] [--cache DIR] [--kinds semantic lexical]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import lightgbm as lgb  # noqa: E402

from heuer.assess import stance_features as sf  # noqa: E402
from heuer.assess.stance import META_FILE, MODEL_DIR, WORDS_FILE, decide  # noqa: E402
from heuer.eval.stance import LABELS, fnc_score, macro_f1, per_class  # noqa: E402
from heuer.unionfind import UnionFind  # noqa: E402

DEFAULT_FNC = ROOT.parent / "shared" / "data" / "fnc-1"
DEFAULT_CACHE = Path("/tmp/heuer_stance_cache")
FOLDS = 5
SEED = 13

PARAMS = {
    "objective": "multiclass",
    "num_class": len(LABELS),
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "num_threads": 2,
    "verbosity": -1,
}
ROUNDS = 500
# sample weight of each class relative to "unrelated": the inverse class frequency to this power
CLASS_WEIGHT_POWER = 0.5
# the word model: vocabulary per key prefix (top sentences' words and word pairs, statement, lead)
BAG_SIZES = {"t": 4000, "h": 1000, "l": 2000}
WORD_C = 0.3


def load_train(fnc_dir: Path) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Bodies by Body ID and (headline, Body ID, stance) rows of FNC-1 train."""
    with (fnc_dir / "train_bodies.csv").open(encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with (fnc_dir / "train_stances.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(fh)]
    return bodies, rows


def story_folds(rows: list[tuple[str, str, str]], folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """The fold of each row: its body's story (related-pair component), stories dealt by size."""
    uf = UnionFind()
    find = uf.find
    for h, b, stance in rows:
        find(("b", b))
        if stance != "unrelated":
            uf.union(("b", b), ("h", h))
    sizes: dict[tuple[str, str], int] = {}
    for _, b, _ in rows:
        root = find(("b", b))
        sizes[root] = sizes.get(root, 0) + 1
    stories = sorted(sizes, key=lambda r: (-sizes[r], r))
    rnd = random.Random(seed)
    load = [0] * folds
    fold_of: dict[tuple[str, str], int] = {}
    # largest stories first, each to the lightest fold (ties broken at random), so folds are even
    for root in stories:
        lightest = min(load)
        f = rnd.choice([i for i, v in enumerate(load) if v == lightest])
        fold_of[root] = f
        load[f] += sizes[root]
    return np.array([fold_of[find(("b", b))] for _, b, _ in rows])


def class_weights(y: np.ndarray, power: float) -> np.ndarray:
    counts = np.bincount(y, minlength=len(LABELS)).astype(float)
    w = (counts.max() / counts) ** power
    return w[y]


def fit(X: np.ndarray, y: np.ndarray, rounds: int, power: float, params: dict) -> lgb.Booster:
    data = lgb.Dataset(X, label=y, weight=class_weights(y, power), free_raw_data=False)
    return lgb.train(params, data, num_boost_round=rounds)


def tune_weights(probs: np.ndarray, gold: list[str]) -> list[float]:
    """Per-class decision weights that maximise FNC score (as a fraction) plus macro-F1 out of fold."""

    def objective(w: list[float]) -> float:
        pred = decide(probs, w)
        return fnc_score(gold, pred) / 100.0 + macro_f1(gold, pred)

    w = [1.0, 1.0, 1.0, 1.0]
    best = objective(w)
    grid = [0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0]
    for _ in range(3):
        for k in range(3):  # "unrelated" stays 1: only the ratios matter
            for v in grid:
                trial = list(w)
                trial[k] = v
                value = objective(trial)
                if value > best + 1e-9:
                    best, w = value, trial
    return w


def summary(gold: list[str], pred: list[str]) -> dict:
    classes = per_class(gold, pred)
    return {
        "fnc_score": round(fnc_score(gold, pred), 2),
        "macro_f1": round(macro_f1(gold, pred), 4),
        "f1": {k: round(v["f1"], 4) for k, v in classes.items()},
    }


def fit_words(M, y: np.ndarray, mask: np.ndarray, vocabulary: dict[str, int]) -> sf.WordModel:
    """The word model fitted on the related pairs under ``mask``."""
    from sklearn.linear_model import LogisticRegression

    rows = mask & (y < len(sf.WORD_LABELS))
    clf = LogisticRegression(C=WORD_C, max_iter=3000, class_weight="balanced")
    clf.fit(M[rows], y[rows])
    return sf.WordModel(vocabulary, clf.coef_.copy(), clf.intercept_.copy())


def word_oof(M, y: np.ndarray, keys, folds: np.ndarray, mask: np.ndarray, vocabulary) -> np.ndarray:
    """Word-model probabilities for the rows under ``mask``, each from a model fitted on its other folds,
    so that the tree model learns how far the word model can be trusted on stories it has not seen."""
    out = np.zeros((len(y), len(sf.WORD_LABELS)), dtype=np.float32)
    for f in sorted(set(folds[mask].tolist())):
        held = mask & (folds == f)
        model = fit_words(M, y, mask & (folds != f), vocabulary)
        out[held] = model.proba([keys[i] for i in np.flatnonzero(held)])
    return out


def features(
    pairs: list[tuple[str, str]], idf: sf.Idf, semantic: bool, cache: Path
) -> tuple[np.ndarray, list[frozenset[str]], float]:
    t0 = time.perf_counter()
    embed = None
    if semantic:
        from heuer.link.semantic import embed as model_embed

        store = sf.EmbeddingCache(cache / "embeddings")
        embed = lambda texts: store.lookup(texts, model_embed)  # noqa: E731
    X, keys = sf.pair_features(pairs, idf, embed=embed)
    return X, keys, time.perf_counter() - t0


def stacked_words(M, y, keys, folds, vocabulary) -> list[np.ndarray]:
    """Per validation fold, word-model columns for all rows: out-of-fold within the training folds, and
    from a model fitted on all training folds for the held-out one (nothing of it seen)."""
    out = []
    for f in range(FOLDS):
        train = folds != f
        Z = word_oof(M, y, keys, folds, train, vocabulary)
        held = np.flatnonzero(~train)
        Z[held] = fit_words(M, y, train, vocabulary).proba([keys[i] for i in held])
        out.append(Z)
    return out


def cross_validate(
    X: np.ndarray,
    Zs: list[np.ndarray],
    y: np.ndarray,
    folds: np.ndarray,
    rounds: int,
    power: float,
    params: dict,
) -> np.ndarray:
    probs = np.zeros((len(y), len(LABELS)))
    for f in range(FOLDS):
        train, val = folds != f, folds == f
        XZ = np.hstack([X, Zs[f]])
        booster = fit(XZ[train], y[train], rounds, power, params)
        probs[val] = booster.predict(XZ[val])
    return probs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fnc", type=Path, default=DEFAULT_FNC, help="FNC-1 data folder")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="folder for the model files")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="sentence-vector cache folder")
    parser.add_argument(
        "--kinds", nargs="+", default=["semantic", "lexical"], choices=["semantic", "lexical"]
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--power", type=float, default=CLASS_WEIGHT_POWER, help="class weight exponent")
    parser.add_argument("--leaves", type=int, default=PARAMS["num_leaves"])
    parser.add_argument("--lr", type=float, default=PARAMS["learning_rate"])
    parser.add_argument("--dry-run", action="store_true", help="report the story-split figures only")
    args = parser.parse_args(argv)
    if not (args.fnc / "train_stances.csv").exists():
        print(f"{args.fnc}: no train_stances.csv; pass --fnc DIR", file=sys.stderr)
        return 2
    t_start = time.perf_counter()
    params = {**PARAMS, "num_leaves": args.leaves, "learning_rate": args.lr}

    bodies, rows = load_train(args.fnc)
    pairs = [(h, bodies[b]) for h, b, _ in rows]
    gold = [s for _, _, s in rows]
    y = np.array([LABELS.index(s) for s in gold])
    folds = story_folds(rows)
    n_docs, df = sf.document_frequencies([*bodies.values(), *sorted({h for h, _, _ in rows})])
    idf = sf.Idf(n_docs, df)
    print(f"{len(rows):,} pairs, {len(bodies):,} bodies, {len(df):,} terms; fold sizes {np.bincount(folds)}")

    meta_path = args.out / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    meta.update(
        {
            "labels": list(LABELS),
            "trained_on": "FNC-1 train (train_bodies.csv, train_stances.csv)",
            "idf": {"documents": n_docs, "df": df},
            "params": {**params, "rounds": args.rounds, "class_weight_power": args.power},
            "validation_split": f"{FOLDS} folds by story (related-pair components), pair in its body's fold",
        }
    )
    meta.setdefault("models", {})
    words_ready = False
    for kind in args.kinds:
        X, keys, feat_s = features(pairs, idf, kind == "semantic", args.cache)
        print(f"[{kind}] features {X.shape} in {feat_s:.0f} s")
        t0 = time.perf_counter()
        if not words_ready:
            vocabulary = sf.bag_vocabulary(keys, BAG_SIZES)
            M = sf.WordModel(vocabulary, np.zeros((0, 0)), np.zeros(0)).matrix(keys)
            Zs = stacked_words(M, y, keys, folds, vocabulary)
            Z_all = word_oof(M, y, keys, folds, np.ones(len(y), dtype=bool), vocabulary)
            words = fit_words(M, y, np.ones(len(y), dtype=bool), vocabulary)
            words_ready = True
            print(f"word model: {len(vocabulary):,} keys, stacked in {time.perf_counter() - t0:.0f} s")
        probs = cross_validate(X, Zs, y, folds, args.rounds, args.power, params)
        argmax = [LABELS[i] for i in probs.argmax(axis=1)]
        weights = tune_weights(probs, gold)
        tuned = decide(probs, weights)
        cv = {"argmax": summary(gold, argmax), "tuned": summary(gold, tuned), "weights": weights}
        print(f"[{kind}] story split ({time.perf_counter() - t0:.0f} s): {json.dumps(cv)}")
        if args.dry_run:
            continue
        booster = fit(np.hstack([X, Z_all]), y, args.rounds, args.power, params)
        model_file = f"{kind}.txt.gz"
        args.out.mkdir(parents=True, exist_ok=True)
        # LightGBM's own text format, gzipped (about a third the size); mtime 0 keeps the bytes reproducible
        text = booster.model_to_string().encode("utf-8")
        (args.out / model_file).write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
        importance = dict(
            zip(
                sf.feature_names(kind == "semantic"), booster.feature_importance("gain").tolist(), strict=True
            )
        )
        top = dict(itertools.islice(sorted(importance.items(), key=lambda kv: -kv[1]), 12))
        meta["models"][kind] = {
            "file": model_file,
            "features": sf.feature_names(kind == "semantic"),
            "decision_weights": weights,
            "story_split": cv,
            "top_features_by_gain": {k: round(v, 1) for k, v in top.items()},
        }
    if not args.dry_run:
        (args.out / WORDS_FILE).write_text(json.dumps(words.to_json()) + "\n", encoding="utf-8")
        meta["word_model"] = {"file": WORDS_FILE, "sizes": BAG_SIZES, "C": WORD_C}
        meta["training_seconds"] = round(time.perf_counter() - t_start, 1)
        meta_path.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.out} in {meta['training_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
