"""The assessment run: a question and the store -> evidence, ACH matrix, pooled call -> store.

As-of dates: an assessment as of D reads only articles published on or before D, and rebuilds the
origin graph and the clusters' credibility from those articles alone, so nothing published later can
leak in through "confirmed by other sources". An article without a publication date cannot be shown
to predate D, so an explicit as-of date leaves it out (``include_undated`` keeps it, and the report
says so). Without an as-of date the assessment is "as of now": every stored article counts and the
date shown is the latest publication date among them, or today's when none is dated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime

from heuer.assess import ach, pool
from heuer.assess.evidence import ClaimContext, StanceFn, by_group, judge, mean_scores
from heuer.assess.indicators import Report, indicators
from heuer.link.grading import cluster_credibility, origin_grades
from heuer.link.pipeline import Linker, stored_grades
from heuer.model import (
    Article,
    Assessment,
    Attribution,
    Claim,
    Contribution,
    Evidence,
    EvidenceClaim,
    Question,
)
from heuer.store.db import LinkInputs, Store


class AssessError(ValueError):
    """The assessment cannot run (no claims, an unknown question); the message says why."""


def model_stance() -> tuple[StanceFn, str]:
    """The shipped stance model as a StanceFn, and its name for the report."""
    from heuer.assess.stance import StanceModel

    model = StanceModel.load()

    def fn(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, dict[str, float]]]:
        return [(p.label, dict(p.probs)) for p in model.predict(pairs)]

    return fn, f"FNC-1 stance model ({model.kind})"


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def select_articles(
    articles: Sequence[Article], as_of: str | None, since: str | None, include_undated: bool
) -> tuple[list[Article], dict[str, int], str]:
    """The articles an assessment may read, the counts left out by reason, and the as-of date."""
    left: dict[str, int] = {}
    kept = []
    for a in articles:
        day = _day(a.published)
        if a.non_english:
            left["not English"] = left.get("not English", 0) + 1
        elif day is None and as_of is not None and not include_undated:
            left["no publication date"] = left.get("no publication date", 0) + 1
        elif as_of is not None and day is not None and day > as_of:
            left["published after the as-of date"] = left.get("published after the as-of date", 0) + 1
        elif since is not None and day is not None and day < since:
            left["published before the question's window"] = (
                left.get("published before the question's window", 0) + 1
            )
        else:
            kept.append(a)
    if as_of is None:
        dated = sorted(d for a in kept if (d := _day(a.published)))
        as_of = dated[-1] if dated else date.today().isoformat()
    return kept, left, as_of


# Words that start a statement without being a name: only these are lower-cased inside the call.
_LOWER_FIRST = {"the", "a", "an", "this", "that", "these", "those", "it", "its", "there", "their", "some"}


def _statement(p: float, word: str, text: str) -> str:
    """The call as one sentence of likelihood only (ICD 203 keeps confidence in its own sentence)."""
    text = text.strip().rstrip(".")
    first, _, rest = text.partition(" ")
    if first.lower() in _LOWER_FIRST:
        text = f"{first.lower()} {rest}".strip()
    if word in ("roughly even chance", "almost no chance"):
        article = "a " if word.startswith("roughly") else ""
        return f"There is {article}{word} ({p:.0%}) that {text}."
    return f"It is {word} ({p:.0%}) that {text}."


class Assessor:
    def __init__(self, store: Store, stance: StanceFn | None = None, stance_name: str | None = None):
        self.store = store
        self._stance = stance
        self._stance_name = stance_name

    def stance(self) -> tuple[StanceFn, str]:
        if self._stance is None:
            self._stance, self._stance_name = model_stance()
        return self._stance, self._stance_name or "custom stance function"

    def assess(
        self,
        question: Question,
        as_of: str | None = None,
        include_undated: bool = False,
        names: dict[str, str] | None = None,
    ) -> Assessment:
        if as_of is not None:
            try:
                date.fromisoformat(as_of)
            except ValueError as exc:
                raise AssessError(f"as-of date {as_of!r} is not an ISO date (YYYY-MM-DD)") from exc
        inputs = self.store.link_inputs()
        articles, left_out, as_of = select_articles(inputs.articles, as_of, question.since, include_undated)
        keep = {a.id for a in articles}
        claims = {k: c for k, c in inputs.claims.items() if c.article_id in keep}
        if not claims:
            raise AssessError(
                "no extracted claims to assess"
                + (f" in articles published by {as_of}" if left_out else "")
                + ": run 'heuer extract' and 'heuer link' first"
            )
        memberships = {m["claim_id"]: c for c in self.store.clusters() for m in c["members"]}
        clusters = {k: memberships[k]["id"] for k in claims if k in memberships}
        sub = LinkInputs(
            articles,
            [lk for lk in inputs.links if lk.a in keep and lk.b in keep],
            {k: v for k, v in inputs.attributions.items() if k in keep},
            claims,
        )
        graph = Linker(self.store).graph(sub, names=names)
        grades = stored_grades(self.store)
        cred = cluster_credibility(graph, grades)
        by_article = {a.id: a for a in articles}
        contexts = []
        for k, c in sorted(claims.items()):
            if c.mode == "question" or k not in graph.groups:
                continue
            att = sub.attributions.get(c.article_id, [])[c.attribution] if c.attribution is not None else None
            cluster = clusters.get(k)
            cg = cred.get(str(cluster)) if cluster is not None else None
            group = graph.groups[k]
            rel = origin_grades(graph, grades, str(cluster) if cluster is not None else None).get(group)
            contexts.append(self._context(k, c, att, by_article[c.article_id], group, graph, rel, cg, names))
        stance_fn, stance_name = self.stance()
        hyps = question.hypotheses
        ev_claims = judge(contexts, hyps, stance_fn)
        return self._assemble(
            question, as_of, articles, left_out, ev_claims, clusters, cred, claims, stance_name
        )

    @staticmethod
    def _context(
        k, c: Claim, att: Attribution | None, art: Article, group, graph, rel, cg, names
    ) -> ClaimContext:
        names = names or {}
        if att is not None:
            source = names.get(att.source_actor, att.source_text) if att.source_actor else att.source_text
            source = source or "(unnamed source)"
            kind = att.source_kind
        else:
            source, kind = art.outlet or art.title or f"article {art.id[:8]}", "author"
        text = art.text
        return ClaimContext(
            claim_id=k,
            article_id=c.article_id,
            outlet=art.outlet,
            title=art.title,
            published=art.published,
            sentence=c.sentence,
            content=c.content,
            sentence_text=text[c.sentence[0] : c.sentence[1]],
            proposition=c.proposition,
            source=source,
            source_kind=kind,
            voice=c.voice,
            polarity=c.polarity,
            mode=c.mode,
            certainty_cue=c.certainty.cue if c.certainty else None,
            certainty_p=c.certainty.p if c.certainty else None,
            group=group,
            group_label=graph.nodes[group].label if group in graph.nodes else group,
            reliability=str(rel.reliability) if rel else "F",
            credibility=int(cg.credibility) if cg else 6,
        )

    def _assemble(
        self,
        question: Question,
        as_of: str,
        articles: list[Article],
        left_out: dict[str, int],
        ev_claims: list[EvidenceClaim],
        clusters: dict[int, int],
        cred: dict,
        claims: dict[int, Claim],
        stance_name: str,
    ) -> Assessment:
        hyps = question.hypotheses
        labels = [h.label for h in hyps]
        priors = {h.label: h.prior for h in hyps}
        groups = by_group(ev_claims)
        group_llr = {g: pool.group_llr([c.llr for c in cs]) for g, cs in groups.items()}
        group_llr = {g: v for g, v in group_llr.items() if any(abs(x) > 1e-9 for x in v.values())}
        group_articles = {g: {c.article_id for c in groups[g]} for g in group_llr}
        channel = pool.channel_factors(group_articles)
        group_llr = {g: {h: channel[g] * x for h, x in v.items()} for g, v in group_llr.items()}
        probs = pool.posterior(priors, group_llr)
        binary = len(hyps) == 2 and any(h.negates for h in hyps)
        best = pool.favoured(probs)
        headline = labels[0] if binary else best
        p = probs[headline]
        word, band = pool.icd203(p)

        # ACH rows: one per claim cluster (claims without a cluster stand alone)
        rows_by: dict[object, list[EvidenceClaim]] = {}
        for c in ev_claims:
            rows_by.setdefault(clusters.get(c.claim_id, f"claim:{c.claim_id}"), []).append(c)
        rows = []
        for key, cs in rows_by.items():
            scores = mean_scores(cs, "score")
            llr = mean_scores(cs, "llr")
            m = max(c.strength for c in cs)
            cg = cred.get(str(key)) if isinstance(key, int) else None
            letters = sorted({c.reliability for c in cs})
            best_letter = letters[0] if letters else "F"
            credibility = int(cg.credibility) if cg else 6
            rows.append(
                Evidence(
                    id="",
                    cluster_id=key if isinstance(key, int) else None,
                    text=min((c.proposition for c in cs), key=lambda t: (len(t), t)),
                    claims=sorted(cs, key=lambda c: c.claim_id),
                    groups=sorted({c.group for c in cs}),
                    ratings={h: ach.rating(scores.get(h), m) for h in labels},
                    strength=round(m, 4),
                    reliability=best_letter,
                    credibility=credibility,
                    credibility_reason=cg.reason if cg else "a single claim, not compared",
                    weight=round(pool.weight(best_letter, credibility), 4),
                    diagnosticity=round(ach.diagnosticity({h: llr.get(h, 0.0) for h in labels}), 4),
                )
            )
        rows.sort(key=lambda r: (-r.diagnosticity, -r.weight, r.claims[0].claim_id))
        for i, r in enumerate(rows, 1):
            r.id = f"E{i}"
        evidence_of: dict[str, list[str]] = {}
        for r in rows:
            for g in r.groups:
                evidence_of.setdefault(g, []).append(r.id)
        group_labels = {c.group: c.group_label for c in ev_claims}

        # contributions: groups added one by one, strongest first, so they sum to the final log-odds
        prior_lo = pool.logit(priors[headline]) if len(hyps) > 1 else 0.0
        order = sorted(group_llr, key=lambda g: (-abs(_shift(priors, group_llr, g, headline)), g))
        contributions, acc, last = [], {}, prior_lo
        for g in order:
            acc[g] = group_llr[g]
            now = pool.logit(pool.posterior(priors, acc)[headline])
            contributions.append(
                Contribution(
                    group=g,
                    label=group_labels.get(g, g),
                    evidence=evidence_of.get(g, []),
                    claims=sorted(c.claim_id for c in groups[g]),
                    delta={h: round(v, 6) for h, v in group_llr[g].items()},
                    log_odds=round(now - last, 6),
                    channel_factor=round(channel[g], 4),
                )
            )
            last = now
        final_lo = pool.logit(p)

        sens = ach.sensitivity(priors, group_llr, group_labels, evidence_of)
        text_of = {h.label: h.text for h in hyps}
        would_change = []
        for s_ in sens:
            if s_.removed:
                would_change.append(
                    f"Without {s_.label} ({', '.join(s_.evidence)}), {s_.removed} ({text_of[s_.removed]}) "
                    "would be favoured."
                )
            if s_.reversed:
                would_change.append(
                    f"If {s_.label} said the opposite ({', '.join(s_.evidence)}), {s_.reversed} "
                    f"({text_of[s_.reversed]}) would be favoured."
                )
        ranked = sorted(probs.values(), reverse=True)
        # the gap in log-score between the favoured hypothesis and the runner-up (binary: |log-odds|)
        margin = math.log(ranked[0] / ranked[1]) if len(ranked) > 1 else 0.0
        strongest = max((abs(c.log_odds) for c in contributions), default=0.0)
        if strongest > 0:
            n = max(1, int(margin / strongest) + 1)
            would_change.append(
                f"A swing of {margin:.2f} in log-odds would change the call: about {n} new independent "
                f"origin{'s' if n > 1 else ''} as strong as the strongest so far, pointing the other way."
            )
        if not sens and contributions:
            would_change.insert(
                0, "No single origin is a linchpin: removing or reversing any one leaves the call."
            )

        # confidence: amount, independence, reliability, agreement (never the probability itself)
        # agreement is read claim by claim: averaging inside an origin group would hide a report that
        # carries evidence both ways (an official's warning beside another's "no indications")
        direction = 1 if final_lo >= prior_lo else -1
        shifts = [_claim_shift(c, headline) for c in ev_claims]
        total = sum(abs(d) for d in shifts)
        agree = sum(abs(d) for d in shifts if d * direction > 0)
        weights = [sum(c.weight for c in groups[g]) / len(groups[g]) for g in group_llr]
        graded = sum(1 for g in group_llr if any(c.reliability != "F" for c in groups[g]))
        base = pool.EvidenceBase(
            groups=len(group_llr),
            graded=graded,
            mean_weight=sum(weights) / len(weights) if weights else 0.0,
            agreement=agree / total if total else 0.0,
            channels=pool.channel_count(group_articles),
            effective=sum(channel.values()),
        )
        level, reasons = pool.confidence(base)

        horizons = {
            k: (c.horizon.text if c.horizon else None, c.horizon.date_to if c.horizon else None)
            for k, c in claims.items()
        }
        by_id = {a.id: a for a in articles}
        reports = [
            Report(k, clusters.get(k), by_id[c.article_id].published, c.polarity, c.mode)
            for k, c in claims.items()
            if c.mode == "reported_fact"
        ]
        inds = indicators(ev_claims, horizons, clusters, reports, as_of)
        statement = text_of[headline]
        call = _statement(p, word, statement)
        summary = f"As of {as_of}, {call[0].lower()}{call[1:]}"
        conf_sentence = f"Confidence in this judgement is {level}: " + "; ".join(reasons) + "."
        return Assessment(
            question=question,
            as_of=as_of,
            created=datetime.now(UTC).replace(microsecond=0).isoformat(),
            articles=sorted(by_id),
            left_out=left_out,
            headline=headline,
            probabilities={h: round(v, 6) for h, v in probs.items()},
            prior_log_odds=round(prior_lo, 6),
            log_odds=round(final_lo, 6),
            favoured=best,
            word=word,
            band=band,
            confidence=level,
            confidence_reasons=reasons,
            formula=pool.formula(),
            evidence=rows,
            inconsistency=ach.inconsistency(rows, labels),
            contributions=contributions,
            indicators=inds,
            sensitivity=sens,
            would_change=would_change,
            stance_model=stance_name,
            summary=summary,
            confidence_statement=conf_sentence,
        )


def _claim_shift(c: EvidenceClaim, headline: str) -> float:
    """How a claim moves the headline hypothesis against the others (its share minus their mean)."""
    others = [v for h, v in c.llr.items() if h != headline]
    return c.llr.get(headline, 0.0) - (sum(others) / len(others) if others else 0.0)


def _shift(priors, group_llr, g, headline) -> float:
    alone = pool.posterior(priors, {g: group_llr[g]})[headline]
    return pool.logit(alone) - pool.logit(priors[headline])
