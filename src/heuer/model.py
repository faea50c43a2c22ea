"""The records that cross stage boundaries, in one place.

Every stage reads the records of the stage before it and writes its own; keeping their definitions here
means a reader of any stage sees the whole data model without hunting through modules. Character offsets
are always 0-based and end-exclusive into ``Article.text`` so that anything derived later can point back
at the sentences it came from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(frozen=False, extra="forbid")


class RawDocument(Record):
    """What a reader hands to the ingest pipeline: one document before cleaning.

    ``origin`` names the input precisely enough for a person to find it again (a path, a URL, or
    ``feed.jsonl:12`` for a line of a JSON Lines file); it appears in every error line about the document.
    Exactly one of ``text`` and ``html`` is set.
    """

    origin: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    fetched: datetime | None = None
    source_kind: Literal["text", "html", "jsonl", "url", "feed", "warc"] = "text"


class RemovedLine(Record):
    """A line taken out of the article body, with why, so the cleaning can always be checked."""

    index: int = Field(description="0-based line number in the text before cleaning")
    text: str
    reason: str
    score: float | None = Field(default=None, description="the classifier's boilerplate probability")


class Article(Record):
    """A clean article as stored.

    ``id`` is a hash of the normalised clean text, so the same text ingested twice is the same article.
    """

    id: str
    origin: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date or datetime; never invented")
    fetched: datetime | None = None
    text: str
    language: str | None = None
    language_score: float | None = None
    non_english: bool = False
    removed: list[RemovedLine] = Field(default_factory=list)


class SharedSpan(Record):
    """One passage that two articles share, as offsets into each article's clean text."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int


class ArticleLink(Record):
    """A relation between two stored articles found at ingest.

    ``near_duplicate``: MinHash estimate of word-shingle Jaccard above the threshold.
    ``retelling``: ``a`` repeats long passages that ``b`` also has (of ``b`` itself or of one report
    both retell); ``spans`` says where. The same clean text under another origin is not a link but a
    second ``Sighting`` of one article (syndication).
    """

    kind: Literal["near_duplicate", "retelling"]
    a: str
    b: str
    similarity: float
    spans: list[SharedSpan] = Field(default_factory=list)


class Sighting(Record):
    """One place an article's text was seen: the same text from two outlets is syndication."""

    article_id: str
    origin: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None


class IngestOutcome(Record):
    """What happened to one document; the CLI prints these and ``--json`` emits them."""

    origin: str
    status: Literal["stored", "duplicate", "error"]
    article_id: str | None = None
    title: str | None = None
    message: str | None = None
    language: str | None = None
    non_english: bool = False
    removed_lines: int = 0
    links: list[ArticleLink] = Field(default_factory=list)


# --- extract ------------------------------------------------------------------------------------------

Segments = list[tuple[int, int]]
"""A possibly discontinuous span: (start, end) character offsets into ``Article.text``, in order."""

SourceKind = Literal[
    "named_person",
    "named_official",
    "anonymous_official",
    "anonymous_source",
    "organisation",
    "government",
    "media",
    "document",
    "unattributed",
]
QuoteKind = Literal["direct", "indirect", "mixed"]


class Actor(Record):
    """A canonical actor: countries and their governments, organisations, people, media.

    ``id`` is stable across articles and runs (a slug of the canonical name, or ``Q…`` where the
    gazetteer knows the Wikidata item), so the same actor in two articles is one row.
    """

    id: str
    name: str
    kind: Literal["country", "government", "organisation", "person", "group", "media", "place"]
    qid: str | None = None
    aliases: list[str] = Field(default_factory=list)


class ActorMention(Record):
    """Where an actor is named in an article (the span may be a demonym, capital or pronoun)."""

    start: int
    end: int
    text: str
    actor_id: str
    how: str = Field(description="why this span is this actor: 'gazetteer', 'alias', 'metonymy', ...")


class Certainty(Record):
    """An estimative word or hedge mapped to a probability, with readers' spread kept.

    ``p`` is the median reading; ``low``/``high`` the interquartile range (survey data where the phrase
    was surveyed, else the ICD 203 band). ``cue`` is the text that carries it ("could soon").
    """

    cue: str
    start: int
    end: int
    p: float
    low: float
    high: float
    band: str = Field(description="the ICD 203 word whose band holds p")
    basis: str = Field(description="where the numbers come from (survey name, ICD 203, combination rule)")


class Horizon(Record):
    """When a claim is about: a date interval when it can be resolved, else the words alone."""

    text: str
    start: int
    end: int
    date_from: str | None = None
    date_to: str | None = None
    relative: bool = Field(default=False, description="True when no publication date could anchor it")


class Attribution(Record):
    article_id: str
    source: Segments | None = None
    cue: Segments
    content: Segments
    kind: QuoteKind
    source_text: str | None = None
    cue_lemma: str | None = None
    source_kind: SourceKind = "unattributed"
    source_actor: str | None = None
    via: str | None = Field(default=None, description="actor id of an intermediary: 'officials tell CNN'")
    resolved_from: Segments | None = Field(
        default=None, description="for a pronoun source, the earlier mention it was resolved to"
    )


ClaimMode = Literal["reported_fact", "assessment", "prediction", "possibility", "opinion", "question"]


class Claim(Record):
    article_id: str
    sentence: tuple[int, int]
    content: tuple[int, int]
    attribution: int | None = Field(default=None, description="index into the article's attributions")
    voice: Literal["attributed", "author", "author_opinion"] = "author"
    proposition: str
    polarity: Literal["affirmed", "negated"] = "affirmed"
    negation: str | None = Field(default=None, description="the negating words, e.g. 'had not seen any'")
    mode: ClaimMode = "reported_fact"
    certainty: Certainty | None = None
    horizon: Horizon | None = None
    actors: list[str] = Field(default_factory=list)


# --- assess -------------------------------------------------------------------------------------------

Rating = Literal["CC", "C", "N", "I", "II", "NA"]
"""ACH consistency of one piece of evidence with one hypothesis (Heuer): very consistent, consistent,
neutral, inconsistent, very inconsistent, not applicable (the evidence does not bear on it)."""

StanceLabel = Literal["supports", "contradicts", "discusses", "unrelated"]
Confidence = Literal["low", "moderate", "high"]


class Hypothesis(Record):
    """One of a question's mutually exclusive answers.

    ``negates`` names the hypothesis this one is the plain negation of (the "no" of a yes/no question):
    its evidence is then the mirror of the other's instead of a second, noisier stance judgement.
    """

    label: str = Field(description="short id shown in matrices: H1, H2, ...")
    text: str
    prior: float = Field(gt=0, lt=1)
    negates: str | None = None


class Question(Record):
    id: int | None = None
    text: str
    hypotheses: list[Hypothesis]
    since: str | None = Field(default=None, description="ISO date: only articles published on or after")
    by: str | None = Field(default=None, description="ISO date by which the question is to be answered")
    created: str | None = None


class EvidenceClaim(Record):
    """One sentence behind an evidence row, with what is needed to show and check it."""

    claim_id: int
    article_id: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    sentence: tuple[int, int]
    content: tuple[int, int]
    sentence_text: str
    proposition: str
    source: str = Field(description="who says it, as shown: a speaker, or the outlet in its own voice")
    source_kind: str
    group: str = Field(description="origin group id: claims of one group are one piece of evidence")
    group_label: str
    polarity: Literal["affirmed", "negated"] = "affirmed"
    mode: str = "reported_fact"
    certainty_cue: str | None = None
    certainty_p: float | None = None
    stance: dict[str, StanceLabel] = Field(default_factory=dict, description="per hypothesis label")
    score: dict[str, float] = Field(
        default_factory=dict, description="per hypothesis: -1 (contradicts) .. +1 (supports), after polarity"
    )
    strength: float = Field(description="log-odds units the claim's wording can carry (from its certainty)")
    weight: float = Field(description="reliability x credibility weight in [0, 1]")
    reliability: str = Field(default="F", description="Admiralty letter of its origin group's source")
    credibility: int = Field(default=6, description="Admiralty credibility 1-6 of its claim cluster")
    llr: dict[str, float] = Field(default_factory=dict, description="log-likelihood share per hypothesis")
    method: str = ""


class Evidence(Record):
    """One row of the ACH matrix: a claim cluster as it bears on every hypothesis."""

    id: str = Field(description="E1, E2, ... in matrix order")
    cluster_id: int | None = None
    text: str
    claims: list[EvidenceClaim]
    groups: list[str] = Field(description="independent origin groups behind it")
    ratings: dict[str, Rating]
    strength: float
    reliability: str = Field(description="Admiralty letter of the best-graded origin behind it")
    credibility: int = Field(description="Admiralty information credibility 1-6 of the cluster")
    credibility_reason: str = ""
    weight: float
    diagnosticity: float = Field(description="spread of its log-likelihood across hypotheses")


class Contribution(Record):
    """What one independent origin group adds to each hypothesis's log-score."""

    group: str
    label: str
    evidence: list[str] = Field(description="ids of the evidence rows it speaks in")
    claims: list[int]
    delta: dict[str, float] = Field(description="per hypothesis: added log-likelihood")
    log_odds: float = Field(description="shift of the headline hypothesis's log-odds against the rest")
    channel_factor: float = Field(
        default=1.0, description="k_g: discount for origins that reached the reader through one channel"
    )


class Indicator(Record):
    """A claim about the future, watched: its due date comes from the claim's horizon."""

    claim_id: int
    article_id: str
    text: str
    sentence: tuple[int, int]
    source: str
    published: str | None = None
    horizon: str | None = None
    due: str | None = None
    status: Literal["pending", "borne_out", "not_borne_out", "open"]
    basis: str
    points_to: str | None = Field(default=None, description="hypothesis label it would bear out")


class Sensitivity(Record):
    """An origin group whose removal or reversal changes the favoured hypothesis (a linchpin)."""

    group: str
    label: str
    evidence: list[str]
    removed: str | None = Field(default=None, description="the favoured hypothesis without it")
    reversed: str | None = Field(default=None, description="the favoured hypothesis were it reversed")


class Assessment(Record):
    """The call on one question as of one date, with everything needed to check it."""

    question: Question
    as_of: str
    created: str
    articles: list[str] = Field(description="ids of the articles used (published on or before as_of)")
    left_out: dict[str, int] = Field(default_factory=dict, description="articles not used, by reason")
    headline: str = Field(description="label of the hypothesis the call is stated for")
    probabilities: dict[str, float]
    prior_log_odds: float
    log_odds: float
    favoured: str
    word: str = Field(description="ICD 203 estimative word for the headline probability")
    band: tuple[float, float]
    confidence: Confidence
    confidence_reasons: list[str]
    formula: str
    evidence: list[Evidence]
    inconsistency: dict[str, float] = Field(
        description="Heuer's score per hypothesis: weighted count of I (1) and II (2); lower is favoured"
    )
    contributions: list[Contribution]
    indicators: list[Indicator]
    sensitivity: list[Sensitivity]
    would_change: list[str]
    stance_model: str
    summary: str = Field(description="the call in one sentence, likelihood only (ICD 203)")
    confidence_statement: str = Field(description="the confidence in its own sentence")
