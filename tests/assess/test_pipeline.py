"""Assessment end to end on articles the test writes: ingest -> extract -> link -> assess, real SQLite
and the shipped stance model."""

from __future__ import annotations

import pytest

from heuer.ingest.pipeline import Overrides
from heuer.workspace import Workspace

WIRE = (
    "Union officials told the Daily Planet on Monday that dock workers will strike at the northern ports "
    "next week. The strike would halt most container traffic at the northern ports, the officials said.\n\n"
    "The union has not struck since 2011, when a two-day walkout closed the ferry terminal."
)
SYNDICATED = WIRE.replace("on Monday", "on Monday morning")
LATER = (
    "The port authority said on Thursday that dock workers had not gone on strike at the northern ports. "
    "Container traffic at the northern ports was normal all week, a spokeswoman for the authority said.\n\n"
    "The authority expects record volumes this summer."
)
UNDATED = (
    "A shipping analyst said dock workers will strike at the northern ports before the summer. "
    "Freight rates have risen, the analyst said."
)
QUESTION = "Will dock workers strike at the northern ports?"


def _workspace(path, tmp_path, docs):
    ws = Workspace(path)
    for name, text, outlet, day in docs:
        f = tmp_path / f"{name}.txt"
        f.write_text(text, encoding="utf-8")
        list(ws.ingest([str(f)], overrides=Overrides(outlet=outlet, published=day)))
    ex = ws.extractor()
    list(ex.run(ex.pending()[0]))
    ws.link()
    return ws


@pytest.fixture(scope="module")
def story(tmp_path_factory, nlp):
    tmp = tmp_path_factory.mktemp("story")
    docs = [
        ("wire", WIRE, "Daily Planet", "2024-05-06"),
        ("copy", SYNDICATED, "Coast Herald", "2024-05-06"),
        ("later", LATER, "Harbour Gazette", "2024-05-16"),
        ("undated", UNDATED, "Freight Weekly", None),
    ]
    ws = _workspace(str(tmp / "story.db"), tmp, docs)
    single = _workspace(str(tmp / "single.db"), tmp, docs[:1])
    yield ws, single
    ws.close()
    single.close()


def test_as_of_uses_only_articles_published_by_then(story):
    ws, _ = story
    q = ws.ask(QUESTION)
    early = ws.assess(q, as_of="2024-05-08")
    outlets = {ws.article(a).outlet for a in early.articles}
    assert outlets == {"Daily Planet", "Coast Herald"}
    assert early.left_out == {"published after the as-of date": 1, "no publication date": 1}
    assert all(c.published <= "2024-05-08" for e in early.evidence for c in e.claims)
    with_undated = ws.assess(q, as_of="2024-05-08", include_undated=True)
    assert "Freight Weekly" in {ws.article(a).outlet for a in with_undated.articles}
    late = ws.assess(q, as_of="2024-05-31")
    assert "Harbour Gazette" in {ws.article(a).outlet for a in late.articles}
    assert [a.as_of for a in ws.store.assessments(q.id)] == ["2024-05-08", "2024-05-08", "2024-05-31"]


def test_the_call_is_consistent_and_traceable(story):
    ws, _ = story
    q = ws.ask(QUESTION)
    a = ws.assess(q, as_of="2024-05-08")
    assert a.headline == "H1" and a.probabilities["H1"] > 0.5, a.summary
    assert a.word in a.summary and f"{a.probabilities['H1']:.0%}" in a.summary
    assert a.confidence in ("low", "moderate", "high")
    assert a.confidence not in a.summary and "confidence" not in a.summary.lower()
    total = a.prior_log_odds + sum(c.log_odds for c in a.contributions)
    assert total == pytest.approx(a.log_odds, abs=1e-4)
    texts = {aid: ws.article(aid).text for aid in a.articles}
    for e in a.evidence:
        assert set(e.ratings) == {"H1", "H2"}
        for c in e.claims:
            assert texts[c.article_id][c.sentence[0] : c.sentence[1]] == c.sentence_text
    assert any(i.due for i in a.indicators), [i.model_dump() for i in a.indicators]
    rows = a.evidence
    assert all(
        r.ratings["H2"] == {"CC": "II", "C": "I", "N": "N", "I": "C", "II": "CC", "NA": "NA"}[r.ratings["H1"]]
        for r in rows
    )


def test_a_syndicated_copy_does_not_count_twice(story):
    ws, single = story
    both = ws.assess(ws.ask(QUESTION), as_of="2024-05-08", save=False)
    one = single.assess(single.ask(QUESTION), as_of="2024-05-08", save=False)
    assert len(both.articles) == 2 and len(one.articles) == 1
    assert both.probabilities["H1"] == pytest.approx(one.probabilities["H1"], abs=1e-6)
    assert len(both.contributions) == len(one.contributions)


def test_a_later_denial_lowers_the_call(story):
    ws, _ = story
    q = ws.ask(QUESTION)
    before = ws.assess(q, as_of="2024-05-08", save=False)
    after = ws.assess(q, as_of="2024-05-31", save=False)
    assert after.probabilities["H1"] < before.probabilities["H1"]
    assert any(c.polarity == "negated" and c.score["H1"] < 0 for e in after.evidence for c in e.claims)
