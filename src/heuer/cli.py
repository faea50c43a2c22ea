"""The ``heuer`` command. Each command is a thin wrapper over :class:`heuer.workspace.Workspace`.

Conventions: human output by default, ``--json`` for machines; progress bars only on a terminal; one
error line per bad input on stderr; exit code 2 when any input was bad, 1 on an internal failure.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast, get_args

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from heuer import __version__, console
from heuer.ingest.options import MB, ReadOptions
from heuer.ingest.pipeline import Overrides
from heuer.ingest.readers import expand_inputs
from heuer.model import IngestOutcome, SourceKind
from heuer.workspace import Workspace, demo_inputs, demo_question

if TYPE_CHECKING:
    from heuer.link.pipeline import LinkOutcome

app = typer.Typer(
    help="heuer: from news coverage to a sourced, structured, calibrated assessment.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = console.stderr_console()

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="HEUER_DB",
        help="Database: an SQLite file path or a SQLAlchemy URL [default: ./heuer.db].",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
ModeOpt = Annotated[
    str,
    typer.Option(
        "--mode",
        help="Attribution mode: fast (CRF taggers) or accurate (fine-tuned encoder, semantic extra).",
    ),
]


def _check_mode(mode: str) -> None:
    """One error line, before any work, where the mode is unknown or cannot run here."""
    from heuer.extract.attribution import encoder_for

    try:
        encoder_for(mode)
    except (ValueError, RuntimeError) as exc:
        err.print(f"error: --mode {mode}: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        out.print(f"heuer {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Ingest news, extract who claims what, link claims across articles, assess questions, report."""


def _dump(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def run_ingest(
    ws: Workspace, inputs: list[str], opts: ReadOptions, overrides: Overrides, quiet: bool
) -> list[IngestOutcome]:
    """Ingest with a progress bar on a terminal; print each outcome unless quiet (JSON mode)."""
    units = expand_inputs(inputs, opts)
    ingestor = ws.ingestor(opts, overrides)
    outcomes: list[IngestOutcome] = []
    show_bar = not quiet and err.is_terminal and len(units) > 1
    progress = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=not show_bar,
    )
    with progress:
        task = progress.add_task("", total=len(units))
        for unit in units:
            progress.update(task, description=Path(unit).name[-40:])
            for o in ingestor.ingest([unit]):
                outcomes.append(o)
                if o.status == "error":
                    err.print(f"[red]error:[/red] {o.origin}: {o.message}", markup=True, soft_wrap=True)
                elif o.non_english:
                    err.print(f"[yellow]warning:[/yellow] {o.origin}: {o.message}", soft_wrap=True)
                if not quiet and o.status != "error":
                    # With a live bar, print through its console so the bar stays below the lines.
                    (progress.console if show_bar else out).print(console.outcome_line(o), soft_wrap=True)
            progress.advance(task)
    return outcomes


def _summary(outcomes: list[IngestOutcome]) -> dict[str, int]:
    return {k: sum(1 for o in outcomes if o.status == k) for k in ("stored", "duplicate", "error")}


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs, feeds, .jsonl or .warc(.gz).")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
    outlet: Annotated[str | None, typer.Option(help="Outlet name, overriding what is detected.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (any form; stored as ISO 8601).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title, overriding what is detected.")] = None,
    url: Annotated[str | None, typer.Option(help="Original URL of the article.")] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Allow URLs that resolve to private, loopback or link-local addresses."
        ),
    ] = False,
    max_mb: Annotated[float, typer.Option(help="Size cap per input in MB.")] = 20.0,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a URL.")] = 15.0,
) -> None:
    """Read, clean, deduplicate and store articles. Exit code 2 when any input was bad."""
    opts = ReadOptions(max_bytes=int(max_mb * MB), timeout=timeout, allow_private=allow_private)
    overrides = Overrides(outlet=outlet, published=published, title=title, url=url)
    with Workspace(db) as ws:
        outcomes = run_ingest(ws, inputs, opts, overrides, quiet=as_json)
    summary = _summary(outcomes)
    if as_json:
        _dump({"summary": summary, "outcomes": [o.model_dump(mode="json") for o in outcomes]})
    else:
        out.print(f"{summary['stored']} stored, {summary['duplicate']} duplicate, {summary['error']} failed")
    if summary["error"]:
        raise typer.Exit(2)


@app.command()
def articles(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List stored articles, oldest first."""
    with Workspace(db) as ws:
        arts, links, removed = ws.articles(), ws.link_counts(), ws.removed_counts()
    if as_json:
        _dump(
            [
                {
                    **a.model_dump(mode="json", exclude={"text", "removed"}),
                    "words": len(a.text.split()),
                    "removed_lines": removed.get(a.id, 0),
                    "links": links.get(a.id, 0),
                }
                for a in arts
            ]
        )
        return
    out.print(console.articles_table(arts, links, removed))


@app.command()
def show(
    article: Annotated[str, typer.Argument(help="Article id, unique id prefix, or # from `heuer articles`.")],
    db: DbOpt = None,
    removed: Annotated[bool, typer.Option("--removed", help="Also list the removed lines and why.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show one article: metadata, text with sources, cues and contents highlighted, links, and
    optionally what cleaning removed."""
    with Workspace(db) as ws:
        art = ws.article(article)
        if art is None:
            err.print(f"error: {article}: no such article (or the prefix is ambiguous)")
            raise typer.Exit(2)
        sightings = ws.sightings(art.id)
        links = ws.links(art.id)
        attributions = ws.attributions(art.id)
        names = ws.actor_names()
    if as_json:
        data = art.model_dump(mode="json", exclude=None if removed else {"removed"})
        data["sightings"] = [s.model_dump(mode="json") for s in sightings]
        data["links"] = [link.model_dump(mode="json") for link in links]
        data["attributions"] = [a.model_dump(mode="json") for a in attributions]
        _dump(data)
        return
    if attributions:
        out.print(console.article_panel(art, sightings, show_text=False))
        out.print(console.legend())
        out.print(console.highlighted_text(art, attributions))
        out.print(console.attributions_table(art, attributions, names))
    else:
        out.print(console.article_panel(art, sightings))
    out.print(console.links_view(art, links, {}))
    if removed:
        out.print(console.removed_table(art))


@app.command()
def extract(
    db: DbOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Extract again articles already extracted.")] = False,
    workers: Annotated[int, typer.Option(help="Worker processes for parsing.")] = 1,
    mode: ModeOpt = "fast",
    as_json: JsonOpt = False,
) -> None:
    """Find attributions, claims, certainty, horizons and actors in stored articles (new ones only)."""
    _check_mode(mode)
    with Workspace(db) as ws:
        outcomes = run_extract(ws, force, workers, quiet=as_json, mode=mode)
    if as_json:
        _dump({"extracted": [o.__dict__ for o in outcomes]})


def run_extract(ws: Workspace, force: bool, workers: int, quiet: bool, mode: str = "fast") -> list:
    ex = ws.extractor(workers, mode)
    todo, skipped = ex.pending(force)
    for a in skipped:
        err.print(f"[yellow]skipped:[/yellow] {a.origin}: not English ({a.language})", soft_wrap=True)
    show_bar = not quiet and err.is_terminal and len(todo) > 1
    progress = Progress(
        TextColumn("extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not show_bar,
    )
    with progress:
        task = progress.add_task("", total=len(todo))
        outcomes = list(ex.run(todo, on_done=lambda _o: progress.advance(task)))
    if not quiet:
        n_att = sum(o.attributions for o in outcomes)
        n_cl = sum(o.claims for o in outcomes)
        out.print(
            f"{len(outcomes)} articles extracted: {n_att} attributions, {n_cl} claims"
            + (f"; {len(skipped)} non-English skipped" if skipped else "")
        )
    return outcomes


SOURCE_KINDS = (*get_args(SourceKind), "author")


@app.command()
def claims(
    db: DbOpt = None,
    article: Annotated[str | None, typer.Option(help="Only this article (id, prefix or #).")] = None,
    source_kind: Annotated[
        str | None, typer.Option(help=f"Only sources of this kind: {', '.join(SOURCE_KINDS)}.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List extracted claims with source, cue, polarity, mode, certainty and horizon."""
    if source_kind and source_kind not in SOURCE_KINDS:
        err.print(f"error: --source-kind {source_kind}: one of {', '.join(SOURCE_KINDS)}")
        raise typer.Exit(2)
    with Workspace(db) as ws:
        try:
            rows = ws.claims(article, source_kind)
        except KeyError:
            err.print(f"error: {article}: no such article (or the prefix is ambiguous)")
            raise typer.Exit(2) from None
        texts = ws.texts({c.article_id for c, _ in rows})
        names = ws.actor_names()
    if as_json:
        _dump(
            [
                {
                    **c.model_dump(mode="json"),
                    "attribution": a.model_dump(mode="json") if a else None,
                    "sentence_text": texts[c.article_id][c.sentence[0] : c.sentence[1]],
                }
                for c, a in rows
            ]
        )
        return
    out.print(console.claims_table(rows, texts, names))


@app.command()
def link(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Group claims that state the same proposition across articles, trace their origins, grade them."""
    with Workspace(db) as ws:
        outcome = run_link(ws, quiet=as_json)
    if as_json:
        _dump(outcome.__dict__)


def run_link(ws: Workspace, quiet: bool) -> LinkOutcome:
    outcome = ws.link()
    if not quiet:
        out.print(
            f"{outcome.claims} claims in {outcome.clusters} clusters ({outcome.new_claims} new"
            + (", clusters rebuilt after re-extraction" if outcome.rebuilt else "")
            + f"); {outcome.multi_article_clusters} clusters span more than one article"
        )
    return outcome


@app.command()
def clusters(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(help="Show at most this many clusters (0: all).")] = 20,
    min_size: Annotated[int, typer.Option(help="Only clusters with at least this many claims.")] = 1,
    as_json: JsonOpt = False,
) -> None:
    """Claim clusters, largest first, with independent origins and Admiralty credibility."""
    with Workspace(db) as ws:
        rows = [c for c in ws.clusters() if len(c["members"]) >= min_size]
        names = ws.actor_names()
    if limit:
        rows = rows[:limit]
    if as_json:
        _dump(
            [
                {
                    **{k: v for k, v in c.items() if k != "members"},
                    "members": [
                        {
                            "claim_id": m["claim_id"],
                            "origin_group": m["origin_group"],
                            "claim": m["claim"].model_dump(mode="json") if m["claim"] else None,
                        }
                        for m in c["members"]
                    ],
                }
                for c in rows
            ]
        )
        return
    out.print(console.clusters_table(rows, names))


@app.command()
def sources(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Outlets and original sources with their reliability grades and how many claims each carries."""
    with Workspace(db) as ws:
        rows = ws.sources()
    if as_json:
        _dump(rows)
        return
    out.print(console.sources_table(rows))


@app.command()
def provenance(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Who retells whom: origins (reports, original sources) with the articles and claims that carry them."""
    from heuer.link.provenance import render_tree

    with Workspace(db) as ws:
        graph = ws.provenance()
        names = ws.actor_names()
    if as_json:
        sys.stdout.write(graph.to_json() + "\n")
        return
    out.print(render_tree(graph, names))


@app.command()
def grade(
    source: Annotated[str, typer.Argument(help="An outlet or source name, or an actor id.")],
    reliability: Annotated[
        str,
        typer.Argument(
            help="Admiralty reliability: A (completely reliable) to E (unreliable), F (cannot be judged)."
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why: shown beside every use of the grade.")] = "",
    db: DbOpt = None,
) -> None:
    """Grade a source's reliability (Admiralty code); every source is F until the user grades it."""
    with Workspace(db) as ws:
        try:
            ws.grade(source, reliability, reason)
        except ValueError as exc:
            err.print(f"error: {source}: {exc}")
            raise typer.Exit(2) from None
    out.print(f"{source}: {reliability.upper()} ({reason.strip()}); run `heuer link` to regrade claims")


grades_app = typer.Typer(help="Source grades kept in the workspace.", no_args_is_help=True)
app.add_typer(grades_app, name="grades")


@grades_app.command("import")
def grades_import(
    file: Annotated[Path, typer.Argument(help="CSV (source,reliability,reason) or TOML ([[grade]] tables).")],
    db: DbOpt = None,
) -> None:
    """Import source reliability grades from a file; nothing is stored if any entry is bad."""
    from heuer.link.grading import GradesFileError

    with Workspace(db) as ws:
        try:
            n = ws.import_grades(str(file))
        except GradesFileError as exc:
            err.print(f"error: {exc}")
            raise typer.Exit(2) from None
    out.print(f"{n} grades imported from {file}; run `heuer link` to regrade claims")


eval_app = typer.Typer(help="Score heuer against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("attribution")
def eval_attribution(
    gold: Annotated[Path, typer.Argument(help="Gold JSON Lines in heuer's attribution format.")],
    mode: ModeOpt = "fast",
    as_json: JsonOpt = False,
) -> None:
    """Span and relation F1 of heuer's attributions against gold (DESIGN.md's scorer)."""
    from heuer.eval.attribution import load_gold, render_table, score
    from heuer.extract.attribution import predict_documents

    if not gold.is_file():
        err.print(f"error: {gold}: no such file")
        raise typer.Exit(2)
    _check_mode(mode)
    try:
        docs = load_gold(gold)
    except ValueError as exc:
        err.print(f"error: {gold}: {exc}")
        raise typer.Exit(2) from None
    result = score(docs, predict_documents(docs, mode=mode))
    if as_json:
        _dump(result)
    else:
        out.print(render_table(result))


@eval_app.command("clusters")
def eval_clusters(
    fnc_dir: Annotated[Path, typer.Argument(help="Folder with FNC-1's train_/competition_test_ CSV files.")],
    split: Annotated[str, typer.Option(help="train or test.")] = "test",
    method: Annotated[
        str, typer.Option(help="lexical, or semantic (needs pip install 'heuer[semantic]').")
    ] = "lexical",
    as_json: JsonOpt = False,
) -> None:
    """B-cubed, pairwise F1 and ARI of claim clustering on FNC-1 headline stories, beside baselines."""
    from heuer.eval.clusters import evaluate, render_table

    if split not in ("train", "test"):
        err.print(f"error: --split {split}: train or test")
        raise typer.Exit(2)
    _fnc_eval(fnc_dir, lambda: evaluate(fnc_dir, split, method=method), render_table, as_json)


@eval_app.command("stance")
def eval_stance(
    fnc_dir: Annotated[Path, typer.Argument(help="Folder with FNC-1's competition_test_ CSV files.")],
    as_json: JsonOpt = False,
) -> None:
    """FNC score, per-class and macro F1, pairs per second of the shipped stance model on FNC-1's test."""
    from heuer.eval.stance import evaluate_stance, stance_table

    _fnc_eval(fnc_dir, lambda: evaluate_stance(fnc_dir), stance_table, as_json)


def _fnc_eval(
    fnc_dir: Path, run: Callable[[], dict], render: Callable[[dict], object], as_json: bool
) -> None:
    """Run an FNC-1 evaluation; a missing folder or unreadable data is one error line and exit 2."""
    if not fnc_dir.is_dir():
        err.print(f"error: {fnc_dir}: no such folder")
        raise typer.Exit(2)
    try:
        result = run()
    except (OSError, ValueError, KeyError, ImportError) as exc:
        err.print(f"error: {fnc_dir}: {exc}")
        raise typer.Exit(2) from None
    if as_json:
        _dump(result)
    else:
        out.print(render(result))


# --- assess -------------------------------------------------------------------------------------------


def _date_opt(value: str | None, name: str) -> None:
    from datetime import date

    if value is None:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        err.print(f"error: {name} {value}: not an ISO date (YYYY-MM-DD)")
        raise typer.Exit(2) from None


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help='The question, e.g. "Will the strike spread to the ports?"')
    ],
    hypothesis: Annotated[
        list[str] | None,
        typer.Option(
            "--hypothesis", "-H", help="A mutually exclusive answer; repeat for each. Default: yes / no."
        ),
    ] = None,
    prior: Annotated[
        list[float] | None,
        typer.Option("--prior", help="Prior per hypothesis, in order, summing to 1. Default: uniform."),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Date the question is to be answered by.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Use only articles published on or after this date.")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Store a question with competing hypotheses (yes/no unless given) and optional priors."""
    from heuer.assess.questions import QuestionError

    _date_opt(by, "--by")
    _date_opt(since, "--since")
    with Workspace(db) as ws:
        try:
            q = ws.ask(question, hypothesis or (), prior or (), by=by, since=since)
        except QuestionError as exc:
            err.print(f"error: {question}: {exc}")
            raise typer.Exit(2) from None
    if as_json:
        _dump(q.model_dump(mode="json"))
        return
    out.print(console.questions_table([q]))
    out.print(f"run `heuer assess {q.id}` for the call, `heuer report {q.id} --format html -o report.html`")


questions_app = typer.Typer(help="Stored questions, and questions suggested from the claims.")
app.add_typer(questions_app, name="questions")


@questions_app.callback(invoke_without_command=True)
def questions_list(ctx: typer.Context, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List stored questions (or use a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    with Workspace(db) as ws:
        qs = ws.questions()
    if as_json:
        _dump([q.model_dump(mode="json") for q in qs])
    elif not qs:
        out.print('no questions yet: `heuer ask "..."`, or `heuer questions suggest`')
    else:
        out.print(console.questions_table(qs))


@questions_app.command("suggest")
def questions_suggest(
    limit: Annotated[int, typer.Option(help="How many suggestions.")] = 10,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft yes/no questions from the most-reported predictions and possibilities among the claims."""
    with Workspace(db) as ws:
        found = ws.suggest_questions(limit)
    if as_json:
        _dump([s.__dict__ for s in found])
        return
    if not found:
        out.print("no predictions or possibilities among the claims: run `heuer extract` and `heuer link`")
        return
    from rich.table import Table

    t = Table(title="suggested questions (ask one with `heuer ask`)")
    for col in ("question", "by", "origins", "claims", "from the claim"):
        t.add_column(col)
    for sg in found:
        t.add_row(sg.question, sg.by or "", str(sg.origins), str(sg.claims), sg.example)
    out.print(t)


def _assessment(ws: Workspace, ref: str, as_of: str | None, include_undated: bool):
    """Find or create the question, then assess it; bad input exits 2 with one line."""
    from heuer.assess.pipeline import AssessError
    from heuer.assess.questions import QuestionError

    _date_opt(as_of, "--as-of")
    q = ws.question(ref)
    if q is None:
        if ref.strip().isdigit():
            err.print(f"error: question {ref}: no such question (see `heuer questions`)")
            raise typer.Exit(2)
        try:
            q = ws.ask(ref)
        except QuestionError as exc:
            err.print(f"error: {ref}: {exc}")
            raise typer.Exit(2) from None
        err.print(f"stored new question {q.id}: {q.text}")
    try:
        return ws.assess(q, as_of=as_of, include_undated=include_undated)
    except AssessError as exc:
        err.print(f"error: question {q.id}: {exc}")
        raise typer.Exit(2) from None


QuestionArg = Annotated[
    str, typer.Argument(help="A question id, or its text (a new text is stored as yes/no).")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Use only articles published on or before this date (no look-ahead)."),
]
UndatedOpt = Annotated[
    bool, typer.Option("--include-undated", help="With --as-of, also use articles that carry no date.")
]


@app.command()
def assess(
    question: QuestionArg,
    as_of: AsOfOpt = None,
    include_undated: UndatedOpt = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Weigh the evidence against the question's hypotheses: the call, the ACH matrix, indicators."""
    with Workspace(db) as ws:
        result = _assessment(ws, question, as_of, include_undated)
    if as_json:
        _dump(result.model_dump(mode="json"))
    else:
        out.print(console.assessment_view(result))


@app.command()
def report(
    question: QuestionArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or json.")] = "html",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout; md charts beside it).")
    ] = None,
    as_of: AsOfOpt = None,
    include_undated: UndatedOpt = False,
    db: DbOpt = None,
) -> None:
    """Write a report: the call, ACH heatmap, contributions waterfall, timeline, sources, every claim."""
    from heuer.report import write_report
    from heuer.report.render import Format

    if fmt not in ("md", "html", "json"):
        err.print(f"error: --format {fmt}: md, html or json")
        raise typer.Exit(2)
    if output is not None and output.parent and not output.parent.exists():
        err.print(f"error: {output}: folder {output.parent} does not exist")
        raise typer.Exit(2)
    with Workspace(db) as ws:
        result = _assessment(ws, question, as_of, include_undated)
        text = write_report(ws.report_input(result), cast("Format", fmt), output)
    if output is None:
        sys.stdout.write(text)
    else:
        err.print(f"{fmt} report written to {output}: {result.summary}")


@app.command()
def demo(
    db: Annotated[
        str | None, typer.Option("--db", help="Keep the demo database here instead of a temporary one.")
    ] = None,
    report_path: Annotated[
        Path, typer.Option("--report", help="Where to write the demo's HTML report.")
    ] = Path("heuer-demo-report.html"),
) -> None:
    """Run heuer on the built-in example (two articles on one March 2022 story), offline."""
    with tempfile.TemporaryDirectory(prefix="heuer-demo-") as tmp:
        path = db or str(Path(tmp) / "demo.db")
        out.rule("heuer demo: ingest")
        out.print(f"database: {path}")
        with Workspace(path) as ws:
            outcomes = run_ingest(ws, demo_inputs(), ReadOptions(), Overrides(), quiet=False)
            arts = ws.articles()
            out.print(console.articles_table(arts, ws.link_counts(), ws.removed_counts()))
            for art in arts:
                full = ws.article(art.id)
                assert full is not None
                out.rule(f"article {console.short(art.id)}")
                out.print(console.article_panel(full, ws.sightings(art.id), show_text=False))
                out.print(console.removed_table(full))
                out.print(console.links_view(full, ws.links(art.id), {}))
            out.rule("heuer demo: extract")
            run_extract(ws, force=False, workers=1, quiet=False)
            for art in arts:
                full = ws.article(art.id)
                assert full is not None
                out.rule(f"attributions in {console.short(art.id)}")
                out.print(console.legend())
                out.print(console.highlighted_text(full, ws.attributions(art.id)))
                out.print(console.attributions_table(full, ws.attributions(art.id), ws.actor_names()))
            rows = ws.claims()
            out.rule("heuer demo: claims")
            out.print(console.claims_table(rows, ws.texts({a.id for a in arts}), ws.actor_names()))
            out.rule("heuer demo: link")
            run_link(ws, quiet=False)
            from heuer.link.provenance import render_tree

            names = ws.actor_names()
            shared = [c for c in ws.clusters() if len(c["data"]["articles"]) > 1]
            out.print(console.clusters_table(shared, names, title="clusters that span both articles"))
            out.rule("heuer demo: provenance")
            out.print(render_tree(ws.provenance(), names))
            out.rule("heuer demo: sources and grades")
            out.print(console.sources_table(ws.sources()))
            out.rule("heuer demo: assessment")
            spec = demo_question()
            q = ws.ask(spec["question"], spec.get("hypotheses") or ())
            result = ws.assess(q)
            out.print(console.assessment_view(result))
            from heuer.report import write_report

            report_path.parent.mkdir(parents=True, exist_ok=True)
            write_report(ws.report_input(result), "html", report_path)
            out.rule("heuer demo: the call")
            out.print(result.summary)
            out.print(result.confidence_statement)
            out.print(f"report: {report_path.resolve()}")
    if any(o.status == "error" for o in outcomes):
        raise typer.Exit(1)


def run() -> None:
    """Entry point that turns unexpected failures into one line and exit code 1."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
    except Exception as exc:  # the last line of defence: never a traceback for a user
        err.print(f"internal error: {type(exc).__name__}: {exc}")
        raise SystemExit(1) from exc


if __name__ == "__main__":
    run()
