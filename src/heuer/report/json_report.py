"""The JSON report: the assessment record itself plus the source grades, for other tools to read.

Keys are sorted and the layout fixed, so the same input gives the same bytes and two reports diff
cleanly; ``report_version`` lets a reader refuse a layout it does not know.
"""

from __future__ import annotations

import json

from heuer.report.common import REPORT_VERSION, ReportInput


def report_dict(inp: ReportInput) -> dict:
    data = inp.assessment.model_dump(mode="json")
    data["sources"] = [dict(row) for row in inp.sources]
    data["report_version"] = REPORT_VERSION
    return data


def render_json(inp: ReportInput) -> str:
    return json.dumps(report_dict(inp), sort_keys=True, indent=2, ensure_ascii=False, default=str) + "\n"
