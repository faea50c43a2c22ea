"""From claims to evidence: each claim's stance toward each hypothesis, its strength and its weight.

The stance model reads the claim's proposition, which extraction stores without its negation
("had not seen any indications that X" keeps "X" with polarity negated), so the model never has to
undo a negation it may miss; the polarity flips the stance afterwards. Hedges are taken out too
("X could soon join" is read as "X will join"): FNC-1 labels a hedged report "discuss", which would
make every hedged claim neutral, while heuer already carries the hedge in the claim's certainty and so
in its strength. A hypothesis that is the negation of another (the "no" of a yes/no question) takes
the mirror of that one's stance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from heuer.assess.pool import Weights, load_weights, strength, weight
from heuer.model import EvidenceClaim, Hypothesis, StanceLabel

StanceFn = Callable[[Sequence[tuple[str, str]]], list[tuple[str, dict[str, float]]]]
"""(statement, text) pairs -> (label, probabilities of agree / disagree / discuss / unrelated) per pair."""

_LABELS: dict[str, StanceLabel] = {
    "agree": "supports",
    "disagree": "contradicts",
    "discuss": "discusses",
    "unrelated": "unrelated",
}
_MIRROR: dict[StanceLabel, StanceLabel] = {
    "supports": "contradicts",
    "contradicts": "supports",
    "discusses": "discusses",
    "unrelated": "unrelated",
}


MODALS = frozenset({"can", "could", "may", "might", "would", "should", "must", "will", "shall"})
_QUOTES = "\"'“”‘’"


def hedge_free(proposition: str, cue: str | None) -> str:
    """The proposition with a modal hedge ("could soon", "may") replaced by "will".

    Other cues stay: an estimate in its own clause ("it is likely that X") already reads as agreement.
    """
    words = [w.strip(_QUOTES) for w in (cue or "").split()]
    if not words or words[0].lower() not in MODALS:
        return proposition
    pattern = r"\b" + r"\W+".join(re.escape(w) for w in words if w) + r"\b[" + _QUOTES + r"]?"
    m = re.search(pattern, proposition, flags=re.IGNORECASE)
    if not m:
        return proposition
    return " ".join((proposition[: m.start()] + "will" + proposition[m.end() :]).split())


FULL_COVER = 0.5  # a claim that speaks to half of a hypothesis's content words bears on it fully


def _terms(text: str) -> set[str]:
    from heuer.assess.stance_features import content_terms, tokens

    return set(content_terms(tokens(text)))


def _covered(term: str, words: set[str]) -> bool:
    # "kenya" / "kenyan", "japan" / "japanese": a shared stem of five letters or more
    return term in words or any(
        len(w) >= 5 and len(term) >= 5 and (w.startswith(term) or term.startswith(w)) for w in words
    )


def relevance(hypothesis: str, text: str) -> float:
    """How much of the hypothesis the claim speaks to, in [0, 1]: its content words covered, scaled so
    that half of them counts fully.

    The stance model was trained on headline/article pairs from one story, where anything "related"
    is about the headline; a claim sentence can be on the story's topic ("there is a client state
    across the border") and still say nothing about the hypothesis. Scaling by coverage keeps such
    claims from counting as support at full strength.
    """
    want = _terms(hypothesis)
    if not want:
        return 1.0
    have = _terms(text)
    share = sum(1 for t in want if _covered(t, have)) / len(want)
    return min(1.0, share / FULL_COVER)


@dataclass(frozen=True)
class ClaimContext:
    """A stored claim with what evidence needs around it (filled by the assessment pipeline)."""

    claim_id: int
    article_id: str
    outlet: str | None
    title: str | None
    published: str | None
    sentence: tuple[int, int]
    content: tuple[int, int]
    sentence_text: str
    proposition: str
    source: str
    source_kind: str
    voice: str
    polarity: str
    mode: str
    certainty_cue: str | None
    certainty_p: float | None
    group: str
    group_label: str
    reliability: str
    credibility: int


def judge(
    claims: Sequence[ClaimContext],
    hypotheses: Sequence[Hypothesis],
    stance: StanceFn,
    weights: Weights | None = None,
) -> list[EvidenceClaim]:
    """Every claim that bears on at least one hypothesis, as an EvidenceClaim with its shares.

    ``llr[h] = 1/2 * w * m * s(h)`` (see ``heuer.assess.pool``); a claim the model calls unrelated to
    every hypothesis is not evidence and is left out.
    """
    weights = weights or load_weights()
    own = [h for h in hypotheses if not h.negates]
    pairs = [(h.text, hedge_free(c.proposition, c.certainty_cue)) for c in claims for h in own]
    probs = stance(pairs) if pairs else []
    out = []
    for i, c in enumerate(claims):
        st = strength(c.mode, c.certainty_p, c.certainty_cue, weights)
        # a negated claim often carries its negation as a low certainty too ("had not" read as a low
        # probability): the two are one reversal, never two that cancel
        flip = c.polarity == "negated" or st.flip
        w = weight(c.reliability, c.credibility, c.voice, weights)
        labels: dict[str, StanceLabel] = {}
        scores: dict[str, float] = {}
        notes = []
        for j, h in enumerate(own):
            raw, p = probs[i * len(own) + j]
            label = _LABELS[raw]
            # only a text that takes a side has a direction; "discuss" reports without taking one
            s = p.get("agree", 0.0) - p.get("disagree", 0.0) if label in ("supports", "contradicts") else 0.0
            r = relevance(h.text, c.proposition)
            s *= r
            if flip and label != "unrelated":
                s, label = -s, _MIRROR[label]
            labels[h.label], scores[h.label] = label, s
            notes.append(
                f"{h.label}: {label} (agree {p.get('agree', 0):.2f}, disagree {p.get('disagree', 0):.2f},"
                f" relevance {r:.2f})"
            )
        for h in hypotheses:
            if h.negates:
                labels[h.label] = _MIRROR[labels[h.negates]]
                scores[h.label] = -scores[h.negates]
        if all(v == "unrelated" for v in labels.values()):
            continue
        method = "; ".join(
            notes
            + ([f"negated ({c.polarity})"] if c.polarity == "negated" else [])
            + [st.note, f"weight {w:.2f} = reliability {c.reliability} x credibility {c.credibility}"]
            + ([f"voice {c.voice}"] if c.voice == "author_opinion" else [])
        )
        out.append(
            EvidenceClaim(
                claim_id=c.claim_id,
                article_id=c.article_id,
                outlet=c.outlet,
                title=c.title,
                published=c.published,
                sentence=c.sentence,
                content=c.content,
                sentence_text=c.sentence_text,
                proposition=c.proposition,
                source=c.source,
                source_kind=c.source_kind,
                group=c.group,
                group_label=c.group_label,
                polarity=c.polarity,
                mode=c.mode,
                certainty_cue=c.certainty_cue,
                certainty_p=c.certainty_p,
                stance=labels,
                score={h: round(v, 4) for h, v in scores.items()},
                strength=round(st.m, 4),
                weight=round(w, 4),
                reliability=c.reliability,
                credibility=c.credibility,
                llr={h: round(0.5 * w * st.m * v, 6) for h, v in scores.items()},
                method=method,
            )
        )
    return out


def by_group(claims: Sequence[EvidenceClaim]) -> dict[str, list[EvidenceClaim]]:
    groups: dict[str, list[EvidenceClaim]] = {}
    for c in claims:
        groups.setdefault(c.group, []).append(c)
    return groups


def mean_scores(claims: Sequence[EvidenceClaim], key: str) -> Mapping[str, float]:
    """Mean of a per-hypothesis field over claims, hypotheses where a claim is unrelated skipped."""
    out: dict[str, list[float]] = {}
    for c in claims:
        for h, v in getattr(c, key).items():
            if c.stance.get(h) != "unrelated":
                out.setdefault(h, []).append(v)
    return {h: sum(vs) / len(vs) for h, vs in out.items()}
