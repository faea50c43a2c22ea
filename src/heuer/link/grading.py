"""Grading with the NATO Admiralty code (AJP-2.1, STANAG 2511): source reliability A-F, information
credibility 1-6, each with the reason a reader can check.

The two axes are kept apart, as the standard asks: reliability is a judgement about a *source* (an
outlet, or the person or body a claim goes back to), credibility a judgement about one piece of
*information* (a claim cluster) from how independent origins agree. The standard words of both scales
are data (``data/lexicons/admiralty.tsv``), so reports quote the standard rather than code literals.

Source reliability. heuer ships no opinion about any outlet or speaker: every source is F ("reliability
cannot be judged") until the user grades it in a grades file (CSV ``source,reliability,reason`` with an
optional ``graded_at`` column, or TOML ``[[grade]]`` tables with the same keys). A reason is required for
every grade, F included, so that every letter in a report can be traced to someone's stated judgement.
A grade names its source as the user writes it; it applies to an origin whose name or actor id matches
(case, dots and a leading "the" do not matter, and media.tsv aliases lead to the same outlet). An origin
group's reliability is the grade of the first graded member in this order: the original speaker
identified by name or body, then the report of an outlet, then the outlet of the article; an unnamed
speaker ("a senior official") matches only a grade for its exact description, never its body's grade.

Information credibility, per claim cluster, from its claims' origin groups (``heuer.link.provenance``):

- a claim in the author's opinion voice is never counted (``author_opinion``: commentary is not
  evidence); a claim in question mode asserts nothing and is not counted either;
- each remaining origin group takes one stance: *affirms* when more of its claims affirm than deny,
  *denies* when more deny, *mixed* (counted in neither) when equal;
- with ``a`` origins affirming and ``d`` denying, the first rule that applies gives the grade:

  - 6 truth cannot be judged: ``a == 0 and d == 0``;
  - 1 confirmed by other sources: ``a >= 2 and d == 0``;
  - 2 probably true: ``a >= 2 and 0 < d < a`` (a minority contradicts), or ``a == 1 and d == 0``
    with that one origin graded A or B;
  - 3 possibly true: ``a == 1 and d == 0``;
  - 4 doubtful: ``a == d``, or ``a == 0 and d == 1``;
  - 5 improbable: ``d > a`` in every other case.

  A single denial with nothing for the claim is "doubtful", the mirror of a single affirmation being
  "possibly true"; "improbable" needs more independent denials than affirmations and at least two
  origins. Reliability raises a lone origin from 3 to 2 only; it never lowers a grade and never turns
  one origin into confirmation, since only independent origins confirm.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import IntEnum, StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from heuer.extract.actors import gazetteer, name_key
from heuer.lexicon import LexiconFileError, data_path, read_table
from heuer.link.provenance import OriginGraph


class Reliability(StrEnum):
    """Source reliability, A (completely reliable) to F (cannot be judged)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def words(self) -> str:
        return admiralty_words()[("reliability", self.value)]


class Credibility(IntEnum):
    """Information credibility, 1 (confirmed by other sources) to 6 (cannot be judged)."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6

    @property
    def words(self) -> str:
        return admiralty_words()[("credibility", str(self.value))]


@lru_cache(maxsize=1)
def admiralty_words(path: str | None = None) -> dict[tuple[str, str], str]:
    """``(axis, code) -> words`` from admiralty.tsv; every code of both scales must be there once."""
    file = path or data_path("lexicons", "admiralty.tsv")
    expected = {("reliability", r.value) for r in Reliability} | {
        ("credibility", str(c.value)) for c in Credibility
    }

    def check(row: dict[str, str]) -> str | None:
        if (row["axis"], row["code"]) not in expected:
            return f"unknown code {row['code']!r} on axis {row['axis']!r}"
        return None if row["words"] else "empty words"

    words: dict[tuple[str, str], str] = {}
    for row in read_table(file, ["code", "axis", "words", "source"], check=check):
        key = (row["axis"], row["code"])
        if key in words:
            raise LexiconFileError(f"{file}: {row['axis']} {row['code']} is listed twice")
        words[key] = row["words"]
    if missing := sorted(expected - set(words)):
        raise LexiconFileError(f"{file}: missing {', '.join(f'{a} {c}' for a, c in missing)}")
    return words


# --- source grades --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceGrade:
    """A user's reliability grade for one source, with the reason they gave and when."""

    source: str
    reliability: Reliability
    reason: str
    graded_at: str | None = None


UNGRADED_REASON = "not graded: heuer holds no view of any source; grade it in a grades file"


def ungraded(source: str) -> SourceGrade:
    """The default for every source: F, reliability cannot be judged."""
    return SourceGrade(source, Reliability.F, UNGRADED_REASON)


class GradesFileError(ValueError):
    """A grades file that cannot be used; the message is one line naming the file and the entry."""


_COLUMNS = ("source", "reliability", "reason")
_OPTIONAL = ("graded_at",)


def parse_grades_file(path: Path | str, *, graded_at: str | None = None) -> list[SourceGrade]:
    """Read a grades file (``.csv`` or ``.toml``); any bad entry raises ``GradesFileError``.

    A grade without its own ``graded_at`` gets ``graded_at`` if given, else the day the file was last
    modified (when the grades were written), so the same file always reads the same.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise GradesFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise GradesFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if graded_at is None:
        graded_at = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        entries = _csv_entries(path, text)
    elif suffix == ".toml":
        entries = _toml_entries(path, text)
    else:
        raise GradesFileError(f"{path}: unknown grades format {suffix or '(none)'!r}; use .csv or .toml")
    grades: list[SourceGrade] = []
    seen: dict[str, str] = {}
    for where, entry in entries:
        grade = _grade(where, entry, graded_at)
        key = name_key(grade.source) or grade.source.casefold()
        if key in seen:
            raise GradesFileError(f"{where}: {grade.source!r} is graded twice (also at {seen[key]})")
        seen[key] = where.split(": ", 1)[0]
        grades.append(grade)
    return grades


def _csv_entries(path: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    entries = []
    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            unknown = [c for c in header if c not in _COLUMNS + _OPTIONAL]
            missing = [c for c in _COLUMNS if c not in header]
            if unknown or missing or len(set(header)) != len(header):
                raise GradesFileError(
                    f"{path}:{line}: header is {','.join(header)!r}; expected "
                    f"{','.join(_COLUMNS)} (optionally graded_at)"
                )
            continue
        if len(row) != len(header):
            raise GradesFileError(
                f"{path}:{line}: {len(row)} fields, expected {len(header)} "
                "(quote a reason that contains commas)"
            )
        entries.append((f"{path}:{line}", dict(zip(header, row, strict=True))))
    if header is None:
        raise GradesFileError(f"{path}: empty; expected a header line {','.join(_COLUMNS)}")
    return entries


def _toml_entries(path: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GradesFileError(f"{path}: not valid TOML ({exc})") from exc
    if other := sorted(k for k in data if k != "grade"):
        raise GradesFileError(f"{path}: unexpected key {other[0]!r}; grades are [[grade]] tables")
    tables = data.get("grade", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise GradesFileError(f"{path}: 'grade' must be [[grade]] tables")
    # tomllib keeps no positions; the n-th [[grade]] header line is where the n-th entry starts.
    lines = [n for n, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*grade\s*\]\]", line)]
    entries = []
    for n, table in enumerate(tables, 1):
        where = f"{path}:{lines[n - 1]}" if len(lines) == len(tables) else str(path)
        entries.append((f"{where}: [[grade]] #{n}", table))
    return entries


def _grade(where: str, entry: dict[str, Any], default_at: str) -> SourceGrade:
    if unknown := sorted(k for k in entry if k not in _COLUMNS + _OPTIONAL):
        raise GradesFileError(f"{where}: unknown key {unknown[0]!r}; expected source, reliability, reason")
    for key in (*_COLUMNS, *_OPTIONAL):
        if key in entry and not isinstance(entry[key], str):
            raise GradesFileError(f"{where}: {key} must be text, got {entry[key]!r}")
    source = (entry.get("source") or "").strip()
    if not source:
        raise GradesFileError(f"{where}: missing source")
    letter = (entry.get("reliability") or "").strip().upper()
    if not letter:
        raise GradesFileError(f"{where}: missing reliability for {source!r} (a letter A-F)")
    if letter not in Reliability.__members__:
        raise GradesFileError(
            f"{where}: reliability {entry['reliability'].strip()!r} for {source!r} is not an Admiralty "
            "letter A-F"
        )
    reason = " ".join((entry.get("reason") or "").split())
    if not reason:
        raise GradesFileError(f"{where}: missing reason for grading {source!r} {letter}")
    at = (entry.get("graded_at") or "").strip() or default_at
    try:
        (date if len(at) == 10 else datetime).fromisoformat(at)
    except ValueError:
        raise GradesFileError(f"{where}: graded_at {at!r} is not an ISO date or datetime") from None
    return SourceGrade(source, Reliability(letter), reason, at)


# --- matching grades to origins -------------------------------------------------------------------


class Grades:
    """The user's grades, looked up by a source's name or actor id; F for anything not graded."""

    def __init__(self, grades: Iterable[SourceGrade] = ()) -> None:
        self._by_key: dict[str, SourceGrade] = {}
        gaz = gazetteer()
        for grade in grades:
            keys = {f"name:{name_key(grade.source) or grade.source.casefold()}", f"id:{grade.source.strip()}"}
            hit = gaz.lookup(grade.source.strip())
            if hit is not None:
                keys.add(f"id:{hit.actor.id}")
            for key in keys:
                self._by_key.setdefault(key, grade)

    def find(self, name: str | None = None, actor: str | None = None) -> SourceGrade | None:
        """The user's grade for a source known by ``name`` and/or ``actor`` id, or None."""
        if actor and (grade := self._by_key.get(f"id:{actor}")):
            return grade
        if name:
            return self._by_key.get(f"name:{name_key(name) or name.casefold()}")
        return None

    def of(self, name: str, actor: str | None = None) -> SourceGrade:
        """Like ``find``, but F ("cannot be judged") for a source the user has not graded."""
        return self.find(name, actor) or ungraded(name)


def origin_grades(
    graph: OriginGraph, grades: Grades | Iterable[SourceGrade] = (), cluster: str | None = None
) -> dict[str, SourceGrade]:
    """Origin group id -> the reliability grade that applies to it (module docstring for the order).

    With ``cluster``, only the origins merged for that cluster's claims are searched for a grade.
    """
    grades = grades if isinstance(grades, Grades) else Grades(grades)
    order = {"source": 0, "report": 1, "article": 2, "opinion": 3}
    groups = graph.members if cluster is None else graph.cluster_members.get(cluster, {})
    result: dict[str, SourceGrade] = {}
    for group, members in sorted(groups.items()):
        found = None
        for node_id in sorted(members, key=lambda m: order[graph.nodes[m].kind]):
            node = graph.nodes[node_id]
            if node.kind == "source" and node.attrs.get("by") == "description":
                found = grades.find(node.attrs.get("text"))
            elif node.kind == "source":
                found = grades.find(node.label, node.attrs.get("actor"))
            elif node.kind in ("report", "article"):
                found = grades.find(node.attrs.get("outlet"), node.attrs.get("actor"))
            if found:
                break
        result[group] = found or ungraded(graph.nodes[group].label)
    return result


# --- credibility ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stance:
    """One claim of a cluster as credibility sees it: its origin group and what it says."""

    group: str
    polarity: Literal["affirmed", "negated"] = "affirmed"
    voice: Literal["attributed", "author", "author_opinion"] = "attributed"
    mode: str = "reported_fact"


def credibility(
    stances: Iterable[Stance], grades: Mapping[str, SourceGrade] | None = None
) -> tuple[Credibility, str]:
    """The credibility of one claim cluster and the reason, naming the counts and the sources.

    ``grades`` maps origin group id to its reliability grade (``origin_grades``); groups it lacks are
    F and are named by their id.
    """
    grades = grades or {}
    opinions = questions = 0
    votes: dict[str, list[int]] = {}
    for s in stances:
        if s.voice == "author_opinion" or s.group.startswith("opinion:"):
            opinions += 1
            continue
        if s.mode == "question":
            questions += 1
            continue
        tally = votes.setdefault(s.group, [0, 0])
        tally[0 if s.polarity == "affirmed" else 1] += 1
    affirm = sorted(g for g, (y, n) in votes.items() if y > n)
    deny = sorted(g for g, (y, n) in votes.items() if n > y)
    mixed = sorted(g for g, (y, n) in votes.items() if y == n)
    a, d = len(affirm), len(deny)

    def grade_of(group: str) -> SourceGrade:
        return grades.get(group) or ungraded(group)

    def named(groups: list[str]) -> str:
        shown = sorted((grade_of(g).source, grade_of(g).reliability.value) for g in groups)
        return ", ".join(f"{source}: {letter}" for source, letter in shown)

    if a == 0 and d == 0:
        result = Credibility.CANNOT_BE_JUDGED
        parts = ["nothing to judge: no independent origin affirms or denies it"]
    else:
        if d == 0 and a >= 2:
            result = Credibility.CONFIRMED
        elif d == 0 and a == 1:
            strong = grade_of(affirm[0]).reliability in (Reliability.A, Reliability.B)
            result = Credibility.PROBABLY_TRUE if strong else Credibility.POSSIBLY_TRUE
        elif 0 < d < a:
            result = Credibility.PROBABLY_TRUE
        elif a == d or (a == 0 and d == 1):
            result = Credibility.DOUBTFUL
        else:
            result = Credibility.IMPROBABLE
        parts = [
            f"{_count(a, 'independent origin')} {'affirms' if a == 1 else 'affirm'}"
            + (f" ({named(affirm)})" if a else ""),
            f"{_count(d, 'contradicts', 'contradict')} ({named(deny)})" if d else "none contradict",
        ]
        if result is Credibility.PROBABLY_TRUE and d == 0:
            graded = grade_of(affirm[0]).reliability
            parts.append(f"a lone origin graded {graded.value} ({graded.words})")
    if mixed:
        parts.append(f"{_count(len(mixed), 'origin')} both affirm and deny, not counted ({named(mixed)})")
    if opinions:
        parts.append(f"{_count(opinions, 'author opinion')} not counted")
    if questions:
        parts.append(f"{_count(questions, 'question')} not counted")
    return result, "; ".join(parts)


def _count(n: int, singular: str, plural: str | None = None) -> str:
    if plural is not None:
        return f"{n} {singular if n == 1 else plural}"
    return f"{n} {singular}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class ClusterGrade:
    """What the store keeps per cluster: independent origins, credibility and its reason."""

    cluster: str
    independent_origins: int
    credibility: Credibility
    reason: str


def cluster_credibility(
    graph: OriginGraph, grades: Grades | Iterable[SourceGrade] = ()
) -> dict[str, ClusterGrade]:
    """Credibility for every cluster in an origin graph, from its claim nodes and the user's grades."""
    grades = grades if isinstance(grades, Grades) else Grades(grades)
    stances: dict[str, list[Stance]] = {}
    for node in graph.nodes.values():
        if node.kind == "claim":
            a = node.attrs
            stances.setdefault(a["cluster"], []).append(
                Stance(a["group"], a["polarity"], a["voice"], a["mode"])
            )
    result = {}
    for cluster, items in sorted(stances.items()):
        counted = {
            s.group
            for s in items
            if s.voice != "author_opinion" and not s.group.startswith("opinion:") and s.mode != "question"
        }
        grade, reason = credibility(items, origin_grades(graph, grades, cluster))
        result[cluster] = ClusterGrade(cluster, len(counted), grade, reason)
    return result
