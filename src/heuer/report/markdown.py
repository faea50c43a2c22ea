"""The Markdown report (GitHub-flavoured): readable as plain text, rendered well on a forge or in a wiki.

Article text and every other string from the pipeline are escaped for Markdown, so a sentence that
happens to contain ``|``, ``*`` or ``<script>`` shows as written and cannot break a table or inject markup.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

from heuer.report import charts, view
from heuer.report.common import (
    RATING_WORDS,
    RATINGS,
    ReportInput,
    hypothesis,
    pct,
    replace_atomically,
    signed,
    unique_claims,
)

CHART_FILES = {
    "matrix": ("matrix.png", "ACH matrix", charts.matrix_heatmap),
    "waterfall": ("waterfall.png", "Log-odds waterfall", charts.waterfall),
    "timeline": ("timeline.png", "Claim timeline", charts.timeline),
}

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def esc(text: object) -> str:
    """Text with Markdown and HTML punctuation backslash-escaped and line breaks folded into spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _claim_ref(c: dict) -> str:
    return f"[#{c['id']}](#claim-{c['id']})" if c["linked"] else f"#{c['id']}"


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["l"] * len(header)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return out


def write_charts(inp: ReportInput, assets_dir: Path) -> dict[str, Path]:
    """Write the three chart PNGs into ``assets_dir`` (each replaced atomically) and return their paths."""
    assets_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for key, (name, _alt, draw) in CHART_FILES.items():
        path = assets_dir / name
        replace_atomically(path, draw(inp.assessment))
        paths[key] = path
    return paths


def render_markdown(inp: ReportInput, assets_dir: Path | None = None, *, base: Path | None = None) -> str:
    """The report as Markdown.

    With ``assets_dir`` the charts are written there as PNG files and linked by a path relative to
    ``base`` (the folder the Markdown file will live in; by default the parent of ``assets_dir``), so the
    folder can be moved as a whole. Without it they are embedded as data URIs and the text stands alone.
    """
    a = inp.assessment
    if assets_dir is not None:
        base = base if base is not None else assets_dir.parent
        paths = write_charts(inp, assets_dir)
        images = {k: Path(os.path.relpath(p, base)).as_posix() for k, p in paths.items()}
    else:
        images = {
            k: "data:image/png;base64," + base64.b64encode(draw(a)).decode("ascii")
            for k, (_n, _alt, draw) in CHART_FILES.items()
        }

    # every evidence claim is quoted below under its own anchor, whether or not its article came along
    linked = {c.claim_id for c in unique_claims(a)}
    hyps = view.hypotheses(a)
    labels = [h["label"] for h in hyps]
    headline = hypothesis(a, a.headline)
    out: list[str] = []

    def section(title: str) -> None:
        out.extend(["", f"## {title}", ""])

    out.append(f"# {esc(a.question.text)}")
    out.append("")
    window = []
    if a.question.since:
        window.append(f"articles published from {view.day(a.question.since)}")
    if a.question.by:
        window.append(f"to be answered by {view.day(a.question.by)}")
    out.append(
        f"*heuer assessment as of {esc(view.day(a.as_of))}*"
        + (f" · {esc('; '.join(window))}" if window else "")
        + f" · created {esc(a.created)}"
    )

    section("Question and hypotheses")
    out += _table(
        ["Label", "Hypothesis", "Prior"],
        [
            [
                f"**{esc(h['label'])}**",
                esc(h["text"]) + (f" (negation of {esc(h['negates'])})" if h["negates"] else ""),
                h["prior_pct"],
            ]
            for h in hyps
        ],
        ["l", "l", "r"],
    )

    section("The call")
    p = pct(a.probabilities[a.headline]) if a.headline in a.probabilities else "\u2013"
    band = f"{a.band[0] * 100:.0f}\u2013{a.band[1] * 100:.0f}%"
    out.append(
        f"**{p}** probability of {esc(a.headline)}"
        + (f" ({esc(headline.text)})" if headline else "")
        + f" · ICD 203 word: **{esc(a.word)}** ({band})"
    )
    out.append("")
    out.append(f"> {esc(a.summary)}")
    out.append("")
    out.append(f"**Confidence: {esc(a.confidence)}.** {esc(a.confidence_statement)}")
    if a.confidence_reasons:
        out.append("")
        out += [f"- {esc(r)}" for r in a.confidence_reasons]
    if a.favoured != a.headline:
        out += [
            "",
            f"The favoured hypothesis is {esc(a.favoured)}; the call is stated for {esc(a.headline)}.",
        ]

    section("Probability per hypothesis")
    out += _table(
        ["Label", "Hypothesis", "Prior", "Probability now", "ACH inconsistency"],
        [
            [
                f"**{esc(h['label'])}**" if h["headline"] else esc(h["label"]),
                esc(h["text"]),
                h["prior_pct"],
                f"**{h['pct']}**" if h["headline"] else h["pct"],
                "\u2013" if h["inconsistency"] is None else f"{h['inconsistency']:.2f}",
            ]
            for h in hyps
        ],
        ["l", "l", "r", "r", "r"],
    )
    out += ["", "How the numbers are combined:", "", "```text", a.formula.replace("```", "` ` `"), "```"]

    section("ACH matrix")
    out.append(
        "Each row is one piece of evidence; each cell its consistency with a hypothesis. Following Heuer, "
        "the favoured hypothesis has the *least inconsistent* evidence."
    )
    out += ["", f"![{CHART_FILES['matrix'][1]}]({images['matrix']})", ""]
    out.append("Ratings: " + " · ".join(f"**{r}** {RATING_WORDS[r]}" for r in RATINGS))
    out.append("")
    rows = []
    for row in view.matrix(a, linked):
        rows.append(
            [
                f"**{esc(row['id'])}**",
                esc(row["text"]),
                *[c["rating"] if c["rating"] != "NA" else "\u00b7" for c in row["cells"]],
                row["weight"],
                f"{row['credibility']} ({esc(row['credibility_words'])})",
                f"{esc(row['reliability'])} ({esc(row['reliability_words'])})",
                row["diagnosticity"],
                " ".join(_claim_ref(c) for c in row["claims"]),
            ]
        )
    rows.append(
        [
            "",
            "**Inconsistency score** (lower is favoured)",
            *[
                ("\u2013" if h["inconsistency"] is None else f"{h['inconsistency']:.2f}")
                if not h["least_inconsistent"]
                else f"**{h['inconsistency']:.2f}**"
                for h in hyps
            ],
            "",
            "",
            "",
            "",
            "",
        ]
    )
    out += _table(
        [
            "Row",
            "Evidence",
            *[esc(x) for x in labels],
            "Weight",
            "Credibility",
            "Reliability",
            "Diag.",
            "Claims",
        ],
        rows,
        ["l", "l", *["c"] * len(labels), "r", "l", "l", "r", "l"],
    )

    section("Contributions")
    out.append(
        f"Each independent origin counts once, however many outlets retell it, and origins that reached "
        f"the reader through one reporting channel are discounted together (k in the formula); the "
        f"shift is in the log-odds of {esc(a.headline)} against the rest."
    )
    out += ["", f"![{CHART_FILES['waterfall'][1]}]({images['waterfall']})", ""]
    crow = [["Prior", "", "", signed(a.prior_log_odds)]]
    for c in view.contributions(a, linked):
        crow.append(
            [
                esc(c["label"]),
                ", ".join(esc(e) for e in c["evidence"]),
                " ".join(_claim_ref(x) for x in c["claims"]),
                c["shift"],
            ]
        )
    residual = view.residual(a)
    if abs(residual) >= 0.005:
        crow.append(["Not itemised (pooling terms in the formula)", "", "", signed(residual)])
    crow.append(["**Final**", "", "", f"**{signed(a.log_odds)}**"])
    out += _table(
        ["Origin group", "Evidence", "Claims", f"Shift in log-odds of {esc(a.headline)}"],
        crow,
        ["l", "l", "l", "r"],
    )

    section("Timeline")
    out.append(f"![{CHART_FILES['timeline'][1]}]({images['timeline']})")

    section("Indicators to watch")
    inds = view.indicators(inp, linked)
    if inds:
        out += _table(
            ["Status", "Due", "Source", "What to watch", "Bears out", "Claim"],
            [
                [
                    esc(i["status"]),
                    esc(i["due"] or "\u2013"),
                    esc(i["source"]),
                    esc(i["text"]),
                    esc(i["points_to"] or "\u2013"),
                    _claim_ref(i),
                ]
                for i in inds
            ],
        )
    else:
        out.append("No claims about the future were found to watch.")

    section("What would change the call")
    out += [f"- {esc(line)}" for line in a.would_change] or ["Nothing was identified."]
    if a.sensitivity:
        out += [
            "",
            "Linchpins (origin groups whose removal or reversal changes the favoured hypothesis):",
            "",
        ]
        out += _table(
            ["Origin group", "Evidence", "Favoured without it", "Favoured were it reversed"],
            [
                [
                    esc(s.label or s.group),
                    ", ".join(esc(e) for e in s.evidence),
                    esc(s.removed or "unchanged"),
                    esc(s.reversed or "unchanged"),
                ]
                for s in a.sensitivity
            ],
        )

    section("Sources and grades")
    srcs = view.sources(inp)
    if srcs:
        out += _table(
            ["Source", "Kind", "Actor", "Claims", "Reliability", "Reason"],
            [
                [
                    esc(s["source"]),
                    esc(s["kind"]),
                    esc(s["actor"]),
                    esc(s["claims"]),
                    f"**{esc(s['reliability'])}** {esc(s['reliability_words'])}".strip(),
                    esc(s["reason"]),
                ]
                for s in srcs
            ],
            ["l", "l", "l", "r", "l", "l"],
        )
    else:
        out.append("No source grades were supplied.")

    section("Evidence claims")
    for c in view.claims(inp, linked):
        out.append(f'<a id="claim-{c["id"]}"></a>')
        out.append("")
        out.append(
            f"**Claim {c['id']}** ({', '.join(esc(e) for e in c['evidence'])}) · {esc(c['source'])} "
            f"({esc(c['source_kind'])}) · {esc(c['stance'])} {esc(a.headline)} ({c['score']})"
            + (f" · certainty: {esc(c['certainty'])}" if c["certainty"] else "")
        )
        out.append("")
        out.append(f"> {esc(c['quote'])}")
        out.append(">")
        out.append(
            f"> \u2014 *{esc(c['title'] or c['article_id'])}*, {esc(c['outlet'] or 'unknown outlet')}, "
            f"{esc(view.day(c['published']))}; article `{c['article_id']}`, "
            f"characters {c['start']}\u2013{c['end']}"
        )
        out.append("")

    section("Articles")
    out += _table(
        ["Article", "Outlet", "Published", "Marked sentences", "URL"],
        [
            [
                esc(x["title"]),
                esc(x["outlet"] or "\u2013"),
                esc(view.day(x["published"])),
                str(x["marks"]),
                esc(x["url_text"] or ""),
            ]
            for x in view.articles(inp)
        ],
        ["l", "l", "l", "r", "l"],
    )
    out.append("")
    lo = view.left_out(a)
    if lo:
        out.append("Left out: " + "; ".join(f"{n} {esc(reason)}" for reason, n in lo) + ".")
    else:
        out.append("No article was left out.")

    section("Method")
    out += [
        f"- Assessment as of: {esc(a.as_of)}",
        f"- Created: {esc(a.created)}",
        f"- Stance model: {esc(a.stance_model)}",
        "- Standards: ICD 203 estimative language and confidence; NATO Admiralty code (AJP-2.1); "
        "Heuer's Analysis of Competing Hypotheses.",
    ]
    return "\n".join(out).rstrip() + "\n"
