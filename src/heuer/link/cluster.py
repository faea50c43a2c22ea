"""Group claims that state the same proposition, whatever the wording, across articles.

Later stages count how many independent origins stand behind a proposition and weigh "X happened"
against "X did not happen"; both need every claim of one proposition in one cluster. Polarity therefore
never affects membership: the extraction stage hands over a negated claim's proposition with the negation
removed, and negation words are stopwords here, so "X" and "not X" land together and each claim keeps its
own polarity in the cluster.

How a pair is scored. Each proposition becomes a set of content-word stems (a regex tokenizer, a small
stopword list that also holds negation, reporting and hedging words, and a suffix-stripping normaliser);
actor ids are added as tokens of their own, so a shared actor counts like a shared rare word. Tokens are
weighted by inverse document frequency over every claim seen so far. A pair gets three scale-free
overlap figures (weighted cosine; the shared weight over the smaller and over the larger claim's weight),
and a logistic function of them gives the probability that the two claims are one story. Its weights
were fitted on FNC-1 train pairs (``scripts/tune_clusters.py``): the smaller-side overlap lets a short
claim join a long retelling of it, while the cosine keeps two long claims that share one name apart.

How claims become clusters. Average linkage over that probability: two groups merge while the mean
probability over all their cross pairs (pairs never scored count as 0) is at least ``threshold``.
Group averages resist the chaining that makes single-link join unrelated stories through one shared
name.

Blocking, so that 100,000 claims take minutes rather than hours: candidate pairs come only from tokens
that are rare enough (document frequency at most ``max(BLOCK_MIN_DF, BLOCK_FRACTION * claims)``),
found through an inverted index and a sparse matrix product; each new claim keeps its ``top_k``
candidates by rare-token overlap, and only those pairs are scored on all their tokens.

The optional semantic method (``method="semantic"``, needs the ``semantic`` extra; see
``heuer.link.semantic``). Each claim also gets a sentence embedding; a pair's embedding cosine is a
fourth input to the logistic function (weights fitted the same way), and each new claim's ``top_k``
nearest claims by embedding become candidates too, so paraphrases with no rare word in common can
still meet. The embeddings are kept in the state (float16), because the state keeps no proposition
text to recompute them from; loading a state therefore needs no model until the next ``add``.

Incremental. ``add`` clusters the new claims together with the existing clusters they have candidates
in. An existing cluster is never split, and two existing clusters are never merged, so cluster ids
stay stable for the store; a new claim either joins one existing cluster (with any new claims grouped
with it) or founds a new one. Within one call the outcome does not depend on the order the claims are
given in (they are sorted by key); across calls earlier decisions stand, so a claim on the border of
two stories can land differently when added later than when added in one batch.
"""

from __future__ import annotations

import base64
import heapq
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from heuer.link.words import link_words

# Fitted and chosen on FNC-1 train only, by ``scripts/tune_clusters.py``: logistic regression of
# "same story" on (cosine, shared/smaller, shared/larger) over all pairs of train headlines, then the
# average-linkage threshold that maximised B-cubed F1 of this clusterer on train.
PAIR_WEIGHTS = (6.18, 5.18, 6.75)
PAIR_BIAS = -5.26
THRESHOLD = 0.2

# The same fit for the semantic method, on (cosine, shared/smaller, shared/larger, embedding cosine),
# with its own train-chosen threshold (``scripts/tune_clusters.py --method semantic``).
SEMANTIC_WEIGHTS = (11.56, -0.05, -2.15, 12.48)
SEMANTIC_BIAS = -9.25
SEMANTIC_THRESHOLD = 0.3
EMBED_MIN = 0.3  # embedding neighbours below this cosine are not worth scoring
METHODS = ("lexical", "semantic")

EDGE_MIN = 0.01  # pairs below this probability are dropped: they barely move a group average
TOP_K = 40  # candidates kept per new claim
BLOCK_MIN_DF = 50
BLOCK_FRACTION = 0.02
STATE_VERSION = 1

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Function words, negation (polarity is kept per claim, never used for membership), and the reporting,
# hedging and headline words that say how a proposition is told rather than what it is.
STOPWORDS = link_words("stopword")  # data/lexicons/link_words.tsv


def normalise(word: str) -> str:
    """A light suffix stripper, so that "floods", "flooding" and "flooded" meet without a lexicon.

    Over-stemming ("hundreds" -> "hundr") is harmless here: only equality between stems matters.
    """
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "i"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_tokens(text: str, actors: Iterable[str] = ()) -> list[str]:
    """The sorted set of content stems of ``text``, plus one ``@id`` token per actor."""
    out: set[str] = set()
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        stem = normalise(word)
        if stem and stem not in STOPWORDS:
            out.add(stem)
    out.update(f"@{a}" for a in actors if a)
    return sorted(out)


@dataclass(frozen=True)
class ClaimRef:
    """What the clusterer needs of a claim: a stable key, its article, and the proposition it states."""

    key: str
    article_id: str
    proposition: str
    polarity: str = "affirmed"
    actors: tuple[str, ...] = ()


def pair_probability(
    cos: np.ndarray,
    over_min: np.ndarray,
    over_max: np.ndarray,
    weights: Sequence[float] = PAIR_WEIGHTS,
    bias: float = PAIR_BIAS,
    emb_cos: np.ndarray | None = None,
) -> np.ndarray:
    """The fitted "same proposition" probability of pairs, from their three overlap figures and, for the
    semantic method, their embedding cosine (then ``weights`` has a fourth entry)."""
    z = weights[0] * cos + weights[1] * over_min + weights[2] * over_max + bias
    if emb_cos is not None:
        z = z + weights[3] * emb_cos
    return 1.0 / (1.0 + np.exp(-z))


def pair_features(
    rows: sparse.csr_matrix, cols: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, idf: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cosine and shared-weight overlaps of pairs (rows[i], cols[j]) of binary token matrices.

    Kept separate from the clusterer so the tuning script fits on exactly the figures used here.
    """
    a, b = rows[i], cols[j]
    shared = a.multiply(b)
    s1 = np.asarray(shared @ idf).ravel()
    s2 = np.asarray(shared @ (idf**2)).ravel()
    wa, wb = np.asarray(a @ idf).ravel(), np.asarray(b @ idf).ravel()
    qa, qb = np.asarray(a @ (idf**2)).ravel(), np.asarray(b @ (idf**2)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        cos = np.nan_to_num(s2 / np.sqrt(qa * qb))
        over_min = np.nan_to_num(s1 / np.minimum(wa, wb))
        over_max = np.nan_to_num(s1 / np.maximum(wa, wb))
    return cos, over_min, over_max


def _binary(token_lists: Sequence[Sequence[int]], width: int) -> sparse.csr_matrix:
    indptr = np.zeros(len(token_lists) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(t) for t in token_lists])
    indices = np.fromiter((t for ts in token_lists for t in ts), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(token_lists), width))


class ClaimClusterer:
    """Incremental clustering of claims by proposition; see the module docstring for the method."""

    def __init__(
        self,
        threshold: float | None = None,
        top_k: int = TOP_K,
        weights: Sequence[float] | None = None,
        bias: float | None = None,
        method: str = "lexical",
        embedder: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> None:
        """``threshold``, ``weights`` and ``bias`` default to the fitted values of ``method``.

        ``embedder`` (semantic method only) maps texts to unit-length rows; it defaults to
        ``heuer.link.semantic.embed`` and is a parameter so tuning can reuse embeddings it computed once.
        """
        if method not in METHODS:
            raise ValueError(f"unknown clustering method {method!r}, expected one of {METHODS}")
        semantic = method == "semantic"
        self.method = method
        self.threshold = float(
            threshold if threshold is not None else (SEMANTIC_THRESHOLD if semantic else THRESHOLD)
        )
        self.top_k = top_k
        weights = weights if weights is not None else (SEMANTIC_WEIGHTS if semantic else PAIR_WEIGHTS)
        self.weights = tuple(float(w) for w in weights)
        if len(self.weights) != (4 if semantic else 3):
            raise ValueError(f"the {method} method takes {4 if semantic else 3} pair weights")
        self.bias = float(bias if bias is not None else (SEMANTIC_BIAS if semantic else PAIR_BIAS))
        self._embedder = embedder
        self._emb_parts: list[np.ndarray] = []  # embedding rows in claim order, joined on demand
        self._vocab: dict[str, int] = {}
        self._df: list[int] = []
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self._articles: list[str] = []
        self._polarity: list[str] = []
        self._cluster: list[int] = []
        self._tokens: list[list[int]] = []
        self._sizes: dict[int, int] = {}
        self._postings: dict[int, list[int]] = {}
        self._next_cluster = 0

    # --- queries -----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._keys)

    def cluster_of(self, key: str) -> int:
        return self._cluster[self._index[key]]

    def clusters(self) -> dict[int, list[tuple[str, str]]]:
        """Every cluster as its (claim key, polarity) members, in the order they were added."""
        out: dict[int, list[tuple[str, str]]] = {}
        for i, key in enumerate(self._keys):
            out.setdefault(self._cluster[i], []).append((key, self._polarity[i]))
        return out

    def labels(self) -> dict[str, int]:
        return {key: self._cluster[i] for i, key in enumerate(self._keys)}

    # --- adding ------------------------------------------------------------------------------------

    def add(self, claims: Sequence[ClaimRef]) -> dict[str, int]:
        """Assign every claim to an existing cluster or a new one; returns key -> cluster id.

        A key seen before keeps its cluster (adding the same claim twice changes nothing).
        """
        fresh: dict[str, ClaimRef] = {}
        for claim in claims:
            if claim.key not in self._index and claim.key not in fresh:
                fresh[claim.key] = claim
        new = [fresh[k] for k in sorted(fresh)]
        if new:
            self._cluster_new(new)
        return {c.key: self._cluster[self._index[c.key]] for c in claims}

    def _token_ids(self, claim: ClaimRef) -> list[int]:
        ids = []
        for tok in content_tokens(claim.proposition, claim.actors):
            tid = self._vocab.get(tok)
            if tid is None:
                tid = self._vocab[tok] = len(self._df)
                self._df.append(0)
            ids.append(tid)
        return sorted(ids)

    def _embeddings(self, dim: int) -> np.ndarray:
        """The stored embedding rows, one per claim (``dim`` columns when there are none yet)."""
        if not self._emb_parts:
            return np.zeros((0, dim), np.float32)
        if len(self._emb_parts) > 1:
            self._emb_parts = [np.concatenate(self._emb_parts)]
        return self._emb_parts[0]

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        if self._embedder is None:
            from heuer.link.semantic import embed

            self._embedder = embed
        vectors = np.asarray(self._embedder(texts), dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(texts):
            raise ValueError("the embedder must return one row per text")
        return vectors

    def _embedding_neighbours(
        self, new_emb: np.ndarray, old_emb: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each new claim's ``top_k`` nearest claims by embedding cosine (at least ``EMBED_MIN``), among
        the new claims (index < m) and all existing ones (index m + existing index)."""
        m = len(new_emb)
        pool = np.concatenate([new_emb, old_emb])
        pi: list[np.ndarray] = []
        pj: list[np.ndarray] = []
        chunk = 512
        for start in range(0, m, chunk):
            sims = new_emb[start : start + chunk] @ pool.T
            for r in range(len(sims)):
                sims[r, start + r] = -1.0
            k = min(self.top_k, pool.shape[0] - 1)
            if k <= 0:
                break
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            for r in range(len(sims)):
                js = top[r][sims[r, top[r]] >= EMBED_MIN]
                pi.append(np.full(len(js), start + r, dtype=np.int64))
                pj.append(js.astype(np.int64))
        if not pi:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(pi), np.concatenate(pj)

    def _cluster_new(self, new: list[ClaimRef]) -> None:
        n_old = len(self._keys)
        semantic = self.method == "semantic"
        new_emb = self._embed([c.proposition for c in new]) if semantic else None
        new_tokens = [self._token_ids(c) for c in new]
        for ids in new_tokens:
            for t in ids:
                self._df[t] += 1
        total = n_old + len(new)
        df = np.asarray(self._df, dtype=np.float64)
        idf = np.log((total + 1) / (df + 0.5))
        width = len(df)
        cap = max(BLOCK_MIN_DF, int(BLOCK_FRACTION * total))
        rare = df <= cap

        # candidate old claims: those sharing a rare token with a new claim
        old_ids: set[int] = set()
        for ids in new_tokens:
            for t in ids:
                if rare[t]:
                    old_ids.update(self._postings.get(t, ()))
        m = len(new)
        if semantic:
            old_emb = self._embeddings(new_emb.shape[1])
            if old_emb.shape[1] != new_emb.shape[1]:
                raise ValueError("the embedder's vectors differ in width from those already stored")
            ei, ej = self._embedding_neighbours(new_emb, old_emb)
            old_ids.update((ej[ej >= m] - m).tolist())
        old_list = sorted(old_ids)
        old_tokens = [self._tokens[i] for i in old_list]

        rows = _binary(new_tokens, width)
        cols = _binary(new_tokens + old_tokens, width)  # column c < len(new) is a new claim
        i, j = self._candidate_pairs(rows, cols, rare, idf, m)
        emb_cos = None
        if semantic:
            column = {old: m + c for c, old in enumerate(old_list)}
            ej = np.array([x if x < m else column[int(x) - m] for x in ej.tolist()], dtype=np.int64)
            # a new-new pair is one pair whichever claim found it: keep it as (smaller, larger)
            both_new = ej < m
            ei, ej = np.where(both_new, np.minimum(ei, ej), ei), np.where(both_new, np.maximum(ei, ej), ej)
            pairs = np.unique(np.stack([np.concatenate([i, ei]), np.concatenate([j, ej])], axis=1), axis=0)
            i, j = pairs[:, 0], pairs[:, 1]
            col_emb = np.concatenate([new_emb, old_emb[old_list]]) if old_list else new_emb
            emb_cos = np.einsum("ij,ij->i", new_emb[i], col_emb[j]).astype(np.float64)
        edges: list[tuple[int, int, float]] = []
        if len(i):
            features = pair_features(rows, cols, i, j, idf)
            p = pair_probability(*features, self.weights, self.bias, emb_cos=emb_cos)
            keep = p >= EDGE_MIN
            edges = list(zip(i[keep].tolist(), j[keep].tolist(), p[keep].tolist(), strict=True))
        if semantic:
            self._emb_parts.append(new_emb)  # rows in the order _agglomerate appends the claims
        self._agglomerate(new, new_tokens, old_list, edges)

    def _candidate_pairs(
        self, rows: sparse.csr_matrix, cols: sparse.csr_matrix, rare: np.ndarray, idf: np.ndarray, m: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) pairs for the top rare-token candidates of each new claim."""
        block = sparse.diags(np.where(rare, idf, 0.0))
        rows_b = (rows @ block).tocsr()
        cols_b = cols.multiply(rare[None, :].astype(np.float64)).tocsr().T.tocsc()
        pi: list[np.ndarray] = []
        pj: list[np.ndarray] = []
        chunk = 2000
        for start in range(0, rows.shape[0], chunk):
            prod = (rows_b[start : start + chunk] @ cols_b).tocsr()
            for r in range(prod.shape[0]):
                lo, hi = prod.indptr[r], prod.indptr[r + 1]
                if lo == hi:
                    continue
                js, vs = prod.indices[lo:hi], prod.data[lo:hi]
                keep = js != start + r
                if m:
                    # a new-new pair is scored once, from its earlier row
                    keep &= (js >= m) | (js > start + r)
                js, vs = js[keep], vs[keep]
                if len(js) > self.top_k:
                    order = np.lexsort((js, -vs))[: self.top_k]
                    js = js[order]
                pi.append(np.full(len(js), start + r, dtype=np.int64))
                pj.append(js.astype(np.int64))
        if not pi:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(pi), np.concatenate(pj)

    def _agglomerate(
        self,
        new: list[ClaimRef],
        new_tokens: list[list[int]],
        old_list: list[int],
        edges: list[tuple[int, int, float]],
    ) -> None:
        """Average linkage over new claims and the existing clusters they touch."""
        m = len(new)
        # nodes 0..m-1: new claims; then one node per existing cluster touched
        node_of_cluster: dict[int, int] = {}
        size: list[int] = [1] * m
        old_cluster: list[int | None] = [None] * m
        nbr: list[dict[int, float]] = [{} for _ in range(m)]

        def node_for_column(col: int) -> int:
            if col < m:
                return col
            cid = self._cluster[old_list[col - m]]
            node = node_of_cluster.get(cid)
            if node is None:
                node = node_of_cluster[cid] = len(size)
                size.append(self._sizes[cid])
                old_cluster.append(cid)
                nbr.append({})
            return node

        for r, c, p in edges:
            a, b = r, node_for_column(c)
            if a == b:
                continue
            nbr[a][b] = nbr[a].get(b, 0.0) + p
            nbr[b][a] = nbr[b].get(a, 0.0) + p

        heap: list[tuple[float, int, int]] = []
        for a, links in enumerate(nbr):
            for b, s in links.items():
                if a < b:
                    avg = s / (size[a] * size[b])
                    if avg >= self.threshold:
                        heap.append((-avg, a, b))
        heapq.heapify(heap)
        alive = [True] * len(size)
        parent = list(range(len(size)))
        while heap:
            _, a, b = heapq.heappop(heap)
            if not (alive[a] and alive[b]):
                continue
            if old_cluster[a] is not None and old_cluster[b] is not None:
                continue
            c = len(size)
            size.append(size[a] + size[b])
            old_cluster.append(old_cluster[a] if old_cluster[a] is not None else old_cluster[b])
            alive[a] = alive[b] = False
            alive.append(True)
            parent.append(c)
            parent[a] = parent[b] = c
            merged: dict[int, float] = {}
            for x in (a, b):
                for y, s in nbr[x].items():
                    if y not in (a, b):
                        merged[y] = merged.get(y, 0.0) + s
                nbr[x] = {}
            nbr.append(merged)
            for y, s in sorted(merged.items()):
                nbr[y].pop(a, None)
                nbr[y].pop(b, None)
                nbr[y][c] = s
                if old_cluster[c] is not None and old_cluster[y] is not None:
                    continue
                avg = s / (size[c] * size[y])
                if avg >= self.threshold:
                    heapq.heappush(heap, (-avg, min(c, y), max(c, y)))

        def root(x: int) -> int:
            while parent[x] != x:
                x = parent[x]
            return x

        assigned: dict[int, int] = {}
        for k, claim in enumerate(new):
            top = root(k)
            cid = assigned.get(top)
            if cid is None:
                cid = old_cluster[top]
                if cid is None:
                    cid = self._next_cluster
                    self._next_cluster += 1
                assigned[top] = cid
            self._append(claim, new_tokens[k], cid)

    def _append(self, claim: ClaimRef, tokens: list[int], cluster: int) -> None:
        i = len(self._keys)
        self._keys.append(claim.key)
        self._index[claim.key] = i
        self._articles.append(claim.article_id)
        self._polarity.append(claim.polarity)
        self._cluster.append(cluster)
        self._tokens.append(tokens)
        self._sizes[cluster] = self._sizes.get(cluster, 0) + 1
        for t in tokens:
            self._postings.setdefault(t, []).append(i)

    # --- persistence -------------------------------------------------------------------------------

    def state(self) -> dict:
        """Everything needed to go on adding later, as plain JSON types (the inverted index is rebuilt)."""
        vocab = [""] * len(self._vocab)
        for tok, tid in self._vocab.items():
            vocab[tid] = tok
        out = {
            "version": STATE_VERSION,
            "method": self.method,
            "threshold": self.threshold,
            "top_k": self.top_k,
            "weights": list(self.weights),
            "bias": self.bias,
            "vocab": vocab,
            "df": list(self._df),
            "next_cluster": self._next_cluster,
            "claims": [
                [self._keys[i], self._articles[i], self._polarity[i], self._cluster[i], self._tokens[i]]
                for i in range(len(self._keys))
            ],
        }
        if self.method == "semantic":
            # one base64 string of float16 rows: a tenth of the size of JSON floats, and cosines
            # change by well under 1e-3
            out["embeddings"] = base64.b64encode(self._embeddings(0).astype("<f2").tobytes()).decode("ascii")
        return out

    @classmethod
    def from_state(cls, state: dict) -> ClaimClusterer:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"clusterer state version {state.get('version')!r}, expected {STATE_VERSION}")
        self = cls(
            threshold=state["threshold"],
            top_k=state["top_k"],
            weights=state["weights"],
            bias=state["bias"],
            method=state.get("method", "lexical"),  # states written before the semantic method
        )
        self._vocab = {tok: i for i, tok in enumerate(state["vocab"])}
        self._df = list(state["df"])
        self._next_cluster = state["next_cluster"]
        for key, article, polarity, cluster, tokens in state["claims"]:
            ref = ClaimRef(key=key, article_id=article, proposition="", polarity=polarity)
            self._append(ref, list(tokens), cluster)
        if self.method == "semantic":
            raw = np.frombuffer(base64.b64decode(state["embeddings"]), dtype="<f2").astype(np.float32)
            self._emb_parts = [raw.reshape(len(self._keys), -1)] if len(self._keys) else []
        return self
