"""Actors: which country, government, organisation, outlet or person each name in an article stands for.

Later stages count independent sources and weigh who said what, so "Moscow", "the Kremlin" and
"Russia's government" must be one source, and "Zelenskyy" in one article and "Zelensky" in another one
person. Three rules do the work:

- a gazetteer (``data/lexicons/``: countries built from ISO data, organisations, seats of government,
  news media) resolves the names that are known, with the way each was recognised kept in
  ``ActorMention.how``: ``gazetteer`` (the name itself), ``alias`` (a short form), ``demonym``
  ("Hungarian" names Hungary as an involved party), ``metonymy`` (a capital or seat of government
  standing for the government);
- persons are merged by a transliteration-tolerant key (``person_key``) and by surname: "Putin" after
  "Vladimir Putin" is the same person, in one article and, through ``ActorRegistry``, across articles;
- everything else gets a slug of its longest name as id, so the same input always gives the same ids.

``classify_source`` reads a source phrase ("a senior NATO intelligence official") into a
``SourceKind`` and, where the phrase names one, the actor behind it; ``find_intermediary`` finds the
outlet a statement was relayed through ("officials tell CNN").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path

from spacy.attrs import ENT_TYPE, ORTH, SENT_START
from spacy.tokens import Doc, Span, Token

from heuer.extract.nlp import doc_text
from heuer.lexicon import LexiconFileError, data_path, read_table
from heuer.model import Actor, ActorMention, SourceKind

GazetteerError = LexiconFileError

ENTITY_LABELS = ("GPE", "NORP", "ORG", "PERSON", "FAC")
SOURCE_CATEGORIES = (
    "title",
    "anonymity",
    "unnamed",
    "nonofficial",
    "document",
    "government",
    "media",
    "organisation",
    "impersonal",
    "pronoun",
)


# --- keys and ids ---------------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def name_key(text: str) -> str:
    """The lookup key of a name: case, accents, dots and a leading article do not matter.

    "the U.S." and "US" share the key ``us``; "Élysée" and "Elysee" share ``elysee``. Possessive
    endings go too, so "Russia's" finds Russia. The gazetteer keys every token of every article: a
    plain ASCII word is its own key in lower case, and the rest are cached, since most words recur.
    """
    if text.isascii() and text.isalnum():
        return text.lower()
    return _name_key(text)


@lru_cache(maxsize=1 << 16)
def _name_key(text: str) -> str:
    text = _fold(text).replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text).replace(".", "")
    text = re.sub(r"[^a-z0-9+]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@lru_cache(maxsize=1 << 14)
def person_key(name: str) -> str:
    """A key under which English transliterations of one person's name coincide.

    Romanisations of Cyrillic, Arabic or Chinese names differ in a few systematic places; the key
    erases exactly those: accents (Dvořák/Dvorak), y against i (Zelenskyy, Zelenskiy,
    Zelenskii, Shoygu/Shoigu), doubled letters (Zelenskyy/Zelensky), and x against ks
    (Alexander/Aleksander). Anything beyond that (Tchaikovsky against Chaikovsky, Gaddafi against
    Qaddafi) stays distinct: merging people wrongly is worse than keeping two rows.
    """
    text = _fold(name).replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    words = []
    for word in re.split(r"[^a-z]+", text):
        if not word:
            continue
        word = word.replace("y", "i").replace("x", "ks")
        word = re.sub(r"(.)\1+", r"\1", word)
        words.append(word)
    return " ".join(words)


def slugify(text: str) -> str:
    """A deterministic, readable id: the same name gives the same id in every run."""
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-") or "unnamed"


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _is_code(alias: str) -> bool:
    """All-capital short forms (US, NATO, WHO, AP) are only that name when written in capitals."""
    letters = alias.replace(".", "").replace("-", "").replace("+", "")
    return letters.isalnum() and letters.isupper() and len(letters) <= 6


def _plural(demonym: str) -> str | None:
    # Demonyms ending in a sibilant or -ese are their own plural ("the French", "the Chinese").
    if re.search(r"(s|sh|ch|x|z|ese)$", demonym, re.I):
        return None
    return demonym + "s"


# --- the gazetteer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """What a known name stands for, and how it was recognised."""

    actor: Actor
    how: str
    role: str  # country, demonym, capital, metonym, organisation, government, media
    country: str | None = None  # ISO 3166 alpha-2 where the actor belongs to a state
    exact_case: bool = False


@dataclass
class Gazetteer:
    """The known actors and the names that lead to them, loaded once from the data files."""

    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, Hit] = field(default_factory=dict)
    weak_media: dict[str, list[Actor]] = field(default_factory=dict)
    country_of: dict[str, Actor] = field(default_factory=dict)
    government_of: dict[str, Actor] = field(default_factory=dict)
    capital_city: dict[str, Actor] = field(default_factory=dict)
    patterns: dict[str, list[str]] = field(default_factory=dict)
    place_cues: dict[str, frozenset[str]] = field(default_factory=dict)
    max_words: int = 1

    def lookup(self, text: str) -> Hit | None:
        hit = self.names.get(name_key(text))
        if hit is None:
            return None
        if hit.exact_case and not any(ch.isupper() for ch in text):
            return None
        return hit

    def _name(self, alias: str, hit: Hit, *, replace: bool = False) -> None:
        key = name_key(alias)
        if not key:
            return
        exact = _is_code(alias)
        hit = Hit(hit.actor, hit.how, hit.role, hit.country, exact)
        if replace or key not in self.names:
            self.names[key] = hit
        self.max_words = max(self.max_words, len(key.split()))

    def _actor(self, actor: Actor) -> Actor:
        self.actors.setdefault(actor.id, actor)
        return self.actors[actor.id]

    def words(self, category: str) -> list[str]:
        return self.patterns.get(category, [])

    @cached_property
    def name_prefixes(self) -> frozenset[str]:
        """Every leading run of words of a known name's key ("united", "united states", ...).

        A run of tokens whose keys are not one of these cannot grow into a known name, so matching
        stops there instead of trying every length up to ``max_words``.
        """
        out = set()
        for key in self.names:
            words = key.split(" ")
            out.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
        return frozenset(out)

    @cached_property
    def role_words(self) -> frozenset[str]:
        """Words that describe a role or body rather than name one ("Defense", "Ministry")."""
        categories = ("title", "government", "organisation", "document", "media")
        return frozenset(w for c in categories for w in self.words(c))


def _check_multi(*columns: str):
    def check(row: dict[str, str]) -> str | None:
        for column in columns:
            cell = row.get(column, "")
            if cell.startswith("|") or cell.endswith("|") or "||" in cell:
                return f"empty alias in {column!r}: {cell!r}"
        return None

    return check


def _check_qid(row: dict[str, str]) -> str | None:
    qid = row.get("qid", "")
    if qid and not re.fullmatch(r"Q[1-9][0-9]*", qid):
        return f"qid {qid!r} is not a Wikidata item id (Q followed by digits)"
    return None


def _both(*checks):
    def check(row: dict[str, str]) -> str | None:
        for one in checks:
            if problem := one(row):
                return problem
        return None

    return check


def load_gazetteer(directory: Path | str | None = None) -> Gazetteer:
    """Read the gazetteer data files; any malformed row raises ``GazetteerError`` naming file and line.

    Names are entered in order of authority so that a later, weaker claim never overrides an
    earlier one: country names first, then organisations and outlets, then seats of government,
    capitals and demonyms last.
    """
    base = Path(directory) if directory else data_path("lexicons")
    gaz = Gazetteer()

    countries = read_table(
        base / "countries.tsv",
        ["iso2", "iso3", "name", "short_names", "demonyms", "capitals", "qid", "source"],
        check=_both(_check_multi("short_names", "demonyms", "capitals"), _check_qid, _check_iso2),
    )
    deferred: list[tuple[str, Hit]] = []
    for row in countries:
        iso2, name = row["iso2"], row["name"]
        demonyms = _split(row["demonyms"])
        capitals = _split(row["capitals"])
        country = gaz._actor(
            Actor(
                id=row["qid"] or slugify(name),
                name=name,
                kind="country",
                qid=row["qid"] or None,
                aliases=_split(row["short_names"]),
            )
        )
        gov_name = f"{demonyms[0]} government" if demonyms else f"Government of {name}"
        government = gaz._actor(
            Actor(id=slugify(gov_name), name=gov_name, kind="government", aliases=capitals)
        )
        gaz.country_of[iso2] = country
        gaz.government_of[iso2] = government
        gaz._name(name, Hit(country, "gazetteer", "country", iso2), replace=True)
        for alias in _split(row["short_names"]):
            deferred.append((alias, Hit(country, "alias", "country", iso2)))
        for capital in capitals:
            city = Actor(id=slugify(capitals[0]), name=capitals[0], kind="place", aliases=capitals[1:])
            gaz.capital_city[name_key(capital)] = city
            deferred.append((capital, Hit(government, "metonymy", "capital", iso2)))
        for demonym in demonyms:
            deferred.append((demonym, Hit(country, "demonym", "demonym", iso2)))
            if plural := _plural(demonym):
                deferred.append((plural, Hit(country, "demonym", "demonym", iso2)))
    for alias, hit in deferred:
        if hit.role == "country":
            gaz._name(alias, hit)

    organisations = read_table(
        base / "organisations.tsv",
        ["name", "aliases", "kind", "country", "qid", "source"],
        check=_both(_check_multi("aliases"), _check_qid, _check_org),
    )
    by_name: dict[str, tuple[Actor, str | None]] = {}
    for row in organisations:
        actor = gaz._actor(
            Actor(
                id=row["qid"] or slugify(row["name"]),
                name=row["name"],
                kind=row["kind"],  # type: ignore[arg-type]
                qid=row["qid"] or None,
                aliases=_split(row["aliases"]),
            )
        )
        country = row["country"] or None
        by_name[row["name"]] = (actor, country)
        for alias in [row["name"], *_split(row["aliases"])]:
            gaz._name(
                alias, Hit(actor, "gazetteer" if alias == row["name"] else "alias", row["kind"], country)
            )

    media = read_table(
        base / "media.tsv",
        ["name", "aliases", "weak_aliases", "qid", "source"],
        check=_both(_check_multi("aliases", "weak_aliases"), _check_qid),
    )
    for row in media:
        actor = gaz._actor(
            Actor(
                id=row["qid"] or slugify(row["name"]),
                name=row["name"],
                kind="media",
                qid=row["qid"] or None,
                aliases=_split(row["aliases"]) + _split(row["weak_aliases"]),
            )
        )
        for alias in [row["name"], *_split(row["aliases"])]:
            gaz._name(alias, Hit(actor, "gazetteer" if alias == row["name"] else "alias", "media"))
        for weak in _split(row["weak_aliases"]):
            gaz.weak_media.setdefault(name_key(weak), []).append(actor)

    def check_metonym(row: dict[str, str]) -> str | None:
        target = row["stands_for"]
        if target not in gaz.government_of and target not in by_name:
            return (
                f"stands_for {target!r} is neither an ISO code in countries.tsv"
                " nor a name in organisations.tsv"
            )
        return None

    metonyms = read_table(base / "metonyms.tsv", ["phrase", "stands_for", "source"], check=check_metonym)
    for row in metonyms:
        target = row["stands_for"]
        if target in gaz.government_of:
            actor, country = gaz.government_of[target], target
        else:
            actor, country = by_name[target]
        gaz._name(row["phrase"], Hit(actor, "metonymy", "metonym", country))
        if row["phrase"] not in actor.aliases:
            actor.aliases.append(row["phrase"])

    for alias, hit in deferred:
        if hit.role != "country":
            gaz._name(alias, hit)

    def check_category(row: dict[str, str]) -> str | None:
        if row["category"] not in SOURCE_CATEGORIES:
            return f"category {row['category']!r} is not one of {', '.join(SOURCE_CATEGORIES)}"
        return None

    for row in read_table(base / "source_kinds.tsv", ["pattern", "category", "source"], check=check_category):
        gaz.patterns.setdefault(row["category"], []).append(row["pattern"].lower())

    def check_place(row: dict[str, str]) -> str | None:
        if row["category"] not in ("preposition", "noun", "verb"):
            return f"category {row['category']!r} is not one of preposition, noun, verb"
        return None

    cues: dict[str, set[str]] = defaultdict(set)
    for row in read_table(base / "place_cues.tsv", ["word", "category", "source"], check=check_place):
        cues[row["category"]].add(row["word"].lower())
    gaz.place_cues = {k: frozenset(v) for k, v in cues.items()}
    return gaz


def _check_iso2(row: dict[str, str]) -> str | None:
    if not re.fullmatch(r"[A-Z]{2}", row["iso2"]):
        return f"iso2 {row['iso2']!r} is not two capital letters"
    return None


def _check_org(row: dict[str, str]) -> str | None:
    if row["kind"] not in ("organisation", "government"):
        return f"kind {row['kind']!r} must be 'organisation' or 'government'"
    if row["country"] and not re.fullmatch(r"[A-Z]{2}", row["country"]):
        return f"country {row['country']!r} is not an ISO 3166 alpha-2 code"
    return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    return load_gazetteer()


# --- the registry ---------------------------------------------------------------------------------


def _canonical(names: Iterable[str]) -> str:
    # Longest (most words, then most letters) wins; ties go the same way in every run.
    return max(names, key=lambda n: (len(n.split()), len(n), n))


class ActorRegistry:
    """The actors of a whole corpus, merged across articles, built up one article at a time.

    Start it from stored actors (and stored redirects) to continue where the last run stopped. A
    person first met as a bare surname ("Putin") and later by full name becomes the full-name actor;
    the old id stays valid through ``redirects`` so that records already written still resolve.
    """

    def __init__(self, actors: Iterable[Actor] = (), redirects: dict[str, str] | None = None) -> None:
        self.actors: dict[str, Actor] = {}
        self.redirects: dict[str, str] = dict(redirects or {})
        self._person_by_key: dict[str, str] = {}
        self._by_surname: dict[str, set[str]] = defaultdict(set)
        self._named_by_key: dict[tuple[str, str], str] = {}
        for actor in actors:
            self._store(actor.model_copy(deep=True))

    # ids
    def resolve(self, actor_id: str) -> str:
        seen = set()
        while actor_id in self.redirects and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.redirects[actor_id]
        return actor_id

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(self.resolve(actor_id))

    def all(self) -> list[Actor]:
        return [self.actors[k] for k in sorted(self.actors)]

    # adding
    def _store(self, actor: Actor) -> None:
        self.actors[actor.id] = actor
        if actor.kind == "person":
            for name in [actor.name, *actor.aliases]:
                key = person_key(name)
                if key:
                    self._person_by_key.setdefault(key, actor.id)
            key = person_key(actor.name)
            if len(key.split()) > 1:
                self._by_surname[key.split()[-1]].add(actor.id)
        else:
            for name in [actor.name, *actor.aliases]:
                self._named_by_key.setdefault((actor.kind, name_key(name)), actor.id)

    def add(self, actor: Actor, alias: str | None = None) -> str:
        """A gazetteer actor (fixed id); merges the alias it was seen under."""
        current = self.actors.get(actor.id)
        if current is None:
            current = actor.model_copy(deep=True)
            self._store(current)
        if alias and alias != current.name and alias not in current.aliases:
            current.aliases = sorted({*current.aliases, alias})
        return current.id

    def named(self, kind: str, name: str) -> str:
        """An organisation, group or place the gazetteer does not know: one actor per name key."""
        key = name_key(name)
        found = self._named_by_key.get((kind, key))
        if found:
            actor = self.actors[self.resolve(found)]
            if name != actor.name and name not in actor.aliases:
                actor.aliases = sorted({*actor.aliases, name})
            return actor.id
        actor_id = slugify(name)
        if actor_id in self.actors and self.actors[actor_id].kind != kind:
            actor_id = f"{actor_id}-{kind}"
        actor = Actor(id=actor_id, name=name, kind=kind)  # type: ignore[arg-type]
        self._store(actor)
        return actor_id

    def person(self, name: str, alias: str | None = None) -> str:
        """The person called ``name`` (a full name where known), seen in the text as ``alias``."""
        key = person_key(name)
        if not key:
            raise ValueError(f"not a person name: {name!r}")
        words = key.split()
        found = self._person_by_key.get(key)
        if found is None and len(words) == 1:
            full = self._by_surname.get(key, set())
            if len(full) == 1:
                found = next(iter(full))
        if found is None:
            actor = Actor(id=slugify(name), name=name, kind="person")
            if actor.id in self.actors:  # the same slug for a different key: keep both apart
                actor.id = f"{actor.id}-{len(self.actors)}"
            self._store(actor)
            found = actor.id
        actor_id = self._absorb(self.resolve(found), [name, alias] if alias else [name])
        if len(words) > 1:
            self._absorb_surname_only(actor_id, words[-1])
        return actor_id

    def _absorb(self, actor_id: str, names: Sequence[str]) -> str:
        """Add names to a person and re-key it under its longest name; old ids redirect."""
        actor = self.actors[actor_id]
        all_names = {actor.name, *actor.aliases, *names}
        canonical = _canonical(all_names)
        new_id = slugify(canonical)
        if (
            new_id != actor_id
            and new_id in self.actors
            and person_key(self.actors[new_id].name) != person_key(canonical)
        ):
            new_id = actor_id  # the slug belongs to someone else; keep the id we have
        actor.name = canonical
        actor.aliases = sorted(n for n in all_names if n != canonical)
        if new_id != actor_id:
            del self.actors[actor_id]
            actor.id = new_id
            existing = self.actors.get(new_id)
            if existing is not None:  # the full-name actor already exists: fold into it
                existing.aliases = sorted({*existing.aliases, actor.name, *actor.aliases} - {existing.name})
                actor = existing
            self.actors[new_id] = actor
            self.redirects[actor_id] = new_id
            for k, v in list(self._person_by_key.items()):
                if v == actor_id:
                    self._person_by_key[k] = new_id
            for ids in self._by_surname.values():
                if actor_id in ids:
                    ids.discard(actor_id)
                    ids.add(new_id)
        self._store(actor)
        return actor.id

    def _absorb_surname_only(self, actor_id: str, surname: str) -> None:
        # A bare-surname actor from an earlier article joins this full name only when no other
        # known full name shares the surname.
        if len(self._by_surname.get(surname, ())) != 1:
            return
        lone = self._person_by_key.get(surname)
        if lone is None or self.resolve(lone) == actor_id:
            return
        lone_id = self.resolve(lone)
        lone_actor = self.actors.get(lone_id)
        if lone_actor is None or len(person_key(lone_actor.name).split()) != 1:
            return
        target = self.actors[actor_id]
        target.aliases = sorted({*target.aliases, lone_actor.name, *lone_actor.aliases} - {target.name})
        del self.actors[lone_id]
        self.redirects[lone_id] = actor_id
        for k, v in list(self._person_by_key.items()):
            if v == lone_id:
                self._person_by_key[k] = actor_id


# --- mentions in a Doc ----------------------------------------------------------------------------


def _trim(span: Span) -> Span:
    """An entity without leading articles and trailing conjunctions, punctuation or possessives."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space
    ):
        start += 1
    while end > start and (
        doc[end - 1].dep_ in ("cc", "case")
        or doc[end - 1].is_punct
        or doc[end - 1].lower_ in ("and", "or", "'s", "’s")
    ):
        end -= 1
    return doc[start:end]


_KEYS = "heuer_actors_keys"


def _texts_and_keys(doc: Doc) -> tuple[list[str], list[str]]:
    """Each token's text and ``name_key``, kept on the Doc.

    Read from the Doc's arrays, each distinct word keyed once: a Token object per word cost more than
    the matching itself.
    """
    cached = doc.user_data.get(_KEYS)
    if cached is None or len(cached[0]) != len(doc):
        orth = doc.to_array(ORTH).tolist() if len(doc) else []
        strings = doc.vocab.strings
        text_of = {h: strings[h] for h in set(orth)}
        key_of = {h: name_key(text) for h, text in text_of.items()}
        cached = doc.user_data[_KEYS] = ([text_of[h] for h in orth], [key_of[h] for h in orth])
    return cached


def _gazetteer_matches(doc: Doc, gaz: Gazetteer) -> list[tuple[int, int, Hit]]:
    """Longest known names in the token stream, matched on keys so punctuation and case vary freely."""
    n = len(doc)
    if not n:
        return []
    texts, keys = _texts_and_keys(doc)
    # sentence starts before each position, so "a sentence starts inside (i, end)" is one subtraction
    starts_before = [0, *accumulate(v == 1 for v in doc.to_array(SENT_START).tolist())]
    names, prefixes, max_words = gaz.names, gaz.name_prefixes, gaz.max_words
    window = 2 * max_words + 2
    found = []
    i = 0
    while i < n:
        first = texts[i][:1]
        if not keys[i] or not (first.isupper() or first.isdigit()):
            i += 1
            continue
        match = None
        # Known names among the first max_words non-empty keys from i on (punctuation tokens carry
        # no key), as (end, key), shortest first; the longest that fits is taken.
        names_here = []
        joined = ""
        words = 0
        for j in range(i, min(n, i + window)):
            key = keys[j]
            if not key:
                continue
            joined = f"{joined} {key}" if words else key
            words += 1
            if joined not in prefixes:
                break
            if joined in names:
                names_here.append((j + 1, joined))
            if words == max_words:
                break
        for end, joined in reversed(names_here):
            if starts_before[end] > starts_before[i + 1]:
                continue
            hit = names[joined]
            text = doc[i:end].text
            if (
                hit.exact_case
                and text.replace(".", "").replace("-", "") != text.replace(".", "").replace("-", "").upper()
            ):
                continue
            match = (i, end, hit)
            break
        if match:
            found.append(match)
            i = match[1]
        else:
            i += 1
    return found


def _as_place(span: Span, gaz: Gazetteer) -> bool:
    """Whether a capital names the city rather than the government that sits there.

    "talks in Minsk", "the city of Kyiv", "the Kyiv region" and "to defend Kyiv" are the place;
    "Moscow denied it" and "talks between Moscow and Kyiv" are the governments.
    """
    cues = gaz.place_cues
    token = span.root
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    head = token.head
    if token.dep_ == "pobj":
        if head.lower_ in cues.get("preposition", ()):
            return True
        return head.lower_ == "of" and head.head.lemma_.lower() in cues.get("noun", ())
    if token.dep_ in ("compound", "appos") and head.lemma_.lower() in cues.get("noun", ()):
        return True
    return token.dep_ == "dobj" and head.lemma_.lower() in cues.get("verb", ())


def _strip_titles(span: Span, gaz: Gazetteer) -> Span:
    titles = set(gaz.words("title"))
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in titles:
        start += 1
    return span.doc[start : span.end]


def _pattern_words(gaz: Gazetteer) -> frozenset[str]:
    return gaz.role_words


def _all_pattern_words(span: Span, gaz: Gazetteer) -> bool:
    words = _pattern_words(gaz)
    return all(t.lower_ in words or t.lemma_.lower() in words for t in span)


def resolve_mentions(
    doc: Doc, registry: ActorRegistry | None = None
) -> tuple[list[ActorMention], list[Actor]]:
    """Every actor named in ``doc``, as mentions with character offsets, and the actors they point to.

    Pass the corpus registry to merge with actors from earlier articles; without one, the article
    is resolved on its own. The gazetteer is tried first on the token stream (the small English
    model misses or mislabels many known names: "Kyiv" unrecognised, "Kiev" as a person), then the
    named entities fill in what it does not know.
    """
    gaz = gazetteer()
    registry = registry if registry is not None else ActorRegistry()
    mentions: list[ActorMention] = []
    taken = [False] * len(doc)

    def add(span: Span, actor_id: str, how: str) -> None:
        mentions.append(
            ActorMention(start=span.start_char, end=span.end_char, text=span.text, actor_id=actor_id, how=how)
        )
        for k in range(span.start, span.end):
            taken[k] = True

    entities = [(_trim(e), e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]
    # An entity across a line break is a headline or caption run into the text, not a name.
    entities = [(s, label) for s, label in entities if len(s) and "\n" not in s.text]

    for start, end, hit in _gazetteer_matches(doc, gaz):
        span = doc[start:end]
        # A longer person or organisation name around a known name is that other actor
        # ("Washington" in "Denzel Washington", "Russia" in "Russia Today" unless listed).
        if any(
            label in ("PERSON", "ORG", "FAC")
            and s.start <= start
            and s.end >= end
            and len(s) > len(span)
            and not _all_pattern_words(doc[s.start : start], gaz)
            for s, label in entities
        ):
            continue
        if hit.role == "capital" and _as_place(span, gaz):
            city = gaz.capital_city[name_key(span.text)]
            add(span, registry.add(city, span.text), "gazetteer")
            continue
        add(span, registry.add(hit.actor, span.text), hit.how)

    # Persons: full names first, so surnames anywhere in the article can join them.
    persons: list[tuple[Span, str]] = []
    others: list[tuple[Span, str]] = []
    for span, label in entities:
        if any(taken[k] for k in range(span.start, span.end)):
            continue
        if label == "PERSON":
            span = _strip_titles(span, gaz)
            persons.append((span, label))
        else:
            others.append((span, label))
    # The small model often labels a full name ORG; the article's own person mentions decide:
    # "Volodymyr Zelenskyy" (ORG) is a person when "Zelensky" (PERSON) is one.
    person_words = {person_key(s.text).split()[-1] for s, _ in persons if person_key(s.text)}
    for span, label in list(others):
        words = person_key(span.text).split()
        if (
            1 < len(words) <= 3
            and words[-1] in person_words
            and all(t.is_title and t.is_alpha for t in span)
            and not any(t.lower_ in _pattern_words(gaz) for t in span)
        ):
            others.remove((span, label))
            persons.append((span, "PERSON"))
    full_names: dict[str, list[Span]] = defaultdict(list)
    first_names: dict[str, list[Span]] = defaultdict(list)
    for span, _ in persons:
        words = person_key(span.text).split()
        if len(words) > 1:
            full_names[words[-1]].append(span)
            first_names[words[0]].append(span)

    def person_for(span: Span) -> str:
        key = person_key(span.text)
        # A lone name is the surname of a full name in the article; failing that, a first name
        # that only one full name in the article has ("Vladimir" split off by a bracket).
        candidates = full_names.get(key) or (
            first_names[key] if len({person_key(s.text) for s in first_names.get(key, [])}) == 1 else []
        )
        if len(key.split()) == 1 and candidates:
            earlier = [s for s in candidates if s.start < span.start]
            full = earlier[-1] if earlier else candidates[0]
            return registry.person(full.text, alias=span.text)
        return registry.person(span.text)

    for span, _ in persons:
        if person_key(span.text):
            add(span, person_for(span), "name")

    for span, label in others:
        key = person_key(span.text)
        if len(key.split()) == 1 and key in full_names:  # "Zelenskiy" tagged ORG after a full name
            add(span, person_for(span), "name")
            continue
        weak = gaz.weak_media.get(name_key(span.text))
        if weak:  # "the Post": the outlet the article names in full, else the usual one
            named = [a for a in weak if name_key(a.name) in name_key(doc_text(doc))]
            add(span, registry.add((named or weak)[0], span.text), "alias")
            continue
        if _all_pattern_words(span, gaz):
            continue
        kind = {"ORG": "organisation", "NORP": "group", "GPE": "place", "FAC": "place"}[label]
        add(span, registry.named(kind, span.text), "name")

    mentions.sort(key=lambda m: (m.start, m.end))
    ids = {registry.resolve(m.actor_id) for m in mentions}
    for m in mentions:
        m.actor_id = registry.resolve(m.actor_id)
    return mentions, [registry.actors[i] for i in sorted(ids)]


# --- source kinds ---------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _word_patterns(
    words: tuple[str, ...],
) -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """All the words as one pattern, and each word's own pattern, longest word first."""
    ordered = sorted(words, key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|es)?(?![\w-])"), tuple(
        (word, re.compile(rf"(?<![\w-]){re.escape(word)}(?:s|es)?(?![\w-])")) for word in ordered
    )


def _has(words: Sequence[str], text: str) -> str | None:
    """The first pattern that occurs in ``text`` as whole words (a trailing plural -s allowed).

    Most source phrases hold none of a category's words: one search for any of them settles those,
    and only a phrase that holds one is searched word by word for the longest.
    """
    any_word, patterns = _word_patterns(tuple(words))
    if not any_word.search(text):
        return None
    for word, pattern in patterns:
        if pattern.search(text):
            return word
    return None


def _nlp_span(text: str) -> Span:
    from heuer.extract.nlp import load_base

    doc = load_base()(text)
    return doc[:]


_ARRAYS = "heuer_actors_arrays"
_NAMED_KINDS = "heuer_actors_named_kinds"


def _may_name(span: Span) -> bool:
    """Whether a mention could come from the span: a known name can start at one of its tokens (as
    ``_gazetteer_matches`` reads them), or one is part of an entity of a kind ``resolve_mentions`` reads.

    A source span with neither names no actor, whatever else it holds, so it needs no copy of its own to
    be resolved; many unnamed sources ("officials", "a spokesman") are such spans.
    """
    doc = span.doc
    kinds = doc.user_data.get(_NAMED_KINDS)
    if kinds is None or len(kinds) != len(doc):
        ent = doc.to_array(ENT_TYPE).tolist() if len(doc) else []
        named = {e: doc.vocab.strings[e] in ENTITY_LABELS for e in set(ent)}
        kinds = doc.user_data[_NAMED_KINDS] = [named[e] for e in ent]
    texts, keys = _texts_and_keys(doc)
    prefixes = gazetteer().name_prefixes
    for i in range(span.start, span.end):
        if kinds[i]:
            return True
        key, first = keys[i], texts[i][:1]
        if key and (first.isupper() or first.isdigit()) and key in prefixes:
            return True
    return False


def _span_doc(span: Span) -> Doc:
    """``span.as_doc()``, with the Doc's arrays read once per Doc.

    ``as_doc`` exports every annotation of the whole Doc for each span it copies, which made the copies
    cost more than resolving the actors in them; an article has a source span per attribution. The
    export is kept on the Doc (as ``certainty`` keeps its heads), so the annotations must not change
    between calls, as they do not once the pipeline has parsed the text.
    """
    doc = span.doc
    cached = doc.user_data.get(_ARRAYS)
    if cached is None or len(cached[1]) != len(doc):
        attrs = Doc._get_array_attrs()
        cached = doc.user_data[_ARRAYS] = (attrs, doc.to_array(attrs))
    # as_doc rewrites the rows it takes in place, so it gets a copy
    return span.as_doc(array_head=cached[0], array=cached[1].copy())


def classify_source(
    span_text: str | None, doc_span: Span | None = None, registry: ActorRegistry | None = None
) -> tuple[SourceKind, str | None]:
    """The kind of a source phrase and the actor it names, where it names one.

    Decisions, in order (the first that applies wins):
    1. nothing, or an impersonal pronoun ("it") -> ``unattributed``; "he"/"she" -> ``named_person``
       (a pronoun in news nearly always refers back to a named person; the attribution stage passes
       the antecedent when it has resolved one); "they"/"we" -> ``unattributed``.
    2. a named person -> ``named_official`` when a public-office title stands in the phrase
       ("Defense Secretary Lloyd Austin", "Lloyd Austin, the defense secretary"), else
       ``named_person``.
    3. a document word as the head ("a report", "the Pentagon's assessment") -> ``document``, with
       the issuing body as actor where one is named.
    4. an outlet in media.tsv, or a media word ("state media") -> ``media``.
    5. an unnamed speaker: a title ("a senior NATO intelligence official", "US and NATO officials")
       -> ``anonymous_official``; "source(s)", "people familiar with...", "analysts", "witnesses"
       -> ``anonymous_official`` only with an official marker (a government word such as
       "intelligence", or a government or international body as qualifier: "NATO sources"), and
       never with a non-official qualifier ("opposition", "industry"); otherwise
       ``anonymous_source`` (an opposition source is not an official). The actor is the first body
       named as qualifier: NATO for "a senior NATO intelligence official", the government for a
       country ("a senior US defense official" -> the American government).
    6. a government, agency, armed force or seat of government, or a country speaking ("Moscow",
       "the Pentagon", "U.S. intelligence agencies", "Russia") -> ``government``; a country acts
       through its government, so the actor is the government. A government word without a
       country ("the ministry") is ``government`` with no actor.
    7. any other known or named organisation ("NATO") -> ``organisation``; an organisation word
       without a name ("the alliance") -> ``organisation`` with no actor: which alliance is for the
       caller's context to say.
    """
    gaz = gazetteer()
    text = (span_text or "").strip()
    if not text:
        return "unattributed", None
    low = _fold(text)
    bare = re.sub(r"[^a-z' ]", "", low).strip()
    if bare in gaz.words("impersonal") or bare in ("they", "we", "them", "us", "you"):
        return "unattributed", None
    if bare in gaz.words("pronoun"):
        return "named_person", None

    span = doc_span if doc_span is not None else _nlp_span(text)
    registry = registry if registry is not None else ActorRegistry()
    if doc_span is not None and not _may_name(span):
        mentions: list[ActorMention] = []
    else:
        mentions, _ = resolve_mentions(_span_doc(span) if doc_span is not None else span.doc, registry)

    def actor_of(m: ActorMention) -> Actor:
        return registry.actors[registry.resolve(m.actor_id)]

    persons = [m for m in mentions if actor_of(m).kind == "person"]
    if persons:
        title = _has(gaz.words("title"), low) and not _has(gaz.words("nonofficial"), low)
        return ("named_official" if title else "named_person"), actor_of(persons[0]).id

    head = _head(span)
    bodies = [m for m in mentions if actor_of(m).kind not in ("person",)]
    media = [m for m in bodies if actor_of(m).kind == "media"]

    documents = gaz.words("document")
    if head is not None and head.text.islower() and (head.lower_ in documents or head.lemma_ in documents):
        issuer = next((m for m in bodies if actor_of(m).kind != "group"), None)
        return "document", _as_government(actor_of(issuer), gaz) if issuer else None

    nonofficial = _has(gaz.words("nonofficial"), low)
    title = None if nonofficial else _has(gaz.words("title"), low)
    unnamed = _has(gaz.words("unnamed"), low) or _has(gaz.words("anonymity"), low)
    if not title and not unnamed and (media or _has(gaz.words("media"), low)):
        return "media", actor_of(media[0]).id if media else None

    qualifier = next((m for m in bodies if actor_of(m).kind not in ("media", "place")), None)
    qualifier_id = _as_government(actor_of(qualifier), gaz) if qualifier else None
    if title or (nonofficial and not unnamed and _has(gaz.words("title"), low)):
        return ("anonymous_source" if nonofficial else "anonymous_official"), qualifier_id
    if unnamed:
        official = _has(gaz.words("government"), low) or (
            qualifier is not None
            and actor_of(qualifier).kind in ("government", "organisation")
            and not _demonym_only(qualifier)
        )
        if official and not nonofficial:
            return "anonymous_official", qualifier_id
        known_body = qualifier if qualifier is not None and qualifier.how != "demonym" else None
        return "anonymous_source", _as_government(actor_of(known_body), gaz) if known_body else None

    government_word = _has(gaz.words("government"), low)
    if qualifier is not None:
        actor = actor_of(qualifier)
        if actor.kind in ("country", "government") or government_word:
            return "government", _as_government(actor, gaz)
        return "organisation", actor.id
    if government_word:
        return "government", None
    if media:
        return "media", actor_of(media[0]).id
    if _has(gaz.words("organisation"), low):
        return "organisation", None
    propn = [t for t in span if t.pos_ == "PROPN"]
    if propn:
        return "organisation", registry.named("organisation", " ".join(t.text for t in propn))
    return "anonymous_source", None


def _demonym_only(mention: ActorMention) -> bool:
    return mention.how == "demonym"


def _as_government(actor: Actor, gaz: Gazetteer) -> str:
    """A country as a source speaks through its government."""
    if actor.kind == "country":
        for iso2, country in gaz.country_of.items():
            if country.id == actor.id:
                return gaz.government_of[iso2].id
    return actor.id


def _head(span: Span) -> Token | None:
    tokens = [t for t in span if not t.is_punct]
    if not tokens:
        return None
    root = span.root
    # The head noun of "the Pentagon's assessment" is "assessment", also when parsed on its own.
    return root if root.pos_ in ("NOUN", "PROPN", "PRON") else tokens[-1]


# --- intermediaries -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _intermediary_patterns() -> tuple[re.Pattern[str], dict[str, Actor]]:
    gaz = gazetteer()
    names: dict[str, Actor] = {}
    for actor in gaz.actors.values():
        if actor.kind != "media":
            continue
        for name in [actor.name, *actor.aliases]:
            names.setdefault(re.sub(r"^(?i:the)\s+", "", name), actor)
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    def outlet(group: str) -> str:
        return rf"(?:(?i:the)\s+)?(?P<{group}>{alternatives})(?![\w-])"

    before = (
        r"tells?|told|telling|according\s+to|(?:reported|quoted|cited|first\s+reported)\s+by"
        r"|in\s+an\s+interview\s+with|(?:speaking|spoke|talking|talked|said)\s+to"
        r"|in\s+comments\s+to|in\s+a\s+statement\s+to"
    )
    after = (
        r"(?:'s?\s+)?(?:has\s+|have\s+|had\s+|first\s+)?"
        r"(?:reported|reports|learned|learnt|quoted|cited|obtained|revealed)"
    )
    pattern = rf"(?i:\b(?:{before}))\s+{outlet('before')}|(?<![\w-]){outlet('after')}\s+(?i:{after})"
    return re.compile(pattern), names


def find_intermediary(text: str, context: str | None = None) -> str | None:
    """The outlet that relayed a statement ("officials tell CNN", "according to Reuters").

    Short forms shared by several outlets ("the Post") go to the outlet whose full name appears in
    ``text`` or ``context`` (the article), and otherwise to the first outlet media.tsv lists for them.
    """
    if not text:
        return None
    pattern, names = _intermediary_patterns()
    gaz = gazetteer()
    for match in pattern.finditer(text):
        name = next(g for g in match.groups() if g)
        weak = gaz.weak_media.get(name_key(name))
        full = names.get(name)
        if weak and (full is None or name_key(full.name) != name_key(name)):
            haystack = f"{context or ''}\n{text}"
            named = [a for a in weak if re.search(re.escape(re.sub(r"^The ", "", a.name)), haystack)]
            return (named or weak)[0].id
        if full is not None:
            return full.id
    return None
