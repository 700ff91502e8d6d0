"""A scripted local HTTP server for the fetch tests (127.0.0.1, a free port, one thread).

Each path gets a list of :class:`Reply` objects that are served in turn (the last one repeats),
so a test can say "first a 503, then the file". Every request is recorded.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    cut_after: int | None = None  # announce the full length, send this many bytes, hang up


@dataclass
class Seen:
    method: str
    path: str
    query: str
    user_agent: str


class LocalServer:
    def __init__(self):
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # the name http.server calls
                self._answer(send_body=True)

            def do_HEAD(self):
                self._answer(send_body=False)

            def _answer(self, send_body):
                parts = urlsplit(self.path)
                server.requests.append(
                    Seen(self.command, parts.path, parts.query, self.headers.get("User-Agent", ""))
                )
                replies = server.routes.get(parts.path) or [Reply(404, b"not found")]
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                self.send_response(reply.status)
                headers = {"Content-Length": str(len(reply.body)), **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if not send_body:
                    return
                if reply.cut_after is None:
                    self.wfile.write(reply.body)
                    return
                self.wfile.write(reply.body[: reply.cut_after])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

            def log_message(self, format, *args):  # keep test output clean
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)
