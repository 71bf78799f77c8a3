import http.server
import json
import os
import socket
import threading
import unittest

from relayq import Client, RelayqError, RelayqUnreachable
from relayq._http import Rotation

from support import IsolatedTestCase, closed_port


class _Coordinator(object):
    """A stand-in coordinator on a loopback port that answers every call with ``status`` and counts them."""

    def __init__(self, status):
        self.calls = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                outer.calls += 1
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if status == 503:
                    body = {"error": {"code": "store_unavailable", "message": "the store cannot answer now"}}
                elif self.path.endswith("/jobs"):
                    body = {"id": "j_0000000000000001", "state": "queued"}
                else:
                    body = {"workers": []}
                data = json.dumps(body).encode("utf-8")
                self.send_response(201 if status == 200 and self.command == "POST" else status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _answer
            do_POST = _answer

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self._server.server_address[1]

    def close(self):
        self._server.shutdown()
        self._server.server_close()


class RotationTest(unittest.TestCase):

    def test_a_failure_moves_on_to_the_next_and_wraps_around(self):
        r = Rotation(["http://a", "http://b", "http://c"])

        self.assertEqual(r.current(), "http://a")
        self.assertEqual(r.failed_over("http://a"), "http://b")
        self.assertEqual(r.failed_over("http://b"), "http://c")
        self.assertEqual(r.failed_over("http://c"), "http://a")

    def test_a_late_failure_of_a_coordinator_already_left_does_not_move_again(self):
        r = Rotation(["http://a", "http://b", "http://c"])
        r.failed_over("http://a")

        self.assertEqual(r.failed_over("http://a"), "http://b")
        self.assertEqual(r.current(), "http://b")


class FailoverTest(IsolatedTestCase):

    def coordinator(self, status):
        c = _Coordinator(status)
        self.addCleanup(c.close)
        return c

    def test_a_call_goes_on_past_a_coordinator_that_is_down_and_later_calls_stay_there(self):
        live = self.coordinator(200)
        down = "http://127.0.0.1:%d" % closed_port()
        client = Client("%s,%s" % (down, live.url))

        client.worker_status()
        self.assertEqual(client.server, live.url)
        client.worker_status()

        self.assertEqual(live.calls, 2)

    def test_the_environment_and_the_config_file_may_list_several(self):
        live = self.coordinator(200)
        down = "http://127.0.0.1:%d" % closed_port()
        os.environ["RELAYQ_SERVER"] = "%s, %s" % (down, live.url)
        Client().worker_status()

        del os.environ["RELAYQ_SERVER"]
        self.write_config("server: [%s, %s]\n" % ("http://127.0.0.1:%d" % closed_port(), live.url))
        Client().worker_status()

        self.assertEqual(live.calls, 2)

    def test_a_503_moves_the_call_to_the_next_coordinator(self):
        degraded = self.coordinator(503)
        healthy = self.coordinator(200)
        client = Client([degraded.url, healthy.url])

        client.run("true")
        client.run("true")

        self.assertEqual((degraded.calls, healthy.calls), (1, 2))

    def test_when_every_coordinator_answers_503_the_call_fails_with_their_message(self):
        client = Client([self.coordinator(503).url, self.coordinator(503).url])

        with self.assertRaises(RelayqError) as caught:
            client.worker_status()

        self.assertEqual(caught.exception.status, 503)
        self.assertIn("the store cannot answer now", str(caught.exception))

    def test_when_none_answers_the_error_names_them_all(self):
        a = "http://127.0.0.1:%d" % closed_port()
        b = "http://127.0.0.1:%d" % closed_port()

        with self.assertRaises(RelayqUnreachable) as caught:
            Client("%s,%s" % (a, b)).worker_status()

        self.assertIn("cannot reach relayq at %s or %s (connection refused)" % (a, b), str(caught.exception))

    def test_a_call_cut_after_it_was_sent_is_not_repeated_elsewhere_but_the_next_call_moves_on(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        self.addCleanup(listener.close)

        def drop_every_call():
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                conn.recv(65536)
                conn.close()

        threading.Thread(target=drop_every_call, daemon=True).start()
        dying = "http://127.0.0.1:%d" % listener.getsockname()[1]
        other = self.coordinator(200)
        client = Client([dying, other.url])

        with self.assertRaises(RelayqUnreachable) as caught:
            client.run("true")
        self.assertIn(dying, str(caught.exception))
        self.assertEqual(other.calls, 0, "a submit that may have been done is not sent again")

        client.worker_status()
        self.assertEqual(other.calls, 1)

    def test_a_list_with_a_hole_or_a_coordinator_twice_is_refused(self):
        with self.assertRaisesRegex(RelayqError, "empty entry"):
            Client("http://a:1,,http://b:1")
        with self.assertRaisesRegex(RelayqError, "twice"):
            Client("http://a:1,http://a:1/")


if __name__ == "__main__":
    unittest.main()
