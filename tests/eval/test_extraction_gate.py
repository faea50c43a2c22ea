"""Eval gate: heuer's HTML path must keep scoring at least what trafilatura alone scores.

Measured on ../shared/data/article-extraction with the benchmark's metric, both in the same run. The
pinned floor sits under what heuer reaches (bench/ingest.py prints the current figures).
"""

from __future__ import annotations

import trafilatura

from heuer.eval.extraction import evaluate, heuer_html_text, load_pages
from tests.conftest import need_shared

MIN_F1 = 0.955


def test_html_extraction_at_least_trafilatura():
    pages = list(load_pages(need_shared("data", "article-extraction")))
    ours = evaluate(pages, heuer_html_text)
    theirs = evaluate(pages, lambda p: trafilatura.extract(p.html, url=p.url) or "")
    assert ours.f1 >= theirs.f1, (ours, theirs)
    assert ours.f1 >= MIN_F1, ours
