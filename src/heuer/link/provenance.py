"""Provenance: who retells whom, and which claims therefore count only once.

Ten outlets printing one wire story, or five write-ups of one exclusive, are one origin, not ten
confirmations (circular reporting, DESIGN.md). Credibility grading (``heuer.link.grading``) counts
*independent origins* per claim cluster, so this module decides, for every claim, which origin it
goes back to. Claims of one cluster that go back to the same origin get the same ``origin group`` id;
distinct ids within a cluster are independent of each other as far as the text shows.

What a claim can go back to (its *origin keys*):

- ``report:<outlet>[@<first day>]``, an intermediary report. A claim cites the report of outlet X when its
  attribution says so (``via`` X: "officials tell CNN"), when its source is that outlet itself
  (source kind ``media`` with the outlet as actor: "Reuters reported"), or when its sentence carries a
  citation pattern naming X ("according to X", "X reported", "told the Post"; see
  ``heuer.extract.actors.find_intermediary``). An article's own reporting (author's voice, or a speaker
  too vague to be told apart from others) is the report of the article's own outlet.
- ``source:<identity>[@<first day>]``, an original speaker, identified across outlets (rule c below).
- ``article:<id>``, the article itself, where neither applies (an article with no known outlet
  reporting in its own voice).
- ``opinion:<article id>``, the author's commentary in an opinion piece (rule d).

Rules (every threshold is a parameter or a named constant):

(a) Retellings. Articles joined by ``near_duplicate`` or ``retelling`` links (transitively) form a
    family, ordered earliest first (publication date; undated articles after dated ones; among equals
    the article that is retold before the one retelling it, then by id). A retelling repeats its
    original claim for claim, so a claim in a later article of a family joins one claim of the same
    cluster in an earlier article of the family: the claim with the same speaker identity if there
    is one; else, when the later claim's speaker is vague, the earliest claim; else the earliest
    claim whose speaker is vague. A named speaker that no earlier article of the family has is the
    retelling's own addition and is not merged on this rule. A family whose claims have neither a
    cited report nor a speaker is named after the earliest article's own report (or the earliest
    article itself when its outlet is unknown). Links need no time window: the text is shared.
(b) One intermediary report. Claims of one cluster that cite the same outlet's report share a group.
    A report spans a time window: the citations of one outlet, sorted by article date, open a new
    report when more than ``window_days`` (default 7) have passed since the first date of the current
    one; undated articles belong to the outlet's first report (counting an undated citation as the
    same report is the error that cannot inflate confidence).
(c) One speaker. A named source keeps its identity across outlets: the same ``source_actor`` (a
    person, government, organisation, or the body issuing a document) is one speaker; a named person
    without an actor id is identified by the normalised phrase. An unnamed source is identified by
    its normalised description plus the body it belongs to ("a senior NATO intelligence official"
    in two outlets is one source): lowercase, accents folded, dots and possessives dropped,
    determiners and number words stripped, the head noun made singular. Only descriptions that narrow
    the speaker down get an identity: a body is named (``source_actor``), or at least
    ``MIN_ANONYMOUS_WORDS`` words remain ("senior intelligence official"); bare "officials",
    "sources" or "a senior official" identify nobody and fall to the article's own report. Speaker
    identities use the same time window as reports. Claims of one cluster sharing a speaker share a
    group. Two unnamed officials with one description cannot be told apart; counting them once is the
    error that understates rather than overstates corroboration.
(d) Opinion. A claim in the voice ``author_opinion`` is its own group, ``opinion:<article id>``; it is
    never merged with reporting (not even with a retelling of the same piece), and grading never counts
    it as corroboration.

A claim can hold several keys at once ("a senior official told CNN": the speaker and CNN's report), so
merging is transitive: one speaker heard through two reports joins both reports, within the cluster.
Windows run over article publication dates (``Article.published``), not event dates.

Groups are the connected components of these relations within one claim cluster; a component is named
after its most upstream key: a report before a speaker before an article, then the earliest date,
then the id. Claims that the cluster mapping does not list are their own cluster. The same inputs give
the same ids.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from rich.text import Text
from rich.tree import Tree

from heuer.extract.actors import find_intermediary, gazetteer, slugify
from heuer.link.words import link_words
from heuer.model import Article, ArticleLink, Attribution, Claim
from heuer.unionfind import UnionFind

ClaimKey = Hashable
"""Whatever identifies a claim for the caller: a store row id, or ``(article_id, index)``."""

WINDOW_DAYS = 7
MIN_ANONYMOUS_WORDS = 3

NodeKind = Literal["article", "report", "source", "opinion", "claim"]
EdgeKind = Literal["retells", "near_duplicate", "cites", "reports", "quotes", "states"]

# Closed-class words that do not change who a description refers to ("a" / "the" / "two" senior
# officials). "another" is kept: it says the speaker is a different person.
_DETERMINERS = link_words("determiner")  # data/lexicons/link_words.tsv
_NAMED_KINDS = ("named_person", "named_official")
_BODY_KINDS = ("organisation", "government", "document")
_ANONYMOUS_KINDS = ("anonymous_official", "anonymous_source")
_PRIORITY = {"report": 0, "source": 1, "article": 2, "opinion": 3}


# --- the graph ------------------------------------------------------------------------------------


@dataclass
class OriginNode:
    """An article, an origin (report, speaker, opinion voice) or a claim.

    ``attrs`` holds what the node stands for: ``actor`` (outlet or speaker actor id), ``outlet``,
    ``published``, ``date`` (first day of a report's window), ``cluster``/``group``/``voice``/
    ``polarity`` for claims.
    """

    id: str
    kind: NodeKind
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OriginEdge:
    """``source`` retells / cites / reports / quotes / states ``target``.

    ``cites``: the article relays another outlet's report; ``reports``: the article is part of its own
    outlet's report; ``quotes``: the article quotes an identified speaker; ``states``: article to claim.
    """

    source: str
    target: str
    kind: EdgeKind


@dataclass
class OriginGraph:
    """Articles, origins and claims, and each claim's origin group.

    ``groups`` maps claim key to group id; every group id is also a node id (the origin the group is
    named after). ``members`` lists, per group, all origin nodes merged into it in any cluster (for
    display); ``cluster_members`` the same per cluster, so grading looks for a graded source only among
    the origins that were merged for that cluster's claims.
    """

    nodes: dict[str, OriginNode] = field(default_factory=dict)
    edges: list[OriginEdge] = field(default_factory=list)
    groups: dict[ClaimKey, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    cluster_members: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def origin(self, group: str) -> OriginNode:
        return self.nodes[group]

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [
                {"id": n.id, "kind": n.kind, "label": n.label, **_jsonable(n.attrs)}
                for n in sorted(self.nodes.values(), key=lambda n: (n.kind, n.id))
            ],
            "edges": [
                {"source": e.source, "target": e.target, "kind": e.kind}
                for e in sorted(self.edges, key=lambda e: (e.source, e.target, e.kind))
            ],
            "groups": {
                key_text(k): g for k, g in sorted(self.groups.items(), key=lambda kv: key_text(kv[0]))
            },
            "members": {g: list(m) for g, m in sorted(self.members.items())},
        }

    def to_json(self) -> str:
        """The graph as JSON text (``--json`` output): sorted, so equal graphs print equal text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def key_text(key: ClaimKey) -> str:
    """A claim key as text: tuples joined with ``:``, so ``("ab12", 3)`` is ``ab12:3``."""
    if isinstance(key, tuple):
        return ":".join(str(k) for k in key)
    return str(key)


def _jsonable(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: (key_text(v) if k == "claim" else v) for k, v in sorted(attrs.items()) if v is not None}


# --- normalisation --------------------------------------------------------------------------------


def normalise_source(text: str | None) -> str:
    """A source description reduced to what identifies the speaker.

    "A senior U.S. defense official" and "senior US defense officials" both give
    ``senior us defense official``: case, accents, dots, possessives, determiners and number words do
    not change who is meant, nor does the plural of the head noun.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text).replace(".", "")
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _DETERMINERS and not w.isdigit()]
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def speaker_identity(att: Attribution) -> str | None:
    """The identity of an attribution's speaker across outlets, or None when it names nobody in
    particular (rule c). Media sources are reports, not speakers, and get None here."""
    kind = att.source_kind
    if kind in _NAMED_KINDS:
        if att.source_actor:
            return att.source_actor
        phrase = normalise_source(att.source_text)
        return f"named:{phrase}" if phrase else None
    if kind in _BODY_KINDS:
        return att.source_actor or None
    if kind in _ANONYMOUS_KINDS:
        phrase = normalise_source(att.source_text)
        if not phrase:
            return None
        if att.source_actor or len(phrase.split()) >= MIN_ANONYMOUS_WORDS:
            return f"unnamed:{att.source_actor or '-'}:{phrase}"
    return None


def outlet_id(outlet: str | None, overrides: Mapping[str, str] | None = None) -> str | None:
    """The actor id of an article's outlet: the caller's mapping first, then media.tsv, else a slug.

    Using the gazetteer's id means an article from "CNN" and a sentence citing "Cable News Network"
    meet at the same report.
    """
    if not outlet or not outlet.strip():
        return None
    if overrides and outlet in overrides:
        return overrides[outlet]
    hit = gazetteer().lookup(outlet.strip())
    if hit is not None and hit.actor.kind == "media":
        return hit.actor.id
    return slugify(outlet)


def _date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


# --- building -------------------------------------------------------------------------------------


@dataclass
class _ClaimInfo:
    key: ClaimKey
    claim: Claim
    article: Article
    cluster: str
    speaker: str | None = None
    speaker_text: str | None = None
    speaker_actor: str | None = None
    cited: list[str] = field(default_factory=list)  # outlet ids of intermediary reports
    own: bool = False  # the article's own reporting
    keys: list[str] = field(default_factory=list)


def _families(articles: Sequence[Article], links: Iterable[ArticleLink]) -> tuple[dict[str, str], dict]:
    """Article id -> family id, and the rank of every article (earliest first)."""
    known = {a.id for a in articles}
    retold = {lk.b for lk in links if lk.kind == "retelling" and lk.a in known and lk.b in known}
    retelling = {lk.a for lk in links if lk.kind == "retelling" and lk.a in known and lk.b in known}

    def order(a: Article) -> tuple:
        d = _date(a.published)
        return (d is None, d or date.min, a.id not in retold, a.id in retelling, a.id)

    ranked = sorted(articles, key=order)
    rank = {a.id: i for i, a in enumerate(ranked)}
    uf = UnionFind()
    for a in articles:
        uf.find(a.id)
    for lk in links:
        if lk.a in known and lk.b in known:
            uf.union(lk.a, lk.b)
    members: dict[Any, list[str]] = defaultdict(list)
    for a in ranked:
        members[uf.find(a.id)].append(a.id)
    family = {aid: ids[0] for ids in members.values() for aid in ids}
    return family, rank


def _windows(occurrences: Mapping[str, list[date | None]], window_days: int) -> Callable:
    """For each base key, the window an occurrence's date falls in: ``(key, first day or None)``."""
    starts: dict[str, list[date]] = {}
    for base, dates in occurrences.items():
        opened: list[date] = []
        for d in sorted({d for d in dates if d is not None}):
            if not opened or d - opened[-1] > timedelta(days=window_days):
                opened.append(d)
        starts[base] = opened

    def key(base: str, d: date | None) -> tuple[str, str | None]:
        opened = starts.get(base) or []
        if not opened:
            return base, None
        start = opened[0] if d is None else max(s for s in opened if s <= d)
        return f"{base}@{start.isoformat()}", start.isoformat()

    return key


def origin_graph(
    articles: Sequence[Article],
    links: Sequence[ArticleLink],
    attributions: Mapping[str, Sequence[Attribution]],
    claims: Mapping[ClaimKey, Claim],
    clusters: Mapping[ClaimKey, str | int],
    *,
    window_days: int = WINDOW_DAYS,
    outlet_ids: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> OriginGraph:
    """Build the origin graph and every claim's origin group (rules in the module docstring).

    ``attributions`` maps article id to that article's attributions in the order that
    ``Claim.attribution`` indexes; ``clusters`` maps claim key to cluster id; ``outlet_ids`` maps an
    ``Article.outlet`` string to an actor id where media.tsv does not know it; ``names`` maps actor ids
    to display names for labels. A claim whose article is missing, or whose attribution index is out
    of range, raises ``ValueError`` naming the claim: grouping it silently would hide a broken store.
    """
    by_id = {a.id: a for a in articles}
    family, rank = _families(articles, links)
    names = dict(names or {})
    gaz = gazetteer()

    def name_of(actor: str | None, fallback: str | None = None) -> str:
        if actor is None:
            return fallback or "?"
        if actor in names:
            return names[actor]
        if actor in gaz.actors:
            return gaz.actors[actor].name
        return fallback or actor

    infos: list[_ClaimInfo] = []
    for key, claim in claims.items():
        article = by_id.get(claim.article_id)
        if article is None:
            raise ValueError(f"claim {key_text(key)}: article {claim.article_id} is not among the articles")
        info = _ClaimInfo(key, claim, article, str(clusters.get(key, f"unclustered:{key_text(key)}")))
        att = None
        if claim.attribution is not None:
            atts = attributions.get(claim.article_id, ())
            if not 0 <= claim.attribution < len(atts):
                raise ValueError(
                    f"claim {key_text(key)}: attribution {claim.attribution} out of range "
                    f"({len(atts)} attributions in article {claim.article_id})"
                )
            att = atts[claim.attribution]
        if claim.voice != "author_opinion":
            if att is not None:
                info.speaker = speaker_identity(att)
                info.speaker_text = att.source_text
                info.speaker_actor = att.source_actor
                if att.via:
                    info.cited.append(att.via)
                if att.source_kind == "media" and att.source_actor:
                    info.cited.append(att.source_actor)
            sentence = article.text[claim.sentence[0] : claim.sentence[1]]
            pattern = find_intermediary(sentence, article.text)
            if pattern:
                info.cited.append(pattern)
            info.cited = sorted(set(info.cited))
            info.own = not info.cited and info.speaker is None
        infos.append(info)

    # Windows for reports and speakers, over every occurrence in the input.
    own_outlet = {a.id: outlet_id(a.outlet, outlet_ids) for a in articles}
    report_dates: dict[str, list[date | None]] = defaultdict(list)
    speaker_dates: dict[str, list[date | None]] = defaultdict(list)
    for info in infos:
        d = _date(info.article.published)
        for outlet in info.cited:
            report_dates[f"report:{outlet}"].append(d)
        if info.own and own_outlet[info.article.id]:
            report_dates[f"report:{own_outlet[info.article.id]}"].append(d)
        if info.speaker:
            speaker_dates[f"source:{info.speaker}"].append(d)
    report_key = _windows(report_dates, window_days)
    speaker_key = _windows(speaker_dates, window_days)

    graph = OriginGraph()
    for a in sorted(articles, key=lambda a: rank[a.id]):
        graph.nodes[f"article:{a.id}"] = OriginNode(
            f"article:{a.id}",
            "article",
            _article_label(a),
            {"article": a.id, "outlet": a.outlet, "actor": own_outlet[a.id], "published": a.published},
        )
    for lk in sorted(links, key=lambda lk: (lk.a, lk.b, lk.kind)):
        if lk.a not in by_id or lk.b not in by_id:
            continue
        later, earlier = (lk.a, lk.b)
        if lk.kind == "near_duplicate" and rank[lk.a] < rank[lk.b]:
            later, earlier = lk.b, lk.a
        _edge(
            graph, f"article:{later}", f"article:{earlier}", "retells" if lk.kind == "retelling" else lk.kind
        )

    for info in infos:
        aid = info.article.id
        d = _date(info.article.published)
        node = f"article:{aid}"
        if info.claim.voice == "author_opinion":
            oid = f"opinion:{aid}"
            graph.nodes.setdefault(
                oid,
                OriginNode(
                    oid,
                    "opinion",
                    f"opinion of the author of {_article_label(info.article)}",
                    {"article": aid, "actor": own_outlet[aid]},
                ),
            )
            info.keys = [oid]
            continue
        for outlet in info.cited:
            rid, start = report_key(f"report:{outlet}", d)
            _report_node(graph, rid, outlet, name_of(outlet), start)
            _edge(graph, node, rid, "reports" if outlet == own_outlet[aid] else "cites")
            info.keys.append(rid)
        if info.speaker:
            sid, start = speaker_key(f"source:{info.speaker}", d)
            described = info.speaker.startswith(("named:", "unnamed:"))
            graph.nodes.setdefault(
                sid,
                OriginNode(
                    sid,
                    "source",
                    (info.speaker_text or "?")
                    if described
                    else name_of(info.speaker_actor, info.speaker_text),
                    {
                        "actor": info.speaker_actor,
                        "text": info.speaker_text,
                        "date": start,
                        "by": "description" if described else "actor",
                    },
                ),
            )
            _edge(graph, node, sid, "quotes")
            info.keys.append(sid)
        if info.own:
            outlet = own_outlet[aid]
            if outlet:
                rid, start = report_key(f"report:{outlet}", d)
                _report_node(graph, rid, outlet, name_of(outlet, info.article.outlet), start)
                _edge(graph, node, rid, "reports")
                info.keys.append(rid)
            else:
                info.keys.append(node)

    # Components per cluster: shared keys (rules b, c, d) and retellings (rule a).
    uf = UnionFind()
    by_cluster: dict[str, list[_ClaimInfo]] = defaultdict(list)
    for info in infos:
        by_cluster[info.cluster].append(info)
    for cluster, members in by_cluster.items():
        first_with: dict[str, int] = {}
        for i, info in enumerate(members):
            uf.find((cluster, i))
            for k in info.keys:
                if k in first_with:
                    uf.union((cluster, first_with[k]), (cluster, i))
                else:
                    first_with[k] = i
        _merge_retellings(cluster, members, family, rank, uf)

    components: dict[Any, list[_ClaimInfo]] = defaultdict(list)
    for cluster, members in by_cluster.items():
        for i, info in enumerate(members):
            components[uf.find((cluster, i))].append(info)

    def upstream(k: str) -> tuple:
        kind = k.split(":", 1)[0]
        if kind in ("article", "opinion"):
            return (_PRIORITY[kind], rank.get(k.split(":", 1)[1], 0), k)
        return (_PRIORITY[kind], graph.nodes[k].attrs.get("date") or "9999", k)

    for members in components.values():
        keys = sorted({k for info in members for k in info.keys}, key=upstream)
        group = keys[0]
        previous = graph.members.setdefault(group, [])
        graph.members[group] = sorted(set(previous) | set(keys), key=upstream)
        graph.cluster_members.setdefault(members[0].cluster, {})[group] = keys
        for info in members:
            graph.groups[info.key] = group

    for info in sorted(infos, key=lambda i: (rank[i.article.id], i.claim.sentence, key_text(i.key))):
        cid = f"claim:{key_text(info.key)}"
        graph.nodes[cid] = OriginNode(
            cid,
            "claim",
            info.claim.proposition,
            {
                "claim": info.key,
                "article": info.article.id,
                "cluster": info.cluster,
                "group": graph.groups[info.key],
                "voice": info.claim.voice,
                "polarity": info.claim.polarity,
                "mode": info.claim.mode,
            },
        )
        _edge(graph, f"article:{info.article.id}", cid, "states")
    return graph


def _merge_retellings(
    cluster: str,
    members: list[_ClaimInfo],
    family: Mapping[str, str],
    rank: Mapping[str, int],
    uf: UnionFind,
) -> None:
    """Rule (a): a claim in a later article of a family joins the matching claim of an earlier one."""
    order = sorted(
        (i for i, info in enumerate(members) if info.claim.voice != "author_opinion"),
        key=lambda i: (rank[members[i].article.id], members[i].claim.sentence, key_text(members[i].key)),
    )
    for pos, i in enumerate(order):
        info = members[i]
        earlier = [
            j
            for j in order[:pos]
            if family[members[j].article.id] == family[info.article.id]
            and members[j].article.id != info.article.id
            and rank[members[j].article.id] < rank[info.article.id]
        ]
        if not earlier:
            continue
        same = [j for j in earlier if info.speaker and members[j].speaker == info.speaker]
        if same:
            match = same[0]
        elif info.speaker is None:
            match = earlier[0]
        else:
            vague = [j for j in earlier if members[j].speaker is None]
            if not vague:
                continue  # a speaker the original does not have: the retelling's own reporting
            match = vague[0]
        uf.union((cluster, match), (cluster, i))


def _edge(graph: OriginGraph, source: str, target: str, kind: EdgeKind) -> None:
    edge = OriginEdge(source, target, kind)
    if edge not in graph.edges:
        graph.edges.append(edge)


def _report_node(graph: OriginGraph, rid: str, outlet: str, name: str, start: str | None) -> None:
    if rid not in graph.nodes:
        graph.nodes[rid] = OriginNode(
            rid, "report", _report_label(name, start), {"actor": outlet, "outlet": name, "date": start}
        )


def _report_label(name: str, start: str | None) -> str:
    return f"{name} report" + (f" (from {start})" if start else "")


def _article_label(a: Article) -> str:
    parts = [a.outlet or "unknown outlet"]
    if a.published:
        parts.append(a.published[:10])
    parts.append(a.title or a.id[:10])
    return " · ".join(parts)


# --- terminal -------------------------------------------------------------------------------------


def render_tree(graph: OriginGraph, names: Mapping[str, str] | None = None, width: int = 90) -> Tree:
    """``heuer provenance``: origins as roots, the articles that carry them, their claims as leaves.

    A reader checks circular reporting at a glance: five articles under one report root are one
    origin. ``names`` (actor id -> display name) relabels outlets and speakers that the graph only
    knows by id.
    """
    names = names or {}
    tree = Tree(Text("origins", style="bold"))
    by_group: dict[str, dict[str, list[OriginNode]]] = defaultdict(lambda: defaultdict(list))
    for node in graph.nodes.values():
        if node.kind == "claim":
            by_group[node.attrs["group"]][node.attrs["article"]].append(node)
    retells = defaultdict(list)
    for e in graph.edges:
        if e.kind in ("retells", "near_duplicate"):
            retells[e.source].append((e.kind, e.target))

    article_order = {nid: i for i, nid in enumerate(n for n in graph.nodes if n.startswith("article:"))}

    def first_article(group: str) -> int:
        return min(article_order.get(f"article:{a}", 0) for a in by_group[group])

    for group in sorted(by_group, key=lambda g: (_PRIORITY[g.split(":", 1)[0]], first_article(g), g)):
        origin = graph.nodes[group]
        label = Text()
        style = {"report": "bold cyan", "source": "bold green", "article": "bold", "opinion": "bold magenta"}
        label.append(_relabel(origin, names), style=style[origin.kind])
        extra = [_relabel(graph.nodes[m], names) for m in graph.members.get(group, []) if m != group]
        if extra:
            label.append(f"  (with {'; '.join(extra)})", style="dim")
        if origin.kind == "opinion":
            label.append("  commentary, never corroborates", style="magenta")
        articles = by_group[group]
        label.append(f"  {len(articles)} article{'s' if len(articles) != 1 else ''}", style="dim")
        root = tree.add(label)
        for aid in sorted(articles, key=lambda a: article_order.get(f"article:{a}", 0)):
            node = graph.nodes[f"article:{aid}"]
            text = Text(_relabel(node, names))
            for kind, target in retells.get(node.id, []):
                verb = "retells" if kind == "retells" else "near-duplicate of"
                text.append(f"  {verb} {_relabel(graph.nodes[target], names)}", style="yellow")
            branch = root.add(text)
            for claim in articles[aid]:
                leaf = Text("not: " if claim.attrs["polarity"] == "negated" else "", style="red")
                leaf.append(_shorten(claim.label, width))
                leaf.append(f"  [{claim.attrs['cluster']}]", style="dim")
                branch.add(leaf)
    return tree


def _relabel(node: OriginNode, names: Mapping[str, str]) -> str:
    actor = node.attrs.get("actor")
    if not actor or actor not in names:
        return node.label
    if node.kind == "report":
        return _report_label(names[actor], node.attrs.get("date"))
    if node.kind == "source" and node.attrs.get("by") == "actor":
        return names[actor]
    return node.label


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
