"""Plain-text and HTML files on disk."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from heuer.ingest.decode import decode_bytes, read_capped
from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions
from heuer.model import RawDocument

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_html(data: bytes) -> bool:
    """An HTML document starts with a doctype or an html/head/body tag (after comments and space)."""
    return bool(_HTML_START.match(data[:4096]))


def read_document_file(path: Path, opts: ReadOptions, kind: str) -> Iterator[RawDocument | InputError]:
    origin = str(path)
    try:
        data = read_capped(path, origin, opts.max_bytes)
        if kind == "sniff":
            from heuer.ingest.readers.feed import looks_like_feed

            if looks_like_feed(data):
                from heuer.ingest.readers.feed import parse_feed

                yield from parse_feed(data, origin, opts)
                return
            kind = "html" if looks_like_html(data) else "text"
        text = decode_bytes(data, origin, declared=meta_charset(data) if kind == "html" else None)
    except InputError as err:
        yield err
        return
    if kind == "html":
        yield RawDocument(origin=origin, html=text, source_kind="html")
    else:
        yield RawDocument(origin=origin, text=text, source_kind="text")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None
