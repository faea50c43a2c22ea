"""The public API: one workspace (a database) and the operations on it. The CLI only wraps these."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path

from heuer.ingest.options import ReadOptions
from heuer.ingest.pipeline import Ingestor, Overrides
from heuer.model import Article, ArticleLink, Attribution, Claim, IngestOutcome, Sighting
from heuer.store import Store


def demo_dir() -> Path:
    """The built-in demo articles, shipped inside the package so the demo runs offline."""
    return Path(str(files("heuer") / "data" / "demo"))


def demo_inputs() -> list[str]:
    return [str(p) for p in sorted(demo_dir().glob("*.txt"))]


class Workspace:
    def __init__(self, db: str | None = None):
        self.store = Store(db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self, inputs: Iterable[str], opts: ReadOptions | None = None, overrides: Overrides | None = None
    ) -> Iterator[IngestOutcome]:
        yield from Ingestor(self.store, opts, overrides).ingest(inputs)

    def ingestor(self, opts: ReadOptions | None = None, overrides: Overrides | None = None) -> Ingestor:
        return Ingestor(self.store, opts, overrides)

    def articles(self) -> list[Article]:
        return self.store.articles()

    def removed_counts(self) -> dict[str, int]:
        return self.store.removed_counts()

    def link_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for link in self.store.links():
            for aid in (link.a, link.b):
                counts[aid] = counts.get(aid, 0) + 1
        return counts

    def article(self, ref: str) -> Article | None:
        aid = self.store.resolve_id(ref)
        return self.store.article(aid) if aid else None

    def links(self, article_id: str | None = None) -> list[ArticleLink]:
        return self.store.links(article_id)

    def sightings(self, article_id: str) -> list[Sighting]:
        return self.store.sightings(article_id)

    # --- extract --------------------------------------------------------------------------------------

    def extractor(self, workers: int = 1):  # noqa: ANN201 - imported lazily: spaCy loads slowly
        from heuer.extract.pipeline import Extractor

        return Extractor(self.store, workers=workers)

    def attributions(self, article_id: str) -> list[Attribution]:
        return self.store.attributions(article_id)

    def claims(
        self, article: str | None = None, source_kind: str | None = None
    ) -> list[tuple[Claim, Attribution | None]]:
        """Claims with their attributions; ``article`` is an id, id prefix or number."""
        article_id = None
        if article:
            article_id = self.store.resolve_id(article)
            if article_id is None:
                raise KeyError(article)
        return self.store.claims(article_id, source_kind)

    def actor_names(self) -> dict[str, str]:
        """Actor id -> canonical name, old ids included (they redirect to the merged actor)."""
        names = {a.id: a.name for a in self.store.actors()}
        redirects = self.store.actor_redirects()
        for old, new in redirects.items():
            seen = {old}
            while new in redirects and new not in seen:
                seen.add(new)
                new = redirects[new]
            names[old] = names.get(new, new)
        return names

    def texts(self, ids: set[str]) -> dict[str, str]:
        return self.store.texts(ids)
