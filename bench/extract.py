"""Extraction benchmark: articles per second of heuer's whole extraction beside spaCy's own ``nlp.pipe``.

Both run over the same FNC-1 bodies in the same process, so the ratio survives a noisy machine:
- spaCy: the base model (``en_core_web_sm``) over the texts with ``nlp.pipe``, same batch size;
- heuer: the same model with heuer's components (actors, attribution, sources, claims, certainty,
  time), and the full ``heuer extract`` run that also writes every record to SQLite;
- heuer with ``--workers 2`` (two processes) when the machine has two cores.

Usage: python bench/extract.py [--shared ../shared] [--limit 400] [--out bench/results/extract.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from heuer.extract.nlp import load_base
from heuer.extract.pipeline import BATCH, build_pipeline, make_docs, process
from heuer.ingest.pipeline import Overrides
from heuer.model import Article
from heuer.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


def bodies(folder: Path, limit: int) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with (folder / "train_bodies.csv").open(encoding="utf-8", newline="") as fh:
        texts = [row["articleBody"] for row in csv.DictReader(fh)]
    return texts[:limit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "extract.json")
    args = ap.parse_args()
    console = Console()
    texts = bodies(args.shared / "data" / "fnc-1", args.limit)
    chars = sum(len(t) for t in texts)
    results: dict[str, object] = {"articles": len(texts), "chars": chars, "batch_size": BATCH}

    base = load_base()
    list(base.pipe(texts[:8]))  # warm-up
    t0 = time.perf_counter()
    for _ in base.pipe(texts, batch_size=BATCH):
        pass
    spacy_s = time.perf_counter() - t0

    nlp = build_pipeline()
    articles = [Article(id=f"b{i}", origin=f"b{i}", text=t) for i, t in enumerate(texts)]
    process(nlp, articles[:8])  # warm-up: loads the CRF models and lexicons
    t0 = time.perf_counter()
    recs = process(nlp, articles)
    heuer_s = time.perf_counter() - t0
    results["attributions"] = sum(len(r.attributions) for r in recs)
    results["claims"] = sum(len(r.claims) for r in recs)
    assert len(make_docs(nlp, articles[:1])) == 1

    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        (folder / "bodies.jsonl").write_text(
            "\n".join(json.dumps({"text": t}) for t in texts) + "\n", encoding="utf-8"
        )
        for workers in (1, 2):
            db = str(Path(tmp) / f"w{workers}.db")
            with Workspace(db) as ws:
                list(ws.ingest([str(folder / "bodies.jsonl")], overrides=Overrides()))
                ex = ws.extractor(workers)
                todo, _ = ex.pending()
                t0 = time.perf_counter()
                list(ex.run(todo))
                runs[workers] = (len(todo), time.perf_counter() - t0)

    rate = {"spacy_nlp_pipe": len(texts) / spacy_s, "heuer_components": len(texts) / heuer_s}
    for w, (n, s) in runs.items():
        rate[f"heuer_extract_workers_{w}"] = n / s
    results["articles_per_s"] = {k: round(v, 2) for k, v in rate.items()}
    results["ratio_heuer_to_spacy"] = round(rate["heuer_components"] / rate["spacy_nlp_pipe"], 3)
    results["ratio_extract_to_spacy"] = round(rate["heuer_extract_workers_1"] / rate["spacy_nlp_pipe"], 3)

    t = Table(title=f"extraction benchmark: {len(texts)} FNC-1 bodies, {chars / 1e6:.2f} M characters")
    t.add_column("run")
    t.add_column("articles/s", justify="right")
    t.add_column("vs spaCy nlp.pipe", justify="right")
    for k, v in rate.items():
        t.add_row(k.replace("_", " "), f"{v:.1f}", f"{v / rate['spacy_nlp_pipe']:.2f}")
    console.print(t)
    console.print(f"{results['attributions']} attributions, {results['claims']} claims")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
