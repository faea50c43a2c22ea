"""How sure a clause is: estimative words and hedges mapped to probabilities with their spread.

The numbers are measured, not guessed: ``data/lexicons/estimative.tsv`` holds, per phrase, the median
reading and the interquartile range from surveys of how people read probability words (CAPphrase, n =
5,174; the probly survey, n = 46), or the closest surveyed phrase's numbers, or the ICD 203 band
(``scripts/build_estimative.py`` writes it and says which). Readers disagree, so the range travels with
the number.

Finding the cue. Phrases are matched on token norms ("couldn't" is "could not", "won't" is "will not");
a phrase starting with "be" matches any form of "be" with up to two adverbs after it ("is now set to"),
a final "to" must be the infinitive marker ("expected to join", not "expected to date"), and the modal
words (will, would, shall, can, could, may, might) only count as modal verbs ("the will of the people"
is no estimate). The cue that governs the clause is the one nearest the clause's root in the parse; on
a tie, a non-modal word wins over a modal, since "will probably" is a "probably" in the future tense.
When a content span holds no cue, its governing words outside it are searched ("it is likely that
[X]", "[X] is expected to..."), climbing through copulas and stopping at the first other full verb: a
reporting verb's own hedges qualify the report, not what it reports. With no cue at all, a finite
statement ("has joined", "joined") is a plain assertion, read as the middle of ICD 203's "almost
certain" band. Questions and conditions ("if", "unless", "whether") estimate nothing: ``None``.

Combining, in this order (weights in ``data/lexicons/estimative_modifiers.tsv``):

1. The cue's row gives p, low, high. A longer phrase wins over parts ("highly likely" is surveyed, so
   it is not "likely" plus "highly").
2. An intensifier right before the cue ("very", "extremely") moves p, low and high away from even by
   the intensifier step on the log-odds scale, a step measured from the survey as the distance from
   "likely" to "highly likely" and "unlikely" to "highly unlikely"; a trend word ("increasingly
   likely") moves half a step; a downtoner ("somewhat") half a step back toward even. Both ends of the
   range move with p.
3. A hedge ("reportedly", "allegedly") alone is its own row; with another cue both must hold, so the
   probabilities multiply ("reportedly could": 0.75 x 0.40).
4. A time word next to the cue ("could soon") joins the cue's text and changes nothing: "soon" says
   when, not how likely.
5. Negation on the cue or its predicate ("not likely", "will not", "almost certainly not") flips to
   the event: p becomes 1 - p and the range is mirrored. An odd number of negations flips, an even
   number does not. Phrases that carry their own negation ("unlikely", "probably not", "could not")
   are already about the event and are not flipped again. So ``p`` is always the probability of the
   proposition with the negation taken out, as ``claims`` words it.
6. Everything is clamped to ICD 203's 1-99 %: no news sentence makes anything certain, and a 0 or 1
   would break any later pooling on log-odds.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from pathlib import Path

from spacy.attrs import DEP, HEAD, IS_PUNCT, IS_QUOTE, LEMMA, LOWER, NORM, ORTH, POS, SPACY, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span, Token

from heuer.extract.nlp import doc_text
from heuer.lexicon import LexiconFileError, data_path, read_table
from heuer.model import Certainty

ESTIMATIVE_COLUMNS = ("phrase", "p", "low", "high", "n", "basis", "source")
BAND_COLUMNS = ("band", "low", "high", "source")
MODIFIER_COLUMNS = ("word", "kind", "weight", "source")
MODIFIER_KINDS = ("intensifier", "trend", "downtoner", "hedge", "time", "negation")

MODALS = frozenset({"will", "would", "shall", "can", "could", "may", "might"})
STOP_MARKS = frozenset({"if", "unless", "whether"})
FLOOR, CEILING = 0.01, 0.99


@dataclass(frozen=True)
class Reading:
    """One phrase's numbers and where they come from."""

    phrase: str
    p: float
    low: float
    high: float
    n: int
    basis: str
    source: str


@dataclass(frozen=True)
class Band:
    word: str
    low: float
    high: float
    source: str


@dataclass(frozen=True)
class Modifier:
    word: str
    kind: str
    weight: float
    source: str


# --- data files -----------------------------------------------------------------------------------------


def _number(row: dict[str, str], *names: str) -> str | None:
    for name in names:
        try:
            value = float(row[name])
        except ValueError:
            return f"{name} is {row[name]!r}, not a number"
        if math.isnan(value):
            return f"{name} is not a number"
    return None


def _check_reading(row: dict[str, str]) -> str | None:
    if problem := _number(row, "p", "low", "high"):
        return problem
    p, low, high = (float(row[k]) for k in ("p", "low", "high"))
    for name, value in (("p", p), ("low", low), ("high", high)):
        if not 0.0 <= value <= 1.0:
            return f"{name} = {value} is outside [0, 1] (probabilities, not percentages)"
    if low > high:
        return f"low {low} > high {high}"
    if not low <= p <= high:
        return f"p {p} is outside its range [{low}, {high}]"
    if not row["n"].isdigit():
        return f"n is {row['n']!r}, not a count of respondents"
    if not row["basis"]:
        return "empty basis"
    return None


def load_lexicon(path: Path | str) -> dict[str, Reading]:
    """Phrase -> reading, refusing a file that would silently shift every estimate.

    Raises ``LexiconFileError`` naming the file and line for a wrong header, a bad number, a range with
    low > high, a value outside [0, 1] or a phrase listed twice.
    """
    out: dict[str, Reading] = {}
    for row in read_table(path, ESTIMATIVE_COLUMNS, check=_check_reading):
        phrase = " ".join(row["phrase"].lower().split())
        if phrase in out:
            raise LexiconFileError(f"{path}: phrase {phrase!r} is listed twice")
        out[phrase] = Reading(
            phrase,
            float(row["p"]),
            float(row["low"]),
            float(row["high"]),
            int(row["n"]),
            row["basis"],
            row["source"],
        )
    return out


def _check_band(row: dict[str, str]) -> str | None:
    if problem := _number(row, "low", "high"):
        return problem
    low, high = float(row["low"]), float(row["high"])
    if not 0.0 <= low <= high <= 1.0:
        return f"band [{low}, {high}] is not a range inside [0, 1]"
    return None


def load_bands(path: Path | str) -> list[Band]:
    """ICD 203 bands from lowest to highest, checked to tile the scale without gaps or overlaps."""
    bands = sorted(
        (
            Band(r["band"], float(r["low"]), float(r["high"]), r["source"])
            for r in read_table(path, BAND_COLUMNS, check=_check_band)
        ),
        key=lambda b: b.low,
    )
    if not bands:
        raise LexiconFileError(f"{path}: no bands")
    for below, above in zip(bands, bands[1:], strict=False):
        if not math.isclose(below.high, above.low):
            raise LexiconFileError(f"{path}: bands {below.word!r} and {above.word!r} do not meet")
    return bands


def _check_modifier(row: dict[str, str]) -> str | None:
    if row["kind"] not in MODIFIER_KINDS:
        return f"kind {row['kind']!r} is not one of {', '.join(MODIFIER_KINDS)}"
    return _number(row, "weight")


def load_modifiers(path: Path | str) -> dict[str, Modifier]:
    return {
        " ".join(r["word"].lower().split()): Modifier(r["word"], r["kind"], float(r["weight"]), r["source"])
        for r in read_table(path, MODIFIER_COLUMNS, check=_check_modifier)
    }


@lru_cache(maxsize=1)
def default_lexicon() -> dict[str, Reading]:
    return load_lexicon(data_path("lexicons", "estimative.tsv"))


@lru_cache(maxsize=1)
def default_bands() -> tuple[Band, ...]:
    return tuple(load_bands(data_path("lexicons", "icd203.tsv")))


@lru_cache(maxsize=1)
def default_modifiers() -> dict[str, Modifier]:
    return load_modifiers(data_path("lexicons", "estimative_modifiers.tsv"))


# --- ICD 203 words ----------------------------------------------------------------------------------------


def icd203_word(p: float, bands: Iterable[Band] | None = None) -> str:
    """The ICD 203 word for a probability.

    A value on a boundary belongs to the band nearer to even chance, so a word never claims more than
    the number supports and the scale is symmetric: 0.05 and 0.95 are "very unlikely" and "very
    likely", 0.45 and 0.55 both "roughly even chance", 0.20 "unlikely", 0.80 "likely". Values beyond the
    outer bands' ends (under 1 %, over 99 %) take the outer words.
    """
    if not isinstance(p, int | float) or math.isnan(p) or not 0.0 <= p <= 1.0:
        raise ValueError(f"probability {p!r} is outside [0, 1]")
    p = round(float(p), 9)  # 1 - 0.55 is 0.44999999999999996: still on the boundary
    ordered = list(bands if bands is not None else default_bands())
    if p >= 0.5:
        for band in reversed(ordered):
            if band.low < p <= band.high or (band is ordered[-1] and p > band.high):
                return band.word
    else:
        for band in ordered:
            if band.low <= p < band.high or (band is ordered[0] and p < band.low):
                return band.word
    # p sits exactly on an inner boundary at 0.5 or inside the middle band
    return min(ordered, key=lambda b: abs((b.low + b.high) / 2 - 0.5)).word


def _assertion_reading(bands: Iterable[Band]) -> Reading:
    top = max(bands, key=lambda b: b.high)
    return Reading(
        "",
        (top.low + top.high) / 2,
        top.low,
        top.high,
        0,
        f"plain assertion: ICD 203 band '{top.word}'",
        top.source,
    )


# --- matching phrases on tokens -------------------------------------------------------------------------


@dataclass
class _Match:
    phrase: str
    tokens: list[Token]  # the tokens that spell the phrase
    skipped: list[Token]  # adverbs and quotes inside the match that the phrase does not name

    @property
    def head(self) -> Token:
        inside = {t.i for t in self.tokens}
        for tok in self.tokens:
            if tok.head.i not in inside or tok.head.i == tok.i:
                return tok
        return self.tokens[0]

    @property
    def governed(self) -> Token:
        """The word the phrase qualifies: its own head for a verb phrase, else its head's head."""
        head = self.head
        return head if head.pos_ == "VERB" and head.tag_ != "MD" else head.head

    @property
    def modal(self) -> bool:
        return all(t.tag_ == "MD" or t.dep_ == "neg" for t in self.tokens)

    @property
    def start(self) -> int:
        return self.tokens[0].i

    @property
    def end(self) -> int:
        return self.tokens[-1].i + 1


_KEYS = "heuer_certainty_keys"


def _doc_keys(doc: Doc) -> tuple[list[set[str]], list[bool]]:
    """The words each token can be matched as (its norm and its lower case, lower-cased, and "be" for
    a form of "be"), and whether its lemma is "be", kept on the Doc: every claim's clause is scanned for
    cues and modifiers, and clauses overlap, so the same tokens are asked again and again.

    Read from ``Doc.to_array`` and made once per distinct (norm, lower, lemma), not through a ``Token``
    per word; tokens with the same values share one set, which nothing changes.
    """
    cache = doc.user_data.get(_KEYS)
    if cache is None or len(cache[0]) != len(doc):
        if len(doc):
            norm, lower, lemma = doc.to_array([NORM, LOWER, LEMMA]).T.tolist()
        else:
            norm = lower = lemma = []
        strings = doc.vocab.strings
        made = {}
        for n, low, lem in set(zip(norm, lower, lemma, strict=True)):
            keys = {strings[n].lower(), strings[low]}
            be = strings[lem].lower() == "be"
            if be:
                keys.add("be")
            made[n, low, lem] = keys, be
        values = [made[v] for v in zip(norm, lower, lemma, strict=True)]
        cache = doc.user_data[_KEYS] = ([k for k, _ in values], [be for _, be in values])
    return cache


def _token_keys(doc: Doc, i: int) -> set[str]:
    return _doc_keys(doc)[0][i]


def _try(doc: Doc, i: int, limit: int, words: list[str]) -> _Match | None:
    """The phrase ``words`` spelled from token ``i`` on, before ``limit``.

    A word fits a token it is a key of (``_doc_keys``), a modal word only a modal verb, and "be" any
    form of "be". The tokens are read from the Doc's columns; ``Token`` objects are made for a match only.
    """
    keys, be = _doc_keys(doc)
    cols = _columns(doc)
    quote, tag = cols.quote, cols.tag
    matched: list[int] = []
    skipped: list[int] = []
    j = i
    for k, word in enumerate(words):
        if k:
            adverbs = 2 if words[k - 1] == "be" else 0
            while j < limit and (quote[j] or (adverbs and tag[j] == "RB")):
                adverbs -= 0 if quote[j] else 1
                skipped.append(j)
                j += 1
        if j >= limit:
            return None
        if word == "be":
            if not be[j]:
                return None
        elif word not in keys[j] or (word in MODALS and tag[j] != "MD"):
            return None
        matched.append(j)
        j += 1
    if words[-1] == "to" and tag[matched[-1]] != "TO":
        return None
    return _Match(" ".join(words), [doc[x] for x in matched], [doc[x] for x in skipped])


_PHRASE_SETS = count()


class _Phrases:
    """A set of phrases indexed by first word, matched longest first, without overlaps."""

    def __init__(self, phrases: Iterable[str]):
        self.index: dict[str, list[list[str]]] = {}
        for phrase in phrases:
            words = phrase.split()
            self.index.setdefault(words[0], []).append(words)
        for group in self.index.values():
            group.sort(key=len, reverse=True)
        self._starts_key = f"heuer_certainty_starts_{next(_PHRASE_SETS)}"

    def starts(self, doc: Doc) -> list[int]:
        """The tokens a phrase of the set can start at (one of their keys is a first word), in order.

        Kept on the Doc per phrase set: ``find`` then visits only these, rather than asking every
        token of every clause, and of the whole sentence around it, again for each claim.
        """
        cached = doc.user_data.get(self._starts_key)
        if cached is None or cached[0] != len(doc):
            firsts = self.index.keys()
            starts = [i for i, keys in enumerate(_doc_keys(doc)[0]) if not firsts.isdisjoint(keys)]
            cached = doc.user_data[self._starts_key] = (len(doc), starts)
        return cached[1]

    def at(self, doc: Doc, i: int, limit: int) -> _Match | None:
        keys = _token_keys(doc, i)
        if not any(key in self.index for key in keys):
            return None
        candidates = sorted((w for key in keys for w in self.index.get(key, [])), key=len, reverse=True)
        for words in candidates:
            if hit := _try(doc, i, limit, words):
                return hit
        return None

    def find(self, doc: Doc, start: int, end: int) -> list[_Match]:
        starts = self.starts(doc)
        found = []
        k = bisect_left(starts, start)
        while k < len(starts) and starts[k] < end:
            hit = self.at(doc, starts[k], end)
            if hit:
                found.append(hit)
                k = bisect_left(starts, hit.end, k + 1)
            else:
                k += 1
        return found

    def ending_at(self, doc: Doc, end: int, floor: int) -> _Match | None:
        """The longest phrase that ends right before token ``end`` (quotes between allowed)."""
        while end > floor and doc[end - 1].is_quote:
            end -= 1
        for start in range(max(floor, end - 4), end):
            hit = self.at(doc, start, end)
            if hit and hit.end == end:
                return hit
        return None


@dataclass(frozen=True)
class _Tables:
    lexicon: dict[str, Reading]
    modifiers: dict[str, Modifier]
    bands: tuple[Band, ...]
    cues: _Phrases
    mods: _Phrases
    hedges: frozenset[str]


@lru_cache(maxsize=8)
def _tables(lexicon_path: str | None, modifiers_path: str | None) -> _Tables:
    lexicon = load_lexicon(lexicon_path) if lexicon_path else default_lexicon()
    modifiers = load_modifiers(modifiers_path) if modifiers_path else default_modifiers()
    hedges = frozenset(w for w, m in modifiers.items() if m.kind == "hedge" and w in lexicon)
    return _Tables(lexicon, modifiers, default_bands(), _Phrases(lexicon), _Phrases(modifiers), hedges)


# --- the clause -------------------------------------------------------------------------------------------


def clause_tokens(
    doc_or_span: Doc | Span, start_char: int | None, end_char: int | None
) -> tuple[Doc, int, int]:
    """Token bounds [a, b) of the clause: the span, narrowed to the characters given."""
    if isinstance(doc_or_span, Doc):
        doc, a, b = doc_or_span, 0, len(doc_or_span)
    else:
        doc, a, b = doc_or_span.doc, doc_or_span.start, doc_or_span.end
    if start_char is None and end_char is None:
        return doc, a, b
    lo = start_char if start_char is not None else 0
    hi = end_char if end_char is not None else len(doc_text(doc))
    lo, hi = max(lo, doc[a].idx if b > a else lo), min(hi, doc[b - 1].idx + len(doc[b - 1]) if b > a else hi)
    span = doc.char_span(lo, hi, alignment_mode="expand") if lo < hi else None
    if span is None or len(span) == 0:
        return doc, a, a
    return doc, max(a, span.start), min(b, span.end)


@dataclass(frozen=True)
class _Columns:
    """Per-token values of one Doc, as plain lists (``claims`` and ``time`` read them too)."""

    text: list[str]
    lower: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    space: list[int]
    punct: list[int]
    quote: list[int]


_COLUMNS = "heuer_columns"


def _columns(doc: Doc) -> _Columns:
    """Token values read once per Doc.

    Every claim walks the tokens of its clause, its sentence and the phrases around it several times
    over, and a ``Token`` object and a string lookup per word and per question cost more than the rules
    themselves. Read from ``Doc.to_array``, each string resolved once per distinct value.
    """
    cols = doc.user_data.get(_COLUMNS)
    if cols is None or len(cols.text) != len(doc):
        attrs = [ORTH, LOWER, POS, TAG, DEP, SPACY, IS_PUNCT, IS_QUOTE]
        arrays = doc.to_array(attrs).T.tolist() if len(doc) else [[] for _ in attrs]
        orth, lower, pos, tag, dep, space, punct, quote = arrays
        strings = doc.vocab.strings
        cols = doc.user_data[_COLUMNS] = _Columns(
            _named(orth, strings.__getitem__),
            _named(lower, strings.__getitem__),
            _named(pos, POS_NAMES.__getitem__),
            _named(tag, strings.__getitem__),
            _named(dep, strings.__getitem__),
            space,
            punct,
            quote,
        )
    return cols


def _named(values: list[int], lookup: Callable[[int], str]) -> list[str]:
    """Each value through ``lookup``, called once per distinct value."""
    made = {v: lookup(v) for v in set(values)}
    return [made[v] for v in values]


_HEADS = "heuer_heads"


def _heads(doc: Doc) -> list[int]:
    """Each token's head index, read once per Doc (``Token.head`` makes two Token objects a call)."""
    heads = doc.user_data.get(_HEADS)
    if heads is None or len(heads) != len(doc):
        rel = doc.to_array([HEAD]).astype("int64").tolist() if len(doc) else []
        heads = doc.user_data[_HEADS] = [i + r for i, r in enumerate(rel)]
    return heads


def clause_root(doc: Doc, a: int, b: int) -> Token:
    """The token of doc[a:b] that the rest hangs from; a verb where the span has several roots."""
    heads = _heads(doc)
    roots = [doc[i] for i in range(a, b) if not a <= heads[i] < b or heads[i] == i]
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX")]
    return (verbs or roots or [doc[a]])[0]


def tree_depth(tok: Token, root: Token) -> int:
    """Steps from a token up to the clause root (100+ when the root is not above it)."""
    steps = 0
    while tok.i != root.i:
        if tok.head.i == tok.i:
            return 100 + steps
        tok = tok.head
        steps += 1
    return steps


def _path(tok: Token, stop: Token) -> list[Token]:
    """tok and its heads up to ``stop`` (or the sentence root)."""
    out = [tok]
    while tok.i != stop.i and tok.head.i != tok.i:
        tok = tok.head
        out.append(tok)
    return out


def estimates_nothing(root: Token) -> bool:
    """A question or a condition asserts no probability of its own."""
    sent = root.sent
    # the sentence's text, sliced from the Doc's rather than joined from its tokens
    if doc_text(root.doc)[sent.start_char : sent.end_char].rstrip().rstrip("\"'”’)").endswith("?"):
        return True
    return any(c.dep_ == "mark" and c.lower_ in STOP_MARKS for c in root.children)


# --- the estimate -------------------------------------------------------------------------------------------


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _shift(p: float, low: float, high: float, step: float) -> tuple[float, float, float]:
    """Move p and its range by ``step`` log-odds away from even (toward even when negative)."""
    if math.isclose(p, 0.5):
        return p, low, high
    sign = 1.0 if p > 0.5 else -1.0
    return tuple(_expit(_logit(x) + sign * step) for x in (p, low, high))  # type: ignore[return-value]


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _governing_outside(t: _Tables, doc: Doc, root: Token, a: int, b: int) -> list[_Match]:
    """Cues outside the clause that frame it ("it is likely that [X]"), up to the next full verb."""
    sent = root.sent
    outside = [m for m in t.cues.find(doc, sent.start, sent.end) if m.end <= a or m.start >= b]
    node = root
    while node.head.i != node.i:
        node = node.head
        if a <= node.i < b:
            continue
        if node.pos_ == "VERB":
            # a full verb frames the clause only when it is the cue itself ("is expected to",
            # "it is believed that"); its adverbs qualify its own clause, such as a report
            return [m for m in outside if node in m.tokens]
        here = [m for m in outside if node in m.tokens or m.head.head.i == node.i]
        if here:
            return here
    return []


def _negations(match: _Match | None, root: Token) -> list[Token]:
    if match is None:
        holders = [root]
    else:
        holders = [match.head, match.governed]
        if match.tokens[-1].tag_ == "TO":
            holders.append(match.tokens[-1].head)
    consumed = {t.i for t in match.tokens} if match else set()
    found = {c.i: c for h in holders for c in h.children if c.dep_ == "neg" and c.i not in consumed}
    return [found[i] for i in sorted(found)]


def find_certainty(
    doc_or_span: Doc | Span,
    start_char: int | None = None,
    end_char: int | None = None,
    *,
    lexicon: Path | str | None = None,
    modifiers: Path | str | None = None,
) -> Certainty | None:
    """The estimate that governs a clause, or None for a question, a condition or a verbless span.

    ``start_char``/``end_char`` (offsets into the Doc's text) narrow the clause to a content span; the
    offsets of the returned ``Certainty`` are into the same text. ``lexicon``/``modifiers`` replace the
    shipped tables. The rules are in the module docstring.
    """
    t = _tables(str(lexicon) if lexicon else None, str(modifiers) if modifiers else None)
    doc, a, b = clause_tokens(doc_or_span, start_char, end_char)
    if a >= b:
        return None
    root = clause_root(doc, a, b)
    if estimates_nothing(root):
        return None

    inside = t.cues.find(doc, a, b)
    outer = _governing_outside(t, doc, root, a, b) if not (a <= root.head.i < b) else []
    candidates = [(m, 0) for m in outer] + [(m, 1) for m in inside]
    main = [(m, o) for m, o in candidates if m.phrase not in t.hedges]
    hedges = [m for m, _ in candidates if m.phrase in t.hedges]
    chosen = None
    if main:
        chosen = min(main, key=lambda mo: (mo[0].modal, mo[1], tree_depth(mo[0].head, root), mo[0].start))[0]

    if chosen is not None:
        anchor = chosen.governed
        reach = {tok.i for tok in _path(anchor, root)} | {tok.i for tok in chosen.tokens}
        hedges = [h for h in hedges if h.governed.i in reach or h.head.i in reach]
    else:
        verb = root if root.pos_ in ("VERB", "AUX") else None
        hedges = [h for h in hedges if h.governed.i == root.i or h.head.i == root.i]
        if hedges:
            chosen, hedges = hedges[0], hedges[1:]
        elif verb is None or not _finite(verb):
            return None

    used: set[int] = set()
    notes: list[str] = []
    if chosen is None:
        reading = _assertion_reading(t.bands)
        cue_tokens = [_finite_word(root)]
        p, low, high = reading.p, reading.low, reading.high
        notes.append(reading.basis)
        negs = _negations(None, root)
    else:
        reading = t.lexicon[chosen.phrase]
        cue_tokens = chosen.tokens
        p, low, high = reading.p, reading.low, reading.high
        notes.append(_describe(reading))
        used |= {tok.i for tok in chosen.skipped}
        # 2. intensifiers and trend words right before the cue, or inside a "be ..." phrase
        floor = cue_tokens[0].sent.start
        edge = cue_tokens[0].i
        shifts: list[Modifier] = []
        while (mod := t.mods.ending_at(doc, edge, floor)) and t.modifiers[mod.phrase].kind in (
            "intensifier",
            "trend",
            "downtoner",
        ):
            shifts.append(t.modifiers[mod.phrase])
            used |= {tok.i for tok in mod.tokens}
            edge = mod.start
        for tok in chosen.skipped:
            m = t.modifiers.get(tok.lower_)
            if m and m.kind in ("intensifier", "trend", "downtoner"):
                shifts.append(m)
        for m in shifts:
            p, low, high = _shift(p, low, high, m.weight)
            notes.append(f"'{m.word}' {m.kind} {m.weight:+g} log-odds")
        # 3. hedges on the same predicate multiply
        hedged = [(h.phrase, h.tokens) for h in hedges] + [
            (tok.lower_, [tok]) for tok in chosen.skipped if tok.lower_ in t.hedges
        ]
        for phrase, tokens in hedged:
            hr = t.lexicon[phrase]
            p, low, high = p * hr.p, low * hr.low, high * hr.high
            notes.append(f"x '{phrase}' hedge {_pct(hr.p)} ({hr.basis})")
            used |= {tok.i for tok in tokens}
        negs = _negations(chosen, root)
        # 4. time words next to the cue join its text only
        for tok in (
            doc[chosen.end] if chosen.end < len(doc) else None,
            doc[chosen.start - 1] if chosen.start else None,
        ):
            nxt = tok
            while nxt is not None and nxt.is_quote and a <= nxt.i < b and 0 < nxt.i < len(doc) - 1:
                nxt = doc[nxt.i + (1 if nxt.i >= chosen.end else -1)]
            if nxt is not None and (m := t.modifiers.get(nxt.lower_)) and m.kind == "time":
                used.add(nxt.i)

    # 5. negation flips to the event
    if len(negs) % 2:
        p, low, high = 1 - p, 1 - high, 1 - low
        notes.append(f"negated ('{' '.join(n.text for n in negs)}'): 1 - p")
    used |= {n.i for n in negs}
    # 6. ICD 203's 1-99 %
    p, low, high = (min(max(x, FLOOR), CEILING) for x in (p, low, high))
    low, high = min(low, p), max(high, p)

    first, last = _cue_extent(doc, [tok.i for tok in cue_tokens], used)
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return Certainty(
        cue=doc_text(doc)[start:end],
        start=start,
        end=end,
        p=round(p, 4),
        low=round(low, 4),
        high=round(high, 4),
        band=icd203_word(p, t.bands),
        basis="; ".join(notes),
    )


def _describe(r: Reading) -> str:
    base = r.basis if r.basis != "survey" else "survey"
    where = r.source.split(" (")[0]
    if base == "survey":
        return f"'{r.phrase}' {where} median {_pct(r.p)}, IQR {_pct(r.low)}-{_pct(r.high)}"
    if base.startswith("as "):
        return f"'{r.phrase}' read {base} ({where}: {_pct(r.p)}, IQR {_pct(r.low)}-{_pct(r.high)})"
    return f"'{r.phrase}' {base} {_pct(r.low)}-{_pct(r.high)}"


def _finite(verb: Token) -> bool:
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP") for c in verb.children)


def _finite_word(verb: Token) -> Token:
    """The word that makes a statement finite: its tensed auxiliary ("has joined"), else the verb."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP")]
    return auxes[0] if auxes else verb


def _cue_extent(doc: Doc, core: list[int], used: set[int]) -> tuple[int, int]:
    """The run of cue words around the core, through modifiers next to it and quotes between them."""
    first, last = min(core), max(core)
    while first > 0 and (doc[first - 1].i in used or (doc[first - 1].is_quote and first - 2 in used)):
        first -= 1
    while last + 1 < len(doc) and (doc[last + 1].i in used or (doc[last + 1].is_quote and last + 2 in used)):
        last += 1
    if (
        doc[last + 1 : last + 2]
        and doc[last + 1].is_quote
        and any(doc[i].is_quote for i in range(first, last + 1))
    ):
        last += 1
    return first, last
