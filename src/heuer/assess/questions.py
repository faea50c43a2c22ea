"""Questions and their competing hypotheses, and questions suggested from what the coverage predicts.

A yes/no question becomes two hypotheses: the question turned into a statement ("Will X join the war?"
-> "X will join the war") and its negation. The stance model compares evidence with statements, not
questions, and the "no" hypothesis is marked as the negation of the "yes" one so its evidence is the
mirror image instead of a second, noisier stance judgement. Priors default to uniform.

Suggestions come from the store: predictions and possibilities reported by the most independent
origins are what a situation's coverage is waiting on, so each becomes a draft yes/no question with a
"by" date taken from the claim's horizon where it has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from heuer.model import Claim, Hypothesis, Question

AUXILIARIES = {
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "is",
    "are",
    "was",
    "were",
    "am",
    "does",
    "do",
    "did",
    "has",
    "have",
    "had",
}
WH_WORDS = {"who", "what", "which", "when", "where", "why", "how", "whom", "whose"}
# auxiliaries whose statement form is not "subject + aux + rest" but the bare verb inflected: "Does X
# plan ...?" -> "X plans ..." would need morphology; "X does plan ..." is grammatical and keeps the
# meaning, so the auxiliary stays.
_NEGATABLE = {"will": "will not", "would": "would not", "can": "cannot", "could": "could not"}


class QuestionError(ValueError):
    """A question or hypothesis set that cannot be assessed; the message says why."""


def statement_of(question: str) -> str:
    """A yes/no question as a declarative statement: the auxiliary moved after the subject.

    English parsers trained on news read declaratives far better than questions ("Will dock workers
    strike?" parses "dock" as the main verb), so the auxiliary is taken off and the rest is parsed as
    a statement ("dock workers strike at the ports"): its subject is the root's nominal subject, or
    else the leading noun phrase. "Will X strike?" -> "X will strike"; "Is X at war?" -> "X is at war".
    A question that does not start with an auxiliary, or whose subject cannot be found, comes back
    without its question mark: the stance model still reads it, only less naturally.
    """
    text = question.strip().rstrip("?").strip()
    if not text:
        raise QuestionError("the question is empty")
    aux, _, rest = text.partition(" ")
    if aux.lower() not in AUXILIARIES or not rest.strip():
        return text
    from heuer.extract.nlp import load_base

    doc = load_base(("ner",))(rest.strip())
    end = None
    for sent in doc.sents:
        root = sent.root
        subjects = [t for t in root.children if t.dep_ in ("nsubj", "nsubjpass", "expl")]
        if root.pos_ in ("VERB", "AUX") and subjects and subjects[0].left_edge.i == 0:
            end = subjects[0].right_edge.i + 1
        break
    if end is None:
        chunks = [c for c in doc.noun_chunks if c.start == 0]
        end = chunks[0].end if chunks else None
    if end is None or end >= len(doc):
        return text
    # the subject keeps the question's casing: "Will the bank ..." -> "the bank will ...", so the
    # statement reads right inside a sentence ("It is likely that the bank will ...")
    return f"{doc[:end].text} {aux.lower()} {doc[end:].text}"


def negation_of(statement: str) -> str:
    """The plain negation of a statement made by ``statement_of``: "X will join" -> "X will not join"."""
    words = statement.split()
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in AUXILIARIES:
            words[i] = _NEGATABLE.get(lw, f"{w} not")
            return " ".join(words)
    return f"It is not the case that {statement[0].lower()}{statement[1:]}"


def make_question(
    text: str,
    hypotheses: Sequence[str] = (),
    priors: Sequence[float] = (),
    by: str | None = None,
    since: str | None = None,
) -> Question:
    """A Question with validated hypotheses and priors (uniform unless given; they must sum to 1)."""
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty")
    if hypotheses and len(hypotheses) < 2:
        raise QuestionError("give at least two hypotheses, or none for yes/no")
    if len({h.strip().lower() for h in hypotheses}) != len(hypotheses):
        raise QuestionError("two hypotheses have the same text")
    if hypotheses:
        texts = [" ".join(h.split()) for h in hypotheses]
        negates: list[str | None] = [None] * len(texts)
    else:
        first = text.split(maxsplit=1)[0].lower().strip(",")
        if first in WH_WORDS:
            raise QuestionError(
                f"{text!r} is not a yes/no question: give its possible answers with --hypothesis"
            )
        yes = statement_of(text)
        texts, negates = [yes, negation_of(yes)], [None, "H1"]
    n = len(texts)
    if priors:
        if len(priors) != n:
            raise QuestionError(f"{len(priors)} priors for {n} hypotheses")
        if any(not 0 < p < 1 for p in priors):
            raise QuestionError("every prior must lie strictly between 0 and 1")
        if abs(sum(priors) - 1) > 1e-6:
            raise QuestionError(f"priors sum to {sum(priors):g}, not 1: hypotheses are mutually exclusive")
        ps = list(priors)
    else:
        ps = [1 / n] * n
    for label, value in (("by", by), ("since", since)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError as exc:
                raise QuestionError(f"--{label} {value!r} is not an ISO date (YYYY-MM-DD)") from exc
    return Question(
        text=text,
        hypotheses=[
            Hypothesis(label=f"H{i + 1}", text=t, prior=p, negates=neg)
            for i, (t, p, neg) in enumerate(zip(texts, ps, negates, strict=True))
        ],
        by=by,
        since=since,
    )


# --- suggestions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    question: str
    by: str | None
    origins: int
    claims: int
    cluster_id: int | None
    example: str


_MODALS = re.compile(
    r"\b(could|would|might|may|will|shall|can|should|must)\s+(soon\s+|well\s+|still\s+|eventually\s+)?",
    re.IGNORECASE,
)


def question_from_claim(proposition: str) -> str | None:
    """A yes/no question from a predicted or possible proposition: "X could soon join Y" -> "Will X
    join Y?". Hedges and time words move out of the question (the horizon becomes its "by" date).

    The parse must show the modal's clause with its subject right before the modal; a proposition
    that opens with anything else ("In this source's view, this would ..."), a pronoun subject, a
    past possibility ("may have survived") or too short a remainder gives None.
    """
    text = " ".join(proposition.split()).strip(" .;:,")
    m = _MODALS.search(text)
    if not m:
        return None
    subject = text[: m.start()].strip()
    rest = text[m.end() :].strip()
    if subject.lower().startswith(("that ", "if ", "whether ")):
        subject = subject.split(" ", 1)[1]
    if " that " in subject:  # "it is likely that X will ..." asks about X
        subject = subject.rsplit(" that ", 1)[1]
    if not subject or len(rest.split()) < 2 or rest.split()[0].lower() == "have":
        return None
    from heuer.extract.nlp import load_base

    doc = load_base(("ner",))(f"{subject} {m.group(1).lower()} {rest}")
    n_subject = len(load_base(("ner",)).make_doc(subject))
    modal = doc[n_subject] if n_subject < len(doc) else None
    verb = modal.head if modal is not None else None
    subjects = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")] if verb is not None else []
    if not subjects or subjects[0].left_edge.i != 0 or subjects[0].right_edge.i != n_subject - 1:
        return None
    if subjects[0].pos_ == "PRON" or subjects[0].lower_ in {"this", "that", "which", "who"}:
        return None
    first = doc[0]
    if first.text[:1].isupper() and not first.text.isupper() and first.pos_ not in ("PROPN", "ADJ"):
        subject = f"{first.text.lower()}{subject[len(first.text) :]}"  # a sentence-initial capital
    return f"Will {subject} {rest}?"


def suggest_questions(
    items: Iterable[tuple[int, Claim, int | None, int]], limit: int = 10
) -> list[Suggestion]:
    """Draft questions from (claim id, claim, cluster id, independent origins of its cluster).

    Only predictions and possibilities count; one suggestion per cluster, ranked by independent
    origins, then claims, then how early the horizon ends.
    """
    by_cluster: dict[object, list[tuple[int, Claim, int]]] = {}
    for claim_id, claim, cluster, origins in items:
        if claim.mode not in ("prediction", "possibility") or claim.polarity != "affirmed":
            continue
        key = cluster if cluster is not None else f"claim:{claim_id}"
        by_cluster.setdefault(key, []).append((claim_id, claim, origins))
    out = []
    for key, members in by_cluster.items():
        for _, claim, _origins in sorted(members, key=lambda m: (len(m[1].proposition), m[0])):
            q = question_from_claim(claim.proposition)
            if q is None:
                continue
            dates = sorted(m[1].horizon.date_to for m in members if m[1].horizon and m[1].horizon.date_to)
            out.append(
                Suggestion(
                    question=q,
                    by=dates[0][:10] if dates else None,
                    origins=max(m[2] for m in members),
                    claims=len(members),
                    cluster_id=key if isinstance(key, int) else None,
                    example=claim.proposition,
                )
            )
            break
    out.sort(key=lambda s: (-s.origins, -s.claims, s.by or "9999", s.question))
    return out[:limit]
