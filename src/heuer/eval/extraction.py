"""The Article Extraction Benchmark's metric, and a runner for heuer's HTML path on its pages.

Metric: 4-word shingles of ``\\w+`` tokens; precision and recall per page against the marked article
body, averaged over pages; F1 from the two averages. Published F1 on the benchmark's 181 pages:
trafilatura 2.0.0 0.958, newspaper4k 0.949, readability-lxml 0.922.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from heuer.ingest.decode import decode_bytes

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1)))


def page_pr(predicted: str, gold: str) -> tuple[float, float]:
    """Precision and recall of one page. Empty prediction and empty gold agree perfectly."""
    p, g = shingles(predicted), shingles(gold)
    if not p and not g:
        return 1.0, 1.0
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    return precision, recall


@dataclass(frozen=True)
class ExtractionScore:
    precision: float
    recall: float
    f1: float
    pages: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "pages": self.pages,
        }


def score(pairs: list[tuple[str, str]]) -> ExtractionScore:
    """``pairs`` of (predicted, gold) texts, one per page."""
    prs = [page_pr(p, g) for p, g in pairs]
    if not prs:
        return ExtractionScore(0.0, 0.0, 0.0, 0)
    precision = sum(p for p, _ in prs) / len(prs)
    recall = sum(r for _, r in prs) / len(prs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ExtractionScore(precision, recall, f1, len(prs))


@dataclass(frozen=True)
class Page:
    key: str
    html: str
    url: str | None
    gold: str


def load_pages(folder: Path) -> Iterator[Page]:
    """Pages of the benchmark folder (``html/*.html.gz`` and ``ground-truth.json``), in key order."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        path = folder / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        html = decode_bytes(gzip.decompress(path.read_bytes()), str(path))
        yield Page(key, html, truth[key].get("url"), truth[key].get("articleBody") or "")


def heuer_html_text(page: Page, use_classifier: bool | None = None) -> str:
    """The clean text heuer's ingest stores for a page (no outlet history); empty when it stores none."""
    from heuer.ingest.clean import CLASSIFY_HTML, clean_text
    from heuer.ingest.errors import InputError
    from heuer.ingest.html import extract_html

    try:
        ex = extract_html(page.html, page.key, url=page.url)
    except InputError:
        return ""
    classify = CLASSIFY_HTML if use_classifier is None else use_classifier
    return clean_text(ex.text, title=ex.title, use_classifier=classify).text


def evaluate(pages: list[Page], extract: Callable[[Page], str]) -> ExtractionScore:
    return score([(extract(p), p.gold) for p in pages])
