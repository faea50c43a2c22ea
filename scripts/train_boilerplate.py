"""Train the boilerplate line classifier and write src/heuer/data/models/boilerplate.json.

Every page of the article-extraction corpus is flattened to all of its visible text, one block a line, and
each line is labelled article or boilerplate against the page's marked article body (the rule is in
``heuer.ingest.boilerplate_data``). Each page is used whole and cropped around its article, since scraped
text is usually the latter. The model is then fitted on all pages; its quality is measured by the
page-wise cross-validation in ``bench/boilerplate.py``, not here.

    python scripts/train_boilerplate.py [--data DIR] [--out FILE] [--threshold P] [--c C]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from heuer.ingest import boilerplate_data  # noqa: E402
from heuer.ingest.boilerplate import (  # noqa: E402
    DEFAULT_C,
    DEFAULT_THRESHOLD,
    default_lexicon,
    fit_model,
    line_features,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction"
DEFAULT_OUT = ROOT / "src" / "heuer" / "data" / "models" / "boilerplate.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="article-extraction corpus directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    parser.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD, help="removal threshold stored in the model"
    )
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="inverse L2 regularisation strength")
    args = parser.parse_args(argv)

    if not (args.data / "ground-truth.json").exists():
        print(f"{args.data}: no ground-truth.json; pass --data DIR", file=sys.stderr)
        return 2
    pages = boilerplate_data.load_pages(args.data)
    docs = boilerplate_data.training_documents(pages)
    X = np.vstack([line_features(d.lines) for d in docs])
    y = np.concatenate([np.array([not k for k in d.keep], dtype=np.int8) for d in docs])
    meta = {
        "trained_on": args.data.name,
        "pages": len(pages),
        "documents": len(docs),
        "crop_margins": list(boilerplate_data.CROP_MARGINS),
        "lines": int(len(y)),
        "boilerplate_lines": int(y.sum()),
        "labelling": (
            f"keep when >= {boilerplate_data.KEEP_SHARE:.0%} of a line's word "
            f"{boilerplate_data.SHINGLE}-shingles occur in articleBody; "
            "lines under 4 words keep only when equal to a whole body paragraph"
        ),
        "lexicon_digest": default_lexicon().digest,
        "c": args.c,
    }
    model = fit_model(X, y, c=args.c, threshold=args.threshold, meta=meta)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes): {len(pages)} pages, {len(y)} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
