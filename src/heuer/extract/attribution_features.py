"""Features and label encodings for the two attribution taggers.

The cue tagger labels each sentence's tokens with BIO cue tags; the role tagger then labels a window of
text around one cue with source and content tags. Both read a ``TokenTable``, so training (from a cache)
and prediction (from a fresh ``Doc``) share exactly one feature function each. Features are plain strings
("name=value"), the form CRFsuite takes without conversion.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
    marks = [""] * len(table)
    by_first = _phrases_by_first(tuple(lex.phrases))
    for i in range(len(table)):
        starts = by_first.get(table.word[i].lower(), ()) + by_first.get(table.lemma[i], ())
        for phrase in dict.fromkeys(starts):
            k = len(phrase)
            if i + k > len(table):
                continue
            if all(
                table.word[i + j].lower() == phrase[j] or table.lemma[i + j] == phrase[j] for j in range(k)
            ):
                marks[i] = "B"
                for j in range(1, k):
                    marks[i + j] = marks[i + j] or "I"
    return marks


def lex_flag(table: TokenTable, i: int, lex: CueLexicon) -> str:
    lemma = table.lemma[i]
    pos = table.pos[i]
    if lemma in lex.verbs and pos in ("VERB", "AUX"):
        return "V"
    if lemma in lex.nouns and pos in ("NOUN", "PROPN"):
        return "N"
    if lemma in lex.verbs or lemma in lex.nouns:
        return "x"
    return ""


def _child_deps(table: TokenTable, i: int) -> set[str]:
    return {table.dep[c] for c in table.children[i]}


def _has_that(table: TokenTable, i: int) -> bool:
    for c in table.children[i]:
        if table.dep[c] in ("ccomp", "acl", "advcl", "xcomp", "relcl", "appos"):
            for g in table.children[c]:
                if table.dep[g] == "mark" and table.lemma[g] in ("that", "if", "whether"):
                    return True
        if table.dep[c] == "mark" and table.lemma[c] == "that":
            return True
    return False


def subtree_spans(table: TokenTable) -> list[tuple[int, int]]:
    """The token range each token's subtree covers (projective parses: first to last descendant)."""
    lo = list(range(len(table)))
    hi = [i + 1 for i in range(len(table))]
    order = sorted(range(len(table)), key=lambda i: -_depth(table, i))
    for i in order:
        h = table.head[i]
        if h != i:
            lo[h] = min(lo[h], lo[i])
            hi[h] = max(hi[h], hi[i])
    return list(zip(lo, hi, strict=True))


def _depth(table: TokenTable, i: int) -> int:
    d = 0
    while table.head[i] != i and d < 80:
        i = table.head[i]
        d += 1
    return d


def _ancestor_flag(table: TokenTable, i: int, flags: list[str]) -> str:
    """Whether a cue word governs this token (a verb inside reported speech is rarely the cue itself)."""
    j = i
    for _ in range(6):
        if table.head[j] == j:
            return "0"
        j = table.head[j]
        if flags[j]:
            return f"1_{table.dep[i]}"
    return "0"


def _quote_side(qchar: list[bool], i: int, s0: int, s1: int) -> str:
    """Whether a quotation mark sits just before or after a token ('"..." said X', 'X said: "..."')."""
    before = any(qchar[j] for j in range(max(s0, i - 4), i))
    after = any(qchar[j] for j in range(i + 1, min(s1, i + 5)))
    return f"{int(before)}{int(after)}"


def cue_features(table: TokenTable, lex: CueLexicon | None = None) -> list[list[str]]:
    """Features of every token for the cue tagger (called once per article)."""
    lex = lex or default_lexicon()
    n = len(table)
    marks = phrase_marks(table, lex)
    flags = [lex_flag(table, i, lex) for i in range(n)]
    qchar = [table.word[i] in QUOTE_CHARS for i in range(n)]
    q_before = [0] * (n + 1)  # quotation marks before each position: "any quote in [lo, hi)" in O(1)
    for i in range(n):
        q_before[i + 1] = q_before[i] + qchar[i]
    spans = subtree_spans(table)
    base = []
    for i in range(n):
        w = table.word[i]
        h = table.head[i]
        cd = _child_deps(table, i)
        s0, s1 = table.sent_bounds[table.sent[i]]
        near_q = any(qchar[j] for j in range(max(s0, i - 3), min(s1, i + 4)) if j != i)
        f = [
            "b",
            f"w={w.lower()}",
            f"l={table.lemma[i]}",
            f"p={table.pos[i]}",
            f"t={table.tag[i]}",
            f"d={table.dep[i]}",
            f"s={_shape(w)}",
            f"e={table.ent[i]}",
            f"lx={flags[i]}",
            f"ph={marks[i]}",
            f"q={table.quote[i]}",
            f"qc={int(qchar[i])}",
            f"nq={int(near_q)}",
            f"hl={table.lemma[h]}",
            f"hp={table.pos[h]}",
            f"hx={flags[h]}",
            f"l_d={table.lemma[i]}_{table.dep[i]}",
            f"lx_d={flags[i]}_{table.dep[i]}",
            f"that={int(_has_that(table, i))}",
            f"sp={'F' if i == s0 else 'L' if i == s1 - 1 else 'M'}",
        ]
        for dep in (
            "ccomp",
            "xcomp",
            "nsubj",
            "nsubjpass",
            "dobj",
            "prep",
            "agent",
            "dative",
            "advcl",
            "acl",
        ):
            if dep in cd:
                f.append(f"c={dep}")
        if flags[i]:
            f.append(f"lx_cd={flags[i]}_{'ccomp' in cd or 'xcomp' in cd}_{'nsubj' in cd}")
        comp = "ccomp" in cd or "xcomp" in cd
        lo, hi = spans[i]
        f += [
            f"subq={int(q_before[hi] > q_before[lo])}_{flags[i]}",
            f"subn={_bucket(hi - lo)}",
            f"anc={_ancestor_flag(table, i, flags)}",
            f"l_comp={table.lemma[i]}_{comp}",
            f"l_subj={table.lemma[i]}_{'nsubj' in cd or 'nsubjpass' in cd}",
            f"hl_d={table.lemma[h]}_{table.dep[i]}",
            f"d_hd={table.dep[i]}_{table.dep[h]}",
            f"qs={int(any(qchar[s0:s1]))}",
            f"qpos={_quote_side(qchar, i, s0, s1)}",
        ]
        for c in table.children[i]:
            if table.dep[c] in ("prep", "prt", "neg", "aux", "nsubj", "mark"):
                cue_child = table.lemma[c] if table.dep[c] != "nsubj" else table.ent[c] or table.pos[c]
                f.append(f"ch={table.dep[c]}_{cue_child}")
        base.append(f)
    # other cue words in the sentence: a second reporting verb makes each less likely to be the cue
    nlex = [sum(1 for j in range(a, b) if flags[j]) for a, b in table.sent_bounds]
    feats = []
    for i in range(n):
        f = list(base[i])
        s0, s1 = table.sent_bounds[table.sent[i]]
        for off in (-2, -1, 1, 2):
            j = i + off
            if s0 <= j < s1:
                f += [
                    f"{off}w={table.word[j].lower()}",
                    f"{off}p={table.pos[j]}",
                    f"{off}lx={flags[j]}",
                    f"{off}ph={marks[j]}",
                    f"{off}d={table.dep[j]}",
                ]
            else:
                f.append(f"{off}edge")
        if i - 1 >= s0:
            f.append(f"bi={table.word[i - 1].lower()}_{table.word[i].lower()}")
            f.append(f"pl_l={table.lemma[i - 1]}_{table.lemma[i]}")
        if i + 1 < s1:
            f.append(f"l_nl={table.lemma[i]}_{table.lemma[i + 1]}")
        for off in (-3, 3):
            if s0 <= i + off < s1:
                f.append(f"{off}l={table.lemma[i + off]}")
        f.append(f"nlx={min(2, nlex[table.sent[i]] - bool(flags[i]))}")
        feats.append(f)
    return feats


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
    if i == h:
        return "self"
    j = i
    for _ in range(60):
        p = table.head[j]
        if p == h:
            d = table.dep[j]
            if d == "prep":
                return f"prep_{table.lemma[j]}"
            return d
        if p == j:
            break
        j = p
    up = [h]
    while table.head[up[-1]] != up[-1] and len(up) < 60:
        up.append(table.head[up[-1]])
    if i in up:
        return "anc"
    j = i
    for _ in range(60):
        if j in up:
            # i sits in a clause that governs the cue ("X ..., sources said"): say how the cue hangs there
            return f"up_{table.dep[h]}"
        if table.head[j] == j:
            break
        j = table.head[j]
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


def _mark(span: tuple[int, int] | None, i: int) -> str:
    if span and i == span[0]:
        return "B"
    return "I" if span and span[0] < i < span[1] else "O"


def role_features(
    table: TokenTable, window: tuple[int, int], cue: tuple[int, int], lex: CueLexicon | None = None
) -> list[list[str]]:
    """Features of the window's tokens relative to one cue."""
    lex = lex or default_lexicon()
    a, b = window
    cs, ce = cue
    h = cue_head(table, cue)
    hs = table.sent[h]
    cue_lemma = table.lemma[h]
    cue_q = table.quote[h]
    br = {i: branch(table, i, h) for i in range(a, b)}
    s0, s1 = table.sent_bounds[hs]
    # where the cue sits in its sentence: "..., officials said." puts the content before it
    cue_end = min(3, sum(1 for j in range(ce, s1) if table.pos[j] != "PUNCT"))
    cue_start = min(3, cs - s0)
    qchar = {i: table.word[i] in QUOTE_CHARS for i in range(a, b)}
    syn_con, syn_src = syntactic_roles(table, cue)
    base = {}
    for i in range(a, b):
        w = table.word[i]
        in_con, in_src = _mark(syn_con, i), _mark(syn_src, i)
        rel = "C" if cs <= i < ce else "B" if i < cs else "A"
        d = i - cs if i < cs else i - (ce - 1) if i >= ce else 0
        so = max(-3, min(3, table.sent[i] - hs))
        lo, hi = (i, cs) if i < cs else (ce, i)
        q_between = any(qchar.get(j, False) for j in range(lo, hi))
        nb = br[i]
        base[i] = [
            "b",
            f"cend={rel}_{cue_end}",
            f"cstart={rel}_{cue_start}",
            f"w={w.lower()}",
            f"p={table.pos[i]}",
            f"d={table.dep[i]}",
            f"s={_shape(w)}",
            f"e={table.ent[i]}",
            f"q={table.quote[i]}",
            f"qc={int(qchar[i])}",
            f"rel={rel}",
            f"dist={_bucket(d)}",
            f"so={so}",
            f"br={nb}",
            f"rel_br={rel}_{nb}",
            f"rel_q={rel}_{table.quote[i]}_{cue_q}",
            f"qb={int(q_between)}",
            f"rel_so_q={rel}_{so}_{table.quote[i]}",
            f"cl={cue_lemma}",
            f"cl_rel={cue_lemma}_{rel}",
            f"br_p={nb}_{table.pos[i]}",
            f"hd={table.dep[table.head[i]]}",
            f"pa={rel}_{int(table.para[i] == table.para[h])}",
            f"syn={in_con}{in_src}",
            f"syn_q={in_con}_{table.quote[i]}",
        ]
    feats = []
    for i in range(a, b):
        f = list(base[i])
        for off in (-2, -1, 1, 2):
            j = i + off
            if a <= j < b:
                f += [f"{off}w={table.word[j].lower()}", f"{off}p={table.pos[j]}", f"{off}br={br[j]}"]
                if abs(off) == 1:
                    f.append(f"{off}q={table.quote[j]}_{int(qchar[j])}")
            else:
                f.append(f"{off}edge")
        feats.append(f)
    return feats


def bio(n: int, spans: list[tuple[int, int]], label: str, tags: list[str] | None = None) -> list[str]:
    tags = tags or ["O"] * n
    for s, e in spans:
        for i in range(s, e):
            if 0 <= i < n and tags[i] == "O":
                tags[i] = ("B-" if i == s else "I-") + label
    return tags


def runs(tags: list[str], label: str) -> list[tuple[int, int]]:
    """Token runs tagged ``label`` (an I without a B starts a run)."""
    out = []
    start = None
    for i, t in enumerate([*tags, "O"]):
        if t == f"B-{label}" or (t == f"I-{label}" and start is None):
            if start is not None:
                out.append((start, i))
            start = i
        elif t != f"I-{label}":
            if start is not None:
                out.append((start, i))
            start = None
    return out


def char_to_tokens(table: TokenTable, s: int, e: int) -> tuple[int, int] | None:
    idx = [i for i in range(len(table)) if table.start[i] < e and table.end[i] > s]
    return (idx[0], idx[-1] + 1) if idx else None
