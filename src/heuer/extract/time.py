"""When a clause is about: time expressions resolved to a date interval on the publication date.

A claim is only checkable against a window: "could soon join" and "joined last month" say different
things about the same event. Everything is anchored on the publication date, never on today's date, so
that the same article gives the same horizon whenever it is processed.

Where expressions come from: spaCy's DATE and TIME entities, plus patterns the NER misses (the vague
words in ``data/lexicons/horizons.tsv``, counted windows such as "within hours" or "in the coming weeks",
calendar units such as "this week"). Overlapping finds are merged, and a preposition before one ("by",
"since", "until", "as soon as") is taken into it. Of several expressions in a clause the one nearest the
clause's root in the parse governs it; on a tie, the first.

How they resolve (``published`` = P; all intervals are inclusive dates):

- vague words: P + ``days_from`` .. P + ``days_to`` from ``horizons.tsv``; a blank end is open. "soon"
  is P..P+31 days (about a month), "already"/"to date"/"so far" are ..P with an open start.
- counted windows: "the next N units" and "within N units" are P..P+N units, "the past N units" and
  "in recent units" are P-N units..P. "few", "several" and a bare plural ("within hours", "in the
  coming weeks") mean up to 7 units: "the next few days" from 2022-03-14 is 2022-03-14..2022-03-21.
  Sub-day units end on the next day at the latest, since the hour of publication is unknown.
- calendar expressions ("last month", "this week", "in 2023", "March 1", "Tuesday"): dateparser with
  P as its relative base finds the date and its granularity, and the interval is the whole day, week
  (Monday to Sunday), month or year holding it: "last month" from 2022-03-14 is 2022-02-01..2022-02-28.
  "The end of"/"late" take the last quarter of the period, "the start of"/"early" the first quarter,
  "later this year" runs from P to the period's end and "earlier this year" from its start to P.
  When dateparser's reading lies in the past but the clause speaks of the future (a modal verb), or
  the reverse for a past-tense clause, it is asked again preferring the other direction.
- prepositions: "by"/"until" X is P..end of X; "since" X is start of X..P; "from" X is start of X
  onwards; "before" X ends the day before X; "after" X starts the day after X. "As soon as"/"as early
  as" X keeps X's window: the clause is about that window at the earliest.

With no publication date, anything relative is kept as words only (``relative=True``, no dates);
expressions that need no anchor ("in 2023", "March 1, 2022") still resolve.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from heuer.extract.certainty import _columns, clause_root, clause_tokens, tree_depth
from heuer.extract.nlp import doc_text
from heuer.lexicon import data_path, read_table
from heuer.model import Horizon

HORIZON_COLUMNS = ("phrase", "days_from", "days_to", "direction", "source")
DIRECTIONS = ("future", "past", "present")

FEW = 7
"""What "few", "several" and a bare plural count ("within days") mean: up to seven units."""

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "couple of": 2,
    "a couple of": 2,
    "few": FEW,
    "a few": FEW,
    "several": FEW,
}
_COUNT = (
    r"(?P<count>\d+|a couple of|couple of|a few|few|several|"
    + "|".join(k for k in _NUMBERS if " " not in k)
    + r")"
)
_UNIT = r"(?P<unit>hour|day|week|month|year)(?P<plural>s)?"
_FUTURE_WINDOW = re.compile(
    rf"^(?:the\s+)?(?:next|coming|following|upcoming)\s+(?:{_COUNT}\s+)?{_UNIT}$", re.I
)
_PAST_WINDOW = re.compile(rf"^(?:the\s+)?(?:past|last|previous|recent)\s+(?:{_COUNT}\s+)?{_UNIT}$", re.I)
_WITHIN = re.compile(rf"^(?:{_COUNT}\s+)?{_UNIT}$", re.I)
_EDGE = re.compile(
    r"^(?:the\s+)?(?:(?P<edge>end|close|start|beginning)\s+of|(?P<adj>early|late|earlier|later))\s+(?P<rest>.+)$",
    re.I,
)
_CALENDAR = re.compile(r"\b(?:this|next|last|past|coming)\s+(?:week|weekend|month|year)\b", re.I)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_BY_MONTH = re.compile(rf"\b(?:by|until|before|after|since|in)\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b", re.I)
_IN_YEAR = re.compile(r"\b(?:in|by|since|until|before|after)\s+(?:19|20)\d\d\b", re.I)
_WINDOW_TEXT = re.compile(
    r"\b(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:next|coming|following|upcoming|past|previous|recent)"
    r"\s+(?:(?:\d+|a couple of|a few|few|several|[a-z]+)\s+)?(?:hour|day|week|month|year)s?\b"
    r"|\bwithin\s+(?:(?:\d+|a couple of|a few|few|several|an?|[a-z]+)\s+)?(?:hour|day|week|month|year)s?\b",
    re.I,
)
_PREPOSITIONS = (
    "as soon as",
    "as early as",
    "no later than",
    "by",
    "until",
    "till",
    "through",
    "since",
    "from",
    "before",
    "after",
    "within",
    "in",
    "on",
    "during",
    "over",
    "at",
)
_TIME_OF_DAY = re.compile(r"\d(?::\d\d|\s*[ap]\.?m\b)|morning|afternoon|evening|night|noon|midnight", re.I)
_FUTURE_WORDS = re.compile(r"\b(?:going|set|poised|expected|preparing|about|plans?|ready)\s+to\b", re.I)


@dataclass(frozen=True)
class VagueTerm:
    phrase: str
    days_from: int | None
    days_to: int | None
    direction: str
    source: str


def _check_row(row: dict[str, str]) -> str | None:
    values = {}
    for name in ("days_from", "days_to"):
        text = row[name]
        if text and not re.fullmatch(r"-?\d+", text):
            return f"{name} is {text!r}, not a whole number of days"
        values[name] = int(text) if text else None
    if row["direction"] not in DIRECTIONS:
        return f"direction {row['direction']!r} is not one of {', '.join(DIRECTIONS)}"
    lo, hi = values["days_from"], values["days_to"]
    if lo is None and hi is None:
        return "both ends are open"
    if lo is not None and hi is not None and lo > hi:
        return f"days_from {lo} > days_to {hi}"
    if row["direction"] == "future" and (lo if lo is not None else 0) < 0:
        return "a future window cannot start before publication"
    if row["direction"] == "past" and (hi if hi is not None else 0) > 0:
        return "a past window cannot end after publication"
    return None


def load_horizons(path: Path | str) -> dict[str, VagueTerm]:
    """Vague time words, refusing a malformed file with its name and line."""
    out = {}
    for r in read_table(path, HORIZON_COLUMNS, check=_check_row):
        phrase = " ".join(r["phrase"].lower().split())
        out[phrase] = VagueTerm(
            phrase,
            int(r["days_from"]) if r["days_from"] else None,
            int(r["days_to"]) if r["days_to"] else None,
            r["direction"],
            r["source"],
        )
    return out


@lru_cache(maxsize=4)
def _horizons(path: str | None) -> dict[str, VagueTerm]:
    return load_horizons(path or data_path("lexicons", "horizons.tsv"))


# --- calendar arithmetic ----------------------------------------------------------------------------------

Interval = tuple[date | None, date | None]


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add(day: date, count: int, unit: str) -> date:
    if unit == "hour":
        return day + timedelta(days=max(1, -(-count // 24)) if count > 0 else min(-1, count // 24))
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    if unit == "month":
        return _add_months(day, count)
    return _add_months(day, 12 * count)


def _period(day: date, period: str) -> tuple[date, date]:
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def _quarter(lo: date, hi: date, first: bool) -> tuple[date, date]:
    """The first or last quarter of an interval: three calendar months of a year, else a quarter of days."""
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31):
        if first:
            return lo, _add_months(lo, 3) - timedelta(days=1)
        return _add_months(hi + timedelta(days=1), -3), hi
    cut = max(0, (hi - lo).days + 1) // 4
    cut = max(cut - 1, 0)
    return (lo, lo + timedelta(days=cut)) if first else (hi - timedelta(days=cut), hi)


# --- resolving one expression ---------------------------------------------------------------------------


@dataclass
class _Resolved:
    lo: date | None
    hi: date | None
    relative: bool


_ABSOLUTE_PROBES = (datetime(2001, 6, 15), datetime(2011, 1, 20))


@lru_cache(maxsize=16)
def _parser(base: datetime, prefer: str) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True},
    )


@lru_cache(maxsize=4096)
def _dateparse(text: str, base: datetime, prefer: str) -> tuple[date, date] | None:
    """Memoised: news repeats the same few expressions ("Monday", "last year") across a corpus, and
    dateparser is the slowest step of extraction."""
    parser = _parser(base, prefer)
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    if period in ("time", "part_of_day") and not _TIME_OF_DAY.search(text):
        return None
    return _period(data.date_obj.date(), period if period in ("week", "month", "year") else "day")


def _count(text: str | None, plural: bool) -> int:
    if text is None:
        return FEW if plural else 1
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBERS.get(text, 0)


def _calendar(core: str, pub: date | None, tense: str) -> _Resolved | None:
    """A calendar expression through dateparser, expanded to its day, week, month or year."""
    if re.fullmatch(rf"(?:{_COUNT}\s+)?{_UNIT}", core, re.I):
        return None  # a bare duration ("two weeks", "years") is no point in time
    results = {_dateparse(core, probe, "current_period") for probe in _ABSOLUTE_PROBES}
    if len(results) == 1 and None not in results:
        lo, hi = results.pop()  # type: ignore[misc]
        return _Resolved(lo, hi, False)
    if None in results and len(results) == 1:
        return None
    if pub is None:
        return _Resolved(None, None, True)
    base = datetime(pub.year, pub.month, pub.day)
    got = _dateparse(core, base, "current_period")
    if got is None:
        return None
    if tense == "future" and got[1] < pub:
        got = _dateparse(core, base, "future") or got
    elif tense == "past" and got[0] > pub:
        got = _dateparse(core, base, "past") or got
    return _Resolved(got[0], got[1], False)


def _resolve_core(core: str, pub: date | None, tense: str, vague: dict[str, VagueTerm]) -> _Resolved | None:
    core = " ".join(core.split()).strip(" ,.;:\"'“”‘’")
    key = core.lower()
    for candidate in (key, key.removeprefix("the ")):
        if term := vague.get(candidate):
            if pub is None:
                return _Resolved(None, None, True)
            return _Resolved(
                pub + timedelta(days=term.days_from) if term.days_from is not None else None,
                pub + timedelta(days=term.days_to) if term.days_to is not None else None,
                False,
            )
    for pattern, sign in ((_FUTURE_WINDOW, 1), (_PAST_WINDOW, -1)):
        if m := pattern.match(core):
            unit, plural = m["unit"].lower(), bool(m["plural"])
            n = _count(m["count"], plural)
            if not n:
                return None
            if not m["count"] and not plural and key.split()[0] in ("next", "last"):
                pass  # "next week", "last month": calendar units, not seven days on or back
            else:
                if pub is None:
                    return _Resolved(None, None, True)
                end = _add(pub, sign * n, unit)
                return _Resolved(pub, end, False) if sign > 0 else _Resolved(end, pub, False)
    if m := _EDGE.match(core):
        rest = m["rest"]
        if re.fullmatch(r"(?:the\s+)?(?:week|month|year)", rest, re.I):
            rest = "this " + rest.split()[-1]
        inner = _resolve_core(rest, pub, tense, vague)
        if inner is None or inner.lo is None or inner.hi is None:
            return inner
        word = (m["edge"] or m["adj"]).lower()
        if word in ("later", "earlier"):
            if pub is None or not inner.lo <= pub <= inner.hi:
                return _Resolved(*_quarter(inner.lo, inner.hi, word == "earlier"), inner.relative)
            return _Resolved(pub, inner.hi, False) if word == "later" else _Resolved(inner.lo, pub, False)
        first = word in ("start", "beginning", "early")
        return _Resolved(*_quarter(inner.lo, inner.hi, first), inner.relative)
    return _calendar(core, pub, tense)


def _split_preposition(text: str) -> tuple[str, str]:
    low = text.lower()
    for prep in _PREPOSITIONS:
        if low.startswith(prep + " "):
            return prep, text[len(prep) + 1 :]
    return "", text


def resolve(text: str, published: date | None, tense: str = "present", vague=None) -> _Resolved | None:
    """One time expression (with any preposition before it) as an interval; None if it is no time."""
    vague = vague if vague is not None else _horizons(None)
    pub = published.date() if isinstance(published, datetime) else published
    prep, core = _split_preposition(text.strip())
    inner_prep, inner = _split_preposition(core)
    if prep in ("as soon as", "as early as") and inner_prep:
        prep, core = inner_prep, inner
    if prep in ("in", "within") and _WITHIN.fullmatch(core.strip()):
        m = _WITHIN.fullmatch(core.strip())
        if prep == "within" or not m["count"]:
            n = _count(m["count"], bool(m["plural"]))
            if pub is None or not n:
                return _Resolved(None, None, True) if n else None
            return _Resolved(pub, _add(pub, n, m["unit"].lower()), False)
        got = _calendar(f"in {core}", pub, tense)
        return got
    got = _resolve_core(core, pub, tense, vague)
    if got is None or got.relative:
        return got
    lo, hi = got.lo, got.hi
    if prep in ("by", "until", "till", "through", "no later than"):
        lo = pub if pub is not None and (hi is None or pub <= hi) else None
    elif prep == "since":
        lo, hi = lo, pub
    elif prep == "from":
        hi = None
    elif prep == "before":
        lo, hi = None, (lo - timedelta(days=1)) if lo else None
    elif prep == "after":
        lo, hi = (hi + timedelta(days=1)) if hi else None, None
    return _Resolved(lo, hi, False)


# --- finding expressions in a clause ----------------------------------------------------------------------


def _tense(root: Token, doc: Doc, a: int, b: int) -> str:
    words = doc[a:b]
    if "MD" in _columns(doc).tag[a:b] or _FUTURE_WORDS.search(
        doc_text(doc)[words.start_char : words.end_char]
    ):
        return "future"
    if root.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in root.children):
        return "past"
    return "present"


def _time_entities(doc: Doc) -> list[tuple[int, int]]:
    """DATE/TIME entities of the doc, computed once per doc (``doc.ents`` walks every token)."""
    cached = doc.user_data.get("heuer_time_ents")
    if cached is None:
        cached = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
        doc.user_data["heuer_time_ents"] = cached
    return cached


@lru_cache(maxsize=8)
def _vague_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


# Words each pattern cannot match without. In a text of ASCII characters only, case-insensitive
# matching is plain ASCII case folding, so a pattern none of whose words is in the lower-cased text
# finds nothing there, and is not run.
_UNITS = ("hour", "day", "week", "month", "year")
_PATTERN_WORDS = (
    (_WINDOW_TEXT, _UNITS),
    (_CALENDAR, ("week", "month", "year")),
    (_BY_MONTH, tuple(_MONTHS.split("|"))),
    (_IN_YEAR, ("19", "20")),
)


@lru_cache(maxsize=8)
def _vague_words(phrases: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...] | None]:
    """The pattern of the vague phrases, longest first, and the words it cannot match without (None
    where a phrase is not plain ASCII, whose case-insensitive match ASCII folding would not cover)."""
    words = tuple(sorted(phrases, key=len, reverse=True))
    plain = all(w.isascii() and w == w.lower() for w in words)
    return _vague_pattern(words), words if plain else None


def _candidates(doc: Doc, a: int, b: int, vague: dict[str, VagueTerm]) -> list[tuple[int, int]]:
    """Character spans of time expressions in doc[a:b], merged where they overlap."""
    lo, hi = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    text = doc_text(doc)[lo:hi]
    spans = [(s, e) for s, e in _time_entities(doc) if s >= lo and e <= hi]
    patterns: list[tuple[re.Pattern[str], tuple[str, ...] | None]] = list(_PATTERN_WORDS)
    if vague:
        patterns.append(_vague_words(tuple(vague)))
    low = text.lower() if text.isascii() else None
    for pattern, needs in patterns:
        if low is not None and needs is not None and not any(w in low for w in needs):
            continue
        spans += [(lo + m.start(), lo + m.end()) for m in pattern.finditer(text)]
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out = []
    for s, e in merged:
        before = doc_text(doc)[lo:s].lower()
        # the pattern ends in a preposition and white space, so the text without its trailing space
        # must end in that preposition: a cheap test first
        bare = before.rstrip()
        for prep in _PREPOSITIONS:
            if bare.endswith(prep) and re.search(rf"(?:^|\W){re.escape(prep)}\s+$", before):
                s -= len(before) - len(before.rstrip()) + len(prep)
                # a chained preposition: "as soon as in the next few days"
                again = doc_text(doc)[lo:s].lower()
                for outer in ("as soon as", "as early as"):
                    if re.search(rf"(?:^|\W){outer}\s+$", again):
                        s -= len(again) - len(again.rstrip()) + len(outer)
                break
        out.append((s, e))
    return out


def _head_token(doc: Doc, s: int, e: int) -> Token | None:
    span = doc.char_span(s, e, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def find_horizon(
    doc_or_span: Doc | Span,
    published: date | None,
    start_char: int | None = None,
    end_char: int | None = None,
    *,
    horizons: Path | str | None = None,
) -> Horizon | None:
    """The time window that governs a clause, or None when it names no time.

    ``start_char``/``end_char`` (offsets into the Doc's text) narrow the clause to a content span;
    ``horizons`` replaces the shipped table of vague words. The conventions are in the module docstring.
    """
    vague = _horizons(str(horizons) if horizons else None)
    doc, a, b = clause_tokens(doc_or_span, start_char, end_char)
    if a >= b:
        return None
    root = clause_root(doc, a, b)
    tense = _tense(root, doc, a, b)
    pub = published.date() if isinstance(published, datetime) else published

    found = []
    for s, e in _candidates(doc, a, b, vague):
        got = resolve(doc_text(doc)[s:e], pub, tense, vague)
        if got is None:
            continue
        head = _head_token(doc, s, e)
        depth = tree_depth(head, root) if head is not None else 100
        found.append((depth, s, e, got))
    if not found:
        return None
    _, s, e, got = min(found, key=lambda f: (f[0], f[1]))
    return Horizon(
        text=doc_text(doc)[s:e],
        start=s,
        end=e,
        date_from=got.lo.isoformat() if got.lo else None,
        date_to=got.hi.isoformat() if got.hi else None,
        relative=got.relative,
    )
