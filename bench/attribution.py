"""Benchmark the attribution extractor with the attribution scorer on PolNeAR dev (and train if asked).

Every article is parsed with the spaCy base pipeline and run through the shipped taggers, then scored
against its gold (span F1 per role, exact and overlap; relation F1 overall and per kind). Speed is
reported twice: the whole ``predict_article`` path and the attribution step alone (parse excluded), in
articles per second on this machine. Train figures only show fit, since the shipped model saw train.

    python bench/attribution.py [--dev FILE] [--train FILE --with-train] [--out FILE]
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
from heuer.extract.attribution import default_taggers, extract_attributions, to_gold  # noqa: E402
from heuer.extract.nlp import load_base  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "polnear"
DEFAULT_OUT = ROOT / "bench" / "results" / "attribution.json"


def run_split(path: Path) -> dict:
    gold = load_gold(path)
    nlp = load_base()
    default_taggers()
    parse_s = extract_s = 0.0
    preds = []
    for doc in gold:
        t0 = time.perf_counter()
        parsed = nlp(doc["text"])
        t1 = time.perf_counter()
        atts = extract_attributions(parsed, doc["id"])
        t2 = time.perf_counter()
        parse_s += t1 - t0
        extract_s += t2 - t1
        preds.append({"id": doc["id"], "attributions": [to_gold(a) for a in atts]})
    result = score(gold, preds)
    n = len(gold)
    result["speed"] = {
        "attribution_articles_per_s": round(n / extract_s, 1) if extract_s else None,
        "with_parse_articles_per_s": round(n / (parse_s + extract_s), 1) if parse_s + extract_s else None,
        "parse_s": round(parse_s, 1),
        "attribution_s": round(extract_s, 1),
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=SHARED / "dev.jsonl")
    parser.add_argument("--train", type=Path, default=SHARED / "train.jsonl")
    parser.add_argument("--with-train", action="store_true", help="also score the training split (slow)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.dev.exists():
        print(f"{args.dev}: not found (PolNeAR dev is expected in ../shared/data/polnear)", file=sys.stderr)
        return 2
    console = Console()
    out = {"machine": platform.processor() or platform.machine(), "splits": {}}
    splits = [("dev", args.dev)] + ([("train", args.train)] if args.with_train else [])
    for name, path in splits:
        result = run_split(path)
        out["splits"][name] = result
        console.print(render_table(result))
        speed = result["speed"]
        console.print(
            f"{name}: attribution step {speed['attribution_articles_per_s']} articles/s, "
            f"with spaCy parse {speed['with_parse_articles_per_s']} articles/s"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
