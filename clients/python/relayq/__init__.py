"""relayq: run shell jobs on your own machines, from Python.

::

    from relayq import job, worker_status
    print(job.run('echo SUCCESS').get())              # 'SUCCESS\\n', the job's stdout
    r = job.run_on_mac('ffmpeg -i video.mp4 output.mp4')
    r.wait(timeout=10); r.ready(); r.failed(); r.info
    print(worker_status())

The coordinator and token come from ``RELAYQ_SERVER`` / ``RELAYQ_TOKEN`` or ``~/.relayq/config.yml``
(``RELAYQ_CONFIG`` names another file); for an https:// coordinator with a certificate of your own
CA, ``RELAYQ_CA_FILE`` or ``ca_file:`` names that CA. Standard library only; Python 3.8 or newer.
"""

from .client import Client, JobResult
from .errors import (JobFailed, JobNotFound, JobTimeout, RelayqAuthError, RelayqConfigError, RelayqError,
                     RelayqTlsError, RelayqUnreachable)

__version__ = "0.1.0"

#: The default client: reads the settings at every call.
job = Client()


def worker_status():
    """The workers of the configured coordinator; see :meth:`Client.worker_status`."""
    return job.worker_status()


__all__ = [
    "Client", "JobResult", "job", "worker_status",
    "RelayqError", "RelayqUnreachable", "RelayqTlsError", "RelayqAuthError", "RelayqConfigError",
    "JobNotFound", "JobFailed", "JobTimeout",
]
