"""Exact duplicates, near-duplicates and retellings.

Three questions at three grains:
- exact: the article id is a hash of the normalised clean text, so the same text is the same article;
- near-duplicate: MinHash LSH (datasketch) over word 5-shingles finds articles whose Jaccard similarity is
  above ``NEAR_DUP_THRESHOLD`` without comparing every pair (syndicated copies with a changed headline or
  a trimmed paragraph);
- retelling: one article repeating long passages of another, or both repeating one report. Whole-text
  similarity misses these (the passages are a small part of each), so passages are found with winnowed
  word 8-gram fingerprints (the document-fingerprinting method of Schleimer, Wilkerson and Aiken) kept in
  the store, and the shared spans are then located exactly in both texts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from heuer.model import ArticleLink, SharedSpan

NUM_PERM = 128
SCHEME = "affine32"  # stored signatures are only comparable within one permutation scheme
SHINGLE = 5
NEAR_DUP_THRESHOLD = 0.8
PASSAGE_K = 8  # words per fingerprinted n-gram: long enough that common phrases do not match
WINNOW_WINDOW = 4  # guarantees any shared run of PASSAGE_K + WINNOW_WINDOW - 1 words is seen
MIN_SPAN_WORDS = 12  # a shared passage shorter than this is a stock phrase, not a retelling
MIN_SHARED_WORDS = 20  # total shared words for a retelling link

_WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """The form hashed for identity: Unicode-normalised, case-folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())


def content_id(text: str) -> str:
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def raw_hash(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Words:
    """Normalised word tokens with their character offsets in the clean text."""

    tokens: list[str]
    starts: list[int]
    ends: list[int]


def words(text: str) -> Words:
    tokens, starts, ends = [], [], []
    for m in _WORD.finditer(text):
        tokens.append(unicodedata.normalize("NFKC", m.group()).casefold())
        starts.append(m.start())
        ends.append(m.end())
    return Words(tokens, starts, ends)


def _hash64(s: str) -> int:
    # signed 64-bit so that SQLite's INTEGER holds it
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def ngram_hashes(tokens: Sequence[str], k: int) -> list[int]:
    return [_hash64(" ".join(tokens[i : i + k])) for i in range(len(tokens) - k + 1)]


def minhash(tokens: Sequence[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def signature_bytes(m: MinHash) -> bytes:
    return m.hashvalues.astype(np.uint64).tobytes()


def from_signature(data: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64).copy()
    )


def winnow(hashes: Sequence[int], window: int = WINNOW_WINDOW) -> list[tuple[int, int]]:
    """(hash, position) of the rightmost minimum of every window, each kept once."""
    if not hashes:
        return []
    if len(hashes) <= window:
        i = min(range(len(hashes)), key=lambda j: (hashes[j], -j))
        return [(hashes[i], i)]
    chosen: dict[int, int] = {}
    for start in range(len(hashes) - window + 1):
        win = hashes[start : start + window]
        low = min(win)
        pos = start + max(j for j, h in enumerate(win) if h == low)
        chosen[pos] = low
    return [(h, p) for p, h in sorted(chosen.items())]


def shared_spans(a: Words, b: Words, k: int = PASSAGE_K, min_words: int = MIN_SPAN_WORDS) -> list[SharedSpan]:
    """Maximal passages of at least ``min_words`` words that occur in both texts, greedy and disjoint."""
    a_h = ngram_hashes(a.tokens, k)
    b_index: dict[int, list[int]] = {}
    for j, h in enumerate(ngram_hashes(b.tokens, k)):
        b_index.setdefault(h, []).append(j)
    runs = []
    used_b: set[int] = set()
    i = 0
    while i < len(a_h):
        best = None
        for j in b_index.get(a_h[i], ()):
            if j in used_b:
                continue
            n = 0
            while i + n < len(a.tokens) and j + n < len(b.tokens) and a.tokens[i + n] == b.tokens[j + n]:
                n += 1
            if best is None or n > best[1]:
                best = (j, n)
        if best and best[1] >= min_words:
            j, n = best
            runs.append((i, j, n))
            used_b.update(range(j, j + n))
            i += n
        else:
            i += 1
    return [
        SharedSpan(
            a_start=a.starts[i],
            a_end=a.ends[i + n - 1],
            b_start=b.starts[j],
            b_end=b.ends[j + n - 1],
            words=n,
        )
        for i, j, n in runs
    ]


class NearDuplicateIndex:
    """An in-memory LSH over the stored signatures, filled once per run and grown as articles arrive."""

    def __init__(self, signatures: Iterable[tuple[str, bytes]] = ()):
        self.lsh = MinHashLSH(threshold=NEAR_DUP_THRESHOLD, num_perm=NUM_PERM)
        self.sigs: dict[str, MinHash] = {}
        for aid, data in signatures:
            self.add(aid, from_signature(data))

    def add(self, article_id: str, m: MinHash) -> None:
        if article_id not in self.sigs:
            self.lsh.insert(article_id, m)
            self.sigs[article_id] = m

    def query(self, m: MinHash) -> list[tuple[str, float]]:
        hits = [(aid, float(m.jaccard(self.sigs[aid]))) for aid in self.lsh.query(m)]
        return sorted((h for h in hits if h[1] >= NEAR_DUP_THRESHOLD), key=lambda h: (-h[1], h[0]))


def retelling_link(article_id: str, a: Words, other_id: str, b: Words) -> ArticleLink | None:
    spans = shared_spans(a, b)
    shared = sum(sp.words for sp in spans)
    if shared < MIN_SHARED_WORDS:
        return None
    similarity = round(shared / max(1, min(len(a.tokens), len(b.tokens))), 4)
    return ArticleLink(kind="retelling", a=article_id, b=other_id, similarity=similarity, spans=spans)
