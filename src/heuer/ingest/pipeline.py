"""The ingest pipeline: read -> extract main text -> clean -> identify -> link -> store.

One document at a time, each committed with all its records in one transaction, so an interrupted run
leaves whole articles only, and later documents in a run see the earlier ones (a feed that carries the
same story twice links them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from heuer.ingest import dedup
from heuer.ingest.clean import CLASSIFY_HTML, clean_text, line_hash, tidy_line
from heuer.ingest.errors import InputError
from heuer.ingest.html import extract_html
from heuer.ingest.lang import detect_language
from heuer.ingest.meta import normalize_date, outlet_from_url
from heuer.ingest.options import ReadOptions
from heuer.ingest.readers import Item, read_inputs
from heuer.model import Article, ArticleLink, IngestOutcome, RawDocument, Sighting
from heuer.store.db import ArticleWrite, Store

MIN_WORDS = 8  # fewer readable words than this is a fragment, an error page or the wrong encoding
_READABLE_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_FINGERPRINT_HITS = 2
MAX_RETELLING_CANDIDATES = 25


@dataclass(frozen=True)
class Overrides:
    """Metadata the user states on the command line; it wins over whatever was detected."""

    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None


class Ingestor:
    def __init__(self, store: Store, opts: ReadOptions | None = None, overrides: Overrides | None = None):
        self.store = store
        self.opts = opts or ReadOptions()
        self.overrides = overrides or Overrides()
        self._index: dedup.NearDuplicateIndex | None = None

    @property
    def index(self) -> dedup.NearDuplicateIndex:
        if self._index is None:
            self._index = dedup.NearDuplicateIndex(self.store.signatures())
        return self._index

    def ingest(self, inputs: Iterable[str]) -> Iterator[IngestOutcome]:
        for item in read_inputs(inputs, self.opts):
            yield self.ingest_item(item)

    def ingest_item(self, item: Item) -> IngestOutcome:
        if isinstance(item, InputError):
            return IngestOutcome(origin=item.origin, status="error", message=item.problem)
        try:
            return self.ingest_document(item)
        except InputError as err:
            return IngestOutcome(origin=err.origin, status="error", message=err.problem)

    def ingest_document(self, doc: RawDocument) -> IngestOutcome:
        o = self.overrides
        raw = doc.html if doc.html is not None else (doc.text or "")
        raw_sha = dedup.raw_hash(raw)
        known = self.store.article_for_raw(raw_sha, doc.origin)
        if known:
            return IngestOutcome(
                origin=doc.origin,
                status="duplicate",
                article_id=known,
                message="already stored from this input",
            )

        title, author, published, url, outlet = doc.title, doc.author, doc.published, doc.url, doc.outlet
        if doc.html is not None:
            ex = extract_html(doc.html, doc.origin, url=o.url or url)
            text = ex.text
            title, author = title or ex.title, author or ex.author
            published, url = published or ex.date, url or ex.url
            outlet = outlet or ex.sitename
        else:
            text = doc.text or ""
        url = o.url or url
        outlet = o.outlet or outlet or outlet_from_url(url)
        title = o.title or title
        published = normalize_date(o.published or published)
        if o.published and published is None:
            raise InputError(doc.origin, f"--published {o.published!r} is not a date")

        readable = len(_READABLE_WORD.findall(text))
        if readable < MIN_WORDS:
            where = " in the HTML page" if doc.html is not None else ""
            raise InputError(
                doc.origin,
                f"too little readable text{where} ({readable} words): "
                "a fragment, an error page, malformed or wrongly encoded",
            )
        counts = None
        if outlet:
            hashes = [line_hash(t) for t in map(tidy_line, text.splitlines()) if t]
            counts = self.store.outlet_line_counts(outlet, hashes)
        cleaned = clean_text(
            text, title=title, outlet_counts=counts, use_classifier=doc.html is None or CLASSIFY_HTML
        )
        readable = len(_READABLE_WORD.findall(cleaned.text))
        if readable < MIN_WORDS:
            raise InputError(
                doc.origin,
                f"{readable} readable words left after removing "
                f"{len(cleaned.removed)} boilerplate lines: not an article",
            )

        language, lang_p = detect_language(cleaned.text)
        article = Article(
            id=dedup.content_id(cleaned.text),
            origin=doc.origin,
            url=url,
            outlet=outlet,
            title=cleaned.title,
            author=author,
            published=published,
            fetched=doc.fetched,
            text=cleaned.text,
            language=language,
            language_score=lang_p,
            non_english=language is not None and language != "en",
            removed=cleaned.removed,
        )

        if self.store.has_article(article.id):
            added = self.store.add_sighting(
                Sighting(
                    article_id=article.id, origin=doc.origin, url=url, outlet=outlet, published=published
                ),
                raw_sha,
            )
            msg = (
                "same text as a stored article; recorded as another sighting"
                if added
                else "already stored from this input"
            )
            return IngestOutcome(
                origin=doc.origin, status="duplicate", article_id=article.id, title=article.title, message=msg
            )

        w = dedup.words(article.text)
        m = dedup.minhash(w.tokens)
        fps = dedup.winnow(dedup.ngram_hashes(w.tokens, dedup.PASSAGE_K))
        links = self._links(article.id, w, m, fps)
        self.store.write_article(
            ArticleWrite(
                article=article,
                raw_sha=raw_sha,
                signature=dedup.signature_bytes(m),
                fingerprints=[(h, p) for h, p in fps],
                line_hashes=cleaned.line_hashes,
                links=links,
            )
        )
        self.index.add(article.id, m)
        msg = None
        if article.non_english:
            msg = f"stored but flagged: language detected as {language!r} (p={lang_p:.2f}), not English"
        return IngestOutcome(
            origin=doc.origin,
            status="stored",
            article_id=article.id,
            title=article.title,
            message=msg,
            language=language,
            non_english=article.non_english,
            removed_lines=len(article.removed),
            links=links,
        )

    def _links(self, aid: str, w: dedup.Words, m: object, fps: list[tuple[int, int]]) -> list[ArticleLink]:
        near = dict(self.index.query(m))  # type: ignore[arg-type]
        hits = self.store.fingerprint_hits((h for h, _ in fps), exclude=aid)
        candidates = sorted(
            (c for c, n in hits.items() if n >= MIN_FINGERPRINT_HITS), key=lambda c: (-hits[c], c)
        )[:MAX_RETELLING_CANDIDATES]
        texts = self.store.texts(set(candidates) | set(near))
        links = []
        for other in sorted(set(candidates) | set(near)):
            if other not in texts:
                continue
            ow = dedup.words(texts[other])
            if other in near:
                spans = dedup.shared_spans(w, ow)
                links.append(
                    ArticleLink(
                        kind="near_duplicate", a=aid, b=other, similarity=round(near[other], 4), spans=spans
                    )
                )
            else:
                link = dedup.retelling_link(aid, w, other, ow)
                if link:
                    links.append(link)
        return links
