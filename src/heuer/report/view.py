"""The rows a report shows, computed once for every format.

Markdown and HTML lay the same facts out differently; deriving the rows here keeps them from drifting
apart (a claim linked in one format and not the other, a grade worded two ways).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from heuer.model import Article, Assessment
from heuer.report.common import (
    RATING_WORDS,
    ReportInput,
    claim_rows,
    claim_stance,
    claims_count,
    credibility_words,
    least_inconsistent,
    parse_day,
    pct,
    quote,
    reliability_words,
    signed,
    unique_claims,
    valid_span,
)


@dataclass(frozen=True)
class Highlight:
    """One sentence to mark in an article's reading view."""

    start: int
    end: int
    claim_id: int
    kind: str  # supports | contradicts | neutral | indicator
    title: str


def anchor(claim_id: int) -> str:
    return f"c-{claim_id}"


def article_anchor(article_id: str) -> str:
    return "a-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in article_id)


def highlights(inp: ReportInput) -> dict[str, list[Highlight]]:
    """Per article id, the sentences of evidence claims and indicators that can be found in its text.

    A claim whose article is missing or whose offsets fall outside the text is left out here, and the
    tables then show its stored sentence without a link rather than a link to nothing.
    """
    a = inp.assessment
    out: dict[str, list[Highlight]] = {}
    seen: set[int] = set()
    rows = claim_rows(a)
    for c in unique_claims(a):
        art = inp.articles.get(c.article_id)
        if art is None or not valid_span(art.text, c.sentence):
            continue
        kind = claim_stance(c, a.headline)
        title = f"claim {c.claim_id} ({', '.join(rows[c.claim_id])}): {kind} {a.headline}"
        out.setdefault(c.article_id, []).append(Highlight(*c.sentence, c.claim_id, kind, title))
        seen.add(c.claim_id)
    for ind in a.indicators:
        art = inp.articles.get(ind.article_id)
        if ind.claim_id in seen or art is None or not valid_span(art.text, ind.sentence):
            continue
        title = f"claim {ind.claim_id}: indicator, {ind.status.replace('_', ' ')}"
        out.setdefault(ind.article_id, []).append(Highlight(*ind.sentence, ind.claim_id, "indicator", title))
        seen.add(ind.claim_id)
    for marks in out.values():
        marks.sort(key=lambda h: (h.start, -h.end, h.claim_id))
    return out


def anchored(inp: ReportInput) -> set[int]:
    return {h.claim_id for marks in highlights(inp).values() for h in marks}


def hypotheses(a: Assessment) -> list[dict[str, Any]]:
    best = least_inconsistent(a)
    return [
        {
            "label": h.label,
            "text": h.text,
            "prior": h.prior,
            "prior_pct": pct(h.prior),
            "p": a.probabilities.get(h.label),
            "pct": pct(a.probabilities[h.label]) if h.label in a.probabilities else "\u2013",
            "negates": h.negates,
            "headline": h.label == a.headline,
            "favoured": h.label == a.favoured,
            "least_inconsistent": h.label == best,
            "inconsistency": a.inconsistency.get(h.label),
        }
        for h in a.question.hypotheses
    ]


def matrix(a: Assessment, linked: set[int]) -> list[dict[str, Any]]:
    labels = [h.label for h in a.question.hypotheses]
    return [
        {
            "id": ev.id,
            "text": ev.text,
            "cells": [
                {
                    "label": lab,
                    "rating": ev.ratings.get(lab, "NA"),
                    "word": RATING_WORDS[ev.ratings.get(lab, "NA")],
                }
                for lab in labels
            ],
            "weight": f"{ev.weight:.2f}",
            "strength": f"{ev.strength:.2f}",
            "credibility": ev.credibility,
            "credibility_words": credibility_words(ev.credibility),
            "credibility_reason": ev.credibility_reason,
            "reliability": ev.reliability,
            "reliability_words": reliability_words(ev.reliability),
            "diagnosticity": f"{ev.diagnosticity:.2f}",
            "groups": ev.groups,
            "claims": [{"id": c.claim_id, "linked": c.claim_id in linked} for c in ev.claims],
        }
        for ev in a.evidence
    ]


def claims(inp: ReportInput, linked: set[int]) -> list[dict[str, Any]]:
    a = inp.assessment
    rows = claim_rows(a)
    out = []
    for c in unique_claims(a):
        art = inp.articles.get(c.article_id)
        score = c.score.get(a.headline)
        out.append(
            {
                "id": c.claim_id,
                "evidence": rows[c.claim_id],
                "source": c.source,
                "source_kind": c.source_kind.replace("_", " "),
                "group_label": c.group_label,
                "article_id": c.article_id,
                "outlet": c.outlet or (art.outlet if art else None),
                "title": c.title or (art.title if art else None),
                "published": c.published or (art.published if art else None),
                "start": c.sentence[0],
                "end": c.sentence[1],
                "quote": quote(c, art),
                "proposition": c.proposition,
                "stance": claim_stance(c, a.headline),
                "score": "\u2013" if score is None else signed(score),
                "polarity": c.polarity,
                "mode": c.mode.replace("_", " "),
                "certainty": (
                    f"{c.certainty_cue} ({pct(c.certainty_p)})"
                    if c.certainty_cue and c.certainty_p is not None
                    else c.certainty_cue or ""
                ),
                "strength": f"{c.strength:.2f}",
                "weight": f"{c.weight:.2f}",
                "linked": c.claim_id in linked,
            }
        )
    return out


def contributions(a: Assessment, linked: set[int]) -> list[dict[str, Any]]:
    labels = [h.label for h in a.question.hypotheses]
    return [
        {
            "group": c.group,
            "label": c.label or c.group,
            "evidence": c.evidence,
            "claims": [{"id": i, "linked": i in linked} for i in c.claims],
            "log_odds": c.log_odds,
            "shift": signed(c.log_odds),
            "direction": "up" if c.log_odds > 0 else "down" if c.log_odds < 0 else "none",
            "delta": [signed(c.delta[lab]) if lab in c.delta else "\u2013" for lab in labels],
        }
        for c in a.contributions
    ]


def residual(a: Assessment) -> float:
    """What the itemised shifts leave unexplained between prior and final log-odds (pooling terms)."""
    return a.log_odds - (a.prior_log_odds + sum(c.log_odds for c in a.contributions))


def indicators(inp: ReportInput, linked: set[int]) -> list[dict[str, Any]]:
    return [
        {
            "id": ind.claim_id,
            "status": ind.status.replace("_", " "),
            "status_class": ind.status,
            "due": ind.due or "",
            "horizon": ind.horizon or "",
            "source": ind.source,
            "text": ind.text,
            "published": ind.published or "",
            "points_to": ind.points_to or "",
            "basis": ind.basis,
            "linked": ind.claim_id in linked,
        }
        for ind in inp.assessment.indicators
    ]


def sources(inp: ReportInput) -> list[dict[str, Any]]:
    out = []
    for row in inp.sources:
        grade = str(row.get("reliability") or "")
        out.append(
            {
                "source": str(row.get("source") or ""),
                "kind": str(row.get("kind") or "").replace("_", " "),
                "actor": str(row.get("actor") or ""),
                "claims": claims_count(row.get("claims")),
                "reliability": grade,
                "reliability_words": reliability_words(grade),
                "reason": str(row.get("reason") or ""),
            }
        )
    return out


def articles(inp: ReportInput) -> list[dict[str, Any]]:
    """The articles used, in the assessment's order, each with how many of its sentences are marked.

    An article a claim points into is shown even when the assessment's list lacks it, so that no link
    in the report leads to a sentence that is not on the page.
    """
    marks = highlights(inp)
    ids = list(dict.fromkeys(inp.assessment.articles))
    ids += sorted(aid for aid in marks if aid not in ids)
    out = []
    for aid in ids:
        art: Article | None = inp.articles.get(aid)
        out.append(
            {
                "id": aid,
                "anchor": article_anchor(aid),
                "article": art,
                "title": (art.title if art else None) or aid,
                "outlet": art.outlet if art else None,
                "published": art.published if art else None,
                "url": safe_url(art.url if art else None),
                "url_text": art.url if art else None,
                "marks": len(marks.get(aid, [])),
            }
        )
    return out


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain web address; anything else (javascript:, data:) is shown as text only."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def left_out(a: Assessment) -> list[tuple[str, int]]:
    return sorted(a.left_out.items(), key=lambda kv: (-kv[1], kv[0]))


def day(value: str | None) -> str:
    """A date as its ISO day, or the stored text when it is not a readable date, or 'undated'."""
    if not value:
        return "undated"
    d = parse_day(value)
    return d.isoformat() if d else value
