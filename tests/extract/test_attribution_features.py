"""The attribution features are the ones the shipped taggers were trained on, string for string.

The taggers' model files know features by their exact strings, so any change to the feature code that
alters one string silently degrades them. ``data/attribution_feature_hashes.json`` holds SHA-256
digests of every feature list (cue features, subtree spans, role features and branch labels for each
cue window) computed by the implementation the models were trained with, on the texts written here,
on deep synthetic trees, and on the first 25 PolNeAR dev articles. Retraining the taggers is the only
reason to regenerate it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from heuer.extract import attribution as at
from heuer.extract import attribution_features as af
from heuer.extract.attribution_tokens import TokenTable, from_doc
from tests.conftest import article_text, need_shared

DIGESTS = json.loads((Path(__file__).parent / "data" / "attribution_feature_hashes.json").read_text())

TEXTS = [
    "“We will finish the bridge before the winter,” the mayor said on Monday. “The money is there.”",
    "The harbour master, Ruth Okafor, spoke to reporters.\n\n"
    "“Nobody wants the ferries to stop,” Okafor said. “The boats are old.\n\nThe engines are older.”",
    "According to the weather service, the storm will reach the coast on Friday; officials disagreed.",
    "Two senior officials told the Daily Planet that the minister would resign, citing the report.",
    "  Leading spaces.  \n \n Then \"a straight quote\" and ''doubled'' ones , she claimed.\t\n",
    "Analysts believe that prices, which rose sharply, will fall -- or so the assessment says.",
    "",
    " ",
    'Officials who said the plan was sound were, according to sources, "not informed" in advance.',
]


def _digest(obj: object) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False).encode()).hexdigest()


def _features(table: TokenTable) -> str:
    """Every feature list of one article, for every cue the tagger finds and every one-token window."""
    taggers = at.default_taggers()
    out = {"cue": af.cue_features(table), "subtrees": af.subtree_spans(table), "roles": []}
    cues = at.tag_cues(table, taggers.cue) + [(a, a + 1) for a, _ in af.cue_windows(table)]
    for cue in cues:
        window = af.role_window(table, cue, taggers.before, taggers.after)
        h = af.cue_head(table, cue)
        out["roles"].append(
            [list(cue), af.role_features(table, window, cue), af._branches(table, h, *window)]
        )
    return _digest(out)


def test_features_are_unchanged_on_written_texts(nlp):
    texts = TEXTS + [article_text(seed) for seed in range(3)]
    got = [_features(from_doc(doc)) for doc in nlp.pipe(texts)]
    assert got == DIGESTS["written"]


def test_features_are_unchanged_on_polnear_dev(nlp):
    path = need_shared("data", "polnear", "dev.jsonl")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:25]
    parsed = nlp.pipe([d["text"] for d in docs])
    got = {d["id"]: _features(from_doc(doc)) for d, doc in zip(docs, parsed, strict=True)}
    assert got == DIGESTS["polnear_dev"]


def _chain(n: int, loop: bool = False) -> TokenTable:
    """One sentence of ``n`` tokens, each the head of the next: a tree deeper than the bounded walks."""
    words = [f"w{i}" for i in range(n)]
    table = TokenTable(
        text=" ".join(words),
        start=[3 * i for i in range(n)],
        end=[3 * i + 2 for i in range(n)],
        word=words,
        lemma=words,
        pos=["VERB"] * n,
        tag=["VBD"] * n,
        dep=["ccomp"] * n,
        head=[max(0, i - 1) for i in range(n)],
        ent=[""] * n,
        sent=[0] * n,
    )
    if loop:
        table.head[0] = n - 1  # no parser makes a loop, but a cached table could hold one
    return table.finish()


@pytest.mark.parametrize("n", [5, 58, 59, 60, 61, 90])
@pytest.mark.parametrize("loop", [False, True])
def test_deep_trees_give_the_same_features(n, loop):
    table = _chain(n, loop)
    rec = {"subtrees": af.subtree_spans(table), "cue": af.cue_features(table), "heads": []}
    for h in sorted({0, n // 2, n - 1}):
        item = [h, af._branches(table, h, 0, n)]
        if not loop:  # the parse rules behind the role features assume a tree
            item.append(af.role_features(table, (0, n), (h, h + 1)))
        rec["heads"].append(item)
    assert _digest(rec) == DIGESTS["chains"][f"{n}{'-loop' if loop else ''}"]
