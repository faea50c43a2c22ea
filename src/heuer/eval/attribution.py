"""The attribution scorer: span F1 per role and relation F1, over the attribution gold format.

Two families, as DESIGN.md defines them:

* **span F1**, comparable with published PolNeAR figures. For each role (source, cue, content) the
  segments of all attributions of an article are pooled into one set (a segment that two attributions
  share counts once, so that a source speaking twice is not rewarded twice). *Exact*: a predicted and a
  gold segment match when start and end are equal (set intersection). *Overlap*: they match when their
  character Jaccard is >= 0.5; the pairing is one-to-one, taken greedily from the highest Jaccard down
  (ties by position), so one long prediction cannot be credited for two gold segments. Counts are summed
  over articles before precision and recall are taken (micro average).
* **relation F1**: a predicted attribution matches a gold one when the character Jaccard of their content
  (the union of its segments) is >= 0.5, one-to-one and greedy from the highest Jaccard down. For each
  matched pair the source is right when both have one and they share a character, or when neither has
  one; the cue is right when they share a character. ``source_acc`` and ``cue_acc`` are the shares of
  matched pairs that are right. Per kind, recall is counted by the gold kind and precision by the
  predicted kind (a system is answerable for the kind it claims, a gold quote for the kind it is); the
  accuracies of a kind are over the matched pairs whose gold kind it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.table import Table

ROLES = ("source", "cue", "content")
KINDS = ("direct", "indirect", "mixed")
THRESHOLD = 0.5

Seg = tuple[int, int]


def _segs(value: Any) -> list[Seg]:
    return [(int(s), int(e)) for s, e in (value or []) if int(e) > int(s)]


def _chars(segs: Iterable[Seg]) -> set[int]:
    out: set[int] = set()
    for s, e in segs:
        out.update(range(s, e))
    return out


def seg_jaccard(a: Seg, b: Seg) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    if not inter:
        return 0.0
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union


def set_jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


def _greedy(scores: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs from (score, pred index, gold index), highest score first, ties by index."""
    pairs = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in sorted(scores, key=lambda t: (-t[0], t[1], t[2])):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _role_segments(attributions: Sequence[dict], role: str) -> list[Seg]:
    return sorted({seg for a in attributions for seg in _segs(a.get(role))})


def _span_counts(pred: list[Seg], gold: list[Seg]) -> tuple[int, int]:
    exact = len(set(pred) & set(gold))
    scores = [
        (j, i, k)
        for i, p in enumerate(pred)
        for k, g in enumerate(gold)
        if (j := seg_jaccard(p, g)) >= THRESHOLD
    ]
    return exact, len(_greedy(scores))


def _kind(a: dict) -> str:
    kind = a.get("kind")
    return kind if kind in KINDS else "indirect"


def _relation_pairs(pred: Sequence[dict], gold: Sequence[dict]) -> list[tuple[int, int]]:
    pc = [_chars(_segs(a.get("content"))) for a in pred]
    gc = [_chars(_segs(a.get("content"))) for a in gold]
    scores = []
    for i, p in enumerate(pc):
        for k, g in enumerate(gc):
            j = set_jaccard(p, g)
            if j >= THRESHOLD:
                scores.append((j, i, k))
    return _greedy(scores)


def _source_right(p: dict, g: dict) -> bool:
    ps, gs = _chars(_segs(p.get("source"))), _chars(_segs(g.get("source")))
    if not gs:
        return not ps
    return bool(ps & gs)


def _cue_right(p: dict, g: dict) -> bool:
    return bool(_chars(_segs(p.get("cue"))) & _chars(_segs(g.get("cue"))))


def score(gold_docs: Sequence[dict], predicted_docs: Sequence[dict]) -> dict:
    """Score predictions against gold; both are article dicts in the gold format, paired by ``id``.

    A gold article without a prediction counts as one with no attributions; a predicted article that is not
    in the gold is an error, since it usually means the two files are not of the same corpus.
    """
    predicted = {d["id"]: d for d in predicted_docs}
    gold_ids = {d["id"] for d in gold_docs}
    stray = sorted(set(predicted) - gold_ids)
    if stray:
        raise ValueError(f"predicted articles not in the gold: {', '.join(stray[:5])}")

    span = {r: {"exact": [0, 0, 0], "overlap": [0, 0, 0]} for r in ROLES}  # tp, pred, gold
    rel = {k: {"tp_p": 0, "tp_g": 0, "pred": 0, "gold": 0, "src": 0, "cue": 0} for k in ("overall", *KINDS)}
    n_gold = n_pred = 0
    for doc in gold_docs:
        gold_atts = doc.get("attributions") or []
        pred_atts = (predicted.get(doc["id"]) or {}).get("attributions") or []
        n_gold += len(gold_atts)
        n_pred += len(pred_atts)
        for role in ROLES:
            ps, gs = _role_segments(pred_atts, role), _role_segments(gold_atts, role)
            exact, overlap = _span_counts(ps, gs)
            for key, tp in (("exact", exact), ("overlap", overlap)):
                span[role][key][0] += tp
                span[role][key][1] += len(ps)
                span[role][key][2] += len(gs)
        pairs = _relation_pairs(pred_atts, gold_atts)
        for a in pred_atts:
            rel["overall"]["pred"] += 1
            rel[_kind(a)]["pred"] += 1
        for a in gold_atts:
            rel["overall"]["gold"] += 1
            rel[_kind(a)]["gold"] += 1
        for i, k in pairs:
            p, g = pred_atts[i], gold_atts[k]
            src, cue = _source_right(p, g), _cue_right(p, g)
            for key in ("overall", _kind(g)):
                rel[key]["tp_g"] += 1
                rel[key]["src"] += src
                rel[key]["cue"] += cue
            rel["overall"]["tp_p"] += 1
            rel[_kind(p)]["tp_p"] += 1

    def rel_block(c: dict) -> dict[str, float]:
        p = c["tp_p"] / c["pred"] if c["pred"] else 0.0
        r = c["tp_g"] / c["gold"] if c["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        n = c["tp_g"]
        return {
            "p": round(p, 4),
            "r": round(r, 4),
            "f1": round(f, 4),
            "source_acc": round(c["src"] / n, 4) if n else 0.0,
            "cue_acc": round(c["cue"] / n, 4) if n else 0.0,
        }

    return {
        "span": {r: {m: _prf(*span[r][m]) for m in ("exact", "overlap")} for r in ROLES},
        "relation": {k: rel_block(c) for k, c in rel.items()},
        "articles": len(gold_docs),
        "gold": n_gold,
        "predicted": n_pred,
    }


def _check_segments(value: Any, where: str, role: str, allow_none: bool) -> None:
    if value is None and allow_none:
        return
    if not isinstance(value, list) or not all(
        isinstance(s, list | tuple) and len(s) == 2 and all(isinstance(x, int) for x in s) for s in value
    ):
        raise ValueError(f"{where}: {role} must be a list of [start, end] integer pairs")
    for s, e in value:
        if not 0 <= s <= e:
            raise ValueError(f"{where}: {role} segment [{s}, {e}] is not a valid span")


def load_gold(path: str | Path) -> list[dict]:
    """Read attribution gold (JSON Lines), failing on the first malformed line with its number."""
    path = Path(path)
    docs = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not JSON ({exc.msg})") from None
            if not isinstance(doc, dict) or "id" not in doc or not isinstance(doc.get("text"), str):
                raise ValueError(f"{where}: an article needs 'id' and 'text'")
            atts = doc.setdefault("attributions", [])
            if not isinstance(atts, list):
                raise ValueError(f"{where}: 'attributions' must be a list")
            for a in atts:
                if not isinstance(a, dict):
                    raise ValueError(f"{where}: each attribution must be an object")
                _check_segments(a.get("source"), where, "source", allow_none=True)
                _check_segments(a.get("cue"), where, "cue", allow_none=False)
                _check_segments(a.get("content"), where, "content", allow_none=False)
                if a.get("kind") not in KINDS:
                    raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}")
            docs.append(doc)
    return docs


def render_table(result: dict) -> Table:
    """The scorer's result as one table: span rows per role and match, then relation rows per kind."""
    table = Table(
        title=(
            f"Attribution: {result['articles']} articles, "
            f"{result['gold']} gold / {result['predicted']} predicted attributions"
        )
    )
    for col in ("family", "role / kind", "match"):
        table.add_column(col)
    for col in ("P", "R", "F1", "source acc", "cue acc"):
        table.add_column(col, justify="right")

    def f(x: float) -> str:
        return f"{x:.3f}"

    for role in ROLES:
        for match in ("exact", "overlap"):
            m = result["span"][role][match]
            table.add_row("span", role, match, f(m["p"]), f(m["r"]), f(m["f1"]), "", "")
    for kind in ("overall", *KINDS):
        m = result["relation"][kind]
        table.add_row(
            "relation", kind, "J>=0.5", f(m["p"]), f(m["r"]), f(m["f1"]),
            f(m["source_acc"]), f(m["cue_acc"]),
        )  # fmt: skip
    return table
