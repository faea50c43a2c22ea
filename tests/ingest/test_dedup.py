from __future__ import annotations

from heuer.ingest import dedup
from tests.conftest import article_text


def test_content_id_ignores_case_and_spacing():
    assert dedup.content_id("The  Mayor said.\n\nYes") == dedup.content_id("the mayor said. yes")
    assert dedup.content_id("a") != dedup.content_id("b")


def test_winnow_keeps_one_per_window_and_is_deterministic():
    hashes = [5, 3, 9, 3, 7, 1, 8, 8, 2]
    picked = dedup.winnow(hashes, window=4)
    positions = [p for _, p in picked]
    assert positions == sorted(set(positions))
    for start in range(len(hashes) - 3):
        assert any(start <= p < start + 4 for p in positions)
    assert picked == dedup.winnow(hashes, window=4)


def test_shared_spans_locate_a_retold_passage_in_both_texts():
    passage = (
        "the committee concluded after a long review that the harbour expansion would not be "
        "finished before the end of the decade"
    )
    a = f"Opening words of one story. Officials said {passage}, adding little else."
    b = f"In another outlet, readers learned {passage}. Then the story moved on to sports."
    spans = dedup.shared_spans(dedup.words(a), dedup.words(b))
    assert len(spans) == 1
    sp = spans[0]
    assert a[sp.a_start : sp.a_end] == passage == b[sp.b_start : sp.b_end]
    assert sp.words == len(passage.split())


def test_short_common_phrases_are_not_retellings():
    a = "He said the situation in the region remained very tense on Monday. Nothing else happened."
    b = "Analysts said the situation in the region remained calm. The market rose."
    assert dedup.retelling_link("a", dedup.words(a), "b", dedup.words(b)) is None


def test_near_duplicate_index_finds_edited_copy_only():
    base = article_text(1, paragraphs=8)
    edited = base.replace("report number 1", "report number one", 1)
    other = article_text(2, paragraphs=8)
    idx = dedup.NearDuplicateIndex()
    idx.add("base", dedup.minhash(dedup.words(base).tokens))
    idx.add("other", dedup.minhash(dedup.words(other).tokens))
    hits = idx.query(dedup.minhash(dedup.words(edited).tokens))
    assert [h[0] for h in hits] == ["base"] and hits[0][1] > 0.8


def test_signature_round_trip():
    m = dedup.minhash(dedup.words(article_text(3)).tokens)
    assert dedup.from_signature(dedup.signature_bytes(m)).jaccard(m) == 1.0
