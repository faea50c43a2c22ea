"""The attribution scorer on small gold files whose answers are worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heuer.eval.attribution import load_gold, render_table, score

TEXT = "The mayor said that the bridge would open soon. Critics said it was late."
#       0123456789012345678901234567890123456789012345678901234567890123456789012
# "The mayor" 0-9, "said" 10-14, "that the bridge would open soon" 15-46,
# "Critics" 48-55, "said" 56-60, "it was late" 61-72


def att(source, cue, content, kind="indirect"):
    return {"source": source, "cue": cue, "content": content, "kind": kind}


def doc(atts, doc_id="a1"):
    return {"id": doc_id, "text": TEXT, "attributions": atts}


GOLD = [
    doc(
        [
            att([[0, 9]], [[10, 14]], [[15, 46]]),
            att([[48, 55]], [[56, 60]], [[61, 72]]),
        ]
    )
]


def test_text_offsets_are_what_the_tests_assume():
    assert TEXT[0:9] == "The mayor"
    assert TEXT[15:46] == "that the bridge would open soon"
    assert TEXT[61:72] == "it was late"


def test_perfect_prediction_scores_one_everywhere():
    result = score(GOLD, GOLD)
    for role in ("source", "cue", "content"):
        for match in ("exact", "overlap"):
            assert result["span"][role][match] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert result["relation"]["overall"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "source_acc": 1.0, "cue_acc": 1.0}
    assert (result["articles"], result["gold"], result["predicted"]) == (1, 2, 2)


def test_overlap_only_match_counts_for_overlap_not_exact():
    # content without "that": Jaccard 26/31 >= 0.5, not exact
    pred = [doc([att([[0, 9]], [[10, 14]], [[20, 46]])])]
    result = score(GOLD, pred)
    content = result["span"]["content"]
    assert content["exact"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert content["overlap"]["p"] == 1.0 and content["overlap"]["r"] == 0.5
    assert result["span"]["source"]["exact"] == {"p": 1.0, "r": 0.5, "f1": 0.6667}
    rel = result["relation"]["overall"]
    assert (rel["p"], rel["r"]) == (1.0, 0.5)


def test_low_jaccard_is_no_match():
    pred = [doc([att([[0, 9]], [[10, 14]], [[40, 46]])])]  # 6 of 31 characters
    result = score(GOLD, pred)
    assert result["span"]["content"]["overlap"]["p"] == 0.0
    assert result["relation"]["overall"]["f1"] == 0.0


def test_overlap_matching_is_one_to_one():
    # two predictions over one gold content: only the better one is credited
    pred = [doc([att(None, [[10, 14]], [[15, 46]]), att(None, [[10, 14]], [[19, 46]])])]
    result = score(GOLD, pred)
    assert result["span"]["content"]["overlap"]["p"] == 0.5
    assert result["relation"]["overall"]["p"] == 0.5


def test_missing_source_is_right_only_where_gold_has_none():
    gold = [doc([att(None, [[10, 14]], [[15, 46]]), att([[48, 55]], [[56, 60]], [[61, 72]])])]
    pred = [doc([att(None, [[10, 14]], [[15, 46]]), att(None, [[56, 60]], [[61, 72]])])]
    rel = score(gold, pred)["relation"]["overall"]
    assert rel["f1"] == 1.0
    assert rel["source_acc"] == 0.5
    assert rel["cue_acc"] == 1.0


def test_source_and_cue_need_only_overlap():
    pred = [doc([att([[4, 9]], [[10, 12]], [[15, 46]])])]
    rel = score(GOLD, pred)["relation"]["overall"]
    assert rel["source_acc"] == 1.0 and rel["cue_acc"] == 1.0


def test_per_kind_recall_by_gold_kind_precision_by_predicted_kind():
    gold = [doc([att([[0, 9]], [[10, 14]], [[15, 46]], "direct"), att([[48, 55]], [[56, 60]], [[61, 72]])])]
    pred = [doc([att([[0, 9]], [[10, 14]], [[15, 46]], "mixed"), att([[48, 55]], [[56, 60]], [[61, 72]])])]
    rel = score(gold, pred)["relation"]
    assert rel["direct"]["r"] == 1.0 and rel["direct"]["p"] == 0.0
    assert rel["mixed"]["p"] == 1.0 and rel["mixed"]["r"] == 0.0
    assert rel["indirect"]["f1"] == 1.0
    assert rel["overall"]["f1"] == 1.0


def test_missing_article_counts_as_no_predictions_and_stray_is_an_error():
    result = score(GOLD, [])
    assert result["span"]["cue"]["exact"]["r"] == 0.0 and result["predicted"] == 0
    with pytest.raises(ValueError, match="not in the gold"):
        score(GOLD, [doc([], "other")])


def test_shared_source_segment_counts_once():
    gold = [doc([att([[0, 9]], [[10, 14]], [[15, 46]]), att([[0, 9]], [[56, 60]], [[61, 72]])])]
    result = score(gold, gold)
    assert result["span"]["source"]["exact"] == {"p": 1.0, "r": 1.0, "f1": 1.0}


def test_json_shape():
    result = score(GOLD, GOLD)
    assert set(result) == {"span", "relation", "articles", "gold", "predicted"}
    assert set(result["relation"]) == {"overall", "direct", "indirect", "mixed"}
    assert set(result["relation"]["mixed"]) == {"p", "r", "f1", "source_acc", "cue_acc"}
    json.dumps(result)


def test_load_gold_round_trip_and_errors(tmp_path: Path):
    good = tmp_path / "gold.jsonl"
    good.write_text("\n".join(json.dumps(d) for d in GOLD) + "\n", encoding="utf-8")
    assert load_gold(good) == GOLD
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(doc([att([[0, 9]], [[10, 14]], [[15, 46]], "quoted")])) + "\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"bad.jsonl:1: kind"):
        load_gold(bad)
    bad.write_text('{"id": "x", "text": "t"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: not JSON"):
        load_gold(bad)


def test_render_table_has_a_row_per_measure():
    table = render_table(score(GOLD, GOLD))
    assert table.row_count == 6 + 4
