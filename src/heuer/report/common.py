"""What every report format shares: the input record, the scales' words, and the reading of claims.

The three formats must never disagree about a number, a colour class or which sentence a claim points
to, so everything that decides those lives here once; the format modules only lay it out.
"""

from __future__ import annotations

import math
import os
import secrets
import textwrap
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from heuer.assess import ach
from heuer.lexicon import data_path, read_table
from heuer.model import Article, Assessment, EvidenceClaim, Hypothesis

REPORT_VERSION = "1"

RATINGS = ("CC", "C", "N", "I", "II", "NA")
# Heuer's words for the ACH consistency scale, in the order of the scale.
RATING_WORDS = {
    "CC": "very consistent",
    "C": "consistent",
    "N": "neutral",
    "I": "inconsistent",
    "II": "very inconsistent",
    "NA": "not applicable",
}

# A claim is coloured neutral exactly where the ACH matrix rates it N, so the two views never disagree.
NEUTRAL_SCORE = ach.NEUTRAL


@dataclass
class ReportInput:
    """Everything a report shows: the assessment, the articles its claims point into, graded sources.

    ``sources`` rows carry ``source``, ``kind``, ``actor``, ``claims``, ``reliability`` and ``reason``
    (the Admiralty grade and the stated judgement behind it), as the link stage's grading produces them.
    """

    assessment: Assessment
    articles: dict[str, Article] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)


@cache
def icd203_bands() -> list[tuple[str, float, float]]:
    """ICD 203 words and their probability ranges, lowest first, as shipped in the lexicon."""
    rows = read_table(data_path("lexicons", "icd203.tsv"), ["band", "low", "high", "source"])
    return sorted(((r["band"], float(r["low"]), float(r["high"])) for r in rows), key=lambda b: b[1])


@cache
def admiralty_words() -> dict[tuple[str, str], str]:
    """(axis, code) -> the standard's words, so grades are shown as AJP-2.1 phrases them."""
    rows = read_table(data_path("lexicons", "admiralty.tsv"), ["code", "axis", "words", "source"])
    return {(r["axis"], r["code"]): r["words"] for r in rows}


def reliability_words(code: str | None) -> str:
    return admiralty_words().get(("reliability", str(code or "").strip().upper()[:1]), "")


def credibility_words(code: int | str | None) -> str:
    return admiralty_words().get(("credibility", str(code if code is not None else "")), "")


def pct(p: float) -> str:
    """A probability as a whole percentage that never rounds a possibility away to 0% or 100%."""
    if p < 0.01:
        return "<1%"
    if p > 0.99:
        return ">99%"
    return f"{p * 100:.0f}%"


def signed(x: float, digits: int = 2) -> str:
    """A signed number with a real minus sign, so shifts read as directions."""
    text = f"{x:+.{digits}f}"
    return text.replace("-", "\u2212")


def logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def shorten(text: str, width: int, lines: int = 1) -> str:
    """Wrap ``text`` to at most ``lines`` lines of ``width`` characters, ending in "…" when cut."""
    text = " ".join(str(text).split())
    wrapped = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = kept[-1]
    kept[-1] = (last[: width - 1].rstrip() if len(last) >= width else last.rstrip()) + "\u2026"
    return "\n".join(kept)


def stance(score: float | None) -> str:
    """'supports', 'contradicts' or 'neutral' for a claim's score toward one hypothesis."""
    if score is None or abs(score) < NEUTRAL_SCORE:
        return "neutral"
    return "supports" if score > 0 else "contradicts"


def claim_stance(claim: EvidenceClaim, headline: str) -> str:
    return stance(claim.score.get(headline))


def hypothesis(a: Assessment, label: str) -> Hypothesis | None:
    return next((h for h in a.question.hypotheses if h.label == label), None)


def unique_claims(a: Assessment) -> list[EvidenceClaim]:
    """Each evidence claim once, in matrix order (a claim may sit behind more than one row)."""
    seen: set[int] = set()
    out = []
    for ev in a.evidence:
        for c in ev.claims:
            if c.claim_id not in seen:
                seen.add(c.claim_id)
                out.append(c)
    return out


def claim_rows(a: Assessment) -> dict[int, list[str]]:
    """claim id -> the evidence rows it stands behind."""
    rows: dict[int, list[str]] = {}
    for ev in a.evidence:
        for c in ev.claims:
            rows.setdefault(c.claim_id, [])
            if ev.id not in rows[c.claim_id]:
                rows[c.claim_id].append(ev.id)
    return rows


def valid_span(text: str, span: tuple[int, int]) -> bool:
    start, end = span
    return 0 <= start < end <= len(text)


def quote(claim: EvidenceClaim, article: Article | None) -> str:
    """The claim's sentence as the article has it; the stored copy only when the offsets cannot be read."""
    if article is not None and valid_span(article.text, claim.sentence):
        return article.text[claim.sentence[0] : claim.sentence[1]]
    return claim.sentence_text


def least_inconsistent(a: Assessment) -> str | None:
    """The hypothesis ACH favours (Heuer: the least inconsistent evidence); on a tie, the first in order."""
    if not a.inconsistency:
        return None
    tied = ach.least_inconsistent(a.inconsistency)
    return next((h.label for h in a.question.hypotheses if h.label in tied), tied[0])


def parse_day(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime; None for missing or unreadable dates (never guessed)."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def claims_count(value: Any) -> int | str:
    """A source row's ``claims`` as a count, whether it arrives as a number or as the list of claims."""
    if isinstance(value, list | tuple | set | dict):
        return len(value)
    return value if value is not None else ""


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a fresh file beside ``path`` and rename it over ``path``.

    The temporary file is opened exclusively under an unguessable name, so it takes the usual
    permissions from the umask (unlike ``mkstemp``'s private 0600) and never clobbers another writer's.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
