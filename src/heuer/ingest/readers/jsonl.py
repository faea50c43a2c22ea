"""JSON Lines: one article per line.

Schema (documented in the README): an object with ``text`` (plain text) or ``html`` (a page), and
optionally ``url``, ``title``, ``outlet``, ``author``, ``published`` (any date form; normalised later).
Other fields are ignored, so heuer's own attribution gold files ingest as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from heuer.ingest.decode import decode_bytes, read_capped
from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions
from heuer.model import RawDocument

FIELDS = ("url", "title", "outlet", "author", "published")


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[RawDocument | InputError]:
    origin = str(path)
    try:
        text = decode_bytes(read_capped(path, origin, opts.max_bytes), origin)
    except InputError as err:
        yield err
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield parse_line(line, f"{origin}:{number}")


def parse_line(line: str, origin: str) -> RawDocument | InputError:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(origin, f"malformed JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(obj, dict):
        return InputError(origin, "expected a JSON object per line")
    body = {k: obj.get(k) for k in ("text", "html")}
    if not any(isinstance(v, str) and v.strip() for v in body.values()):
        return InputError(origin, "no 'text' or 'html' field with content")
    meta = {}
    for key in FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            value = str(value)
        meta[key] = value or None
    if isinstance(body["html"], str) and body["html"].strip() and not (body["text"] or "").strip():
        return RawDocument(origin=origin, html=body["html"], source_kind="jsonl", **meta)
    return RawDocument(origin=origin, text=body["text"], source_kind="jsonl", **meta)
