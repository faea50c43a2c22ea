"""Ingest benchmark: speed of the whole ingest (read, clean, dedup, store) and HTML extraction quality.

- FNC-1 bodies (train + competition test, 2,587 plain-text bodies, as one JSON Lines file): articles per
  second of ``heuer ingest`` into a fresh SQLite file, beside a baseline measured in the same run (the
  same texts hashed and inserted into SQLite with no cleaning or dedup), so the ratio survives a noisy
  machine.
- Article Extraction Benchmark (121 HTML pages): the benchmark's F1 for heuer's HTML path beside
  trafilatura alone (``trafilatura.extract`` with defaults), and beside heuer with the line classifier
  also applied to HTML; pages per second of the whole ingest beside trafilatura alone.

Usage: python bench/ingest.py [--shared ../shared] [--out bench/results/ingest.json] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import trafilatura
from rich.console import Console
from rich.table import Table

from heuer.eval.extraction import evaluate, heuer_html_text, load_pages
from heuer.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


def fnc_bodies(folder: Path) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    bodies = []
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            bodies += [row["articleBody"] for row in csv.DictReader(fh)]
    return bodies


def time_heuer_ingest(inputs: list[str], tmp: Path, name: str) -> tuple[float, dict[str, int]]:
    db = tmp / f"{name}.db"
    t0 = time.perf_counter()
    with Workspace(str(db)) as ws:
        outs = list(ws.ingest(inputs))
    elapsed = time.perf_counter() - t0
    status = {k: sum(o.status == k for o in outs) for k in ("stored", "duplicate", "error")}
    status["links"] = sum(len(o.links) for o in outs)
    return elapsed, status


def time_baseline_insert(texts: list[str], tmp: Path) -> float:
    """Hash and insert the raw texts into SQLite, one transaction each: the floor any store pays."""
    con = sqlite3.connect(tmp / "baseline.db")
    con.execute("pragma journal_mode=wal")
    con.execute("create table t (id text primary key, text text)")
    t0 = time.perf_counter()
    for text in texts:
        with con:
            con.execute(
                "insert or ignore into t values (?, ?)",
                (hashlib.sha256(text.encode()).hexdigest()[:16], text),
            )
    con.close()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "ingest.json")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N FNC bodies")
    args = ap.parse_args()
    console = Console()
    results: dict[str, object] = {}

    with tempfile.TemporaryDirectory() as tmpname:
        tmp = Path(tmpname)
        # --- FNC-1 bodies: speed ---
        bodies = fnc_bodies(args.shared / "data" / "fnc-1")
        if args.limit:
            bodies = bodies[: args.limit]
        jsonl = tmp / "fnc.jsonl"
        jsonl.write_text("\n".join(json.dumps({"text": b}) for b in bodies) + "\n", encoding="utf-8")
        base = time_baseline_insert(bodies, tmp)
        elapsed, status = time_heuer_ingest([str(jsonl)], tmp, "fnc")
        results["fnc_bodies"] = {
            "articles": len(bodies),
            "heuer_seconds": round(elapsed, 2),
            "heuer_articles_per_s": round(len(bodies) / elapsed, 1),
            "baseline_insert_articles_per_s": round(len(bodies) / base, 1),
            "heuer_vs_baseline": round(base / elapsed, 4),
            **status,
        }

        # --- HTML pages: quality and speed ---
        pages = list(load_pages(args.shared / "data" / "article-extraction"))
        t0 = time.perf_counter()
        traf = {p.key: trafilatura.extract(p.html, url=p.url) or "" for p in pages}
        traf_s = time.perf_counter() - t0

        f_traf = evaluate(pages, lambda p: traf[p.key])
        f_heuer = evaluate(pages, heuer_html_text)
        f_heuer_cls = evaluate(pages, lambda p: heuer_html_text(p, use_classifier=True))
        html_dir = tmp / "html"
        html_dir.mkdir()
        for p in pages:
            (html_dir / f"{p.key}.html").write_text(p.html, encoding="utf-8")
        h_elapsed, h_status = time_heuer_ingest([str(html_dir)], tmp, "html")
        results["html_pages"] = {
            "pages": len(pages),
            "f1": {
                "heuer": f_heuer.as_dict(),
                "trafilatura": f_traf.as_dict(),
                "heuer_with_line_classifier": f_heuer_cls.as_dict(),
            },
            "heuer_pages_per_s": round(len(pages) / h_elapsed, 1),
            "trafilatura_pages_per_s": round(len(pages) / traf_s, 1),
            "heuer_vs_trafilatura_speed": round(traf_s / h_elapsed, 4),
            **h_status,
        }

    fnc = results["fnc_bodies"]
    html = results["html_pages"]
    t = Table(title="ingest benchmark")
    for col in ("corpus", "what", "heuer", "baseline", "ratio"):
        t.add_column(col)
    t.add_row(
        "FNC-1 bodies",
        f"articles/s ({fnc['articles']} texts)",
        str(fnc["heuer_articles_per_s"]),
        f"{fnc['baseline_insert_articles_per_s']} (hash+insert)",
        f"{fnc['heuer_vs_baseline']:.3f}",
    )
    t.add_row(
        "AEB HTML",
        f"pages/s ({html['pages']} pages)",
        str(html["heuer_pages_per_s"]),
        f"{html['trafilatura_pages_per_s']} (trafilatura)",
        f"{html['heuer_vs_trafilatura_speed']:.3f}",
    )
    for name in ("heuer", "heuer_with_line_classifier"):
        f = html["f1"][name]
        tf = html["f1"]["trafilatura"]
        t.add_row(
            "AEB HTML",
            f"extraction F1 ({name}) P/R",
            f"{f['f1']:.4f} ({f['precision']:.3f}/{f['recall']:.3f})",
            f"{tf['f1']:.4f} ({tf['precision']:.3f}/{tf['recall']:.3f})",
            f"{f['f1'] - tf['f1']:+.4f}",
        )
    console.print(t)
    console.print(
        f"FNC-1: {fnc['stored']} stored, {fnc['duplicate']} duplicates, {fnc['error']} errors, "
        f"{fnc['links']} near-duplicate/retelling links"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
