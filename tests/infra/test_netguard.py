"""Outbound URL guard: private and encoded targets, redirects, schemes, byte caps, rebinding.

Every refusal test forbids real connections to anything but loopback, so a regression fails
the test instead of reaching a private network.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from clipapi.errors import BadRequest, MediaError, PayloadTooLarge
from clipapi.infra.netguard import (
    FetchResult,
    HostPolicy,
    UnresolvableHost,
    UnsafeURL,
    fetch_to_file,
    guarded_client,
    is_public_address,
    parse_target,
)

Route = Callable[[BaseHTTPRequestHandler], None]

REAL_CREATE_CONNECTION = socket.create_connection
REAL_GETADDRINFO = socket.getaddrinfo
LOOPBACK = HostPolicy(frozenset({"127.0.0.1"}))


class LoopbackServer:
    """A tiny HTTP/1.1 origin on 127.0.0.1 whose paths are plain functions."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                requests.append((self.path, dict(self.headers.items())))
                self.close_connection = True
                route = routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                    return
                route(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def body(data: bytes, content_type: str = "video/mp4", status: int = 200) -> Route:
    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return send


def redirect(location: str, status: int = 302) -> Route:
    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return send


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    origin = LoopbackServer()
    yield origin
    origin.close()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record outbound connects; any target but loopback fails the test before connecting."""
    attempts: list[tuple[str, int]] = []

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        attempts.append((address[0], address[1]))
        if not ipaddress.ip_address(address[0]).is_loopback:
            pytest.fail(f"connection attempted to {address[0]}")
        return REAL_CREATE_CONNECTION(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


def fake_dns(
    monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[list[str]]]
) -> dict[str, int]:
    """Answer `host` with successive address lists (the last one repeats); count lookups.

    An empty list answers NXDOMAIN, so no test sends a real DNS query.
    """
    lookups: dict[str, int] = dict.fromkeys(answers, 0)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        replies = answers[name]
        reply = replies[min(lookups[name], len(replies) - 1)]
        lookups[name] += 1
        if not reply:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port, 0, 0) if ":" in ip else (ip, port),
            )
            for ip in reply
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


# Case 1: private, loopback, metadata and translation ranges are refused.
PRIVATE_ADDRESSES = [
    "169.254.169.254",
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "100.64.0.1",
    "100.127.255.254",
    "0.0.0.0",
    "0.1.2.3",
    "198.18.0.1",
    "198.19.255.254",
    "192.0.2.10",
    "224.0.0.251",
    "240.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:10.1.2.3",
    "::ffff:169.254.169.254",
    "::7f00:1",
    "fd00::1",
    "fc00::1",
    "fe80::1",
    "fec0::1",
    "ff02::1",
    "64:ff9b::7f00:1",
    "64:ff9b::808:808",
    "2002:7f00:1::1",
    "2002:808:808::1",
    "2001::1",
    "2001:db8::1",
]
PUBLIC_ADDRESSES = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", PRIVATE_ADDRESSES)
def test_private_addresses_are_refused(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert not is_public_address(ip)
    with pytest.raises(UnsafeURL):
        HostPolicy().check_address(ip)


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_addresses_are_allowed(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert is_public_address(ip)
    HostPolicy().check_address(ip)


@pytest.mark.parametrize("address", PRIVATE_ADDRESSES)
def test_private_literal_urls_are_refused_before_connecting(
    address: str, connections: list[tuple[str, int]], tmp_path: Path
) -> None:
    host = f"[{address}]" if ":" in address else address
    url = f"http://{host}/latest/meta-data/"
    with pytest.raises(UnsafeURL) as refused:
        HostPolicy().check_url(url)
    assert refused.value.status_code == 400
    with pytest.raises(UnsafeURL):
        fetch_to_file(url, tmp_path / "v.mp4", policy=HostPolicy(), max_bytes=1000, timeout=2)
    assert connections == []
    assert not (tmp_path / "v.mp4").exists()


# Case 2: numeric encodings of loopback resolve to 127.0.0.1 and are judged as such.
@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://0x7f.1/",
        "http://0/",
        "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "https://2852039166/",
    ],
)
def test_encoded_loopback_is_refused(
    url: str, connections: list[tuple[str, int]], tmp_path: Path
) -> None:
    with pytest.raises(UnsafeURL):
        HostPolicy().check_url(url)
    with pytest.raises(BadRequest):
        fetch_to_file(url, tmp_path / "v.mp4", policy=HostPolicy(), max_bytes=1000, timeout=2)
    assert connections == []


def test_hostname_is_judged_by_every_resolved_address(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(
        monkeypatch,
        {
            "internal.example": [["10.0.0.5"]],
            "mixed.example": [["93.184.216.34", "10.0.0.5"]],
            "public.example": [["93.184.216.34", "2606:4700:4700::1111"]],
        },
    )
    policy = HostPolicy()
    with pytest.raises(UnsafeURL):
        policy.check_url("https://internal.example/video.mp4")
    with pytest.raises(UnsafeURL):
        policy.check_url("https://mixed.example/video.mp4")
    policy.check_url("https://public.example/video.mp4")
    assert [str(ip) for ip in policy.resolve("public.example", 443)] == [
        "93.184.216.34",
        "2606:4700:4700::1111",
    ]


def test_unresolvable_host_is_a_clear_bad_request(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"does-not-exist.invalid": [[]]})
    with pytest.raises(UnresolvableHost) as failed:
        HostPolicy().check_url("http://does-not-exist.invalid/")
    assert failed.value.status_code == 400


# Case 5: only http and https, with a host and without credentials.
@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "ftp://example.com/video.mp4",
        "data:video/mp4;base64,AAAA",
        "javascript:alert(1)",
        "dict://example.com:11211/stat",
        "//example.com/video.mp4",
        "example.com/video.mp4",
        "http:///video.mp4",
        "http://user:secret@example.com/video.mp4",
        "http://user@example.com/video.mp4",
        "http://example.com:99999/video.mp4",
    ],
)
def test_bad_schemes_and_forms_are_refused(
    url: str, connections: list[tuple[str, int]], tmp_path: Path
) -> None:
    with pytest.raises(UnsafeURL):
        HostPolicy().check_url(url)
    with pytest.raises(UnsafeURL):
        fetch_to_file(url, tmp_path / "v.mp4", policy=HostPolicy(), max_bytes=1000, timeout=2)
    assert connections == []


def test_parse_target_defaults_ports_and_normalises_host() -> None:
    assert parse_target("HTTPS://Example.COM./x").host == "example.com"
    assert parse_target("https://example.com/x").port == 443
    assert parse_target("http://[2606:4700::1]:8080/").host == "2606:4700::1"


# Case 10: the operator allow-list exempts named hosts or literal addresses.
def test_allow_list_is_normalised_and_matches_host_or_resolved_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_dns(monkeypatch, {"minio.internal": [["10.0.0.9"]], "other.internal": [["10.0.0.8"]]})
    policy = HostPolicy.from_csv(" LOCALHOST , [::1], minio.internal,,10.0.0.9 ")
    assert policy.allow_hosts == frozenset({"localhost", "::1", "minio.internal", "10.0.0.9"})
    policy.check_url("http://localhost:8080/")
    policy.check_url("http://[::1]:9000/")
    policy.check_url("http://minio.internal:9000/bucket/video.mp4")
    HostPolicy(frozenset({"10.0.0.9"})).check_url("http://minio.internal/")
    with pytest.raises(UnsafeURL):
        policy.check_url("http://other.internal/")
    with pytest.raises(UnsafeURL):
        policy.check_url("http://127.0.0.1/")
    assert HostPolicy().allow_hosts == frozenset()


def test_fetch_streams_the_file(server: LoopbackServer, tmp_path: Path) -> None:
    payload = b"\x00\x00\x00\x18ftypmp42" + bytes(200_000)
    server.routes["/v.mp4"] = body(payload)
    seen: list[tuple[int, int | None]] = []
    dest = tmp_path / "v.mp4"
    result = fetch_to_file(
        server.url("/v.mp4"),
        dest,
        policy=LOOPBACK,
        max_bytes=len(payload),
        timeout=5,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result == FetchResult(
        path=dest, size=len(payload), content_type="video/mp4", final_url=server.url("/v.mp4")
    )
    assert dest.read_bytes() == payload
    assert seen[-1] == (len(payload), len(payload))
    assert server.requests[0][1]["Accept-Encoding"] == "identity"


def test_fetch_ignores_proxy_environment(
    server: LoopbackServer,
    connections: list[tuple[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, "http://10.9.9.9:3128")
    server.routes["/v.mp4"] = body(b"video")
    fetch_to_file(server.url("/v.mp4"), tmp_path / "v", policy=LOOPBACK, max_bytes=99, timeout=5)
    assert connections == [("127.0.0.1", server.port)]


# Case 4: every redirect hop is re-validated and the number of hops is capped.
@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.1/video.mp4",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_x",
    ],
)
def test_redirect_to_private_or_other_scheme_is_refused(
    location: str,
    server: LoopbackServer,
    connections: list[tuple[str, int]],
    tmp_path: Path,
) -> None:
    server.routes["/start"] = redirect(location)
    server.routes["/v.mp4"] = body(b"should never be fetched")
    dest = tmp_path / "v.mp4"
    with pytest.raises(UnsafeURL) as refused:
        fetch_to_file(server.url("/start"), dest, policy=LOOPBACK, max_bytes=1000, timeout=5)
    assert "169.254" not in refused.value.message
    assert "10.0.0.1" not in refused.value.message
    assert connections == [("127.0.0.1", server.port)]
    assert [path for path, _ in server.requests] == ["/start"]
    assert not dest.exists()


def test_redirects_within_the_cap_are_followed(server: LoopbackServer, tmp_path: Path) -> None:
    server.routes["/a"] = redirect("/b", status=301)
    server.routes["/b"] = redirect(server.url("/v.mp4"), status=307)
    server.routes["/v.mp4"] = body(b"video-bytes")
    result = fetch_to_file(
        server.url("/a"), tmp_path / "v", policy=LOOPBACK, max_bytes=100, timeout=5
    )
    assert result.final_url == server.url("/v.mp4")
    assert result.path.read_bytes() == b"video-bytes"


def test_redirect_loop_is_capped(server: LoopbackServer, tmp_path: Path) -> None:
    server.routes["/loop"] = redirect("/loop")
    with pytest.raises(MediaError) as failed:
        fetch_to_file(
            server.url("/loop"),
            tmp_path / "v",
            policy=LOOPBACK,
            max_bytes=100,
            timeout=5,
            max_redirects=3,
        )
    assert failed.value.code == "download_failed"
    assert "redirect" in failed.value.message.lower()
    assert len(server.requests) == 4
    assert not (tmp_path / "v").exists()


def test_guarded_client_following_redirects_revalidates_each_hop(
    server: LoopbackServer, connections: list[tuple[str, int]]
) -> None:
    server.routes["/start"] = redirect("http://169.254.169.254/latest/meta-data/")
    with (
        guarded_client(LOOPBACK, timeout=5, follow_redirects=True) as client,
        pytest.raises(UnsafeURL),
    ):
        client.get(server.url("/start"))
    assert connections == [("127.0.0.1", server.port)]


# Case 8: status codes may be reported; remote bodies, headers and socket errors may not.
def test_http_error_reports_status_only(server: LoopbackServer, tmp_path: Path) -> None:
    server.routes["/missing"] = body(
        b"internal-secret-token", content_type="text/plain", status=404
    )
    dest = tmp_path / "v"
    with pytest.raises(MediaError) as failed:
        fetch_to_file(server.url("/missing"), dest, policy=LOOPBACK, max_bytes=100, timeout=5)
    assert failed.value.message == "Could not download the video (HTTP 404)"
    assert failed.value.code == "download_failed"
    assert failed.value.status_code == 400
    assert not dest.exists()


def test_connection_errors_are_generic(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(MediaError) as failed:
        fetch_to_file(
            f"http://127.0.0.1:{closed_port}/v.mp4",
            tmp_path / "v",
            policy=LOOPBACK,
            max_bytes=100,
            timeout=2,
        )
    assert failed.value.message == "Could not download the video"
    assert failed.value.code == "download_failed"
    assert "refused" not in failed.value.message.lower()


def test_unresolvable_host_during_fetch_is_a_download_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_dns(monkeypatch, {"does-not-exist.invalid": [[]]})
    with pytest.raises(MediaError) as failed:
        fetch_to_file(
            "http://does-not-exist.invalid/v.mp4",
            tmp_path / "v",
            policy=HostPolicy(),
            max_bytes=100,
            timeout=2,
        )
    assert failed.value.code == "download_failed"


def test_slow_server_times_out(server: LoopbackServer, tmp_path: Path) -> None:
    release = threading.Event()

    def stall(handler: BaseHTTPRequestHandler) -> None:
        release.wait(5)

    server.routes["/slow"] = stall
    started = time.monotonic()
    try:
        with pytest.raises(MediaError) as failed:
            fetch_to_file(
                server.url("/slow"), tmp_path / "v", policy=LOOPBACK, max_bytes=100, timeout=0.3
            )
    finally:
        release.set()
    assert time.monotonic() - started < 3
    assert failed.value.code == "download_failed"
    assert "timed out" in failed.value.message.lower()


# Case 7: we count bytes ourselves, whatever the headers claim.
def test_declared_length_over_the_cap_is_refused_at_once(
    server: LoopbackServer, tmp_path: Path
) -> None:
    def huge(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(10 * 1024 * 1024 * 1024))
        handler.end_headers()
        handler.wfile.write(bytes(1024))

    server.routes["/huge"] = huge
    dest = tmp_path / "v"
    with pytest.raises(PayloadTooLarge) as refused:
        fetch_to_file(server.url("/huge"), dest, policy=LOOPBACK, max_bytes=2 * 1024**2, timeout=5)
    assert refused.value.status_code == 413
    assert refused.value.message == "Remote file exceeds the 2 MB limit"
    assert not dest.exists()


def stream_without_length(total: int, *, chunked: bool) -> Route:
    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "video/mp4")
        if chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        block = bytes(16 * 1024)
        sent = 0
        try:
            while sent < total:
                if chunked:
                    handler.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n")
                else:
                    handler.wfile.write(block)
                sent += len(block)
            if chunked:
                handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client hung up once it had seen enough

    return send


@pytest.mark.parametrize("chunked", [False, True])
def test_body_without_honest_length_is_cut_at_the_cap(
    chunked: bool, server: LoopbackServer, tmp_path: Path
) -> None:
    server.routes["/stream"] = stream_without_length(8 * 1024 * 1024, chunked=chunked)
    dest = tmp_path / "v"
    seen: list[int] = []
    with pytest.raises(PayloadTooLarge):
        fetch_to_file(
            server.url("/stream"),
            dest,
            policy=LOOPBACK,
            max_bytes=256 * 1024,
            timeout=5,
            progress=lambda done, total: seen.append(done),
        )
    assert max(seen) <= 256 * 1024
    assert not dest.exists()


def test_body_shorter_than_declared_fails_and_removes_partial_file(
    server: LoopbackServer, tmp_path: Path
) -> None:
    def truncated(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(bytes(70_000))

    server.routes["/short"] = truncated
    dest = tmp_path / "v"
    with pytest.raises(MediaError) as failed:
        fetch_to_file(server.url("/short"), dest, policy=LOOPBACK, max_bytes=10**6, timeout=5)
    assert failed.value.code == "download_failed"
    assert not dest.exists()


def test_progress_callback_failure_removes_partial_file(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.routes["/v.mp4"] = body(bytes(300_000))

    def cancel(done: int, total: int | None) -> None:
        raise RuntimeError("cancelled")

    dest = tmp_path / "v"
    with pytest.raises(RuntimeError):
        fetch_to_file(
            server.url("/v.mp4"), dest, policy=LOOPBACK, max_bytes=10**6, timeout=5, progress=cancel
        )
    assert not dest.exists()


# Case 3: DNS rebinding. The address validated is the address connected to.
def test_connection_is_pinned_to_the_validated_address(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lookups = fake_dns(monkeypatch, {"rebind.test": [["93.184.216.34"], ["127.0.0.1"]]})
    dialled: list[tuple[str, int]] = []

    def dial(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        # Stand in for the public host: record the target, then reach the loopback origin.
        dialled.append((address[0], address[1]))
        return REAL_CREATE_CONNECTION(("127.0.0.1", server.port), *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", dial)
    server.routes["/v.mp4"] = body(b"pinned")
    result = fetch_to_file(
        f"http://rebind.test:{server.port}/v.mp4",
        tmp_path / "v",
        policy=HostPolicy(),
        max_bytes=100,
        timeout=5,
    )
    assert result.path.read_bytes() == b"pinned"
    assert dialled == [("93.184.216.34", server.port)]
    assert lookups["rebind.test"] == 1
    assert server.requests[0][1]["Host"] == f"rebind.test:{server.port}"


def test_each_new_connection_is_revalidated(
    monkeypatch: pytest.MonkeyPatch, connections: list[tuple[str, int]], tmp_path: Path
) -> None:
    lookups = fake_dns(monkeypatch, {"rebind.test": [["127.0.0.1"]]})
    with pytest.raises(UnsafeURL):
        fetch_to_file(
            "http://rebind.test/v.mp4", tmp_path / "v", policy=HostPolicy(), max_bytes=9, timeout=2
        )
    assert lookups["rebind.test"] == 1
    assert connections == []


def test_tls_keeps_the_hostname_for_sni(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"sni.test": [["93.184.216.34"]]})
    listener = socket.create_server(("127.0.0.1", 0))
    hello: list[bytes] = []

    def capture() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(5)
            hello.append(conn.recv(65536))

    thread = threading.Thread(target=capture, daemon=True)
    thread.start()
    dialled: list[tuple[str, int]] = []

    def dial(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        dialled.append((address[0], address[1]))
        return REAL_CREATE_CONNECTION(listener.getsockname(), *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", dial)
    try:
        with guarded_client(HostPolicy(), timeout=5) as client, pytest.raises(httpx.HTTPError):
            client.get("https://sni.test/")
        thread.join(5)
    finally:
        listener.close()
    assert dialled == [("93.184.216.34", 443)]
    assert b"sni.test" in hello[0]
