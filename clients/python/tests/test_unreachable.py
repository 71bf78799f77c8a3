import os
import unittest

import relayq
from relayq import Client, RelayqError, RelayqUnreachable

from support import IsolatedTestCase, closed_port


class UnreachableTest(IsolatedTestCase):

    def test_a_coordinator_that_does_not_answer_is_unreachable_with_a_hint(self):
        server = "http://127.0.0.1:%d" % closed_port()
        os.environ["RELAYQ_SERVER"] = server

        with self.assertRaises(RelayqUnreachable) as caught:
            relayq.job.run("echo SUCCESS")

        self.assertEqual(str(caught.exception), "cannot reach relayq at %s (connection refused): is the"
                                                " coordinator running? start it with: relayq up" % server)
        self.assertEqual(caught.exception.code, "unreachable")
        self.assertIsInstance(caught.exception, RelayqError)

    def test_every_call_fails_the_same_way(self):
        client = Client("http://127.0.0.1:%d" % closed_port())

        with self.assertRaises(RelayqUnreachable):
            client.worker_status()
        with self.assertRaises(RelayqUnreachable):
            client.result("j_0000000000000000").wait(timeout=1)

    def test_an_ipv6_server_url_is_accepted_and_called(self):
        client = Client("http://[::1]:%d/" % closed_port())

        self.assertEqual(client.server, "http://[::1]:%d" % int(client.server.rsplit(":", 1)[1]))
        with self.assertRaises(RelayqUnreachable) as caught:
            client.worker_status()
        self.assertIn("cannot reach relayq at http://[::1]:", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
