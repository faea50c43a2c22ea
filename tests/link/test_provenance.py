"""Origin groups on small article sets built from records: circular reporting must count once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from rich.console import Console

from heuer.link.provenance import (
    normalise_source,
    origin_graph,
    render_tree,
    speaker_identity,
)
from heuer.model import Article, ArticleLink, Attribution, Claim

CNN = "Q48340"  # media.tsv id of CNN


@dataclass
class Corpus:
    """Articles, attributions, claims and clusters as the store would hand them over."""

    articles: list[Article] = field(default_factory=list)
    links: list[ArticleLink] = field(default_factory=list)
    attributions: dict[str, list[Attribution]] = field(default_factory=dict)
    claims: dict[tuple[str, int], Claim] = field(default_factory=dict)
    clusters: dict[tuple[str, int], str] = field(default_factory=dict)

    def article(self, aid: str, outlet: str | None, published: str | None, text: str) -> str:
        self.articles.append(
            Article(id=aid, origin=f"{aid}.txt", outlet=outlet, published=published, text=text)
        )
        self.attributions[aid] = []
        return aid

    def claim(
        self,
        aid: str,
        sentence: str,
        cluster: str,
        *,
        source: str | None = None,
        kind: str = "unattributed",
        actor: str | None = None,
        via: str | None = None,
        voice: str | None = None,
        polarity: str = "affirmed",
        mode: str = "reported_fact",
    ) -> tuple[str, int]:
        text = next(a.text for a in self.articles if a.id == aid)
        start = text.index(sentence)
        span = (start, start + len(sentence))
        attribution = None
        if source is not None or via is not None:
            atts = self.attributions[aid]
            atts.append(
                Attribution(
                    article_id=aid,
                    cue=[span],
                    content=[span],
                    kind="indirect",
                    source_text=source,
                    source_kind=kind,
                    source_actor=actor,
                    via=via,
                )
            )
            attribution = len(atts) - 1
        key = (aid, sum(1 for k in self.claims if k[0] == aid))
        self.claims[key] = Claim(
            article_id=aid,
            sentence=span,
            content=span,
            attribution=attribution,
            voice=voice or ("attributed" if attribution is not None else "author"),
            proposition=sentence.rstrip("."),
            polarity=polarity,
            mode=mode,
        )
        self.clusters[key] = cluster
        return key

    def link(self, kind: str, a: str, b: str) -> None:
        self.links.append(ArticleLink(kind=kind, a=a, b=b, similarity=0.8))

    def groups(self, **kw):
        return self.graph(**kw).groups

    def graph(self, **kw):
        return origin_graph(self.articles, self.links, self.attributions, self.claims, self.clusters, **kw)


def test_several_outlets_relaying_one_report_are_one_origin():
    c = Corpus()
    s1 = "Western officials told CNN that the brigade had moved to the border."
    c.article("a", "Daily Ledger", "2024-05-02", s1)
    s2 = "According to CNN, the brigade had moved to the border."
    c.article("b", "Morning Post Herald", "2024-05-03", s2)
    s3 = "The brigade had moved to the border, CNN reported."
    c.article("c", "Valley Courier", "2024-05-04", s3)
    s4 = "The brigade has moved to the border."
    c.article("d", "CNN", "2024-05-01", s4)
    k1 = c.claim("a", s1, "K", source="Western officials", kind="anonymous_official", via=CNN)
    k2 = c.claim("b", s2, "K")  # the citation is only in the sentence
    k3 = c.claim("c", s3, "K", source="CNN", kind="media", actor=CNN)
    k4 = c.claim("d", s4, "K")  # CNN's own reporting
    groups = c.groups()
    assert groups[k1] == groups[k2] == groups[k3] == groups[k4] == f"report:{CNN}@2024-05-01"


def test_two_independent_reports_are_two_origins():
    c = Corpus()
    s1 = "A diplomat said the talks had collapsed."
    s2 = "A negotiator said the talks had collapsed."
    c.article("r", "Reuters", "2024-05-01", s1)
    c.article("p", "Associated Press", "2024-05-01", s2)
    k1 = c.claim("r", s1, "K", source="A diplomat", kind="anonymous_source")
    k2 = c.claim("p", s2, "K", source="A negotiator", kind="anonymous_source")
    groups = c.groups()
    assert groups[k1] != groups[k2]
    assert groups[k1].startswith("report:") and groups[k2].startswith("report:")


def test_claims_in_other_clusters_are_not_merged_by_a_shared_report():
    c = Corpus()
    s1 = "Officials told CNN that the bridge was closed."
    s2 = "Officials told CNN that the airport was open."
    c.article("a", "Ledger", "2024-05-01", f"{s1} {s2}")
    k1 = c.claim("a", s1, "bridge", source="Officials", kind="anonymous_official", via=CNN)
    k2 = c.claim("a", s2, "airport", source="Officials", kind="anonymous_official", via=CNN)
    graph = c.graph()
    # One report carries both clusters: the same group id, counted separately per cluster.
    assert graph.groups[k1] == graph.groups[k2]
    assert graph.nodes["claim:a:0"].attrs["cluster"] == "bridge"


def test_a_report_window_closes_after_seven_days():
    c = Corpus()
    s = "Officials told CNN that the plant was shut."
    c.article("a", "Ledger", "2024-05-01", s)
    c.article("b", "Courier", "2024-05-06", s)
    c.article("z", "Gazette", "2024-06-10", s)
    ka = c.claim("a", s, "K", source="Officials", kind="anonymous_official", via=CNN)
    kb = c.claim("b", s, "K", source="Officials", kind="anonymous_official", via=CNN)
    kz = c.claim("z", s, "K", source="Officials", kind="anonymous_official", via=CNN)
    groups = c.groups()
    assert groups[ka] == groups[kb] != groups[kz]
    assert groups[kz] == f"report:{CNN}@2024-06-10"
    wide = c.groups(window_days=60)
    assert wide[ka] == wide[kz]


def test_retelling_family_takes_the_group_of_the_earliest_article():
    c = Corpus()
    s = "Officials said the dam was damaged."
    c.article("orig", "Ledger", "2024-05-01", s)
    c.article("copy", "Courier", "2024-05-02", "Reporting from the region. " + s)
    c.article("dup", None, "2024-05-03", s + " More later.")
    ko = c.claim("orig", s, "K", source="Officials", kind="anonymous_official")
    kc = c.claim("copy", s, "K", source="Officials", kind="anonymous_official")
    kd = c.claim("dup", s, "K")
    c.link("retelling", "copy", "orig")
    c.link("near_duplicate", "orig", "dup")
    groups = c.groups()
    assert groups[ko] == groups[kc] == groups[kd] == "report:ledger@2024-05-01"
    graph = c.graph()
    kinds = {(e.source, e.target, e.kind) for e in graph.edges}
    assert ("article:copy", "article:orig", "retells") in kinds
    assert ("article:dup", "article:orig", "near_duplicate") in kinds


def test_unlinked_outlets_without_citations_stay_independent():
    c = Corpus()
    s = "Officials said the dam was damaged."
    c.article("x", None, "2024-05-01", s)
    c.article("y", None, "2024-05-01", s)
    kx = c.claim("x", s, "K", source="Officials", kind="anonymous_official")
    ky = c.claim("y", s, "K", source="Officials", kind="anonymous_official")
    groups = c.groups()
    assert groups == {kx: "article:x", ky: "article:y"}


def test_same_anonymous_official_across_retelling_outlets_is_one_source():
    c = Corpus()
    s1 = "A senior NATO intelligence official said the drills were cover for an attack."
    s2 = "A senior NATO intelligence official said the drills were a cover for an attack."
    c.article("a", "Ledger", "2024-05-01", s1)
    c.article("b", "Courier", "2024-05-02", s2)
    nato = "Q7184"
    src = "A senior NATO intelligence official"
    ka = c.claim("a", s1, "K", source=src, kind="anonymous_official", actor=nato)
    kb = c.claim("b", s2, "K", source=src.lower(), kind="anonymous_official", actor=nato)
    c.link("retelling", "b", "a")
    graph = c.graph()
    sources = [n for n in graph.nodes.values() if n.kind == "source"]
    assert len(sources) == 1 and sources[0].label == src
    assert graph.groups[ka] == graph.groups[kb]
    quotes = {e.source for e in graph.edges if e.kind == "quotes"}
    assert quotes == {"article:a", "article:b"}


def test_same_described_official_is_one_source_even_without_a_link():
    c = Corpus()
    s1 = "Two senior U.S. defense officials said the convoy had turned back."
    s2 = "A senior US defense official said the convoy had turned back."
    c.article("a", "Ledger", "2024-05-01", s1)
    c.article("b", "Courier", "2024-05-03", s2)
    ka = c.claim("a", s1, "K", source="Two senior U.S. defense officials", kind="anonymous_official")
    kb = c.claim("b", s2, "K", source="A senior US defense official", kind="anonymous_official")
    groups = c.groups()
    assert groups[ka] == groups[kb] == "source:unnamed:-:senior us defense official@2024-05-01"


def test_vague_descriptions_identify_nobody():
    att = Attribution(article_id="a", cue=[(0, 1)], content=[(0, 1)], kind="indirect")
    vague = att.model_copy(update={"source_text": "officials", "source_kind": "anonymous_official"})
    assert speaker_identity(vague) is None
    named = att.model_copy(
        update={"source_text": "Mr Smith", "source_kind": "named_person", "source_actor": "p1"}
    )
    assert speaker_identity(named) == "p1"
    outlet = att.model_copy(update={"source_text": "CNN", "source_kind": "media", "source_actor": CNN})
    assert speaker_identity(outlet) is None


def test_normalise_source():
    assert normalise_source("A senior U.S. defense official") == "senior us defense official"
    assert normalise_source("the three Agencies") == "agency"
    assert normalise_source("the Kremlin's spokesman") == "kremlin spokesman"
    assert normalise_source("another official") == "another official"


def test_named_speaker_heard_by_two_outlets_is_one_origin_and_new_speakers_are_not():
    c = Corpus()
    s1 = "Minister Kaal said the border would stay closed."
    s2 = "Minister Kaal said the border would stay closed. Mayor Ilves said the border would stay closed."
    c.article("a", "Ledger", "2024-05-01", s1)
    c.article("b", "Courier", "2024-05-02", s2)
    ka = c.claim("a", s1, "K", source="Minister Kaal", kind="named_official", actor="kaal")
    kb1 = c.claim("b", s1, "K", source="Minister Kaal", kind="named_official", actor="kaal")
    kb2 = c.claim(
        "b",
        "Mayor Ilves said the border would stay closed",
        "K",
        source="Mayor Ilves",
        kind="named_official",
        actor="ilves",
    )
    c.link("retelling", "b", "a")
    groups = c.groups()
    assert groups[ka] == groups[kb1] == "source:kaal@2024-05-01"
    assert groups[kb2] == "source:ilves@2024-05-02"  # the retelling's own addition


def test_author_opinion_is_its_own_group_and_never_merges():
    c = Corpus()
    s1 = "Officials told CNN that the brigade had moved."
    s2 = "The brigade had moved, and that should worry everyone."
    c.article("news", "Ledger", "2024-05-01", s1)
    c.article("blog", "Blog", "2024-05-02", f"{s1} {s2}")
    kn = c.claim("news", s1, "K", source="Officials", kind="anonymous_official", via=CNN)
    kq = c.claim("blog", s1, "K", source="Officials", kind="anonymous_official", via=CNN)
    ko = c.claim("blog", s2, "K", voice="author_opinion", mode="opinion")
    c.link("retelling", "blog", "news")
    graph = c.graph()
    assert graph.groups[kn] == graph.groups[kq]
    assert graph.groups[ko] == "opinion:blog"
    assert graph.nodes["opinion:blog"].kind == "opinion"


def test_groups_do_not_depend_on_input_order():
    c = Corpus()
    s = "Officials said the dam was damaged."
    for aid, day in (("a", "03"), ("b", "01"), ("c", "02")):
        c.article(aid, f"Outlet {aid}", f"2024-05-{day}", s)
        c.claim(aid, s, "K", source="Officials", kind="anonymous_official")
    c.link("retelling", "a", "b")
    c.link("near_duplicate", "c", "a")
    first = c.groups()
    c.articles.reverse()
    c.links.reverse()
    c.claims = dict(reversed(list(c.claims.items())))
    assert c.groups() == first
    assert set(first.values()) == {"report:outlet-b@2024-05-01"}


def test_bad_attribution_index_is_an_error_naming_the_claim():
    c = Corpus()
    s = "Officials said the dam was damaged."
    c.article("a", None, None, s)
    key = c.claim("a", s, "K", source="Officials", kind="anonymous_official")
    c.claims[key] = c.claims[key].model_copy(update={"attribution": 5})
    with pytest.raises(ValueError, match=r"claim a:0: attribution 5 out of range"):
        c.groups()


def test_graph_json_and_tree():
    c = Corpus()
    s1 = "Officials told CNN that the brigade had moved."
    s2 = "I think this is a disaster for the region."
    c.article("news", "Ledger", "2024-05-01", s1)
    c.article("blog", "Blog", "2024-05-02", f"{s1} {s2}")
    c.claim("news", s1, "K", source="Officials", kind="anonymous_official", via=CNN)
    c.claim("blog", s1, "K", source="Officials", kind="anonymous_official", via=CNN)
    c.claim("blog", s2, "O", voice="author_opinion", mode="opinion")
    c.link("retelling", "blog", "news")
    graph = c.graph()
    data = json.loads(graph.to_json())
    assert data["groups"] == {
        "blog:0": f"report:{CNN}@2024-05-01",
        "blog:1": "opinion:blog",
        "news:0": data["groups"]["blog:0"],
    }
    assert {"source": "article:blog", "target": "article:news", "kind": "retells"} in data["edges"]
    assert graph.to_json() == c.graph().to_json()

    console = Console(record=True, width=200, color_system=None)
    console.print(render_tree(graph, {CNN: "CNN (Cable News Network)"}))
    out = console.export_text()
    assert "CNN (Cable News Network) report (from 2024-05-01)" in out
    assert "2 articles" in out and "retells Ledger" in out
    assert "Officials told CNN that the brigade had moved" in out
    assert "commentary, never corroborates" in out
    assert out.index("report (from") < out.index("opinion of the author")
