"""Build ``src/heuer/data/lexicons/countries.tsv`` from maintained packages plus a small curated table.

Country names and codes change (Eswatini, North Macedonia, Türkiye); hand-typing 249 rows would rot
silently, so the rows come from ``pycountry`` (ISO 3166 names and codes) and ``countryinfo`` (English
demonyms, capitals, alternative spellings). What no package knows is in
``scripts/gazetteer/countries_curated.tsv``: the short forms English news uses ("U.S.", "Britain"),
older spellings ("Kiev"), and Wikidata QIDs for states whose item we are sure of. Every output row says
which of these it came from.

Shared aliases are settled here, once, so that the runtime lookup never has to guess: a name, demonym
or capital claimed by several rows stays with the most populous claimant when it has at least ten times
the population of the next ("French" is France, not Réunion), and is dropped otherwise ("Jerusalem").

Run: ``.venv/bin/pip install pycountry countryinfo && .venv/bin/python scripts/build_gazetteer.py``
(both are in the ``gazetteer`` extra).
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import countryinfo
import pycountry

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "scripts" / "gazetteer" / "countries_curated.tsv"
OUT = ROOT / "src" / "heuer" / "data" / "lexicons" / "countries.tsv"
DOMINANCE = 10  # population ratio that lets one claimant keep a shared alias

_CODE = re.compile(r"^[A-Z]{2,3}$")


def _latin(text: str) -> bool:
    """Whether every letter is Latin: native-script spellings never match English news text."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def _usable_alias(text: str) -> bool:
    # ISO codes ("BY", "BLR") are ordinary words or noise in prose; inverted catalogue forms
    # ("Korea, Republic of") never occur in running text.
    return bool(text) and _latin(text) and not _CODE.match(text) and ", " not in text and "(" not in text


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace(".", "")).strip()


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _curated() -> dict[str, dict[str, str]]:
    with CURATED.open(encoding="utf-8", newline="") as fh:
        return {row["iso2"]: row for row in csv.DictReader(fh, delimiter="\t")}


def _countryinfo_by_iso2() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = defaultdict(list)
    for country in countryinfo.all_countries():
        info = country.info()
        iso2 = (info.get("ISO") or {}).get("alpha2")
        if iso2:
            rows[iso2].append(info)
    return rows


def _pick(entries: list[dict], iso_names: set[str]) -> tuple[dict | None, list[dict]]:
    """The countryinfo entry for the state itself, not one of its parts (GB also lists Wales)."""
    if not entries:
        return None, []
    for entry in entries:
        spellings = {entry["name"], *(entry.get("altSpellings") or [])}
        if spellings & iso_names:
            return entry, [e for e in entries if e is not entry]
    return entries[0], entries[1:]


def _capitals(entry: dict | None) -> list[str]:
    if not entry:
        return []
    cap = entry.get("capital")
    caps = cap if isinstance(cap, list) else [cap]
    return [c for c in caps if c]


def build() -> list[dict[str, str]]:
    curated = _curated()
    info = _countryinfo_by_iso2()
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        iso2 = country.alpha_2
        cur = curated.get(iso2, {})
        iso_names = {
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        }
        iso_names.discard(None)
        entry, others = _pick(info.get(iso2, []), iso_names)
        name = (
            cur.get("name")
            or getattr(country, "common_name", None)
            or (entry or {}).get("name")
            or country.name
        )
        curated_names = _split(cur.get("extra_names", ""))  # may be codes: "US", "UAE" are words in news
        names = [name, *curated_names]
        names += sorted(iso_names)
        if entry:
            names.append(entry["name"])
            names += entry.get("altSpellings") or []
        demonyms = []
        for source in [entry, *others]:
            if source and source.get("demonym"):
                demonyms.append(source["demonym"])
                break
        demonyms += _split(cur.get("extra_demonyms", ""))
        capitals = (
            _split(cur.get("capitals", ""))
            or _capitals(entry)
            or next((c for c in map(_capitals, others) if c), [])
        )
        sources = [f"pycountry {version('pycountry')}"]
        sources += [f"countryinfo {version('countryinfo')}"] if entry else []
        sources += ["curated"] if cur else []
        rows.append(
            {
                "iso2": iso2,
                "iso3": country.alpha_3,
                "name": name,
                "short_names": [
                    n for n in dict.fromkeys(names) if n != name and (_usable_alias(n) or n in curated_names)
                ],
                "demonyms": list(dict.fromkeys(d for d in demonyms if _usable_alias(d))),
                "capitals": list(dict.fromkeys(c for c in capitals if _latin(c))),
                "qid": cur.get("qid", ""),
                "population": max([e.get("population") or 0 for e in [entry, *others] if e] or [0]),
                "source": "; ".join(sources) + (f" ({cur['source']})" if cur.get("source") else ""),
            }
        )
    _settle_shared_aliases(rows)
    return rows


def _settle_shared_aliases(rows: list[dict]) -> None:
    claims: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for row in rows:
        claims[_key(row["name"])].append((row, "name"))
        for field in ("short_names", "demonyms", "capitals"):
            for alias in row[field]:
                claims[_key(alias)].append((row, field))
    for key, owners in sorted(claims.items()):
        distinct = {id(row): row for row, _ in owners}
        if len(distinct) < 2:
            continue
        ranked = sorted(distinct.values(), key=lambda r: -int(r["population"]))
        keep = ranked[0] if int(ranked[0]["population"]) >= DOMINANCE * int(ranked[1]["population"]) else None
        for row, field in owners:
            if row is keep or field == "name":
                continue
            row[field] = [a for a in row[field] if _key(a) != key]
        who = ", ".join(r["iso2"] for r in ranked)
        print(
            f"shared alias {key!r} ({who}): {'kept by ' + keep['iso2'] if keep else 'dropped'}",
            file=sys.stderr,
        )


def write(rows: list[dict], path: Path = OUT) -> None:
    header = ["iso2", "iso3", "name", "short_names", "demonyms", "capitals", "qid", "source"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(header) + "\n")
        for row in rows:
            cells = [row["iso2"], row["iso3"], row["name"]]
            cells += ["|".join(row[f]) for f in ("short_names", "demonyms", "capitals")]
            cells += [row["qid"], row["source"]]
            fh.write("\t".join(c.replace("\t", " ") for c in cells) + "\n")


if __name__ == "__main__":
    built = build()
    write(built)
    print(f"wrote {len(built)} countries to {OUT.relative_to(ROOT)}", file=sys.stderr)
