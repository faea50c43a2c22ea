"""One entry point for every format, and writing a report so that no reader ever sees half of one."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from heuer.report.common import ReportInput, replace_atomically
from heuer.report.html import render_html
from heuer.report.json_report import render_json
from heuer.report.markdown import render_markdown

Format = Literal["md", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "json")


def render(inp: ReportInput, fmt: Format) -> str:
    """The report as text; Markdown charts are embedded as data URIs here (see ``write_report``)."""
    if fmt == "md":
        return render_markdown(inp, None)
    if fmt == "html":
        return render_html(inp)
    if fmt == "json":
        return render_json(inp)
    raise ValueError(f"unknown report format {fmt!r}: expected one of {', '.join(FORMATS)}")


def assets_dir_for(path: Path) -> Path:
    """Where a Markdown report's charts go: a folder beside it named after it, as browsers save pages."""
    return path.with_name(f"{path.stem}_files")


def write_report(inp: ReportInput, fmt: Format, path: Path | None) -> str:
    """Render and, given a path, write the report atomically; returns the text either way.

    The file appears whole or not at all: the text goes to a temporary file in the same folder and is
    then renamed over the target. Markdown charts are written (each atomically) before the text that
    links them, so a reader never follows a link to a chart that is not there yet.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if path is None:
        return render(inp, fmt)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render_markdown(inp, assets_dir_for(path), base=path.parent) if fmt == "md" else render(inp, fmt)
    replace_atomically(path, text.encode("utf-8"))
    return text
