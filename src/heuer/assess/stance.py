"""The stance model: does a text agree with a statement, dispute it, discuss it, or not speak to it?

A statement is a headline or a hypothesis ("the dock workers will strike at the northern ports"); a
text is a claim sentence or an article body. The model is gradient-boosted trees over the pair features
of ``heuer.assess.stance_features``, trained on FNC-1 (``scripts/train_stance.py``), shipped as
gzipped LightGBM text model files, which load without unpickling anything.

Two models ship. ``semantic`` adds sentence-embedding similarities (all-MiniLM-L6-v2, the optional
``semantic`` extra) and is the better one; ``lexical`` needs nothing beyond heuer's own dependencies.
``StanceModel.load("auto")`` takes the semantic model when the extra can be imported and the lexical one
otherwise, and says which in ``.kind`` and in a log line, because the two differ in quality
(bench/stance.py has the figures).

The arg-max of the class probabilities almost never says "disagree", the rarest label; the shipped
per-class decision weights (chosen on a story split of train) multiply the probabilities first.
``StancePrediction.probs`` are the model's probabilities, before those weights.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from heuer.assess import stance_features as sf
from heuer.lexicon import data_path

log = logging.getLogger(__name__)

Label = Literal["agree", "disagree", "discuss", "unrelated"]
Kind = Literal["auto", "semantic", "lexical"]
LABELS: tuple[Label, ...] = ("agree", "disagree", "discuss", "unrelated")
MODEL_DIR = data_path("models", "stance")
META_FILE = "stance.json"
WORDS_FILE = "words.json"
# pairs featurised at once: bounds memory on long lists without losing the sharing of repeated texts
CHUNK = 4096


@dataclass(frozen=True)
class StancePrediction:
    label: Label
    probs: dict[str, float]


def decide(probs: np.ndarray, weights: Sequence[float]) -> list[Label]:
    """Labels from class probabilities scaled by per-class decision weights."""
    if not len(probs):
        return []
    return [LABELS[i] for i in (np.asarray(probs) * np.asarray(weights)).argmax(axis=1)]


class StanceModelError(RuntimeError):
    """The shipped model files are missing or do not fit this code."""


class StanceModel:
    def __init__(
        self,
        kind: Literal["semantic", "lexical"],
        booster,
        idf: sf.Idf,
        words: sf.WordModel,
        weights: Sequence[float],
    ):
        self.kind = kind
        self._booster = booster
        self._idf = idf
        self._words = words
        self.weights = list(weights)

    def features(self, pairs: Sequence[tuple[str, str]], embed=None) -> np.ndarray:
        """The tree model's input for ``pairs``: base features and the word model's probabilities."""
        X, keys = sf.pair_features(pairs, self._idf, embed=embed)
        return np.hstack([X, self._words.proba(keys).astype(np.float32)])

    @classmethod
    def load(cls, kind: Kind = "auto", model_dir: Path | str | None = None) -> StanceModel:
        """The shipped model of ``kind`` ("auto": semantic if its extra is installed), loaded once."""
        if kind == "auto":
            from heuer.link.semantic import available

            kind = "semantic" if available() else "lexical"
            log.info(
                "stance model: %s (%s)", kind, "semantic extra found" if kind == "semantic" else "no extra"
            )
        elif kind == "semantic":
            from heuer.link.semantic import SemanticUnavailable, available

            if not available():
                raise SemanticUnavailable(
                    "the semantic stance model needs the optional extra: pip install 'heuer[semantic]'"
                )
        elif kind != "lexical":
            raise ValueError(f"unknown stance model kind {kind!r} (auto, semantic or lexical)")
        return _load(kind, str(model_dir or MODEL_DIR))

    def predict(
        self, pairs: Sequence[tuple[str, str]], *, embedding_cache: Path | str | None = None
    ) -> list[StancePrediction]:
        """One prediction per (statement, text) pair, in order.

        ``embedding_cache`` (a folder) keeps sentence vectors on disk between calls; it only saves time.
        """
        pairs = list(pairs)
        out: list[StancePrediction] = []
        if not pairs:
            return out
        embed = None
        if self.kind == "semantic":
            from heuer.link.semantic import embed as model_embed

            embed = model_embed
            if embedding_cache is not None:
                store = sf.EmbeddingCache(embedding_cache)
                embed = lambda texts: store.lookup(texts, model_embed)  # noqa: E731
        for start in range(0, len(pairs), CHUNK):
            chunk = pairs[start : start + CHUNK]
            X = self.features(chunk, embed)
            probs = self._booster.predict(X)
            for label, row in zip(decide(probs, self.weights), probs, strict=True):
                out.append(StancePrediction(label, {k: float(v) for k, v in zip(LABELS, row, strict=True)}))
        return out


@lru_cache(maxsize=4)
def _load(kind: Literal["semantic", "lexical"], model_dir: str) -> StanceModel:
    import lightgbm as lgb

    root = Path(model_dir)
    meta_path = root / META_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        entry = meta["models"][kind]
    except (OSError, ValueError, KeyError) as exc:
        raise StanceModelError(f"{meta_path}: no {kind} stance model ({exc})") from exc
    if tuple(meta["labels"]) != LABELS or entry["features"] != sf.feature_names(kind == "semantic"):
        raise StanceModelError(f"{meta_path}: the {kind} model was trained on other features; retrain it")
    booster = lgb.Booster(model_str=gzip.decompress((root / entry["file"]).read_bytes()).decode("utf-8"))
    idf = sf.Idf(int(meta["idf"]["documents"]), dict(meta["idf"]["df"]))
    words = sf.WordModel.from_json(json.loads((root / WORDS_FILE).read_text(encoding="utf-8")))
    return StanceModel(kind, booster, idf, words, entry["decision_weights"])
