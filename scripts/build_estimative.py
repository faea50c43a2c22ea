"""Build heuer's estimative-language tables from survey data and the ICD 203 yardstick.

Writes three files under ``src/heuer/data/lexicons/``:

- ``estimative.tsv``: one row per phrase with the median reading ``p`` and the interquartile range
  ``low``..``high`` (all as probabilities in [0, 1]), the number of respondents ``n`` behind them, a
  ``basis`` and a ``source``. Surveyed phrases keep their own numbers (CAPphrase first, n = 5,174; the
  probly survey, n = 46, only for phrases CAPphrase did not ask). A phrase that no survey asked takes the
  numbers of the surveyed phrase closest in meaning (``basis`` = ``as 'PHRASE'``), or, for an ICD 203 term
  no survey asked, that term's band with ``p`` at its middle (``basis`` = ``ICD 203 band``).
- ``icd203.tsv``: the seven ICD 203 bands as the US NIC yardstick gives them.
- ``estimative_modifiers.tsv``: words that shift, hedge, negate or time an estimative cue, with weights
  on the log-odds scale. The intensifier step is measured from CAPphrase itself (how far "highly" moves
  "likely" and "unlikely"), so that "extremely probable" moves as far as readers move "highly likely".

Quartiles use linear interpolation between order statistics (``statistics.quantiles``, inclusive method),
so a rerun on the same CSV files writes the same bytes.

    python scripts/build_estimative.py [--data DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "estimative"
DEFAULT_OUT = ROOT / "src" / "heuer" / "data" / "lexicons"

CAPPHRASE = "CAPphrase absolute judgements (Kucharski 2026, doi:10.5281/zenodo.18750055, CC-BY 4.0)"
PROBLY = "Perceptions of probability survey (probly, n=46, MIT)"
ICD203 = "ICD 203 estimative language (US NIC yardstick in CAPphrase)"

# Phrases no survey asked, each read as the surveyed phrase closest in meaning. Phrases starting with
# "be " match any form of "be" ("is set to", "were set to"); a final "to" must be the infinitive marker.
BORROWED: dict[str, list[str]] = {
    "almost certain": [
        "certainly",
        "definitely",
        "undoubtedly",
        "surely",
        "no doubt",
        "without doubt",
        "little doubt",
        "certain to",
        "sure to",
        "bound to",
        "virtually certain",
        "nearly certain",
    ],
    "will happen": ["will", "shall", "be going to"],
    "highly likely": ["most likely", "be set to", "be about to"],
    "very good chance": ["poised to", "on the verge of", "good chance", "strong chance"],
    # "would" is mostly a reported "will" in news, sometimes a conditional; "likely" sits between.
    "likely": ["expected to", "be preparing to", "on track to", "would"],
    "probable": ["reportedly", "reported to", "said to", "apparently"],
    "realistic possibility": [
        "allegedly",
        "alleged to",
        "purportedly",
        "supposedly",
        "rumoured to",
        "rumored to",
        "may well",
        "might well",
        "could well",
        "real possibility",
        "distinct possibility",
    ],
    "better than even": ["more likely than not"],
    "about even": ["even chance", "fifty-fifty", "50-50", "toss-up"],
    "may happen": ["may", "maybe", "perhaps", "possibly", "possible", "conceivably"],
    "might happen": ["might"],
    "could happen": ["could", "can"],
    "we believe": ["believed to", "be believed", "thought to", "be thought"],
    "we doubt": ["doubt", "doubts", "doubtful"],
    "little chance": ["small chance"],
    "chances are slight": ["slim chance", "slight chance"],
    "remote chance": ["remote possibility"],
    # A negated ability or possibility ("could not", "cannot") denies the event outright.
    "almost no chance": ["no chance", "could not", "can not", "cannot"],
}

# ICD 203 terms that no survey asked: their band is their definition.
ICD_ONLY = {
    "very likely": "Very likely",
    "very unlikely": "Very unlikely",
    "roughly even chance": "Roughly even chance",
}

MODIFIER_WORDS: dict[str, list[str]] = {
    "intensifier": ["very", "highly", "extremely", "most", "quite", "really"],
    "trend": ["increasingly", "ever more", "more and more", "growingly"],
    "downtoner": ["somewhat", "fairly", "rather", "slightly"],
    # words that say the writer passes a report on without vouching for it
    "hedge": BORROWED["probable"] + BORROWED["realistic possibility"][:6],
    "time": ["soon", "shortly", "eventually", "quickly", "imminently", "already", "still", "now"],
    "negation": ["not", "never"],
}


def _logit(p: float) -> float:
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1 - p))


def _summary(values: list[float]) -> tuple[float, float, float, int]:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return median / 100, q1 / 100, q3 / 100, len(values)


def read_capphrase(folder: Path) -> dict[str, tuple[float, float, float, int]]:
    answers: dict[str, list[float]] = defaultdict(list)
    with (folder / "capphrase_absolute_judgements.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            answers[row["term"].strip().lower()].append(float(row["probability"]))
    return {term: _summary(values) for term, values in sorted(answers.items())}


def read_probly(folder: Path) -> dict[str, tuple[float, float, float, int]]:
    with (folder / "perceptions_probly.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    out = {}
    for i, term in enumerate(header):
        values = [float(r[i]) for r in body if i < len(r) and r[i].strip()]
        out[term.strip().lower()] = _summary(values)
    return out


def read_nic(folder: Path) -> list[tuple[str, float, float]]:
    with (folder / "capphrase_yardstick_us_nic.csv").open(encoding="utf-8", newline="") as fh:
        return [
            (row["term"].strip(), float(row["low"]) / 100, float(row["high"]) / 100)
            for row in csv.DictReader(fh)
        ]


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") if x not in (0.0, 1.0) else str(int(x))


def build(folder: Path) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    cap = read_capphrase(folder)
    probly = read_probly(folder)
    nic = read_nic(folder)

    surveyed: dict[str, tuple[tuple[float, float, float, int], str]] = {}
    for term, numbers in cap.items():
        surveyed[term] = (numbers, CAPPHRASE)
    for term, numbers in probly.items():
        surveyed.setdefault(term, (numbers, PROBLY))

    rows: dict[str, list[str]] = {}
    for term, ((p, low, high, n), source) in surveyed.items():
        rows[term] = [term, _fmt(p), _fmt(low), _fmt(high), str(n), "survey", source]
    for target, phrases in BORROWED.items():
        (p, low, high, n), source = surveyed[target]
        for phrase in phrases:
            if phrase in rows:
                raise SystemExit(f"{phrase!r} is surveyed; do not borrow numbers for it")
            rows[phrase] = [phrase, _fmt(p), _fmt(low), _fmt(high), str(n), f"as '{target}'", source]
    bands = {term: (low, high) for term, low, high in nic}
    for phrase, term in ICD_ONLY.items():
        low, high = bands[term]
        rows[phrase] = [phrase, _fmt((low + high) / 2), _fmt(low), _fmt(high), "0", "ICD 203 band", ICD203]
    estimative = [rows[k] for k in sorted(rows)]

    seen: set[tuple[float, float]] = set()
    icd = []
    for term, low, high in nic:
        if (low, high) in seen:  # "Remote chance" repeats the "Almost no chance" band
            continue
        seen.add((low, high))
        icd.append([term.lower(), _fmt(low), _fmt(high), ICD203])

    def med(term: str) -> float:
        return cap[term][0]

    up = _logit(med("highly likely")) - _logit(med("likely"))
    down = _logit(med("unlikely")) - _logit(med("highly unlikely"))
    step = round((up + down) / 2, 3)
    measured = (
        f"CAPphrase medians: mean log-odds step from 'likely' to 'highly likely' ({up:.3f}) "
        f"and 'unlikely' to 'highly unlikely' ({down:.3f})"
    )
    weights = {
        "intensifier": (step, measured),
        "trend": (round(step / 2, 3), "convention: half an intensifier step (a change, not a degree)"),
        "downtoner": (round(-step / 2, 3), "convention: half an intensifier step back toward even"),
        "hedge": (0.0, "numbers in estimative.tsv; combined by multiplying probabilities"),
        "time": (0.0, "a time word narrows when, not how likely"),
        "negation": (0.0, "flips the probability: 1 - p, range mirrored"),
    }
    modifiers = []
    for kind, words in MODIFIER_WORDS.items():
        weight, source = weights[kind]
        for word in words:
            modifiers.append([word, kind, f"{weight:g}", source])
    return estimative, icd, modifiers


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = ["\t".join(header)] + ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the estimative survey folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="lexicon folder to write into")
    args = parser.parse_args(argv)
    if not (args.data / "capphrase_absolute_judgements.csv").exists():
        print(f"{args.data}: no capphrase_absolute_judgements.csv; pass --data DIR", file=sys.stderr)
        return 2
    estimative, icd, modifiers = build(args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    write_tsv(args.out / "estimative.tsv", ["phrase", "p", "low", "high", "n", "basis", "source"], estimative)
    write_tsv(args.out / "icd203.tsv", ["band", "low", "high", "source"], icd)
    write_tsv(args.out / "estimative_modifiers.tsv", ["word", "kind", "weight", "source"], modifiers)
    print(f"wrote {len(estimative)} phrases, {len(icd)} bands, {len(modifiers)} modifiers to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
