"""The HTML report: one self-contained file an analyst can mail, archive or print.

Charts travel inside it as data URIs and the stylesheet is inline, so the file opens the same offline,
years later, with no request leaving the reader's machine. Article text is untrusted input; the
template environment escapes by default and the only markup built in Python (the highlighted reading
view) escapes every piece of text it places between tags.
"""

from __future__ import annotations

import base64
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from heuer.report import charts, view
from heuer.report.common import (
    RATING_WORDS,
    RATINGS,
    REPORT_VERSION,
    ReportInput,
    credibility_words,
    hypothesis,
    pct,
    reliability_words,
    signed,
)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("heuer.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = pct
    env.filters["signed"] = signed
    env.filters["day"] = view.day
    env.filters["anchor"] = view.anchor
    return env


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def highlight(text: str, marks: list[view.Highlight]) -> Markup:
    """``text`` escaped, with each highlighted sentence wrapped in ``<mark>``.

    The text is cut at every start and end offset, so overlapping or nested sentences never produce
    crossing tags: each piece is marked by all the sentences that cover it (coloured 'mixed' when they
    disagree), and each claim's anchor sits on the first piece of its sentence. Offsets outside the text
    are clamped rather than trusted.
    """
    n = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    bounds = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks)})
    placed: set[int] = set()
    parts: list[str] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        chunk = escape(text[lo:hi])
        covering = [m for m in marks if m.start <= lo and hi <= m.end]
        if not covering:
            parts.append(chunk)
            continue
        new = [m for m in covering if m.claim_id not in placed]
        placed.update(m.claim_id for m in new)
        kinds = {m.kind for m in covering}
        kind = kinds.pop() if len(kinds) == 1 else "mixed"
        extra = "".join(f'<span class="anchor" id="{view.anchor(m.claim_id)}"></span>' for m in new[1:])
        id_attr = f' id="{view.anchor(new[0].claim_id)}"' if new else ""
        ids = " ".join(str(m.claim_id) for m in covering)
        title = escape("; ".join(m.title for m in covering))
        parts.append(
            f'{extra}<mark{id_attr} class="{kind}" data-claims="{ids}" title="{title}">{chunk}</mark>'
        )
    return Markup("".join(parts))


def context(inp: ReportInput) -> dict:
    a = inp.assessment
    marks = view.highlights(inp)
    linked = {m.claim_id for ms in marks.values() for m in ms}
    headline = hypothesis(a, a.headline)
    articles = view.articles(inp)
    for art in articles:
        body = art["article"]
        art["body"] = highlight(body.text, marks.get(art["id"], [])) if body is not None else None
    return {
        "a": a,
        "q": a.question,
        "headline": headline,
        "p_headline": pct(a.probabilities[a.headline]) if a.headline in a.probabilities else "\u2013",
        "band": f"{a.band[0] * 100:.0f}\u2013{a.band[1] * 100:.0f}%",
        "hypotheses": view.hypotheses(a),
        "matrix": view.matrix(a, linked),
        "claims": view.claims(inp, linked),
        "contributions": view.contributions(a, linked),
        "residual": view.residual(a),
        "indicators": view.indicators(inp, linked),
        "sources": view.sources(inp),
        "articles": articles,
        "left_out": view.left_out(a),
        "ratings": [(r, RATING_WORDS[r]) for r in RATINGS],
        "reliability_words": reliability_words,
        "credibility_words": credibility_words,
        "charts": {
            "matrix": data_uri(charts.matrix_heatmap(a)),
            "waterfall": data_uri(charts.waterfall(a)),
            "timeline": data_uri(charts.timeline(a)),
        },
        "report_version": REPORT_VERSION,
    }


def render_html(inp: ReportInput) -> str:
    return environment().get_template("report.html.j2").render(context(inp))
