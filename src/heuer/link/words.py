"""Word lists of the link stage, read from ``data/lexicons/link_words.tsv``.

Kept as data (DESIGN.md) so they can be read and extended without touching the clustering or
provenance logic: ``stopword`` (function words, negation, and the words that say how a proposition is
told rather than what it is) and ``determiner`` (closed-class words that do not change who a source
description refers to).
"""

from __future__ import annotations

from functools import lru_cache

from heuer.lexicon import data_path, read_table

KINDS = ("stopword", "determiner")


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    def check(row: dict[str, str]) -> str | None:
        return None if row["kind"] in KINDS else f"unknown kind {row['kind']!r} (one of {', '.join(KINDS)})"

    rows = read_table(data_path("lexicons", "link_words.tsv"), ["word", "kind", "source"], check=check)
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for r in rows:
        out[r["kind"]].add(r["word"])
    return {k: frozenset(v) for k, v in out.items()}


def link_words(kind: str) -> frozenset[str]:
    return _table()[kind]
