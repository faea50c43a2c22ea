"""Features and label encodings for the two attribution taggers.

The cue tagger labels each sentence's tokens with BIO cue tags; the role tagger then labels a window of
text around one cue with source and content tags. Both read a ``TokenTable``, so training (from a cache)
and prediction (from a fresh ``Doc``) share exactly one feature function each. Features are plain strings
("name=value"), the form CRFsuite takes without conversion.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from heuer.extract.attribution_tokens import CLOSE_QUOTES, OPEN_QUOTES, QUOTE_CHARS, TokenTable

CUE_KINDS = ("verb", "noun", "phrase")
DEFAULT_LEXICON = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "cues.tsv"


class LexiconError(ValueError):
    """A cue lexicon file that cannot be read as the documented TSV."""


@dataclass(frozen=True)
class CueLexicon:
    verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


def load_cue_lexicon(path: str | Path | None = None) -> CueLexicon:
    """Read ``cue<TAB>kind<TAB>source`` rows; any malformed row is an error naming file and line."""
    path = Path(path) if path is not None else DEFAULT_LEXICON
    text = path.read_text(encoding="utf-8")
    name = str(path)
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or [c.strip() for c in rows[0]] != ["cue", "kind", "source"]:
        raise LexiconError(f"{name}:1: header must be 'cue<TAB>kind<TAB>source'")
    verbs, nouns, phrases = set(), set(), []
    for n, row in enumerate(rows[1:], 2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 3:
            raise LexiconError(f"{name}:{n}: expected 3 tab-separated columns, found {len(row)}")
        cue, kind, source = (c.strip() for c in row)
        if not cue or not source:
            raise LexiconError(f"{name}:{n}: empty cue or source")
        if kind not in CUE_KINDS:
            raise LexiconError(f"{name}:{n}: kind must be one of {', '.join(CUE_KINDS)}, not {kind!r}")
        if kind == "verb":
            verbs.add(cue.lower())
        elif kind == "noun":
            nouns.add(cue.lower())
        else:
            phrases.append(tuple(cue.lower().split()))
    return CueLexicon(frozenset(verbs), frozenset(nouns), tuple(phrases))


@lru_cache(maxsize=1)
def default_lexicon() -> CueLexicon:
    return load_cue_lexicon()


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isupper() and len(word) > 1:
        return "AA"
    if word[:1].isupper():
        return "Aa"
    if word.isalpha():
        return "a"
    return "p"


def _bucket(d: int) -> str:
    a = abs(d)
    b = a if a <= 3 else 5 if a <= 5 else 10 if a <= 10 else 20 if a <= 20 else 99
    return f"{'-' if d < 0 else '+'}{b}"


@lru_cache(maxsize=4)
def _phrases_by_first(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases indexed by their first word, so each token is checked only against phrases it can start."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


def phrase_marks(table: TokenTable, lex: CueLexicon) -> list[str]:
    """'B'/'I' where a fixed lexicon phrase (lemma or word match) starts or continues, else ''."""
    n = len(table)
    marks = [""] * n
    by_first = _phrases_by_first(tuple(lex.phrases))
    lower = _shared(table).lower
    lemma = table.lemma
    for i in range(n):
        starts = by_first.get(lower[i], ()) + by_first.get(lemma[i], ())
        if not starts:
            continue
        for phrase in dict.fromkeys(starts):
            k = len(phrase)
            if i + k > n:
                continue
            if all(lower[i + j] == phrase[j] or lemma[i + j] == phrase[j] for j in range(k)):
                marks[i] = "B"
                for j in range(1, k):
                    marks[i + j] = marks[i + j] or "I"
    return marks


def lex_flag(table: TokenTable, i: int, lex: CueLexicon) -> str:
    return _lex_flag(table.lemma[i], table.pos[i], lex)


def _lex_flag(lemma: str, pos: str, lex: CueLexicon) -> str:
    if lemma in lex.verbs and pos in ("VERB", "AUX"):
        return "V"
    if lemma in lex.nouns and pos in ("NOUN", "PROPN"):
        return "N"
    if lemma in lex.verbs or lemma in lex.nouns:
        return "x"
    return ""


def subtree_spans(table: TokenTable) -> list[tuple[int, int]]:
    """The token range each token's subtree covers (projective parses: first to last descendant)."""
    n = len(table)
    head = table.head
    lo = list(range(n))
    hi = list(range(1, n + 1))
    neg_depth = [-d for d in _depths(table)]
    for i in sorted(range(n), key=neg_depth.__getitem__):
        h = head[i]
        if h != i:
            if lo[i] < lo[h]:
                lo[h] = lo[i]
            if hi[i] > hi[h]:
                hi[h] = hi[i]
    return list(zip(lo, hi, strict=True))


def _depth(table: TokenTable, i: int) -> int:
    d = 0
    while table.head[i] != i and d < 80:
        i = table.head[i]
        d += 1
    return d


def _depths(table: TokenTable) -> list[int]:
    """``_depth`` of every token."""
    return _tree(table)[0]


def _tree(table: TokenTable) -> tuple[list[int], list[int] | None]:
    """Each token's ``_depth`` and the root above it, every path walked once.

    Computed once per table. A loop in the heads (no parser makes one) gets the bounded walk of
    ``_depth`` and no roots.
    """
    tree = table.memo.get("tree")
    if tree is not None:
        return tree
    head = table.head
    n = len(head)
    depth = [-1] * n
    root = list(range(n))
    for i in range(n):
        path = []
        j = i
        while depth[j] < 0 and head[j] != j:
            path.append(j)
            j = head[j]
            if len(path) > n:
                tree = table.memo["tree"] = ([_depth(table, k) for k in range(n)], None)
                return tree
        d = depth[j] if depth[j] >= 0 else 0
        depth[j] = d
        r = root[j]
        for k in reversed(path):
            d += 1
            depth[k] = d
            root[k] = r
    tree = table.memo["tree"] = ([d if d < 80 else 80 for d in depth], root)
    return tree


def _each(values: list, make: Callable[[Any], str]) -> list[str]:
    """``make(value)`` for each value, called once per distinct value."""
    distinct = set(values)
    made = dict(zip(distinct, map(make, distinct), strict=True))
    return list(map(made.__getitem__, values))


def _prefixed(values: list[str], *prefixes: str) -> list[list[str]]:
    """``prefix + value`` for each value, one list per prefix; each string is made once per distinct
    value, and the values are sorted out once for all the prefixes."""
    distinct = list(set(values))
    code = dict(zip(distinct, range(len(distinct)), strict=True))
    codes = list(map(code.__getitem__, values))
    out = []
    for prefix in prefixes:
        made = list(map(prefix.__add__, distinct))
        out.append(list(map(made.__getitem__, codes)))
    return out


class _Shared:
    """Per-token values and feature strings that do not depend on a cue.

    Built once per table: the cue tagger reads every token and the role tagger reads the same tokens
    again for each cue whose window covers them, so each string is formatted once per article (and once
    per distinct value) rather than once per use. The strings are equal either way.
    """

    def __init__(self, table: TokenTable) -> None:
        word = table.word
        self.lower = lower = _each(word, str.lower)
        self.qchar = qchar = [w in QUOTE_CHARS for w in word]
        # quotation marks before each position: "any quote in [lo, hi)" is q_before[hi] > q_before[lo]
        self.q_before = list(accumulate(qchar, initial=0))
        pos, quote = table.pos, table.quote
        self.w, *near_w = _prefixed(lower, "w=", *(f"{off}w=" for off in _OFFSETS))
        self.p, *near_p = _prefixed(pos, "p=", *(f"{off}p=" for off in _OFFSETS))
        self.d = _each(table.dep, "d=".__add__)
        self.s = _each(word, lambda w: "s=" + _shape(w))
        self.e = _each(table.ent, "e=".__add__)
        self.q = _each(quote, "q={}".format)
        self.qc = _each(qchar, lambda c: f"qc={int(c)}")
        self.near_w = dict(zip(_OFFSETS, near_w, strict=True))
        self.near_p = dict(zip(_OFFSETS, near_p, strict=True))
        q_qc = list(zip(quote, qchar, strict=True))
        self.near_q = {off: _each(q_qc, lambda v, off=off: f"{off}q={v[0]}_{int(v[1])}") for off in (-1, 1)}
        # the role tagger's strings of the token itself, in the order it lists them
        self.role_own = list(zip(self.w, self.p, self.d, self.s, self.e, self.q, self.qc, strict=True))
        dep, head = table.dep, table.head
        self.hd = _each([dep[h] for h in head], "hd=".__add__)


def _shared(table: TokenTable) -> _Shared:
    shared = table.memo.get("shared")
    if shared is None:
        shared = table.memo["shared"] = _Shared(table)
    return shared


_CHILD_DEPS = tuple(
    (d, f"c={d}")
    for d in ("ccomp", "xcomp", "nsubj", "nsubjpass", "dobj", "prep", "agent", "dative", "advcl", "acl")
)
_CUE_CHILD_DEPS = frozenset(("prep", "prt", "neg", "aux", "nsubj", "mark"))
_OFFSETS = (-2, -1, 1, 2)
_EDGE = {off: f"{off}edge" for off in _OFFSETS}
_THAT_DEPS = frozenset(("ccomp", "acl", "advcl", "xcomp", "relcl", "appos"))


@lru_cache(maxsize=4096)
def _child_deps(deps: tuple[str, ...]) -> tuple[list[str], bool, bool, bool]:
    """What the cue features say about a token's children, from their dependency labels: the "c="
    features, whether one is a clausal complement, whether one is "nsubj", and whether one is a subject.
    The same few combinations recur throughout a corpus."""
    found = set(deps)
    names = [name for d, name in _CHILD_DEPS if d in found]
    return names, "ccomp" in found or "xcomp" in found, "nsubj" in found, bool(found & _SUBJECTS)


_SUBJECTS = frozenset(("nsubj", "nsubjpass"))
_NO_CHILDREN: tuple[list[str], bool, bool, bool] = ([], False, False, False)
# "subn=" by subtree size (all sizes over 20 share a bucket) and "nlx=" by count (capped at 2)
_SUBN = tuple(f"subn={_bucket(k)}" for k in range(22))
_NLX = ("nlx=0", "nlx=1", "nlx=2")


def cue_features(table: TokenTable, lex: CueLexicon | None = None) -> list[list[str]]:
    """Features of every token for the cue tagger (called once per article)."""
    lex = lex or default_lexicon()
    n = len(table)
    sh = _shared(table)
    lower, qchar, q_before = sh.lower, sh.qchar, sh.q_before
    lemma, pos, tag, dep, head, ent = table.lemma, table.pos, table.tag, table.dep, table.head, table.ent
    children, sent, bounds = table.children, table.sent, table.sent_bounds
    marks = phrase_marks(table, lex)
    flags = _each(list(zip(lemma, pos, strict=True)), lambda lp: _lex_flag(lp[0], lp[1], lex))
    spans = subtree_spans(table)
    sent_q = [f"qs={int(q_before[b] > q_before[a])}" for a, b in bounds]
    # other cue words in the sentence: a second reporting verb makes each less likely to be the cue
    nlex = [sum(1 for j in range(a, b) if flags[j]) for a, b in bounds]
    # "nlx=" of a sentence's tokens that are not cue words, and of those that are (not counting themselves)
    nlx = [(_NLX[min(2, k)], _NLX[min(2, k - 1)] if k else "") for k in nlex]
    lemma_own, lemma_h, lemma_m3, lemma_p3 = _prefixed(lemma, "l=", "hl=", "-3l=", "3l=")
    flag_own, flag_h, *flag_near = _prefixed(flags, "lx=", "hx=", *(f"{off}lx=" for off in _OFFSETS))
    mark_own, *mark_near = _prefixed(marks, "ph=", *(f"{off}ph=" for off in _OFFSETS))
    anc_s, *dep_near = _prefixed(dep, "anc=1_", *(f"{off}d=" for off in _OFFSETS))
    # the token's own strings and its head's, in the order the features list them
    own = list(
        zip(
            sh.w,
            lemma_own,
            sh.p,
            _each(tag, "t=".__add__),
            sh.d,
            sh.s,
            sh.e,
            flag_own,
            mark_own,
            sh.q,
            sh.qc,
            strict=True,
        )
    )
    of_head = list(zip(lemma_h, _each(pos, "hp=".__add__), flag_h, strict=True))
    subq = {fi: (f"subq=0_{fi}", f"subq=1_{fi}") for fi in set(flags)}
    # what a token says about its neighbours, one tuple per token and offset
    near = {
        off: list(zip(sh.near_w[off], sh.near_p[off], flag_near[k], mark_near[k], dep_near[k], strict=True))
        for k, off in enumerate(_OFFSETS)
    }
    near_m2, near_m1, near_p1, near_p2 = near[-2], near[-1], near[1], near[2]
    edge_m2, edge_m1, edge_p1, edge_p2 = (_EDGE[-2],), (_EDGE[-1],), (_EDGE[1],), (_EDGE[2],)
    feats = []
    for i in range(n):
        li = lemma[i]
        di = dep[i]
        fi = flags[i]
        h = head[i]
        kids = children[i]
        si = sent[i]
        s0, s1 = bounds[si]
        lo = i - 3 if i - 3 > s0 else s0
        hi = i + 4 if i + 4 < s1 else s1
        that = False
        if kids:
            kid_deps = [dep[c] for c in kids]
            names, comp, nsubj, subj = _child_deps(tuple(kid_deps))
            for c, dc in zip(kids, kid_deps, strict=True):
                if dc in _THAT_DEPS and any(
                    dep[g] == "mark" and lemma[g] in ("that", "if", "whether") for g in children[c]
                ):
                    that = True
                    break
                if dc == "mark" and lemma[c] == "that":
                    that = True
                    break
        else:
            names, comp, nsubj, subj = _NO_CHILDREN
        f = [
            "b",
            *own[i],
            "nq=1" if q_before[hi] - q_before[lo] - qchar[i] > 0 else "nq=0",
            *of_head[h],
            f"l_d={li}_{di}",
            f"lx_d={fi}_{di}",
            "that=1" if that else "that=0",
            "sp=F" if i == s0 else "sp=L" if i == s1 - 1 else "sp=M",
            *names,
        ]
        if fi:
            f.append(f"lx_cd={fi}_{comp}_{nsubj}")
        lo, hi = spans[i]
        before = q_before[i] > q_before[i - 4 if i - 4 > s0 else s0]
        after = q_before[i + 5 if i + 5 < s1 else s1] > q_before[i + 1]
        # the nearest cue word above the token, at most six steps up
        anc = "anc=0"
        j = i
        for _ in range(6):
            if head[j] == j:
                break
            j = head[j]
            if flags[j]:
                anc = anc_s[i]
                break
        size = hi - lo
        f += (
            subq[fi][q_before[hi] > q_before[lo]],
            _SUBN[size] if size < 22 else "subn=+99",
            anc,
            f"l_comp={li}_{comp}",
            f"l_subj={li}_{subj}",
            f"hl_d={lemma[h]}_{di}",
            f"d_hd={di}_{dep[h]}",
            sent_q[si],
            _QPOS[before][after],
        )
        for c in kids:
            dc = dep[c]
            if dc in _CUE_CHILD_DEPS:
                cue_child = lemma[c] if dc != "nsubj" else ent[c] or pos[c]
                f.append(f"ch={dc}_{cue_child}")
        f += near_m2[i - 2] if i - 2 >= s0 else edge_m2
        f += near_m1[i - 1] if i - 1 >= s0 else edge_m1
        f += near_p1[i + 1] if i + 1 < s1 else edge_p1
        f += near_p2[i + 2] if i + 2 < s1 else edge_p2
        if i - 1 >= s0:
            f.append(f"bi={lower[i - 1]}_{lower[i]}")
            f.append(f"pl_l={lemma[i - 1]}_{li}")
        if i + 1 < s1:
            f.append(f"l_nl={li}_{lemma[i + 1]}")
        if s0 <= i - 3:
            f.append(lemma_m3[i - 3])
        if i + 3 < s1:
            f.append(lemma_p3[i + 3])
        f.append(nlx[si][1] if fi else nlx[si][0])
        feats.append(f)
    return feats


_QPOS = (("qpos=00", "qpos=01"), ("qpos=10", "qpos=11"))


def cue_windows(table: TokenTable) -> list[tuple[int, int]]:
    """The token ranges the cue tagger labels: one per sentence."""
    return list(table.sent_bounds)


def role_window(table: TokenTable, cue: tuple[int, int], before: int = 0, after: int = 0) -> tuple[int, int]:
    """Tokens the role tagger sees for one cue: its sentence, widened along quotations.

    A direct quote often runs over several sentences before or after the cue ('"...," she said. "..."'),
    and the next sentence continues the speaker when it opens a quotation; so the window takes in such
    neighbours, and grows while its edge token is still inside a quotation, up to four sentences a side.
    """
    s = table.sent[cue[0]]
    nsent = len(table.sent_bounds)
    lo, hi = max(0, s - before), min(nsent - 1, s + after)
    first = table.sent_bounds[lo][0]
    if lo > 0 and (table.quote[first] or table.word[first] in QUOTE_CHARS):
        lo -= 1
    if hi < nsent - 1:
        nxt = table.sent_bounds[hi + 1][0]
        if table.word[nxt] in QUOTE_CHARS or table.quote[nxt]:
            hi += 1
    for _ in range(4):
        first = table.sent_bounds[lo][0]
        if lo > 0 and table.quote[first] and table.word[first] not in OPEN_QUOTES:
            lo -= 1
        else:
            break
    for _ in range(4):
        last = table.sent_bounds[hi][1] - 1
        if hi < nsent - 1 and table.quote[last] and table.word[last] not in CLOSE_QUOTES:
            hi += 1
        else:
            break
    return table.sent_bounds[lo][0], table.sent_bounds[hi][1]


def cue_head(table: TokenTable, cue: tuple[int, int]) -> int:
    """The token of a cue span whose head lies outside it (the syntactic anchor of the cue)."""
    a, b = cue
    for i in range(a, b):
        outside = not a <= table.head[i] < b or table.head[i] == i
        if outside and (table.pos[i] in ("VERB", "AUX", "NOUN", "PROPN") or b - a == 1):
            return i
    for i in range(a, b):
        if table.pos[i] in ("VERB", "NOUN"):
            return i
    return a


def branch(table: TokenTable, i: int, h: int) -> str:
    """How token ``i`` hangs from the cue anchor ``h``: the dependency of the child of ``h`` it descends
    through, 'anc' when it dominates ``h``, 'self' for ``h``, 'none' when unrelated."""
    return _branch(table, i, h, _ancestors(table, h))


def _ancestors(table: TokenTable, h: int) -> tuple[list[int], set[int]]:
    """``h`` and the tokens above it (at most 60), in order and as a set."""
    head = table.head
    up = [h]
    while head[up[-1]] != up[-1] and len(up) < 60:
        up.append(head[up[-1]])
    return up, set(up)


def _branch(table: TokenTable, i: int, h: int, ancestors: tuple[list[int], set[int]]) -> str:
    if i == h:
        return "self"
    head = table.head
    j = i
    for _ in range(60):
        p = head[j]
        if p == h:
            d = table.dep[j]
            if d == "prep":
                return f"prep_{table.lemma[j]}"
            return d
        if p == j:
            break
        j = p
    up = ancestors[1]
    if i in up:
        return "anc"
    j = i
    for _ in range(60):
        if j in up:
            # i sits in a clause that governs the cue ("X ..., sources said"): say how the cue hangs there
            return f"up_{table.dep[h]}"
        if head[j] == j:
            break
        j = head[j]
    return "none"


def syntactic_roles(
    table: TokenTable, cue: tuple[int, int]
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The content and source spans the parse alone suggests for a cue (see ``attribution``).

    Given to the role tagger as features rather than imposed, so that it can weigh the parse against the
    quotation marks and the words around the cue where the two disagree.
    """
    from heuer.extract import attribution

    blocked = set(range(*cue))
    return attribution.syntactic_content(table, cue, blocked), attribution.syntactic_source(table, cue)


def _marks(span: tuple[int, int] | None, a: int, b: int) -> list[str]:
    """Each token of ``[a, b)``: 'B' where the span starts, 'I' inside it, 'O' elsewhere."""
    out = ["O"] * (b - a)
    if span:
        s, e = span
        for i in range(max(s + 1, a), min(e, b)):
            out[i - a] = "I"
        if a <= s < b:
            out[s - a] = "B"
    return out


def _branches(table: TokenTable, h: int, a: int, b: int) -> list[str]:
    """``branch`` of every token in ``[a, b)`` for the anchor ``h``, the walks up the tree shared.

    Below the anchor a token hangs from it through the same child as its head does, so each walk stops
    at the first token already placed; elsewhere the answer follows from whether the token is above the
    anchor or in its tree at all. ``branch`` gives up on walks longer than 60 steps, so a tree that deep
    takes it token by token.
    """
    depth, root = _tree(table)
    ancestors = _ancestors(table, h)
    if root is None or depth[h] > 50 or max(depth[a:b], default=0) > 50:
        return [_branch(table, i, h, ancestors) for i in range(a, b)]
    head, dep, lemma = table.head, table.dep, table.lemma
    up = ancestors[1]
    up_label = f"up_{dep[h]}"
    root_h = root[h]
    below: dict[int, str | None] = {}  # the child of h a token descends through, None if not below h
    out = []
    for i in range(a, b):
        if i == h:
            out.append("self")
            continue
        path = []
        j = i
        while True:
            if j in below:
                found = below[j]
                break
            p = head[j]
            if p == h:
                d = dep[j]
                found = below[j] = f"prep_{lemma[j]}" if d == "prep" else d
                break
            if p == j:
                found = below[j] = None
                break
            path.append(j)
            j = p
        for k in path:
            below[k] = found
        if found is None:
            found = "anc" if i in up else up_label if root[i] == root_h else "none"
        out.append(found)
    return out


def role_features(
    table: TokenTable, window: tuple[int, int], cue: tuple[int, int], lex: CueLexicon | None = None
) -> list[list[str]]:
    """Features of the window's tokens relative to one cue."""
    lex = lex or default_lexicon()
    a, b = window
    cs, ce = cue
    sh = _shared(table)
    q_before = sh.q_before
    pos, quote, sent, para = table.pos, table.quote, table.sent, table.para
    h = cue_head(table, cue)
    hs = sent[h]
    cue_lemma = table.lemma[h]
    cue_q = quote[h]
    cue_para = para[h]
    br = _branches(table, h, a, b)
    s0, s1 = table.sent_bounds[hs]
    # where the cue sits in its sentence: "..., officials said." puts the content before it
    cue_end = min(3, sum(1 for j in range(ce, s1) if pos[j] != "PUNCT"))
    cue_start = min(3, cs - s0)
    syn_con, syn_src = syntactic_roles(table, cue)
    con_marks, src_marks = _marks(syn_con, a, b), _marks(syn_src, a, b)
    cl = f"cl={cue_lemma}"
    # the strings that depend only on the side of the cue a token is on (and its quotation state)
    by_rel = {
        rel: (
            f"cend={rel}_{cue_end}",
            f"cstart={rel}_{cue_start}",
            f"rel={rel}",
            f"cl_rel={cue_lemma}_{rel}",
            (f"rel_q={rel}_0_{cue_q}", f"rel_q={rel}_1_{cue_q}"),
            _PARA[rel],
            _REL_SO_Q[rel],
        )
        for rel in "CBA"
    }
    # what a token says about its neighbours, one tuple per token of the window and offset
    near = {}
    for off in _OFFSETS:
        cols = [sh.near_w[off][a:b], sh.near_p[off][a:b], _each(br, f"{off}br=".__add__)]
        if off in (-1, 1):
            cols.append(sh.near_q[off][a:b])
        near[off] = list(zip(*cols, strict=True))
    near_m2, near_m1, near_p1, near_p2 = near[-2], near[-1], near[1], near[2]
    edge_m2, edge_m1, edge_p1, edge_p2 = (_EDGE[-2],), (_EDGE[-1],), (_EDGE[1],), (_EDGE[2],)
    own, hd = sh.role_own, sh.hd
    n = b - a
    feats = []
    for k in range(n):
        i = a + k
        in_con, in_src = con_marks[k], src_marks[k]
        if i < cs:
            rel, d, lo, hi = "B", i - cs, i, cs
        elif i >= ce:
            rel, d, lo, hi = "A", i - (ce - 1), ce, i
        else:
            rel, d, lo, hi = "C", 0, ce, i
        so = sent[i] - hs
        so = -3 if so < -3 else 3 if so > 3 else so
        # quotation marks between the token and the cue, counting only those inside the window
        if lo < a:
            lo = a
        if hi > b:
            hi = b
        q_between = hi > lo and q_before[hi] > q_before[lo]
        nb = br[k]
        qi = quote[i]
        cend, cstart, rel_s, cl_rel, rel_q, pa, rel_so_q = by_rel[rel]
        f = [
            "b",
            cend,
            cstart,
            *own[i],
            rel_s,
            _DIST[d + _DIST_OFF] if -_DIST_OFF <= d <= _DIST_OFF else "dist=-99" if d < 0 else "dist=+99",
            _SO[so + 3],
            f"br={nb}",
            f"rel_br={rel}_{nb}",
            rel_q[qi],
            "qb=1" if q_between else "qb=0",
            rel_so_q[so + 3][qi],
            cl,
            cl_rel,
            f"br_p={nb}_{pos[i]}",
            hd[i],
            pa[para[i] == cue_para],
            _SYN[in_con][in_src],
            _SYN_Q[in_con][qi],
        ]
        f += near_m2[k - 2] if k >= 2 else edge_m2
        f += near_m1[k - 1] if k >= 1 else edge_m1
        f += near_p1[k + 1] if k + 1 < n else edge_p1
        f += near_p2[k + 2] if k + 2 < n else edge_p2
        feats.append(f)
    return feats


# Role feature strings that take one of a few values, formatted once: distance buckets (by distance,
# offset so that the list starts at -_DIST_OFF), sentence offsets (-3 to 3, offset by 3), and by side
# of the cue, the paragraph test and sentence offset with quotation state; quotation states are 0 or 1.
_DIST_OFF = 20
_DIST = tuple(f"dist={_bucket(d)}" for d in range(-_DIST_OFF, _DIST_OFF + 1))
_SO = tuple(f"so={so}" for so in range(-3, 4))
_PARA = {rel: (f"pa={rel}_0", f"pa={rel}_1") for rel in "CBA"}
_REL_SO_Q = {
    rel: tuple((f"rel_so_q={rel}_{so}_0", f"rel_so_q={rel}_{so}_1") for so in range(-3, 4)) for rel in "CBA"
}
_SYN = {c: {s: f"syn={c}{s}" for s in "BIO"} for c in "BIO"}
_SYN_Q = {c: (f"syn_q={c}_0", f"syn_q={c}_1") for c in "BIO"}


def bio(n: int, spans: list[tuple[int, int]], label: str, tags: list[str] | None = None) -> list[str]:
    tags = tags or ["O"] * n
    for s, e in spans:
        for i in range(s, e):
            if 0 <= i < n and tags[i] == "O":
                tags[i] = ("B-" if i == s else "I-") + label
    return tags


def runs(tags: list[str], label: str) -> list[tuple[int, int]]:
    """Token runs tagged ``label`` (an I without a B starts a run)."""
    begin, inside = f"B-{label}", f"I-{label}"
    out = []
    start = None
    for i, t in enumerate([*tags, "O"]):
        if t == begin or (t == inside and start is None):
            if start is not None:
                out.append((start, i))
            start = i
        elif t != inside:
            if start is not None:
                out.append((start, i))
            start = None
    return out


def char_to_tokens(table: TokenTable, s: int, e: int) -> tuple[int, int] | None:
    idx = [i for i in range(len(table)) if table.start[i] < e and table.end[i] > s]
    return (idx[0], idx[-1] + 1) if idx else None
