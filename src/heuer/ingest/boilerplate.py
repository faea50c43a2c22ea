"""Line-level boilerplate removal for plain text that a scraper already flattened.

Scraped text keeps the page's chrome as lines of its own: recommendation widgets, sign-in prompts, photo
credits, a dated teaser from another page, share buttons, footers. No list of phrases catches them all,
and a list strict enough to be safe misses most of them, so each line is described by general features
(its length, how it ends, how much of it is capitalised, dates and times, how much of it is promo-like
wording from ``data/lexicons/boilerplate_phrases.tsv``, where it sits in the document and what its
neighbours look like) and a logistic regression trained on real pages decides. A linear model keeps the
shipped file tiny, loads without pickle, scores with numpy alone, and lets every verdict name the features
that drove it.

The same :func:`line_features` builds the training matrix (``scripts/train_boilerplate.py``) and scores
lines at run time, so the two cannot drift apart.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from heuer.lexicon import LexiconFileError, read_table

LEXICON_HEADER = ("phrase", "kind", "source")
LEXICON_KINDS = frozenset({"promo", "account", "social", "legal", "nav", "credit"})
MODEL_FORMAT = "heuer-boilerplate-logreg/1"
# Training defaults, shared by the training script, the benchmark and the eval gate. Removing an article
# line costs more than keeping a menu line, so a line goes only when the model is fairly sure.
DEFAULT_C = 0.1
DEFAULT_THRESHOLD = 0.65

_DATA = resources.files("heuer") / "data"
DEFAULT_LEXICON = _DATA / "lexicons" / "boilerplate_phrases.tsv"
DEFAULT_MODEL = _DATA / "models" / "boilerplate.json"


LexiconError = LexiconFileError  # the error every heuer data file raises when malformed


@dataclass(frozen=True)
class LineVerdict:
    """The decision on one line, with the reason shown to users next to the removed line."""

    boilerplate: bool
    score: float
    reason: str


@dataclass(frozen=True)
class Lexicon:
    """Promo- and link-like phrases with their kind, and a matcher built once from them."""

    phrases: dict[str, str]
    digest: str
    pattern: re.Pattern[str]


def _phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    # Longest first, so "share this article" wins over "share" and coverage counts the whole phrase.
    alts = sorted(phrases, key=lambda p: (-len(p), p))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in alts) + r")(?!\w)")


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """Read a phrase lexicon, refusing a malformed one rather than silently matching less.

    A shifted column or a missing header would otherwise turn kinds into phrases and quietly change every
    verdict, which no test of the classifier would notice.
    """
    source = DEFAULT_LEXICON if path is None else Path(path)

    def check(row: dict[str, str]) -> str | None:
        if row["kind"] not in LEXICON_KINDS:
            return f"unknown kind {row['kind']!r} (one of {', '.join(sorted(LEXICON_KINDS))})"
        return None

    rows = read_table(Path(str(source)), LEXICON_HEADER, check=check)
    phrases = {_normalise(r["phrase"]): r["kind"] for r in rows}
    if not phrases:
        raise LexiconError(f"{source}: no phrases")
    digest = hashlib.sha256("\n".join(f"{p}\t{k}" for p, k in sorted(phrases.items())).encode()).hexdigest()
    return Lexicon(phrases, digest[:16], _phrase_pattern(list(phrases)))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return load_lexicon()


# --- features -------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_QUOTES_TAIL = "\"'”’»)]」』"
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december"
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\b)|\b\d{1,2}:\d{2}\b", re.I)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SEPARATORS = re.compile(r"[|•·»«›‹▸►◄]")
_LINKISH = re.compile(r"https?://|www\.|\.(?:com|org|net)\b|@\w", re.I)
_SENT_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z]")
_BYLINE = re.compile(r"^(?:by|von|par|por)\s+[A-Z]", re.I)
# Function words: prose is full of them, menus, headlines, names and credits have few.
_STOPWORDS = frozenset(
    (
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "it's",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    )
)

# Name, what a high value says (pushes toward boilerplate if its weight is positive), what a low value says.
_FEATURES: list[tuple[str, str, str]] = [
    ("log_words", "long", "short"),
    ("log_chars", "long", "short"),
    ("end_sentence", "ends a sentence", "no end punctuation"),
    ("end_colon", "ends with ':'", "no closing colon"),
    ("end_ellipsis", "trails off with '...'", "no trailing '...'"),
    ("no_end", "no end punctuation", "ends with punctuation"),
    ("title_ratio", "title case", "few capitalised words"),
    ("caps_ratio", "mostly capitals", "few capitals"),
    ("digit_ratio", "many digits", "few digits"),
    ("has_time", "time of day", "no time of day"),
    ("has_date", "date", "no date"),
    ("has_year", "year", "no year"),
    ("separators", "separator symbols", "no separator symbols"),
    ("linkish", "link or handle", "no link"),
    ("stop_ratio", "many function words", "few function words"),
    ("comma_ratio", "many commas", "few commas"),
    ("sentences", "several sentences", "at most one sentence"),
    ("starts_lower", "starts lower case", "starts capitalised"),
    ("starts_quote", "starts with a quote", "no opening quote"),
    ("byline", "byline", "no byline"),
    ("mean_word_len", "long words", "short words"),
    ("lex_cover", "promo-like wording", "no promo-like wording"),
    ("lex_any", "promo-like wording", "no promo-like wording"),
    ("lex_start", "starts with promo-like wording", "no promo-like opening"),
    ("lex_credit", "photo-credit wording", "no credit wording"),
    ("repeated", "repeated in the document", "unique in the document"),
    ("x_lex_noend", "promo wording without end punctuation", "not promo-like fragment"),
    ("x_lex_short", "short promo-like line", "not a short promo-like line"),
    ("x_credit_noend", "credit-like fragment", "not a credit-like fragment"),
    ("x_stamp_short", "short line with date/time", "not a date stamp"),
    ("x_title_noend", "title case without end punctuation", "not a headline-like fragment"),
    ("x_short_noend", "short without end punctuation", "not a short fragment"),
    ("x_lead_noend", "opens with promo-like wording, no end punctuation", "not a promo-led fragment"),
    ("prev_prose", "after a paragraph", "not after a paragraph"),
    ("next_prose", "before a paragraph", "not before a paragraph"),
    ("prev_log_words", "long previous line", "short previous line"),
    ("next_log_words", "long next line", "short next line"),
    ("prev_lex", "after promo-like line", "not after promo-like line"),
    ("next_lex", "before promo-like line", "not before promo-like line"),
    ("window_prose", "among paragraphs", "away from paragraphs"),
    ("window_log_words", "among long lines", "among short lines"),
    ("window_lex", "among promo-like lines", "away from promo-like lines"),
    ("wide_prose", "in a stretch of paragraphs", "in a stretch without paragraphs"),
    ("dist_prose", "far from any paragraph", "next to paragraphs"),
    ("rel_pos", "late in the document", "early in the document"),
    ("doc_prose_share", "document mostly paragraphs", "document mostly fragments"),
    ("rel_len", "one of the longest lines", "short for this document"),
]
FEATURE_NAMES: tuple[str, ...] = tuple(f[0] for f in _FEATURES)
_FEATURE_TEXT = {name: (hi, lo) for name, hi, lo in _FEATURES}
_WINDOW = 3
_WIDE = 10
_DIST_CAP = 30


def _normalise(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def _base_features(line: str, lexicon: Lexicon) -> tuple[list[float], str, str]:
    """Features of one line alone; also the longest lexicon phrase found and its kind, for the reason."""
    low = _normalise(line)
    toks = _WORD.findall(low)
    n_words = len(toks)
    n_chars = len(line)
    bare = line.rstrip(_QUOTES_TAIL + " ")
    end_ellipsis = bare.endswith(("...", "…"))
    end_sentence = bool(bare) and bare[-1] in ".!?。！？" and not end_ellipsis
    end_colon = bare.endswith((":", "："))
    no_end = not (end_sentence or end_colon or end_ellipsis)
    alpha_tokens = [t for t in line.split() if t[:1].isalpha() or t[1:2].isalpha()]
    capped = [t for t in alpha_tokens if (t[0] if t[0].isalpha() else t[1:2]).isupper()]
    title_ratio = len(capped) / len(alpha_tokens) if alpha_tokens else 0.0
    letters = [c for c in line if c.isalpha()]
    caps_ratio = sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
    digit_ratio = sum(c.isdigit() for c in line) / n_chars if n_chars else 0.0
    stop_ratio = sum(t in _STOPWORDS for t in toks) / n_words if n_words else 0.0
    comma_ratio = line.count(",") / n_words if n_words else 0.0
    mean_word_len = sum(map(len, toks)) / n_words if n_words else 0.0
    first = line.lstrip()[:1]

    matches = list(lexicon.pattern.finditer(low))
    covered = sum(len(_WORD.findall(m.group())) or 1 for m in matches)
    lex_cover = min(1.0, covered / max(1, n_words))
    lex_any = float(bool(matches))
    lex_start = float(bool(matches) and matches[0].start() <= 2)
    kinds = [lexicon.phrases.get(m.group(), "") for m in matches]
    lex_credit = float("credit" in kinds)
    best = max(matches, key=lambda m: len(m.group())) if matches else None
    phrase = best.group() if best else ""
    kind = lexicon.phrases.get(phrase, "") if best else ""

    has_time = float(bool(_TIME.search(line)))
    has_date = float(bool(_DATE.search(line)))
    short = float(n_words <= 6)
    stamp_short = float((has_time or has_date) and n_words <= 12)
    feats = [
        math.log1p(n_words),
        math.log1p(n_chars),
        float(end_sentence),
        float(end_colon),
        float(end_ellipsis),
        float(no_end),
        title_ratio,
        caps_ratio,
        digit_ratio,
        has_time,
        has_date,
        float(bool(_YEAR.search(line))),
        float(bool(_SEPARATORS.search(line))),
        float(bool(_LINKISH.search(line))),
        stop_ratio,
        comma_ratio,
        math.log1p(len(_SENT_BREAK.findall(line))),
        float(first.islower()),
        float(first in "\"“‘'«"),
        float(bool(_BYLINE.match(line))),
        mean_word_len,
        lex_cover,
        lex_any,
        lex_start,
        lex_credit,
        0.0,  # repeated: filled in at document level
        lex_cover * no_end,
        lex_cover * short,
        lex_credit * no_end,
        stamp_short,
        title_ratio * no_end,
        short * no_end,
        lex_start * no_end,
    ]
    return feats, phrase, kind


_N_BASE = 33
_I = {name: i for i, name in enumerate(FEATURE_NAMES)}


def _neighbour_mean(values: np.ndarray, k: int) -> np.ndarray:
    """Mean over the up-to-k lines on each side, the line itself excluded so it cannot vouch for itself."""
    n = len(values)
    csum = np.r_[0.0, np.cumsum(np.r_[np.zeros(k), values, np.zeros(k)])]
    ccount = np.r_[0.0, np.cumsum(np.r_[np.zeros(k), np.ones(n), np.zeros(k)])]
    idx = np.arange(n)
    total = csum[idx + 2 * k + 1] - csum[idx] - values
    count = ccount[idx + 2 * k + 1] - ccount[idx] - 1
    return np.divide(total, count, out=np.zeros(n), where=count > 0)


def _featurize(lines: Sequence[str], lexicon: Lexicon) -> tuple[np.ndarray, list[tuple[str, str]]]:
    n = len(lines)
    width = len(FEATURE_NAMES)
    X = np.zeros((n, width), dtype=np.float64)
    found: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        base, phrase, kind = _base_features(line, lexicon)
        X[i, :_N_BASE] = base
        found.append((phrase, kind))
    if n == 0:
        return X, found
    counts = Counter(lines)
    X[:, _I["repeated"]] = [float(counts[line] > 1) for line in lines]

    words = X[:, _I["log_words"]]
    prose = (X[:, _I["end_sentence"]] > 0) & (words >= math.log1p(10))
    lex = X[:, _I["lex_any"]]
    prev = np.r_[0.0, prose[:-1].astype(float)]
    nxt = np.r_[prose[1:].astype(float), 0.0]
    X[:, _I["prev_prose"]] = prev
    X[:, _I["next_prose"]] = nxt
    X[:, _I["prev_log_words"]] = np.r_[0.0, words[:-1]]
    X[:, _I["next_log_words"]] = np.r_[words[1:], 0.0]
    X[:, _I["prev_lex"]] = np.r_[0.0, lex[:-1]]
    X[:, _I["next_lex"]] = np.r_[lex[1:], 0.0]

    prose_f = prose.astype(float)
    X[:, _I["window_prose"]] = _neighbour_mean(prose_f, _WINDOW)
    X[:, _I["window_log_words"]] = _neighbour_mean(words, _WINDOW)
    X[:, _I["window_lex"]] = _neighbour_mean(lex, _WINDOW)
    X[:, _I["wide_prose"]] = _neighbour_mean(prose_f, _WIDE)

    prose_idx = np.flatnonzero(prose)
    idx = np.arange(n)
    dist = np.full(n, float(_DIST_CAP))
    for j in prose_idx:
        d = np.abs(idx - j).astype(float)
        d[j] = _DIST_CAP
        dist = np.minimum(dist, d)
    X[:, _I["dist_prose"]] = np.log1p(np.minimum(dist, _DIST_CAP))
    X[:, _I["rel_pos"]] = idx / (n - 1) if n > 1 else 0.0
    X[:, _I["doc_prose_share"]] = prose.mean()
    chars = X[:, _I["log_chars"]]
    X[:, _I["rel_len"]] = chars / chars.max() if chars.max() > 0 else 0.0
    return X, found


def line_features(lines: Sequence[str], lexicon: Lexicon | None = None) -> np.ndarray:
    """The feature matrix of one document's non-blank lines (rows in line order, columns FEATURE_NAMES).

    Context features (neighbours, position, document-level shares) are computed within the document, so
    call this once per document, never on lines pooled from several.
    """
    return _featurize(lines, lexicon or default_lexicon())[0]


# --- model ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineModel:
    """Standardisation plus logistic-regression weights; scoring needs numpy only."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    meta: dict

    def logits(self, X: np.ndarray) -> np.ndarray:
        return ((X - self.mean) / self.scale) @ self.coef + self.intercept

    def proba(self, X: np.ndarray) -> np.ndarray:
        """Probability that each row is boilerplate."""
        return 1.0 / (1.0 + np.exp(-self.logits(X)))

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Per-feature push toward boilerplate (positive) or article (negative) for one row."""
        return ((x - self.mean) / self.scale) * self.coef

    def to_json(self) -> dict:
        return {
            "format": MODEL_FORMAT,
            "features": list(FEATURE_NAMES),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "coef": [round(float(v), 8) for v in self.coef],
            "intercept": round(float(self.intercept), 8),
            "threshold": self.threshold,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict, origin: str = "model") -> LineModel:
        """Rebuild a model, refusing one trained on a different feature list."""
        if data.get("format") != MODEL_FORMAT:
            got = data.get("format")
            raise ValueError(f"{origin}: unknown model format {got!r}, expected {MODEL_FORMAT!r}")
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ValueError(f"{origin}: model features differ from this code's; retrain the model")
        return cls(
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            meta=dict(data.get("meta", {})),
        )


def fit_model(
    X: np.ndarray,
    y: np.ndarray,
    *,
    c: float = DEFAULT_C,
    threshold: float = DEFAULT_THRESHOLD,
    meta: dict | None = None,
) -> LineModel:
    """Train on stacked per-document feature rows; ``y`` is 1 for boilerplate.

    scikit-learn is imported here only, so scoring shipped models never needs it.
    """
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit((X - mean) / scale, y)
    return LineModel(mean, scale, clf.coef_[0].copy(), float(clf.intercept_[0]), threshold, meta or {})


def load_model(path: Path | str | None = None) -> LineModel:
    """Read a model file written by ``scripts/train_boilerplate.py``."""
    source = DEFAULT_MODEL if path is None else Path(path)
    return LineModel.from_json(json.loads(source.read_text(encoding="utf-8")), str(source))


@lru_cache(maxsize=1)
def default_model() -> LineModel:
    """The shipped model, read once per process."""
    return load_model()


# --- verdicts -------------------------------------------------------------------------------------------

_KIND_REASON = {
    "promo": "promo wording",
    "account": "sign-up/account prompt",
    "social": "share/comment widget wording",
    "legal": "site footer wording",
    "nav": "navigation wording",
    "credit": "photo credit",
}
# Features that together mean one thing a user recognises; their pushes are summed before ranking.
_GROUPS = {
    **dict.fromkeys(
        ("lex_cover", "lex_any", "lex_start", "x_lex_noend", "x_lex_short", "x_lead_noend"), "wording"
    ),
    **dict.fromkeys(("lex_credit", "x_credit_noend"), "credit"),
    **dict.fromkeys(("has_time", "has_date", "has_year", "x_stamp_short", "byline"), "stamp"),
}
_INDICATORS = frozenset(
    name
    for name in FEATURE_NAMES
    if name.startswith(("x_", "end_", "has_", "starts_", "prev_prose", "next_prose", "prev_lex", "next_lex"))
    or name in ("no_end", "separators", "linkish", "byline", "repeated")
)


def _reason(model: LineModel, x: np.ndarray, p: float, removed: bool, phrase: str, kind: str) -> str:
    """Name what drove the decision: the feature groups with the largest push in the winning direction.

    The pushes are the model's own terms (weight times standardised value), so the reason cannot claim a
    cue the model did not use.
    """
    contrib = model.contributions(x) * (1.0 if removed else -1.0)
    pushes: dict[str, float] = {}
    for j, name in enumerate(FEATURE_NAMES):
        group = _GROUPS.get(name, name)
        pushes[group] = pushes.get(group, 0.0) + float(contrib[j])
    ranked = [g for g, v in sorted(pushes.items(), key=lambda kv: -kv[1]) if v > 0]
    texts: list[str] = []
    for group in ranked:
        if len(texts) == 3:
            break
        if removed and group in _INDICATORS and x[_I[group]] == 0:
            # An absent cue that still tips a linear model ("not a short fragment") reads as nonsense.
            continue
        if group == "wording":
            present = bool(phrase) and x[_I["lex_any"]] > 0
            label = _KIND_REASON.get(kind, "promo wording")
            text = f"{label} ('{phrase}')" if present else "no promo-like wording"
        elif group == "credit":
            present = x[_I["lex_credit"]] > 0
            text = f"photo credit ('{phrase}')" if present else "no credit wording"
        elif group == "stamp":
            stamp = x[_I["has_time"]] + x[_I["has_date"]] + x[_I["byline"]] > 0
            year = x[_I["has_year"]] > 0
            present = stamp or year
            text = "byline/date stamp" if stamp else "a year" if year else "no date or byline"
        else:
            hi, lo = _FEATURE_TEXT[group]
            present = x[_I[group]] > model.mean[_I[group]]
            text = hi if present else lo
        if removed and not present and group in ("wording", "credit", "stamp"):
            continue
        if text not in texts:
            texts.append(text)
    head = f"learned classifier p={p:.2f}"
    if removed and ranked and ranked[0] in ("wording", "credit", "stamp") and texts:
        # A recognisable cue led the decision: say it first, as users look for it.
        rest = ", ".join(texts[1:])
        return f"{texts[0]}; {head}" + (f": {rest}" if rest else "")
    return f"{head}: " + ", ".join(texts) if texts else head


PROSE_MIN_WORDS = 20
_PROSE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def looks_like_prose(line: str) -> bool:
    """A line of 20+ words with a sentence end (at its end or inside) is article prose, whatever its
    neighbours look like.

    The classifier reads context, and on text a scraper already trimmed to the article (a single line
    holding the whole story, a few paragraphs with a caption between them) context misleads it. On the
    benchmark pages this guard costs under half a point of recall and no precision (bench/boilerplate.py),
    and it keeps whole stories from being thrown away.
    """
    return len(line.split()) >= PROSE_MIN_WORDS and bool(_PROSE_END.search(line) or _SENT_BREAK.search(line))


PROMO_FRAGMENT_MAX_WORDS = 6


def promo_fragment(line: str, lexicon: Lexicon | None = None) -> str | None:
    """The lexicon phrase in a short unpunctuated line ("Subscribe to our newsletter"), else None.

    The learned model leans on context, so a lone sign-up or share line right after the last paragraph
    can score under the threshold. A fragment of six words or fewer that carries such wording and ends no
    sentence is furniture on its own; adding this rule costs no precision on the benchmark pages.
    """
    if len(_WORD.findall(line)) > PROMO_FRAGMENT_MAX_WORDS or _PROSE_END.search(line):
        return None
    m = (lexicon or default_lexicon()).pattern.search(line.lower())
    return m.group(0).strip() if m else None


def classify_lines(
    lines: Sequence[str], threshold: float | None = None, model: LineModel | None = None
) -> list[LineVerdict]:
    """One verdict per line of ONE document (its non-blank, stripped lines, in order).

    ``score`` is the probability that the line is boilerplate; it is removed when the score reaches
    ``threshold`` (the model's own, tuned in training, when not given).
    """
    if not lines:
        return []
    model = model or default_model()
    cut = model.threshold if threshold is None else threshold
    X, found = _featurize(lines, default_lexicon())
    probs = model.proba(X)
    verdicts = []
    for i, p in enumerate(probs):
        removed = bool(p >= cut)
        phrase, kind = found[i]
        if removed and looks_like_prose(lines[i]):
            verdicts.append(
                LineVerdict(
                    False,
                    round(float(p), 4),
                    f"kept as prose (20+ words, a sentence end); classifier p={p:.2f}",
                )
            )
            continue
        if not removed and (fragment := promo_fragment(lines[i])):
            verdicts.append(
                LineVerdict(
                    True,
                    round(float(p), 4),
                    f"short line with promo wording ('{fragment}'); classifier p={p:.2f}",
                )
            )
            continue
        reason = _reason(model, X[i], float(p), removed, phrase, kind)
        verdicts.append(LineVerdict(removed, round(float(p), 4), reason))
    if all(v.boilerplate for v in verdicts):
        # Nothing left means the document was article-only text the model misread (a one-sentence story)
        # or pure page furniture; keep the sentences and let the caller judge what remains.
        verdicts = [
            LineVerdict(
                False,
                v.score,
                f"kept: a sentence, and removing every line would leave nothing; classifier p={v.score:.2f}",
            )
            if len(line.split()) >= 8 or (_PROSE_END.search(line) and len(line.split()) >= 4)
            else v
            for v, line in zip(verdicts, lines, strict=True)
        ]
    return verdicts
