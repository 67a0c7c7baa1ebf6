"""A loopback forward proxy that applies the HostPolicy to every target yt-dlp contacts.

yt-dlp (and the ffmpeg it may start) opens its own connections for pages, manifests and
fragments. Pointing its `proxy` option here makes each of them pass the same check as our own
downloads: resolve once, refuse private addresses, connect to the validated address. The proxy
also counts every byte it relays and cuts connections once the total passes `max_bytes`,
which yt-dlp's `max_filesize` does not do for HLS/DASH fragments.
"""

from __future__ import annotations

import base64
import contextlib
import hmac
import secrets
import selectors
import socket
import socketserver
import threading
import time
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

from clipapi.infra.netguard import (
    HostPolicy,
    UnresolvableHost,
    UnsafeURL,
    normalize_host,
    parse_target,
)

_MAX_HEAD_BYTES = 32 * 1024
_CHUNK_BYTES = 64 * 1024
# How often relay loops look up from select() to notice close() or the idle deadline.
_POLL_SECONDS = 0.2
_PROXY_USER = "clipapi"
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authorization",
        "proxy-authenticate",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
    }
)


class _Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class GuardProxy:
    """`with GuardProxy(policy, max_bytes=...) as proxy:` then hand `proxy.url` to the client.

    The URL carries a random per-instance credential so other local processes cannot use the
    proxy while it runs.
    """

    def __init__(
        self,
        policy: HostPolicy,
        *,
        max_bytes: int,
        timeout: float = 30.0,
        allowed_ports: frozenset[int] | None = frozenset({80, 443}),
        max_connections: int = 16,
    ) -> None:
        self._policy = policy
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._allowed_ports = allowed_ports
        self._slots = threading.BoundedSemaphore(max_connections)
        self._token = secrets.token_urlsafe(18)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._relayed = 0
        self._exceeded = False
        self._refused = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._address()
        return f"http://{_PROXY_USER}:{self._token}@{host}:{port}"

    @property
    def bytes_relayed(self) -> int:
        with self._lock:
            return self._relayed

    @property
    def limit_exceeded(self) -> bool:
        with self._lock:
            return self._exceeded

    @property
    def refused(self) -> int:
        """How many targets the policy (or the port rule) refused."""
        with self._lock:
            return self._refused

    def start(self) -> Self:
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", 0), _Handler)
        server.proxy = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name="clipapi-guard-proxy",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            _close_quietly(sock)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _address(self) -> tuple[str, int]:
        if self._server is None:
            raise RuntimeError("GuardProxy is not running")
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)
        _close_quietly(sock)

    def _count(self, size: int) -> bool:
        with self._lock:
            self._relayed += size
            if self._relayed > self._max_bytes:
                self._exceeded = True
            return not self._exceeded

    def _note_refusal(self) -> None:
        with self._lock:
            self._refused += 1

    def serve(self, client: socket.socket) -> None:
        if not self._slots.acquire(blocking=False):
            _reply(client, 503, "Too many connections")
            return
        self._track(client)
        try:
            client.settimeout(self._timeout)
            self._serve(client)
        except _Refused as refusal:
            _reply(client, refusal.status, refusal.reason)
        except OSError:
            pass
        finally:
            self._untrack(client)
            self._slots.release()

    def _serve(self, client: socket.socket) -> None:
        head, rest = _read_head(client)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            raise _Refused(400, "Bad request")
        method, target, _version = parts
        headers = _parse_headers(lines[1:])
        if not self._authorized(headers):
            raise _Refused(407, "Proxy authentication required")
        if method == "CONNECT":
            host, port = _split_authority(target)
            upstream = self._connect(host, port)
            try:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                if rest:
                    if not self._count(len(rest)):
                        return
                    upstream.sendall(rest)
                self._relay(client, upstream)
            finally:
                self._untrack(upstream)
        elif method in ("GET", "HEAD"):
            request, host, port = _origin_request(method, target, headers)
            upstream = self._connect(host, port)
            try:
                upstream.sendall(request)
                if self._forward_response_head(upstream, client):
                    self._relay(client, upstream)
            finally:
                self._untrack(upstream)
        else:
            raise _Refused(405, "Method not allowed")

    def _authorized(self, headers: list[tuple[str, str]]) -> bool:
        expected = "Basic " + base64.b64encode(f"{_PROXY_USER}:{self._token}".encode()).decode()
        supplied = next((v for k, v in headers if k.lower() == "proxy-authorization"), "")
        return hmac.compare_digest(supplied.strip().encode(), expected.encode())

    def _connect(self, host: str, port: int) -> socket.socket:
        try:
            addresses = self._policy.resolve(host, port)
        except UnresolvableHost:
            raise _Refused(502, "Could not resolve the host") from None
        except UnsafeURL:
            self._note_refusal()
            raise _Refused(403, "Target address not allowed") from None
        # Operator allow-listed hosts (a local MinIO, a test server) may use any port.
        allow_listed = normalize_host(host) in self._policy.allow_hosts or all(
            str(ip) in self._policy.allow_hosts for ip in addresses
        )
        if self._allowed_ports is not None and port not in self._allowed_ports and not allow_listed:
            self._note_refusal()
            raise _Refused(403, "Port not allowed")
        for ip in addresses[:4]:
            try:
                upstream = socket.create_connection((str(ip), port), timeout=self._timeout)
            except OSError:
                continue
            self._track(upstream)
            return upstream
        raise _Refused(502, "Could not connect to the target")

    def _forward_response_head(self, upstream: socket.socket, client: socket.socket) -> bool:
        """Pass the response head on with `Connection: close`, since we close after it."""
        try:
            head, rest = _read_head(upstream)
        except _Refused:
            raise _Refused(502, "Bad response from the target") from None
        lines = head.decode("latin-1").split("\r\n")
        kept = [
            line
            for line in lines[1:]
            if line.partition(":")[0].strip().lower()
            not in ("connection", "keep-alive", "proxy-connection")
        ]
        rewritten = "\r\n".join([lines[0], *kept, "Connection: close"]).encode("latin-1")
        data = rewritten + b"\r\n\r\n" + rest
        if not self._count(len(data)):
            return False
        client.sendall(data)
        return True

    def _relay(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                sock.settimeout(self._timeout)
                selector.register(sock, selectors.EVENT_READ)
            idle_since = time.monotonic()
            while not self._stopping.is_set():
                events = selector.select(timeout=_POLL_SECONDS)
                if not events:
                    if time.monotonic() - idle_since > self._timeout:
                        return
                    continue
                idle_since = time.monotonic()
                for key, _mask in events:
                    source = key.fileobj
                    assert isinstance(source, socket.socket)
                    data = source.recv(_CHUNK_BYTES)
                    if not data or not self._count(len(data)):
                        return
                    peers[source].sendall(data)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    proxy: GuardProxy


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock = self.request
        assert isinstance(sock, socket.socket)
        self.server.proxy.serve(sock)


def _read_head(sock: socket.socket) -> tuple[bytes, bytes]:
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        if len(buffer) > _MAX_HEAD_BYTES:
            raise _Refused(431, "Request header too large")
        data = sock.recv(_CHUNK_BYTES)
        if not data:
            raise _Refused(400, "Bad request")
        buffer += data
    head, _, rest = buffer.partition(b"\r\n\r\n")
    return head, rest


def _parse_headers(lines: list[str]) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    for line in lines:
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise _Refused(400, "Bad request")
        headers.append((name, value.strip()))
    return headers


def _split_authority(authority: str) -> tuple[str, int]:
    try:
        parts = urlsplit(f"//{authority}")
        port = parts.port
    except ValueError:
        raise _Refused(400, "Bad request") from None
    host = normalize_host(parts.hostname or "")
    if not host or port is None or parts.username is not None or parts.path:
        raise _Refused(400, "Bad request")
    return host, port


def _origin_request(
    method: str, target: str, headers: list[tuple[str, str]]
) -> tuple[bytes, str, int]:
    """Turn an absolute-form proxy request into the origin-form request sent upstream."""
    try:
        parsed = parse_target(target)
    except UnsafeURL:
        raise _Refused(400, "Bad request") from None
    if parsed.scheme != "http":
        raise _Refused(400, "Use CONNECT for https")
    parts = urlsplit(target)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    connection_tokens = {
        token.strip().lower()
        for name, value in headers
        if name.lower() in ("connection", "proxy-connection")
        for token in value.split(",")
    }
    kept = [
        (name, value)
        for name, value in headers
        if name.lower() not in _HOP_BY_HOP and name.lower() not in connection_tokens
    ]
    host_header = parts.netloc.rpartition("@")[2]
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host_header}"]
    lines += [f"{name}: {value}" for name, value in kept]
    lines.append("Connection: close")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return request, parsed.host, parsed.port


def _reply(sock: socket.socket, status: int, reason: str) -> None:
    body = f"{reason}\n".encode()
    extra = 'Proxy-Authenticate: Basic realm="clipapi"\r\n' if status == 407 else ""
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n{extra}"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    with contextlib.suppress(OSError):
        sock.sendall(head.encode("latin-1") + body)


def _close_quietly(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()
