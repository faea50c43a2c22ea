"""Reading heuer's data files: tab-separated, a header line, a ``source`` column, clear errors.

Lexicons and gazetteers are data, not literals in code, so that they can be read, cited and extended
without touching logic. A malformed file must fail loudly at load time with the file and line, never
silently drop rows and shift what heuer extracts.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path


class LexiconFileError(ValueError):
    """A data file that does not have the expected shape; the message names file and line."""


def data_path(*parts: str) -> Path:
    return Path(str(files("heuer").joinpath("data", *parts)))


def read_table(
    path: Path | str,
    columns: Sequence[str],
    *,
    check: Callable[[dict[str, str]], str | None] | None = None,
) -> list[dict[str, str]]:
    """Rows of a TSV whose header is exactly ``columns`` (which must include ``source``).

    ``check`` returns a problem description for a bad row, or None. Blank lines and lines starting
    with ``#`` are skipped.
    """
    path = Path(path)
    if "source" not in columns:
        raise ValueError("every heuer data file has a source column")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    lines = text.splitlines()
    if not lines:
        raise LexiconFileError(f"{path}: empty file, expected header {list(columns)}")
    header = lines[0].rstrip("\r").split("\t")
    if header != list(columns):
        raise LexiconFileError(f"{path}:1: header is {header}, expected {list(columns)}")
    rows = []
    for number, fields in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        if not fields or not "".join(fields).strip() or fields[0].startswith("#"):
            continue
        if len(fields) != len(columns):
            raise LexiconFileError(f"{path}:{number}: {len(fields)} columns, expected {len(columns)}")
        row = dict(zip(columns, (f.strip() for f in fields), strict=True))
        if not row[columns[0]] or not row["source"]:
            raise LexiconFileError(f"{path}:{number}: empty {columns[0]!r} or 'source'")
        if check and (problem := check(row)):
            raise LexiconFileError(f"{path}:{number}: {problem}")
        rows.append(row)
    return rows
