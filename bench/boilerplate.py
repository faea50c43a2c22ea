"""Benchmark the boilerplate line classifier: page-wise cross-validation on real pages, and the demo.

Scores are precision and recall of the removed lines, pooled over the pages of a 5-fold split by page
(pages sorted by id, dealt round-robin), so no page is scored by a model that saw it. Two views are scored:
whole pages (all visible text, one block a line) and each page cropped to one line around its article,
which is closer to text a scraper has already trimmed. A rule-only baseline (promo wording, short
unpunctuated fragments, short date stamps) is scored on the same lines in the same run. Finally the shipped
model is run on the demo articles as a generality check, listing the lines it removes.

    python bench/boilerplate.py [--data DIR] [--demo DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from heuer.ingest import boilerplate_data as bd  # noqa: E402
from heuer.ingest.boilerplate import classify_lines, default_lexicon, default_model  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_DATA = SHARED / "data" / "article-extraction"
DEFAULT_DEMO = SHARED / "examples" / "belarus"
DEFAULT_OUT = ROOT / "bench" / "results" / "boilerplate.json"
FOLDS = 5
_WORD = re.compile(r"\w+")
_STAMP = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")


def rule_baseline(lines: Sequence[str]) -> list[bool]:
    """Remove a line on fixed rules only: what a hand-written cleaner would do without learning."""
    pattern = default_lexicon().pattern
    removed = []
    for line in lines:
        n = len(_WORD.findall(line))
        ends = line.rstrip("\"'”’)] ")[-1:] in (".", "!", "?", ":")
        promo = bool(pattern.search(line.lower())) and n <= 12
        fragment = not ends and n < 5
        stamp = bool(_STAMP.search(line)) and n <= 12 and not ends
        removed.append(promo or fragment or stamp)
    return removed


def baseline_score(pages: Sequence[bd.LabelledPage]) -> bd.RemovalScore:
    keep = [k for p in pages for k in p.keep]
    removed = [r for p in pages for r in rule_baseline(p.lines)]
    return bd.score_removal(keep, removed)


def demo_check(demo_dir: Path) -> list[dict]:
    """The shipped model's removals on each demo file, with line numbers as they are in the file."""
    out = []
    for path in sorted(demo_dir.glob("*.txt")):
        raw_lines = path.read_text(encoding="utf-8").splitlines()
        numbered = [(n, raw.strip()) for n, raw in enumerate(raw_lines, 1) if raw.strip()]
        verdicts = classify_lines([text for _, text in numbered])
        removed = [
            {"line": n, "text": text, "score": v.score, "reason": v.reason}
            for (n, text), v in zip(numbered, verdicts, strict=True)
            if v.boilerplate
        ]
        out.append({"file": path.name, "lines": len(numbered), "removed": removed})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--demo", type=Path, default=DEFAULT_DEMO)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"{args.data}: no ground-truth.json; pass --data DIR", file=sys.stderr)
        return 2

    started = time.perf_counter()
    pages = bd.load_pages(args.data)
    model_score, _, model_crop = bd.cross_validate(pages, folds=FOLDS)
    crops = [bd.crop(p, bd.CROP_MARGINS[0]) for p in pages]
    rows = {
        "heuer (model + guards), whole pages": model_score,
        f"heuer (model + guards), crop {bd.CROP_MARGINS[0]}": model_crop,
        "rule baseline, whole pages": baseline_score(pages),
        f"rule baseline, crop {bd.CROP_MARGINS[0]}": baseline_score(crops),
    }
    elapsed = time.perf_counter() - started

    threshold = default_model().threshold
    print(f"boilerplate lines: {len(pages)} pages, {FOLDS}-fold page-wise CV, threshold {threshold}")
    print(f"{'':32} {'precision':>9} {'recall':>7} {'F1':>7} {'removed':>8} {'article lines removed':>22}")
    for name, s in rows.items():
        print(
            f"{name:32} {s.precision:9.4f} {s.recall:7.4f} {s.f1:7.4f} {s.removed:8d} "
            f"{s.article_lines_removed:>10d} of {s.lines - s.boilerplate:<9d}"
        )
    print(f"({elapsed:.1f}s)")

    demo = demo_check(args.demo) if args.demo.is_dir() else []
    for doc in demo:
        print(f"\ndemo {doc['file']}: removes {len(doc['removed'])} of {doc['lines']} lines")
        for r in doc["removed"]:
            print(f"  line {r['line']:>3}  {r['text'][:60]!r:64} {r['reason']}")

    result = {
        "pages": len(pages),
        "folds": FOLDS,
        "threshold": default_model().threshold,
        "scores": {name: s.as_dict() for name, s in rows.items()},
        "demo": demo,
        "seconds": round(elapsed, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
