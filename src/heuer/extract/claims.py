"""Claims: what each attributed content, and each sentence in the author's own voice, asserts.

The parts of a claim that later stages weigh are decided here, each from the syntax of the clause and
the data file ``data/lexicons/claim_cues.tsv``:
- polarity with negation scope: "the ministry had not seen any indications that X" is negated evidence
  about X (the proposition is X, negated), not an affirmed claim about the ministry's eyesight;
- mode: question, possibility, prediction, assessment, opinion, or reported fact;
- voice: attributed, the author's own, or the author's commentary when the article reads as an opinion
  piece, so commentary is kept apart from what the piece reports.
Certainty and time horizon come from ``certainty`` and ``time``; actors from ``actors``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from heuer.extract.certainty import _columns, _heads
from heuer.extract.nlp import doc_text
from heuer.lexicon import data_path, read_table
from heuer.model import ActorMention, Attribution, Claim, ClaimMode

CUE_KINDS = (
    "negator",
    "evidential_noun",
    "evidential_verb",
    "future",
    "possibility",
    "assessment",
    "obligation",
    "first_person",
    "evaluative",
)
OPINION_SHARE = 0.3  # author sentences with commentary markers needed to call a piece opinion
MIN_CLAIM_TOKENS = 4


@dataclass(frozen=True)
class ClaimCues:
    by_kind: dict[str, frozenset[str]] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> frozenset[str]:
        return self.by_kind.get(kind, frozenset())


def load_claim_cues(path: str | None = None) -> ClaimCues:
    def check(row: dict[str, str]) -> str | None:
        return None if row["kind"] in CUE_KINDS else f"unknown kind {row['kind']!r}"

    rows = read_table(
        path or data_path("lexicons", "claim_cues.tsv"), ["phrase", "kind", "source"], check=check
    )
    kinds: dict[str, set[str]] = {}
    for row in rows:
        kinds.setdefault(row["kind"], set()).add(row["phrase"].lower())
    return ClaimCues({k: frozenset(v) for k, v in kinds.items()})


@lru_cache(maxsize=1)
def default_cues() -> ClaimCues:
    return load_claim_cues()


# --- polarity -------------------------------------------------------------------------------------


def _text(span: Span) -> str:
    """``span.text``, sliced from the Doc's text rather than joined from the span's tokens."""
    return doc_text(span.doc)[span.start_char : span.end_char]


@dataclass(frozen=True)
class Polarity:
    negated: bool
    negation: str | None
    focus: tuple[int, int]  # character span of the proposition itself
    evidential: bool = False


def clause_head(span: Span) -> Token:
    """The token of the span whose head lies outside it: the clause's main predicate."""
    cols = _columns(span.doc)
    head, pos, dep = _heads(span.doc), cols.pos, cols.dep
    a, b = span.start, span.end
    for i in range(a, b):
        h = head[i]
        if (h == i or not a <= h < b) and (pos[i] in ("VERB", "AUX") or dep[i] == "ROOT"):
            return span.doc[i]
    return span.root


def _negators(tok: Token, cues: ClaimCues) -> list[Token]:
    """Negation on a predicate: 'not'/'never' on it, 'no'/'none'/'nobody' as its subject or object."""
    out = [c for c in tok.children if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never")]
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "expl") and c.lower_ in cues["negator"]:
            out.append(c)
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
            out += [d for d in c.children if d.dep_ == "det" and d.lower_ in cues["negator"]]
    return out


def _evidential_complement(head: Token, cues: ClaimCues) -> tuple[Token, Token] | None:
    """(evidence noun, its 'that' clause) when the predicate frames a proposition as evidence.

    The frame may be whole ("there is no sign that X") or start at the noun when the verb was taken as
    the attribution's cue ("[has not seen] [any evidence that X]").
    """
    if head.lemma_.lower() in cues["evidential_noun"]:
        for clause in head.children:
            if clause.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" for m in clause.children):
                return head, clause
        return None
    if head.lemma_.lower() not in cues["evidential_verb"]:
        return None
    for obj in head.children:
        if obj.dep_ in ("dobj", "attr", "nsubj") and obj.lemma_.lower() in cues["evidential_noun"]:
            for clause in obj.children:
                if clause.dep_ in ("acl", "ccomp", "relcl") and any(
                    m.dep_ == "mark" for m in clause.children
                ):
                    return obj, clause
    return None


def polarity_of(span: Span, cues: ClaimCues | None = None) -> Polarity:
    cues = cues or default_cues()
    head = clause_head(span)
    negs = _negators(head, cues)
    frame = _evidential_complement(head, cues)
    if frame is not None:
        noun, clause = frame
        negs += [d for d in noun.children if d.dep_ == "det" and d.lower_ in cues["negator"]]
        toks = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause)]
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t) for t in toks if not t.is_punct or t.i < clause.i)
        negation = None
        if negs:
            first = min(
                [*negs, head, *(c for c in head.children if c.dep_ in ("aux", "expl"))], key=lambda t: t.i
            )
            negation = span.doc[first.i : noun.i + 1].text
        return Polarity(bool(negs), negation, (start, end), evidential=True)
    text_end = span.end_char
    while text_end > span.start_char and doc_text(span.doc)[text_end - 1] in " .;,\"'”’":
        text_end -= 1
    negation = " ".join(t.text for t in sorted(negs, key=lambda t: t.i)) if negs else None
    return Polarity(bool(negs), negation, (span.start_char, text_end))


_LEAD = re.compile(r"^(?:that\s+|[\"“‘']\s*)+", re.I)
_TRAIL = re.compile(r"[\s\"”’'.,;:]+$")


def proposition_text(doc: Doc, pol: Polarity) -> str:
    """The proposition in plain words: complementiser and quotes off, negation words out when negated."""
    start, end = pol.focus
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return _TRAIL.sub("", _LEAD.sub("", doc_text(doc)[start:end]))
    cols = _columns(doc)
    if pol.negated and not pol.evidential:
        words = []
        for i in range(span.start, span.end):
            if cols.dep[i] == "neg":
                if words and cols.space[i] and not words[-1].endswith(" "):
                    words[-1] += " "  # "wouldn't add" -> "would add", not "wouldadd"
                continue
            words.append(cols.text[i] + " " if cols.space[i] else cols.text[i])
        text = "".join(words)
    else:
        # every token with its trailing space: the Doc's text from the span's start to its last space
        last = span.end - 1
        text = doc_text(doc)[span.start_char : span.end_char + (1 if cols.space[last] else 0)]
    text = text.replace("“", "").replace("”", "").replace('"', "")
    return " ".join(_TRAIL.sub("", _LEAD.sub("", text)).split())


# --- mode and voice --------------------------------------------------------------------------------


def _lowered(span: Span) -> str:
    """The span's words lower-cased, with a space at each end so a phrase matches whole words only."""
    return " " + " ".join(_columns(span.doc).lower[span.start : span.end]) + " "


@lru_cache(maxsize=32)
def _padded(phrases: frozenset[str]) -> tuple[str, ...]:
    return tuple(f" {p} " for p in phrases)


def _has_phrase(span: Span, phrases: frozenset[str]) -> bool:
    low = _lowered(span)
    return any(p in low for p in _padded(phrases))


def mode_of(span: Span, cue_lemma: str | None, voice: str, cues: ClaimCues | None = None) -> ClaimMode:
    """One mode per claim, the most specific first: a question, then what the modality says."""
    cues = cues or default_cues()
    if _text(span).rstrip(" \"'”’").endswith("?"):
        return "question"
    if _has_phrase(span, cues["possibility"]):
        return "possibility"
    if _has_phrase(span, cues["future"]):
        return "prediction"
    if cue_lemma and cue_lemma.lower() in cues["assessment"]:
        return "assessment"
    if voice != "attributed" and commentary_markers(span, cues) > 0:
        return "opinion"
    return "reported_fact"


def commentary_markers(span: Span, cues: ClaimCues | None = None) -> int:
    """Signs that the writer speaks for themselves: first/second person, ought-modals, stance words.

    Words inside quotation marks are someone else's, so they are not counted.
    """
    cues = cues or default_cues()
    cols = _columns(span.doc)
    lower, pos, tag = cols.lower, cols.pos, cols.tag
    own = _unquoted(cols.text, span.start, span.end)
    first_person, obligation = cues["first_person"], cues["obligation"]
    n = sum(1 for i in own if lower[i] in first_person and pos[i] == "PRON")
    n += sum(1 for i in own if lower[i] in obligation and tag[i] == "MD")
    # each evaluative phrase counts once, however often it occurs
    low = _lowered(span)
    n += sum(1 for p in _padded(cues["evaluative"]) if p in low)
    n += _text(span).rstrip().endswith(("?", "!"))
    return n


_OPEN_QUOTES = {"“", "‘", "«"}
_CLOSE_QUOTES = {"”", "’", "»"}


def unquoted(span: Span) -> list[Token]:
    """The tokens of a span outside quotation marks (straight quotes toggle, curly ones open and close)."""
    return [span.doc[i] for i in _unquoted(_columns(span.doc).text, span.start, span.end)]


_CLOSING = frozenset(_CLOSE_QUOTES - {"’"})


def _unquoted(text: list[str], start: int, end: int) -> list[int]:
    """``unquoted`` as token indices, from the tokens' texts."""
    out, inside = [], False
    for i in range(start, end):
        t = text[i]
        if t in _OPEN_QUOTES or (t == '"' and not inside):
            inside = True
        elif t in _CLOSING or (t == '"' and inside):
            inside = False
        elif not inside:
            out.append(i)
    return out


def asserts_something(sent: Span) -> bool:
    """A sentence with a finite predicate and a few words; headlines, captions and lead-ins to embedded
    posts (ending in ':') are not claims on their own."""
    cols = _columns(sent.doc)
    a, b = sent.start, sent.end
    if (b - a) - sum(cols.punct[a:b]) < MIN_CLAIM_TOKENS:
        return False
    if _text(sent).rstrip().endswith(":"):
        return False
    doc, pos, dep = sent.doc, cols.pos, cols.dep
    return any(
        pos[i] in ("VERB", "AUX") and (doc[i].morph.get("VerbForm") in (["Fin"], []) or dep[i] == "ROOT")
        for i in range(a, b)
    )


# --- building claims --------------------------------------------------------------------------------


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> float:
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return covered / max(1, end - start)


def _sentence_of(doc: Doc, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return (start, end)
    return (span[0].sent.start_char, span[-1].sent.end_char)


def build_claims(
    doc: Doc,
    attributions: Sequence[Attribution],
    article_id: str,
    mentions: Sequence[ActorMention] = (),
    cues: ClaimCues | None = None,
) -> list[Claim]:
    """Claims of one article, attributed ones first, in text order within each group.

    Certainty and horizon are left empty here; ``add_certainty`` and ``add_horizons`` fill them (the
    pipeline runs them as their own components).
    """
    cues = cues or default_cues()
    claims: list[Claim] = []

    def make(
        start: int, end: int, voice: str, attribution: int | None, cue_lemma: str | None, cue_neg: str | None
    ) -> Claim | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        pol = polarity_of(span, cues)
        if cue_neg and not pol.negated:
            # "officials have not seen [any sign that X]": the negation sits on the cue, not the content
            pol = Polarity(True, cue_neg, pol.focus, pol.evidential)
        proposition = proposition_text(doc, pol)
        if not proposition:
            return None
        focus = doc.char_span(*pol.focus, alignment_mode="expand") or span
        return Claim(
            article_id=article_id,
            sentence=_sentence_of(doc, start, end),
            content=(start, end),
            attribution=attribution,
            voice=voice,  # type: ignore[arg-type]
            proposition=proposition,
            polarity="negated" if pol.negated else "affirmed",
            negation=pol.negation,
            mode=mode_of(focus, cue_lemma, voice, cues),
            actors=sorted({m.actor_id for m in mentions if m.start >= start and m.end <= end}),
        )

    content_spans: list[tuple[int, int]] = []
    for i, att in enumerate(attributions):
        start, end = att.content[0][0], att.content[-1][1]
        content_spans.append((start, end))
        cue_words = [t for s0, e0 in att.cue for t in (doc.char_span(s0, e0, alignment_mode="expand") or [])]
        cue_neg = (
            " ".join(t.text for t in cue_words)
            if any(t.dep_ == "neg" or t.lower_ in cues["negator"] for t in cue_words)
            else None
        )
        claim = make(start, end, "attributed", i, att.cue_lemma, cue_neg)
        if claim:
            claims.append(claim)

    cue_spans = [seg for att in attributions for seg in att.cue]
    own = [
        s
        for s in doc.sents
        if _covered(s.start_char, s.end_char, content_spans) < 0.5
        and _covered(s.start_char, s.end_char, cue_spans) == 0  # a sentence with a cue is a report
        and asserts_something(s)
    ]
    commentary = sum(1 for s in own if commentary_markers(s, cues) > 0)
    opinion_piece = bool(own) and commentary / len(own) >= OPINION_SHARE
    for sent in own:
        voice = "author_opinion" if opinion_piece else "author"
        claim = make(sent.start_char, sent.end_char, voice, None, None, None)
        if claim:
            claims.append(claim)
    return claims


def add_certainty(doc: Doc, claims: Sequence[Claim]) -> None:
    """The estimative word or hedge governing each claim's content, mapped to a probability."""
    from heuer.extract.certainty import find_certainty

    for claim in claims:
        claim.certainty = find_certainty(doc, *claim.content)


def add_horizons(doc: Doc, claims: Sequence[Claim], published: date | None) -> None:
    """When each claim is about, resolved against the publication date where it is known."""
    from heuer.extract.time import find_horizon

    for claim in claims:
        claim.horizon = find_horizon(doc, published, *claim.content)
