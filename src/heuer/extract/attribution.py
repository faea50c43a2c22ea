"""Attribution extraction: who said (or believes) what, with the words that say so.

Two linear-chain CRFs run in turn. The first tags cue spans (BIO) over each sentence: reporting verbs,
nouns such as "the assessment that", phrases such as "according to", with the particles and prepositions
PolNeAR counts as part of the cue. The second runs once per cue over a window around it and tags the
source and the content, with features relative to that cue (side, distance, dependency branch, quotation
state). A CRF is used rather than rules because the same words are cues in one sentence and not in the
next ("said" in a relative clause, "claims" as a noun of the topic); it is used rather than a transformer
because it runs on a CPU at many articles a second and ships in a few megabytes.

After tagging, plain rules finish the records: the kind (direct, mixed, indirect) from how much of the
content is inside quotation marks, a pronoun source resolved to the nearest earlier compatible source, and
an intermediary ("officials told <outlet>") recorded as ``via``. Models are trained by
``scripts/train_attribution.py`` on PolNeAR and load from ``heuer/data/models/attribution``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc

from heuer.extract import attribution_features as af
from heuer.extract.attribution_tokens import OPEN_QUOTES, QUOTE_CHARS, TokenTable, from_doc
from heuer.model import Attribution, Segments

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
MODEL_DIR = "models/attribution"
CUE_MODEL = "cue.crfsuite"
ROLE_MODEL = "role.crfsuite"

PRONOUNS = {
    "he": "m",
    "him": "m",
    "she": "f",
    "her": "f",
    "they": "p",
    "them": "p",
    "we": "p",
    "i": "s",
    "it": "n",
    "you": "s",
}


@dataclass
class Taggers:
    cue: pycrfsuite.Tagger
    role: pycrfsuite.Tagger
    before: int = 0
    after: int = 0


def _open(path: Path) -> pycrfsuite.Tagger:
    if not path.exists():
        raise FileNotFoundError(f"{path}: attribution model missing; run scripts/train_attribution.py")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def load_taggers(folder: str | Path | None = None) -> Taggers:
    if folder is None:
        folder = DATA_DIR / MODEL_DIR
    folder = Path(folder)
    before = after = 0
    meta = folder / "window.txt"
    if meta.exists():
        before, after = (int(x) for x in meta.read_text().split())
    return Taggers(_open(folder / CUE_MODEL), _open(folder / ROLE_MODEL), before, after)


@lru_cache(maxsize=1)
def default_taggers() -> Taggers:
    """The shipped models, opened once per process."""
    return load_taggers()


@dataclass
class RawAttribution:
    """Token-level result for one cue, before it becomes character offsets."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: list[tuple[int, int]]


def tag_cues(table: TokenTable, tagger: pycrfsuite.Tagger) -> list[tuple[int, int]]:
    feats = af.cue_features(table)
    cues = []
    for a, b in af.cue_windows(table):
        tags = tagger.tag(feats[a:b])
        cues += [(a + s, a + e) for s, e in af.runs(tags, "CUE")]
    return cues


def tag_roles(
    table: TokenTable, cue: tuple[int, int], tagger: pycrfsuite.Tagger, before: int = 0, after: int = 0
) -> RawAttribution | None:
    a, b = af.role_window(table, cue, before, after)
    tags = tagger.tag(af.role_features(table, (a, b), cue))
    sources = [(a + s, a + e) for s, e in af.runs(tags, "SRC")]
    content = [(a + s, a + e) for s, e in af.runs(tags, "CON")]
    content = [c for c in content if not (c[0] >= cue[0] and c[1] <= cue[1])]
    source = None
    if sources:
        source = min(sources, key=lambda s: min(abs(s[0] - cue[1]), abs(cue[0] - s[1])))
    content = tidy_content(table, cue, source, content)
    if not content:
        return None
    return RawAttribution(cue, source, content)


MAX_GAP = 12


def tidy_content(
    table: TokenTable, cue: tuple[int, int], source: tuple[int, int] | None, content: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Join content runs that the tagger broke apart, and fall back on syntax when it found none.

    A content span is one stretch of text on each side of its cue (a split quote has one each side), so
    two runs with only ordinary words between them are one span the tagger lost confidence in halfway.
    Where the tagger found no content, the clause the cue governs (its clausal complement, with "that")
    is the content PolNeAR would mark.
    """
    blocked = set(range(*cue)) | (set(range(*source)) if source else set())
    merged: list[tuple[int, int]] = []
    for s, e in sorted(content):
        if merged:
            ps, pe = merged[-1]
            if s <= pe or (s - pe <= MAX_GAP and not any(i in blocked for i in range(pe, s))):
                merged[-1] = (ps, max(pe, e))
                continue
        merged.append((s, e))
    h = af.cue_head(table, cue)
    if len(merged) == 1 and merged[0][0] >= cue[1]:
        # indirect speech: the tagger often stops early inside the clause the cue governs
        for c in table.children[h]:
            if table.dep[c] == "ccomp" and merged[0][0] <= c < merged[0][1]:
                lo, hi = _subtree(table, c)
                while hi - 1 > lo and table.pos[hi - 1] == "PUNCT" and not table.quote[hi - 1]:
                    hi -= 1
                if lo == merged[0][0] and hi > merged[0][1] and not any(i in blocked for i in range(lo, hi)):
                    merged = [(lo, hi)]
                break
    if not merged:
        for c in table.children[h]:
            if table.dep[c] == "ccomp" and c >= cue[1]:
                lo, hi = _subtree(table, c)
                if not any(i in blocked for i in range(lo, hi)):
                    merged = [(lo, hi)]
                    break
    return merged


def kind_of(table: TokenTable, content: list[tuple[int, int]]) -> str:
    """Direct when every content word is inside quotation marks, mixed when some are, else indirect."""
    words = [i for s, e in content for i in range(s, e) if table.word[i] not in QUOTE_CHARS]
    words = [i for i in words if table.pos[i] != "PUNCT"] or words
    if not words:
        return "indirect"
    quoted = sum(table.quote[i] for i in words)
    if quoted == len(words):
        return "direct"
    return "mixed" if quoted else "indirect"


def _segs(table: TokenTable, spans: list[tuple[int, int]]) -> Segments:
    return [(table.start[s], table.end[e - 1]) for s, e in spans]


def _gender(table: TokenTable, span: tuple[int, int]) -> str:
    """A rough number/person class of a source mention, enough to skip obviously incompatible ones."""
    s, e = span
    words = [table.word[i].lower() for i in range(s, e)]
    if e - s == 1 and words[0] in PRONOUNS:
        return PRONOUNS[words[0]]
    head = max(range(s, e), key=lambda i: (not s <= table.head[i] < e, i))
    if table.tag[head] in ("NNS", "NNPS"):
        return "p"
    if table.ent[head] == "PERSON" or any(w in ("mr.", "mr", "sen.", "gov.") for w in words):
        return "m" if any(w in ("mr.", "mr") for w in words) else "mf" if "ms." not in words else "f"
    if table.ent[head] in ("ORG", "GPE", "NORP"):
        return "np"
    return "mfnp"


def _resolve(table: TokenTable, raws: list[RawAttribution]) -> list[tuple[int, int] | None]:
    """For each pronoun source, the nearest earlier non-pronoun source it can refer to."""
    out: list[tuple[int, int] | None] = []
    for k, raw in enumerate(raws):
        found = None
        if raw.source and raw.source[1] - raw.source[0] == 1:
            pron = table.word[raw.source[0]].lower()
            g = PRONOUNS.get(pron)
            if g and g not in ("s",):
                for prev in sorted(raws[:k], key=lambda r: -r.cue[0]):
                    ps = prev.source
                    if not ps or ps[0] >= raw.source[0] or _gender(table, ps) in PRONOUNS.values():
                        continue
                    if g in _gender(table, ps):
                        found = ps
                        break
        out.append(found)
    return out


def _via(
    table: TokenTable, cue: tuple[int, int], content: list[tuple[int, int]]
) -> tuple[str | None, list[tuple[int, int]]]:
    """The named addressee of "tell" (or "say to"), taken as the outlet that passed the words on.

    Returns it with the content, which loses the addressee when the tagger swept it in ("officials tell
    the Daily Planet that ..." has content "that ...", not "the Daily Planet that ...").
    """
    h = af.cue_head(table, cue)
    if table.lemma[h] not in ("tell", "say", "confirm", "explain", "describe", "speak"):
        return None, content
    inside = {i for s, e in content for i in range(s, e)}
    for c in table.children[h]:
        target = None
        if table.dep[c] in ("dobj", "dative") and table.lemma[h] == "tell":
            target = c
        elif table.dep[c] in ("prep", "dative") and table.lemma[c] == "to":
            target = next((g for g in table.children[c] if table.dep[g] == "pobj"), None)
        if target is None:
            continue
        if table.pos[target] == "PROPN" or table.ent[target] in ("ORG", "WORK_OF_ART", "PRODUCT"):
            span = _subtree(table, target)
            if target in inside:
                if not content or content[0][0] != span[0]:
                    continue
                rest = [(max(s, span[1]), e) for s, e in content if e > span[1]]
                if not rest:
                    continue
                content = rest
            return table.text[table.start[span[0]] : table.end[span[1] - 1]], content
    return None, content


def _subtree(table: TokenTable, i: int) -> tuple[int, int]:
    lo = hi = i
    stack = [i]
    while stack:
        j = stack.pop()
        lo, hi = min(lo, j), max(hi, j)
        stack.extend(table.children[j])
    return lo, hi + 1


def predict_table(table: TokenTable, taggers: Taggers | None = None) -> list[RawAttribution]:
    taggers = taggers or default_taggers()
    raws = []
    for cue in tag_cues(table, taggers.cue):
        raw = tag_roles(table, cue, taggers.role, taggers.before, taggers.after)
        if raw is not None:
            raws.append(raw)
    return raws


def attributions_from_table(
    table: TokenTable, article_id: str = "", taggers: Taggers | None = None
) -> list[Attribution]:
    raws = predict_table(table, taggers)
    resolved = _resolve(table, raws)
    out = []
    for raw, res in zip(raws, resolved, strict=True):
        h = af.cue_head(table, raw.cue)
        source = _segs(table, [raw.source]) if raw.source else None
        via, content = _via(table, raw.cue, raw.content)
        out.append(
            Attribution(
                article_id=article_id,
                source=source,
                cue=_segs(table, [raw.cue]),
                content=_segs(table, content),
                kind=kind_of(table, content),
                source_text=table.text[source[0][0] : source[0][1]] if source else None,
                cue_lemma=table.lemma[h],
                via=via,
                resolved_from=_segs(table, [res]) if res else None,
            )
        )
    return out


def extract_attributions(doc: Doc, article_id: str = "") -> list[Attribution]:
    """Attributions of one parsed article, in text order of their cues."""
    return attributions_from_table(from_doc(doc), article_id)


def to_gold(attribution: Attribution) -> dict:
    """One attribution in the gold format the scorer reads."""
    return {
        "source": [list(s) for s in attribution.source] if attribution.source else None,
        "cue": [list(s) for s in attribution.cue],
        "content": [list(s) for s in attribution.content],
        "kind": attribution.kind,
    }


def predict_article(text: str, nlp: Language | None = None) -> list[dict]:
    """Attributions of a raw text in the gold format (what ``heuer eval attribution`` scores)."""
    nlp = nlp or _pipeline()
    return [to_gold(a) for a in extract_attributions(nlp(text))]


def predict_documents(gold_docs: list[dict], nlp: Language | None = None) -> list[dict]:
    """Predictions for every article of a gold file, batched through spaCy, in the gold format."""
    nlp = nlp or _pipeline()
    texts = [d["text"] for d in gold_docs]
    return [
        {"id": d["id"], "text": d["text"], "attributions": [to_gold(a) for a in extract_attributions(doc)]}
        for d, doc in zip(gold_docs, nlp.pipe(texts, batch_size=16), strict=True)
    ]


def _pipeline() -> Language:
    from heuer.extract.nlp import load_base

    return load_base()


__all__ = [
    "Attribution",
    "OPEN_QUOTES",
    "Taggers",
    "extract_attributions",
    "load_taggers",
    "predict_article",
    "to_gold",
]
