"""The linking run: claims -> clusters (incremental) -> origin graph -> credibility -> store.

Clustering keeps its state in the store, so new articles' claims join existing clusters without
recomputing the old ones. When claims that were clustered are gone (an article was extracted again),
the clusterer starts over, since cluster ids would otherwise point at missing claims. Provenance and
credibility are recomputed on every run: they depend on every claim of a cluster and are cheap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from heuer.link.cluster import ClaimClusterer, ClaimRef
from heuer.link.grading import Reliability, SourceGrade, cluster_credibility
from heuer.link.provenance import OriginGraph, origin_graph
from heuer.store.db import LinkInputs, LinkWrite, Store

STATE = "claim_clusterer"


@dataclass(frozen=True)
class LinkOutcome:
    claims: int
    new_claims: int
    clusters: int
    multi_article_clusters: int
    rebuilt: bool


def stored_grades(store: Store) -> list[SourceGrade]:
    return [
        SourceGrade(
            source=g["source"],
            reliability=Reliability(g["reliability"]),
            reason=g["reason"],
            graded_at=g["graded"],
        )
        for g in store.grades()
    ]


def _label(props: list[str]) -> str:
    """The cluster's most common wording, shortest first among equals: a readable name for it."""
    counts = Counter(props)
    return min(counts, key=lambda p: (-counts[p], len(p), p))


class Linker:
    def __init__(self, store: Store):
        self.store = store

    def graph(self, inputs: LinkInputs | None = None, names: dict[str, str] | None = None) -> OriginGraph:
        inputs = inputs or self.store.link_inputs()
        clusters = {cid: m["cluster_id"] for cid, m in self._memberships().items()}
        return origin_graph(
            inputs.articles, inputs.links, inputs.attributions, inputs.claims, clusters, names=names
        )

    def _memberships(self) -> dict[int, dict]:
        return {
            m["claim_id"]: {**m, "cluster_id": c["id"]} for c in self.store.clusters() for m in c["members"]
        }

    def run(self, names: dict[str, str] | None = None) -> LinkOutcome:
        inputs = self.store.link_inputs()
        state = self.store.link_state(STATE)
        clusterer = ClaimClusterer.from_state(state) if state else ClaimClusterer()
        known = set(clusterer.labels())
        # A question asserts nothing, so it is not evidence for or against any proposition: not clustered.
        claims = {k: c for k, c in inputs.claims.items() if c.mode != "question"}
        current = {str(k) for k in claims}
        rebuilt = bool(known - current)
        if rebuilt:
            clusterer, known = ClaimClusterer(), set()
        new = [
            ClaimRef(
                key=str(k),
                article_id=c.article_id,
                proposition=c.proposition,
                polarity=c.polarity,
                actors=tuple(c.actors),
            )
            for k, c in sorted(claims.items())
            if str(k) not in known
        ]
        if new:
            clusterer.add(new)
        labels = {int(k): v for k, v in clusterer.labels().items() if int(k) in claims}
        graph = origin_graph(
            inputs.articles, inputs.links, inputs.attributions, inputs.claims, labels, names=names
        )
        grades = cluster_credibility(graph, stored_grades(self.store))

        by_cluster: dict[int, list[int]] = {}
        for claim_id, cluster in labels.items():
            by_cluster.setdefault(cluster, []).append(claim_id)
        rows, members = [], []
        for cluster, claim_ids in sorted(by_cluster.items()):
            g = grades.get(str(cluster))
            articles = sorted({inputs.claims[c].article_id for c in claim_ids})
            rows.append(
                {
                    "id": cluster,
                    "label": _label([inputs.claims[c].proposition for c in claim_ids]),
                    "independent_origins": g.independent_origins if g else 0,
                    "credibility": int(g.credibility) if g else 6,
                    "credibility_reason": g.reason if g else "no claims to judge",
                    "data": {"articles": articles, "claims": len(claim_ids)},
                }
            )
            members += [
                {"cluster_id": cluster, "claim_id": c, "origin_group": graph.groups.get(c)}
                for c in sorted(claim_ids)
            ]
        self.store.write_links(LinkWrite(rows, members, STATE, clusterer.state()))
        return LinkOutcome(
            claims=len(labels),
            new_claims=len(new),
            clusters=len(rows),
            multi_article_clusters=sum(1 for r in rows if len(r["data"]["articles"]) > 1),
            rebuilt=rebuilt,
        )
