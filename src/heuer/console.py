"""Terminal rendering with rich: what a person sees from the CLI.

Kept apart from ``cli.py`` so commands stay thin and the same views serve ``heuer demo``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from heuer.model import (
    Article,
    ArticleLink,
    Assessment,
    Attribution,
    Claim,
    IngestOutcome,
    Question,
    Sighting,
)

STATUS_STYLE = {"stored": "green", "duplicate": "yellow", "error": "red"}


def short(aid: str) -> str:
    return aid[:10]


def words(text: str) -> int:
    return len(text.split())


def outcome_line(o: IngestOutcome) -> Text:
    t = Text()
    t.append(f"{o.status:<9}", style=STATUS_STYLE[o.status])
    if o.article_id:
        t.append(f" {short(o.article_id)} ", style="cyan")
    t.append(o.title or o.origin)
    extra = []
    if o.status == "stored":
        extra.append(f"{o.removed_lines} line{'' if o.removed_lines == 1 else 's'} removed")
        kinds = sorted({link.kind for link in o.links})
        for k in kinds:
            extra.append(f"{sum(1 for link in o.links if link.kind == k)} {k.replace('_', '-')}")
    if o.message:
        extra.append(o.message)
    if extra:
        t.append(f"  ({'; '.join(extra)})", style="dim" if o.status != "error" else "red")
    return t


def articles_table(
    articles: Sequence[Article],
    link_counts: dict[str, int] | None = None,
    removed_counts: dict[str, int] | None = None,
) -> Table:
    table = Table(title=f"{len(articles)} articles", title_justify="left", show_lines=False)
    for col, kw in (
        ("#", {"justify": "right"}),
        ("id", {"style": "cyan"}),
        ("outlet", {}),
        ("published", {}),
        ("title", {"max_width": 48}),
        ("lang", {}),
        ("words", {"justify": "right"}),
        ("removed", {"justify": "right"}),
        ("links", {"justify": "right"}),
    ):
        table.add_column(col, **kw)
    for n, a in enumerate(articles, 1):
        lang = a.language or "?"
        table.add_row(
            str(n),
            short(a.id),
            a.outlet or "-",
            a.published or "-",
            a.title or Text(a.origin, style="dim"),
            Text(lang, style="bold red") if a.non_english else lang,
            str(words(a.text)),
            str((removed_counts or {}).get(a.id, len(a.removed))),
            str((link_counts or {}).get(a.id, 0)),
        )
    return table


def article_meta(a: Article, sightings: Sequence[Sighting]) -> Table:
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    for label, value in (
        ("id", a.id),
        ("title", a.title),
        ("outlet", a.outlet),
        ("author", a.author),
        ("published", a.published),
        ("url", a.url),
        ("origin", a.origin),
        (
            "language",
            f"{a.language} (p={a.language_score})" + ("  NOT ENGLISH" if a.non_english else "")
            if a.language
            else None,
        ),
        ("words", str(words(a.text))),
    ):
        t.add_row(label, value if value else Text("unknown", style="dim"))
    if len(sightings) > 1:
        t.add_row("also seen", "\n".join(f"{s.outlet or '-'}  {s.origin}" for s in sightings[1:]))
    return t


def removed_table(a: Article) -> Table:
    table = Table(title=f"{len(a.removed)} lines removed", title_justify="left")
    table.add_column("line", justify="right")
    table.add_column("text", max_width=60)
    table.add_column("reason", style="yellow")
    for r in a.removed:
        table.add_row(str(r.index + 1), r.text, r.reason)
    return table


def links_view(article: Article, links: Sequence[ArticleLink], texts: dict[str, str]) -> Group:
    parts = []
    for link in links:
        mine_a = link.a == article.id
        other = link.b if mine_a else link.a
        head = Text()
        head.append(link.kind.replace("_", "-"), style="magenta bold")
        head.append(
            f" with {short(other)}  similarity {link.similarity:.2f}, {len(link.spans)} shared passages"
        )
        body = []
        for sp in link.spans[:5]:
            s, e = (sp.a_start, sp.a_end) if mine_a else (sp.b_start, sp.b_end)
            body.append(Text(f"  “{_clip(article.text[s:e])}” ({sp.words} words)", style="dim"))
        parts.append(Group(head, *body))
    return Group(*parts) if parts else Group(Text("no near-duplicates or retellings", style="dim"))


def _clip(s: str, n: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def article_panel(a: Article, sightings: Sequence[Sighting], show_text: bool = True) -> Panel:
    items = [article_meta(a, sightings)]
    if show_text:
        items += [Text(""), Text(a.text)]
    return Panel(Group(*items), title=a.title or a.origin, title_align="left")


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


# --- extraction views ---------------------------------------------------------------------------------

ROLE_STYLE = {"source": "bold cyan", "cue": "bold yellow", "content": "green"}


def highlighted_text(a: Article, attributions: Sequence[Attribution]) -> Text:
    """The article text with sources, cues and contents coloured, so a reader can check each one."""
    t = Text(a.text)
    for att in attributions:
        for role, segs in (("content", att.content), ("source", att.source or []), ("cue", att.cue)):
            for start, end in segs:
                t.stylize(ROLE_STYLE[role], start, end)
    return t


def legend() -> Text:
    t = Text("legend: ")
    for role, style in ROLE_STYLE.items():
        t.append(role, style=style)
        t.append("  ")
    return t


def _seg_text(text: str, segs: Sequence[tuple[int, int]] | None) -> str:
    return " … ".join(text[s:e] for s, e in segs or [])


def certainty_text(c: Claim) -> str:
    if c.certainty is None:
        return "-"
    k = c.certainty
    cue = "plain assertion" if k.basis.startswith("plain assertion") else k.cue
    return f"{cue}: {k.p:.0%} ({k.low:.0%}-{k.high:.0%}), {k.band}"


def horizon_text(c: Claim) -> str:
    h = c.horizon
    if h is None:
        return "-"
    if h.date_from or h.date_to:
        return f"{h.text}: {h.date_from or '…'}..{h.date_to or '…'}"
    return f"{h.text} (relative)"


def source_label(
    att: Attribution | None, text: str, names: dict[str, str] | None = None, voice: str = "author"
) -> Text:
    if att is None:
        return Text("author's commentary" if voice == "author_opinion" else "author", style="dim")
    names = names or {}
    t = Text(_clip(_seg_text(text, att.source) or "(no source)", 40), style="cyan")
    t.append(f"\n{att.source_kind.replace('_', ' ')}", style="dim")
    if att.source_actor:
        t.append(f": {names.get(att.source_actor, att.source_actor)}", style="dim")
    if att.via:
        t.append(f"\nvia {names.get(att.via, att.via)}", style="magenta")
    return t


def claims_table(
    rows: Sequence[tuple[Claim, Attribution | None]],
    texts: dict[str, str],
    names: dict[str, str] | None = None,
    title: str = "claims",
) -> Table:
    table = Table(title=f"{len(rows)} {title}", title_justify="left", show_lines=True)
    for col, kw in (
        ("#", {"justify": "right"}),
        ("source", {"max_width": 30}),
        ("cue", {"style": "yellow"}),
        ("claim", {"max_width": 60}),
        ("polarity", {}),
        ("mode", {}),
        ("certainty", {"max_width": 26}),
        ("horizon", {"max_width": 24}),
    ):
        table.add_column(col, **kw)
    for n, (c, att) in enumerate(rows, 1):
        text = texts.get(c.article_id, "")
        claim = Text(_clip(c.proposition, 220))
        if c.voice == "author_opinion":
            claim.append("  [author's commentary]", style="italic magenta")
        pol = Text(c.polarity, style="bold red" if c.polarity == "negated" else "")
        if c.negation:
            pol.append(f"\n{c.negation}", style="dim")
        table.add_row(
            str(n),
            source_label(att, text),
            _seg_text(text, att.cue) if att else "-",
            claim,
            pol,
            c.mode.replace("_", " "),
            certainty_text(c),
            horizon_text(c),
        )
    return table


def attributions_table(
    a: Article, attributions: Sequence[Attribution], names: dict[str, str] | None = None
) -> Table:
    table = Table(title=f"{len(attributions)} attributions", title_justify="left", show_lines=True)
    for col, kw in (
        ("source", {"style": "cyan", "max_width": 34}),
        ("kind", {}),
        ("cue", {"style": "yellow"}),
        ("content", {"style": "green", "max_width": 70}),
        ("quote", {}),
    ):
        table.add_column(col, **kw)
    for att in attributions:
        names = names or {}
        kind = att.source_kind.replace("_", " ")
        if att.source_actor:
            kind += f": {names.get(att.source_actor, att.source_actor)}"
        if att.via:
            kind += f"\nvia {names.get(att.via, att.via)}"
        table.add_row(
            _seg_text(a.text, att.source) or "-",
            kind,
            _seg_text(a.text, att.cue),
            _clip(_seg_text(a.text, att.content), 300),
            att.kind,
        )
    return table


# --- linking views ------------------------------------------------------------------------------------

CREDIBILITY_WORDS = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}


def clusters_table(
    rows: Sequence[dict], names: dict[str, str] | None = None, title: str = "clusters"
) -> Table:
    table = Table(title=f"{len(rows)} {title}", title_justify="left", show_lines=True)
    for col, kw in (
        ("#", {"justify": "right"}),
        ("proposition", {"max_width": 60}),
        ("claims", {"justify": "right"}),
        ("articles", {"justify": "right"}),
        ("independent origins", {"justify": "right"}),
        ("credibility", {"max_width": 44}),
    ):
        table.add_column(col, **kw)
    for c in rows:
        members = c["members"]
        neg = sum(1 for m in members if m.get("claim") and m["claim"].polarity == "negated")
        prop = Text(_clip(c["label"] or "", 200))
        if neg:
            prop.append(f"\n{neg} of {len(members)} negated", style="red")
        cred = Text(f"{c['credibility']} {CREDIBILITY_WORDS.get(c['credibility'], '')}", style="bold")
        cred.append(f"\n{c['credibility_reason']}", style="dim")
        table.add_row(
            str(c["id"]),
            prop,
            str(len(members)),
            str(len((c.get("data") or {}).get("articles", []))),
            str(c["independent_origins"]),
            cred,
        )
    return table


def sources_table(rows: Sequence[dict]) -> Table:
    table = Table(
        title=f"{len(rows)} sources (Admiralty reliability: F until you grade it)", title_justify="left"
    )
    for col, kw in (
        ("source", {"style": "cyan", "max_width": 40}),
        ("kind", {}),
        ("claims", {"justify": "right"}),
        ("reliability", {"justify": "center"}),
        ("reason", {"style": "dim", "max_width": 40}),
    ):
        table.add_column(col, **kw)
    for r in rows:
        table.add_row(
            r["source"], r["kind"].replace("_", " "), str(r["claims"]), r["reliability"], r["reason"]
        )
    return table


# --- assess -------------------------------------------------------------------------------------------

RATING_STYLE = {
    "CC": "bold white on dark_green",
    "C": "green",
    "N": "dim",
    "I": "red",
    "II": "bold white on red3",
    "NA": "dim",
}
INDICATOR_STYLE = {"pending": "yellow", "open": "cyan", "borne_out": "green", "not_borne_out": "red"}


def questions_table(questions: Sequence[Question]) -> Table:
    t = Table(title="questions", show_lines=False)
    for col in ("id", "question", "hypotheses (prior)", "by"):
        t.add_column(col)
    for q in questions:
        hyps = "\n".join(f"{h.label} ({h.prior:.0%}): {h.text}" for h in q.hypotheses)
        t.add_row(str(q.id), q.text, hyps, q.by or "")
    return t


def assessment_view(a: Assessment) -> Group:
    """The call, then (in their own lines) the confidence, the matrix, contributions and indicators."""
    from heuer.assess.pool import icd203  # loads the certainty lexicons (and spaCy): only when shown

    q = a.question
    call = Text()
    call.append(f"{a.word.upper()}  {a.probabilities[a.headline]:.0%}\n", style="bold")
    call.append(a.summary + "\n")
    call.append(a.confidence_statement, style="italic")
    panel = Panel(call, title=f"question {q.id}: {q.text}", subtitle=f"as of {a.as_of}", expand=False)

    probs = Table(title="probability per hypothesis (prior -> pooled)")
    for col in ("", "hypothesis", "prior", "pooled", "ICD 203", "inconsistency"):
        probs.add_column(col)
    for h in q.hypotheses:
        mark = "◀ favoured" if h.label == a.favoured else ""
        probs.add_row(
            h.label,
            f"{h.text} {mark}",
            f"{h.prior:.0%}",
            f"{a.probabilities[h.label]:.0%}",
            icd203(a.probabilities[h.label])[0],
            f"{a.inconsistency.get(h.label, 0):.2f}",
        )

    matrix = Table(
        title="ACH matrix (rows: claim clusters; least inconsistent hypothesis is favoured)", expand=True
    )
    matrix.add_column("")
    # one line a row: the full sentences are in the report; here the matrix must stay scannable
    matrix.add_column("evidence", no_wrap=True, overflow="ellipsis", ratio=1, min_width=20)
    for h in q.hypotheses:
        matrix.add_column(h.label, justify="center", no_wrap=True, min_width=3)
    for col in ("origins", "rel", "cred", "weight", "diag"):
        matrix.add_column(col, justify="right", no_wrap=True, min_width=len(col))
    for e in a.evidence:
        matrix.add_row(
            e.id,
            _clip(e.text, 110),
            *[Text(e.ratings[h.label], style=RATING_STYLE[e.ratings[h.label]]) for h in q.hypotheses],
            str(len(e.groups)),
            e.reliability,
            str(e.credibility),
            f"{e.weight:.2f}",
            f"{e.diagnosticity:.2f}",
        )

    contrib = Table(
        title=f"contributions to the log-odds of {a.headline} (prior {a.prior_log_odds:+.2f})", expand=True
    )
    contrib.add_column("independent origin", no_wrap=True, overflow="ellipsis", ratio=1, min_width=20)
    contrib.add_column("evidence", no_wrap=True, overflow="ellipsis", max_width=30)
    contrib.add_column("log-odds", justify="right", no_wrap=True, min_width=8)
    for c in a.contributions:
        contrib.add_row(
            _clip(c.label, 70),
            ", ".join(c.evidence),
            Text(f"{c.log_odds:+.2f}", style="green" if c.log_odds > 0 else "red"),
        )
    contrib.add_row("pooled", "", Text(f"{a.log_odds:+.2f}", style="bold"))

    parts: list = [panel, probs, matrix, contrib]
    if a.indicators:
        ind = Table(title="indicators", expand=True)
        ind.add_column("status", no_wrap=True, min_width=13)
        ind.add_column("due", no_wrap=True, min_width=10)
        ind.add_column("source", no_wrap=True, overflow="ellipsis", max_width=28)
        ind.add_column("claim", no_wrap=True, overflow="ellipsis", ratio=1, min_width=20)
        for i in a.indicators:
            ind.add_row(
                Text(i.status.replace("_", " "), style=INDICATOR_STYLE[i.status]),
                i.due or "",
                _clip(i.source, 40),
                _clip(i.text, 100),
            )
        parts.append(ind)
    parts.append(Text("What would change the call:", style="bold"))
    parts += [Text(f"  - {w}") for w in a.would_change] or [Text("  (no evidence yet)")]
    return Group(*parts)
