"""Outbound URL guard: public addresses only, decided on the resolved address and pinned.

Every outbound request (direct video downloads, webhooks, yt-dlp through `guard_proxy`) is
checked where the socket is opened: the host is resolved once, every resolved address must be
allowed, and the connection goes to exactly that address, so a second DNS answer (rebinding)
never reaches a socket. Error messages are fixed strings; remote bodies, headers and connect
errors are never echoed to the caller (blind SSRF).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from clipapi.errors import BadRequest, MediaError, PayloadTooLarge

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# `not is_global` misses several of these (100.64/10 in some versions, multicast, NAT64, 6to4,
# IPv4-compatible ::/96), so they are listed explicitly.
_DENIED_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/96",
        "::1/128",
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/32",
        "2001:db8::/32",
        "2002::/16",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)

# A host with many addresses must not multiply the connect timeout without bound.
_MAX_ADDRESSES_TRIED = 4
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK_BYTES = 64 * 1024
_MIB = 1024 * 1024


class UnsafeURL(BadRequest):
    default_message = "The URL is not allowed"
    code = "unsafe_url"


class UnresolvableHost(UnsafeURL):
    default_message = "The URL's host could not be resolved"


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int


def normalize_host(host: str) -> str:
    return host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")


def parse_target(url: str) -> Target:
    """Check the form of `url` (scheme, host, no credentials) without resolving it."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise UnsafeURL("The URL is malformed") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UnsafeURL("Only http and https URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("URLs with embedded credentials are not allowed")
    host = normalize_host(parts.hostname or "")
    if not host:
        raise UnsafeURL("The URL has no host")
    return Target(scheme=scheme, host=host, port=port or DEFAULT_PORTS[scheme])


def is_public_address(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if (
        not ip.is_global
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_private
    ):
        return False
    return not any(ip in net for net in _DENIED_NETWORKS if net.version == ip.version)


@dataclass(frozen=True)
class HostPolicy:
    """Which outbound hosts may be reached; `allow_hosts` is exempt from the address check."""

    allow_hosts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        normalized = frozenset(normalize_host(host) for host in self.allow_hosts if host.strip())
        object.__setattr__(self, "allow_hosts", normalized)

    @classmethod
    def from_csv(cls, value: str | None) -> HostPolicy:
        """Build from an operator setting such as `CLIPAPI_ALLOW_HOSTS=127.0.0.1,minio`."""
        return cls(frozenset((value or "").split(",")))

    def check_address(self, ip: IPAddress) -> None:
        if _address_text(ip) in self.allow_hosts:
            return
        if not is_public_address(ip):
            raise UnsafeURL("The URL points to a private or reserved network address")

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Resolve `host` once; return its addresses if every one of them is allowed."""
        host = normalize_host(host)
        addresses = _resolve(host, port)
        if host not in self.allow_hosts:
            for ip in addresses:
                self.check_address(ip)
        return addresses

    def check_url(self, url: str) -> None:
        target = parse_target(url)
        self.resolve(target.host, target.port)


def _address_text(ip: IPAddress) -> str:
    text = str(ip)
    return text.split("%", 1)[0]


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnresolvableHost() from None
    addresses: list[IPAddress] = []
    for info in infos:
        try:
            ip = ipaddress.ip_address(info[4][0])
        except ValueError:
            continue
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise UnresolvableHost()
    return addresses


class _PinnedBackend(httpcore.NetworkBackend):
    """Resolves, validates and connects to the validated address; TLS still uses the hostname."""

    def __init__(self, policy: HostPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self._policy.resolve(host, port)
        except UnresolvableHost:
            raise httpcore.ConnectError("Could not resolve the host") from None
        options = list(socket_options or [])
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for ip in addresses[:_MAX_ADDRESSES_TRIED]:
            try:
                return self._inner.connect_tcp(
                    str(ip),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise UnsafeURL("Unix sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport whose every connection goes through the host policy (no proxies)."""

    def __init__(self, policy: HostPolicy) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            network_backend=_PinnedBackend(policy),
            max_connections=10,
            max_keepalive_connections=5,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme not in ALLOWED_SCHEMES:
            raise UnsafeURL("Only http and https URLs are allowed")
        if request.url.userinfo:
            raise UnsafeURL("URLs with embedded credentials are not allowed")
        return super().handle_request(request)


def guarded_client(
    policy: HostPolicy,
    *,
    timeout: float,
    follow_redirects: bool = False,
    max_redirects: int = 5,
) -> httpx.Client:
    return httpx.Client(
        transport=GuardedTransport(policy),
        timeout=timeout,
        follow_redirects=follow_redirects,
        max_redirects=max_redirects,
        trust_env=False,
    )


@dataclass(frozen=True)
class FetchResult:
    path: Path
    size: int
    content_type: str | None
    final_url: str


def describe_limit(max_bytes: int) -> str:
    megabytes = round(max_bytes / _MIB, 1)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{max_bytes} bytes"


def fetch_to_file(
    url: str,
    dest: Path,
    *,
    policy: HostPolicy,
    max_bytes: int,
    timeout: float,
    max_redirects: int = 5,
    progress: Callable[[int, int | None], None] | None = None,
) -> FetchResult:
    """Stream `url` into `dest`, re-validating every redirect hop and counting bytes ourselves."""
    parse_target(url)
    try:
        with guarded_client(policy, timeout=timeout) as client:
            return _download(client, url, dest, max_bytes, max_redirects, progress)
    except BaseException as exc:
        dest.unlink(missing_ok=True)
        if isinstance(exc, httpx.TimeoutException):
            raise MediaError(
                "Timed out while downloading the video", code="download_failed"
            ) from exc
        if isinstance(exc, httpx.HTTPError):
            raise MediaError("Could not download the video", code="download_failed") from exc
        if isinstance(exc, httpx.InvalidURL):
            raise UnsafeURL("The URL is malformed") from exc
        raise


def _download(
    client: httpx.Client,
    url: str,
    dest: Path,
    max_bytes: int,
    max_redirects: int,
    progress: Callable[[int, int | None], None] | None,
) -> FetchResult:
    current = httpx.URL(url)
    for _hop in range(max_redirects + 1):
        # identity: a compressed body would be inflated in memory before we could count it.
        with client.stream("GET", current, headers={"Accept-Encoding": "identity"}) as response:
            location = response.headers.get("location")
            if response.status_code in _REDIRECT_STATUSES and location:
                current = response.url.join(location)
                parse_target(str(current))
                continue
            if not response.is_success:
                raise MediaError(
                    f"Could not download the video (HTTP {response.status_code})",
                    code="download_failed",
                )
            declared = _content_length(response)
            if declared is not None and declared > max_bytes:
                raise PayloadTooLarge(f"Remote file exceeds the {describe_limit(max_bytes)} limit")
            size = 0
            with dest.open("wb") as out:
                for chunk in response.iter_raw(_CHUNK_BYTES):
                    size += len(chunk)
                    if size > max_bytes:
                        raise PayloadTooLarge(
                            f"Remote file exceeds the {describe_limit(max_bytes)} limit"
                        )
                    out.write(chunk)
                    if progress is not None:
                        progress(size, declared)
            return FetchResult(
                path=dest,
                size=size,
                content_type=response.headers.get("content-type"),
                final_url=str(response.url),
            )
    raise MediaError("Too many redirects while downloading the video", code="download_failed")


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)
