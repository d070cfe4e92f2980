"""Sending one delivery over HTTP: where it may go (the SSRF guard), short timeouts, no redirects.

The host is resolved once; every address must be public (not private, loopback, link-local, multicast,
reserved or unspecified) unless WEBHOOKS_ALLOW_PRIVATE is on (tests and the live suite). The connection goes
to the address that was checked (TLS still verifies the certificate for the host name), so a DNS answer that
changes between the check and the request cannot point the portal at an internal service.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

EXCERPT_BYTES = 1000


class UnsafeDestination(Exception):
    """The URL may not be called: a scheme other than http(s), or an address that is not public."""


@dataclass
class Outcome:
    status: int | None  # the HTTP status, or None when no answer came
    excerpt: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """What can be said of a URL without resolving it (on save): the scheme, a literal or local host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeDestination(_("Only http:// and https:// URLs with a host can receive webhooks."))
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return
    host = parts.hostname
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise UnsafeDestination(
            _("%(host)s is a local name; webhooks go to public addresses.") % {"host": host}
        )
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return
    if not _public(str(literal)):
        raise UnsafeDestination(_("%(host)s is not a public address.") % {"host": host})


def resolve(url: str) -> tuple[str, int, str]:
    """(host, port, address to connect to), refusing what is not public (unless allowed)."""
    check_url(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)  # gaierror: retried later
    addresses = [info[4][0] for info in infos]
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        refused = [a for a in addresses if not _public(a)]
        if refused:
            raise UnsafeDestination(
                _("%(host)s resolves to %(address)s, which is not a public address.")
                % {"host": parts.hostname, "address": refused[0]}
            )
    return parts.hostname, port, addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: str, headers: dict) -> Outcome:
    """POST `body` (JSON) to `url`. Raises UnsafeDestination; other failures are an Outcome with an error."""
    try:
        host, port, address = resolve(url)
    except socket.gaierror as exc:  # DNS may answer next time: an error, retried
        return Outcome(status=None, error=f"{urlsplit(url).hostname} does not resolve: {exc}")
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address, settings.WEBHOOKS_TIMEOUT_SECONDS)
    try:
        connection.request(
            "POST",
            path,
            body=body.encode(),
            headers={
                "Content-Type": "application/json",
                "User-Agent": "CoalitionPortal-Webhooks/1",
                **headers,
            },
        )
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
        return Outcome(status=response.status, excerpt=excerpt)
    except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, TLS, bad answer
        return Outcome(status=None, error=f"{type(exc).__name__}: {exc}"[:500])
    finally:
        connection.close()
