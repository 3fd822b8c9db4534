"""A real HTTP server on loopback for tests: routes map a path to a canned or computed reply."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before sending the headers (timeouts), and between body chunks.
    delay: float = 0.0
    chunk_delay: float = 0.0
    chunks: Iterator[bytes] | None = None


Handler = Callable[[BaseHTTPRequestHandler], Reply]


class LocalSite:
    """Serves `routes` on 127.0.0.1:<free port>; `hits` counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def do_GET(self) -> None:
                self._serve(head=False)

            def _serve(self, *, head: bool) -> None:
                path = self.path
                site.hits[path] += 1
                site.requests.append((path, dict(self.headers.items())))
                route = site.routes.get(path) or site.routes.get(path.split("?")[0])
                if route is None:
                    reply = Reply(
                        404, b"<html><body>not here</body></html>", {"Content-Type": "text/html"}
                    )
                elif isinstance(route, Reply):
                    reply = route
                else:
                    reply = route(self)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Type": "text/html; charset=utf-8", **reply.headers}
                    if reply.chunks is None:
                        headers.setdefault("Content-Length", str(len(reply.body)))
                    else:
                        headers["Connection"] = "close"
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if head:
                        return
                    if reply.chunks is None:
                        self.wfile.write(reply.body)
                        return
                    for chunk in reply.chunks:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        if reply.chunk_delay:
                            time.sleep(reply.chunk_delay)
                    self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    # The client gave up (a size cap or a timeout did its job).
                    self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> LocalSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
