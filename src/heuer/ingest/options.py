"""Limits and switches for reading inputs, shared by every reader."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """Defaults are safe for untrusted input: a size cap, short timeouts, few redirects, no private hosts."""

    max_bytes: int = 20 * MB
    timeout: float = 15.0
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "heuer (+https://pypi.org/project/heuer/)"
    text_extensions: tuple[str, ...] = (".txt", ".text", ".md")
    html_extensions: tuple[str, ...] = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
    jsonl_extensions: tuple[str, ...] = (".jsonl", ".ndjson", ".jsonl.gz")
    feed_extensions: tuple[str, ...] = (".rss", ".atom", ".xml")
    warc_extensions: tuple[str, ...] = (".warc", ".warc.gz", ".arc.gz")


def cap_text(max_bytes: int) -> str:
    """A cap as a person set it: whole megabytes when it is one, else bytes."""
    if max_bytes >= MB and max_bytes % MB == 0:
        return f"{max_bytes // MB} MB"
    return f"{max_bytes:,} bytes"
