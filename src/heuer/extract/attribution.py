"""Attribution extraction: who said (or believes) what, with the words that say so.

Two linear-chain CRFs run in turn. The first tags cue spans (BIO) over each sentence: reporting verbs,
nouns such as "the assessment that", phrases such as "according to", with the particles and prepositions
PolNeAR counts as part of the cue. The second runs once per cue over a window around it and tags the
source and the content, with features relative to that cue (side, distance, dependency branch, quotation
state). A CRF is used rather than rules because the same words are cues in one sentence and not in the
next ("said" in a relative clause, "claims" as a noun of the topic); it is used rather than a transformer
because it runs on a CPU at many articles a second and ships in a few megabytes.

After tagging, plain rules finish the records: spans are snapped to PolNeAR's conventions (content
inside the cue's paragraph, enclosing quotation marks taken in, a sentence's closing period left out of
reported speech); where the tagger found no content or no source, the parse supplies them (the clause the
cue governs, the clause around "according to", the reported clause a sentence-final cue hangs from; the
cue's subject); the kind (direct, mixed, indirect) from how much of the content is inside quotation
marks, a pronoun source resolved to the nearest earlier compatible source, and an intermediary
("officials told <outlet>") recorded as ``via``. Models are trained by ``scripts/train_attribution.py``
on PolNeAR and load from ``heuer/data/models/attribution``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc

from heuer.extract import attribution_features as af
from heuer.extract.attribution_tokens import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    QUOTE_CHARS,
    TOGGLE_QUOTES,
    TokenTable,
    from_doc,
)
from heuer.model import Attribution, Segments

if TYPE_CHECKING:
    from heuer.extract.attribution_encoder import EncoderTaggers

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
MODEL_DIR = "models/attribution"
CUE_MODEL = "cue.crfsuite"
ROLE_MODEL = "role.crfsuite"
FAST, ACCURATE = "fast", "accurate"
MODES = (FAST, ACCURATE)

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


def cue_marginals(table: TokenTable, tagger: pycrfsuite.Tagger) -> list[list[float]]:
    """The CRF's probability of O, B-CUE and I-CUE at each token (for averaging with the encoder's)."""
    feats = af.cue_features(table)
    labels = ("O", "B-CUE", "I-CUE")
    out: list[list[float]] = []
    for a, b in af.cue_windows(table):
        tagger.set(feats[a:b])
        out += [[tagger.marginal(y, i) for y in labels] for i in range(b - a)]
    return out


def tag_roles(
    table: TokenTable, cue: tuple[int, int], tagger: pycrfsuite.Tagger, before: int = 0, after: int = 0
) -> RawAttribution | None:
    a, b = af.role_window(table, cue, before, after)
    return roles_from_tags(table, cue, a, tagger.tag(af.role_features(table, (a, b), cue)))


def roles_from_tags(
    table: TokenTable, cue: tuple[int, int], a: int, tags: list[str]
) -> RawAttribution | None:
    """One cue's attribution from the source/content tags of its window (starting at token ``a``), with
    the parse filling in what the tags miss; shared by the CRF and the encoder."""
    sources = [(a + s, a + e) for s, e in af.runs(tags, "SRC")]
    content = [(a + s, a + e) for s, e in af.runs(tags, "CON")]
    content = [c for c in content if not (c[0] >= cue[0] and c[1] <= cue[1])]
    source = None
    if sources:
        source = min(sources, key=lambda s: min(abs(s[0] - cue[1]), abs(cue[0] - s[1])))
    if source is None:
        source = syntactic_source(table, cue)
    content = tidy_content(table, cue, source, content)
    content = snap_content(table, cue, content)
    if source and any(s <= i < e for s, e in content for i in range(*source)):
        source = None
    if source and table.para[source[0]] != table.para[cue[0]]:
        source = None
    if not content:
        return None
    return RawAttribution(cue, source, content)


SUBJECTS = ("nsubj", "nsubjpass")
CONTROL = ("xcomp", "advcl", "conj", "ccomp", "pcomp")


def syntactic_source(table: TokenTable, cue: tuple[int, int]) -> tuple[int, int] | None:
    """The cue's grammatical subject with its modifiers, for a cue the tagger gave no source.

    An infinitive or participle cue ("vowed to reveal", "saying") takes the subject of the verb it hangs
    from; a cue in a relative clause ("officials who said") takes the noun the clause modifies.
    """
    j = af.cue_head(table, cue)
    for _ in range(4):
        subj = [c for c in table.children[j] if table.dep[c] in SUBJECTS and not cue[0] <= c < cue[1]]
        if subj:
            if table.pos[subj[0]] in ("PRON",) and table.lemma[subj[0]] in ("who", "that", "which"):
                return None
            return _subtree(table, subj[0])
        if table.dep[j] in ("acl", "relcl") and table.head[j] != j:
            g = table.head[j]
            return (_subtree(table, g)[0], g + 1) if table.pos[g] in ("NOUN", "PROPN") else None
        if table.dep[j] in CONTROL and table.head[j] != j:
            j = table.head[j]
        else:
            return None
    return None


def snap_content(
    table: TokenTable, cue: tuple[int, int], content: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Bring content runs to PolNeAR's span conventions.

    Content stays inside the cue's paragraph (a quotation continued in the next paragraph is annotated
    there as an attribution of its own); it does not start with stray punctuation, and reported speech
    outside quotation marks ends before the sentence's closing punctuation, while a quotation keeps its
    closing mark (and the comma or period inside it).
    """
    para = table.para[cue[0]]
    foreign = _cue_dependents(table, cue)
    out = []
    for s, e in content:
        idx = [i for i in range(s, e) if table.para[i] == para]
        if not idx:
            continue
        s, e = idx[0], idx[-1] + 1
        if s >= cue[1]:
            cut = next((i for i in range(s + 1, e) if i in foreign or _clause_break(table, i)), e)
            e = cut
        while s < e and table.pos[s] == "PUNCT" and not table.quote[s]:
            s += 1
        while (
            e > s
            and table.pos[e - 1] == "PUNCT"
            and table.word[e - 1] not in QUOTE_CHARS
            and (not table.quote[e - 1] or table.word[e - 1] in ("--", "—", "―", ":", ";"))
        ):
            e -= 1
        if e > s:
            out.append(_take_quote_marks(table, s, e, para))
    return out


def _cue_dependents(table: TokenTable, cue: tuple[int, int]) -> set[int]:
    """Tokens of a participle clause hanging from the cue word after it ("..., citing the report").

    Reported speech after a cue is one of the cue's complements; a participle clause attached to the cue
    itself describes the act of saying, not what was said. (Wider cuts, at any clause or conjunct of the
    cue, lost more than they gained on PolNeAR dev.)
    """
    h = af.cue_head(table, cue)
    out: set[int] = set()
    for c in table.children[h]:
        if c > cue[1] and table.dep[c] == "advcl" and table.tag[c] == "VBG" and not table.quote[c]:
            lo, hi = _subtree(table, c)
            out.update(range(lo, hi))
    return out


def _clause_break(table: TokenTable, i: int) -> bool:
    """A semicolon outside quotation marks ends the reported clause."""
    return table.word[i] == ";" and not table.quote[i]


def _take_quote_marks(table: TokenTable, s: int, e: int, para: int) -> tuple[int, int]:
    """Widen a run to the quotation marks that enclose it, with the punctuation inside the closing one."""
    n = len(table)
    opened = s > 0 and table.para[s - 1] == para and table.word[s - 1] in QUOTE_CHARS - CLOSE_QUOTES
    if opened and table.quote[s] and (s < 2 or not table.quote[s - 2] or table.word[s - 2] in QUOTE_CHARS):
        s -= 1
    if (table.quote[e - 1] and table.word[e - 1] not in QUOTE_CHARS - OPEN_QUOTES) or e - 1 == s:
        j = e
        while j < min(n, e + 3) and table.para[j] == para and table.pos[j] == "PUNCT":
            if table.word[j] in CLOSE_QUOTES or table.word[j] in TOGGLE_QUOTES:
                return s, j + 1
            if table.word[j] in OPEN_QUOTES:
                break
            j += 1
    return s, e


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
    span = syntactic_content(table, cue, blocked)
    if len(merged) == 1 and span:
        # the tagger often stops early inside the clause the parse gives as content ("according to X,
        # the storm will ..."): a run inside that clause is taken to the whole clause (a run beyond it
        # is kept: cutting those back lost more than it gained on PolNeAR dev)
        s, e = merged[0]
        if span[0] <= s and e <= span[1]:
            merged = [span]
    if not merged and span:
        merged = [span]
    return merged


def _trim(table: TokenTable, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and table.pos[lo] == "PUNCT" and not table.quote[lo]:
        lo += 1
    while hi > lo and table.pos[hi - 1] == "PUNCT" and not table.quote[hi - 1]:
        hi -= 1
    return lo, hi


def syntactic_content(table: TokenTable, cue: tuple[int, int], blocked: set[int]) -> tuple[int, int] | None:
    """The content the parse points to, for a cue the tagger gave none.

    In order: the clause the cue governs ("said that ...", "wants to ..."), with its complementiser; the
    rest of the clause around "according to X"; the reported clause that the cue hangs from when the
    content comes first ("X, the official said", which the parser often roots at the content's verb);
    and the object of a transitive cue ("promoted charter schools").
    """
    h = af.cue_head(table, cue)
    s0, s1 = table.sent_bounds[table.sent[h]]

    def ok(lo: int, hi: int) -> bool:
        return hi > lo and not any(i in blocked for i in range(lo, hi))

    for deps in (("ccomp",), ("xcomp",)):
        for c in table.children[h]:
            if table.dep[c] in deps and c >= cue[1]:
                lo, hi = _trim(table, *_subtree(table, c))
                if ok(lo, hi):
                    return lo, hi
    if table.lemma[cue[0]] == "accord" or table.dep[h] == "prep":
        g = table.head[h]
        if g != h:
            plo, phi = _subtree(table, h)
            lo, hi = _subtree(table, g)
            lo, hi = max(lo, s0), min(hi, s1)
            if plo <= lo:
                lo, hi = _trim(table, phi, hi)
            else:
                lo, hi = _trim(table, lo, plo)
            if ok(lo, hi):
                return lo, hi
    for c in table.children[h]:
        if table.dep[c] == "ccomp" and c < cue[0]:
            lo, hi = _trim(table, *_subtree(table, c))
            if ok(lo, hi):
                return lo, hi
    if table.dep[h] in ("parataxis", "ccomp", "advcl") and table.head[h] < cue[0]:
        g = table.head[h]
        lo = _subtree(table, g)[0]
        hi = _subtree(table, h)[0]
        lo, hi = _trim(table, max(lo, s0), hi)
        if ok(lo, hi):
            return lo, hi
    for c in table.children[h]:
        if table.dep[c] in ("dobj", "pobj") and c >= cue[1]:
            lo, hi = _trim(table, *_subtree(table, c))
            if ok(lo, hi):
                return lo, hi
    return None


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


def predict_table(
    table: TokenTable, taggers: Taggers | None = None, encoder: EncoderTaggers | None = None
) -> list[RawAttribution]:
    """Token-level attributions: cues, then source and content per cue. With ``encoder`` (the accurate
    mode) the encoder finds the cues, and the roles too where it was trained for them."""
    taggers = taggers or default_taggers()
    if encoder is None:
        found = [
            tag_roles(table, cue, taggers.role, taggers.before, taggers.after)
            for cue in tag_cues(table, taggers.cue)
        ]
    else:
        pieces = encoder.pieces(table)
        crf = cue_marginals(table, taggers.cue) if encoder.cue_weight < 1.0 else None
        cues = encoder.cues(table, pieces, crf)
        if encoder.tags_roles:
            found = [
                roles_from_tags(table, c, a, tags)
                for c, (a, tags) in zip(cues, encoder.roles(table, pieces, cues), strict=True)
            ]
        else:
            found = [tag_roles(table, cue, taggers.role, taggers.before, taggers.after) for cue in cues]
    raws = [raw for raw in found if raw is not None]
    return [_without_foreign_segments(raw, raws) for raw in raws]


def _without_foreign_segments(raw: RawAttribution, raws: list[RawAttribution]) -> RawAttribution:
    """Drop a content segment that lies before this attribution's source and cue and holds another
    attribution's cue: in "The sources stressed that X, and an official said Y", X belongs to "stressed",
    not to "said". A split quote ('"X," he said, "Y."') keeps both parts: its first part holds no cue.
    An attribution keeps at least one segment."""
    if len(raw.content) < 2:
        return raw
    start = min(raw.cue[0], raw.source[0] if raw.source else raw.cue[0])
    others = [r.cue for r in raws if r.cue != raw.cue]
    kept = [
        seg
        for seg in raw.content
        if not (seg[1] <= start and any(seg[0] <= c0 and c1 <= seg[1] for c0, c1 in others))
    ]
    return RawAttribution(raw.cue, raw.source, kept) if kept and len(kept) < len(raw.content) else raw


def attributions_from_table(
    table: TokenTable,
    article_id: str = "",
    taggers: Taggers | None = None,
    encoder: EncoderTaggers | None = None,
) -> list[Attribution]:
    raws = predict_table(table, taggers, encoder)
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


def extract_attributions(doc: Doc, article_id: str = "", mode: str = FAST) -> list[Attribution]:
    """Attributions of one parsed article, in text order of their cues."""
    return attributions_from_table(from_doc(doc), article_id, encoder=encoder_for(mode))


def encoder_for(mode: str, folder: str | Path | None = None) -> EncoderTaggers | None:
    """The encoder the mode needs (None for the fast mode); a clear error where it cannot run."""
    if mode not in MODES:
        raise ValueError(f"unknown attribution mode {mode!r}: choose one of {', '.join(MODES)}")
    if mode == FAST:
        return None
    from heuer.extract import attribution_encoder as ae

    if folder is not None:
        return ae.EncoderTaggers(folder)
    problem = ae.missing()
    if problem:
        raise RuntimeError(problem)
    return ae.default_encoder()


def to_gold(attribution: Attribution) -> dict:
    """One attribution in the gold format the scorer reads."""
    return {
        "source": [list(s) for s in attribution.source] if attribution.source else None,
        "cue": [list(s) for s in attribution.cue],
        "content": [list(s) for s in attribution.content],
        "kind": attribution.kind,
    }


def predict_article(text: str, nlp: Language | None = None, mode: str = FAST) -> list[dict]:
    """Attributions of a raw text in the gold format (what ``heuer eval attribution`` scores)."""
    nlp = nlp or _pipeline()
    return [to_gold(a) for a in extract_attributions(nlp(text), mode=mode)]


def predict_documents(
    gold_docs: list[dict],
    nlp: Language | None = None,
    mode: str = FAST,
    encoder_dir: str | Path | None = None,
) -> list[dict]:
    """Predictions for every article of a gold file, batched through spaCy, in the gold format."""
    nlp = nlp or _pipeline()
    encoder = encoder_for(mode, encoder_dir)
    texts = [d["text"] for d in gold_docs]
    return [
        {
            "id": d["id"],
            "text": d["text"],
            "attributions": [to_gold(a) for a in attributions_from_table(from_doc(doc), encoder=encoder)],
        }
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
