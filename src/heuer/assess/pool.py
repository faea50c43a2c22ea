"""Pooling independent evidence into a probability per hypothesis, its ICD 203 word and a confidence.

The formula (printed in every report as ``FORMULA``)::

    score(h) = log prior(h) + sum over independent origin groups g of k_g * L(g, h)
    L(g, h)  = mean over the group's claims c of  1/2 * w_c * m_c * s_c(h)
    P(h)     = exp score(h) / sum over k of exp score(k)

- ``s_c(h)`` in [-1, 1] is the claim's stance toward hypothesis h after its polarity: the stance
  model's P(agree) - P(disagree), sign-flipped for a negated claim ("had not seen any indications that
  X") and for an estimate below even chance ("X is unlikely").
- ``m_c`` is the strength of the claim's wording in log-odds units: logit of how sure it is (its
  estimative word's survey median, or the mode's default in assess_weights.tsv), at least 0.25.
- ``w_c`` in [0, 1] is source reliability x information credibility (Admiralty weights in
  assess_weights.tsv): an ungraded source counts half.
- ``k_g`` discounts groups that share a reporting channel (``channel_factors``): n of them count as
  1 + (n - 1)(1 - rho) independent ones.

For two hypotheses that are each other's negation this is plain log-odds pooling from the prior:
log-odds(H1) = log-odds prior + sum_g mean_c w_c m_c s_c(H1). Claims of one origin group are averaged,
not added: ten outlets retelling one report move the number once (circular reporting, DESIGN.md). The
half in L keeps the gap between two hypotheses at w * m per group, the claim's own log-odds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from heuer.extract.certainty import default_bands, icd203_word
from heuer.lexicon import LexiconFileError, data_path, read_table
from heuer.unionfind import UnionFind


def formula() -> str:
    """The pooling formula as printed in reports, with the channel correlation in force."""
    return FORMULA.replace("(ρ = 0.5)", f"(ρ = {load_weights().channel_correlation:g})")


FORMULA = (
    "score(h) = log prior(h) + Σ_g k_g · L(g, h)\n"
    "L(g, h) = mean over the claims c of origin group g of ½ · w_c · m_c · s_c(h)\n"
    "P(h) = exp score(h) / Σ_k exp score(k)\n"
    "g: independent origin groups (claims retold from one origin are one group); "
    "w_c: source reliability × information credibility weight in [0, 1]; "
    "m_c: strength of the claim's wording in log-odds (from its estimative words); "
    "s_c(h): its stance toward h in [-1, 1] after polarity, scaled by how much of h it speaks to; "
    "k_g = (1 + (n - 1)(1 - ρ)) / n for the n groups sharing g's reporting channel (ρ = 0.5)"
)

MIN_STRENGTH = 0.25  # a claim that bears on a hypothesis at all moves it a little
MAX_STRENGTH = 2.2  # about 90 %: no single sentence moves the odds by more than 9 to 1
EVEN_BAND = 0.05  # an estimate within 5 points of even chance neither supports nor contradicts


@dataclass(frozen=True)
class Weights:
    reliability: dict[str, float]
    credibility: dict[int, float]
    mode_p: dict[str, float]
    voice: dict[str, float]
    channel_correlation: float


@lru_cache(maxsize=2)
def load_weights(path: str | None = None) -> Weights:
    """The pooling parameters from assess_weights.tsv, every Admiralty code present once."""
    file = path or data_path("lexicons", "assess_weights.tsv")

    def check(row: dict[str, str]) -> str | None:
        if row["axis"] not in ("reliability", "credibility", "mode", "voice", "pooling"):
            return f"unknown axis {row['axis']!r}"
        try:
            v = float(row["value"])
        except ValueError:
            return f"value {row['value']!r} is not a number"
        return None if 0 <= v <= 1 else f"value {v} is outside [0, 1]"

    tables: dict[str, dict[str, float]] = {}
    for row in read_table(file, ["axis", "code", "value", "source"], check=check):
        table = tables.setdefault(row["axis"], {})
        if row["code"] in table:
            raise LexiconFileError(f"{file}: {row['axis']} {row['code']} is listed twice")
        table[row["code"]] = float(row["value"])
    rel = tables.get("reliability", {})
    cred = tables.get("credibility", {})
    missing = [f"reliability {c}" for c in "ABCDEF" if c not in rel] + [
        f"credibility {c}" for c in "123456" if c not in cred
    ]
    if missing:
        raise LexiconFileError(f"{file}: missing {', '.join(missing)}")
    return Weights(
        reliability=rel,
        credibility={int(k): v for k, v in cred.items()},
        mode_p=tables.get("mode", {}),
        voice=tables.get("voice", {}),
        channel_correlation=tables.get("pooling", {}).get("channel_correlation", 0.5),
    )


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


@dataclass(frozen=True)
class Strength:
    """How much a claim's wording can move the odds, and whether its estimate reverses its stance."""

    m: float
    flip: bool
    note: str


def strength(
    mode: str, certainty_p: float | None, cue: str | None, weights: Weights | None = None
) -> Strength:
    """The wording's strength ``m`` (log-odds) and whether a below-even estimate flips the stance.

    A possibility ("could", "may") only says a thing can happen: it never flips, and its low survey
    number (about 40 % for "could") is read as weak support, not as evidence against. An estimate
    ("unlikely", "almost certainly not") below even chance flips: "X is unlikely" is evidence against X.
    """
    weights = weights or load_weights()
    default = weights.mode_p.get(mode, 0.7)
    if certainty_p is None:
        p, flip, note = default, False, f"no estimative words: {mode.replace('_', ' ')} read as {default:.0%}"
    elif mode == "possibility":
        p = max(certainty_p, 1 - certainty_p, default) if certainty_p >= 0.5 else default
        flip, note = False, f"'{cue}' marks a possibility: read as {p:.0%} support"
    elif certainty_p < 0.5 - EVEN_BAND:
        p, flip, note = 1 - certainty_p, True, f"'{cue}' puts it at {certainty_p:.0%}: evidence against"
    elif certainty_p <= 0.5 + EVEN_BAND:
        p, flip, note = 0.5, False, f"'{cue}' puts it near even chance"
    else:
        p, flip, note = certainty_p, False, f"'{cue}' puts it at {certainty_p:.0%}"
    m = min(max(logit(p), MIN_STRENGTH), MAX_STRENGTH)
    return Strength(m=m, flip=flip, note=note)


def weight(
    reliability: str, credibility: int, voice: str = "attributed", weights: Weights | None = None
) -> float:
    """Evidence weight in [0, 1]: reliability x credibility, times the voice's factor."""
    weights = weights or load_weights()
    return (
        weights.reliability.get(reliability, weights.reliability["F"])
        * weights.credibility.get(int(credibility), weights.credibility[6])
        * weights.voice.get(voice, 1.0)
    )


def group_llr(claims: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """One origin group's log-likelihood per hypothesis: the mean of its claims' shares."""
    if not claims:
        return {}
    keys = sorted({k for c in claims for k in c})
    return {k: sum(c.get(k, 0.0) for c in claims) / len(claims) for k in keys}


def channel_factors(
    group_articles: Mapping[str, set[str]], correlation: float | None = None
) -> dict[str, float]:
    """Per origin group, the discount for sharing a reporting channel with other groups.

    Groups whose claims appear in a common article are one channel (transitively: two articles that
    retell one report join their channels). n groups in a channel count as n_eff = 1 + (n - 1)(1 - rho)
    independent ones, so each is scaled by n_eff / n: officials quoted side by side in one report were
    chosen by one reporter and are not n independent looks at the world.
    """
    rho = load_weights().channel_correlation if correlation is None else correlation
    root = _channels(group_articles)
    sizes = Counter(root.values())
    return {g: (1 + (sizes[root[g]] - 1) * (1 - rho)) / sizes[root[g]] for g in group_articles}


def channel_count(group_articles: Mapping[str, set[str]]) -> int:
    """How many reporting channels the groups form (groups sharing an article are one)."""
    return len(set(_channels(group_articles).values()))


def _channels(group_articles: Mapping[str, set[str]]) -> dict[str, object]:
    """Origin group -> its channel's id: groups sharing an article, transitively, share one."""
    uf = UnionFind()
    by_article: dict[str, str] = {}
    for g in sorted(group_articles):
        uf.find(g)
        for a in sorted(group_articles[g]):
            if a in by_article:
                uf.union(by_article[a], g)
            else:
                by_article[a] = g
    return {g: uf.find(g) for g in group_articles}


def posterior(priors: Mapping[str, float], groups: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """P(h) from priors and each independent group's log-likelihoods (softmax of the scores)."""
    scores = {h: math.log(p) + sum(g.get(h, 0.0) for g in groups.values()) for h, p in priors.items()}
    top = max(scores.values())
    exp = {h: math.exp(s - top) for h, s in scores.items()}
    total = sum(exp.values())
    return {h: exp[h] / total for h in priors}


def favoured(probs: Mapping[str, float]) -> str:
    """The most probable hypothesis; ties go to the earlier label, so output is stable."""
    return min(probs, key=lambda h: (-round(probs[h], 12), h))


def icd203(p: float) -> tuple[str, tuple[float, float]]:
    """The ICD 203 word for p and that word's band."""
    word = icd203_word(p)
    band = next(b for b in default_bands() if b.word == word)
    return word, (band.low, band.high)


# --- confidence ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceBase:
    """What confidence is judged from: never the probability itself (ICD 203)."""

    groups: int
    graded: int  # groups whose source reliability is graded (not F)
    mean_weight: float
    agreement: float  # share of the absolute pooled weight that points the favoured way, 0..1
    channels: int = 0  # reporting channels the groups reached the reader through (0: not known)
    effective: float | None = None  # independent origins after the channel discount (sum of k_g)


def confidence(base: EvidenceBase) -> tuple[str, list[str]]:
    """low / moderate / high from the amount, independence, reliability and agreement of the evidence.

    Points: effective independent origins (4+ two points, 2+ one), reliable sources (half or more
    graded and a mean weight of 0.6+, one point), agreement (80 %+ one point, under 60 % minus one).
    High needs 4 points and graded sources; moderate needs 2 points, and is out of reach when every
    origin is ungraded and all came through one reporting channel. The reasons name each factor so a
    reader can dispute it.
    """
    points, reasons = 0, []
    n = base.effective if base.effective is not None else float(base.groups)
    if n >= 4:
        points += 2
    elif n >= 2:
        points += 1
    if base.groups == 0:
        reasons.append("no evidence bears on the question")
    elif base.groups == 1:
        reasons.append("a single independent origin bears on the question")
    else:
        counted = f"{base.groups} origins bear on the question"
        if base.channels == 1:
            counted += f", all through one reporting channel (worth about {n:.1f} independent ones)"
        elif base.channels > 1:
            counted += f" through {base.channels} reporting channels (worth about {n:.1f} independent ones)"
        reasons.append(counted)
    reliable = base.groups > 0 and base.graded * 2 >= base.groups and base.mean_weight >= 0.6
    if reliable:
        points += 1
        reasons.append(f"sources graded reliable (mean weight {base.mean_weight:.2f})")
    elif base.graded == 0 and base.groups:
        reasons.append("no source's reliability is graded (all F, cannot be judged)")
    elif base.groups:
        reasons.append(f"source reliability is weak or mostly ungraded (mean weight {base.mean_weight:.2f})")
    if base.groups:
        share = f"{base.agreement:.0%} of its weight points one way"
        if base.agreement >= 0.8:
            points += 1
            reasons.append(f"the evidence largely agrees ({share})")
        elif base.agreement < 0.6:
            points -= 1
            reasons.append(f"the evidence conflicts ({share})")
        else:
            reasons.append(f"the evidence partly conflicts ({share})")
    one_ungraded_channel = base.graded == 0 and base.channels == 1 and base.groups > 0
    if points >= 4 and reliable:
        level = "high"
    elif points >= 2 and not one_ungraded_channel:
        level = "moderate"
    else:
        level = "low"
    return level, reasons
