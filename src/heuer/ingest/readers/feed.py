"""RSS and Atom feeds, from a URL or a file: one document per entry.

Many feeds carry only a teaser per entry, so an entry whose own content is too short to be the article is
replaced by the page it links to. Entry metadata (title, author, date, the feed's title as outlet) is
kept either way, because a feed states it more reliably than most article pages do.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser

from heuer.ingest.decode import read_capped
from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions
from heuer.ingest.readers import url as url_reader
from heuer.model import RawDocument

# Below this many characters of text, an entry's content is a teaser ("Officials said on Tuesday that...",
# a sentence or two with a "read more" link), not the article: the article is at the entry's link. A short
# news article runs to well over this, so a full-content feed is taken as it is and costs no requests.
FULL_TEXT_MIN_CHARS = 400

_FEED_ROOT = re.compile(
    rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>[]*(?:\[.*?\])?\s*>)*<(?:[A-Za-z_][\w.\-]*:)?(rss|feed|RDF)[\s>/]",
    re.S,
)
_TAG = re.compile(r"<[^>]*>")


def looks_like_feed(data: bytes) -> bool:
    """The XML root element (after a declaration, comments and a doctype) is rss, feed or rdf:RDF."""
    head = data[:8192].removeprefix(b"\xef\xbb\xbf")
    return bool(_FEED_ROOT.match(head))


def read_feed_file(path: Path, opts: ReadOptions) -> Iterator[RawDocument | InputError]:
    origin = str(path)
    try:
        data = read_capped(path, origin, opts.max_bytes)
    except InputError as err:
        yield err
        return
    yield from parse_feed(data, origin, opts)


def parse_feed(
    data: bytes,
    origin: str,
    opts: ReadOptions,
    base_url: str | None = None,
    fetched: datetime | None = None,
) -> Iterator[RawDocument | InputError]:
    """Yield one document (or error) per entry; ``base_url`` resolves relative links in the feed."""
    headers = {"content-location": base_url} if base_url else {}
    # A BytesIO, never the bytes themselves: given bytes or str, feedparser may treat them as a path or URL.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        yield InputError(origin, "not an RSS or Atom feed")
        return
    if not parsed.entries:
        yield InputError(origin, "feed has no entries")
        return
    outlet = _clean(parsed.feed.get("title"))
    for index, entry in enumerate(parsed.entries, start=1):
        yield from _read_entry(entry, index, origin, outlet, opts, fetched)


def _read_entry(
    entry: Any, index: int, feed_origin: str, outlet: str | None, opts: ReadOptions, fetched: datetime | None
) -> Iterator[RawDocument | InputError]:
    link = _clean(entry.get("link"))
    origin = f"{feed_origin}#{link or index}"
    meta = {
        "title": _clean(entry.get("title")),
        "author": _clean(entry.get("author")),
        "published": _clean(entry.get("published") or entry.get("updated")),
        "outlet": outlet,
    }
    body, is_html = _entry_body(entry)
    if body and (len(text_of(body) if is_html else body.strip()) >= FULL_TEXT_MIN_CHARS or not link):
        content = {"html": body} if is_html else {"text": body}
        yield RawDocument(origin=origin, url=link, fetched=fetched, source_kind="feed", **meta, **content)
        return
    if not link:
        yield InputError(origin, "entry has no content and no link")
        return
    for item in url_reader.read_url(link, opts, accept=url_reader.PAGE_TYPES):
        if isinstance(item, InputError):
            yield InputError(origin, f"cannot fetch the entry's page ({item.problem})")
            continue
        # The page's own URL after redirects is kept: feeds often link through a tracking redirect.
        item.origin = origin
        item.source_kind = "feed"
        for key, value in meta.items():
            if value and not getattr(item, key):
                setattr(item, key, value)
        yield item


def _entry_body(entry: Any) -> tuple[str | None, bool]:
    """The fullest content the entry has (content:encoded or atom:content, else the summary)."""
    candidates = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if candidates:
        best = max(candidates, key=lambda c: len(c["value"]))
        return best["value"], "html" in (best.get("type") or "text/html")
    summary = entry.get("summary")
    if summary and summary.strip():
        detail = entry.get("summary_detail") or {}
        return summary, "html" in (detail.get("type") or "text/html")
    return None, True


def text_of(markup: str) -> str:
    """Visible text of an HTML fragment, roughly: enough to judge its length."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


__all__ = ["FULL_TEXT_MIN_CHARS", "looks_like_feed", "parse_feed", "read_feed_file", "text_of"]
