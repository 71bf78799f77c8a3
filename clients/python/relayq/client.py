"""The relayq client: submit jobs, wait for them, read their output, see the workers."""

import datetime
import http.client
import json
import socket
import time

from . import _config, _media
from ._http import API, Transport, segment
from .errors import JobFailed, JobTimeout, RelayqError, RelayqUnreachable

# Follow streams number output from 1; asking for output after the largest number asks for none.
_NO_OUTPUT = 2 ** 63 - 1
# The coordinator sends a keep-alive every 15 s; a stream silent for this long is taken for dead.
_IDLE_LIMIT = 45.0
_BACKOFF_MIN, _BACKOFF_MAX = 0.1, 5.0


class Client(object):
    """Submits and follows jobs on one coordinator.

    ``Client()`` reads ``RELAYQ_SERVER`` / ``RELAYQ_TOKEN`` or ``~/.relayq/config.yml`` at every call,
    so changing the environment takes effect at once. The server may list several coordinators over
    one database (``"http://a:8750,http://b:8750"``, a list, or ``server: [a, b]`` in the file): a call
    that cannot reach one, or gets 503 from it, goes on to the next, and later calls stay there. A call
    is sent again elsewhere only when the first coordinator cannot have received it, so a submit is
    never made twice. ``Client(server, token)`` uses those values; a
    token from the environment is never sent to a server given here, since it may belong to another
    cluster. ``Client(token=...)`` sends that token to the configured server. An https:// coordinator
    is verified against the system's CA certificates, or only those in the PEM file ``ca_file`` (else
    ``RELAYQ_CA_FILE``, else ``ca_file:`` in the config file); a certificate that does not verify
    raises :class:`RelayqTlsError`. There is no switch that turns verification off.
    Thread-safe: each call opens its own connection. Every method raises :class:`RelayqError`
    subclasses: :class:`RelayqUnreachable` when the coordinator does not answer,
    :class:`RelayqConfigError` for bad settings, ``RelayqError(code, message)`` when the coordinator
    refuses a call (nothing changed then).
    """

    def __init__(self, server=None, token=None, ca_file=None):
        self._servers = None if server is None else _config.check_servers(server, "server")
        self._token = None if token is None else _config.check_token(token, "token")
        self._ca_file = ca_file

    def _transport(self):
        if self._servers is not None:
            return Transport(self._servers, self._token, self._ca_file or _config.ca_file())
        settings = _config.load()
        return Transport(settings.servers, self._token if self._token is not None else settings.token,
                         self._ca_file or settings.ca_file)

    @property
    def server(self):
        """The coordinator URL calls go to now (with several, the one that answered last)."""
        return self._transport().server

    # ---- submitting ---------------------------------------------------------------------------

    def run(self, cmd, worker=None, labels=None, timeout=None, env=None, cwd=None, priority=None, key=None,
            retries=None, delay=None, metadata=None, stdin=None, run_at=None, prefer=None, prefer_worker=None,
            prefer_wait=None, group=None, group_limit=None, after=None, secret_env=None):
        """Submits a job and returns its :class:`JobResult` at once; the job is stored durably by then.

        ``cmd`` is a shell command (run with ``/bin/sh -c``) or a list (a program and its arguments, run
        without a shell, so nothing in them needs quoting). ``worker`` names the one worker that may run
        it; ``labels`` (a list or ``"a,b"``) are labels the worker must all have. ``timeout`` and
        ``delay`` are seconds, a ``timedelta`` or a string like ``"30m"``; ``run_at`` (a ``datetime``,
        local time when it has no time zone, or an ISO-8601 string) is the earliest start. ``retries`` counts the
        re-runs after a retryable failure (exit code 75, a lost worker). ``key`` is an idempotency key:
        the same key with the same job returns the first job instead of a second one.

        ``prefer`` (labels) and ``prefer_worker`` (a name) are soft: until ``prefer_wait`` (default 5 min)
        has passed from the job's start only such a worker may take it, then any worker that matches.
        ``group`` with ``group_limit`` (default 1) caps how many jobs of the group run at once across the
        cluster. ``after`` (job ids or :class:`JobResult` objects) starts the job only once they all
        succeeded; if one fails, it ends as failed with reason ``dependency_failed``.
        ``secret_env`` (a dict) adds variables like ``env`` whose values the coordinator never shows:
        every answer, event and page shows ``"<secret>"`` instead.
        """
        submission = build_submission(cmd, worker=worker, labels=labels, timeout=timeout, env=env, cwd=cwd,
                                      priority=priority, key=key, retries=retries, delay=delay,
                                      metadata=metadata, stdin=stdin, run_at=run_at, prefer=prefer,
                                      prefer_worker=prefer_worker, prefer_wait=prefer_wait, group=group,
                                      group_limit=group_limit, after=after, secret_env=secret_env)
        return self.submit(submission)

    def submit(self, submission):
        """Submits a job given as the HTTP API's JSON (a dict) and returns its :class:`JobResult`."""
        _, view = self._transport().json("POST", "/jobs", submission)
        return JobResult(self, view["id"])

    def run_on(self, worker, cmd, **options):
        """Runs ``cmd`` on the worker named ``worker``; other options as for :meth:`run`."""
        if "worker" in options:
            raise TypeError("run_on() names the worker already; leave out worker=")
        return self.run(cmd, worker=worker, **options)

    def run_on_alias(self, alias, cmd, **options):
        """Runs ``cmd`` where the alias points: ``RELAYQ_ALIAS_<ALIAS>``, else ``aliases:`` in the config
        file, else any worker with the label ``alias``. A plain alias value names a worker; a list
        ``[a, b]`` gives labels, added to any ``labels=`` given here."""
        route = _config.route(alias, _config.load())
        if route.worker is not None:
            if options.get("worker") is not None:
                raise TypeError("alias '%s' names worker %s already (%s); leave out worker="
                                % (alias, route.worker, route.source))
            options["worker"] = route.worker
        else:
            options["labels"] = _merge(route.labels, options.get("labels"))
        return self.run(cmd, **options)

    def run_on_mac(self, cmd, **options):
        """Runs ``cmd`` where the alias ``mac`` points (default: any worker labelled ``mac``)."""
        return self.run_on_alias("mac", cmd, **options)

    def run_on_rpi(self, cmd, **options):
        """Runs ``cmd`` where the alias ``rpi`` points (default: any worker labelled ``rpi``)."""
        return self.run_on_alias("rpi", cmd, **options)

    def run_template(self, name, job_options=None, **params):
        """Submits a job of the coordinator's template ``name`` with these parameter values and returns
        its :class:`JobResult`.

        The coordinator checks each value against the parameter's type (a ``str`` for string, path and
        enum parameters, an ``int``, a list of ``str``) and builds the program's arguments from them
        without a shell, so no value needs quoting. ``job_options`` is a dict of :meth:`run`'s keywords
        (``worker``, ``labels``, ``timeout``...); the template's labels are added to the job's, and its
        timeout, retries and priority apply unless given here. An unknown template or parameter, a
        missing one or a wrong type raises ``RelayqError`` with ``code`` ``unknown_template``,
        ``unknown_param``, ``missing_param`` or ``invalid_param``. ``job.templates()`` lists them::

            job.run_template("transcode", input="in.mov", output="out.mp4", options=["-crf", "23"],
                             job_options={"timeout": "2h"}).get()
        """
        submission = build_submission(None, **(job_options or {}))
        submission["template"] = name
        submission["params"] = params
        return self.submit(submission)

    def transcode(self, input, output, options=None, **job_options):
        """Runs ``ffmpeg -nostdin -i INPUT [OPTIONS...] OUTPUT`` on a worker labelled ``has:ffmpeg``:
        the coordinator's ``transcode`` template (its default timeout is 12 h).

        The file names are passed as single arguments, never through a shell, so any name is safe
        (one starting with ``-`` is given as ``./NAME``); ``options`` is a list, or a string split like
        a shell would split it (without expansion). Other keywords as for :meth:`run`.
        """
        return self.run_template("transcode", job_options, **_media.transcode_params(input, output, options))

    def transcribe(self, file, model="base", output_format="txt", output_dir=None, language=None, options=None,
                   **job_options):
        """Runs ``whisper FILE --model MODEL --output_format FORMAT ...`` on a worker labelled
        ``has:whisper``: the coordinator's ``transcribe`` template. ``get()`` returns what whisper
        prints (the transcript). Arguments are passed without a shell. Other keywords as for
        :meth:`run`."""
        params = _media.transcribe_params(file, model, output_format, output_dir, language, options)
        return self.run_template("transcribe", job_options, **params)

    def templates(self):
        """The coordinator's job templates, as the API lists them: a list of dicts with ``name``,
        ``description``, ``argv``, ``params`` (each with ``type``, ``required``, ``default``...),
        ``labels``, ``timeout``."""
        _, body = self._transport().json("GET", "/templates")
        return body["templates"]

    # ---- reading ------------------------------------------------------------------------------

    def result(self, job_id):
        """The :class:`JobResult` of a job submitted earlier; an unknown id raises :class:`JobNotFound`
        on first use."""
        return JobResult(self, job_id)

    def worker_status(self):
        """The workers the coordinator knows, as a dict::

            {'online': True,            # at least one worker is online
             'total_workers': 2, 'online_workers': 1, 'total_active': 1,
             'workers': {'mac-mini': {'online': True, 'status': 'online', 'active_jobs': 1,
                                      'labels': [...], 'slots': 4, 'jobs': ['j_...'],
                                      'last_heartbeat': '2030-01-01T10:00:00Z', ...}}}

        Raises :class:`RelayqUnreachable` when the coordinator does not answer.
        """
        _, body = self._transport().json("GET", "/workers")
        workers = {}
        for w in body.get("workers") or []:
            workers[w["name"]] = {
                "online": w.get("status") == "online",
                "status": w.get("status"),
                "active_jobs": w.get("running", 0),
                "labels": list(w.get("labels") or []),
                "slots": w.get("slots"),
                "jobs": list(w.get("jobs") or []),
                "last_heartbeat": w.get("lastHeartbeatAt"),
                "last_poll": w.get("lastPollAt"),
                "host": w.get("host"),
                "version": w.get("version"),
            }
        online = [w for w in workers.values() if w["online"]]
        return {
            "online": bool(online),
            "total_workers": len(workers),
            "online_workers": len(online),
            "total_active": sum(w["active_jobs"] for w in workers.values()),
            "workers": workers,
        }


class JobResult(object):
    """A submitted job. Only its ``id`` is kept; every question goes to the coordinator, except that
    a job that has ended is remembered (it cannot change any more)."""

    def __init__(self, client, job_id):
        self._client = client
        self.id = job_id
        self._final = None

    @property
    def info(self):
        """The job as a dict, as the HTTP API shows it (``state``, ``exitCode``, ``reason``,
        ``worker``, ``attempts``, ``spec``, and ``waiting``: why a queued job is not running)."""
        if self._final is not None:
            return self._final
        _, view = self._client._transport().json("GET", "/jobs/" + segment(self.id))
        if view.get("state") in _TERMINAL:
            self._final = view
        return view

    @property
    def state(self):
        """``queued``, ``running``, ``succeeded``, ``failed`` or ``cancelled``."""
        return self.info["state"]

    def ready(self):
        """True once the job has ended, whichever way."""
        return self.state in _TERMINAL

    def successful(self):
        """True once the job has succeeded (exit code 0)."""
        return self.state == "succeeded"

    def failed(self):
        """True once the job has ended without success (failed or cancelled): :meth:`get` would raise."""
        state = self.state
        return state in _TERMINAL and state != "succeeded"

    def wait(self, timeout=None):
        """Blocks until the job has ended or ``timeout`` seconds passed (None: no limit); returns
        whether it has ended. Never raises for the job's own failure. Returns as soon as the job ends
        (it watches the job's event stream), and reconnects if the coordinator restarts."""
        if self._final is not None:
            return True
        deadline = None if timeout is None else time.monotonic() + max(0.0, float(timeout))
        end = _await_end(self._client._transport(), self.id, deadline)
        if end is not None:
            self._final = end
            return True
        return self.ready()

    def get(self, timeout=None):
        """Waits for the job and returns its stdout as text; raises :class:`JobFailed` (with
        ``exit_code``, ``stderr``, ``state``, ``reason``) when it did not succeed, and
        :class:`JobTimeout` (a ``TimeoutError``) when it has not ended within ``timeout`` seconds."""
        if not self.wait(timeout):
            raise JobTimeout(self.info, timeout)
        if self._final["state"] == "succeeded":
            return self.stdout()
        raise JobFailed(self._final, self.stdout(), self.stderr())

    def stdout(self):
        """What the latest attempt wrote to stdout so far (all of it once the job has ended)."""
        return self._output("stdout")

    def stderr(self):
        """What the latest attempt wrote to stderr so far."""
        return self._output("stderr")

    def _output(self, stream):
        path = "%s/jobs/%s/output?stream=%s" % (API, segment(self.id), stream)
        _, body = self._client._transport().raw("GET", path)
        return body.decode("utf-8", "replace")

    def cancel(self):
        """Cancels the job: a queued one at once, a running one once its worker has killed it (use
        :meth:`wait` to see that). Returns False when the job had already ended, else True."""
        try:
            self._client._transport().json("POST", "/jobs/%s/cancel" % segment(self.id))
        except RelayqError as e:
            if e.code == "already_finished":
                return False
            raise
        return True

    def __repr__(self):
        return "<JobResult %s>" % self.id


_TERMINAL = ("succeeded", "failed", "cancelled")


def _await_end(transport, job_id, deadline):
    """The job's final view from its follow stream, or None once ``deadline`` (monotonic) passed.

    Asks for the stream without output, so waiting for a job that prints a lot costs nothing."""
    path = "/jobs/%s/output?follow=true&after=%d" % (segment(job_id), _NO_OUTPUT)
    backoff = _BACKOFF_MIN
    connected = False
    while True:
        if _left(deadline) <= 0:
            return None
        stream = None
        try:
            stream = transport.stream(path, _read_timeout(deadline))
            connected = True
        except RelayqError as e:
            retryable = isinstance(e, RelayqUnreachable) or e.status in (502, 503, 504)
            # before the first connection a failure is the caller's to see; later ones are a restart
            if not retryable or (not connected and _left(deadline) > 0):
                raise
        if stream is not None:
            try:
                while True:
                    stream.set_read_timeout(_read_timeout(deadline))
                    event = stream.next()
                    if event is None:
                        break
                    backoff = _BACKOFF_MIN
                    if event.name == "end":
                        return json.loads(event.data)
                    if _left(deadline) <= 0:
                        return None
            except (socket.timeout, OSError, http.client.HTTPException):
                pass
            finally:
                stream.close()
        time.sleep(max(0.0, min(backoff, _left(deadline))))
        backoff = min(backoff * 2, _BACKOFF_MAX)


def _left(deadline):
    return float("inf") if deadline is None else deadline - time.monotonic()


def _read_timeout(deadline):
    return max(0.001, min(_IDLE_LIMIT, _left(deadline)))


# ---- submissions --------------------------------------------------------------------------------

def build_submission(cmd, worker=None, labels=None, timeout=None, env=None, cwd=None, priority=None, key=None,
                     retries=None, delay=None, metadata=None, stdin=None, run_at=None, prefer=None,
                     prefer_worker=None, prefer_wait=None, group=None, group_limit=None, after=None,
                     secret_env=None):
    """The HTTP API's JSON for a job; only what is given is sent, the rest keeps the coordinator's
    defaults (timeout 5 h, 2 retries for exit code 75)."""
    s = {}
    if cmd is None:
        pass  # a template job: the coordinator builds the argv
    elif isinstance(cmd, str):
        s["command"] = cmd
    elif isinstance(cmd, (list, tuple)):
        if not all(isinstance(a, str) for a in cmd):
            raise TypeError("every argument of an argv list must be a str, got %r" % (list(cmd),))
        s["argv"] = list(cmd)
    else:
        raise TypeError("cmd must be a shell command (str) or an argv list, got %s" % type(cmd).__name__)
    if worker is not None:
        s["worker"] = worker
    if labels is not None:
        s["labels"] = _labels(labels)
    if env is not None:
        s["env"] = _strings(env, "env")
    if secret_env is not None:
        s["secretEnv"] = _strings(secret_env, "secret_env")
    if cwd is not None:
        s["cwd"] = str(cwd)
    if stdin is not None:
        s["stdin"] = stdin
    if priority is not None:
        s["priority"] = _integer(priority, "priority")
    if retries is not None:
        s["retries"] = _integer(retries, "retries")
    if timeout is not None:
        s["timeout"] = duration(timeout, "timeout")
    if delay is not None:
        s["delay"] = duration(delay, "delay")
    if run_at is not None:
        s["runAt"] = instant(run_at)
    if key is not None:
        s["key"] = key
    if metadata is not None:
        s["metadata"] = _strings(metadata, "metadata")
    if prefer is not None:
        s["prefer"] = _labels(prefer)
    if prefer_worker is not None:
        s["preferWorker"] = prefer_worker
    if prefer_wait is not None:
        s["preferWait"] = duration(prefer_wait, "prefer_wait")
    if group is not None:
        s["group"] = group
    if group_limit is not None:
        s["groupLimit"] = _integer(group_limit, "group_limit")
    if after is not None:
        ids = [after] if isinstance(after, str) or hasattr(after, "id") else list(after)
        s["after"] = [a if isinstance(a, str) else a.id for a in ids]
    return s


def duration(value, field):
    """A duration as the API writes it: seconds (int or float) or a ``timedelta`` become ``"90s"`` or
    ``"1500ms"``; a string like ``"30m"`` is sent as it is (the coordinator checks it)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("%s must be seconds, a timedelta or a string like '30m', got %r" % (field, value))
    if value < 0:
        raise ValueError("%s must not be negative, got %r" % (field, value))
    millis = int(round(value * 1000))
    if millis == 0 and value > 0:
        raise ValueError("%s must be 0 or at least 1 ms, got %r" % (field, value))
    return "%ds" % (millis // 1000) if millis % 1000 == 0 else "%dms" % millis


def instant(value):
    """An ISO-8601 instant in UTC; a ``datetime`` without a time zone is taken as local time."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, datetime.datetime):
        raise TypeError("run_at must be a datetime or an ISO-8601 string, got %r" % (value,))
    return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def _labels(labels):
    if isinstance(labels, str):
        return [l.strip() for l in labels.split(",") if l.strip()]
    return [str(l) for l in labels]


def _merge(first, second):
    out = []
    for label in list(first or []) + _labels(second or []):
        if label not in out:
            out.append(label)
    return out


def _strings(mapping, field):
    if not isinstance(mapping, dict):
        raise TypeError("%s must be a dict of names to values, got %s" % (field, type(mapping).__name__))
    return {str(k): str(v) for k, v in mapping.items()}


def _integer(value, field):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, got %r" % (field, value))
    return value
