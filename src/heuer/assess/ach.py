"""The ACH matrix (Heuer): consistency ratings, diagnosticity, inconsistency scores, sensitivity.

Heuer's rule is that the favoured hypothesis is the one with the *least inconsistent* evidence, not
the most consistent: consistent evidence is often consistent with every hypothesis and so tells
nothing. The matrix keeps that view beside the pooled probability, and the two can disagree; a report
shows both. Diagnosticity is how differently a row bears on the hypotheses (zero: it fits all alike).
Sensitivity asks which independent origins are linchpins: removing, or reversing, one of them changes
the favoured hypothesis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from heuer.assess.pool import favoured, posterior
from heuer.model import Evidence, Rating, Sensitivity

STRONG = 1.5  # log-odds of wording (about 82 %) from which a clear stance is rated CC or II
CLEAR = 0.5  # |stance| from which a stance counts as clear
NEUTRAL = 0.15  # |stance| under which a related claim is neutral

INCONSISTENCY = {"I": 1.0, "II": 2.0}


def rating(score: float | None, strength: float) -> Rating:
    """The ACH rating of one stance score (None: the evidence does not bear on the hypothesis)."""
    if score is None:
        return "NA"
    if abs(score) < NEUTRAL:
        return "N"
    strong = abs(score) >= CLEAR and strength >= STRONG
    if score > 0:
        return "CC" if strong else "C"
    return "II" if strong else "I"


def diagnosticity(llr: Mapping[str, float]) -> float:
    """Spread of a row's log-likelihood across hypotheses (max - min); 0 when it fits all alike."""
    return max(llr.values()) - min(llr.values()) if llr else 0.0


def inconsistency(rows: Sequence[Evidence], hypotheses: Sequence[str]) -> dict[str, float]:
    """Heuer's inconsistency score per hypothesis: weighted count of I (1) and II (2) ratings."""
    return {
        h: round(sum(INCONSISTENCY.get(r.ratings.get(h, "NA"), 0.0) * r.weight for r in rows), 4)
        for h in hypotheses
    }


def least_inconsistent(scores: Mapping[str, float]) -> list[str]:
    """Hypotheses with the lowest inconsistency score (several on a tie)."""
    low = min(scores.values())
    return sorted(h for h, s in scores.items() if abs(s - low) < 1e-9)


def sensitivity(
    priors: Mapping[str, float],
    groups: Mapping[str, Mapping[str, float]],
    labels: Mapping[str, str],
    evidence_of: Mapping[str, list[str]],
) -> list[Sensitivity]:
    """Origin groups whose removal or reversal changes the favoured hypothesis (the linchpins).

    Reversal negates the group's log-likelihoods relative to their mean, which is what the same
    sources saying the opposite would contribute.
    """
    base = favoured(posterior(priors, groups))
    out = []
    for g in sorted(groups):
        rest = {k: v for k, v in groups.items() if k != g}
        removed = favoured(posterior(priors, rest))
        llr = groups[g]
        mean = sum(llr.values()) / len(llr) if llr else 0.0
        flipped = {**rest, g: {h: 2 * mean - v for h, v in llr.items()}}
        reversed_ = favoured(posterior(priors, flipped))
        if removed != base or reversed_ != base:
            out.append(
                Sensitivity(
                    group=g,
                    label=labels.get(g, g),
                    evidence=evidence_of.get(g, []),
                    removed=removed if removed != base else None,
                    reversed=reversed_ if reversed_ != base else None,
                )
            )
    return out
