"""Main text and metadata out of an HTML page, with trafilatura.

trafilatura leads the public extraction benchmarks (see bench/ingest.py for heuer's own figures), and its
metadata module reads the JSON-LD, Open Graph and meta tags that news sites use for title, author, date
and site name. Its output keeps one paragraph per line, which is what the line cleaner expects.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from heuer.ingest.errors import InputError


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None


def extract_html(html: str, origin: str, url: str | None = None) -> Extracted:
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(origin, f"malformed HTML ({type(exc).__name__})") from exc
    if doc is None or not (doc.text or "").strip():
        raise InputError(origin, "no article text found in the HTML")
    return Extracted(
        text=doc.text,
        title=doc.title or None,
        author=doc.author or None,
        date=doc.date or None,
        sitename=doc.sitename or None,
        url=doc.url or url,
    )
