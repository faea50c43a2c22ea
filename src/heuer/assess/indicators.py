"""Indicators: claims about the future, watched against what later articles report.

A prediction or possibility that bears on the question is an indicator. Its due date is the end of its
horizon ("in the next few days" from a dated article); it is *pending* until then. Once a later article
(published after the indicator's, on or before the as-of date) reports the same proposition as a fact
(same claim cluster, mode reported fact), it is *borne out*, or *not borne out* when that report is
negated. Past its due date with no such report it is *not borne out*: the predicted thing did not
happen in time, as far as the coverage shows. Without a horizon it stays *open*.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from heuer.model import EvidenceClaim, Indicator

FUTURE_MODES = ("prediction", "possibility")


@dataclass(frozen=True)
class Report:
    """A later claim that may settle an indicator: its cluster, date, polarity and mode."""

    claim_id: int
    cluster: int | None
    published: str | None
    polarity: str
    mode: str


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def indicators(
    evidence: Sequence[EvidenceClaim],
    horizons: Mapping[int, tuple[str | None, str | None]],
    clusters: Mapping[int, int | None],
    reports: Sequence[Report],
    as_of: str,
) -> list[Indicator]:
    """Indicators from the evidence claims about the future.

    ``horizons`` maps claim id to (horizon text, due date or None); ``clusters`` claim id to cluster id.
    """
    out = []
    for c in evidence:
        if c.mode not in FUTURE_MODES or c.polarity != "affirmed":
            continue
        text, due = horizons.get(c.claim_id, (None, None))
        due = _day(due)
        if due and c.published and due < _day(c.published):
            continue  # a horizon that ended before the article appeared: about the past, not a forecast
        cluster = clusters.get(c.claim_id)
        since = _day(c.published)
        later = [
            r
            for r in reports
            if r.claim_id != c.claim_id
            and cluster is not None
            and r.cluster == cluster
            and r.mode == "reported_fact"
            and r.published
            and (since is None or _day(r.published) > since)
            and _day(r.published) <= as_of
        ]
        later.sort(key=lambda r: (r.published or "", r.claim_id))
        if later:
            first = later[0]
            borne = first.polarity == "affirmed"
            status = "borne_out" if borne else "not_borne_out"
            how = "as fact" if borne else "as not so"
            basis = f"reported {how} on {_day(first.published)} (claim {first.claim_id})"
        elif due is None:
            status, basis = "open", "no dated horizon: watched without a due date"
        elif due < as_of:
            status, basis = "not_borne_out", f"due {due}; no later report that it happened by {as_of}"
        else:
            status, basis = "pending", f"due {due}; as of {as_of} not yet due"
        supports = {h: s for h, s in c.score.items() if s > 0}
        out.append(
            Indicator(
                claim_id=c.claim_id,
                article_id=c.article_id,
                text=c.sentence_text,
                sentence=c.sentence,
                source=c.source,
                published=c.published,
                horizon=text,
                due=due,
                status=status,
                basis=basis,
                points_to=max(supports, key=lambda h: (supports[h], h)) if supports else None,
            )
        )
    order = {"pending": 0, "open": 1, "borne_out": 2, "not_borne_out": 3}
    out.sort(key=lambda i: (order[i.status], i.due or "9999", i.claim_id))
    return out
