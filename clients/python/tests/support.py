"""Shared helpers of the tests: temporary settings, and the live cluster the Java build starts."""

import os
import shutil
import socket
import tempfile
import time
import unittest
from unittest import mock

# The live tests run only against a cluster started for them (mvn verify runs PythonClientIT):
# a RELAYQ_SERVER a developer has set points at a real cluster and is never used by the tests.
TEST_SERVER = os.environ.get("RELAYQ_TEST_SERVER")
TEST_WORKER = os.environ.get("RELAYQ_TEST_WORKER")
TEST_TOKEN = os.environ.get("RELAYQ_TEST_TOKEN")
live = unittest.skipUnless(TEST_SERVER and TEST_WORKER,
                           "needs RELAYQ_TEST_SERVER and RELAYQ_TEST_WORKER: a coordinator with a worker labelled"
                           " mac and has:ffmpeg (run by: mvn -f relayq-clients-it/pom.xml verify)")
# A second coordinator of that cluster serving HTTPS with a certificate of a private CA (CA file given).
TEST_TLS_SERVER = os.environ.get("RELAYQ_TEST_TLS_SERVER")
TEST_TLS_TOKEN = os.environ.get("RELAYQ_TEST_TLS_TOKEN")
TEST_CA_FILE = os.environ.get("RELAYQ_TEST_CA_FILE")
live_tls = unittest.skipUnless(TEST_TLS_SERVER and TEST_TLS_TOKEN and TEST_CA_FILE,
                               "needs RELAYQ_TEST_TLS_SERVER, RELAYQ_TEST_TLS_TOKEN and RELAYQ_TEST_CA_FILE: a"
                               " coordinator serving HTTPS (run by: mvn -f relayq-clients-it/pom.xml verify)")


class IsolatedTestCase(unittest.TestCase):
    """Runs each test with an empty HOME and none of the user's RELAYQ_* variables."""

    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="relayq-home-")
        self.addCleanup(shutil.rmtree, self.home, True)
        clean = {k: v for k, v in os.environ.items() if not k.startswith("RELAYQ_")}
        clean["HOME"] = self.home
        if TEST_SERVER:
            clean["RELAYQ_SERVER"] = TEST_SERVER
        patcher = mock.patch.dict(os.environ, clean, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def write_config(self, text, name="config.yml"):
        """Writes a config file in the temporary HOME and points RELAYQ_CONFIG at it."""
        path = os.path.join(self.home, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.environ["RELAYQ_CONFIG"] = path
        return path


class LiveTestCase(IsolatedTestCase):
    """An isolated test against the live cluster, with the token it was given in RELAYQ_TOKEN."""

    def setUp(self):
        super().setUp()
        if TEST_TOKEN:
            os.environ["RELAYQ_TOKEN"] = TEST_TOKEN


def closed_port():
    """A loopback port nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def eventually(check, timeout=30.0, interval=0.05):
    """Asks ``check`` until it returns something true (returned) or ``timeout`` passes (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met within %s s" % timeout)
        time.sleep(interval)
