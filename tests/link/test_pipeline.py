"""Linking end to end on articles the test writes: ingest -> extract -> link, real SQLite."""

from __future__ import annotations

import pytest

from heuer.ingest.pipeline import Overrides
from heuer.workspace import Workspace

WIRE = (
    "Port officials tell the Daily Planet that the northern harbour will close for repairs next month. "
    "The closure would last six weeks, the officials said.\n\n"
    "Shipping companies said they had not been told of the plan."
)
RETOLD = (
    "According to port officials quoted by the Daily Planet, the northern harbour will close for repairs "
    "next month. The closure would last six weeks, the officials said.\n\n"
    "Local fishermen worry about their income during the works."
)
INDEPENDENT = (
    "The harbour master, Ines Duarte, said on Tuesday that the northern harbour will close for repairs next "
    "month.\n\nShe said the cranes had been inspected in the spring."
)
DENIAL = (
    "The city council denied on Wednesday that the northern harbour will close for repairs next month. "
    "A council spokesman said the northern harbour will not close for repairs next month.\n\n"
    "The council has approved a budget for the road to the port."
)


@pytest.fixture
def ws(tmp_path, db_path):
    w = Workspace(db_path)
    for name, text, outlet, day in (
        ("wire", WIRE, "Daily Planet", "2024-03-01"),
        ("retold", RETOLD, "Coast Herald", "2024-03-02"),
        ("indep", INDEPENDENT, "Harbour Gazette", "2024-03-02"),
        ("denial", DENIAL, "City News", "2024-03-03"),
    ):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        list(w.ingest([str(tmp_path / f"{name}.txt")], overrides=Overrides(outlet=outlet, published=day)))
    ex = w.extractor()
    list(ex.run(ex.pending()[0]))
    yield w
    w.close()


def _closure_cluster(ws):
    for c in ws.clusters():
        texts = [m["claim"].proposition for m in c["members"] if m["claim"]]
        if (
            sum(
                "harbour will close" in t or "harbour will not close" in t or "will close for repairs" in t
                for t in texts
            )
            >= 3
        ):
            return c
    raise AssertionError("the closure claims were not clustered together")


def test_link_clusters_counts_origins_and_grades(ws):
    outcome = ws.link()
    assert outcome.claims > 0 and outcome.clusters > 0 and outcome.multi_article_clusters >= 1
    c = _closure_cluster(ws)
    articles = set(c["data"]["articles"])
    assert len(articles) >= 3
    groups = {m["origin_group"] for m in c["members"]}
    assert len(groups) < len(c["members"]), "claims that retell one report share an origin group"
    assert 1 <= c["credibility"] <= 6 and c["credibility_reason"]
    polarities = {m["claim"].polarity for m in c["members"]}
    assert "negated" in polarities, "the denial is kept in the cluster with its own polarity"


def test_link_is_incremental_and_stable(ws, tmp_path):
    ws.link()
    before = {m["claim_id"]: c["id"] for c in ws.clusters() for m in c["members"]}
    again = ws.link()
    assert again.new_claims == 0 and not again.rebuilt
    assert {m["claim_id"]: c["id"] for c in ws.clusters() for m in c["members"]} == before


def test_grades_change_the_reason_and_sources_list_them(ws, tmp_path):
    ws.grade("Daily Planet", "b", "long record of accurate port reporting")
    grades = tmp_path / "grades.csv"
    grades.write_text("source,reliability,reason\nCity News,C,mixed record\n", encoding="utf-8")
    assert ws.import_grades(str(grades)) == 1
    ws.link()
    rows = {r["source"]: r for r in ws.sources()}
    assert rows["Daily Planet"]["reliability"] == "B"
    assert rows["City News"]["reliability"] == "C"
    assert all(
        r["reliability"] == "F" for name, r in rows.items() if name not in ("Daily Planet", "City News")
    )
    with pytest.raises(ValueError, match="Admiralty"):
        ws.grade("Daily Planet", "G", "no such letter")
    with pytest.raises(ValueError, match="reason"):
        ws.grade("Daily Planet", "A", " ")


def test_provenance_graph_has_the_report_origin(ws):
    ws.link()
    graph = ws.provenance()
    data = graph.to_dict()
    assert any(n["kind"] == "report" for n in data["nodes"])
    assert data["groups"]
