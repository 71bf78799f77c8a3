"""HTTP to the coordinator with the standard library (``http.client``): JSON calls, raw output,
and server-sent event streams, with failures mapped to :mod:`relayq.errors`.

One connection per call keeps it simple and thread-safe; proxies from the environment are not used
(as in the Java client), since a coordinator is usually on the same network or a VPN.
"""

import http.client
import json
import socket
import ssl
from urllib.parse import quote, urlsplit

from .errors import JobNotFound, RelayqAuthError, RelayqError, RelayqUnreachable

CONNECT_TIMEOUT = 5.0
REQUEST_TIMEOUT = 30.0
API = "/api/v1"
_ERROR_SNIPPET = 200


def segment(value):
    """Percent-encodes one path segment or query value."""
    return quote(value, safe="")


class Transport(object):
    """Calls to one coordinator; ``token`` (or None) is sent as a bearer token with every call."""

    def __init__(self, server, token=None):
        self.server = server
        self._token = token
        parts = urlsplit(server)
        self._https = parts.scheme.lower() == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._base = parts.path.rstrip("/")

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
        conn, response = self._open(method, path, data, headers or {}, REQUEST_TIMEOUT)
        try:
            body = response.read()
        except (socket.timeout, OSError, http.client.HTTPException) as e:
            raise self._unreachable(e, reading=True)
        finally:
            conn.close()
        return response.status, body

    def stream(self, path, read_timeout):
        """Opens a server-sent event stream; returns an :class:`EventStream` to read and close."""
        conn, response = self._open("GET", API + path, None, {"Accept": "text/event-stream"}, read_timeout)
        return EventStream(conn, response)

    def _open(self, method, path, data, headers, read_timeout):
        if self._token is not None:
            headers = dict(headers, Authorization="Bearer " + self._token)
        cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        kwargs = {"context": ssl.create_default_context()} if self._https else {}
        conn = cls(self._host, self._port, timeout=CONNECT_TIMEOUT, **kwargs)
        try:
            conn.connect()
            conn.sock.settimeout(read_timeout)
            conn.request(method, self._base + path, body=data, headers=headers)
            response = conn.getresponse()
        except (socket.timeout, OSError, http.client.HTTPException) as e:
            connected = conn.sock is not None
            conn.close()
            raise self._unreachable(e, reading=connected)
        if response.status // 100 != 2:
            try:
                body = response.read()
            except (OSError, http.client.HTTPException):
                body = b""
            conn.close()
            raise error(response.status, body, method + " " + path)
        return conn, response

    def _unreachable(self, e, reading):
        if isinstance(e, socket.gaierror):
            return RelayqUnreachable(self.server, "unknown host '%s'" % self._host,
                                     "check the server URL (RELAYQ_SERVER or server: in ~/.relayq/config.yml)")
        if isinstance(e, socket.timeout) and not reading:
            return RelayqUnreachable(self.server, "no connection within %d s" % CONNECT_TIMEOUT,
                                     "is the host up, and is the port right and open in its firewall?")
        if isinstance(e, socket.timeout):
            return RelayqUnreachable(self.server, "no answer in time",
                                     "the coordinator may be overloaded or the network down; try again")
        if isinstance(e, ConnectionRefusedError):
            return RelayqUnreachable(self.server, "connection refused",
                                     "is the coordinator running? start it with: relayq up")
        return RelayqUnreachable(self.server, "connection closed: %s" % (e or type(e).__name__),
                                 "the coordinator may have stopped or restarted; try again")


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
