"""Tables, as SQLAlchemy Core metadata.

Every derived record points back into ``articles.text`` by (article_id, start, end), which is what lets a
report link any number to its sentences. Ingest fills the article tables now; the tables for the later
stages (actors, attributions, claims, clusters, grades, questions, evidence, assessments) are defined with
their key fields from DESIGN.md so that those stages add columns by migration rather than reshaping the
database. Open-ended details go in a JSON ``data`` column until a query needs them as a column.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

migrations = Table(
    "heuer_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String, nullable=False),
    Column("applied_at", String, nullable=False),
)

# --- ingest ---------------------------------------------------------------------------------------

articles = Table(
    "articles",
    metadata,
    Column("id", String, primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("origin", Text, nullable=False),
    Column("url", Text),
    Column("outlet", String),
    Column("title", Text),
    Column("author", Text),
    Column("published", String),
    Column("fetched", String),
    Column("ingested", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("language", String),
    Column("language_score", Float),
    Column("non_english", Boolean, nullable=False, default=False),
    Column("removed_count", Integer, nullable=False, default=0),
    Column("duplicate_of", String, ForeignKey("articles.id")),
)

removed_lines = Table(
    "removed_lines",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("score", Float),
)

# Each place a text was seen. The raw hash lets a repeated input be recognised before any cleaning.
sightings = Table(
    "sightings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("origin", Text, nullable=False),
    Column("raw_sha", String, nullable=False),
    Column("url", Text),
    Column("outlet", String),
    Column("published", String),
    Column("seen", String, nullable=False),
    UniqueConstraint("article_id", "origin", name="uq_sighting"),
    Index("ix_sightings_raw", "raw_sha"),
)

article_links = Table(
    "article_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String, nullable=False),
    Column("a", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("b", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("similarity", Float, nullable=False),
    UniqueConstraint("kind", "a", "b", name="uq_link"),
    Index("ix_links_b", "b"),
)

shared_spans = Table(
    "shared_spans",
    metadata,
    Column("link_id", Integer, ForeignKey("article_links.id", ondelete="CASCADE"), nullable=False),
    Column("a_start", Integer, nullable=False),
    Column("a_end", Integer, nullable=False),
    Column("b_start", Integer, nullable=False),
    Column("b_end", Integer, nullable=False),
    Column("words", Integer, nullable=False),
    Index("ix_spans_link", "link_id"),
)

minhashes = Table(
    "minhashes",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

fingerprints = Table(
    "fingerprints",
    metadata,
    Column("hash", Integer, nullable=False),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("pos", Integer, nullable=False),
    Index("ix_fingerprints_hash", "hash"),
    Index("ix_fingerprints_article", "article_id"),
)

outlet_lines = Table(
    "outlet_lines",
    metadata,
    Column("outlet", String, primary_key=True),
    Column("line_hash", String, primary_key=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

INGEST_TABLES = [
    articles,
    removed_lines,
    sightings,
    article_links,
    shared_spans,
    minhashes,
    fingerprints,
    outlet_lines,
]

# --- later stages (DESIGN.md records); filled by extract, link and assess ---------------------------

actors = Table(
    "actors",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("qid", String),
    Column("aliases", JSON),
)

attributions = Table(
    "attributions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source_spans", JSON),
    Column("source_actor", String, ForeignKey("actors.id")),
    Column("source_kind", String),
    Column("cue_spans", JSON, nullable=False),
    Column("cue_lemma", String),
    Column("content_spans", JSON, nullable=False),
    Column("quote_kind", String, nullable=False),
    Column("via", String, ForeignKey("actors.id")),
    Column("data", JSON),
    Column("source_text", Text),  # migration 2
    Index("ix_attr_article", "article_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("attribution_id", Integer, ForeignKey("attributions.id", ondelete="CASCADE")),
    Column("proposition", Text, nullable=False),
    Column("polarity", String, nullable=False),
    Column("mode", String, nullable=False),
    Column("certainty_word", String),
    Column("p_low", Float),
    Column("p_high", Float),
    Column("horizon_from", String),
    Column("horizon_to", String),
    Column("horizon_text", String),
    Column("actors", JSON),
    Column("data", JSON),
    Column("voice", String),  # migration 2
    Column("negation", Text),  # migration 2
    Column("p", Float),  # migration 2
    Index("ix_claims_article", "article_id"),
)

clusters = Table(
    "clusters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("label", Text),
    Column("independent_origins", Integer),
    Column("credibility", Integer),
    Column("credibility_reason", Text),
    Column("data", JSON),
)

cluster_members = Table(
    "cluster_members",
    metadata,
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("origin_group", String),
)

source_grades = Table(
    "source_grades",
    metadata,
    Column("source", String, primary_key=True),
    Column("reliability", String(1), nullable=False),
    Column("reason", Text, nullable=False),
    Column("graded", String, nullable=False),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("text", Text, nullable=False),
    Column("hypotheses", JSON, nullable=False),
    Column("window_from", String),
    Column("window_to", String),
    Column("created", String, nullable=False),
)

evidence = Table(
    "evidence",
    metadata,
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True),
    Column("hypothesis", Integer, primary_key=True),
    Column("rating", String, nullable=False),
    Column("strength", Float),
    Column("method", String),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), nullable=False),
    Column("as_of", String, nullable=False),
    Column("result", JSON, nullable=False),
    Column("created", String, nullable=False),
)

# --- added by migration 2 (extract) ------------------------------------------------------------------

extractions = Table(
    "extractions",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("version", String, nullable=False),
    Column("extracted", String, nullable=False),
)

actor_mentions = Table(
    "actor_mentions",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("actor_id", String, ForeignKey("actors.id"), nullable=False),
    Column("how", String, nullable=False),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_actor", "actor_id"),
)

# A person first met as "Putin" and later as "Vladimir Putin" gets the full name's id; records written
# under the old id stay valid through this table.
actor_redirects = Table(
    "actor_redirects",
    metadata,
    Column("old_id", String, primary_key=True),
    Column("new_id", String, nullable=False),
)

EXTRACT_TABLES = [extractions, actor_mentions, actor_redirects]
# Columns migration 2 adds to tables that migration 1 created, where an older database lacks them.
EXTRACT_COLUMNS = [
    ("attributions", "source_text"),
    ("claims", "voice"),
    ("claims", "negation"),
    ("claims", "p"),
]

# --- added by migration 3 (link) ---------------------------------------------------------------------

# Serialised state of incremental components (the claim clusterer), so a run adds to the last one.
link_state = Table(
    "link_state",
    metadata,
    Column("name", String, primary_key=True),
    Column("state", JSON, nullable=False),
    Column("updated", String, nullable=False),
)

LINK_TABLES = [link_state]

LATER_TABLES = [
    actors,
    attributions,
    claims,
    clusters,
    cluster_members,
    source_grades,
    questions,
    evidence,
    assessments,
]
