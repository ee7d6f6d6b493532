"""What keeps the demo page server from being starved: it runs in the process that supervises the stack.

- A connection that stays silent mid-request for LEERWIJZER_PAGE_TIMEOUT seconds (default 5) is dropped, and
  none lives longer than LIFETIME seconds, however slowly it trickles (slow loris).
- At most MAX_CONNECTIONS open connections, PER_CLIENT_CONNECTIONS from one address; more are closed at once.
- Every body is bounded: a Content-Length that is missing, negative or malformed is a 400, one beyond the
  route's limit a 413, chunked bodies a 411 (`read_body`). It used to read until the client closed.
- POSTs are rate-limited per client address: LEERWIJZER_PAGE_POSTS_PER_MINUTE (default 30), then 429.
"""
from __future__ import annotations

import http.server
import socket
import threading
import time
from collections import defaultdict, deque
from typing import Optional

import settings

SILENCE = settings.PAGE_TIMEOUT.get()  # seconds without a byte mid-request
LIFETIME = 60.0  # seconds any connection may stay open (a report rebuild takes a few)
MAX_CONNECTIONS = 64
PER_CLIENT_CONNECTIONS = 16
POSTS_PER_MINUTE = settings.PAGE_POSTS_PER_MINUTE.get()
TOO_MANY = "Te veel verzoeken na elkaar: probeer het over een minuut opnieuw"


class PageServer(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer with a cap on open connections, in all and per client address."""

    daemon_threads = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._open: dict[str, int] = defaultdict(int)
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address) -> None:
        client = client_address[0]
        with self._open_lock:
            if sum(self._open.values()) >= MAX_CONNECTIONS or self._open[client] >= PER_CLIENT_CONNECTIONS:
                self.shutdown_request(request)
                return
            self._open[client] += 1
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._closed(client)
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._closed(client_address[0])

    def _closed(self, client: str) -> None:
        with self._open_lock:
            self._open[client] -= 1
            if self._open[client] <= 0:
                del self._open[client]


class Bounded(http.server.BaseHTTPRequestHandler):
    """A request handler whose connections time out and end (mix into the page's handler)."""

    timeout = SILENCE  # StreamRequestHandler sets it on the socket: each read waits at most this long

    def setup(self) -> None:
        super().setup()
        self._deadline = threading.Timer(LIFETIME, self._drop)
        self._deadline.daemon = True
        self._deadline.start()

    def finish(self) -> None:
        self._deadline.cancel()
        super().finish()

    def _drop(self) -> None:
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def read_body(handler: http.server.BaseHTTPRequestHandler, limit: int) -> Optional[bytes]:
    """The request body, or None after answering 400 / 411 / 413."""
    if handler.headers.get("Transfer-Encoding"):
        handler.send_error(411, "Stuur het verzoek met een Content-Length")
        return None
    declared = (handler.headers.get("Content-Length") or "").strip()
    if not declared.isdigit():  # missing, negative ("-1") or malformed: never "read until the client closes"
        handler.send_error(400, "Ongeldige of ontbrekende Content-Length")
        return None
    if int(declared) > limit:
        handler.send_error(413, "Dit verzoek is te groot")
        return None
    return handler.rfile.read(int(declared))


class PerClient:
    """At most `per_minute` events per client address in any minute (a sliding window)."""

    def __init__(self, per_minute: int = POSTS_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # forget quiet clients, so addresses cannot fill memory
                self._seen = {c: q for c, q in self._seen.items() if q and now - q[-1] < 60}
            seen = self._seen.setdefault(client, deque())
            while seen and now - seen[0] >= 60:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return False
            seen.append(now)
            return True
