"""Benchmark the claim clusterer on FNC-1 story clusters, and its speed on 100,000 claims.

Prints the scores table for train and test (heuer, all-singletons, TF-IDF average linkage; every tuned
number was chosen on train only) and writes them to ``bench/results/clusters.json``. Then times the
scale claim: 100,000 claims made from FNC-1 train headlines and body sentences, each used several
times with seeded variations (words dropped, order shuffled), clustered in one ``add``; and 1,000 more
claims added to that state, the way the store feeds new articles in.

    python bench/clusters.py [--fnc DIR] [--claims N] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rich.console import Console  # noqa: E402

from heuer.eval.clusters import evaluate, render_table  # noqa: E402
from heuer.link.cluster import ClaimClusterer, ClaimRef  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "fnc-1"
DEFAULT_OUT = ROOT / "bench" / "results" / "clusters.json"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def source_texts(fnc_dir: Path) -> list[str]:
    """Distinct train headlines and body sentences of 6 to 40 words."""
    texts: set[str] = set()
    with (fnc_dir / "train_stances.csv").open(encoding="utf-8", newline="") as fh:
        texts.update(row["Headline"] for row in csv.DictReader(fh))
    with (fnc_dir / "train_bodies.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for sent in _SENTENCE.split(row["articleBody"]):
                if 6 <= len(sent.split()) <= 40:
                    texts.add(sent.strip())
    return sorted(texts)


def synthetic_claims(fnc_dir: Path, n: int, seed: int = 13) -> list[ClaimRef]:
    rnd = random.Random(seed)
    base = source_texts(fnc_dir)
    claims = []
    for i in range(n):
        words = base[i % len(base)].split()
        if i >= len(base):
            words = [w for w in words if rnd.random() > 0.2] or words
            if rnd.random() < 0.5:
                rnd.shuffle(words)
        claims.append(
            ClaimRef(
                key=f"c{i:07d}",
                article_id=f"a{i // 20:06d}",
                proposition=" ".join(words),
                polarity="negated" if rnd.random() < 0.1 else "affirmed",
            )
        )
    return claims


def time_scale(fnc_dir: Path, n: int) -> dict:
    claims = synthetic_claims(fnc_dir, n + 1000)
    bulk, extra = claims[:n], claims[n:]
    clusterer = ClaimClusterer()
    t0 = time.perf_counter()
    clusterer.add(bulk)
    bulk_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for start in range(0, len(extra), 100):
        clusterer.add(extra[start : start + 100])
    extra_s = time.perf_counter() - t0
    return {
        "claims": n,
        "batch_seconds": round(bulk_s, 2),
        "claims_per_second": round(n / bulk_s, 1),
        "clusters": len(clusterer.clusters()),
        "incremental_claims": len(extra),
        "incremental_batch_size": 100,
        "incremental_seconds": round(extra_s, 2),
        "incremental_claims_per_second": round(len(extra) / extra_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fnc", type=Path, default=SHARED)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    console = Console()
    results: dict = {"machine": platform.platform(), "python": platform.python_version()}
    for split in ("train", "test"):
        t0 = time.perf_counter()
        result = evaluate(args.fnc, split)
        result["seconds"] = round(time.perf_counter() - t0, 2)
        results[split] = result
        console.print(render_table(result))
    results["scale"] = time_scale(args.fnc, args.claims)
    console.print(
        f"scale: {results['scale']['claims']:,} claims in {results['scale']['batch_seconds']} s "
        f"({results['scale']['claims_per_second']:,} claims/s, {results['scale']['clusters']:,} clusters); "
        f"{results['scale']['incremental_claims']:,} more in batches of 100 at "
        f"{results['scale']['incremental_claims_per_second']:,} claims/s"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
