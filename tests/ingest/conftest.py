"""A real HTTP server on 127.0.0.1 for the URL and feed readers.

One server runs for the whole session; each test gets it with an empty route table and adds the routes
it needs, so every test states the web it reads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before answering at all.
    delay: float = 0.0
    # Send no Content-Length and close the connection to end the body.
    no_length: bool = False
    # Send the body a few bytes at a time with this pause between writes.
    drip: float = 0.0


class Site:
    def __init__(self, port: int):
        self.port = port
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **kwargs)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.add(path, status=status, content_type=None, headers={"Location": location})


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        site.hits.append(self.path)
        route = site.routes.get(self.path) or Route(b"not found", status=404, content_type="text/plain")
        if route.delay:
            time.sleep(route.delay)
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if not (route.no_length or route.drip or "Content-Length" in route.headers):
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        if route.drip:
            for i in range(0, len(route.body), 16):
                self.wfile.write(route.body[i : i + 16])
                self.wfile.flush()
                time.sleep(route.drip)
        else:
            self.wfile.write(route.body)

    def log_message(self, format: str, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    site: Site

    def handle_error(self, request, client_address) -> None:
        # Clients that give up early (timeouts, size caps) leave broken pipes behind; that is the point.
        pass


@pytest.fixture(scope="session")
def _server() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = Site(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(_server: _Server) -> Site:
    _server.site.routes.clear()
    _server.site.hits.clear()
    return _server.site
