"""A plain-data view of a parsed article that the attribution taggers read.

Training parses hundreds of articles once and re-reads them for every feature experiment, and a spaCy
``Doc`` is slow to pickle and carries its whole vocabulary; so the taggers work on this small table of
per-token values instead, built from a ``Doc`` at run time or loaded from a cache when training.
Whitespace tokens are dropped: they carry no evidence and only lengthen the sequences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, LEMMA, ORTH, POS, SPACY, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc

from heuer.extract.nlp import doc_text

OPEN_QUOTES = {"“", "«", "„", "``"}
CLOSE_QUOTES = {"”", "»"}
TOGGLE_QUOTES = {'"', "''"}
QUOTE_CHARS = OPEN_QUOTES | CLOSE_QUOTES | TOGGLE_QUOTES


@dataclass
class TokenTable:
    """Per-token columns of one article; ``head`` indexes into the same table (a root is its own head)."""

    text: str
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    word: list[str] = field(default_factory=list)
    lemma: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    tag: list[str] = field(default_factory=list)
    dep: list[str] = field(default_factory=list)
    head: list[int] = field(default_factory=list)
    ent: list[str] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    # derived, filled by ``finish``
    children: list[list[int]] = field(default_factory=list)
    sent_bounds: list[tuple[int, int]] = field(default_factory=list)
    quote: list[int] = field(default_factory=list)
    para: list[int] = field(default_factory=list)
    # values the feature functions derive once per table and share between the cue and role taggers
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.word)

    def finish(self) -> TokenTable:
        n = len(self.word)
        self.memo = {}
        self.children = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        bounds: list[tuple[int, int]] = []
        for i, s in enumerate(self.sent):
            if s == len(bounds):
                bounds.append((i, i + 1))
            else:
                bounds[s] = (bounds[s][0], i + 1)
        self.sent_bounds = bounds
        self.quote = quote_state(self)
        self.para = paragraphs(self)
        return self

    def to_dict(self) -> dict:
        keys = ("text", "start", "end", "word", "lemma", "pos", "tag", "dep", "head", "ent", "sent")
        return {k: getattr(self, k) for k in keys}

    @classmethod
    def from_dict(cls, data: dict) -> TokenTable:
        return cls(**data).finish()


def from_doc(doc: Doc) -> TokenTable:
    """The table of a parsed ``Doc``, read from ``Doc.to_array`` in bulk.

    Creating a ``Token`` per word and looking up each string attribute through it cost more than the
    tagging itself; the array holds the same values as hashes, each resolved once per distinct value.
    """
    table = TokenTable(text=doc_text(doc))
    n = len(doc)
    if not n:
        return table.finish()
    cols = doc.to_array([ORTH, LEMMA, POS, TAG, DEP, ENT_TYPE, HEAD, SPACY, IS_SPACE]).T.tolist()
    orth, lemma, pos, tag, dep, ent, head, spacy, space = cols
    strings = doc.vocab.strings
    words = _resolve(orth, strings.__getitem__)
    # character offsets: each token starts where the previous one ends, plus its trailing space
    starts = [0] * n
    at = 0
    for i in range(n):
        starts[i] = at
        at += len(words[i]) + spacy[i]
    sent_starts = [s.start for s in doc.sents]
    sent_of = [0] * n
    for s_no, lo in enumerate(sent_starts):
        hi = sent_starts[s_no + 1] if s_no + 1 < len(sent_starts) else n
        sent_of[lo:hi] = [s_no] * (hi - lo)
    keep = [i for i in range(n) if not space[i]]
    index = {i: k for k, i in enumerate(keep)}
    lemmas = _resolve(lemma, lambda h: strings[h].lower())
    poses = _resolve(pos, POS_NAMES.__getitem__)
    tags = _resolve(tag, strings.__getitem__)
    deps = _resolve(dep, strings.__getitem__)
    ents = _resolve(ent, strings.__getitem__)
    table.start = [starts[i] for i in keep]
    table.end = [starts[i] + len(words[i]) for i in keep]
    table.word = [words[i] for i in keep]
    table.lemma = [lemmas[i] for i in keep]
    table.pos = [poses[i] for i in keep]
    table.tag = [tags[i] for i in keep]
    table.dep = [deps[i] for i in keep]
    table.ent = [ents[i] for i in keep]
    # HEAD is an offset to the head, stored unsigned: wrap it back to a signed one
    heads = [h - _WRAP if h >= _SIGN else h for h in head]
    table.head = [index.get(i + heads[i], k) for k, i in enumerate(keep)]
    # sentence numbers must be dense after dropping whitespace-only sentences
    remap: dict[int, int] = {}
    table.sent = [remap.setdefault(sent_of[i], len(remap)) for i in keep]
    return table.finish()


_SIGN = 1 << 63
_WRAP = 1 << 64


def _resolve(col: list[int], lookup: Callable[[int], str]) -> list[str]:
    """Each value of a column through ``lookup``, called once per distinct value."""
    seen = {h: lookup(h) for h in set(col)}
    return [seen[h] for h in col]


def paragraphs(table: TokenTable) -> list[int]:
    """The paragraph number of every token: a line break in the text between two tokens starts a new one.

    PolNeAR's attributions stay inside one paragraph (a quote that runs on into the next paragraph is a
    new attribution there), so the role tagger's output is clipped to the cue's paragraph.
    """
    out = []
    p = 0
    for i in range(len(table)):
        if i and "\n" in table.text[table.end[i - 1] : table.start[i]]:
            p += 1
        out.append(p)
    return out


def quote_state(table: TokenTable) -> list[int]:
    """1 for tokens inside a quotation (marks included), 0 outside.

    Curly marks say which way they face; straight double quotes (and a doubled apostrophe) toggle. A
    paragraph break closes any open quotation unless the next paragraph opens one again (the newspaper
    convention for a quote running over several paragraphs), so one unbalanced mark cannot flip the rest
    of the article.
    """
    n = len(table)
    state = [0] * n
    inside = False
    prev_end = 0
    for i in range(n):
        w = table.word[i]
        gap = table.text[prev_end : table.start[i]] if i else ""
        if "\n" in gap and inside and w not in OPEN_QUOTES:
            inside = False
        prev_end = table.end[i]
        if w in OPEN_QUOTES:
            inside = True
            state[i] = 1
        elif w in ("”", "»"):
            state[i] = 1
            inside = False
        elif w in TOGGLE_QUOTES:
            state[i] = 1
            inside = not inside
        else:
            state[i] = 1 if inside else 0
    return state
