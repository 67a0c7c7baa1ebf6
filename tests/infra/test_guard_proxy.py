"""The proxy yt-dlp uses applies the host policy to every target."""

from __future__ import annotations

import base64
import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from clipapi.infra.guard_proxy import GuardProxy
from clipapi.infra.netguard import HostPolicy

REAL_CREATE_CONNECTION = socket.create_connection
REAL_GETADDRINFO = socket.getaddrinfo
LOOPBACK = HostPolicy(frozenset({"127.0.0.1"}))


class Origin:
    """A loopback HTTP origin serving `size` bytes at any path, recording each request."""

    def __init__(self) -> None:
        self.size = 1000
        self.requests: list[tuple[str, dict[str, str]]] = []
        origin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                origin.requests.append((self.path, dict(self.headers.items())))
                self.close_connection = True
                self.send_response(200)
                self.send_header("Content-Type", "video/mp4")
                self.send_header("Content-Length", str(origin.size))
                self.end_headers()
                try:
                    remaining = origin.size
                    while remaining > 0:
                        block = min(remaining, 64 * 1024)
                        self.wfile.write(b"v" * block)
                        remaining -= block
                except OSError:
                    pass  # cut by the proxy

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def origin() -> Iterator[Origin]:
    server = Origin()
    yield server
    server.close()


@pytest.fixture
def upstream_connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record the proxy's outbound connects; anything but loopback fails the test."""
    attempts: list[tuple[str, int]] = []

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        attempts.append((address[0], address[1]))
        if not ipaddress.ip_address(address[0]).is_loopback:
            pytest.fail(f"connection attempted to {address[0]}")
        return REAL_CREATE_CONNECTION(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> dict[str, int]:
    """Answer each name with successive addresses (the last repeats); count the lookups."""
    lookups = dict.fromkeys(answers, 0)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        replies = answers[host]
        ip = replies[min(lookups[host], len(replies) - 1)]
        lookups[host] += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def auth_header(proxy: GuardProxy) -> str:
    parts = urlsplit(proxy.url)
    token = base64.b64encode(f"{parts.username}:{parts.password}".encode()).decode()
    return f"Proxy-Authorization: Basic {token}\r\n"


def raw_exchange(proxy: GuardProxy, request: str, then: str = "") -> bytes:
    """Send `request` to the proxy (and `then` after its first reply); return all it sends."""
    parts = urlsplit(proxy.url)
    with socket.socket() as sock:
        sock.settimeout(5)
        sock.connect((parts.hostname, parts.port))
        sock.sendall(request.encode())
        received = b""
        if then:
            while b"\r\n\r\n" not in received:
                chunk = sock.recv(65536)
                if not chunk:
                    return received
                received += chunk
            sock.sendall(then.encode())
        while chunk := sock.recv(65536):
            received += chunk
    return received


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def test_plain_http_get_is_relayed_and_counted(origin: Origin) -> None:
    with GuardProxy(LOOPBACK, max_bytes=10**6) as proxy:
        with httpx.Client(proxy=proxy.url, trust_env=False) as client:
            response = client.get(f"http://127.0.0.1:{origin.port}/v.mp4?x=1")
        assert response.status_code == 200
        assert response.content == b"v" * 1000
        assert response.headers["Connection"] == "close"
        assert proxy.bytes_relayed >= 1000
        assert not proxy.limit_exceeded
        assert proxy.refused == 0
    path, headers = origin.requests[0]
    assert path == "/v.mp4?x=1"
    assert headers["Host"] == f"127.0.0.1:{origin.port}"
    assert headers["Connection"] == "close"
    assert "Proxy-Authorization" not in headers


def test_connect_tunnel_relays_bytes(origin: Origin) -> None:
    with GuardProxy(LOOPBACK, max_bytes=10**6) as proxy:
        target = f"127.0.0.1:{origin.port}"
        response = raw_exchange(
            proxy,
            f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n{auth_header(proxy)}\r\n",
            then=f"GET /tunnelled HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n",
        )
    assert response.startswith(b"HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200")
    assert response.endswith(b"v" * 1000)
    assert origin.requests[0][0] == "/tunnelled"


def test_loopback_target_is_refused_when_not_allowed(
    origin: Origin, upstream_connections: list[tuple[str, int]]
) -> None:
    with GuardProxy(HostPolicy(), max_bytes=10**6, allowed_ports=None) as proxy:
        with httpx.Client(proxy=proxy.url, trust_env=False) as client:
            response = client.get(f"http://127.0.0.1:{origin.port}/v.mp4")
        target = f"127.0.0.1:{origin.port}"
        tunnel = raw_exchange(proxy, f"CONNECT {target} HTTP/1.1\r\n{auth_header(proxy)}\r\n")
        assert proxy.refused == 2
    assert response.status_code == 403
    assert status_of(tunnel) == 403
    assert ("127.0.0.1", origin.port) not in upstream_connections
    assert origin.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "169.254.169.254:80",
        "10.0.0.1:443",
        "100.64.0.1:443",
        "[::1]:443",
        "[::ffff:127.0.0.1]:443",
        "[fd00::1]:443",
        "[64:ff9b::a00:1]:443",
        "2130706433:443",
        "0x7f000001:443",
        "127.1:443",
        "0:443",
    ],
)
def test_private_connect_targets_are_refused_before_connecting(
    target: str, upstream_connections: list[tuple[str, int]]
) -> None:
    with GuardProxy(HostPolicy(), max_bytes=10**6) as proxy:
        response = raw_exchange(proxy, f"CONNECT {target} HTTP/1.1\r\n{auth_header(proxy)}\r\n")
        assert proxy.refused == 1
    assert status_of(response) == 403
    assert upstream_connections == []


def test_private_absolute_uri_is_refused(upstream_connections: list[tuple[str, int]]) -> None:
    with GuardProxy(HostPolicy(), max_bytes=10**6) as proxy:
        response = raw_exchange(
            proxy,
            "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\n"
            f"Host: 169.254.169.254\r\n{auth_header(proxy)}\r\n",
        )
    assert status_of(response) == 403
    assert b"169.254" not in response
    assert upstream_connections == []


def test_hostname_resolving_to_private_is_refused(
    monkeypatch: pytest.MonkeyPatch, upstream_connections: list[tuple[str, int]]
) -> None:
    fake_dns(monkeypatch, {"cdn.internal.test": ["10.1.2.3"]})
    with GuardProxy(HostPolicy(), max_bytes=10**6) as proxy:
        response = raw_exchange(
            proxy, f"CONNECT cdn.internal.test:443 HTTP/1.1\r\n{auth_header(proxy)}\r\n"
        )
    assert status_of(response) == 403
    assert upstream_connections == []


def test_proxy_pins_the_validated_address(origin: Origin, monkeypatch: pytest.MonkeyPatch) -> None:
    lookups = fake_dns(monkeypatch, {"rebind.test": ["93.184.216.34", "127.0.0.1"]})
    dialled: list[tuple[str, int]] = []

    def dial(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        # Stand in for the public host: record the target, then reach the loopback origin.
        dialled.append((address[0], address[1]))
        return REAL_CREATE_CONNECTION(("127.0.0.1", origin.port), *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", dial)
    with GuardProxy(HostPolicy(), max_bytes=10**6) as proxy:
        response = raw_exchange(
            proxy,
            f"GET http://rebind.test/v.mp4 HTTP/1.1\r\nHost: evil.test\r\n{auth_header(proxy)}\r\n",
        )
    assert status_of(response) == 200
    assert dialled == [("93.184.216.34", 80)]
    assert lookups["rebind.test"] == 1
    assert origin.requests[0][1]["Host"] == "rebind.test"


def test_ports_other_than_web_ports_are_refused(
    monkeypatch: pytest.MonkeyPatch, upstream_connections: list[tuple[str, int]]
) -> None:
    fake_dns(monkeypatch, {"mail.test": ["93.184.216.34"]})
    with GuardProxy(HostPolicy(), max_bytes=10**6) as proxy:
        response = raw_exchange(proxy, f"CONNECT mail.test:25 HTTP/1.1\r\n{auth_header(proxy)}\r\n")
        assert proxy.refused == 1
    assert status_of(response) == 403
    assert upstream_connections == []


@pytest.mark.parametrize("credentials", ["", "Proxy-Authorization: Basic Y2xpcGFwaTp3cm9uZw==\r\n"])
def test_proxy_requires_its_credential(
    credentials: str, origin: Origin, upstream_connections: list[tuple[str, int]]
) -> None:
    with GuardProxy(LOOPBACK, max_bytes=10**6) as proxy:
        response = raw_exchange(
            proxy, f"CONNECT 127.0.0.1:{origin.port} HTTP/1.1\r\n{credentials}\r\n"
        )
    assert status_of(response) == 407
    assert b"Proxy-Authenticate: Basic" in response
    assert upstream_connections == []


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        ("POST http://127.0.0.1/ HTTP/1.1", 405),
        ("GET https://127.0.0.1/ HTTP/1.1", 400),
        ("GET /relative HTTP/1.1", 400),
        ("GET file:///etc/passwd HTTP/1.1", 400),
        ("GET http://u:p@127.0.0.1/ HTTP/1.1", 400),
        ("CONNECT 127.0.0.1 HTTP/1.1", 400),
        ("garbage", 400),
    ],
)
def test_unsupported_requests_are_rejected(
    request_line: str, status: int, upstream_connections: list[tuple[str, int]]
) -> None:
    with GuardProxy(LOOPBACK, max_bytes=10**6) as proxy:
        response = raw_exchange(proxy, f"{request_line}\r\n{auth_header(proxy)}\r\n")
    assert status_of(response) == status
    assert upstream_connections == []


def test_relay_is_cut_past_the_byte_cap(origin: Origin) -> None:
    origin.size = 4 * 1024 * 1024
    cap = 256 * 1024
    with GuardProxy(LOOPBACK, max_bytes=cap) as proxy:
        with (
            httpx.Client(proxy=proxy.url, trust_env=False) as client,
            pytest.raises(httpx.HTTPError),
        ):
            client.get(f"http://127.0.0.1:{origin.port}/big.mp4")
        assert proxy.limit_exceeded
        assert proxy.bytes_relayed <= cap + 2 * 64 * 1024


def test_byte_cap_is_shared_by_all_connections(origin: Origin) -> None:
    origin.size = 150 * 1024
    with GuardProxy(LOOPBACK, max_bytes=256 * 1024) as proxy:
        with httpx.Client(proxy=proxy.url, trust_env=False) as client:
            first = client.get(f"http://127.0.0.1:{origin.port}/fragment-1")
            assert first.status_code == 200
            with pytest.raises(httpx.HTTPError):
                client.get(f"http://127.0.0.1:{origin.port}/fragment-2")
        assert proxy.limit_exceeded


def test_proxy_stops_listening_on_exit() -> None:
    proxy = GuardProxy(LOOPBACK, max_bytes=100)
    with pytest.raises(RuntimeError):
        _ = proxy.url
    with proxy:
        address = urlsplit(proxy.url)
        assert address.hostname == "127.0.0.1"
    with pytest.raises(ConnectionRefusedError), socket.socket() as sock:
        sock.connect((address.hostname, address.port))
