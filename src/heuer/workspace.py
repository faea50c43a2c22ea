"""The public API: one workspace (a database) and the operations on it. The CLI only wraps these."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path

from heuer.ingest.options import ReadOptions
from heuer.ingest.pipeline import Ingestor, Overrides
from heuer.model import Article, ArticleLink, IngestOutcome, Sighting
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
