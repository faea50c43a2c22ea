from __future__ import annotations

import pytest

from heuer.eval.extraction import page_pr, score


def test_identical_text_scores_one():
    assert page_pr("one two three four five", "one two three four five") == (1.0, 1.0)


def test_partial_overlap_known_values():
    # gold shingles: (a b c d), (b c d e); predicted: (a b c d), (b c d x)
    p, r = page_pr("a b c d x", "a b c d e")
    assert (p, r) == (0.5, 0.5)


def test_empty_prediction_and_averaging():
    s = score([("", "a b c d e"), ("a b c d", "a b c d")])
    assert s.precision == pytest.approx(0.5) and s.recall == pytest.approx(0.5) and s.f1 == pytest.approx(0.5)
    assert s.pages == 2
