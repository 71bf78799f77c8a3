import os
import unittest

from relayq import Client, RelayqConfigError, RelayqError, RelayqTlsError, RelayqUnreachable

from support import TEST_CA_FILE, TEST_TLS_SERVER, TEST_TLS_TOKEN, IsolatedTestCase, live_tls


@live_tls
class TlsTest(IsolatedTestCase):
    """Against a coordinator serving HTTPS with a certificate signed by a private CA."""

    def test_given_the_ca_file_a_job_runs_over_https(self):
        client = Client(TEST_TLS_SERVER, TEST_TLS_TOKEN, ca_file=TEST_CA_FILE)

        result = client.run("echo over-https")

        self.assertEqual(result.get(timeout=60), "over-https\n")

    def test_without_the_ca_the_certificate_is_refused_and_the_error_names_the_fix(self):
        client = Client(TEST_TLS_SERVER, TEST_TLS_TOKEN)

        with self.assertRaises(RelayqTlsError) as caught:
            client.worker_status()

        self.assertIsInstance(caught.exception, RelayqUnreachable)
        self.assertEqual(caught.exception.code, "tls_untrusted")
        self.assertIn("its TLS certificate is not trusted", str(caught.exception))
        self.assertIn("RELAYQ_CA_FILE", str(caught.exception))

    def test_the_ca_file_may_come_from_the_environment_or_the_config_file(self):
        os.environ["RELAYQ_SERVER"] = TEST_TLS_SERVER
        os.environ["RELAYQ_TOKEN"] = TEST_TLS_TOKEN
        os.environ["RELAYQ_CA_FILE"] = TEST_CA_FILE
        self.assertTrue(Client().worker_status())

        del os.environ["RELAYQ_CA_FILE"]
        self.write_config("ca_file: %s\n" % TEST_CA_FILE)
        self.assertTrue(Client().worker_status())

    def test_a_missing_ca_file_is_a_config_error_naming_it(self):
        missing = os.path.join(self.home, "missing-ca.pem")

        with self.assertRaises(RelayqConfigError) as caught:
            Client(TEST_TLS_SERVER, TEST_TLS_TOKEN, ca_file=missing).worker_status()

        self.assertIn(missing, str(caught.exception))

    def test_plain_http_to_the_tls_port_is_told_to_use_https(self):
        plain = "http://" + TEST_TLS_SERVER.split("://", 1)[1]

        with self.assertRaises(RelayqError) as caught:
            Client(plain, TEST_TLS_TOKEN).worker_status()

        self.assertEqual(caught.exception.code, "https_required")
        self.assertEqual(caught.exception.status, 400)
        self.assertIn("use https:// instead of http://", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
