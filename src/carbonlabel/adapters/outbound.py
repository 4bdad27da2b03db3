"""The address guard of outbound calls (PACT partners' hosts, event delivery).

A tenant administrator names the URL the platform then calls with credentials and events;
without a guard that URL could be this machine, the internal network or a cloud metadata
service (server-side request forgery). Refused: loopback, private, shared (CGNAT),
link-local (with the metadata addresses 169.254.169.254 and fd00:ec2::254), unspecified,
multicast, reserved and documentation addresses, and IPv4 hidden in IPv6 forms of them.

The check is made on the *resolved* address at send time, and the connection then goes to
the address checked (the TLS name and the Host header stay the partner's), so a DNS answer
that changes between check and connect (rebinding) cannot slip through. Registration checks
too, for a clear early answer. ``allow_private`` (setting ``allow_private_outbound``, for
development, the demo and tests) lifts the guard.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx2 as httpx

from carbonlabel.errors import InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

# (network, why) – checked in order, the first match names the reason
_REFUSED: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(net), why) for net, why in (
        ("169.254.169.254/32", "cloud metadata"), ("fd00:ec2::254/128", "cloud metadata"),
        ("0.0.0.0/8", "unspecified"), ("::/128", "unspecified"),
        ("127.0.0.0/8", "loopback"), ("::1/128", "loopback"),
        ("10.0.0.0/8", "private"), ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"), ("fc00::/7", "private"),
        ("100.64.0.0/10", "shared (carrier-grade NAT)"),
        ("169.254.0.0/16", "link-local"), ("fe80::/10", "link-local"),
        ("224.0.0.0/4", "multicast"), ("ff00::/8", "multicast"),
        ("240.0.0.0/4", "reserved"), ("255.255.255.255/32", "broadcast"),
        ("192.0.0.0/24", "reserved"), ("198.18.0.0/15", "benchmarking"),
        ("192.0.2.0/24", "documentation"), ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"), ("2001:db8::/32", "documentation"),
        ("64:ff9b::/96", "NAT64"), ("100::/64", "discard"),
    ))


def refusal(address: IPAddress) -> str | None:
    """Why an outbound call to ``address`` is refused, or None when it is a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return refusal(embedded)
        if address.teredo is not None:
            return "Teredo tunnel"
    for network, why in _REFUSED:
        if address.version == network.version and address in network:
            return why
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (raises OSError when it does not resolve)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _refused(field: str, host: str, address: str, why: str) -> InputError:
    return InputError(
        field=field,
        message_en=f"{host} resolves to {address}, a {why} address: outbound calls go to "
                   "public addresses only (setting allow_private_outbound for development)",
        message_zh=f"{host} 解析为 {address}（{why} 地址）：对外调用只允许公网地址"
                   "（开发环境可设置 allow_private_outbound）")


def checked_addresses(host: str, port: int, *, field: str = "host_url",
                      resolve: Resolver = system_resolver) -> list[str]:
    """The addresses of ``host``, all public; an InputError naming ``field`` when any is not
    (a name that resolves to one public and one private address is refused too)."""
    name = host.strip("[]")
    try:
        addresses = [str(ipaddress.ip_address(name))]
    except ValueError:
        addresses = resolve(name, port)
    for address in addresses:
        why = refusal(ipaddress.ip_address(address.split("%")[0]))
        if why is not None:
            raise _refused(field, host, address, why)
    return addresses


def check_url(url: str, field: str, *, resolve: Resolver = system_resolver) -> None:
    """At registration: refuse a URL whose host is (or resolves to) a refused address. A
    name that does not resolve yet passes here; the send-time check stays."""
    parts = urlsplit(url)
    if not parts.hostname:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        checked_addresses(parts.hostname, port, field=field, resolve=resolve)
    except OSError:
        return


class GuardedTransport(httpx.HTTPTransport):
    """An HTTP transport that resolves the host itself, checks every address and connects
    to the first checked one (TLS server name and Host header stay the requested host)."""

    def __init__(self, *args: object, resolve: Resolver = system_resolver,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._resolve = resolve

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        try:
            addresses = checked_addresses(host, port, resolve=self._resolve)
        except OSError as exc:
            raise httpx.ConnectError(f"{host} does not resolve ({exc})",
                                     request=request) from exc
        extensions = dict(request.extensions)
        if request.url.scheme == "https":
            extensions.setdefault("sni_hostname", host)
        pinned = httpx.Request(request.method, request.url.copy_with(host=addresses[0]),
                               headers=request.headers, stream=request.stream,
                               extensions=extensions)
        return super().handle_request(pinned)
