"""Web pages and feeds fetched over HTTP(S).

A URL on the command line may come from anywhere (a shared list, a feed entry, a redirect), so fetching
treats it as untrusted: a wall-clock deadline as well as per-read timeouts (a server that drips one byte
a second never trips a read timeout), a size cap checked while the body streams, redirects followed one
hop at a time so every hop is checked again, and a refusal to reach private, loopback or otherwise
non-public addresses, so a crafted link cannot make heuer read a service on the user's own network.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx

from heuer.ingest.decode import decode_bytes
from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions, cap_text
from heuer.ingest.readers import feed
from heuer.ingest.readers.local import looks_like_html, meta_charset
from heuer.model import RawDocument

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
# Generic XML may be a feed or XHTML; the body decides.
XML_TYPES = frozenset({"application/xml", "text/xml"})
PAGE_TYPES = HTML_TYPES | TEXT_TYPES | XML_TYPES
ACCEPTED = PAGE_TYPES | FEED_TYPES

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT_HEADER = (
    "text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.8,application/atom+xml;q=0.8,"
    "application/xml;q=0.7,text/plain;q=0.6"
)


@dataclass(frozen=True)
class Fetched:
    """One HTTP response body after redirects, with what is needed to decode and date it."""

    url: str
    status: int
    content_type: str
    charset: str | None
    data: bytes
    fetched: datetime


def read_url(
    url: str, opts: ReadOptions, accept: Collection[str] = ACCEPTED
) -> Iterator[RawDocument | InputError]:
    """One page, or every entry of a feed; errors are yielded under the URL as the user gave it."""
    try:
        got = fetch(url, opts, accept)
    except InputError as err:
        yield err
        return
    kind = _kind_of(got)
    if kind == "feed":
        if not FEED_TYPES & set(accept):
            yield InputError(url, "is a feed, not a page")
            return
        yield from feed.parse_feed(got.data, url, opts, base_url=got.url, fetched=got.fetched)
        return
    declared = got.charset or (meta_charset(got.data) if kind == "html" else None)
    try:
        text = decode_bytes(got.data, url, declared=declared)
    except InputError as err:
        yield err
        return
    body = {"html": text} if kind == "html" else {"text": text}
    yield RawDocument(origin=url, url=got.url, fetched=got.fetched, source_kind="url", **body)


def _kind_of(got: Fetched) -> str:
    """Trust specific content types; for generic XML or a missing type, look at the body."""
    ctype = got.content_type
    if ctype in FEED_TYPES:
        return "feed"
    if ctype in HTML_TYPES:
        return "html"
    if ctype in TEXT_TYPES:
        return "text"
    if feed.looks_like_feed(got.data):
        return "feed"
    if ctype in XML_TYPES:
        # XML that is neither a feed nor XHTML still goes to the feed parser, which says what is wrong.
        return "html" if looks_like_html(got.data) or b"<html" in got.data[:4096].lower() else "feed"
    return "html" if looks_like_html(got.data) else "text"


def fetch(url: str, opts: ReadOptions, accept: Collection[str] = ACCEPTED) -> Fetched:
    """GET a URL within the limits in ``opts``; raises InputError (named by ``url``) on any failure.

    Redirects are followed here rather than by httpx so that each hop's scheme and address are checked
    before anything is sent to it.
    """
    deadline = time.monotonic() + opts.timeout
    current = url
    with httpx.Client(
        timeout=opts.timeout,
        follow_redirects=False,
        # Proxies from the environment would hide the address actually connected to from the guard.
        trust_env=False,
        headers={
            "User-Agent": opts.user_agent,
            "Accept": _ACCEPT_HEADER,
            # Only encodings with a bounded expansion per chunk; br and zstd can inflate far more.
            "Accept-Encoding": "gzip, deflate",
        },
    ) as client:
        for hop in range(opts.max_redirects + 1):
            try:
                got = _get_once(client, current, opts, accept, deadline)
            except InputError as err:
                problem = f"redirect to {current}: {err.problem}" if hop else err.problem
                raise InputError(url, problem) from err
            if isinstance(got, Fetched):
                return got
            current = got
    raise InputError(url, f"too many redirects (>{opts.max_redirects})")


def _get_once(
    client: httpx.Client, url: str, opts: ReadOptions, accept: Collection[str], deadline: float
) -> Fetched | str:
    """One request: the response, or the next URL when it is a redirect."""
    target = _check_url(url, opts)
    left = deadline - time.monotonic()
    if left <= 0:
        raise InputError(url, f"timed out after {opts.timeout:g}s")
    try:
        with client.stream("GET", target, timeout=left) as resp:
            _check_peer(resp, opts)
            if resp.status_code in _REDIRECTS and "location" in resp.headers:
                return urljoin(url, resp.headers["location"])
            if resp.status_code >= 300:
                raise InputError(url, f"HTTP {resp.status_code}")
            ctype, charset = parse_content_type(resp.headers.get("content-type", ""))
            if ctype and ctype not in accept:
                raise InputError(url, f"unsupported content type {ctype}")
            fetched = datetime.now(UTC)
            data = _read_capped(resp, url, opts, deadline)
            return Fetched(str(resp.url), resp.status_code, ctype, charset, data, fetched)
    except httpx.TimeoutException as exc:
        raise InputError(url, f"timed out after {opts.timeout:g}s") from exc
    except httpx.ConnectError as exc:
        raise InputError(url, f"cannot connect ({_reason(exc)})") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise InputError(url, f"invalid URL ({_reason(exc)})") from exc
    except httpx.HTTPError as exc:
        raise InputError(url, f"connection failed ({_reason(exc)})") from exc


def _read_capped(resp: httpx.Response, url: str, opts: ReadOptions, deadline: float) -> bytes:
    """Stream the body, stopping as soon as it passes the cap or the overall deadline."""
    over = InputError(url, f"response over the {cap_text(opts.max_bytes)} cap")
    length = resp.headers.get("content-length", "")
    if length.isdigit() and int(length) > opts.max_bytes:
        raise over
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > opts.max_bytes:
            raise over
        if time.monotonic() > deadline:
            raise InputError(url, f"timed out after {opts.timeout:g}s")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_url(url: str, opts: ReadOptions) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InputError(url, f"invalid URL ({_reason(exc)})") from exc
    if parsed.scheme not in ("http", "https"):
        raise InputError(url, f"unsupported URL scheme {parsed.scheme or '(none)'} (only http and https)")
    if not parsed.host:
        raise InputError(url, "URL has no host")
    if not opts.allow_private:
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        for address in resolve(parsed.host, port, url):
            _refuse_non_public(address, url)
    return parsed


def resolve(host: str, port: int, origin: str) -> list[str]:
    """Every address the host resolves to: the client may connect to any of them, so all are checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(origin, f"cannot resolve host {host} ({reason})") from exc
    return sorted({str(info[4][0]) for info in infos})


def non_public_kind(address: str) -> str | None:
    """Why an address is off limits ("private", "loopback", ...), or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        # Shared address space (carrier-grade NAT) and the like: neither private nor reachable publicly.
        ("non-public", not ip.is_global),
    ):
        if flag:
            return kind
    return None


def _refuse_non_public(address: str, origin: str) -> None:
    kind = non_public_kind(address)
    if kind:
        raise InputError(origin, f"refused: resolves to {kind} address {address} (use --allow-private)")


def _check_peer(resp: httpx.Response, opts: ReadOptions) -> None:
    """Check the address actually connected to, which DNS may have changed since the look-up."""
    if opts.allow_private:
        return
    stream = resp.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        _refuse_non_public(str(peer[0]), str(resp.request.url))


def parse_content_type(value: str) -> tuple[str, str | None]:
    """``text/html; charset=ISO-8859-1`` -> ``("text/html", "ISO-8859-1")``."""
    parts = value.split(";")
    ctype = parts[0].strip().lower()
    charset = None
    for param in parts[1:]:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return ctype, charset


def _reason(exc: Exception) -> str:
    """``[Errno 111] Connection refused`` -> ``connection refused``."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if text.startswith("[Errno") and "] " in text:
        text = text.split("] ", 1)[1]
    return text[:1].lower() + text[1:]


__all__ = [
    "ACCEPTED",
    "FEED_TYPES",
    "HTML_TYPES",
    "PAGE_TYPES",
    "Fetched",
    "fetch",
    "non_public_kind",
    "parse_content_type",
    "read_url",
    "resolve",
]
