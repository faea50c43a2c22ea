"""Benchmark the attribution extractor with the attribution scorer on PolNeAR dev (and train if asked).

Every article is parsed with the spaCy base pipeline and run through the shipped taggers, then scored
against its gold (span F1 per role, exact and overlap; relation F1 overall and per kind). Both modes run
when the accurate one can (the ``semantic`` extra installed): the CRF taggers ("fast") and the fine-tuned
encoder ("accurate"), on the same parses in the same run, so their speeds compare. Speed is reported
twice: the attribution step alone (parse excluded) and with the parse, in articles per second on this
machine. Train figures only show fit, since the shipped models saw train.

    python bench/attribution.py [--dev FILE] [--train FILE --with-train] [--modes fast,accurate] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rich.console import Console  # noqa: E402

from heuer.eval.attribution import load_gold, render_table, score  # noqa: E402
from heuer.extract import attribution_encoder  # noqa: E402
from heuer.extract.attribution import (  # noqa: E402
    ACCURATE,
    FAST,
    attributions_from_table,
    default_taggers,
    encoder_for,
    to_gold,
)
from heuer.extract.attribution_tokens import from_doc  # noqa: E402
from heuer.extract.nlp import load_base  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "polnear"
DEFAULT_OUT = ROOT / "bench" / "results" / "attribution.json"


def run_split(path: Path, modes: list[str]) -> dict[str, dict]:
    """Scores and speeds per mode; each article is parsed once and its token table shared by the modes."""
    gold = load_gold(path)
    nlp = load_base()
    default_taggers()
    encoders = {mode: encoder_for(mode) for mode in modes}
    parse_s = 0.0
    spent = dict.fromkeys(modes, 0.0)
    preds: dict[str, list[dict]] = {mode: [] for mode in modes}
    for doc in gold:
        t0 = time.perf_counter()
        table = from_doc(nlp(doc["text"]))
        parse_s += time.perf_counter() - t0
        for mode in modes:
            t1 = time.perf_counter()
            atts = attributions_from_table(table, doc["id"], encoder=encoders[mode])
            spent[mode] += time.perf_counter() - t1
            preds[mode].append({"id": doc["id"], "attributions": [to_gold(a) for a in atts]})
    n = len(gold)
    out = {}
    for mode in modes:
        result = score(gold, preds[mode])
        result["speed"] = {
            "attribution_articles_per_s": round(n / spent[mode], 1) if spent[mode] else None,
            "with_parse_articles_per_s": round(n / (parse_s + spent[mode]), 1),
            "parse_s": round(parse_s, 1),
            "attribution_s": round(spent[mode], 1),
        }
        out[mode] = result
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=SHARED / "dev.jsonl")
    parser.add_argument("--train", type=Path, default=SHARED / "train.jsonl")
    parser.add_argument("--with-train", action="store_true", help="also score the training split (slow)")
    parser.add_argument("--modes", default=None, help="fast, accurate or both (default: those installed)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    modes = (
        args.modes.split(",")
        if args.modes
        else [FAST] + ([ACCURATE] if attribution_encoder.available() else [])
    )
    if not args.dev.exists():
        print(f"{args.dev}: not found (PolNeAR dev is expected in ../shared/data/polnear)", file=sys.stderr)
        return 2
    console = Console()
    out = {"machine": platform.processor() or platform.machine(), "splits": {}}
    splits = [("dev", args.dev)] + ([("train", args.train)] if args.with_train else [])
    for name, path in splits:
        results = run_split(path, modes)
        out["splits"][name] = results
        for mode, result in results.items():
            console.print(f"[bold]{name}, {mode} mode[/bold]")
            console.print(render_table(result))
            speed = result["speed"]
            console.print(
                f"{name} ({mode}): attribution step {speed['attribution_articles_per_s']} articles/s, "
                f"with spaCy parse {speed['with_parse_articles_per_s']} articles/s"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
