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
