"""Extraction end to end: stored articles -> spaCy with heuer's components -> records in SQLite."""

from __future__ import annotations

import pytest

from heuer.extract.components import COMPONENTS
from heuer.extract.pipeline import build_pipeline
from heuer.ingest.pipeline import Overrides
from heuer.workspace import Workspace

STORY_A = (
    "Harbour officials warn of a strike\n\n"
    "Dock workers could soon stop work at the northern harbour, a senior port official said on Monday. "
    '"We are ready to walk out as soon as next week," the union\'s leader, Maria Keller, told reporters.\n\n'
    "The port authority said it had not seen any indications that the ferries would be affected. "
    "Keller said the talks had failed. "
    "She added that the workers were increasingly likely to vote for a strike.\n\n"
    "The dispute began last month, when the operator cut overtime pay for night shifts across the port."
)
STORY_B = (
    "Port strike looms\n\n"
    "Union officials tell the Daily Planet that the dock workers will decide on a strike within days. "
    "Maria Keller, the union leader, said a walkout was almost certain. The operator declined to comment.\n\n"
    "Night shifts have been cut since the start of the year, and the workers say their pay has fallen."
)


@pytest.fixture
def ws(tmp_path, db_path):
    (tmp_path / "a.txt").write_text(STORY_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY_B, encoding="utf-8")
    w = Workspace(db_path)
    list(
        w.ingest(
            [str(tmp_path / "a.txt")], overrides=Overrides(outlet="Harbour Times", published="2024-05-06")
        )
    )
    list(w.ingest([str(tmp_path / "b.txt")], overrides=Overrides(outlet="Coast Post")))
    yield w
    w.close()


def test_pipeline_has_heuer_components_in_order():
    nlp = build_pipeline()
    assert [p for p in nlp.pipe_names if p.startswith("heuer_")] == list(COMPONENTS)


def test_extract_stores_attributions_and_claims(ws):
    ex = ws.extractor()
    todo, skipped = ex.pending()
    assert len(todo) == 2 and not skipped
    outcomes = list(ex.run(todo))
    assert all(o.attributions > 0 and o.claims > 0 for o in outcomes)
    rows = ws.claims()
    a_id = ws.articles()[0].id
    text = ws.article(a_id).text
    # negated evidence about the ferries, with its negation words kept
    neg = [c for c, _ in rows if c.polarity == "negated" and c.article_id == a_id]
    assert any("ferries would be affected" in c.proposition for c in neg)
    # a direct quote with its speaker
    atts = ws.attributions(a_id)
    quoted = [a for a in atts if a.kind == "direct"]
    assert quoted and any("Keller" in text[s:e] for a in quoted for s, e in (a.source or []))
    # certainty and horizon from the words, anchored on the publication date
    soon = [c for c, _ in rows if c.certainty and c.certainty.cue.startswith("could")]
    assert soon and soon[0].horizon is not None and soon[0].horizon.date_from == "2024-05-06"
    # every claim points back into its article's text
    for c, _ in rows:
        t = ws.article(c.article_id).text
        assert 0 <= c.content[0] < c.content[1] <= len(t)


def test_extraction_is_incremental_and_force_redoes(ws):
    ex = ws.extractor()
    list(ex.run(ex.pending()[0]))
    first = [(c.proposition, c.polarity) for c, _ in ws.claims()]
    assert ws.extractor().pending()[0] == []
    again = ws.extractor()
    list(again.run(again.pending(force=True)[0]))
    assert [(c.proposition, c.polarity) for c, _ in ws.claims()] == first


def test_intermediary_and_actors_across_articles(ws):
    ex = ws.extractor()
    list(ex.run(ex.pending()[0]))
    b_id = ws.articles()[1].id
    vias = [a.via for a in ws.attributions(b_id) if a.via]
    assert vias == ["daily-planet"], "'officials tell <outlet>' records the outlet as the intermediary"
    assert {a.kind for a in ws.store.actors() if a.id == "daily-planet"} == {"media"}
    people = {a.id: a for a in ws.store.actors() if a.kind == "person"}
    keller = [a for a in people.values() if "Keller" in a.name]
    assert len(keller) == 1, "Maria Keller in two articles is one actor"
