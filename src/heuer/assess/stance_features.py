"""Pair features for the stance model: how a text bears on a statement, as numbers a tree model can split.

The stance of a text toward a statement is mostly decided by a few of its sentences: the ones that speak
about the statement's subject. So besides whole-text similarity, every feature family is also taken over
the text's sentences ranked by similarity to the statement (the best one, the top three): a debunking
article says "hoax" next to the claim, not in its byline. The cue words (refuting, negation, hedging,
confirming; ``data/lexicons/stance_cues.tsv``) are counted in the statement, the whole text, its lead and
those top sentences, so that the model can tell a text that denies the claim from one that merely
contains a "not" somewhere.

Similarity is TF-IDF cosine over crudely stemmed content words (the document frequencies travel with the
model, so run-time texts are weighed the way training texts were) and, for the ``semantic`` model, the
cosine of all-MiniLM-L6-v2 sentence vectors, which sees paraphrase that shares no word. Everything here
works on any (statement, text) pair; sentence splitting is a regular expression so that a batch of long
bodies does not wait for a parser.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from heuer.lexicon import data_path, read_table

CUE_KINDS = ("refute", "negation", "hedge", "support")
# a body's sentences beyond this add run time (embedding) and little signal: the stance is in the lead
MAX_SENTENCES = 40
LEAD_SENTENCES = 2
TOP_K = 3
BAG_LEAD_SENTENCES = 5

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(ENGLISH_STOP_WORDS)


# --- text units -----------------------------------------------------------------------------------


def split_sentences(text: str, limit: int = MAX_SENTENCES) -> list[str]:
    """Sentences of ``text`` (the first ``limit``); a text without a sentence end is one sentence."""
    out = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if piece and _WORD.search(piece.lower()):
            out.append(piece)
            if len(out) >= limit:
                break
    return out or [text.strip()]


def tokens(text: str) -> list[str]:
    """Lower-case word tokens with "n't" spelled out, so that "isn't" carries a "not"."""
    return _WORD.findall(text.lower().replace("n't", " not").replace("\u2019t", " not"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to meet "denies"/"denied"/"deny" without a language model."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("ied", "y", 5),
        ("sses", "ss", 6),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + repl
    return word


def content_terms(toks: Sequence[str]) -> list[str]:
    return [stem(t) for t in toks if t not in _STOP and len(t) > 1]


# --- lexicon --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def cue_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases per kind, as token tuples, from ``data/lexicons/stance_cues.tsv``."""

    def check(row: dict[str, str]) -> str | None:
        if row["kind"] not in CUE_KINDS:
            return f"unknown kind {row['kind']!r} (one of {', '.join(CUE_KINDS)})"
        return None if tokens(row["phrase"]) else f"phrase {row['phrase']!r} has no word"

    rows = read_table(data_path("lexicons", "stance_cues.tsv"), ["phrase", "kind", "source"], check=check)
    out: dict[str, set[tuple[str, ...]]] = {k: set() for k in CUE_KINDS}
    for r in rows:
        out[r["kind"]].add(tuple(tokens(r["phrase"])))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def cue_counts(toks: Sequence[str]) -> np.ndarray:
    """Occurrences of each cue kind's phrases in a token list (one entry per ``CUE_KINDS``)."""
    grams: Counter[tuple[str, ...]] = Counter((t,) for t in toks)
    grams.update(zip(toks, toks[1:], strict=False))
    grams.update(zip(toks, toks[1:], toks[2:], strict=False))
    phrases = cue_phrases()
    return np.array([sum(grams[p] for p in phrases[k]) for k in CUE_KINDS], dtype=np.float32)


# --- document frequencies -------------------------------------------------------------------------


def document_frequencies(texts: Sequence[str], min_df: int = 2) -> tuple[int, dict[str, int]]:
    """Document count and per-term document frequency (terms seen in at least ``min_df`` texts)."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(content_terms(tokens(text))))
    return len(texts), {t: n for t, n in sorted(df.items()) if n >= min_df}


@dataclass(frozen=True)
class Idf:
    """Smoothed inverse document frequency; an unseen term weighs like one seen once."""

    documents: int
    df: dict[str, int]

    def __call__(self, term: str) -> float:
        return math.log((1 + self.documents) / (1 + self.df.get(term, 1))) + 1.0


# --- per-text preparation -------------------------------------------------------------------------


def _weights(terms: Sequence[str], idf: Idf) -> dict[str, float]:
    counts = Counter(terms)
    w = {t: (1.0 + math.log(c)) * idf(t) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
    return {t: v / norm for t, v in w.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _bigrams(terms: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(terms, terms[1:], strict=False))


@dataclass
class Statement:
    text: str
    terms: list[str]
    weights: dict[str, float]
    bigrams: set[tuple[str, str]]
    cues: np.ndarray
    question: bool
    idf_mass: float
    keys: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str, idf: Idf) -> Statement:
        toks = tokens(text)
        terms = content_terms(toks)
        unique = set(terms)
        return cls(
            text=text,
            terms=terms,
            weights=_weights(terms, idf),
            bigrams=_bigrams(terms),
            cues=cue_counts(toks),
            question="?" in text,
            idf_mass=sum(idf(t) for t in unique),
            keys=frozenset(f"h:{t}" for t in toks),
        )


@dataclass
class Body:
    text: str
    sentences: list[str]
    terms: set[str]
    weights: dict[str, float]
    lead_weights: dict[str, float]
    bigrams: set[tuple[str, str]]
    # per term, its TF-IDF weight in each sentence (the statement-sentence cosines are then a few adds)
    columns: dict[str, np.ndarray]
    sentence_cues: np.ndarray  # (sentences, len(CUE_KINDS))
    n_tokens: int
    lead_terms: set[str] = field(default_factory=set)
    sentence_keys: list[frozenset[str]] = field(default_factory=list)
    lead_keys: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str, idf: Idf) -> Body:
        sentences = split_sentences(text)
        sent_toks = [tokens(s) for s in sentences]
        sent_terms = [content_terms(t) for t in sent_toks]
        all_terms = [t for ts in sent_terms for t in ts]
        columns: dict[str, np.ndarray] = {}
        for i, ts in enumerate(sent_terms):
            for t, v in _weights(ts, idf).items():
                col = columns.get(t)
                if col is None:
                    col = columns[t] = np.zeros(len(sentences), dtype=np.float32)
                col[i] = v
        lead = [t for ts in sent_terms[:LEAD_SENTENCES] for t in ts]
        return cls(
            text=text,
            sentences=sentences,
            terms=set(all_terms),
            weights=_weights(all_terms, idf),
            lead_weights=_weights(lead, idf),
            bigrams=set().union(*(_bigrams(ts) for ts in sent_terms)),
            columns=columns,
            sentence_cues=np.vstack([cue_counts(t) for t in sent_toks]),
            n_tokens=sum(len(t) for t in sent_toks),
            lead_terms=set(lead),
            sentence_keys=[
                frozenset([*(f"t:{w}" for w in t), *(f"t:{a} {b}" for a, b in zip(t, t[1:], strict=False))])
                for t in sent_toks
            ],
            lead_keys=frozenset(f"l:{w}" for t in sent_toks[:BAG_LEAD_SENTENCES] for w in t),
        )


# --- features -------------------------------------------------------------------------------------


def _cue_names(where: str) -> list[str]:
    return [f"{where}_{k}" for k in CUE_KINDS]


LEXICAL_FEATURES: tuple[str, ...] = (
    "cos_body",
    "cos_lead",
    "cos_sent_max",
    "cos_sent_top",
    "cos_sent_mean",
    "cos_sent_argmax",
    "sent_related_share",
    "cover",
    "cover_idf",
    "cover_lead",
    "cover_best_sentence",
    "jaccard",
    "bigram_cover",
    "statement_terms",
    "body_tokens_log",
    "body_sentences",
    "statement_question",
    *_cue_names("statement"),
    *_cue_names("body_rate"),
    *_cue_names("lead"),
    *_cue_names("best"),
    *_cue_names("top"),
    "negation_mismatch",
)

SEMANTIC_FEATURES: tuple[str, ...] = (
    "emb_body",
    "emb_first",
    "emb_sent_max",
    "emb_sent_top",
    "emb_sent_mean",
    "emb_sent_std",
    "emb_sent_argmax",
    *_cue_names("emb_best"),
    *_cue_names("emb_top"),
    "emb_negation_mismatch",
)


def _top(values: np.ndarray, k: int = TOP_K) -> np.ndarray:
    if len(values) <= k:
        return np.arange(len(values))
    return np.argpartition(-values, k)[:k]


def _position(index: int, n: int) -> float:
    return index / (n - 1) if n > 1 else 0.0


def _cue_block(s: Statement, b: Body, best: int, top: np.ndarray, lexical: bool) -> tuple[list[float], float]:
    best_cues = b.sentence_cues[best]
    top_cues = b.sentence_cues[top].sum(axis=0)
    neg = CUE_KINDS.index("negation")
    mismatch = float((s.cues[neg] > 0) != (best_cues[neg] > 0))
    values = [*best_cues, *top_cues]
    if lexical:
        n = len(b.sentences)
        body_rate = b.sentence_cues.sum(axis=0) / n
        lead = b.sentence_cues[:LEAD_SENTENCES].sum(axis=0)
        values = [*s.cues, *body_rate, *lead, *values]
    return [float(v) for v in values], mismatch


def sentence_cosines(s: Statement, b: Body) -> tuple[np.ndarray, np.ndarray]:
    """TF-IDF cosine of the statement to each sentence, and how many statement terms each one holds."""
    n = len(b.sentences)
    cos_sent = np.zeros(n, dtype=np.float32)
    hits = np.zeros(n, dtype=np.float32)
    for t, w in s.weights.items():
        col = b.columns.get(t)
        if col is not None:
            cos_sent += w * col
            hits += col > 0
    return cos_sent, hits


def bag_keys(s: Statement, b: Body, cos_sent: np.ndarray) -> frozenset[str]:
    """The words of the statement, of the text's lead and (with word pairs) of its top sentences.

    These feed the linear word model, which learns from data which words near the claim refute or
    report it, beyond the hand-written cue lists.
    """
    return s.keys | b.lead_keys | frozenset().union(*(b.sentence_keys[i] for i in _top(cos_sent)))


def lexical_features(s: Statement, b: Body, idf: Idf, cos_sent: np.ndarray, hits: np.ndarray) -> list[float]:
    n = len(b.sentences)
    best = int(np.argmax(cos_sent))
    top = _top(cos_sent)
    unique = set(s.terms)
    shared = unique & b.terms
    n_terms = max(len(unique), 1)
    cues, mismatch = _cue_block(s, b, best, top, lexical=True)
    return [
        _cos(s.weights, b.weights),
        _cos(s.weights, b.lead_weights),
        float(cos_sent.max()),
        float(cos_sent[top].mean()),
        float(cos_sent.mean()),
        _position(best, n),
        float((cos_sent > 0.1).mean()),
        len(shared) / n_terms,
        sum(idf(t) for t in shared) / s.idf_mass if s.idf_mass else 0.0,
        len(unique & b.lead_terms) / n_terms,
        float(hits.max()) / n_terms,
        len(shared) / max(len(unique | b.terms), 1),
        len(s.bigrams & b.bigrams) / max(len(s.bigrams), 1),
        float(len(unique)),
        math.log1p(b.n_tokens),
        float(n),
        float(s.question),
        *cues,
        mismatch,
    ]


def semantic_features(s: Statement, b: Body, s_vec: np.ndarray, b_vecs: np.ndarray) -> list[float]:
    sims = b_vecs @ s_vec
    n = len(sims)
    mean_vec = b_vecs.mean(axis=0)
    norm = float(np.linalg.norm(mean_vec)) or 1.0
    best = int(np.argmax(sims))
    top = _top(sims)
    cues, mismatch = _cue_block(s, b, best, top, lexical=False)
    return [
        float(mean_vec @ s_vec) / norm,
        float(sims[0]),
        float(sims.max()),
        float(sims[top].mean()),
        float(sims.mean()),
        float(sims.std()),
        _position(best, n),
        *cues,
        mismatch,
    ]


def feature_names(semantic: bool) -> list[str]:
    """The tree model's columns: base features, then the word model's three probabilities."""
    return [*LEXICAL_FEATURES, *(SEMANTIC_FEATURES if semantic else ()), *WORD_FEATURES]


# --- embedding cache ------------------------------------------------------------------------------


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Sentence vectors on disk, keyed by a hash of the text, so that re-scoring a corpus skips the model.

    Each ``lookup`` that had to embed something writes one new shard; shards are read back at start.
    """

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)
        self._vectors: dict[str, np.ndarray] = {}
        for shard in sorted(self.directory.glob("shard-*.npz")):
            with np.load(shard) as data:
                self._vectors.update(zip(data["keys"].tolist(), data["vectors"], strict=True))

    def __len__(self) -> int:
        return len(self._vectors)

    def lookup(self, texts: Sequence[str], embed: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items())
        if missing:
            vectors = embed([t for _, t in missing])
            new = dict(zip([k for k, _ in missing], vectors, strict=True))
            self._vectors.update(new)
            self.directory.mkdir(parents=True, exist_ok=True)
            n = len(list(self.directory.glob("shard-*.npz")))
            tmp = self.directory / f"tmp-{n:05d}.npz"
            np.savez(tmp, keys=np.array(list(new)), vectors=np.vstack(list(new.values())))
            tmp.replace(self.directory / f"shard-{n:05d}.npz")
        return np.vstack([self._vectors[k] for k in keys]) if keys else np.zeros((0, 0), np.float32)


# --- word model ---------------------------------------------------------------------------------

WORD_LABELS = ("agree", "disagree", "discuss")
WORD_FEATURES: tuple[str, ...] = tuple(f"words_{k}" for k in WORD_LABELS)


@dataclass(frozen=True)
class WordModel:
    """A multinomial logistic regression over ``bag_keys`` among related pairs (agree/disagree/discuss).

    Its three probabilities are features of the tree model; stored as plain vocabulary and weights.
    """

    vocabulary: dict[str, int]
    coef: np.ndarray  # (len(WORD_LABELS), len(vocabulary))
    intercept: np.ndarray  # (len(WORD_LABELS),)

    def matrix(self, keys: Sequence[frozenset[str]]):
        from scipy import sparse

        indptr, indices = [0], []
        for ks in keys:
            indices.extend(sorted(self.vocabulary[k] for k in ks if k in self.vocabulary))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(keys), len(self.vocabulary)))

    def proba(self, keys: Sequence[frozenset[str]]) -> np.ndarray:
        z = np.asarray(self.matrix(keys) @ self.coef.T) + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "labels": list(WORD_LABELS),
            "terms": terms,
            "coef": [[round(float(v), 5) for v in row] for row in self.coef],
            "intercept": [round(float(v), 5) for v in self.intercept],
        }

    @classmethod
    def from_json(cls, data: dict) -> WordModel:
        if tuple(data["labels"]) != WORD_LABELS:
            raise ValueError(f"word model labels {data['labels']}, expected {list(WORD_LABELS)}")
        return cls(
            vocabulary={t: i for i, t in enumerate(data["terms"])},
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
        )


def bag_vocabulary(keys: Sequence[frozenset[str]], sizes: dict[str, int]) -> dict[str, int]:
    """The most frequent keys of each prefix ("t", "h", "l": ``sizes`` of each), ties by key."""
    counts: Counter[str] = Counter()
    for ks in keys:
        counts.update(ks)
    chosen: list[str] = []
    for prefix, size in sizes.items():
        ranked = sorted((k for k in counts if k.startswith(prefix + ":")), key=lambda k: (-counts[k], k))
        chosen.extend(ranked[:size])
    return {k: i for i, k in enumerate(sorted(chosen))}


# --- batches --------------------------------------------------------------------------------------


def pair_features(
    pairs: Sequence[tuple[str, str]],
    idf: Idf,
    *,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> tuple[np.ndarray, list[frozenset[str]]]:
    """The base feature matrix of ``pairs`` (statement, text) and each pair's word-model keys.

    Semantic columns come only when ``embed`` is given; the word model's columns are added by the
    caller. Each distinct statement and text is prepared (and embedded) once, however many pairs share it.
    """
    statements = {t: Statement.of(t, idf) for t in dict.fromkeys(p[0] for p in pairs)}
    bodies = {t: Body.of(t, idf) for t in dict.fromkeys(p[1] for p in pairs)}
    vectors: dict[str, np.ndarray] = {}
    if embed is not None:
        wanted = list(dict.fromkeys([*statements, *(s for b in bodies.values() for s in b.sentences)]))
        vectors = dict(zip(wanted, embed(wanted), strict=True)) if wanted else {}
    body_vecs = (
        {t: np.vstack([vectors[s] for s in b.sentences]) for t, b in bodies.items()} if vectors else {}
    )
    rows, keys = [], []
    for st, bt in pairs:
        s, b = statements[st], bodies[bt]
        cos_sent, hits = sentence_cosines(s, b)
        row = lexical_features(s, b, idf, cos_sent, hits)
        if embed is not None:
            row += semantic_features(s, b, vectors[st], body_vecs[bt])
        rows.append(row)
        keys.append(bag_keys(s, b, cos_sent))
    width = len(LEXICAL_FEATURES) + (len(SEMANTIC_FEATURES) if embed is not None else 0)
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), width), keys
