"""Labelled lines for the boilerplate classifier, derived from HTML pages with a marked article body.

The classifier works on plain text that a scraper already flattened, so its training data must look like
that: every visible text block of a page on its own line, menus, captions and footers included. Pages come
from a corpus laid out as ``html/<sha256>.html.gz`` plus ``ground-truth.json`` (``{sha256: {"articleBody",
"url"}}``). The training script, the benchmark and the eval gate all read lines through this module, so
they score exactly what the model was trained on.

Labelling rule (a line is *keep* when it belongs to the article body):

- Words are ``\\w+`` tokens, lower-cased, as in the corpus's own extraction metric.
- A line of four or more words is keep when at least half of its word 4-shingles occur in the article
  body. Half, not all, because scrapers and annotators differ on where a paragraph ends (a caption glued
  to a sentence, a trailing "Advertisement"), and a menu line almost never shares even one 4-shingle with
  the body.
- A line of one to three words is keep only when it equals, word for word, a whole paragraph of the
  article body (a subheading, "Yes." as a reply, a dateline). Substring matching would label the menu item
  "World" as article text in every page that uses the word.
- A line with no words ("|", "•", "***") is boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import numpy as np
from lxml import etree

# Elements whose text never shows on screen; a careless scraper still skips these.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg"})

# Elements that start a new line of text. Inline elements (a, span, em, ...) continue the current line.
_BLOCK = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "img",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "select",
        "summary",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "button",
        "label",
    )
)

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
SHINGLE = 4
KEEP_SHARE = 0.5
CROP_MARGINS = (1, 5)


@dataclass(frozen=True)
class LabelledPage:
    """One page's visible text as lines, with a keep (article) / drop (boilerplate) label per line."""

    page_id: str
    url: str
    lines: list[str]
    keep: list[bool]


def html_to_lines(html: str) -> list[str]:
    """All visible text of a page, one block-level element per line, blank lines dropped.

    This is deliberately the careless flattening a simple scraper does, because that output is what the
    classifier has to clean; it does not try to find the article.
    """
    # lxml refuses str input that still carries an XML encoding declaration.
    html = _XML_DECL.sub("", html, count=1)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    lines: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(parts)).strip()
        parts.clear()
        if text:
            lines.append(text)

    # An explicit stack instead of recursion: real pages nest deeper than Python's recursion limit.
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if closing:
            if tag in _BLOCK:
                flush()
            if el.tail:
                parts.append(el.tail)
            continue
        if tag is None or tag in _INVISIBLE:
            # Comments and invisible elements contribute nothing, but the text after them does.
            if el.tail:
                parts.append(el.tail)
            continue
        if tag in _BLOCK:
            flush()
        if el.text:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return lines


def words(text: str) -> list[str]:
    """Lower-cased ``\\w+`` tokens, the unit of the corpus metric and of the labelling rule."""
    return _WORD.findall(text.lower())


def label_lines(lines: list[str], article_body: str) -> list[bool]:
    """Keep (True) or drop for each line, by the rule in the module docstring."""
    body_words = words(article_body)
    shingles = {tuple(body_words[i : i + SHINGLE]) for i in range(len(body_words) - SHINGLE + 1)}
    paragraphs = {tuple(words(p)) for p in article_body.splitlines() if p.strip()}
    labels = []
    for line in lines:
        toks = words(line)
        if len(toks) >= SHINGLE:
            grams = [tuple(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)]
            labels.append(sum(g in shingles for g in grams) >= KEEP_SHARE * len(grams))
        else:
            labels.append(bool(toks) and tuple(toks) in paragraphs)
    return labels


def crop(page: LabelledPage, margin: int) -> LabelledPage:
    """The page from ``margin`` lines before its first article line to ``margin`` lines after its last.

    Text reaching heuer is rarely a whole page: a scraper has usually found the article and left a few
    leftovers in and around it. Whole pages alone would teach the model that a line among long paragraphs
    is article text; these crops show it leftovers in exactly that company.
    """
    marked = [i for i, k in enumerate(page.keep) if k]
    start = max(0, marked[0] - margin)
    end = min(len(page.lines), marked[-1] + margin + 1)
    return LabelledPage(f"{page.page_id}/crop{margin}", page.url, page.lines[start:end], page.keep[start:end])


def training_documents(pages: Sequence[LabelledPage]) -> list[LabelledPage]:
    """Each page whole plus two crops around its article, the documents the classifier is trained on."""
    return [doc for page in pages for doc in (page, *(crop(page, m) for m in CROP_MARGINS))]


def load_pages(data_dir: Path, limit: int | None = None) -> list[LabelledPage]:
    """Every page of an article-extraction corpus as labelled lines, sorted by page id for reproducibility.

    Pages whose body matches no line at all (a page the flattening could not read) are left out, since
    they would teach the classifier that everything is boilerplate.
    """
    return list(iter_pages(data_dir, limit))


def iter_pages(data_dir: Path, limit: int | None = None) -> Iterator[LabelledPage]:
    """The lazy form of :func:`load_pages`."""
    from heuer.eval.extraction import load_pages as load_benchmark_pages

    for n, page in enumerate(load_benchmark_pages(data_dir)):
        if limit is not None and n >= limit:
            break
        lines = html_to_lines(page.html)
        keep = label_lines(lines, page.gold)
        if not any(keep):
            continue
        yield LabelledPage(page.key, page.url or "", lines, keep)


@dataclass(frozen=True)
class RemovalScore:
    """Precision and recall of the removed lines, the figures the boilerplate gate is pinned on."""

    precision: float
    recall: float
    f1: float
    removed: int
    boilerplate: int
    article_lines_removed: int
    lines: int

    def as_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def score_removal(keep: Sequence[bool], removed: Sequence[bool]) -> RemovalScore:
    """Score removal decisions against keep labels; a removed keep line is the costly error."""
    tp = sum(1 for k, r in zip(keep, removed, strict=True) if r and not k)
    fp = sum(1 for k, r in zip(keep, removed, strict=True) if r and k)
    n_removed = tp + fp
    n_boiler = sum(1 for k in keep if not k)
    precision = tp / n_removed if n_removed else 1.0
    recall = tp / n_boiler if n_boiler else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return RemovalScore(precision, recall, f1, n_removed, n_boiler, fp, len(keep))


def cross_validate(
    pages: Sequence[LabelledPage], folds: int = 5, threshold: float | None = None, c: float | None = None
) -> tuple[RemovalScore, list[bool], RemovalScore]:
    """Page-wise cross-validation: no page is scored by a model that saw any of its lines.

    Folds are pages sorted by id and dealt round-robin, so the split is the same on every machine. Each
    fold trains on the other pages' whole and cropped documents. Returns the pooled score on whole pages,
    the out-of-fold removal decision for every line of them (pages concatenated in order), and the pooled
    score on the tighter crop, which is closer to what a scraper hands over.
    """
    from heuer.ingest.boilerplate import DEFAULT_C, fit_model, line_features, looks_like_prose, promo_fragment

    def decide(p: float, line: str, cut: float) -> bool:
        return (bool(p >= cut) and not looks_like_prose(line)) or promo_fragment(line) is not None

    order = sorted(range(len(pages)), key=lambda i: pages[i].page_id)
    fold_of = {page: n % folds for n, page in enumerate(order)}
    docs = {i: training_documents([pages[i]]) for i in range(len(pages))}
    feats = {i: [line_features(d.lines) for d in docs[i]] for i in docs}
    labels = {i: [np.array([not k for k in d.keep], dtype=np.int8) for d in docs[i]] for i in docs}
    decisions: list[list[bool]] = [[] for _ in pages]
    crop_keep: list[bool] = []
    crop_removed: list[bool] = []
    for fold in range(folds):
        train = [i for i in range(len(pages)) if fold_of[i] != fold]
        model = fit_model(
            np.vstack([f for i in train for f in feats[i]]),
            np.concatenate([y for i in train for y in labels[i]]),
            c=DEFAULT_C if c is None else c,
        )
        cut = model.threshold if threshold is None else threshold
        for i in (i for i in range(len(pages)) if fold_of[i] == fold):
            decisions[i] = [
                decide(p, line, cut)
                for p, line in zip(model.proba(feats[i][0]), docs[i][0].lines, strict=True)
            ]
            crop_keep.extend(docs[i][1].keep)
            crop_removed.extend(
                decide(p, line, cut)
                for p, line in zip(model.proba(feats[i][1]), docs[i][1].lines, strict=True)
            )
    flat_keep = [k for p in pages for k in p.keep]
    flat_removed = [r for d in decisions for r in d]
    return score_removal(flat_keep, flat_removed), flat_removed, score_removal(crop_keep, crop_removed)
