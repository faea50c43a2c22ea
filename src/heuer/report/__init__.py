"""Reports of an assessment: Markdown, self-contained HTML and JSON, with charts.

Every number a report shows links back to the sentences behind it: the HTML marks each evidence claim
in a reading view of its article, and the Markdown quotes each one with its article and offsets.
"""

from heuer.report.common import REPORT_VERSION, ReportInput
from heuer.report.html import render_html
from heuer.report.json_report import render_json
from heuer.report.markdown import render_markdown
from heuer.report.render import FORMATS, Format, render, write_report

__all__ = [
    "FORMATS",
    "REPORT_VERSION",
    "Format",
    "ReportInput",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "write_report",
]
