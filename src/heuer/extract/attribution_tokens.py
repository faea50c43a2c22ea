"""A plain-data view of a parsed article that the attribution taggers read.

Training parses hundreds of articles once and re-reads them for every feature experiment, and a spaCy
``Doc`` is slow to pickle and carries its whole vocabulary; so the taggers work on this small table of
per-token values instead, built from a ``Doc`` at run time or loaded from a cache when training.
Whitespace tokens are dropped: they carry no evidence and only lengthen the sequences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

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

    def __len__(self) -> int:
        return len(self.word)

    def finish(self) -> TokenTable:
        n = len(self.word)
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
    table = TokenTable(text=doc.text)
    keep = [t for t in doc if not t.is_space]
    index = {t.i: k for k, t in enumerate(keep)}
    sent_of: dict[int, int] = {}
    for s_no, sent in enumerate(s for s in doc.sents if any(not t.is_space for t in s)):
        for t in sent:
            sent_of[t.i] = s_no
    for k, t in enumerate(keep):
        table.start.append(t.idx)
        table.end.append(t.idx + len(t.text))
        table.word.append(t.text)
        table.lemma.append(t.lemma_.lower())
        table.pos.append(t.pos_)
        table.tag.append(t.tag_)
        table.dep.append(t.dep_)
        table.head.append(index.get(t.head.i, k))
        table.ent.append(t.ent_type_)
        table.sent.append(sent_of[t.i])
    # sentence numbers must be dense after dropping whitespace-only sentences
    remap: dict[int, int] = {}
    table.sent = [remap.setdefault(s, len(remap)) for s in table.sent]
    return table.finish()


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
