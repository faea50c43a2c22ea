"""The public API: one workspace (a database) and the operations on it. The CLI only wraps these."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from heuer.ingest.options import ReadOptions
from heuer.ingest.pipeline import Ingestor, Overrides
from heuer.model import (
    Article,
    ArticleLink,
    Assessment,
    Attribution,
    Claim,
    IngestOutcome,
    Question,
    Sighting,
)
from heuer.store import Store

if TYPE_CHECKING:  # these modules load spaCy and the models; import them only when used
    from heuer.assess.questions import Suggestion
    from heuer.extract.pipeline import Extractor
    from heuer.link.pipeline import LinkOutcome
    from heuer.link.provenance import OriginGraph
    from heuer.report import ReportInput


def demo_dir() -> Path:
    """The built-in demo articles, shipped inside the package so the demo runs offline."""
    return Path(str(files("heuer") / "data" / "demo"))


def demo_inputs() -> list[str]:
    return [str(p) for p in sorted(demo_dir().glob("*.txt"))]


def demo_question() -> dict:
    """The question the demo asks of its articles (data/demo/question.json)."""
    import json

    return json.loads((demo_dir() / "question.json").read_text(encoding="utf-8"))


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

    def extractor(self, workers: int = 1, mode: str = "fast") -> Extractor:
        from heuer.extract.pipeline import Extractor

        return Extractor(self.store, workers=workers, mode=mode)

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

    # --- link -----------------------------------------------------------------------------------------

    def link(self) -> LinkOutcome:
        """Cluster new claims, rebuild provenance and credibility; returns a LinkOutcome."""
        from heuer.link.pipeline import Linker

        return Linker(self.store).run(self.actor_names())

    def provenance(self) -> OriginGraph:
        from heuer.link.pipeline import Linker

        return Linker(self.store).graph(names=self.actor_names())

    def clusters(self) -> list[dict]:
        """Clusters, largest first, with member claims (and their attributions) filled in."""
        clusters = self.store.clusters()
        ids = [m["claim_id"] for c in clusters for m in c["members"]]
        claims = self.store.claim_by_id(ids)
        for c in clusters:
            for m in c["members"]:
                m["claim"] = claims.get(m["claim_id"])
        return clusters

    def grade(self, source: str, reliability: str, reason: str) -> None:
        from heuer.link.grading import Reliability

        grade = reliability.strip().upper()
        if grade not in {r.value for r in Reliability}:
            raise ValueError(f"reliability {reliability!r} is not an Admiralty letter A-F")
        if not reason.strip():
            raise ValueError("a grade needs a reason")
        self.store.set_grade(source.strip(), grade, reason.strip())

    def import_grades(self, path: str) -> int:
        from heuer.link.grading import parse_grades_file

        grades = parse_grades_file(path)
        self.store.set_grades([(g.source, str(g.reliability), g.reason, g.graded_at) for g in grades])
        return len(grades)

    def sources(self) -> list[dict]:
        """Every outlet and every original source, with its grade and how many claims it carries."""
        from heuer.link.grading import Grades
        from heuer.link.pipeline import stored_grades

        grades = Grades(stored_grades(self.store))
        names = self.actor_names()
        counts: dict[tuple[str, str, str | None], int] = {}
        for claim, att in self.store.claims():
            if att is None:
                art = self.store.article(claim.article_id)
                key = ("outlet", (art.outlet if art else None) or "(unknown outlet)", None)
            else:
                label = names.get(att.source_actor, att.source_text) if att.source_actor else att.source_text
                key = (att.source_kind, label or "(no source)", att.source_actor)
                if att.via:
                    via = ("media (intermediary)", names.get(att.via, att.via), att.via)
                    counts[via] = counts.get(via, 0) + 1
            counts[key] = counts.get(key, 0) + 1
        for a in self.store.articles():
            key = ("outlet", a.outlet or "(unknown outlet)", None)
            counts.setdefault(key, 0)
        out = []
        for (kind, name, actor), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1])):
            g = grades.of(name, actor)
            out.append(
                {
                    "source": name,
                    "kind": kind,
                    "actor": actor,
                    "claims": n,
                    "reliability": str(g.reliability),
                    "reason": g.reason,
                }
            )
        return out

    # --- assess ---------------------------------------------------------------------------------------

    def ask(
        self,
        text: str,
        hypotheses: Sequence[str] = (),
        priors: Sequence[float] = (),
        by: str | None = None,
        since: str | None = None,
    ) -> Question:
        """Store a question with mutually exclusive hypotheses (yes/no unless given); returns it with id."""
        from heuer.assess.questions import make_question

        q = make_question(text, hypotheses, priors, by=by, since=since)
        q.id = self.store.add_question(q)
        return q

    def questions(self) -> list[Question]:
        return self.store.questions()

    def question(self, ref: str) -> Question | None:
        """A stored question by id, or by its exact text (case and spacing ignored)."""
        ref = ref.strip()
        if ref.isdigit():
            return self.store.question(int(ref))
        key = " ".join(ref.split()).casefold()
        matches = [q for q in self.store.questions() if " ".join(q.text.split()).casefold() == key]
        return matches[-1] if matches else None

    def suggest_questions(self, limit: int = 10) -> list[Suggestion]:
        from heuer.assess.questions import suggest_questions

        clusters = self.store.clusters()
        of = {m["claim_id"]: (c["id"], c["independent_origins"] or 0) for c in clusters for m in c["members"]}
        items = [(k, c, *of.get(k, (None, 1))) for k, c in self.store.link_inputs().claims.items()]
        return suggest_questions(items, limit=limit)

    def assess(
        self, question: Question, as_of: str | None = None, include_undated: bool = False, save: bool = True
    ) -> Assessment:
        """Assess a stored question as of a date (see heuer.assess.pipeline); stored unless save=False."""
        from heuer.assess.pipeline import Assessor

        result = Assessor(self.store).assess(question, as_of, include_undated, names=self.actor_names())
        if save:
            self.store.write_assessment(result)
        return result

    def report_input(self, assessment: Assessment) -> ReportInput:
        """What a report needs beside the assessment: the articles it cites and the graded sources."""
        from heuer.report import ReportInput

        arts = {}
        for aid in assessment.articles:
            art = self.store.article(aid)
            if art is not None:
                arts[aid] = art
        return ReportInput(assessment=assessment, articles=arts, sources=self.sources())
