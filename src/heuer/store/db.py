"""Read and write functions over the schema, and the one place that opens a database.

SQLite is the default because an analyst's workspace should be one file they can copy; the engine comes
from a URL so PostgreSQL can follow. SQLite runs in WAL mode with foreign keys on, and every article is
written with all its records in one transaction, so a killed ingest leaves whole articles or none.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import make_url

from heuer.model import (
    Actor,
    ActorMention,
    Article,
    ArticleLink,
    Assessment,
    Attribution,
    Certainty,
    Claim,
    Horizon,
    Hypothesis,
    Question,
    RemovedLine,
    SharedSpan,
    Sighting,
)
from heuer.store import migrations
from heuer.store import schema as s

DEFAULT_DB = "heuer.db"


def default_db_url(db: str | None = None) -> str:
    """``--db`` wins, then ``HEUER_DB``, then ``./heuer.db``; a bare path means an SQLite file."""
    value = db or os.environ.get("HEUER_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ExtractionWrite:
    """Everything extraction stores for one article; replaces what was there, in one transaction."""

    article_id: str
    version: str
    actors: Sequence[Actor]
    mentions: Sequence[ActorMention]
    attributions: Sequence[Attribution]
    claims: Sequence[Claim]
    redirects: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkInputs:
    articles: list[Article]
    links: list[ArticleLink]
    attributions: dict[str, list[Attribution]]
    claims: dict[int, Claim]


@dataclass(frozen=True)
class LinkWrite:
    clusters: Sequence[dict]
    members: Sequence[dict]
    state_name: str
    state: dict


@dataclass(frozen=True)
class ArticleWrite:
    """Everything ingest stores for one new article; written in one transaction."""

    article: Article
    raw_sha: str
    signature: bytes
    fingerprints: Sequence[tuple[int, int]]
    line_hashes: Sequence[str]
    links: Sequence[ArticleLink]


class Store:
    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.url = default_db_url(url) if engine is None else str(engine.url)
        self.engine = engine or _make_engine(self.url)
        with self.engine.begin() as conn:
            migrations.upgrade(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- ingest writes ----------------------------------------------------------------------------

    def write_article(self, w: ArticleWrite) -> None:
        a = w.article
        with self.engine.begin() as conn:
            seq = conn.execute(select(func.coalesce(func.max(s.articles.c.seq), 0))).scalar_one() + 1
            conn.execute(
                s.articles.insert().values(
                    id=a.id,
                    seq=seq,
                    origin=a.origin,
                    url=a.url,
                    outlet=a.outlet,
                    title=a.title,
                    author=a.author,
                    published=a.published,
                    fetched=a.fetched.isoformat(timespec="seconds") if a.fetched else None,
                    ingested=_now(),
                    text=a.text,
                    language=a.language,
                    language_score=a.language_score,
                    non_english=a.non_english,
                    removed_count=len(a.removed),
                )
            )
            if a.removed:
                conn.execute(
                    s.removed_lines.insert(),
                    [
                        {
                            "article_id": a.id,
                            "idx": r.index,
                            "text": r.text,
                            "reason": r.reason,
                            "score": r.score,
                        }
                        for r in a.removed
                    ],
                )
            conn.execute(
                s.sightings.insert().values(
                    article_id=a.id,
                    origin=a.origin,
                    raw_sha=w.raw_sha,
                    url=a.url,
                    outlet=a.outlet,
                    published=a.published,
                    seen=_now(),
                )
            )
            conn.execute(s.minhashes.insert().values(article_id=a.id, signature=w.signature))
            if w.fingerprints:
                conn.execute(
                    s.fingerprints.insert(),
                    [{"hash": h, "article_id": a.id, "pos": p} for h, p in w.fingerprints],
                )
            if a.outlet and w.line_hashes:
                conn.execute(
                    s.outlet_lines.insert().prefix_with("OR IGNORE", dialect="sqlite"),
                    [{"outlet": a.outlet, "line_hash": h, "article_id": a.id} for h in set(w.line_hashes)],
                )
            for link in w.links:
                self._insert_link(conn, link)

    def add_sighting(self, sighting: Sighting, raw_sha: str, link: ArticleLink | None = None) -> bool:
        """Record that a known text was seen again elsewhere; False when this origin was already known."""
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(s.sightings.c.id).where(
                    s.sightings.c.article_id == sighting.article_id, s.sightings.c.origin == sighting.origin
                )
            ).first()
            if exists:
                return False
            conn.execute(s.sightings.insert().values(**sighting.model_dump(), raw_sha=raw_sha, seen=_now()))
            if link is not None:
                self._insert_link(conn, link)
            return True

    @staticmethod
    def _insert_link(conn: Any, link: ArticleLink) -> None:
        dup = conn.execute(
            select(s.article_links.c.id).where(
                s.article_links.c.kind == link.kind,
                s.article_links.c.a == link.a,
                s.article_links.c.b == link.b,
            )
        ).first()
        if dup:
            return
        link_id = conn.execute(
            s.article_links.insert().values(kind=link.kind, a=link.a, b=link.b, similarity=link.similarity)
        ).inserted_primary_key[0]
        if link.spans:
            conn.execute(
                s.shared_spans.insert(),
                [{"link_id": link_id, **span.model_dump()} for span in link.spans],
            )

    # --- ingest reads -----------------------------------------------------------------------------

    def article_for_raw(self, raw_sha: str, origin: str) -> str | None:
        """The article already stored from exactly this input (same origin, same bytes), if any."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(s.sightings.c.article_id).where(
                    s.sightings.c.raw_sha == raw_sha, s.sightings.c.origin == origin
                )
            ).scalar()

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(select(s.articles.c.id).where(s.articles.c.id == article_id)).first() is not None
            )

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        with self.engine.connect() as conn:
            yield from conn.execute(select(s.minhashes.c.article_id, s.minhashes.c.signature))

    def fingerprint_hits(self, hashes: Iterable[int], exclude: str | None = None) -> dict[str, int]:
        """How many of these fingerprints each stored article has: the candidates for a retelling."""
        hashes = list(set(hashes))
        counts: dict[str, int] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(hashes), 500):
                rows = conn.execute(
                    select(s.fingerprints.c.article_id, func.count())
                    .where(s.fingerprints.c.hash.in_(hashes[i : i + 500]))
                    .group_by(s.fingerprints.c.article_id)
                )
                for aid, n in rows:
                    if aid != exclude:
                        counts[aid] = counts.get(aid, 0) + n
        return counts

    def outlet_line_counts(self, outlet: str, hashes: Iterable[str]) -> dict[str, int]:
        """In how many stored articles of this outlet each line occurs (boilerplate repeats per outlet)."""
        hashes = list(set(hashes))
        counts: dict[str, int] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(hashes), 500):
                rows = conn.execute(
                    select(s.outlet_lines.c.line_hash, func.count())
                    .where(
                        s.outlet_lines.c.outlet == outlet, s.outlet_lines.c.line_hash.in_(hashes[i : i + 500])
                    )
                    .group_by(s.outlet_lines.c.line_hash)
                )
                counts.update({h: n for h, n in rows})
        return counts

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(ids)
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.articles.c.id, s.articles.c.text).where(s.articles.c.id.in_(ids)))
            return dict(rows.all())

    # --- listing ----------------------------------------------------------------------------------

    def articles(self) -> list[Article]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.articles).order_by(s.articles.c.seq)).mappings().all()
        return [_article(r) for r in rows]

    def removed_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(s.articles.c.id, s.articles.c.removed_count)).all())

    def resolve_id(self, ref: str) -> str | None:
        """An article by full id, unique id prefix, or its position in ``heuer articles`` (1-based)."""
        with self.engine.connect() as conn:
            if ref.isdigit() and len(ref) < 6:
                hit = conn.execute(select(s.articles.c.id).where(s.articles.c.seq == int(ref))).scalar()
                if hit:
                    return hit
            rows = (
                conn.execute(select(s.articles.c.id).where(s.articles.c.id.like(f"{ref}%")).limit(2))
                .scalars()
                .all()
            )
        return rows[0] if len(rows) == 1 else None

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(s.articles).where(s.articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            removed = (
                conn.execute(
                    select(s.removed_lines)
                    .where(s.removed_lines.c.article_id == article_id)
                    .order_by(s.removed_lines.c.idx)
                )
                .mappings()
                .all()
            )
        art = _article(row)
        art.removed = [
            RemovedLine(index=r["idx"], text=r["text"], reason=r["reason"], score=r["score"]) for r in removed
        ]
        return art

    def sightings(self, article_id: str) -> list[Sighting]:
        rows = self._article_rows(s.sightings, article_id, "id")
        return [
            Sighting(
                article_id=r["article_id"],
                origin=r["origin"],
                url=r["url"],
                outlet=r["outlet"],
                published=r["published"],
            )
            for r in rows
        ]

    def links(self, article_id: str | None = None) -> list[ArticleLink]:
        """Links touching an article (either side), or all links, each with its shared spans."""
        q = select(s.article_links).order_by(s.article_links.c.id)
        if article_id:
            q = q.where((s.article_links.c.a == article_id) | (s.article_links.c.b == article_id))
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
            out = []
            for r in rows:
                spans = (
                    conn.execute(
                        select(s.shared_spans)
                        .where(s.shared_spans.c.link_id == r["id"])
                        .order_by(s.shared_spans.c.a_start)
                    )
                    .mappings()
                    .all()
                )
                out.append(
                    ArticleLink(
                        kind=r["kind"],
                        a=r["a"],
                        b=r["b"],
                        similarity=r["similarity"],
                        spans=[
                            SharedSpan(
                                **{k: sp[k] for k in ("a_start", "a_end", "b_start", "b_end", "words")}
                            )
                            for sp in spans
                        ],
                    )
                )
        return out

    # --- extraction ---------------------------------------------------------------------------------

    def extracted_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(s.extractions.c.article_id)).scalars())

    def write_extraction(self, w: ExtractionWrite) -> None:
        """Replace an article's extraction records in one transaction (re-extraction is idempotent)."""
        aid = w.article_id
        with self.engine.begin() as conn:
            old_attr = select(s.attributions.c.id).where(s.attributions.c.article_id == aid)
            conn.execute(s.claims.delete().where(s.claims.c.article_id == aid))
            conn.execute(s.claims.delete().where(s.claims.c.attribution_id.in_(old_attr)))
            conn.execute(s.attributions.delete().where(s.attributions.c.article_id == aid))
            conn.execute(s.actor_mentions.delete().where(s.actor_mentions.c.article_id == aid))
            conn.execute(s.extractions.delete().where(s.extractions.c.article_id == aid))
            for actor in w.actors:
                self._upsert_actor(conn, actor)
            known = dict(conn.execute(select(s.actor_redirects.c.old_id, s.actor_redirects.c.new_id)).all())
            for old, new in w.redirects.items():
                if old not in known:
                    conn.execute(s.actor_redirects.insert().values(old_id=old, new_id=new))
                elif known[old] != new:
                    conn.execute(
                        s.actor_redirects.update().where(s.actor_redirects.c.old_id == old).values(new_id=new)
                    )
            if w.mentions:
                conn.execute(
                    s.actor_mentions.insert(), [{"article_id": aid, **m.model_dump()} for m in w.mentions]
                )
            attr_ids = []
            for a in w.attributions:
                attr_ids.append(
                    conn.execute(
                        s.attributions.insert().values(
                            article_id=aid,
                            source_spans=a.source,
                            source_actor=a.source_actor,
                            source_kind=a.source_kind,
                            cue_spans=a.cue,
                            cue_lemma=a.cue_lemma,
                            content_spans=a.content,
                            quote_kind=a.kind,
                            via=a.via,
                            source_text=a.source_text,
                            data={"resolved_from": a.resolved_from} if a.resolved_from else None,
                        )
                    ).inserted_primary_key[0]
                )
            for c in w.claims:
                cert, hz = c.certainty, c.horizon
                conn.execute(
                    s.claims.insert().values(
                        article_id=aid,
                        sentence_start=c.sentence[0],
                        sentence_end=c.sentence[1],
                        content_start=c.content[0],
                        content_end=c.content[1],
                        attribution_id=attr_ids[c.attribution] if c.attribution is not None else None,
                        proposition=c.proposition,
                        polarity=c.polarity,
                        mode=c.mode,
                        voice=c.voice,
                        negation=c.negation,
                        certainty_word=cert.cue if cert else None,
                        p=cert.p if cert else None,
                        p_low=cert.low if cert else None,
                        p_high=cert.high if cert else None,
                        horizon_from=hz.date_from if hz else None,
                        horizon_to=hz.date_to if hz else None,
                        horizon_text=hz.text if hz else None,
                        actors=c.actors,
                        data={
                            "certainty": cert.model_dump() if cert else None,
                            "horizon": hz.model_dump() if hz else None,
                        },
                    )
                )
            conn.execute(s.extractions.insert().values(article_id=aid, version=w.version, extracted=_now()))

    @staticmethod
    def _upsert_actor(conn: Any, actor: Actor) -> None:
        row = conn.execute(select(s.actors).where(s.actors.c.id == actor.id)).mappings().first()
        if row is None:
            conn.execute(
                s.actors.insert().values(
                    id=actor.id,
                    name=actor.name,
                    kind=actor.kind,
                    qid=actor.qid,
                    aliases=sorted(set(actor.aliases)),
                )
            )
            return
        aliases = sorted(set(row["aliases"] or []) | set(actor.aliases))
        if aliases != (row["aliases"] or []):
            conn.execute(s.actors.update().where(s.actors.c.id == actor.id).values(aliases=aliases))

    def actors(self) -> list[Actor]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.actors).order_by(s.actors.c.id)).mappings().all()
        return [
            Actor(id=r["id"], name=r["name"], kind=r["kind"], qid=r["qid"], aliases=r["aliases"] or [])
            for r in rows
        ]

    def _article_rows(self, table: Any, article_id: str, order: str) -> list[Any]:
        """One article's rows of a table, in a stable order."""
        with self.engine.connect() as conn:
            q = select(table).where(table.c.article_id == article_id).order_by(table.c[order])
            return list(conn.execute(q).mappings().all())

    def actor_redirects(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(s.actor_redirects.c.old_id, s.actor_redirects.c.new_id)).all())

    def mentions(self, article_id: str) -> list[ActorMention]:
        rows = self._article_rows(s.actor_mentions, article_id, "start")
        return [
            ActorMention(start=r["start"], end=r["end"], text=r["text"], actor_id=r["actor_id"], how=r["how"])
            for r in rows
        ]

    def attributions(self, article_id: str) -> list[Attribution]:
        rows = self._article_rows(s.attributions, article_id, "id")
        return [_attribution(r) for r in rows]

    def claims(
        self, article_id: str | None = None, source_kind: str | None = None
    ) -> list[tuple[Claim, Attribution | None]]:
        """Claims with their attribution, in article order then text order."""
        a, c = s.attributions, s.claims
        a_cols = [col.name for col in a.c]
        q = (
            select(c, *[a.c[k].label(f"a_{k}") for k in a_cols])
            .select_from(c.outerjoin(a, c.c.attribution_id == a.c.id))
            .join(s.articles, s.articles.c.id == c.c.article_id)
            .order_by(s.articles.c.seq, c.c.content_start, c.c.id)
        )
        if article_id:
            q = q.where(c.c.article_id == article_id)
        if source_kind:
            q = (
                q.where(a.c.source_kind == source_kind)
                if source_kind != "author"
                else q.where(c.c.attribution_id.is_(None))
            )
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        out = []
        for r in rows:
            att = _attribution({k: r[f"a_{k}"] for k in a_cols}) if r["a_id"] is not None else None
            out.append((_claim(r), att))
        return out

    # --- link -----------------------------------------------------------------------------------------

    def link_inputs(self) -> LinkInputs:
        """Everything linking reads: articles, their links, attributions in article order, and claims
        keyed by row id with ``Claim.attribution`` as an index into the article's attribution list."""
        with self.engine.connect() as conn:
            att_rows = (
                conn.execute(
                    select(s.attributions).order_by(s.attributions.c.article_id, s.attributions.c.id)
                )
                .mappings()
                .all()
            )
            claim_rows = conn.execute(select(s.claims).order_by(s.claims.c.id)).mappings().all()
        by_article: dict[str, list[Attribution]] = {}
        index_of: dict[int, int] = {}
        for r in att_rows:
            lst = by_article.setdefault(r["article_id"], [])
            index_of[r["id"]] = len(lst)
            lst.append(_attribution(r))
        claims = {}
        for r in claim_rows:
            claim = _claim(r)
            claim.attribution = index_of.get(r["attribution_id"]) if r["attribution_id"] is not None else None
            claims[r["id"]] = claim
        return LinkInputs(self.articles(), self.links(), by_article, claims)

    def link_state(self, name: str) -> dict | None:
        with self.engine.connect() as conn:
            return conn.execute(select(s.link_state.c.state).where(s.link_state.c.name == name)).scalar()

    def write_links(self, w: LinkWrite) -> None:
        """Replace clusters and memberships and save the clusterer state, in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(s.cluster_members.delete())
            conn.execute(s.clusters.delete())
            if w.clusters:
                conn.execute(s.clusters.insert(), list(w.clusters))
            if w.members:
                conn.execute(s.cluster_members.insert(), list(w.members))
            conn.execute(s.link_state.delete().where(s.link_state.c.name == w.state_name))
            conn.execute(s.link_state.insert().values(name=w.state_name, state=w.state, updated=_now()))

    def clusters(self) -> list[dict]:
        """Clusters, largest first, each with its member claim ids and origin groups."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.clusters)).mappings().all()
            members = conn.execute(select(s.cluster_members)).mappings().all()
        by_cluster: dict[int, list[dict]] = {}
        for m in members:
            by_cluster.setdefault(m["cluster_id"], []).append(
                {"claim_id": m["claim_id"], "origin_group": m["origin_group"]}
            )
        out = [
            {**dict(r), "members": sorted(by_cluster.get(r["id"], []), key=lambda x: x["claim_id"])}
            for r in rows
        ]
        return sorted(out, key=lambda c: (-len(c["members"]), -(c["independent_origins"] or 0), c["id"]))

    def claim_by_id(self, ids: Iterable[int]) -> dict[int, Claim]:
        ids = list(ids)
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.claims).where(s.claims.c.id.in_(ids))).mappings().all()
        return {r["id"]: _claim(r) for r in rows}

    def set_grade(self, source: str, reliability: str, reason: str, graded: str | None = None) -> None:
        self.set_grades([(source, reliability, reason, graded)])

    def set_grades(self, grades: Sequence[tuple[str, str, str, str | None]]) -> None:
        """Store (source, reliability, reason, graded) grades in one transaction: all or none."""
        with self.engine.begin() as conn:
            for source, reliability, reason, graded in grades:
                conn.execute(s.source_grades.delete().where(s.source_grades.c.source == source))
                conn.execute(
                    s.source_grades.insert().values(
                        source=source, reliability=reliability, reason=reason, graded=graded or _now()
                    )
                )

    def grades(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [
                dict(r)
                for r in conn.execute(select(s.source_grades).order_by(s.source_grades.c.source))
                .mappings()
                .all()
            ]

    # --- assess ---------------------------------------------------------------------------------------

    def add_question(self, q: Question) -> int:
        with self.engine.begin() as conn:
            res = conn.execute(
                s.questions.insert().values(
                    text=q.text,
                    hypotheses=[h.model_dump() for h in q.hypotheses],
                    window_from=q.since,
                    window_to=q.by,
                    created=q.created or _now(),
                )
            )
            return int(res.inserted_primary_key[0])

    def questions(self) -> list[Question]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.questions).order_by(s.questions.c.id)).mappings().all()
        return [_question(r) for r in rows]

    def question(self, question_id: int) -> Question | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(s.questions).where(s.questions.c.id == question_id)).mappings().first()
        return _question(r) if r else None

    def write_assessment(self, a: Assessment) -> int:
        """Store an assessment and replace the question's evidence ratings, in one transaction."""
        qid = a.question.id
        if qid is None:
            raise ValueError("an assessment of an unsaved question cannot be stored")
        labels = [h.label for h in a.question.hypotheses]
        with self.engine.begin() as conn:
            conn.execute(s.evidence.delete().where(s.evidence.c.question_id == qid))
            existing = set(conn.execute(select(s.clusters.c.id)).scalars())
            rows = [
                {
                    "question_id": qid,
                    "cluster_id": e.cluster_id,
                    "hypothesis": labels.index(h),
                    "rating": r,
                    "strength": e.strength,
                    "method": f"{a.stance_model} stance; weight {e.weight:.2f}",
                }
                for e in a.evidence
                if e.cluster_id in existing
                for h, r in e.ratings.items()
            ]
            if rows:
                conn.execute(s.evidence.insert(), rows)
            res = conn.execute(
                s.assessments.insert().values(
                    question_id=qid, as_of=a.as_of, result=a.model_dump(mode="json"), created=a.created
                )
            )
            return int(res.inserted_primary_key[0])

    def assessments(self, question_id: int) -> list[Assessment]:
        """A question's stored assessments, oldest first."""
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    select(s.assessments)
                    .where(s.assessments.c.question_id == question_id)
                    .order_by(s.assessments.c.id)
                )
                .mappings()
                .all()
            )
        return [Assessment.model_validate(r["result"]) for r in rows]

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return max(migrations.applied_versions(conn), default=0)

    def integrity_problems(self) -> list[str]:
        """Checks that every article is whole; used after interrupted runs and in tests."""
        problems = []
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                res = conn.execute(text("PRAGMA integrity_check")).scalar()
                if res != "ok":
                    problems.append(f"sqlite integrity_check: {res}")
            rows = (
                conn.execute(
                    text(
                        "SELECT a.id FROM articles a LEFT JOIN "
                        "(SELECT article_id, count(*) n FROM removed_lines GROUP BY article_id) r "
                        "ON r.article_id = a.id WHERE a.removed_count != coalesce(r.n, 0)"
                    )
                )
                .scalars()
                .all()
            )
            problems += [f"article {i}: removed lines incomplete" for i in rows]
            rows = (
                conn.execute(
                    text(
                        "SELECT a.id FROM articles a WHERE "
                        "NOT EXISTS (SELECT 1 FROM sightings x WHERE x.article_id = a.id)"
                        " OR NOT EXISTS (SELECT 1 FROM minhashes m WHERE m.article_id = a.id)"
                    )
                )
                .scalars()
                .all()
            )
            problems += [f"article {i}: sighting or signature missing" for i in rows]
        return problems


def _question(r: Any) -> Question:
    return Question(
        id=r["id"],
        text=r["text"],
        hypotheses=[Hypothesis.model_validate(h) for h in r["hypotheses"]],
        since=r["window_from"],
        by=r["window_to"],
        created=r["created"],
    )


def _claim(r: Any) -> Claim:
    data = r["data"] or {}
    return Claim(
        article_id=r["article_id"],
        sentence=(r["sentence_start"], r["sentence_end"]),
        content=(r["content_start"], r["content_end"]),
        attribution=r["attribution_id"],
        voice=r["voice"] or ("attributed" if r["attribution_id"] is not None else "author"),
        proposition=r["proposition"],
        polarity=r["polarity"],
        negation=r["negation"],
        mode=r["mode"],
        certainty=Certainty(**data["certainty"]) if data.get("certainty") else None,
        horizon=Horizon(**data["horizon"]) if data.get("horizon") else None,
        actors=r["actors"] or [],
    )


def _segments(value: Any) -> list[tuple[int, int]] | None:
    return [(int(a), int(b)) for a, b in value] if value else None


def _attribution(r: Any) -> Attribution:
    data = r["data"] or {}
    return Attribution(
        article_id=r["article_id"],
        source=_segments(r["source_spans"]),
        cue=_segments(r["cue_spans"]) or [],
        content=_segments(r["content_spans"]) or [],
        kind=r["quote_kind"],
        source_text=r["source_text"],
        cue_lemma=r["cue_lemma"],
        source_kind=r["source_kind"] or "unattributed",
        source_actor=r["source_actor"],
        via=r["via"],
        resolved_from=_segments(data.get("resolved_from")),
    )


def _article(r: Any) -> Article:
    fetched = r["fetched"]
    return Article(
        id=r["id"],
        origin=r["origin"],
        url=r["url"],
        outlet=r["outlet"],
        title=r["title"],
        author=r["author"],
        published=r["published"],
        fetched=datetime.fromisoformat(fetched) if fetched else None,
        text=r["text"],
        language=r["language"],
        language_score=r["language_score"],
        non_english=bool(r["non_english"]),
    )


def _make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        return create_engine(url)
    if u.database and u.database != ":memory:":
        Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return engine
