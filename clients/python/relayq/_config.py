"""Where the client finds the coordinator, the token and the worker aliases.

The order is the CLI's: ``RELAYQ_SERVER`` / ``RELAYQ_TOKEN``, else ``server:`` / ``token:`` in the
config file, else ``http://127.0.0.1:8750``, and for a coordinator on this machine the token its
first start wrote to ``~/.relayq/token``, else no token. The config file is ``RELAYQ_CONFIG`` when
set (it must exist), else ``~/.relayq/config.yml`` when it exists. It is read with a small reader of
the YAML subset relayq's config uses (``key: value`` lines, quoted values, comments, one level of
sections, flow ``[a, b]`` and block ``- a`` lists), so no YAML library is needed.
"""

import os
import re
from urllib.parse import urlsplit

from .errors import RelayqConfigError

DEFAULT_SERVER = "http://127.0.0.1:8750"
# Every top-level key of the shared config file; keep in step with the CLI and the Java client.
KNOWN_KEYS = ("aliases", "ca_file", "server", "templates", "tls_cert", "tls_key", "token", "worker")
_SECTIONS = ("aliases", "templates", "worker")
_ALIAS_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class Settings(object):
    """The resolved settings; ``servers`` lists the coordinators (``server`` is the first one) and
    ``server_source`` says where they came from."""

    def __init__(self, servers, token, server_source, aliases, ca_file=None):
        self.servers = servers
        self.server = servers[0]
        self.token = token
        self.server_source = server_source
        self.aliases = aliases
        self.ca_file = ca_file


class Route(object):
    """Where an alias sends a job: one worker by name, or any worker with all the labels."""

    def __init__(self, worker=None, labels=None, source="default"):
        self.worker = worker
        self.labels = labels
        self.source = source

    def __repr__(self):
        return "Route(worker=%r, labels=%r, source=%r)" % (self.worker, self.labels, self.source)


def config_file(env):
    explicit = env.get("RELAYQ_CONFIG")
    if explicit and explicit.strip():
        return explicit
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".relayq", "config.yml")


def load(env=None):
    """Reads the settings from ``env`` (default ``os.environ``) and the config file it points to."""
    env = os.environ if env is None else env
    path = config_file(env)
    values = {}
    if os.path.exists(path):
        try:
            with open(path, "r", encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise RelayqConfigError("cannot read the relayq config file %s: %s" % (path, e))
        values = parse(text, path)
    elif (env.get("RELAYQ_CONFIG") or "").strip():
        raise RelayqConfigError(
            "RELAYQ_CONFIG points to %s, which does not exist: create it or unset RELAYQ_CONFIG" % path)
    if (env.get("RELAYQ_SERVER") or "").strip():
        server, source = env["RELAYQ_SERVER"].strip(), "RELAYQ_SERVER"
    elif values.get("server"):
        server, source = values["server"], "server: in %s" % path
    else:
        server, source = DEFAULT_SERVER, "default"
    if (env.get("RELAYQ_TOKEN") or "").strip():
        token, token_source = env["RELAYQ_TOKEN"].strip(), "RELAYQ_TOKEN"
    else:
        token, token_source = values.get("token"), "token: in %s" % path
    servers = check_servers(server, source)
    if token is None and all(on_this_machine(s) for s in servers):
        token, token_source = local_token(env)
    if token is not None:
        check_token(token, token_source)
    ca = ca_file(env) or _expand(values.get("ca_file"), env)
    return Settings(servers, token, source, values.get("aliases") or {}, ca)


def ca_file(env=None):
    """``RELAYQ_CA_FILE``: the CA certificates (PEM) to trust for https:// instead of the system's, or None."""
    env = os.environ if env is None else env
    return _expand((env.get("RELAYQ_CA_FILE") or "").strip() or None, env)


def _expand(path, env):
    """``~/x`` in a setting means the user's home, as it would in a shell."""
    if path and (path == "~" or path.startswith("~/")):
        home = env.get("HOME") or os.path.expanduser("~")
        return os.path.join(home, path[2:])
    return path


def check_servers(value, source):
    """The coordinator URLs of ``value``: one URL, several comma-separated, or a list (from the config
    file); each checked as :func:`check_server`."""
    parts = value if isinstance(value, list) else value.split(",")
    servers = []
    for part in parts:
        if not isinstance(part, str) or not part.strip():
            raise RelayqConfigError("%s: '%s' has an empty entry; separate coordinator URLs with single commas,"
                                    " like http://a:8750,http://b:8750" % (source, value))
        url = check_server(part, source)
        if url in servers:
            raise RelayqConfigError("%s: '%s' lists %s twice; list each coordinator once" % (source, value, url))
        servers.append(url)
    return servers


def token_file(env):
    """``~/.relayq/token``: the admin token a coordinator's first start wrote for this user."""
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".relayq", "token")


def on_this_machine(server):
    """Whether the coordinator URL names a loopback host: the token file is sent nowhere else."""
    host = re.sub(r"^https?://", "", server, flags=re.IGNORECASE).split("/")[0].split("@")[-1]
    host = host[1:host.index("]")] if host.startswith("[") else host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host.lower() == "localhost" or host.startswith("127.") or host == "::1"


def local_token(env):
    """The token file's token and its path, or (None, None) when there is none."""
    path = token_file(env)
    try:
        with open(path, "r", encoding="utf-8") as f:
            token = f.read().strip()
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as e:
        raise RelayqConfigError("cannot read the relayq token file %s: %s" % (path, e))
    return (token, path) if token else (None, None)


def check_server(server, source):
    """The URL without a trailing slash; an error naming ``source`` unless it is http(s) with a host."""
    example = " (write it like %s)" % DEFAULT_SERVER
    match = re.match(r"^(https?)://([^/?#]+)(/[^?#]*)?$", server.strip(), re.IGNORECASE)
    try:
        # urlsplit knows bracketed IPv6 hosts like [::1]; .port raises ValueError for a port that is no number
        parts = urlsplit(server.strip())
        _ = parts.port
        host = parts.hostname
    except ValueError:
        host = None
    if not match or not host:
        raise RelayqConfigError("%s: '%s' is not an http:// or https:// URL with a host%s" % (source, server, example))
    return server.strip().rstrip("/")


def check_token(token, source):
    """A token travels in a header: a space or line break left over from copying it breaks the call."""
    if not token:
        raise RelayqConfigError("%s: the relayq token is empty" % source)
    for i, c in enumerate(token):
        if ord(c) <= 32 or ord(c) >= 127:
            raise RelayqConfigError(
                "%s: the relayq token has a space, line break or non-ASCII character at position %d of %d:"
                " copy it again without surrounding text" % (source, i + 1, len(token)))
    return token


def route(alias, settings, env=None):
    """Where ``alias`` sends jobs: ``RELAYQ_ALIAS_<NAME>``, else ``aliases:`` in the config file,
    else the label of the same name. A plain value names a worker; a list ``[a, b]`` gives labels."""
    env = os.environ if env is None else env
    if not _ALIAS_NAME.match(alias or ""):
        raise ValueError("alias '%s' is not a valid name: use letters, digits, '_' and '-'" % alias)
    var = "RELAYQ_ALIAS_" + alias.upper().replace("-", "_")
    if (env.get(var) or "").strip():
        return _route_of(_value(env[var], var), var)
    if alias in settings.aliases:
        return _route_of(settings.aliases[alias], "aliases.%s in the config file" % alias)
    return Route(labels=[alias])


def _route_of(value, source):
    if isinstance(value, list):
        if not value:
            raise RelayqConfigError("%s: the label list is empty; give at least one label" % source)
        return Route(labels=value, source=source)
    if not value:
        raise RelayqConfigError("%s: give a worker name, or labels as a list like [mac, has:ffmpeg]" % source)
    return Route(worker=value, source=source)


# ---- the YAML subset -----------------------------------------------------------------------------

def parse(text, origin):
    """The top-level values of a config file: scalars, and the ``aliases`` section as a dict."""
    values = {}
    section = None
    alias = None
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        where = "%s line %d" % (origin, number)
        content = line.strip()
        if not content or content.startswith("#") or (number == 1 and content == "---"):
            continue
        indent = len(line) - len(line.lstrip())
        if "\t" in line[:indent]:
            raise RelayqConfigError("%s: indented with a tab; YAML needs spaces" % where)
        if indent == 0:
            key, rest = _key_value(content, where)
            if key not in KNOWN_KEYS:
                raise RelayqConfigError("%s: unknown key '%s' (known keys: %s)" % (where, key, ", ".join(KNOWN_KEYS)))
            if key in values:
                raise RelayqConfigError("%s: '%s' is set twice; keep one" % (where, key))
            value = _value(rest, "%s: %s" % (where, key))
            if key in _SECTIONS:
                if value is not None:
                    raise RelayqConfigError("%s: %s is a section: write '%s:' alone on its line and its entries"
                                            " indented below" % (where, key, key))
                values[key] = {}
                section, alias = key, None
            else:
                # server may list several coordinators; token is one value
                if isinstance(value, list) and key != "server":
                    raise RelayqConfigError("%s: %s takes one value, not a list" % (where, key))
                values[key] = value
                section = None
            continue
        if section is None:
            raise RelayqConfigError("%s: indented line outside a section (only aliases, templates and worker have"
                                    " indented entries; other keys start at the beginning of the line)" % where)
        if section != "aliases":
            continue
        aliases = values["aliases"]
        if content.startswith("- ") or content == "-":
            if alias is None or not isinstance(aliases.get(alias), list):
                raise RelayqConfigError("%s: a list item must follow an alias written as 'name:' alone" % where)
            item = _value(content[1:], where)
            if not item or isinstance(item, list):
                raise RelayqConfigError("%s: a list item must be one label" % where)
            aliases[alias].append(item)
            continue
        name, rest = _key_value(content, where)
        value = _value(rest, "%s: aliases.%s" % (where, name))
        aliases[name] = [] if value is None else value
        alias = name
    values.pop("worker", None)
    values.pop("templates", None)
    return values


def _key_value(content, where):
    colon = content.find(":")
    if colon <= 0 or (colon + 1 < len(content) and content[colon + 1] != " "):
        raise RelayqConfigError("%s: expected 'key: value', got '%s'" % (where, content))
    return content[:colon].strip(), content[colon + 1:]


def _value(raw, where):
    """A plain or quoted scalar, or a flow list ``[a, b]``; None when empty, ``~`` or ``null``."""
    s = raw.strip()
    if not s or s.startswith("#"):
        return None
    if s.startswith("["):
        end = s.find("]")
        if end < 0:
            raise RelayqConfigError("%s: the list is not closed with ]" % where)
        _after(s[end + 1:], where)
        inner = s[1:end].strip()
        return [_scalar(item, where) for item in inner.split(",")] if inner else []
    if s[0] in "\"'":
        value, rest = _quoted(s, where)
        _after(rest, where)
        return value
    comment = s.find(" #")
    plain = (s[:comment] if comment >= 0 else s).strip()
    return None if plain in ("~", "null") else plain


def _scalar(item, where):
    s = item.strip()
    if s and s[0] in "\"'":
        value, rest = _quoted(s, where)
        _after(rest, where)
        return value
    if not s:
        raise RelayqConfigError("%s: empty list item" % where)
    return s


def _quoted(s, where):
    quote = s[0]
    out = []
    i = 1
    while True:
        if i >= len(s):
            raise RelayqConfigError("%s: the quote %s is not closed" % (where, quote))
        c = s[i]
        if c == quote:
            if quote == "'" and s[i + 1:i + 2] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), s[i + 1:]
        if c == "\\" and quote == '"' and i + 1 < len(s):
            i += 1
            out.append({"n": "\n", "t": "\t"}.get(s[i], s[i]))
        else:
            out.append(c)
        i += 1


def _after(rest, where):
    rest = rest.strip()
    if rest and not rest.startswith("#"):
        raise RelayqConfigError("%s: unexpected text after the value: '%s'" % (where, rest))
