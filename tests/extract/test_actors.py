"""Actors: gazetteer resolution, person merging in and across articles, source kinds, intermediaries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from heuer.extract.actors import (
    ActorRegistry,
    GazetteerError,
    classify_source,
    find_intermediary,
    gazetteer,
    load_gazetteer,
    name_key,
    person_key,
    resolve_mentions,
    slugify,
)
from heuer.lexicon import data_path
from heuer.model import Actor


def resolved(nlp, text: str, registry: ActorRegistry | None = None) -> dict[str, tuple[str, str]]:
    mentions, _ = resolve_mentions(nlp(text), registry)
    return {m.text: (m.actor_id, m.how) for m in mentions}


# --- keys -----------------------------------------------------------------------------------------


def test_person_key_merges_transliterations_only():
    assert (
        person_key("Zelenskyy")
        == person_key("Zelensky")
        == person_key("Zelenskiy")
        == person_key("Zelenskii")
    )
    assert person_key("Shoigu") == person_key("Shoygu")
    assert person_key("Aleksandr") == person_key("Alexandr")
    assert person_key("Dvořák") == person_key("Dvorak")
    assert person_key("Putin's") == person_key("Putin")
    assert person_key("Tchaikovsky") != person_key("Chaikovsky")
    assert person_key("Biden") != person_key("Putin")


def test_name_key_ignores_case_dots_accents_and_article():
    assert name_key("the U.S.") == name_key("US") == "us"
    assert name_key("Élysée") == name_key("Elysee")
    assert name_key("Russia's") == "russia"
    assert slugify("Volodymyr Zelenskyy") == "volodymyr-zelenskyy"


# --- gazetteer ------------------------------------------------------------------------------------


def test_shipped_gazetteer_has_sources_and_the_usual_names():
    gaz = gazetteer()
    assert gaz.lookup("United States").actor.id == "Q30"
    assert gaz.lookup("U.S.").actor.id == gaz.lookup("America").actor.id == "Q30"
    assert gaz.lookup("Britain").actor.name == "United Kingdom"
    assert gaz.lookup("Moldovan").how == "demonym"
    assert gaz.lookup("Kiev").actor.id == gaz.lookup("Kyiv").actor.id
    assert gaz.lookup("NATO").actor.qid == "Q7184"
    assert gaz.lookup("the Kremlin").how == "metonymy"
    # codes match only when written as codes: "us" the pronoun is not the United States
    assert gaz.lookup("us") is None
    # an alias two states share evenly is dropped rather than guessed
    assert gaz.lookup("Jerusalem") is None or gaz.lookup("Jerusalem").country == "IL"


def copy_lexicons(tmp_path: Path) -> Path:
    target = tmp_path / "lexicons"
    shutil.copytree(data_path("lexicons"), target)
    return target


def test_malformed_gazetteer_row_names_file_and_line(tmp_path):
    base = copy_lexicons(tmp_path)
    path = base / "organisations.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "Broken Org\tBO\torganisation")  # three fields where six are expected
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"organisations\.tsv:4: 3 columns, expected 6"):
        load_gazetteer(base)


def test_metonym_pointing_nowhere_is_an_error(tmp_path):
    base = copy_lexicons(tmp_path)
    with (base / "metonyms.tsv").open("a", encoding="utf-8") as fh:
        fh.write("Nowhere House\tZZ\ta test row\n")
    with pytest.raises(GazetteerError, match=r"metonyms\.tsv:\d+: stands_for 'ZZ'"):
        load_gazetteer(base)


def test_bad_qid_is_an_error(tmp_path):
    base = copy_lexicons(tmp_path)
    with (base / "media.tsv").open("a", encoding="utf-8") as fh:
        fh.write("Some Paper\t\t\tQ12x\ta test row\n")
    with pytest.raises(GazetteerError, match=r"media\.tsv:\d+: qid 'Q12x'"):
        load_gazetteer(base)


# --- mentions -------------------------------------------------------------------------------------


def test_countries_short_forms_and_demonyms(nlp):
    got = resolved(nlp, "Officials in the U.S. and Britain said Moldovan troops could join the Russians.")
    assert got["U.S."] == ("Q30", "alias")
    assert got["Britain"] == ("Q145", "alias")
    assert got["Moldovan"] == ("Q217", "demonym")
    assert got["Russians"] == ("Q159", "demonym")


def test_capitals_and_seats_of_government_are_the_government(nlp):
    got = resolved(nlp, "The Kremlin denied the report. Moscow and Kiev traded accusations on Monday.")
    russia = got["Kremlin"][0]
    assert got["Kremlin"] == (russia, "metonymy") and got["Moscow"] == (russia, "metonymy")
    assert got["Kiev"][1] == "metonymy" and got["Kiev"][0] != russia
    gov = gazetteer().actors[russia]
    assert gov.kind == "government"


def test_a_capital_as_a_location_is_the_city(nlp):
    got = resolved(nlp, "The delegations met in Minsk. Troops tried to encircle Kyiv.")
    assert got["Minsk"] == ("minsk", "gazetteer")
    assert got["Kyiv"] == ("kyiv", "gazetteer")


def test_other_seats_of_government(nlp):
    got = resolved(nlp, "The Pentagon and the White House disagreed, while Downing Street stayed silent.")
    assert got["Pentagon"] == ("us-department-of-defense", "metonymy")
    assert got["White House"][1] == "metonymy"
    assert got["Downing Street"][0] == gazetteer().lookup("London").actor.id


def test_transliteration_variants_are_one_person(nlp):
    registry = ActorRegistry()
    got = resolved(
        nlp, "Volodymyr Zelenskyy spoke first. Later, Zelensky and Zelenskiy were quoted again.", registry
    )
    ids = {got[name][0] for name in ("Volodymyr Zelenskyy", "Zelensky", "Zelenskiy") if name in got}
    assert ids == {"volodymyr-zelenskyy"}
    actor = registry.get("volodymyr-zelenskyy")
    assert actor.kind == "person" and "Zelensky" in actor.aliases


def test_surname_joins_full_name_in_one_article(nlp):
    got = resolved(nlp, "Vladimir Putin met his generals. Putin later said nothing had been decided.")
    assert got["Vladimir Putin"][0] == got["Putin"][0] == "vladimir-putin"


def test_surname_joins_full_name_across_articles_both_ways(nlp):
    registry = ActorRegistry()
    first, _ = resolve_mentions(nlp("Putin said the talks would go on."), registry)
    assert first[0].actor_id == "putin"
    second = resolved(nlp, "Russian President Vladimir Putin spoke on Friday.", registry)
    assert second["Vladimir Putin"][0] == "vladimir-putin"
    # the id written for the first article still leads to the merged actor
    assert registry.resolve("putin") == "vladimir-putin"
    assert registry.get("putin").name == "Vladimir Putin"
    third = resolved(nlp, "Putin did not answer.", registry)
    assert third["Putin"][0] == "vladimir-putin"


def test_two_people_with_one_surname_are_not_merged(nlp):
    registry = ActorRegistry()
    resolved(nlp, "John Smith met reporters.", registry)
    resolved(nlp, "Jane Smith filed the report.", registry)
    got = resolved(nlp, "Smith declined to comment.", registry)
    assert got["Smith"][0] not in ("john-smith", "jane-smith")


def test_registry_continues_from_stored_actors(nlp):
    stored = [Actor(id="vladimir-putin", name="Vladimir Putin", kind="person", aliases=["Putin"])]
    registry = ActorRegistry(stored)
    got = resolved(nlp, "Putin left the summit early.", registry)
    assert got["Putin"][0] == "vladimir-putin"
    assert [a.id for a in registry.all()] == ["vladimir-putin"]


def test_unknown_names_get_slug_ids(nlp):
    got = resolved(nlp, "The Grey Heron Battalion said its fighters were ready.")
    assert got["Grey Heron Battalion"][0] == "grey-heron-battalion"


# --- source kinds ---------------------------------------------------------------------------------

US_GOV = "american-government"


@pytest.mark.parametrize(
    ("phrase", "kind", "actor"),
    [
        ("Vladimir Putin", "named_person", "vladimir-putin"),
        ("Defense Secretary Lloyd Austin", "named_official", "lloyd-austin"),
        ("Lloyd Austin, the defense secretary", "named_official", "lloyd-austin"),
        ("a senior NATO intelligence official", "anonymous_official", "Q7184"),
        ("a senior US defense official", "anonymous_official", US_GOV),
        ("US and NATO officials", "anonymous_official", US_GOV),
        ("officials", "anonymous_official", None),
        ("Western intelligence sources", "anonymous_official", None),
        ("people familiar with the matter", "anonymous_source", None),
        ("A Moldovan opposition source", "anonymous_source", None),
        ("analysts", "anonymous_source", None),
        ("NATO", "organisation", "Q7184"),
        ("the alliance", "organisation", None),
        ("U.S. intelligence agencies", "government", US_GOV),
        ("the Pentagon", "government", "us-department-of-defense"),
        ("Moscow", "government", "russian-government"),
        ("the Kremlin", "government", "russian-government"),
        ("the Moldovan military", "government", "moldovan-government"),
        ("Russia", "government", "russian-government"),
        ("the ministry", "government", None),
        ("Reuters", "media", "Q130879"),
        ("Russian state media", "media", None),
        ("a report", "document", None),
        ("the statement", "document", None),
        ("a Pentagon assessment", "document", "us-department-of-defense"),
        ("", "unattributed", None),
        ("it", "unattributed", None),
    ],
)
def test_classify_source(nlp, phrase, kind, actor):
    assert classify_source(phrase) == (kind, actor)


def test_classify_source_uses_a_span_of_the_article(nlp):
    doc = nlp("A senior NATO intelligence official said the troops were ready.")
    assert classify_source(doc[:5].text, doc[:5]) == ("anonymous_official", "Q7184")


# --- intermediaries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("US and NATO officials tell CNN", "Q48340"),
        ("the plan was ready, according to Reuters", "Q130879"),
        ("a diplomat told the Post", "Q166032"),
        ("the Post reported on Sunday", "Q166032"),
        ("as The Washington Post first reported", "Q166032"),
        ("he said in an interview with the BBC", "Q9531"),
        ("officials said on Monday", None),
    ],
)
def test_find_intermediary(text, outlet):
    assert find_intermediary(text) == outlet


def test_shared_short_form_follows_the_outlet_named_in_the_article():
    context = "The New York Post obtained the memo."
    assert find_intermediary("an aide told the Post", context=context) == slugify("New York Post")


def test_surname_variant_joins_a_later_full_name(nlp):
    registry = ActorRegistry()
    first = resolved(nlp, "Zelensky said the city would hold.", registry)
    resolved(nlp, "President Volodymyr Zelenskyy addressed parliament.", registry)
    assert registry.resolve(first["Zelensky"][0]) == "volodymyr-zelenskyy"
