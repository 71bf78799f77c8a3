import os
import unittest

from relayq import Client, RelayqConfigError, _config

from support import IsolatedTestCase


class SettingsTest(IsolatedTestCase):

    def setUp(self):
        super().setUp()
        os.environ.pop("RELAYQ_SERVER", None)

    def test_without_settings_the_default_server_is_used_without_a_token(self):
        s = _config.load()

        self.assertEqual(s.server, "http://127.0.0.1:8750")
        self.assertIsNone(s.token)
        self.assertEqual(s.server_source, "default")

    def test_the_config_file_in_home_gives_server_and_token(self):
        os.makedirs(os.path.join(self.home, ".relayq"))
        with open(os.path.join(self.home, ".relayq", "config.yml"), "w") as f:
            f.write("# cluster\nserver: \"http://10.0.0.5:8750/\"  # tailscale\ntoken: 'rq_a''b'\n"
                    "worker:\n  name: mini\n  labels:\n    - mac\n")

        s = _config.load()

        self.assertEqual(s.server, "http://10.0.0.5:8750")
        self.assertEqual(s.token, "rq_a'b")
        self.assertTrue(s.server_source.startswith("server: in "))

    def test_a_templates_section_is_left_to_the_coordinator(self):
        os.makedirs(os.path.join(self.home, ".relayq"))
        with open(os.path.join(self.home, ".relayq", "config.yml"), "w") as f:
            f.write("server: http://10.0.0.5:8750\ntemplates:\n  thumbnail:\n    argv: [ffmpeg, -i, \"{input}\"]\n"
                    "    params:\n      input: {type: path, required: true}\ntoken: t0k\n")

        s = _config.load()

        self.assertEqual(s.server, "http://10.0.0.5:8750")
        self.assertEqual(s.token, "t0k")

    def test_the_token_file_of_a_first_start_is_used_for_a_coordinator_on_this_machine_only(self):
        os.makedirs(os.path.join(self.home, ".relayq"))
        with open(os.path.join(self.home, ".relayq", "token"), "w") as f:
            f.write("rq_local\n")

        self.assertEqual(_config.load().token, "rq_local")
        os.environ["RELAYQ_SERVER"] = "http://127.0.0.2:9000"
        self.assertEqual(_config.load().token, "rq_local")
        os.environ["RELAYQ_SERVER"] = "http://10.0.0.5:8750"
        self.assertIsNone(_config.load().token)
        os.environ["RELAYQ_SERVER"] = "http://localhost:8750"
        os.environ["RELAYQ_TOKEN"] = "rq_env"
        self.assertEqual(_config.load().token, "rq_env")

    def test_environment_variables_win_over_the_file(self):
        self.write_config("server: http://10.0.0.5:8750\ntoken: from-file\n")
        os.environ["RELAYQ_SERVER"] = "http://127.0.0.1:9000"
        os.environ["RELAYQ_TOKEN"] = "from-env"

        s = _config.load()

        self.assertEqual((s.server, s.token, s.server_source), ("http://127.0.0.1:9000", "from-env", "RELAYQ_SERVER"))

    def test_relayq_config_must_name_an_existing_file(self):
        os.environ["RELAYQ_CONFIG"] = os.path.join(self.home, "missing.yml")

        with self.assertRaises(RelayqConfigError) as caught:
            _config.load()

        self.assertIn("RELAYQ_CONFIG points to", str(caught.exception))
        self.assertIn("which does not exist", str(caught.exception))

    def test_an_unknown_key_is_named_with_its_line(self):
        path = self.write_config("server: http://127.0.0.1:8750\nsever: http://x:1\n")

        with self.assertRaises(RelayqConfigError) as caught:
            _config.load()

        self.assertEqual(str(caught.exception),
                         path + " line 2: unknown key 'sever' (known keys: aliases, ca_file, server, templates, tls_cert, tls_key, token, worker)")

    def test_a_bad_server_url_names_where_it_was_set(self):
        os.environ["RELAYQ_SERVER"] = "ftp://x"

        with self.assertRaises(RelayqConfigError) as caught:
            _config.load()

        self.assertTrue(str(caught.exception).startswith("RELAYQ_SERVER: 'ftp://x' is not an http:// or https://"))

    def test_ipv6_server_urls_are_accepted_and_malformed_ones_refused(self):
        for url in ("http://[::1]:8080", "https://[fd00::5]:8750", "http://[::1]"):
            self.assertEqual(_config.check_server(url + "/", "RELAYQ_SERVER"), url)
        for url in ("http://[::1:8080", "http://[]:8080", "http://[::1]:port"):
            with self.assertRaises(RelayqConfigError):
                _config.check_server(url, "RELAYQ_SERVER")

    def test_the_ca_file_comes_from_the_environment_else_the_config_file(self):
        self.write_config("ca_file: ~/ca.pem\n")
        self.assertEqual(_config.load().ca_file, os.path.join(self.home, "ca.pem"))
        os.environ["RELAYQ_CA_FILE"] = "/etc/relayq/ca.pem"
        self.assertEqual(_config.load().ca_file, "/etc/relayq/ca.pem")

    def test_a_token_with_a_line_break_is_refused_without_showing_it(self):
        os.environ["RELAYQ_TOKEN"] = "rq_sec ret"

        with self.assertRaises(RelayqConfigError) as caught:
            _config.load()

        self.assertIn("position 7 of 10", str(caught.exception))
        self.assertNotIn("rq_sec", str(caught.exception))
        with self.assertRaises(RelayqConfigError):
            Client("http://127.0.0.1:1", "bad\ntoken")

    def test_text_outside_the_subset_is_refused_with_its_line(self):
        cases = {
            "server: http://x:1\n  port: 2\n": "line 2: indented line outside a section",
            "worker:\n\tname: a\n": "line 2: indented with a tab",
            "token: \"abc\n": "line 1: token: the quote \" is not closed",
            "aliases: mac\n": "aliases is a section",
            "aliases:\n  - mac\n": "a list item must follow an alias",
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                with self.assertRaises(RelayqConfigError) as caught:
                    _config.parse(text, "c.yml")
                self.assertIn(expected, str(caught.exception))


class ClientSettingsTest(IsolatedTestCase):

    def test_an_explicit_server_never_gets_the_token_of_the_environment(self):
        os.environ["RELAYQ_SERVER"] = "http://127.0.0.1:9000"
        os.environ["RELAYQ_TOKEN"] = "rq_for_9000"

        explicit = Client("http://10.0.0.5:8750/")._transport()
        with_token = Client(token="rq_mine")._transport()

        self.assertEqual((explicit.server, explicit._token), ("http://10.0.0.5:8750", None))
        self.assertEqual((with_token.server, with_token._token), ("http://127.0.0.1:9000", "rq_mine"))
        self.assertEqual(Client().server, "http://127.0.0.1:9000")


class AliasTest(IsolatedTestCase):

    def route(self, alias):
        return _config.route(alias, _config.load())

    def test_an_alias_without_settings_is_the_label_of_the_same_name(self):
        r = self.route("mac")

        self.assertEqual((r.worker, r.labels), (None, ["mac"]))

    def test_config_aliases_name_a_worker_or_give_labels(self):
        self.write_config("aliases:\n  mac: mac-mini   # the one in the office\n  rpi: [rpi, 'arch:arm64']\n"
                          "  gpu:\n    - gpu\n    - has:cuda\n")

        self.assertEqual(self.route("mac").worker, "mac-mini")
        self.assertEqual(self.route("rpi").labels, ["rpi", "arch:arm64"])
        self.assertEqual(self.route("gpu").labels, ["gpu", "has:cuda"])

    def test_an_alias_variable_wins_over_the_config_file(self):
        self.write_config("aliases:\n  mac: mac-mini\n")
        os.environ["RELAYQ_ALIAS_MAC"] = "[mac, has:ffmpeg]"
        os.environ["RELAYQ_ALIAS_RPI"] = "rpi4-worker"

        self.assertEqual(self.route("mac").labels, ["mac", "has:ffmpeg"])
        self.assertEqual(self.route("rpi").worker, "rpi4-worker")
        self.assertEqual(self.route("rpi").source, "RELAYQ_ALIAS_RPI")

    def test_an_empty_label_list_is_refused(self):
        self.write_config("aliases:\n  mac: []\n")

        with self.assertRaises(RelayqConfigError) as caught:
            self.route("mac")

        self.assertIn("aliases.mac in the config file: the label list is empty", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
