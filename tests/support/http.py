"""A real HTTP server on loopback for tests: routes map a path to a canned or computed reply.

Also a raw TCP server (`RawServer`) for servers that misbehave below HTTP: accept and never
answer, answer one header line at a time.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import sys
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


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up or refuse our certificate are what many tests provoke;
        # anything else still gets the standard traceback.
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SeenRequest:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request line arrived


class LocalSite:
    """Serves `routes` on 127.0.0.1:<free port>; `hits` counts requests per path.

    `host` binds another loopback address (127.0.0.2...), `port` a given port; `tls`
    serves https with that server context, and `sni_names` records the names clients
    asked for. `seen` keeps every request with the time it arrived.
    """

    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.seen: list[SeenRequest] = []
        self.sni_names: list[str | None] = []
        self.host = host
        self.scheme = "https" if tls else "http"
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
                site.seen.append(SeenRequest(path, dict(self.headers.items()), time.monotonic()))
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

        self._server = _QuietServer((host, port), _Handler)
        self._server.daemon_threads = True
        if tls is not None:

            def remember_sni(sock: ssl.SSLObject, name: str | None, ctx: ssl.SSLContext) -> None:
                site.sni_names.append(name)

            tls.sni_callback = remember_sni
            # The handshake happens in the handler thread, so a stuck client stalls only itself.
            self._server.socket = tls.wrap_socket(
                self._server.socket, server_side=True, do_handshake_on_connect=False
            )
        # A short poll interval: stop() waits for one, and every test stops its server.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        """The URL of `path`; `host` names the server differently (e.g. "localhost")."""
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def start(self) -> LocalSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class RawServer:
    """A TCP server on loopback whose connections are handed to `handle(conn)` raw.

    With no handler it accepts and never answers (the request sits unread): the server
    that hangs after the handshake. `connections` counts accepted connections.
    """

    def __init__(
        self, handle: Callable[[socket.socket], None] | None = None, *, host: str = "127.0.0.1"
    ) -> None:
        self._handle = handle
        self._sock = socket.create_server((host, 0))
        self._open: list[socket.socket] = []
        self._stopped = threading.Event()
        self.connections = 0
        self.host = host
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def start(self) -> RawServer:
        self._thread.start()
        return self

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            self._open.append(conn)
            if self._handle is not None:
                threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        try:
            assert self._handle is not None
            self._handle(conn)
        except OSError:
            # The client hung up first: that is what these servers provoke.
            pass

    def stop(self) -> None:
        self._stopped.set()
        # Shut before close: it wakes the thread blocked in accept().
        for sock in [self._sock, *self._open]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def __enter__(self) -> RawServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
