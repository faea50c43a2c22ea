"""From raw article text to clean text, with every removed line kept and explained.

Three signals, strongest first:
1. a leading headline line (moved to the title, not lost);
2. lines this outlet repeats across articles already in the store (navigation, sign-up prompts and
   footers are the same on every page of a site, article sentences are not);
3. the learned line classifier (``heuer.ingest.boilerplate``), which reads each line's shape, wording
   and position in context.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from heuer.ingest.boilerplate import classify_lines
from heuer.model import RemovedLine

REPEAT_MIN_OTHERS = 2  # a line seen in two other articles of the outlet (three with this one)
REPEAT_MAX_WORDS = 15  # longer repeated lines are more likely standing background text than furniture
TITLE_MAX_WORDS = 25
# trafilatura has already removed page furniture from HTML; the line classifier, trained on whole-page
# text, only loses article lines there (bench/ingest.py measures both ways), so HTML skips it.
CLASSIFY_HTML = False

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_NO_TITLE_END = (".", ",", ";", ":", "-", "–", "—")  # a dash ends a dateline ("PARIS -"), not a headline


@dataclass
class Cleaned:
    text: str
    title: str | None
    removed: list[RemovedLine] = field(default_factory=list)
    line_hashes: list[str] = field(default_factory=list)


def tidy_line(line: str) -> str:
    """NFC, one plain space for every kind of space (no-break spaces break tokenisers), trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", line)).strip()


def line_hash(line: str) -> str:
    return hashlib.sha1(" ".join(line.casefold().split()).encode("utf-8")).hexdigest()[:16]


def looks_like_headline(first: str, rest_words: int) -> bool:
    n = len(first.split())
    return 3 <= n <= TITLE_MAX_WORDS and not first.endswith(_NO_TITLE_END) and rest_words >= 3 * n


def clean_text(
    raw: str,
    *,
    title: str | None = None,
    outlet_counts: Mapping[str, int] | None = None,
    use_classifier: bool = True,
) -> Cleaned:
    """Clean one document. ``outlet_counts`` maps line hashes to their count in other stored articles."""
    numbered = [(i, tidy_line(line)) for i, line in enumerate(raw.splitlines())]
    lines = [(i, line) for i, line in numbered if line]
    hashes = [line_hash(line) for _, line in lines]
    verdict: dict[int, RemovedLine] = {}

    if lines:
        i0, first = lines[0]
        rest_words = sum(len(line.split()) for _, line in lines[1:])
        if title and line_hash(title) == hashes[0]:
            verdict[0] = RemovedLine(index=i0, text=first, reason="title repeated at the top of the text")
        elif not title and len(lines) > 1 and looks_like_headline(first, rest_words):
            title = first
            verdict[0] = RemovedLine(index=i0, text=first, reason="headline (kept as the article title)")

    if outlet_counts:
        for k, ((i, line), h) in enumerate(zip(lines, hashes, strict=True)):
            n = outlet_counts.get(h, 0)
            if k not in verdict and n >= REPEAT_MIN_OTHERS and len(line.split()) <= REPEAT_MAX_WORDS:
                verdict[k] = RemovedLine(
                    index=i, text=line, reason=f"repeated in {n} other articles of this outlet"
                )

    if use_classifier and lines:
        for k, v in enumerate(classify_lines([line for _, line in lines])):
            if k not in verdict and v.boilerplate:
                i, line = lines[k]
                verdict[k] = RemovedLine(index=i, text=line, reason=v.reason, score=round(v.score, 4))

    kept = [line for k, (_, line) in enumerate(lines) if k not in verdict]
    return Cleaned(
        text="\n\n".join(kept),
        title=title,
        removed=[verdict[k] for k in sorted(verdict)],
        line_hashes=hashes,
    )
