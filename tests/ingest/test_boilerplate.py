"""The boilerplate line classifier: small texts written here, the lexicon loader, and the eval gate.

The eval gate scores page-wise cross-validation on the real pages in ../shared/data/article-extraction and
fails when removal precision or recall drops below the pinned minimums, so a feature or lexicon change
cannot silently make the cleaner worse.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from heuer.ingest import boilerplate_data as bd
from heuer.ingest.boilerplate import (
    FEATURE_NAMES,
    LexiconError,
    LineModel,
    classify_lines,
    default_model,
    line_features,
    load_lexicon,
    looks_like_prose,
)

REPO = Path(__file__).resolve().parents[2]

# Pinned under what the shipped settings reach (precision 0.966, recall 0.930), inside the bars 0.95 / 0.80.
MIN_PRECISION = 0.955
MIN_RECALL = 0.90


def _shared() -> Path:
    return Path(os.environ.get("HEUER_SHARED") or REPO.parent / "shared")


PARAGRAPHS = [
    "The harbour authority said on Tuesday that the new ferry terminal would open two months later than "
    "planned, citing delays in the delivery of steel from its main supplier.",
    "Local traders, who had expected the terminal to bring more visitors before the summer, said the delay "
    "would cost them a season of business and asked the council for a reduction in rents.",
    "A spokeswoman for the authority declined to say how much the delay would add to the cost of the "
    "project, which was budgeted at forty million when work began.",
    "The council will discuss the request at its next meeting, she said.",
    "Engineers who inspected the site last week found no problems with the foundations, according to a "
    "report published by the authority on its website.",
    "Work on the access road is expected to finish by the end of the year.",
]


def _article_with(leftovers_at: dict[int, str]) -> tuple[list[str], set[int]]:
    """Paragraphs with leftovers inserted after the given paragraph indexes; lines and leftover rows."""
    lines: list[str] = []
    junk: set[int] = set()
    for i, para in enumerate(PARAGRAPHS):
        lines.append(para)
        if i in leftovers_at:
            junk.add(len(lines))
            lines.append(leftovers_at[i])
    return lines, junk


def test_typical_leftovers_are_removed_and_paragraphs_kept():
    leftovers = {
        1: "Related: Harbour Towns Brace for a Quiet Summer",
        3: "Photo by Sam Example, Example Agency via AP",
        5: "Sign up for our morning newsletter",
    }
    lines, junk = _article_with(leftovers)
    lines += ["You May Also Like", "Share on Facebook", "Copyright 2024 Example Media. All rights reserved."]
    junk |= {len(lines) - 3, len(lines) - 2, len(lines) - 1}
    verdicts = classify_lines(lines)
    assert len(verdicts) == len(lines)
    removed = {i for i, v in enumerate(verdicts) if v.boilerplate}
    assert removed == junk, [(lines[i], verdicts[i].reason) for i in removed ^ junk]


def test_short_colon_intro_and_one_line_paragraphs_are_kept():
    lines = [
        PARAGRAPHS[0],
        "Here is what the mayor wrote on Tuesday:",
        "Is that a problem? Not really.",
        PARAGRAPHS[1],
        "The answer came quickly:",
        PARAGRAPHS[2],
        "Nobody believed it.",
        PARAGRAPHS[3],
    ]
    verdicts = classify_lines(lines)
    wrong = [(line, v.reason) for line, v in zip(lines, verdicts, strict=True) if v.boilerplate]
    assert not wrong


def test_reasons_name_the_cue_that_drove_removal():
    lines, _ = _article_with({2: "Photo by Sam Example, Example Agency via AP"})
    lines += ["Recommended for you", "Jane Columnist 9:30 AM | June 3, 2024"]
    verdicts = classify_lines(lines)
    assert "recommended" in verdicts[-2].reason
    assert verdicts[-1].reason.startswith("byline/date stamp")
    assert verdicts[3].reason.startswith("photo credit")
    assert all(0.0 <= v.score <= 1.0 for v in verdicts)
    assert verdicts[0].reason.startswith("learned classifier p=")


def test_threshold_argument_overrides_the_model_threshold():
    lines, _ = _article_with({})
    assert not any(v.boilerplate for v in classify_lines(lines, threshold=1.01))
    verdicts = classify_lines(lines, threshold=0.0)
    assert all(v.boilerplate for v, line in zip(verdicts, lines, strict=True) if not looks_like_prose(line))
    assert all("prose" in v.reason for v, line in zip(verdicts, lines, strict=True) if looks_like_prose(line))


def test_a_one_line_story_is_not_thrown_away():
    story = ["Rumours have been circulating that the new harbour bridge will open in February."]
    assert not classify_lines(story, threshold=0.0)[0].boilerplate
    long_line = " ".join(["The council said the repairs would take longer than planned."] * 3)
    assert looks_like_prose(long_line) and not looks_like_prose("Share this story on Facebook.")
    assert classify_lines([]) == []


def test_features_have_one_row_per_line_and_named_columns():
    lines = ["Menu", PARAGRAPHS[0], "Share"]
    X = line_features(lines)
    assert X.shape == (3, len(FEATURE_NAMES))
    assert np.isfinite(X).all()
    assert line_features([]).shape == (0, len(FEATURE_NAMES))


def test_shipped_model_is_small_portable_json():
    path = REPO / "src" / "heuer" / "data" / "models" / "boilerplate.json"
    assert path.stat().st_size < 100_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURE_NAMES)
    assert LineModel.from_json(data).threshold == default_model().threshold


def test_model_with_other_features_is_refused():
    data = default_model().to_json()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        LineModel.from_json(data, "old.json")


def test_shipped_lexicon_loads():
    lexicon = load_lexicon()
    assert lexicon.phrases["you might like"] == "promo"
    assert lexicon.pattern.search("trending on some site")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("word\tkind\tsource\nsubscribe\taccount\tx\n", ":1: header"),
        ("", "empty file"),
        ("phrase\tkind\tsource\nsubscribe\taccount\n", ":2: 2 columns, expected 3"),
        (
            "phrase\tkind\tsource\nshare\tsocial\tx\nsubscribe\taccount\tx\textra\n",
            ":3: 4 columns, expected 3",
        ),
        ("phrase\tkind\tsource\nsubscribe\tweird\tx\n", ":2: unknown kind 'weird'"),
        ("phrase\tkind\tsource\n\tpromo\tx\n", ":2: empty 'phrase' or 'source'"),
        ("phrase\tkind\tsource\n\n", "no phrases"),
    ],
)
def test_malformed_lexicon_fails_clearly(tmp_path: Path, content: str, message: str):
    path = tmp_path / "phrases.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


def test_html_flattening_puts_each_block_on_its_own_line():
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><nav><a>Home</a> <a>World</a></nav>"
        "<p>First <b>bold</b> words.</p><script>var x;</script><div>Second<br>Third</div>"
        "<!-- note --><footer>Footer</footer></body></html>"
    )
    assert bd.html_to_lines(html) == ["Home World", "First bold words.", "Second", "Third", "Footer"]


def test_labels_follow_the_article_body():
    body = "Alpha beta gamma delta epsilon zeta.\n\nShort one\n\nEta theta iota kappa lambda."
    lines = ["Home", "Alpha beta gamma delta epsilon zeta.", "Short one", "Gamma", "Other words here now."]
    assert bd.label_lines(lines, body) == [False, True, True, False, False]


@pytest.mark.slow
def test_eval_gate_page_wise_cross_validation():
    data = _shared() / "data" / "article-extraction"
    if not (data / "ground-truth.json").exists():
        pytest.skip(f"../shared/data/article-extraction not found: {data} (set HEUER_SHARED)")
    pages = bd.load_pages(data)
    score, _, _ = bd.cross_validate(pages, folds=5)
    assert score.precision >= MIN_PRECISION, score
    assert score.recall >= MIN_RECALL, score
