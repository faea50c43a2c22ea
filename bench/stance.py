"""Benchmark the stance models on the FNC-1 competition test, beside their story-split validation.

For each shipped model (semantic, where its extra is installed, and lexical) it prints the test table
(FNC score, per-class and macro F1, pairs per second on this machine) and the story-split figures that
``scripts/train_stance.py`` stored when it chose the model. Two references are measured in the same
run: a TF-IDF cosine threshold (chosen on train) that calls a pair "discuss" or "unrelated", and every
pair "unrelated". The published FNC-1 official baseline (75.20 on this test) is quoted, not rerun. The
JSON goes to ``bench/results/stance.json``.

Speed is measured cold for the semantic model unless ``--cache`` is given: without a cache every body
sentence is embedded, which is what a new article costs.

    python bench/stance.py [--fnc DIR] [--cache DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from heuer.assess import stance_features as sf  # noqa: E402
from heuer.assess.stance import META_FILE, MODEL_DIR, StanceModel  # noqa: E402
from heuer.eval.stance import evaluate_stance, load_pairs, score, stance_table  # noqa: E402
from heuer.link.semantic import available  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "fnc-1"
DEFAULT_OUT = ROOT / "bench" / "results" / "stance.json"
PUBLISHED = {"official baseline (published)": 75.20, "best entry, SOLAT (published)": 82.02}


def tfidf_reference(fnc_dir: Path) -> dict:
    """A pair is "discuss" when the statement's TF-IDF cosine to the body passes a threshold chosen on
    train, else "unrelated": what similarity alone earns."""
    model = StanceModel.load("lexical")
    col = sf.LEXICAL_FEATURES.index("cos_body")
    train_pairs, train_gold = load_pairs(fnc_dir, "train")
    cos_train = sf.pair_features(train_pairs, model._idf)[0][:, col]
    best_t, best = 0.0, -1.0
    for t in np.arange(0.02, 0.5, 0.01):
        pred = ["discuss" if c >= t else "unrelated" for c in cos_train]
        value = score(train_gold, pred)["fnc_score"]
        if value > best:
            best_t, best = float(t), value
    pairs, gold = load_pairs(fnc_dir, "test")
    cos = sf.pair_features(pairs, model._idf)[0][:, col]
    return {
        **score(gold, ["discuss" if c >= best_t else "unrelated" for c in cos]),
        "threshold": round(best_t, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fnc", type=Path, default=SHARED)
    parser.add_argument("--cache", type=Path, default=None, help="sentence-vector cache folder (semantic)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (args.fnc / "competition_test_stances.csv").exists():
        print(f"{args.fnc}: no competition_test_stances.csv; pass --fnc DIR", file=sys.stderr)
        return 2
    console = Console(width=max(Console().width, 100))
    meta = json.loads((MODEL_DIR / META_FILE).read_text(encoding="utf-8"))
    results: dict = {"machine": platform.platform(), "python": platform.python_version(), "models": {}}
    kinds = (["semantic"] if available() else []) + ["lexical"]
    for kind in kinds:
        t0 = time.perf_counter()
        result = evaluate_stance(args.fnc, kind, embedding_cache=args.cache)
        result["seconds"] = round(time.perf_counter() - t0, 1)
        entry = meta["models"][kind]
        result["model_bytes"] = (MODEL_DIR / entry["file"]).stat().st_size
        result["story_split"] = entry["story_split"]
        results["models"][kind] = result
        console.print(stance_table(result, title=f"stance model {kind!r} on FNC-1 competition test"))
    ref = tfidf_reference(args.fnc)
    results["references"] = {"tfidf_threshold": ref, "published_fnc_score": PUBLISHED}
    _, gold = load_pairs(args.fnc, "test")
    results["references"]["all_unrelated"] = score(gold, ["unrelated"] * len(gold))

    summary = Table(title="FNC-1 competition test (story split of train in brackets)")
    for col in ("model", "FNC score", "macro-F1", "disagree F1", "pairs/s", "model KB"):
        summary.add_column(col, justify="left" if col == "model" else "right")
    for kind, r in results["models"].items():
        cv = r["story_split"]["tuned"]
        summary.add_row(
            kind,
            f"{r['fnc_score']:.2f} ({cv['fnc_score']:.2f})",
            f"{r['macro_f1']:.3f} ({cv['macro_f1']:.3f})",
            f"{r['per_class']['disagree']['f1']:.3f} ({cv['f1']['disagree']:.3f})",
            f"{r['pairs_per_s']:,.0f}",
            f"{r['model_bytes'] / 1024:,.0f}",
        )
    summary.add_row(
        f"TF-IDF cos >= {ref['threshold']}",
        f"{ref['fnc_score']:.2f}",
        f"{ref['macro_f1']:.3f}",
        "",
        "",
        "",
    )
    unrel = results["references"]["all_unrelated"]
    summary.add_row("all unrelated", f"{unrel['fnc_score']:.2f}", f"{unrel['macro_f1']:.3f}", "", "", "")
    for name, value in PUBLISHED.items():
        summary.add_row(name, f"{value:.2f}", "", "", "", "")
    console.print(summary)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
