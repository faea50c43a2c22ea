"""The report's three charts as PNG bytes: the ACH matrix, the log-odds waterfall and the claim timeline.

Figures are built on matplotlib's object API and drawn by the Agg canvas directly, never through pyplot,
so rendering needs no display and leaves the process's matplotlib backend and figure state alone (a
notebook that imports heuer keeps its own). Every size follows from the input alone and the PNG carries
no software or time stamp, so equal assessments give equal bytes: a report can be diffed, cached and
checked in tests.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from heuer.model import Assessment
from heuer.report.common import (
    RATING_WORDS,
    RATINGS,
    claim_stance,
    hypothesis,
    icd203_bands,
    least_inconsistent,
    logistic,
    logit,
    parse_day,
    pct,
    shorten,
    signed,
    unique_claims,
)

DPI = 110

# Diverging green-grey-red with the strong ends dark enough to carry white text.
RATING_COLOURS = {
    "CC": "#1b7837",
    "C": "#a6dba0",
    "N": "#d9d9d9",
    "I": "#f4a6a6",
    "II": "#b2182b",
    "NA": "#ffffff",
}
RATING_TEXT = {"CC": "white", "II": "white"}

STANCE_STYLE = {
    "supports": ("#1b7837", "^", "supports"),
    "contradicts": ("#b2182b", "v", "contradicts"),
    "neutral": ("#7f7f7f", "o", "neutral"),
}
UP, DOWN, LEVEL = "#2e8b57", "#c0392b", "#4a5d7e"
INK, MUTED = "#222222", "#666666"

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.edgecolor": "#999999",
    "text.color": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}

MAX_WATERFALL_BARS = 12
MAX_TIMELINE_ROWS = 24


def _top_legend(ax: Axes, handles: list) -> None:
    """A one-row legend above the plot, where it never covers data."""
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=3,
        frameon=False,
        fontsize=8,
        borderaxespad=0.2,
    )


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=DPI,
        metadata={"Software": None},
        facecolor="white",
        bbox_inches="tight",
        pad_inches=0.15,
    )
    return buf.getvalue()


def _empty(title: str, message: str) -> bytes:
    with rc_context(STYLE):
        fig = Figure(figsize=(7.0, 1.6))
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        ax.text(0.5, 0.4, message, ha="center", va="center", color=MUTED, transform=ax.transAxes)
        return _png(fig)


def _headline_text(a: Assessment, width: int) -> str:
    h = hypothesis(a, a.headline)
    return f"{a.headline}: {shorten(h.text, width)}" if h else a.headline


# --- ACH matrix ---------------------------------------------------------------------------------------


def matrix_heatmap(a: Assessment) -> bytes:
    """The ACH matrix as a coloured grid, with each hypothesis's inconsistency score under it."""
    title = "ACH matrix: how each piece of evidence fits each hypothesis"
    labels = [h.label for h in a.question.hypotheses]
    if not labels:
        return _empty(title, "The question has no hypotheses.")
    rows = a.evidence
    n, m = len(rows), len(labels)
    label_w = 3.4
    cell_w = 1.05 if m <= 5 else 0.8
    width = min(max(label_w + cell_w * m + 0.6, 7.0), 14.0)
    height = 2.2 + 0.42 * (n + 1)
    favoured = least_inconsistent(a)
    with rc_context(STYLE):
        fig = Figure(figsize=(width, height))
        top = 1 - 1.05 / height
        bottom = 0.75 / height
        ax = fig.add_axes((label_w / width, bottom, (width - label_w - 0.3) / width, top - bottom))
        ax.set_xlim(0, m)
        ax.set_ylim(n + 1, 0)
        for i, ev in enumerate(rows):
            for j, lab in enumerate(labels):
                rating = ev.ratings.get(lab, "NA")
                ax.add_patch(
                    Rectangle(
                        (j, i), 1, 1, facecolor=RATING_COLOURS.get(rating, "white"), edgecolor="white", lw=2
                    )
                )
                if rating == "NA":  # blank, but still visibly a cell of the grid
                    ax.add_patch(
                        Rectangle(
                            (j + 0.03, i + 0.05), 0.94, 0.9, facecolor="none", edgecolor="#dddddd", lw=0.8
                        )
                    )
                if rating != "NA":
                    ax.text(
                        j + 0.5,
                        i + 0.5,
                        rating,
                        ha="center",
                        va="center",
                        fontsize=10,
                        fontweight="bold",
                        color=RATING_TEXT.get(rating, INK),
                    )
        # the inconsistency row, set apart by a rule
        ax.axhline(n, color="#555555", lw=1.2)
        for j, lab in enumerate(labels):
            score = a.inconsistency.get(lab)
            best = lab == favoured
            ax.add_patch(
                Rectangle(
                    (j + 0.04, n + 0.08),
                    0.92,
                    0.84,
                    facecolor="#fff7d6" if best else "#f4f4f4",
                    edgecolor="#b8860b" if best else "none",
                    lw=1.5,
                )
            )
            ax.text(
                j + 0.5,
                n + 0.5,
                "\u2013" if score is None else f"{score:.2f}",
                ha="center",
                va="center",
                fontsize=10,
                fontweight="bold" if best else "normal",
            )
        ax.set_yticks(
            [i + 0.5 for i in range(n + 1)],
            [f"{ev.id}  {shorten(ev.text, 40, 2)}" for ev in rows] + ["Inconsistency score"],
            fontsize=8,
        )
        ax.get_yticklabels()[-1].set_fontweight("bold")
        ax.set_xticks(
            [j + 0.5 for j in range(m)],
            [f"{h.label}\n{shorten(h.text, 17 if m <= 5 else 12, 3)}" for h in a.question.hypotheses],
            fontsize=8,
        )
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        fig.suptitle(title, x=0.02, y=1 - 0.12 / height, ha="left", va="top", fontsize=11, fontweight="bold")
        handles = [
            Patch(facecolor=RATING_COLOURS[r], edgecolor="#999999", label=f"{r} {RATING_WORDS[r]}")
            for r in RATINGS
        ]
        fig.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.01, 0.0),
            ncol=3,
            fontsize=7.5,
            frameon=False,
            handlelength=1.2,
        )
        if favoured:
            fig.text(
                0.99,
                0.02,
                f"Least inconsistent (favoured by ACH): {favoured}",
                ha="right",
                va="bottom",
                fontsize=8,
                color=MUTED,
            )
        if not rows:
            ax.text(m / 2, 0.5, "no evidence", ha="center", va="center", color=MUTED)
        return _png(fig)


# --- waterfall ----------------------------------------------------------------------------------------


def _waterfall_steps(a: Assessment) -> list[tuple[str, float, str]]:
    """(label, value, kind) with kind 'level' for absolute bars and 'step' for shifts."""
    steps = [("Prior", a.prior_log_odds, "level")]
    contribs = list(a.contributions)
    if len(contribs) > MAX_WATERFALL_BARS:
        ranked = sorted(range(len(contribs)), key=lambda i: (-abs(contribs[i].log_odds), i))
        keep = set(ranked[: MAX_WATERFALL_BARS - 1])
        rest = [c for i, c in enumerate(contribs) if i not in keep]
        contribs = [c for i, c in enumerate(contribs) if i in keep]
        tail = (f"{len(rest)} other origins", sum(c.log_odds for c in rest), "step")
    else:
        tail = None
    steps += [(c.label or c.group, c.log_odds, "step") for c in contribs]
    if tail:
        steps.append(tail)
    residual = a.log_odds - (a.prior_log_odds + sum(c.log_odds for c in a.contributions))
    if abs(residual) >= 0.005:
        steps.append(("Not itemised (see formula)", residual, "step"))
    steps.append(("Final", a.log_odds, "level"))
    return steps


def waterfall(a: Assessment) -> bytes:
    """Prior log-odds, each origin group's shift, and the final log-odds of the headline hypothesis."""
    steps = _waterfall_steps(a)
    k = len(steps)
    width = min(max(2.6 + 0.95 * k, 7.5), 14.0)
    height = 4.6
    with rc_context(STYLE):
        fig = Figure(figsize=(width, height))
        ax = fig.add_axes((1.0 / width, 0.2, 1 - 2.6 / width, 0.66))
        running = 0.0
        tops = []
        for x, (_label, value, kind) in enumerate(steps):
            if kind == "level":
                lo, hi, colour = min(0.0, value), max(0.0, value), LEVEL
                running = value
                text = f"{signed(value)}\n({pct(logistic(value))})"
                end = value
            else:
                lo, hi = sorted((running, running + value))
                colour = UP if value >= 0 else DOWN
                running += value
                text = signed(value)
                end = running
            ax.bar(x, max(hi - lo, 0.02), bottom=lo, width=0.62, color=colour, zorder=3)
            ax.text(
                x,
                hi + 0.08 if (value >= 0) else lo - 0.08,
                text,
                ha="center",
                va="bottom" if value >= 0 else "top",
                fontsize=8,
                zorder=4,
            )
            tops.append((lo, hi, end))
            if x + 1 < k:
                ax.plot([x + 0.31, x + 0.69], [end, end], color="#888888", lw=0.8, ls=":", zorder=2)
        values = [v for lo, hi, _ in tops for v in (lo, hi)] + [0.0]
        span = max(values) - min(values)
        pad = max(0.6, 0.18 * span)
        ymin = max(min(values) - pad, -8.0)
        ymax = min(max(values) + pad, 8.0)
        ax.set_ylim(ymin, ymax)
        ax.set_xlim(-0.6, k - 0.4)
        ax.axhline(0, color="#444444", lw=0.8, zorder=2)
        # ICD 203 bands, faintly, with their words on the right-hand axis
        right = ax.twinx()
        right.set_ylim(ymin, ymax)
        ticks, names = [], []
        for i, (word, low, high) in enumerate(icd203_bands()):
            y0, y1 = logit(low), logit(high)
            if y1 < ymin or y0 > ymax:
                continue
            ax.axhspan(y0, y1, color="#4a5d7e", alpha=0.06 if i % 2 else 0.0, zorder=0, lw=0)
            ax.axhline(y0, color="#c8cdd6", lw=0.6, zorder=1)
            mid = (max(y0, ymin) + min(y1, ymax)) / 2
            ticks.append(mid)
            names.append(f"{word}\n{low * 100:.0f}\u2013{high * 100:.0f}%")
        right.set_yticks(ticks, names, fontsize=7.5, color=MUTED)
        right.tick_params(length=0)
        right.set_ylabel("ICD 203 probability band", color=MUTED)
        for side in ("top",):
            ax.spines[side].set_visible(False)
            right.spines[side].set_visible(False)
        ax.set_xticks(
            range(k),
            [shorten(label, 14, 3) for label, _, _ in steps],
            fontsize=7.5,
            rotation=0,
        )
        ax.set_ylabel(f"log-odds of {a.headline} against the rest")
        ax.set_title(f"What moves the call on {_headline_text(a, 60)}", loc="left", pad=22, fontsize=10.5)
        handles = [
            Patch(color=LEVEL, label="prior / final log-odds"),
            Patch(color=UP, label="raises it"),
            Patch(color=DOWN, label="lowers it"),
        ]
        _top_legend(ax, handles)
        return _png(fig)


# --- timeline -----------------------------------------------------------------------------------------


def timeline(a: Assessment) -> bytes:
    """Each evidence claim at its publication date, one row per source, marked by its stance."""
    title = f"Claims over time, by source, as they bear on {a.headline}"
    claims = unique_claims(a)
    if not claims:
        return _empty(title, "No evidence claims.")
    days = {c.claim_id: parse_day(c.published) for c in claims}
    dated = sorted({d for d in days.values() if d})
    # rows: sources ordered by their first dated claim, undated-only sources last, then by name
    first: dict[str, tuple[int, date, str]] = {}
    for c in claims:
        d = days[c.claim_id]
        key = (0, d, c.source) if d else (1, date.max, c.source)
        first[c.source] = min(first.get(c.source, key), key)
    sources = sorted(first, key=lambda s: first[s])
    hidden = 0
    if len(sources) > MAX_TIMELINE_ROWS:
        hidden = len(sources) - (MAX_TIMELINE_ROWS - 1)
        sources = sources[: MAX_TIMELINE_ROWS - 1]
    row = {s: i for i, s in enumerate(sources)}
    if hidden:
        row_other = len(sources)
        labels = [shorten(s, 30) for s in sources] + [f"{hidden} other sources"]
    else:
        row_other = None
        labels = [shorten(s, 30) for s in sources]

    as_of = parse_day(a.as_of)
    span_days = (dated[-1] - dated[0]).days if dated else 0
    if dated:
        lo_day, hi_day = dated[0], dated[-1]
        if as_of and as_of >= lo_day and (as_of - hi_day).days <= max(span_days, 7) * 2:
            hi_day = max(hi_day, as_of)
        gap = max(1, round(((hi_day - lo_day).days or 1) * 0.18))
        undated_x = date2num(hi_day) + gap
        x_lo, x_hi = date2num(lo_day) - max(0.6, gap * 0.5), undated_x + max(0.6, gap * 0.5)
    else:
        lo_day = hi_day = None
        undated_x, x_lo, x_hi = 0.0, -1.0, 1.0
        gap = 1

    height = 1.7 + 0.36 * len(labels)
    width = 9.0
    with rc_context(STYLE):
        fig = Figure(figsize=(width, height))
        ax = fig.add_axes((2.5 / width, 0.95 / height, 1 - 2.9 / width, 1 - 1.75 / height))
        placed: dict[tuple[float, int], int] = {}
        nudge = (x_hi - x_lo) * 0.014
        for c in claims:
            d = days[c.claim_id]
            x = date2num(d) if d else undated_x
            y = row.get(c.source, row_other)
            n_here = placed.get((x, y), 0)
            placed[(x, y)] = n_here + 1
            # side by side, not on top of each other, when one source says several things that day
            dx = nudge * ((n_here + 1) // 2) * (1 if n_here % 2 else -1)
            colour, marker, _ = STANCE_STYLE[claim_stance(c, a.headline)]
            ax.scatter(
                [x + dx],
                [y],
                s=70,
                c=colour,
                marker=marker,
                edgecolors="white",
                linewidths=0.8,
                zorder=3,
            )
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        for y in range(len(labels)):
            ax.axhline(y, color="#eeeeee", lw=0.8, zorder=1)
        ax.set_xlim(x_lo, x_hi)
        ticks: list[float] = []
        names: list[str] = []
        if dated:
            if span_days <= 10:
                tick_days = [lo_day + timedelta(days=i) for i in range((hi_day - lo_day).days + 1)]
                step = max(1, len(tick_days) // 8)
                tick_days = tick_days[::step]
                ticks = [date2num(d) for d in tick_days]
            else:
                locator = AutoDateLocator(minticks=3, maxticks=7)
                start, end = (datetime(d.year, d.month, d.day) for d in (lo_day, hi_day))
                ticks = [t for t in locator.tick_values(start, end) if x_lo <= t < undated_x - gap * 0.4]
            years = {lo_day.year, hi_day.year}
            fmt = "%d %b %Y" if len(years) > 1 else "%d %b"
            names = [num2date(t).strftime(fmt).lstrip("0") for t in ticks]
            sep = undated_x - gap / 2
            ax.axvline(sep, color="#aaaaaa", lw=0.8, ls="--", zorder=1)
            if as_of and date2num(as_of) < sep:
                ax.axvline(date2num(as_of), color="#4a5d7e", lw=1.0, zorder=1)
                ax.text(
                    date2num(as_of),
                    -0.5,
                    " as of",
                    color="#4a5d7e",
                    fontsize=7.5,
                    va="bottom",
                    ha="center",
                    clip_on=False,
                )
            ax.set_xlabel(f"publication date{' (' + str(lo_day.year) + ')' if len(years) == 1 else ''}")
        else:
            ax.set_xlabel("publication date")
        ax.set_xticks([*ticks, undated_x], [*names, "undated"], fontsize=8)
        ax.get_xticklabels()[-1].set_fontstyle("italic")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title(title, loc="left", fontsize=10.5, pad=22)
        handles = [
            Line2D([], [], ls="", marker=mk, color=col, markersize=8, label=f"{name} {a.headline}")
            for col, mk, name in STANCE_STYLE.values()
        ]
        handles[-1].set_label("neutral")
        _top_legend(ax, handles)
        return _png(fig)
