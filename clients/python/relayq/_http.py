"""HTTP to the coordinator with the standard library (``http.client``): JSON calls, raw output,
and server-sent event streams, with failures mapped to :mod:`relayq.errors`.

One connection per call keeps it simple and thread-safe; proxies from the environment are not used
(as in the Java client), since a coordinator is usually on the same network or a VPN.
"""

import http.client
import json
import socket
import ssl
import threading
from urllib.parse import quote, urlsplit

from .errors import JobNotFound, RelayqAuthError, RelayqConfigError, RelayqError, RelayqTlsError, RelayqUnreachable

CONNECT_TIMEOUT = 5.0
REQUEST_TIMEOUT = 30.0
API = "/api/v1"
_ERROR_SNIPPET = 200


def segment(value):
    """Percent-encodes one path segment or query value."""
    return quote(value, safe="")


class Rotation(object):
    """The coordinators a client may call (several over one database) and the one it calls now.

    A call goes to the current one; when it fails, :meth:`failed_over` moves everyone on to the next,
    round and round, and calls stay there while it answers. One rotation per list of coordinators is
    shared by every call in the process (see :func:`rotation`). Thread-safe.
    """

    def __init__(self, servers):
        if not servers:
            raise ValueError("no coordinator URL given")
        self.servers = list(servers)
        self._current = 0
        self._lock = threading.Lock()

    def current(self):
        with self._lock:
            return self.servers[self._current]

    def failed_over(self, failed):
        """Notes that ``failed`` did not answer; returns the next coordinator, unless another call
        already moved on from ``failed``, then wherever that call went."""
        with self._lock:
            if self.servers[self._current] == failed:
                self._current = (self._current + 1) % len(self.servers)
            return self.servers[self._current]


_rotations = {}
_rotations_lock = threading.Lock()


def rotation(servers):
    """The process's rotation over ``servers`` (a list), so a failover made by one call holds for the next."""
    key = tuple(servers)
    with _rotations_lock:
        if key not in _rotations:
            _rotations[key] = Rotation(key)
        return _rotations[key]


class Transport(object):
    """Calls to the coordinators ``servers`` (a URL or a list; several over one database fail over);
    ``token`` (or None) is sent as a bearer token with every call.

    A call goes to the current coordinator of the rotation. When it refuses the connection, cannot be
    resolved or reached in time, or answers 503 (it changed nothing), the same call goes on to the
    next, each at most once. A connection that broke after the request was sent moves the rotation
    on too, but that call is not repeated: the coordinator may have done it.
    """

    def __init__(self, servers, token=None, ca_file=None):
        self._rotation = rotation([servers] if isinstance(servers, str) else servers)
        self._token = token
        self._tls = None
        if any(s.lower().startswith("https://") for s in self._rotation.servers):
            self._tls = tls_context(ca_file)

    @property
    def server(self):
        """The coordinator calls go to now."""
        return self._rotation.current()

    def json(self, method, path, body=None, headers=None):
        """Calls ``/api/v1`` + ``path`` and returns ``(status, decoded JSON body)``."""
        data = None
        all_headers = {"Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        status, raw = self.raw(method, API + path, data, all_headers)
        return status, json.loads(raw.decode("utf-8")) if raw else None

    def raw(self, method, path, data=None, headers=None):
        """Calls ``path`` (from the server root) and returns ``(status, body bytes)`` for a 2xx answer."""
        conn, response, server = self._open(method, path, data, headers or {}, REQUEST_TIMEOUT)
        try:
            body = response.read()
        except (socket.timeout, OSError, http.client.HTTPException) as e:
            self._rotation.failed_over(server)
            raise _unreachable(server, e, reading=True)
        finally:
            conn.close()
        return response.status, body

    def stream(self, path, read_timeout):
        """Opens a server-sent event stream; returns an :class:`EventStream` to read and close."""
        conn, response, _ = self._open("GET", API + path, None, {"Accept": "text/event-stream"}, read_timeout)
        return EventStream(conn, response)

    def _open(self, method, path, data, headers, read_timeout):
        if self._token is not None:
            headers = dict(headers, Authorization="Bearer " + self._token)
        servers = self._rotation.servers
        server = self._rotation.current()
        earlier = None
        for tried in range(1, len(servers) + 1):
            try:
                conn, response = self._open_on(server, method, path, data, headers, read_timeout)
            except _NotSent as e:
                unreachable = _unreachable(server, e.cause, reading=False)
                if isinstance(unreachable, RelayqTlsError):
                    # another coordinator would not trust this client more: the settings must change
                    raise unreachable
                following = self._rotation.failed_over(server)
                if tried == len(servers):
                    raise _none_answered(servers, unreachable, earlier)
                earlier, server = unreachable, following
                continue
            except _Broken as e:
                self._rotation.failed_over(server)
                raise _unreachable(server, e.cause, reading=True)
            if response.status // 100 == 2:
                return conn, response, server
            try:
                body = response.read()
            except (OSError, http.client.HTTPException):
                body = b""
            conn.close()
            failure = error(response.status, body, method + " " + path)
            if response.status != 503 or tried == len(servers):
                raise failure
            # 503: this coordinator changed nothing (its store is down); another may reach the database
            earlier, server = failure, self._rotation.failed_over(server)

    def _open_on(self, server, method, path, data, headers, read_timeout):
        parts = urlsplit(server)
        https = parts.scheme.lower() == "https"
        cls = http.client.HTTPSConnection if https else http.client.HTTPConnection
        kwargs = {"context": self._tls} if https else {}
        conn = cls(parts.hostname, parts.port, timeout=CONNECT_TIMEOUT, **kwargs)
        try:
            conn.connect()
        except (socket.timeout, OSError) as e:
            conn.close()
            raise _NotSent(e)
        try:
            conn.sock.settimeout(read_timeout)
            conn.request(method, parts.path.rstrip("/") + path, body=data, headers=headers)
            return conn, conn.getresponse()
        except (socket.timeout, OSError, http.client.HTTPException) as e:
            conn.close()
            raise _Broken(e)


class _NotSent(Exception):
    """No connection was made: the request cannot have reached the coordinator."""

    def __init__(self, cause):
        Exception.__init__(self, str(cause))
        self.cause = cause


class _Broken(Exception):
    """The connection broke after the request may have been sent."""

    def __init__(self, cause):
        Exception.__init__(self, str(cause))
        self.cause = cause


def tls_context(ca_file):
    """Verifies servers against the system's CA certificates, or only those of the PEM file ``ca_file``."""
    try:
        return ssl.create_default_context(cafile=ca_file)
    except FileNotFoundError:
        raise RelayqConfigError("CA file %s does not exist (from ca_file=, RELAYQ_CA_FILE or ca_file: in"
                                " ~/.relayq/config.yml)" % ca_file)
    except (OSError, ssl.SSLError) as e:
        raise RelayqConfigError("cannot use the CA file %s: %s; it must hold PEM certificates"
                                " (-----BEGIN CERTIFICATE-----)" % (ca_file, e))


def _unreachable(server, e, reading):
    if isinstance(e, ssl.SSLCertVerificationError):
        return RelayqTlsError(server, "its TLS certificate is not trusted: %s" % (e.verify_message or e))
    if isinstance(e, ssl.SSLError) and "WRONG_VERSION_NUMBER" in str(e):
        return RelayqUnreachable(server, "it does not speak TLS on this port",
                                 "use http:// for it, or start it with --tls-cert and --tls-key")
    if isinstance(e, socket.gaierror):
        return RelayqUnreachable(server, "unknown host '%s'" % urlsplit(server).hostname,
                                 "check the server URL (RELAYQ_SERVER or server: in ~/.relayq/config.yml)")
    if isinstance(e, socket.timeout) and not reading:
        return RelayqUnreachable(server, "no connection within %d s" % CONNECT_TIMEOUT,
                                 "is the host up, and is the port right and open in its firewall?")
    if isinstance(e, socket.timeout):
        return RelayqUnreachable(server, "no answer in time",
                                 "the coordinator may be overloaded or the network down; try again")
    if isinstance(e, ConnectionRefusedError):
        return RelayqUnreachable(server, "connection refused",
                                 "is the coordinator running? start it with: relayq up")
    return RelayqUnreachable(server, "connection closed: %s" % (e or type(e).__name__),
                             "the coordinator may have stopped or restarted; try again")


def _none_answered(servers, last, earlier):
    """``last``, said of every coordinator when each one before it was unreachable too."""
    if not isinstance(earlier, RelayqUnreachable):
        return last
    return RelayqUnreachable(" or ".join(servers), last.reason,
                             "none of the %d coordinators answered; is any of them running?" % len(servers))


def error(status, body, what):
    """The exception for an error answer: relayq's ``{"error": {"code", "message"}}`` or anything else."""
    code, message = None, None
    try:
        parsed = json.loads(body.decode("utf-8")).get("error")
        if isinstance(parsed.get("code"), str) and isinstance(parsed.get("message"), str):
            code, message = parsed["code"], parsed["message"]
    except (ValueError, AttributeError, UnicodeDecodeError):
        pass
    if code is None:
        text = body.decode("utf-8", "replace").strip()
        if len(text) > _ERROR_SNIPPET:
            text = text[:_ERROR_SNIPPET] + "..."
        code, message = "http_%d" % status, "HTTP %d from %s%s" % (status, what, ": " + text if text else "")
    if status in (401, 403):
        return RelayqAuthError(code, message, status)
    if status == 404 and "/jobs/" in what:
        job_id = what.split("/jobs/", 1)[1].split("/", 1)[0].split("?", 1)[0]
        return JobNotFound(job_id, message)
    return RelayqError(code, message, status)


class Event(object):
    def __init__(self, name, id, data):
        self.name = name
        self.id = id
        self.data = data


class EventStream(object):
    """A ``text/event-stream`` answer, read event by event (see the HTML standard's rules)."""

    def __init__(self, conn, response):
        self._conn = conn
        self._response = response

    def set_read_timeout(self, seconds):
        """Bounds the wait for the next bytes; a silent stream then raises ``socket.timeout``."""
        if self._conn.sock is not None:
            self._conn.sock.settimeout(max(0.001, seconds))

    def next(self):
        """The next event, or None when the stream ended. Raises OSError when it broke."""
        name, id, data = None, None, None
        while True:
            raw = self._response.readline()
            if not raw:
                return None
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                if data is not None:
                    return Event(name or "message", id, "\n".join(data))
                name, id = None, None
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            if value.startswith(" "):
                value = value[1:]
            if field == "event":
                name = value
            elif field == "id":
                id = value
            elif field == "data":
                data = (data or []) + [value]

    def close(self):
        self._conn.close()
