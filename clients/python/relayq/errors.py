"""The exceptions of the relayq client. Every one is a :class:`RelayqError`."""


class RelayqError(Exception):
    """A relayq call failed; ``code`` says how (``not_found``, ``key_conflict``, ``unreachable``...).

    ``message`` says what is wrong and how to fix it; ``status`` is the HTTP status of the
    coordinator's answer, or None when there was no answer.
    """

    def __init__(self, code, message, status=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class RelayqUnreachable(RelayqError):
    """No answer from the coordinator: connection refused, timed out, unknown host, or closed."""

    def __init__(self, server, reason, hint):
        super().__init__("unreachable", "cannot reach relayq at %s (%s): %s" % (server, reason, hint))
        self.server = server
        self.reason = reason


class RelayqTlsError(RelayqUnreachable):
    """The coordinator's TLS certificate did not verify (unknown CA, a name it does not list, expired).

    Nothing was sent. Give the client the CA that signed it: ``Client(ca_file=...)``,
    ``RELAYQ_CA_FILE`` or ``ca_file:`` in the config file.
    """

    def __init__(self, server, reason):
        super().__init__(server, reason, "if your own CA signed it, give the client that CA's certificate"
                                         " (ca_file=..., RELAYQ_CA_FILE or ca_file: in ~/.relayq/config.yml); if it"
                                         " does not name this host, connect by a name it lists")
        self.code = "tls_untrusted"


class RelayqAuthError(RelayqError):
    """401 or 403: the coordinator refused the token (set ``RELAYQ_TOKEN`` or ``token:``)."""


class RelayqConfigError(RelayqError, ValueError):
    """The settings are wrong: a bad server URL or token, or a config file relayq cannot read."""

    def __init__(self, message):
        super().__init__("invalid_config", message)


class JobNotFound(RelayqError):
    """The coordinator has no job with this id."""

    def __init__(self, job_id, message):
        super().__init__("not_found", message, 404)
        self.job_id = job_id


class JobFailed(RelayqError):
    """A job ended without success: it failed, timed out, could not start, was lost or cancelled.

    Carries ``job_id``, ``state`` (``failed`` or ``cancelled``), ``exit_code`` (None when the process
    did not exit by itself), ``reason`` (``exit``, ``timeout``, ``start_failed``, ``lost``,
    ``cancelled``), the coordinator's ``detail`` line, the job's ``stdout`` and ``stderr`` as text,
    and ``info``, the whole job as a dict.
    """

    def __init__(self, info, stdout, stderr):
        self.job_id = info.get("id")
        self.state = info.get("state")
        self.exit_code = info.get("exitCode")
        self.reason = info.get("reason")
        self.detail = info.get("message")
        self.stdout = stdout
        self.stderr = stderr
        self.info = info
        super().__init__("job_failed", _describe(self), None)


def _describe(failed):
    if failed.state == "cancelled":
        what = "was cancelled"
    elif failed.reason == "exit":
        what = "failed with exit code %s" % failed.exit_code
    elif failed.reason == "timeout":
        what = "timed out after %s" % ((failed.info.get("spec") or {}).get("timeout") or "its timeout")
    elif failed.reason == "start_failed":
        what = "could not start"
    elif failed.reason == "lost":
        what = "was lost with its worker"
    else:
        what = "ended %s" % failed.state
    text = "job %s %s" % (failed.job_id, what)
    last = _last_line(failed.stderr) or failed.detail
    return text + (": " + last if last else "")


def _last_line(text):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else None


class JobTimeout(RelayqError, TimeoutError):
    """Waiting gave up before the job ended; the job goes on. Names the job and its state."""

    def __init__(self, info, waited):
        self.job_id = info.get("id")
        self.state = info.get("state")
        self.info = info
        message = "job %s is still %s after %s s" % (self.job_id, self.state, _seconds(waited))
        if info.get("waiting"):
            message += ": " + info["waiting"]
        message += "; wait longer, or cancel it with: relayq cancel %s" % self.job_id
        super().__init__("wait_timeout", message)


def _seconds(value):
    return ("%.3f" % value).rstrip("0").rstrip(".")
