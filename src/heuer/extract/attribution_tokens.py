"""A plain-data view of a parsed article that the attribution taggers read.

Training parses hundreds of articles once and re-reads them for every feature experiment, and a spaCy
``Doc`` is slow to pickle and carries its whole vocabulary; so the taggers work on this small table of
per-token values instead, built from a ``Doc`` at run time or loaded from a cache when training.
Whitespace tokens are dropped: they carry no evidence and only lengthen the sequences.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add, itemgetter

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
        self.sent_bounds = _sentence_bounds(self.sent)
        self.quote = quote_state(self)
        self.para = paragraphs(self)
        return self

    def to_dict(self) -> dict:
        keys = ("text", "start", "end", "word", "lemma", "pos", "tag", "dep", "head", "ent", "sent")
        return {k: getattr(self, k) for k in keys}

    @classmethod
    def from_dict(cls, data: dict) -> TokenTable:
        return cls(**data).finish()


def _sentence_bounds(sent: list[int]) -> list[tuple[int, int]]:
    """The token range of each sentence number.

    Sentence numbers run 0, 0, 1, 1, 1, 2, ... in any table made from a ``Doc``: then each sentence's
    range is found by bisection rather than token by token. Other numberings take the general walk.
    """
    last = sent[-1] if sent else -1
    if sent and sent[0] == 0 and sent == sorted(sent) and len(set(sent)) == last + 1:
        return [(bisect_left(sent, s), bisect_right(sent, s)) for s in range(last + 1)]
    bounds: list[tuple[int, int]] = []
    for i, s in enumerate(sent):
        if s == len(bounds):
            bounds.append((i, i + 1))
        else:
            bounds[s] = (bounds[s][0], i + 1)
    return bounds


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
    starts = list(accumulate(map(add, map(len, words), spacy), initial=0))
    sent_starts = [s.start for s in doc.sents]
    sent_of = [0] * n
    for s_no, lo in enumerate(sent_starts):
        hi = sent_starts[s_no + 1] if s_no + 1 < len(sent_starts) else n
        sent_of[lo:hi] = [s_no] * (hi - lo)
    keep = [i for i in range(n) if not space[i]]
    index = {i: k for k, i in enumerate(keep)}

    def kept(values: list) -> list:
        return [values[i] for i in keep] if len(keep) < 2 else list(itemgetter(*keep)(values))

    lemmas = _resolve(lemma, lambda h: strings[h].lower())
    poses = _resolve(pos, POS_NAMES.__getitem__)
    tags = _resolve(tag, strings.__getitem__)
    deps = _resolve(dep, strings.__getitem__)
    ents = _resolve(ent, strings.__getitem__)
    table.start = kept(starts)
    table.word = kept(words)
    table.end = list(map(add, table.start, map(len, table.word)))
    table.lemma = kept(lemmas)
    table.pos = kept(poses)
    table.tag = kept(tags)
    table.dep = kept(deps)
    table.ent = kept(ents)
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


def _newline_gaps(table: TokenTable) -> list[int]:
    """The tokens (after the first) with a line break in the text between them and the token before,
    in order.

    Found from the line breaks of the text, which are few, rather than by slicing every gap.
    """
    text, start, end = table.text, table.start, table.end
    n = len(start)
    out: list[int] = []
    at = text.find("\n")
    while at >= 0:
        i = bisect_right(start, at)  # the first token that starts after the break
        if 0 < i < n and end[i - 1] <= at and (not out or out[-1] != i):
            out.append(i)
        at = text.find("\n", at + 1)
    return out


def paragraphs(table: TokenTable) -> list[int]:
    """The paragraph number of every token: a line break in the text between two tokens starts a new one.

    PolNeAR's attributions stay inside one paragraph (a quote that runs on into the next paragraph is a
    new attribution there), so the role tagger's output is clipped to the cue's paragraph.
    """
    out = []
    p = prev = 0
    for i in _newline_gaps(table):
        out += [p] * (i - prev)
        p += 1
        prev = i
    out += [p] * (len(table) - prev)
    return out


def quote_state(table: TokenTable) -> list[int]:
    """1 for tokens inside a quotation (marks included), 0 outside.

    Curly marks say which way they face; straight double quotes (and a doubled apostrophe) toggle. A
    paragraph break closes any open quotation unless the next paragraph opens one again (the newspaper
    convention for a quote running over several paragraphs), so one unbalanced mark cannot flip the rest
    of the article.
    """
    n = len(table)
    word = table.word
    breaks = set(_newline_gaps(table))
    # Only quotation marks and line breaks change the state; every other token takes it as it stands.
    events = sorted(breaks.union(i for i, w in enumerate(word) if w in QUOTE_CHARS))
    state: list[int] = []
    inside = False
    for i in events:
        state += [1 if inside else 0] * (i - len(state))
        w = word[i]
        if i in breaks and inside and w not in OPEN_QUOTES:
            inside = False
        if w in OPEN_QUOTES:
            inside = True
            state.append(1)
        elif w in ("”", "»"):
            state.append(1)
            inside = False
        elif w in TOGGLE_QUOTES:
            state.append(1)
            inside = not inside
        else:
            state.append(1 if inside else 0)
    state += [1 if inside else 0] * (n - len(state))
    return state
