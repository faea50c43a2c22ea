"""Fetching URLs from a real server on 127.0.0.1, within the limits ReadOptions sets."""

from __future__ import annotations

import gzip
import socket
from datetime import UTC, datetime

import httpx
import pytest

from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions
from heuer.ingest.readers import read_inputs
from heuer.ingest.readers.url import _check_peer, fetch, non_public_kind, read_url
from heuer.model import RawDocument

OPTS = ReadOptions(allow_private=True, timeout=1.0)
PAGE = "<!doctype html><html><head><title>Talks</title></head><body><p>Talks resumed.</p></body></html>"


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def error_of(url: str, opts: ReadOptions = OPTS) -> str:
    err = only(read_url(url, opts))
    assert isinstance(err, InputError), err
    assert err.origin == url
    assert "\n" not in str(err)
    return err.problem


def test_html_page(site):
    url = site.add("/page", PAGE)
    doc = only(read_url(url, OPTS))
    assert isinstance(doc, RawDocument)
    assert doc.html == PAGE and doc.text is None
    assert (doc.url, doc.origin, doc.source_kind) == (url, url, "url")
    assert doc.fetched is not None and doc.fetched.tzinfo is not None
    assert abs((datetime.now(UTC) - doc.fetched).total_seconds()) < 10


def test_charset_from_header_and_plain_text(site):
    latin = site.add(
        "/latin",
        "<html><body>Caf\u00e9 talks</body></html>".encode("latin-1"),
        content_type="text/html; charset=ISO-8859-1",
    )
    plain = site.add("/plain.txt", "Officials said talks resumed.\n", content_type="text/plain")
    assert "Caf\u00e9" in only(read_url(latin, OPTS)).html
    doc = only(read_url(plain, OPTS))
    assert doc.text == "Officials said talks resumed.\n" and doc.html is None


def test_redirects_followed_and_final_url_kept(site):
    final = site.add("/article", PAGE)
    site.redirect("/r2", "/article", status=301)
    start = site.redirect("/r1", site.url("/r2"))
    doc = only(read_url(start, OPTS))
    assert doc.url == final and doc.origin == start
    assert site.hits == ["/r1", "/r2", "/article"]


def test_redirect_loop_is_bounded(site):
    url = site.redirect("/loop", "/loop")
    assert error_of(url, ReadOptions(allow_private=True, max_redirects=3)) == "too many redirects (>3)"
    assert len(site.hits) == 4


def test_each_redirect_hop_is_checked(site):
    url = site.redirect("/away", "ftp://example.org/file")
    problem = error_of(url)
    assert problem.startswith("redirect to ftp://example.org/file: unsupported URL scheme ftp")


def test_http_error_status(site):
    assert error_of(site.url("/missing")) == "HTTP 404"


def test_slow_server_times_out(site):
    url = site.add("/slow", PAGE, delay=1.5)
    assert error_of(url, ReadOptions(allow_private=True, timeout=0.5)) == "timed out after 0.5s"


def test_dripping_server_hits_the_overall_deadline(site):
    # Each write comes well within the read timeout; only the deadline on the whole fetch stops it.
    url = site.add("/drip", PAGE * 20, drip=0.05)
    assert error_of(url, ReadOptions(allow_private=True, timeout=0.5)) == "timed out after 0.5s"


def test_nothing_listening():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert error_of(f"http://127.0.0.1:{port}/") == "cannot connect (connection refused)"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://10.0.0.5/news", "refused: resolves to private address 10.0.0.5 (use --allow-private)"),
        ("http://169.254.169.254/latest/", "refused: resolves to link-local address 169.254.169.254"),
        ("http://[::1]:9/", "refused: resolves to loopback address ::1"),
        ("http://0.0.0.0/", "refused: resolves to unspecified address 0.0.0.0"),
    ],
)
def test_private_addresses_refused_before_connecting(url, problem):
    assert error_of(url, ReadOptions(timeout=0.5)).startswith(problem)


def test_loopback_refused_unless_allowed(site):
    site.add("/page", PAGE)
    for host in ("127.0.0.1", "localhost"):
        url = f"http://{host}:{site.port}/page"
        assert error_of(url, ReadOptions()).startswith("refused: resolves to loopback address ")
    assert site.hits == []
    assert isinstance(only(read_url(site.url("/page"), ReadOptions(allow_private=True))), RawDocument)


def test_connected_address_is_checked_too(site):
    # What DNS said before the request can differ from where the connection went (DNS rebinding).
    site.add("/page", PAGE)
    with httpx.Client() as client, client.stream("GET", site.url("/page")) as resp:
        _check_peer(resp, ReadOptions(allow_private=True))
        with pytest.raises(InputError, match=r"refused: resolves to loopback address 127\.0\.0\.1"):
            _check_peer(resp, ReadOptions())


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
        ("192.168.1.1", "private"),
        ("::ffff:10.0.0.5", "private"),
        ("fe80::1%1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
    ],
)
def test_address_kinds(address, kind):
    assert non_public_kind(address) == kind


def test_size_cap_from_content_length(site):
    url = site.add("/big", b"x" * 50_000, content_type="text/plain")
    opts = ReadOptions(allow_private=True, max_bytes=10_000)
    assert error_of(url, opts) == "response over the 10,000 bytes cap"


def test_size_cap_while_streaming(site):
    url = site.add("/big-stream", b"x" * 50_000, content_type="text/plain", no_length=True)
    opts = ReadOptions(allow_private=True, max_bytes=10_000)
    assert error_of(url, opts) == "response over the 10,000 bytes cap"
    with pytest.raises(InputError, match="over the 20 MB cap"):
        fetch(
            site.add("/huge", content_type="text/plain", headers={"Content-Length": str(21 * 2**20)}),
            ReadOptions(allow_private=True, timeout=0.5),
        )


def test_size_cap_applies_to_the_decompressed_body(site):
    packed = gzip.compress(b"x" * 50_000)
    url = site.add("/packed", packed, content_type="text/plain", headers={"Content-Encoding": "gzip"})
    assert len(packed) < 10_000
    assert (
        error_of(url, ReadOptions(allow_private=True, max_bytes=10_000))
        == "response over the 10,000 bytes cap"
    )
    assert only(read_url(url, OPTS)).text == "x" * 50_000


def test_unsupported_content_type(site):
    url = site.add("/photo", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    assert error_of(url) == "unsupported content type image/png"


def test_bad_scheme_and_host():
    assert "unsupported URL scheme" in error_of("file:///etc/passwd")
    bad_host = "http://no-such-host.invalid/"
    assert error_of(bad_host, ReadOptions()).startswith("cannot resolve host no-such-host.invalid (")
    assert error_of(bad_host).startswith("cannot connect (")


def test_through_the_dispatcher(site):
    url = site.add("/page", PAGE)
    items = list(read_inputs([url, site.url("/gone")], OPTS))
    assert isinstance(items[0], RawDocument) and items[0].html == PAGE
    assert str(items[1]) == f"{site.url('/gone')}: HTTP 404"
