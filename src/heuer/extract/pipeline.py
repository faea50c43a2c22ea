"""The extraction run: stored articles -> spaCy with heuer's components -> records -> store.

Docs never cross a process boundary (a pickled Doc carries its whole vocabulary): with ``workers > 1``
each worker process builds its own pipeline, parses a chunk of articles and returns heuer records;
the main process merges their actors into the corpus registry and writes each article's records in one
transaction. With one worker the same functions run in-process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from heuer.extract import components
from heuer.extract.actors import ActorRegistry, gazetteer
from heuer.extract.attribution import FAST
from heuer.extract.nlp import load_base
from heuer.model import Actor, ActorMention, Article, Attribution, Claim
from heuer.store.db import ExtractionWrite, Store

VERSION = "1"  # bump when the records extraction writes change meaning; stored per article
BATCH = 16


def build_pipeline(registry: ActorRegistry | None = None, mode: str = FAST) -> Language:
    """The base model with heuer's components appended (a fresh copy: components hold state); ``mode``
    is the attribution mode, "fast" or "accurate"."""
    import spacy

    from heuer.extract.nlp import base_model_name

    nlp = spacy.load(base_model_name())
    for name in components.COMPONENTS:
        nlp.add_pipe(name, config={"mode": mode} if name == "heuer_attribution" else {})
    if registry is not None:
        nlp.get_pipe("heuer_actors").registry = registry
    return nlp


@dataclass
class DocRecords:
    """What one article yields, with actor ids local to the process that made them."""

    article_id: str
    actors: list[Actor]
    mentions: list[ActorMention]
    attributions: list[Attribution]
    claims: list[Claim]


def doc_records(doc: Doc, article_id: str) -> DocRecords:
    """The one boundary where spaCy objects become heuer records."""
    atts = [a.model_copy(update={"article_id": article_id}) for a in doc._.heuer_attributions or []]
    claims = [c.model_copy(update={"article_id": article_id}) for c in doc._.heuer_claims or []]
    return DocRecords(
        article_id, list(doc._.heuer_actors or []), list(doc._.heuer_mentions or []), atts, claims
    )


def published_date(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def make_docs(nlp: Language, articles: Sequence[Article]) -> list[Doc]:
    docs = []
    for a in articles:
        doc = nlp.make_doc(a.text)
        doc.user_data[components.PUBLISHED] = published_date(a)
        docs.append(doc)
    return docs


def process(nlp: Language, articles: Sequence[Article]) -> list[DocRecords]:
    docs = nlp.pipe(make_docs(nlp, articles), batch_size=BATCH)
    return [doc_records(doc, a.id) for doc, a in zip(docs, articles, strict=True)]


# --- worker processes -----------------------------------------------------------------------------

_WORKER_NLP: Language | None = None


def _init_worker(actors: list[Actor], redirects: dict[str, str], mode: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = build_pipeline(ActorRegistry(actors, redirects), mode)


def _work(articles: list[Article]) -> list[DocRecords]:
    assert _WORKER_NLP is not None
    return process(_WORKER_NLP, articles)


# --- merging into the corpus --------------------------------------------------------------------------


def merge_actor(registry: ActorRegistry, actor: Actor) -> str:
    """The corpus id for an actor a worker found: gazetteer actors keep theirs, others merge by name."""
    if actor.id in gazetteer().actors:
        return registry.add(actor)
    if actor.kind == "person":
        actor_id = registry.person(actor.name)
        for alias in actor.aliases:
            actor_id = registry.person(actor.name, alias)
        return actor_id
    actor_id = registry.named(actor.kind, actor.name)
    for alias in actor.aliases:
        registry.named(actor.kind, alias)
    return actor_id


def localise(rec: DocRecords, registry: ActorRegistry) -> ExtractionWrite:
    """Rewrite a worker's actor ids to corpus ids, so one actor is one id across all articles."""
    mapping = {a.id: merge_actor(registry, a) for a in rec.actors}

    def m(actor_id: str | None) -> str | None:
        return registry.resolve(mapping.get(actor_id, actor_id)) if actor_id else None

    mentions = [x.model_copy(update={"actor_id": m(x.actor_id)}) for x in rec.mentions]
    atts = [
        a.model_copy(update={"source_actor": m(a.source_actor), "via": m(a.via)}) for a in rec.attributions
    ]
    claims = [c.model_copy(update={"actors": sorted({m(x) for x in c.actors if x})}) for c in rec.claims]
    used = {x.actor_id for x in mentions} | {a.source_actor for a in atts if a.source_actor}
    used |= {a.via for a in atts if a.via}
    actors = [registry.get(i) or gazetteer().actors.get(i) for i in sorted(i for i in used if i)]
    missing = [i for i, a in zip(sorted(i for i in used if i), actors, strict=True) if a is None]
    if missing:
        raise RuntimeError(f"{rec.article_id}: records name unknown actors {missing}")
    return ExtractionWrite(
        article_id=rec.article_id,
        version=VERSION,
        actors=[a for a in actors if a is not None],
        mentions=mentions,
        attributions=atts,
        claims=claims,
        redirects=dict(registry.redirects),
    )


@dataclass(frozen=True)
class ExtractOutcome:
    article_id: str
    attributions: int
    claims: int


class Extractor:
    def __init__(self, store: Store, workers: int = 1, mode: str = FAST):
        self.store = store
        self.workers = max(1, workers)
        self.mode = mode
        self.registry = ActorRegistry(store.actors(), store.actor_redirects())

    def pending(self, force: bool = False) -> tuple[list[Article], list[Article]]:
        """(articles to extract, non-English articles skipped). Incremental unless ``force``."""
        done = set() if force else self.store.extracted_ids()
        todo, skipped = [], []
        for a in self.store.articles():
            if a.id in done:
                continue
            (skipped if a.non_english else todo).append(a)
        return todo, skipped

    def run(
        self, articles: Sequence[Article], on_done: Callable[[ExtractOutcome], None] | None = None
    ) -> Iterator[ExtractOutcome]:
        for rec in self._records(articles):
            write = localise(rec, self.registry)
            self.store.write_extraction(write)
            outcome = ExtractOutcome(rec.article_id, len(write.attributions), len(write.claims))
            if on_done:
                on_done(outcome)
            yield outcome

    def _records(self, articles: Sequence[Article]) -> Iterator[DocRecords]:
        if self.workers == 1 or len(articles) < 2 * BATCH:
            nlp = build_pipeline(self.registry, self.mode)
            for i in range(0, len(articles), BATCH):
                yield from process(nlp, articles[i : i + BATCH])
            return
        chunks = [list(articles[i : i + BATCH]) for i in range(0, len(articles), BATCH)]
        workers = min(self.workers, os.cpu_count() or 1, len(chunks))
        with ProcessPoolExecutor(
            max_workers=workers,
            initializer=_init_worker,
            initargs=(self.registry.all(), dict(self.registry.redirects), self.mode),
        ) as pool:
            for recs in pool.map(_work, chunks):
                yield from recs


def warm_up() -> None:
    """Load the base model once (used by benchmarks to keep load time out of throughput)."""
    load_base()
